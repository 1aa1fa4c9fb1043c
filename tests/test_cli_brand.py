"""``smmdesk brand list|add|rename|rm|handles`` on a real database file."""

import hashlib
import sqlite3

from smmdesk.cli import main
from tests.inbox.test_ours import youtube_thread_file


def cli(capsys, db, *args):
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def digest(db):
    return hashlib.sha256(db.read_bytes()).hexdigest()


def one_line_error(code, err):
    return code == 2 and err.startswith("smmdesk: error: ") and err.count("\n") == 1


def test_add_list_rename(capsys, tmp_path):
    db = tmp_path / "desk.db"
    code, out, _ = cli(capsys, db, "brand", "list")
    assert code == 0 and "smmdesk brand add" in out
    code, out, _ = cli(
        capsys, db, "brand", "add", "Kava Lab", "--handle", "@kavalab", "--handle", "Kava Lab UA"
    )
    assert code == 0 and "brand kava-lab added" in out
    assert cli(capsys, db, "brand", "add", "Trail", "--slug", "trail")[0] == 0
    code, out, _ = cli(capsys, db, "brand", "list")
    lines = out.splitlines()
    assert lines[0].split() == ["slug", "name", "handles", "comments", "posts"]
    assert lines[1].split()[:2] == ["kava-lab", "Kava"] and "@kavalab, Kava Lab UA" in lines[1]
    assert lines[1].split()[-2:] == ["0", "0"]

    code, out, _ = cli(capsys, db, "brand", "rename", "trail", "Trailhead Outfitters")
    assert code == 0
    row = cli(capsys, db, "brand", "list")[1].splitlines()[2]
    assert row.split()[:3] == ["trail", "Trailhead", "Outfitters"]  # the slug is kept
    assert cli(capsys, db, "brand", "rename", "trail", "Trailhead", "--slug", "trailhead")[0] == 0
    assert cli(capsys, db, "calendar", "--brand", "trailhead")[0] == 0


def test_mistakes_are_one_line_and_change_nothing(capsys, tmp_path):
    db = tmp_path / "desk.db"
    cli(capsys, db, "brand", "add", "Kava Lab")
    before = digest(db)
    for args in (
        ["brand", "add", "Kava Lab"],
        ["brand", "add", "kava lab"],
        ["brand", "add", "X", "--slug", "Not A Slug"],
        ["brand", "add", "  "],
        ["brand", "rename", "nope", "Y"],
        ["brand", "handles", "kava-lab", "--rm", "nobody"],
        ["brand", "rm", "nope"],
    ):
        code, _, err = cli(capsys, db, *args)
        assert one_line_error(code, err), (args, err)
    assert digest(db) == before


def test_calendar_points_to_brand_add_and_it_works(capsys, tmp_path):
    db = tmp_path / "desk.db"
    code, _, err = cli(capsys, db, "calendar")
    assert one_line_error(code, err) and "smmdesk brand add" in err
    assert cli(capsys, db, "brand", "add", "Kava Lab")[0] == 0
    code, out, _ = cli(capsys, db, "calendar")
    assert code == 0 and out.startswith("Kava Lab")


def test_rm_refuses_a_brand_with_work_and_says_how_much(capsys, tmp_path):
    db = tmp_path / "desk.db"
    export = youtube_thread_file(tmp_path / "yt.json")
    assert cli(capsys, db, "import", str(export), "--brand", "Kava Lab")[0] == 0
    assert cli(capsys, db, "brand", "add", "Empty")[0] == 0
    before = digest(db)
    code, _, err = cli(capsys, db, "brand", "rm", "kava-lab")
    assert one_line_error(code, err) and "3 comments and 0 posts" in err and "--force" in err
    assert digest(db) == before
    assert cli(capsys, db, "brand", "rm", "empty")[0] == 0
    code, out, _ = cli(capsys, db, "brand", "rm", "kava-lab", "--force")
    assert code == 0 and "3 comments" in out
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM comments").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM brands").fetchone()[0] == 0
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_handles_command_remarks_our_replies(capsys, tmp_path):
    db = tmp_path / "desk.db"
    export = youtube_thread_file(tmp_path / "yt.json", our_name="@KavaLab")
    cli(capsys, db, "import", str(export), "--brand", "Kava Lab")
    code, out, _ = cli(capsys, db, "inbox", "--json")
    assert "We are sending a new one" in out  # our reply, queued as work today
    code, out, _ = cli(capsys, db, "brand", "handles", "kava-lab", "--add", "kavalab")
    assert (
        code == 0
        and "kavalab" in out
        and "1 comments now ours" in out
        and "1 threads answered" in out
    )
    code, out, _ = cli(capsys, db, "inbox", "--json")
    assert "We are sending a new one" not in out and "Thanks a lot" in out
    assert "arrived broken" not in out  # our reply answers it: replied, not open work
    code, out, _ = cli(capsys, db, "inbox", "--json", "--status", "replied")
    assert "arrived broken" in out
    assert "handles of kava-lab: kavalab" in cli(capsys, db, "brand", "handles", "kava-lab")[1]
    code, out, _ = cli(capsys, db, "brand", "handles", "kava-lab", "--set", "")
    assert code == 0 and "1 no longer ours" in out
    reopened = cli(capsys, db, "inbox", "--json")[1]
    assert "We are sending a new one" in reopened and "arrived broken" in reopened
    code, out, _ = cli(capsys, db, "brand", "handles", "kava-lab", "--set", "@KAVALAB, Kava Lab UA")
    assert "@KAVALAB, Kava Lab UA" in out
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT handles FROM brands").fetchone()[0] == "@KAVALAB,Kava Lab UA"
    assert (
        conn.execute("SELECT has_our_reply FROM comments WHERE external_id = 't1'").fetchone()[0]
        == 1
    )
