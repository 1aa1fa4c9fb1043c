"""`smmdesk preset add|list|rm` and `import --preset`, kept in a real SQLite file."""

import sqlite3

from smmdesk.cli import main
from tests.inbox.test_column_map import MAP, ODD_CSV, comments


def run(capsys, db, *args):
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_preset_round_trip(tmp_path, capsys):
    db, export = tmp_path / "desk.db", tmp_path / "odd.csv"
    export.write_text(ODD_CSV, encoding="utf-8")
    code, out, _ = run(capsys, db, "preset", "add", "sheets", "--map", MAP)
    assert code == 0 and "preset 'sheets' kept" in out
    code, out, _ = run(capsys, db, "preset", "list")
    assert out.strip() == f"sheets  {MAP}"
    with sqlite3.connect(db) as conn:
        name, created_at = conn.execute("SELECT name, created_at FROM presets").fetchone()
    assert name == "sheets" and created_at
    code, out, err = run(capsys, db, "import", str(export), "--brand", "b", "--preset", "sheets")
    assert code == 0, err
    assert comments(db)[0] == ("c1", "Love the new flavour!", "olena")
    code, out, _ = run(capsys, db, "preset", "rm", "sheets")
    assert code == 0 and "removed" in out
    code, out, _ = run(capsys, db, "preset", "list")
    assert out.startswith("no presets yet")
    code, _, err = run(capsys, db, "import", str(export), "--brand", "b", "--preset", "sheets")
    assert code == 2 and "no preset 'sheets'" in err and err.count("\n") == 1


def test_preset_mistakes_are_one_line(tmp_path, capsys):
    db = tmp_path / "desk.db"
    assert run(capsys, db, "preset", "add", "p", "--map", MAP)[0] == 0
    code, _, err = run(capsys, db, "preset", "add", "p", "--map", MAP)
    assert code == 2 and "preset 'p' exists" in err and err.count("\n") == 1
    code, _, err = run(capsys, db, "preset", "add", "q", "--map", "colour=RED")
    assert code == 2 and "unknown field 'colour'" in err and err.count("\n") == 1
    code, _, err = run(capsys, db, "preset", "rm", "nope")
    assert code == 2 and "no preset 'nope'" in err
    code, _, err = run(capsys, db, "import", "x.csv", "--brand", "b", "--preset", "p", "--map", MAP)
    assert code == 2 and "not both" in err
