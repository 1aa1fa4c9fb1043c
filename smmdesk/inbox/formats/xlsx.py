"""XLSX: the first sheet of a workbook, a header row naming the columns, one comment per row.

The workbook is opened through ``files.open_regular`` (a regular file within the XLSX limit)
in openpyxl's read-only mode, so rows are streamed from the sheet's XML and memory stays flat
(only the shared strings are held, bounded by ``MAX_SHARED_STRINGS``). The header is matched
by the same rule as a CSV's (``tabular.header_columns``); date cells arrive as datetimes (a
naive one is in the import's zone, like a CSV's text date), text dates and numbers as in CSV.

A password-protected workbook is not a zip but an OLE compound file holding the encrypted
one (so is an old .xls); it and a damaged workbook each get their own line.
"""

from __future__ import annotations

import warnings
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from xml.etree.ElementTree import ParseError

from smmdesk.files import open_regular
from smmdesk.inbox.formats.generic import Columns, MissingDate, build_record
from smmdesk.inbox.formats.tabular import header_columns
from smmdesk.inbox.formats.values import Context, as_text
from smmdesk.inbox.records import RawComment

if TYPE_CHECKING:  # openpyxl (~130 ms) loads only when a workbook is read, not on every import
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

KIND = "comments-xlsx"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # OLE/CFB: an encrypted workbook, or an old .xls
WORKBOOK_PART = "xl/workbook.xml"
# Parts only a workbook's zip holds: a truncated one is still recognised by its first entries.
WORKBOOK_ENTRIES = (b"[Content_Types].xml", b"xl/", b"_rels/.rels", b"docProps/")
SNIFF_BYTES = 4096
MAX_ROWS = 1_048_576  # Excel's own limit
MAX_COLUMNS = 16_384  # ditto (XFD)
MAX_SHARED_STRINGS = 256 << 20  # bytes of xl/sharedStrings.xml once inflated
# What a damaged workbook raises inside openpyxl, while opening or while streaming rows
# (with openpyxl's own InvalidFileException: see ``_damaged``).
DAMAGED_BASE: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    KeyError,
    ParseError,
    zlib.error,
    EOFError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    OverflowError,
    NotImplementedError,
)

PROTECTED = (
    "protected (encrypted) workbook or an old .xls file, not an XLSX export "
    "(save it in Excel as .xlsx without a password)"
)
DAMAGED_WHAT = "damaged XLSX workbook (not a complete spreadsheet zip; save it again or export CSV)"


def is_workbook(path: Path, label: str) -> bool:
    """Whether ``path`` is for the XLSX reader: a zip holding ``xl/workbook.xml`` (or a
    truncated zip whose first entries are a workbook's), or an OLE file (protected)."""
    with open_regular(path, label, "comments") as handle:
        start = handle.read(SNIFF_BYTES)
        if start.startswith(OLE_MAGIC):
            return True
        if not start.startswith(ZIP_MAGIC):
            return False
        try:
            with zipfile.ZipFile(handle) as archive:
                return WORKBOOK_PART in archive.namelist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            # No central directory (cut short): the local headers name the parts.
            return any(entry in start for entry in WORKBOOK_ENTRIES)


def read_xlsx(path: Path, context: Context) -> tuple[int | None, Iterator[RawComment]]:
    """The row count the sheet declares (None when it does not), and its records, streamed.

    The workbook is opened here once, so a protected or damaged one fails at once, and again
    when the records are read (nothing stays open between the two).
    """
    with _open(path, context) as handle:
        declared = _first_sheet(handle, context).max_row
    count = max(declared - 1, 0) if isinstance(declared, int) else None
    return count, _records(path, context)


def _open(path: Path, context: Context) -> IO[bytes]:
    handle = open_regular(path, context.label, KIND)
    if handle.read(len(OLE_MAGIC)) == OLE_MAGIC:
        handle.close()
        raise context.error(PROTECTED)
    handle.seek(0)
    return handle


def _damaged() -> tuple[type[BaseException], ...]:
    from openpyxl.utils.exceptions import InvalidFileException

    return (*DAMAGED_BASE, InvalidFileException)


def _first_sheet(handle: IO[bytes], context: Context) -> ReadOnlyWorksheet:
    from openpyxl import load_workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    try:
        with zipfile.ZipFile(handle) as archive:
            strings = next(
                (i for i in archive.infolist() if i.filename == "xl/sharedStrings.xml"), None
            )
        if strings is not None and strings.file_size > MAX_SHARED_STRINGS:
            raise context.error(
                f"workbook too large (its shared strings hold over "
                f"{MAX_SHARED_STRINGS >> 20} MB once unpacked)"
            )
        handle.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "no default style", unsupported extensions...
            workbook = load_workbook(handle, read_only=True, data_only=True)
    except _damaged():
        raise context.error(DAMAGED_WHAT) from None
    if not workbook.worksheets:
        raise context.error("XLSX workbook without a sheet")
    sheet = workbook.worksheets[0]
    if not isinstance(sheet, ReadOnlyWorksheet):
        raise context.error("the first sheet of the workbook is a chart, not a table")
    return sheet


def _records(path: Path, context: Context) -> Iterator[RawComment]:
    with _open(path, context) as handle:
        sheet = _first_sheet(handle, context)
        sheet.reset_dimensions()  # a sheet's stated size is not trusted: rows are as found
        columns: Columns | None = None
        width = 0
        for number, cells in _rows(sheet, context):
            where = f"row {number}"
            row = _trimmed(cells)
            if not row:
                continue
            if columns is None:
                header = [
                    _header_name(cell, context, where, index) for index, cell in enumerate(row)
                ]
                columns, width = header_columns(header, context, where), len(header)
                continue
            if len(row) > width:
                raise context.error(
                    f"row has a value in column {len(row)} but the header has {width} columns",
                    where,
                )
            row.extend([None] * (width - len(row)))
            try:
                record = build_record([_value(cell) for cell in row], columns, where, context)
            except MissingDate:
                pass  # counted in context.dates
            else:
                yield record
    context.check_dates()


def _rows(sheet: ReadOnlyWorksheet, context: Context) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values) from the sheet's XML, a damaged part or too many rows one line."""
    rows = sheet.iter_rows(values_only=True)
    number = 0
    while True:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                cells = next(rows, None)
        except _damaged():
            raise context.error(DAMAGED_WHAT, f"row {number + 1}") from None
        if cells is None:
            return
        number += 1
        if number > MAX_ROWS:
            raise context.error(f"sheet has more than {MAX_ROWS:,} rows")
        if len(cells) > MAX_COLUMNS:
            raise context.error(f"row has more than {MAX_COLUMNS:,} columns", f"row {number}")
        yield number, tuple(cells)


def _trimmed(cells: tuple[Any, ...]) -> list[Any]:
    """The cells up to the last one that holds something (blank text counts as empty)."""
    row = list(cells)
    while row and (row[-1] is None or (isinstance(row[-1], str) and not row[-1].strip())):
        row.pop()
    return row


def _header_name(cell: Any, context: Context, where: str, index: int) -> str:
    if cell is None:
        return ""
    try:
        return as_text(cell) or ""
    except ValueError:
        raise context.error(
            f"header cell {index + 1} is not a name ({type(cell).__name__})", where
        ) from None


def _value(cell: Any) -> Any:
    """A cell as the generic record builder takes it: a date without a time is midnight,
    a whole float (how spreadsheets store every number) an int."""
    if isinstance(cell, date) and not isinstance(cell, datetime):
        return datetime.combine(cell, time())
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        return int(cell)
    return cell
