"""CSV and TSV: a header row naming the columns, then one comment per row, streamed."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from smmdesk.errors import UserError
from smmdesk.inbox.formats.generic import (
    Columns,
    MissingDate,
    MissingField,
    MissingMapped,
    build_record,
)
from smmdesk.inbox.formats.source import TextFile
from smmdesk.inbox.formats.values import FIELD_LIMIT, Context
from smmdesk.inbox.records import RawComment
from smmdesk.tables import csv_delimiter, excel_separator, normalise_name

# No comment comes near it (Facebook allows 8,000 characters, YouTube 10,000); it bounds
# the memory a row can take. The csv module's limit applies to every field.
csv.field_size_limit(FIELD_LIMIT)


def read_delimited(source: TextFile, fmt: str, context: Context) -> Iterator[RawComment]:
    """Records of a CSV (``fmt="csv"``) or TSV file, one per row, parsed lazily."""
    separator = excel_separator(source.head) if fmt == "csv" else None
    delimiter = "\t" if fmt == "tsv" else separator or csv_delimiter(source.head)
    with source.open(newline="") as handle:
        lines = source.lines(handle)
        first_line = 1
        if separator:
            next(lines, None)
            first_line = 2
        # strict: an unclosed quote is an error instead of swallowing the rest of the file
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        columns: Columns | None = None
        width = 0
        start = first_line  # the physical line where the next row starts
        try:
            for row in reader:
                if columns is not None and len(row) == width:
                    try:
                        record = build_record(row, columns, f"line {start}", context)
                    except MissingDate:
                        pass  # counted in context.dates
                    else:
                        yield record
                elif _is_blank(row):
                    pass
                elif columns is None:
                    columns, width = header_columns(row, context, f"line {start}"), len(row)
                else:
                    raise context.error(
                        f"row has {len(row)} cells but the header has {width}", f"line {start}"
                    )
                start = first_line + reader.line_num
        except csv.Error as error:
            raise _malformed(fmt, error, context, start) from None
        context.check_dates()


def header_columns(header: list[str], context: Context, where: str) -> Columns:
    """The fields of a header row (CSV, TSV, XLSX): the one rule for names and duplicates."""
    first_seen: dict[str, int] = {}
    for index, name in enumerate(header):
        normal = normalise_name(name)
        if not normal:
            continue  # an unnamed column (a spreadsheet's index) is ignored
        if normal in first_seen:
            raise context.error(
                f"duplicated column {name.strip()!r} (columns {first_seen[normal] + 1} and {index + 1})",
                where,
            )
        first_seen[normal] = index
    try:
        return Columns.match(header, range(len(header)), context.mapping)
    except MissingMapped as missing:
        raise context.error(f"no column {missing.header!r} (mapped by --map)", where) from None
    except MissingField as missing:
        raise context.error(
            f"no {missing.kind} column (expected one of: {missing.expected})", where
        ) from None


def _is_blank(row: list[str]) -> bool:
    return not row or (len(row) == 1 and not row[0].strip())


def _malformed(fmt: str, error: csv.Error, context: Context, line: int) -> UserError:
    reason = str(error)
    if "unexpected end of data" in reason:
        reason = "unclosed quote"
    elif "field larger than field limit" in reason:
        return context.error(f"a field is longer than {FIELD_LIMIT:,} characters", f"line {line}")
    return context.error(f"malformed {fmt.upper()} ({reason})", f"line {line}")
