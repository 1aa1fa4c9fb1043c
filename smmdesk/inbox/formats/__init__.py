"""Readers for comment export files: pure parsing into ``RawComment``s, no database.

``read_export`` recognises the format from the content (or takes ``fmt``) and
returns an ``Export`` whose ``records`` the pipeline consumes. Every problem with
the file is a ``UserError`` of one line, ``"<what>, <file>[:<line|record>][: <field>]"``.

CSV, TSV, JSON Lines and XLSX are streamed: their records are parsed while iterating,
so a bad record raises from the iterator. JSON documents are parsed whole, so
their records are checked, and any error raised, inside ``read_export``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import tzinfo
from os import PathLike
from pathlib import Path
from typing import Any

from smmdesk.errors import UserError
from smmdesk.inbox.formats.generic import Mapping, parse_mapping
from smmdesk.inbox.formats.graph import (
    detect_platform,
    read_facebook,
    read_google,
    read_instagram,
    read_tiktok,
    read_youtube,
)
from smmdesk.inbox.formats.jsondoc import load_json, read_json, read_jsonl
from smmdesk.inbox.formats.source import MAX_LINE, TextFile, open_text
from smmdesk.inbox.formats.tabular import read_delimited
from smmdesk.inbox.formats.telegram import detect_telegram, read_telegram
from smmdesk.inbox.formats.values import MISSING_DATE, Context, Dates, platform_name
from smmdesk.inbox.formats.xlsx import is_workbook, read_xlsx
from smmdesk.inbox.records import RawComment
from smmdesk.timeutil import local_zone

FORMATS = (
    "facebook",
    "instagram",
    "youtube",
    "telegram",
    "tiktok",
    "google",
    "csv",
    "tsv",
    "json",
    "jsonl",
    "xlsx",
)
DOCUMENT_READERS: dict[str, Callable[[Any, Context], Iterator[RawComment]]] = {
    "facebook": read_facebook,
    "instagram": read_instagram,
    "youtube": read_youtube,
    "telegram": read_telegram,
    "tiktok": read_tiktok,
    "google": read_google,
    "json": read_json,
}
# Keys of a one-line JSON file that make it a whole export rather than one JSONL record.
CONTAINER_KEYS = ("data", "items", "kind", "paging", "messages", "reviews")
# Each names the format of a parsed JSON document, or None; the first that does wins.
DOCUMENT_DETECTORS: tuple[Callable[[Any], str | None], ...] = (detect_platform, detect_telegram)

__all__ = ["FORMATS", "Export", "Mapping", "parse_mapping", "read_export"]


@dataclass
class Export:
    path: Path
    format: str
    count: int | None  # records, exact for JSON, estimated from lines otherwise
    records: Iterator[RawComment]
    dates: Dates = field(default_factory=Dates)  # records without a date, once read


def read_export(
    path: str | PathLike[str],
    *,
    fmt: str | None = None,
    platform: str | None = None,
    tz: tzinfo | None = None,
    mapping: Mapping = (),
    missing_date: str = "refuse",
) -> Export:
    """Open an export file and parse (or prepare to stream) its comments.

    ``platform`` names the platform of generic files (csv, tsv, json, jsonl) and
    wins over a platform column; the API formats name their own. A date without
    a zone is taken in ``tz``, else the user's zone. ``mapping`` ((field, header) pairs,
    ``parse_mapping``) wins over the header aliases of CSV, TSV and XLSX files. Records
    without a date refuse the file with their count, or with ``missing_date="skip"`` are
    left out and counted in ``Export.dates`` (every other bad record refuses it at once).
    """
    path = Path(path)
    label = str(path)
    if fmt is not None and fmt not in FORMATS:
        raise UserError(f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)}), {label}")
    if missing_date not in MISSING_DATE:
        raise UserError(
            f"unknown choice {missing_date!r} (expected one of: {', '.join(MISSING_DATE)})",
            where="--missing-date",
        )
    context = Context(
        label, tz or local_zone(), platform_name(platform), tuple(mapping), missing_date
    )
    if fmt == "xlsx" or (fmt is None and is_workbook(path, label)):
        count, rows = read_xlsx(path, context)
        return Export(path, "xlsx", count, rows, context.dates)
    source = open_text(path, label)
    document = None
    if fmt is None:
        fmt, document = _detect(source, context)
    if mapping and fmt not in ("csv", "tsv"):
        raise context.error(f"--map is for CSV, TSV and XLSX files, not {fmt}")
    if fmt in ("csv", "tsv"):
        return Export(
            path,
            fmt,
            max(source.line_count - 1, 0),
            read_delimited(source, fmt, context),
            context.dates,
        )
    if fmt == "jsonl":
        return Export(path, fmt, source.line_count, read_jsonl(source, context), context.dates)
    if document is None:
        document = load_json(source.read_all(), context)
    records = list(DOCUMENT_READERS[fmt](document, context))
    return Export(path, fmt, len(records), iter(records), context.dates)


def _detect(source: TextFile, context: Context) -> tuple[str, Any]:
    """The format from the content, and the JSON document when it had to be parsed."""
    start = source.head.lstrip()[:1]
    if start == "[":
        document = load_json(source.read_all(), context)
        return _document_format(document), document
    if start != "{":
        return _delimited_format(source.head), None
    first_line, more = _first_line(source)
    if first_line is None:  # too long for a JSON Lines record: a document on one line
        document = load_json(source.read_all(), context)
        return _document_format(document), document
    if more:
        # Several lines: JSON Lines if the first line is an object on its own.
        try:
            is_record = isinstance(json.loads(first_line), dict)
        except (ValueError, RecursionError):
            is_record = False
        if is_record:
            return "jsonl", None
        document = load_json(source.read_all(), context)
    else:
        document = load_json(first_line, context)
        if _is_lone_record(document):
            return "jsonl", None
    return _document_format(document), document


def _document_format(document: Any) -> str:
    return next(filter(None, (detect(document) for detect in DOCUMENT_DETECTORS)), "json")


def _is_lone_record(document: Any) -> bool:
    """A one-line file holding one comment object (JSON Lines), not a whole export."""
    return (
        isinstance(document, dict)
        and not any(key in document for key in CONTAINER_KEYS)
        and not isinstance(document.get("comments"), dict | list)
    )


def _first_line(source: TextFile) -> tuple[str | None, bool]:
    """The first line that holds something (None if longer than MAX_LINE), and whether any
    later line does. Reads at most MAX_LINE characters at a time."""
    with source.open() as handle:
        while True:
            first = handle.readline(MAX_LINE + 1)
            if not first:
                return "", False
            if len(first) > MAX_LINE:
                return None, True
            if not first.isspace():
                break
        while line := handle.readline(MAX_LINE + 1):
            if not line.isspace():
                return first, True
    return first, False


def _delimited_format(head: str) -> str:
    header = head.split("\n", 1)[0]
    return "tsv" if header.count("\t") > max(header.count(","), header.count(";")) else "csv"
