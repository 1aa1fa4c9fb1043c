"""The bad-input corpus: every file an importer may meet gives a correct import, or
one line naming the file (and the line and field where there is one), exit status 2,
and a database unchanged row for row."""

import hashlib
import os
from pathlib import Path

import pytest

from smmdesk.cli import main
from smmdesk.store import open_store

CORPUS = Path(__file__).parent / "corpus"

# file -> how many comments it must add
GOOD = {
    "ok_basic.csv": 2,
    "ok_reordered_headers.csv": 1,
    "ok_quoted_newlines.csv": 1,
    "ok_bom.csv": 1,
    "ok_naive_dates.csv": 1,
    "ok_pre_1970.csv": 1,
    "ok_far_future.csv": 1,
    "ok_extra_columns.csv": 1,
    "ok_case_headers.csv": 1,
    "ok_tsv.tsv": 1,
    "ok_semicolon.csv": 1,
    "ok_jsonl.jsonl": 1,
    "ok_json_list.json": 1,
    "ok_emoji.csv": 2,
    "ok_epoch.csv": 1,
    "ok_markup_text.csv": 1,
    "ok_control_chars.csv": 1,
    "ok_no_id.csv": 1,
    "ok_empty_text_rows.csv": 1,
    "ok_facebook_no_from.json": 1,
    "ok_crlf.csv": 1,
    "ok_cp1251.csv": 1,
    "ok_utf16.csv": 1,
}
# file -> words the one-line error must hold (beside the file's name)
BAD = {
    "bad_truncated.json": ["invalid JSON"],
    "bad_wrong_shape.json": ["shape"],
    "bad_object_of_numbers.json": ["record 1"],
    "bad_missing_text_header.csv": ["no text column", "line 1"],
    "bad_duplicated_headers.csv": ["duplicated column", "line 1"],
    "bad_ragged_row.csv": ["line 3"],
    "bad_invalid_date.csv": ["bad date", "line 3", "created_at"],
    "bad_missing_date.csv": ["date", "line 2", "created_at"],
    "bad_likes.csv": ["likes", "line 2"],
    "bad_empty.csv": ["empty file"],
    "bad_whitespace_only.csv": ["empty file"],
    "bad_header_only_garbage.json": ["invalid JSON"],
    "bad_jsonl_broken_line.jsonl": ["line 2"],
    "bad_unclosed_quote.csv": ["line"],
    "bad_nul_bytes.csv": ["NUL"],
    "bad_latin1.csv": ["UTF-8"],
    "bad_utf16_no_bom.csv": ["UTF-16"],
    "bad_binary.png": [""],
    "bad_zip.zip": ["zip"],
    "bad_gzip.csv.gz": ["gzip"],
}


def test_every_corpus_file_is_listed():
    assert sorted(GOOD) + sorted(BAD) == sorted(GOOD) + sorted(BAD)
    assert {p.name for p in CORPUS.iterdir()} == set(GOOD) | set(BAD)
    assert len(GOOD) + len(BAD) + len(GENERATED) >= 40


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "desk.db"
    seed = tmp_path / "seed.csv"
    seed.write_text(
        "id,text,author,created_at\ns1,Already here,Zed,2026-11-26T10:00:00Z\n", encoding="utf-8"
    )
    assert main(["--db", str(path), "import", "--brand", "acme", str(seed)]) == 0
    return path


def dump_digest(path) -> str:
    with open_store(path) as store:
        return hashlib.sha256("\n".join(store.conn.iterdump()).encode()).hexdigest()


def count(path) -> int:
    with open_store(path) as store:
        return store.conn.execute("SELECT count(*) FROM comments").fetchone()[0]


def import_cli(capsys, db, target):
    code = main(["--db", str(db), "import", "--brand", "acme", str(target)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_files_import(capsys, db, name):
    before = count(db)
    code, out, err = import_cli(capsys, db, CORPUS / name)
    assert code == 0, err
    assert count(db) == before + GOOD[name]
    code, out, _ = import_cli(capsys, db, CORPUS / name)  # and only once
    assert code == 0 and count(db) == before + GOOD[name]


def assert_refused(capsys, db, target, words):
    before = dump_digest(db)
    code, out, err = import_cli(capsys, db, target)
    assert code == 2
    assert err.startswith("smmdesk: error: ") and err.count("\n") == 1, err
    assert Path(target).name in err
    for word in words:
        assert word in err, err
    assert dump_digest(db) == before


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_are_refused_and_change_nothing(capsys, db, name):
    assert_refused(capsys, db, CORPUS / name, BAD[name])


def make_directory(tmp):
    (tmp / "a_folder").mkdir()
    return tmp / "a_folder", ["directory"]


def make_symlink_loop(tmp):
    os.symlink(tmp / "loop_b", tmp / "loop_a")
    os.symlink(tmp / "loop_a", tmp / "loop_b")
    return tmp / "loop_a", [""]


def make_missing(tmp):
    return tmp / "nowhere.csv", ["no such file"]


def make_huge_field(tmp):
    path = tmp / "huge_field.csv"
    path.write_text(
        "id,text,author,created_at\n1," + "x" * 10_000_000 + ",Ann,2026-11-27T10:00:00Z\n"
        "2,ok,Ann,never\n",
        encoding="utf-8",
    )
    return path, ["line 2", "longer than"]  # refused before it fills memory


def make_million_lines(tmp):
    path = tmp / "million.csv"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("id,text,author,created_at\n")
        handle.writelines(f"{n},\n" for n in range(1_000_000))
    return path, ["line 2"]


GENERATED = {
    "directory": make_directory,
    "symlink loop": make_symlink_loop,
    "missing file": make_missing,
    "10 MB field": make_huge_field,
    "1M-line file": make_million_lines,
}


@pytest.mark.parametrize("kind", sorted(GENERATED))
def test_generated_bad_inputs(capsys, db, tmp_path, kind):
    target, words = GENERATED[kind](tmp_path)
    assert_refused(capsys, db, target, words)


@pytest.mark.slow
def test_a_million_line_file_imports_whole(capsys, db, tmp_path):
    """A large clean file streams through in one transaction (no per-file memory blow-up)."""
    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        handle.writelines(
            f'{{"id": "{n}", "text": "ok {n % 7}", "author": "a", "created_at": "2026-11-27T10:00:00Z"}}\n'
            for n in range(60_000)
        )
    code, out, err = import_cli(capsys, db, path)
    assert code == 0, err
    assert "60000 new" in out
