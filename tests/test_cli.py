import hashlib
import json
import sqlite3
import subprocess
import sys

import pytest

from smmdesk import __version__
from smmdesk.cli import main


def run_cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert __version__ in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("demo", "import", "inbox"):
        assert command in out


def test_python_dash_m_works(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "smmdesk", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0 and __version__ in result.stdout


def test_unknown_option_is_one_line(capsys):
    code, out, err = run_cli(capsys, "inbox", "--bogus")
    assert code == 2
    assert err.startswith("smmdesk: error: ") and err.count("\n") == 1


@pytest.mark.parametrize("kind", ["directory", "not sqlite", "newer", "no parent"])
def test_bad_db_is_one_line_and_file_untouched(capsys, tmp_path, kind):
    if kind == "directory":
        target = tmp_path
    elif kind == "not sqlite":
        target = tmp_path / "notes.db"
        target.write_bytes(b"hello, not a database\n" * 50)
    elif kind == "newer":
        target = tmp_path / "future.db"
        conn = sqlite3.connect(target)
        conn.execute("CREATE TABLE x (y)")
        conn.execute("PRAGMA user_version = 999")
        conn.commit()
        conn.close()
    else:
        target = tmp_path / "nope" / "deeper" / "desk.db"
    before = digest(target) if target.is_file() else None
    code, out, err = run_cli(capsys, "--db", str(target), "inbox")
    assert code == 2
    assert err.startswith("smmdesk: error: ") and err.count("\n") == 1
    assert str(target if kind != "no parent" else target.parent) in err
    if before:
        assert digest(target) == before


def test_demo_then_inbox_shows_negatives_and_questions_first(capsys, tmp_path):
    db = tmp_path / "demo.db"
    code, out, _ = run_cli(capsys, "demo", "--db", str(db))
    assert code == 0 and str(db) in out
    code, out, _ = run_cli(capsys, "--db", str(db), "inbox", "--json", "--limit", "60")
    items = json.loads(out)
    assert items[0]["band"] == "negative"
    first_other = next(i for i, item in enumerate(items) if item["band"] != "negative")
    assert all(item["band"] != "negative" for item in items[first_other:])
    rest = items[first_other:]
    assert rest[0]["question"] or rest[0]["band"] == "unscored"


def test_import_the_demo_exports_then_inbox(capsys, tmp_path):
    db, exports = tmp_path / "demo.db", tmp_path / "exports"
    run_cli(capsys, "demo", "--db", str(db), "--exports", str(exports))
    files = sorted(exports.iterdir())
    assert len(files) == 8
    fresh = tmp_path / "fresh.db"
    code, out, err = run_cli(
        capsys, "--db", str(fresh), "import", "--brand", "kava-lab", *map(str, files)
    )
    assert code == 0, err
    assert out.count("\n") == len(files) and "new" in out
    code, again, _ = run_cli(
        capsys, "--db", str(fresh), "import", "--brand", "kava-lab", *map(str, files)
    )
    assert again.count("nothing new") == len(files)
    code, out, _ = run_cli(capsys, "--db", str(fresh), "inbox", "--limit", "5")
    assert "▼ neg" in out.splitlines()[0]


def test_import_error_names_the_file_and_changes_nothing(capsys, tmp_path):
    db = tmp_path / "desk.db"
    good = tmp_path / "good.csv"
    good.write_text(
        "id,text,author,created_at\n1,hello,Ann,2026-11-27T10:00:00Z\n", encoding="utf-8"
    )
    run_cli(capsys, "--db", str(db), "import", "--brand", "acme", str(good))
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,text,author,created_at\n2,hi,Bob,2026-11-27T10:00:00Z\n3,yo,Cy,not a date\n",
        encoding="utf-8",
    )
    before = sqlite3.connect(db).execute("SELECT count(*) FROM comments").fetchone()[0]
    code, out, err = run_cli(capsys, "--db", str(db), "import", "--brand", "acme", str(bad))
    assert code == 2
    assert "bad.csv" in err and "line 3" in err and err.count("\n") == 1
    assert sqlite3.connect(db).execute("SELECT count(*) FROM comments").fetchone()[0] == before


def test_inbox_explain_and_bad_search(capsys, tmp_path):
    db = tmp_path / "demo.db"
    run_cli(capsys, "demo", "--db", str(db))
    code, out, _ = run_cli(capsys, "--db", str(db), "inbox", "--explain", "1")
    assert code == 0 and "effective deadline" in out
    code, _, err = run_cli(capsys, "--db", str(db), "inbox", "--explain", "999999")
    assert code == 2 and "no comment" in err
    code, _, err = run_cli(capsys, "--db", str(db), "inbox", "--search", '"open')
    assert code == 2 and "cannot read search" in err


def test_cli_output_never_carries_escapes(capsys, tmp_path):
    db = tmp_path / "desk.db"
    evil = tmp_path / "evil.csv"
    evil.write_text(
        'id,text,author,created_at\n1,"Bad \x1b[2J\x1b]52;c;eA==\x07 x",Eve,2026-11-27T10:00:00Z\n',
        encoding="utf-8",
    )
    run_cli(capsys, "--db", str(db), "import", "--brand", "acme", str(evil))
    code, out, _ = run_cli(capsys, "--db", str(db), "inbox")
    assert "\x1b" not in out and "\x07" not in out and "\\x1b" in out


def test_templates_and_replies_export(capsys, tmp_path):
    db = tmp_path / "demo.db"
    run_cli(capsys, "demo", "--db", str(db))
    code, out, _ = run_cli(capsys, "--db", str(db), "templates", "add", "Shipping", "Hi {author}!")
    assert code == 0
    code, out, _ = run_cli(capsys, "--db", str(db), "templates", "list")
    assert "Shipping: Hi {author}!" in out
    code, _, err = run_cli(capsys, "--db", str(db), "templates", "rm", "Nope")
    assert code == 2 and "no saved reply" in err
    code, out, _ = run_cli(capsys, "--db", str(db), "replies", "--format", "json")
    replies = json.loads(out)
    assert replies and {"reply", "permalink", "platform", "author"} <= set(replies[0])


def test_inbox_sorts(capsys, tmp_path):
    db = tmp_path / "demo.db"
    run_cli(capsys, "demo", "--db", str(db))
    _, out, _ = run_cli(
        capsys, "--db", str(db), "inbox", "--json", "--sort", "newest", "--limit", "30"
    )
    times = [item["created_at"] for item in json.loads(out)]
    assert times == sorted(times, reverse=True)


def test_templates_add_echoes_the_name_escaped_once(capsys, tmp_path):
    db = tmp_path / "desk.db"
    code, out, _ = run_cli(capsys, "--db", str(db), "templates", "add", "tpl\x1b[31m", "Hi!")
    assert code == 0
    assert out == "saved reply 'tpl\\x1b[31m' stored\n"
