"""A failed import creates nothing: not its comments, not the brand it named."""

import sqlite3

from smmdesk.cli import main

GOOD = "id,text,author,created_at\n1,Fine,Ann,2026-11-20T10:00:00Z\n"
BAD = "id,text,author,created_at\n1,Fine,Ann,2026-11-20T10:00:00Z\n2,oops,Bo,never\n"


def brands(db):
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT slug FROM brands ORDER BY slug")]
    finally:
        conn.close()


def comment_count(db):
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM comments").fetchone()[0]
    finally:
        conn.close()


def test_cli_failed_import_creates_no_brand(tmp_path, capsys):
    db = tmp_path / "desk.db"
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, encoding="utf-8")
    assert main(["--db", str(db), "import", "--brand", "new", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("smmdesk: error: bad date 'never'") and err.count("\n") == 1
    assert brands(db) == []
    missing = tmp_path / "missing.csv"
    assert main(["--db", str(db), "import", "--brand", "other", str(missing)]) == 2
    assert brands(db) == []


def test_cli_a_failed_file_among_several_keeps_none(tmp_path, capsys):
    db = tmp_path / "desk.db"
    (tmp_path / "good.csv").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.csv").write_text(BAD, encoding="utf-8")
    code = main(
        [
            "--db",
            str(db),
            "import",
            "--brand",
            "new",
            str(tmp_path / "good.csv"),
            str(tmp_path / "bad.csv"),
        ]
    )
    out, err = capsys.readouterr()
    assert code == 2 and out == ""  # no summary of a file that was not kept
    assert (brands(db), comment_count(db)) == ([], 0)
    assert main(["--db", str(db), "import", "--brand", "new", str(tmp_path / "good.csv")]) == 0
    assert (brands(db), comment_count(db)) == (["new"], 1)
