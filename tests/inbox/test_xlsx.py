"""XLSX exports: the first sheet through the real importer into a real SQLite file, and
every way a workbook can be wrong (protected, damaged, not a workbook) as one line."""

import io
import zipfile
from datetime import UTC, datetime

import pytest
from dateutil import tz
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from smmdesk.errors import UserError
from smmdesk.inbox.formats import FORMATS, read_export
from smmdesk.inbox.importer import import_file
from smmdesk.store import open_store
from smmdesk.store.brands import create_brand, find_brand
from tests.conftest import NOW

KYIV = tz.gettz("Europe/Kyiv")
HEADER = ["Comment ID", "CONTENT", "Username", "Created", "Like Count"]
ROWS = [
    ["c1", "Love the new flavour!", "olena", datetime(2024, 3, 9, 12, 0), 4],
    ["c2", "Коли буде знову лавандовий раф?", "taras", "2024-03-09T10:30:00Z", 0],
    ["c3", "Awful, my parcel came broken", "ann", "10.03.2024 08:15", 2.0],
    ["c4", "Great service", "bo", datetime(2024, 3, 11, 0, 0), None],
    ["c5", "Is delivery free?", "kim", 1710230400, "1,234"],  # epoch seconds, grouped digits
]


def workbook(path, rows, header=HEADER):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def desk_rows(db):
    with open_store(db) as store:
        return store.conn.execute(
            "SELECT external_id, author, created_at, likes FROM comments ORDER BY external_id"
        ).fetchall()


def import_into(db, path, **options):
    with open_store(db) as store:
        brand = find_brand(store, "acme") or create_brand(store, "Acme", slug="acme")
        return import_file(store, path, brand, platform="facebook", tz=KYIV, now=NOW, **options)


def one_line(path, **options) -> str:
    with pytest.raises(UserError) as raised:
        export = read_export(path, tz=KYIV, **options)
        list(export.records)
    message = str(raised.value)
    assert "\n" not in message
    return message


def test_xlsx_is_a_format():
    assert "xlsx" in FORMATS


def test_a_workbook_imports_through_the_real_importer(tmp_path):
    path = workbook(tmp_path / "export.xlsx", ROWS)
    export = read_export(path, tz=KYIV)
    assert (export.format, export.count) == ("xlsx", 5)
    db = tmp_path / "desk.db"
    summary = import_into(db, path)
    assert (summary.format, summary.new) == ("xlsx", 5)
    rows = [tuple(row) for row in desk_rows(db)]
    assert [(r[0], r[1], r[3]) for r in rows] == [
        ("c1", "olena", 4),
        ("c2", "taras", 0),
        ("c3", "ann", 2),
        ("c4", "bo", 0),
        ("c5", "kim", 1234),
    ]
    created = [r[2] for r in rows]
    expected = [
        datetime(2024, 3, 9, 10, 0, tzinfo=UTC),  # a naive date cell is Kyiv time (UTC+2)
        datetime(2024, 3, 9, 10, 30, tzinfo=UTC),
        datetime(2024, 3, 10, 6, 15, tzinfo=UTC),  # a day-first text date
        datetime(2024, 3, 10, 22, 0, tzinfo=UTC),
        datetime(2024, 3, 12, 8, 0, tzinfo=UTC),
    ]
    assert [datetime.fromisoformat(c).astimezone(UTC) for c in created] == expected
    assert import_into(db, path).new == 0  # the same file twice adds nothing


def test_the_first_sheet_is_read_and_blank_rows_skipped(tmp_path):
    book = Workbook()
    first = book.active
    first.append([])
    first.append(["text", "date"])
    first.append(["hello", "2024-03-09T10:00:00Z"])
    first.append([None, None])
    first.append(["again", "2024-03-09T11:00:00Z"])
    book.create_sheet("other").append(["nothing", "here"])
    book.save(tmp_path / "two.xlsx")
    records = list(read_export(tmp_path / "two.xlsx", tz=KYIV).records)
    assert [(r.text, r.where) for r in records] == [("hello", "row 3"), ("again", "row 5")]


def test_a_bad_cell_names_file_row_and_field(tmp_path):
    path = workbook(tmp_path / "bad.xlsx", [*ROWS[:2], ["c3", "hi", "x", "not a date", 1]])
    assert one_line(path) == f"bad date 'not a date', {path}:row 4: Created"
    path = workbook(tmp_path / "likes.xlsx", [["c1", "hi", "x", "2024-03-09", -3]])
    assert one_line(path) == f"bad likes -3 (negative), {path}:row 2: Like Count"


def test_a_missing_text_column_is_one_line(tmp_path):
    path = workbook(tmp_path / "no-text.xlsx", [["ann", "2024-03-09"]], header=["author", "date"])
    assert one_line(path).startswith("no text column (expected one of: text,")
    assert one_line(path).endswith(f"{path}:row 1")


def test_a_value_beyond_the_header_is_refused(tmp_path):
    path = workbook(tmp_path / "wide.xlsx", [["c1", "hi", "x", "2024-03-09", 1, "extra"]])
    assert one_line(path) == (
        f"row has a value in column 6 but the header has 5 columns, {path}:row 2"
    )


def test_a_truncated_workbook_is_damaged_and_changes_nothing(tmp_path):
    good = workbook(tmp_path / "good.xlsx", ROWS).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good[: len(good) // 2])
    db = tmp_path / "desk.db"
    import_into(db, workbook(tmp_path / "first.xlsx", ROWS[:1]))
    before = desk_rows(db)
    with pytest.raises(UserError) as raised:
        import_into(db, path)
    assert str(raised.value).startswith("damaged XLSX workbook")
    assert str(raised.value).endswith(str(path))
    assert desk_rows(db) == before
    assert one_line(path, fmt="xlsx").startswith("damaged XLSX workbook")


def test_a_protected_workbook_says_so_and_changes_nothing(tmp_path):
    path = tmp_path / "protected.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"EncryptedPackage" * 8)
    db = tmp_path / "desk.db"
    import_into(db, workbook(tmp_path / "first.xlsx", ROWS[:1]))
    before = desk_rows(db)
    with pytest.raises(UserError) as raised:
        import_into(db, path)
    assert str(raised.value) == (
        "protected (encrypted) workbook or an old .xls file, not an XLSX export "
        f"(save it in Excel as .xlsx without a password), {path}"
    )
    assert desk_rows(db) == before


def test_a_zip_with_a_workbook_part_but_broken_inside_is_damaged(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not a workbook")
    path = tmp_path / "odd.xlsx"
    path.write_bytes(buffer.getvalue())
    assert one_line(path).startswith("damaged XLSX workbook")


def test_a_zip_without_a_workbook_keeps_its_message(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("comments.csv", "text,date\n")
    path = tmp_path / "export.zip"
    path.write_bytes(buffer.getvalue())
    assert one_line(path) == f"zip archive instead of a comment export (unzip it first), {path}"


CELL = st.one_of(
    st.none(),
    st.text(max_size=40).filter(lambda s: not ILLEGAL_CHARACTERS_RE.search(s)),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9998, 12, 31)),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(CELL, min_size=1, max_size=6), min_size=1, max_size=5))
def test_random_cells_import_or_give_a_user_error(tmp_path, rows):
    path = workbook(
        tmp_path / "random.xlsx", rows, header=["text", "date", "author", "likes", "id"]
    )
    try:
        records = list(read_export(path, tz=KYIV).records)
    except UserError as error:
        assert "\n" not in str(error) and str(path) in str(error)
    else:
        assert all(r.created_at.tzinfo is not None for r in records)
