"""Rows without a date: the file is refused with their count, or `--missing-date skip`
imports the rest and counts them; every other bad row still refuses the whole file."""

import sqlite3

from openpyxl import Workbook

from smmdesk.cli import main


def undated_csv(path, missing=312, dated=3):
    rows = [f"d{n},dated {n},2024-03-09T12:00:00Z" for n in range(dated)]
    rows += [f"u{n},undated {n}," for n in range(missing)]
    path.write_text("id,text,created_at\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def count(db):
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM comments").fetchone()[0]


def test_rows_without_a_date_refuse_the_file_with_their_count(tmp_path, capsys):
    db, export = tmp_path / "desk.db", undated_csv(tmp_path / "file.csv")
    assert main(["--db", str(db), "import", str(export), "--brand", "b"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("smmdesk: error: 312 rows have no date (the first: line 5: created_at;")
    assert "use --missing-date skip to import the rest)" in err and err.strip().endswith("file.csv")
    assert count(db) == 0


def test_missing_date_skip_imports_the_rest_and_counts_them(tmp_path, capsys):
    db, export = tmp_path / "desk.db", undated_csv(tmp_path / "file.csv")
    argv = ["--db", str(db), "import", str(export), "--brand", "b", "--missing-date", "skip"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "file.csv: 3 new" in out and "312 without a date skipped" in out
    assert count(db) == 3


def test_skip_keeps_every_other_error_all_or_nothing(tmp_path, capsys):
    db, export = tmp_path / "desk.db", undated_csv(tmp_path / "file.csv", missing=2)
    with export.open("a", encoding="utf-8") as handle:
        handle.write("bad,a bad date,yesterday-ish\n")
    argv = ["--db", str(db), "import", str(export), "--brand", "b", "--missing-date", "skip"]
    assert main(argv) == 2
    assert "bad date 'yesterday-ish'" in capsys.readouterr().err
    assert count(db) == 0


def test_skip_on_an_xlsx(tmp_path, capsys):
    db, export = tmp_path / "desk.db", tmp_path / "sheet.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["id", "text", "created_at"])
    sheet.append(["x1", "dated", "2024-03-09T12:00:00Z"])
    sheet.append(["x2", "undated", None])
    book.save(export)
    assert main(["--db", str(db), "import", str(export), "--brand", "b"]) == 2
    assert "1 row has no date (the first: row 3: created_at;" in capsys.readouterr().err
    argv = ["--db", str(db), "import", str(export), "--brand", "b", "--missing-date", "skip"]
    assert main(argv) == 0
    assert "1 without a date skipped" in capsys.readouterr().out
    assert count(db) == 1
