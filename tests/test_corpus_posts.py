"""Posts CSV files a user may feed `smmdesk post import`: a correct import, or one line
naming the file, the line and the column, exit 2, and the database unchanged."""

import hashlib
from pathlib import Path

import pytest

from smmdesk.cli import main
from smmdesk.demo.build import build_demo
from smmdesk.store import open_store
from smmdesk.timeutil import from_iso

CORPUS = Path(__file__).parent / "corpus_posts"
GOOD = {"ok_one_post.csv", "ok_markup_title.csv"}
BAD = {
    "bad_no_goal.csv": ["no goal", "line 3", "goal"],
    "bad_unknown_goal.csv": ["no goal 'world-domination'", "line 2"],
    "bad_unknown_channel.csv": ["no channel", "line 2", "channel"],
    "bad_date.csv": ["line 2", "scheduled_at"],
    "bad_no_title.csv": ["title", "line 2"],
    "bad_kind.csv": ["kind", "line 2"],
    "bad_status.csv": ["status", "line 2"],
    "bad_missing_columns.csv": ["missing column", "line 1"],
    "bad_empty.csv": ["empty file"],  # the comments' decoder: it says so first
    "bad_ragged.csv": ["13 cells", "line 2"],
    "bad_binary.csv": ["binary file"],
    "bad_instagram_without_image.csv": ["needs an image", "line 2", "image"],
}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("posts") / "desk.db"
    with open_store(path) as store:
        build_demo(store, from_iso("2026-11-28T09:00:00+00:00"))
    return path


@pytest.fixture
def db(template, tmp_path):
    path = tmp_path / "desk.db"
    path.write_bytes(template.read_bytes())
    return path


def digest(path):
    with open_store(path) as store:
        return hashlib.sha256("\n".join(store.conn.iterdump()).encode()).hexdigest()


def test_corpus_is_complete():
    assert {p.name for p in CORPUS.iterdir()} == GOOD | set(BAD)


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_posts_files(capsys, db, name):
    assert main(["--db", str(db), "post", "import", str(CORPUS / name)]) == 0
    assert "imported 1 post" in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_posts_files_change_nothing(capsys, db, name):
    before = digest(db)
    assert main(["--db", str(db), "post", "import", str(CORPUS / name)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("smmdesk: error: ") and err.count("\n") == 1
    assert name in err
    for word in BAD[name]:
        assert word in err, err
    assert digest(db) == before
