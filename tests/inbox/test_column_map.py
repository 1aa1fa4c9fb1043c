"""`import --map`: a CSV or XLSX with headers no alias knows, into a real SQLite file."""

import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from smmdesk.cli import main
from smmdesk.errors import UserError
from smmdesk.inbox.formats import parse_mapping

ODD_CSV = (
    "COMMENT_ID,CONTENT,AUTHOR,DATE,text\n"
    "c1,Love the new flavour!,olena,2024-03-09T12:00:00Z,not this one\n"
    "c2,Is delivery free?,kim,2024-03-10T08:15:00Z,nor this\n"
)
MAP = "text=CONTENT,author=AUTHOR,date=DATE,id=COMMENT_ID"


def comments(db):
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT external_id, text, author FROM comments ORDER BY external_id"
        ).fetchall()


def test_map_wins_over_the_aliases_in_a_csv(tmp_path, capsys):
    db, export = tmp_path / "desk.db", tmp_path / "odd.csv"
    export.write_text(ODD_CSV, encoding="utf-8")
    assert main(["--db", str(db), "import", str(export), "--brand", "b", "--map", MAP]) == 0
    assert comments(db) == [
        ("c1", "Love the new flavour!", "olena"),
        ("c2", "Is delivery free?", "kim"),
    ]


def test_map_on_an_xlsx(tmp_path, capsys):
    db, export = tmp_path / "desk.db", tmp_path / "odd.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["Ref", "Words", "Who", "When"])
    sheet.append(["x1", "Great service", "bo", "2024-03-11T09:00:00Z"])
    book.save(export)
    mapping = "text=Words,author=Who,created_at=When,id=Ref"
    assert main(["--db", str(db), "import", str(export), "--brand", "b", "--map", mapping]) == 0
    assert comments(db) == [("x1", "Great service", "bo")]


def test_a_mapped_header_not_in_the_file_is_one_line(tmp_path, capsys):
    db, export = tmp_path / "desk.db", tmp_path / "odd.csv"
    export.write_text(ODD_CSV, encoding="utf-8")
    code = main(["--db", str(db), "import", str(export), "--brand", "b", "--map", "text=BODY"])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "no column 'BODY' (mapped by --map)" in err and "odd.csv" in err
    assert comments(db) == []


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("text", "expected FIELD=COLUMN, not 'text'"),
        ("colour=RED", "unknown field 'colour'"),
        ("text=A,text=B", "mapped twice"),
        (",", "expected FIELD=COLUMN"),
    ],
)
def test_a_bad_map_is_one_line(tmp_path, capsys, spec, says):
    with pytest.raises(UserError, match=says):
        parse_mapping(spec)
    db, export = tmp_path / "desk.db", tmp_path / "odd.csv"
    export.write_text(ODD_CSV, encoding="utf-8")
    assert main(["--db", str(db), "import", str(export), "--brand", "b", "--map", spec]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and says in err and "--map" in err


def test_map_is_refused_for_json(tmp_path, capsys):
    db, export = tmp_path / "desk.db", tmp_path / "c.jsonl"
    export.write_text('{"text": "hi", "created_at": "2024-03-09T12:00:00Z"}\n', encoding="utf-8")
    assert main(["--db", str(db), "import", str(export), "--brand", "b", "--map", MAP]) == 2
    assert "--map is for CSV, TSV and XLSX files" in capsys.readouterr().err


@given(st.text(alphabet=st.sampled_from("text=author,date=IDxé \t="), max_size=60))
def test_any_map_spec_is_a_mapping_or_one_user_error(spec):
    """Whatever is typed after --map: a mapping of known fields, or one UserError; no crash."""
    try:
        mapping = parse_mapping(spec)
    except UserError as exc:
        assert exc.where == "--map"
        return
    fields = [field for field, _ in mapping]
    assert fields and len(fields) == len(set(fields))
    assert all(header and header == header.strip() for _, header in mapping)
