"""JSON documents and JSON Lines: loading with clear errors, and the generic readers."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from smmdesk.inbox.formats.generic import Columns, MissingDate, MissingField, build_record
from smmdesk.inbox.formats.source import TextFile
from smmdesk.inbox.formats.values import Context, replace_lone_surrogates
from smmdesk.inbox.records import RawComment

# Only a \uD800-\uDFFF escape that is not half of a pair can decode to a lone surrogate.
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
GENERIC_LISTS = ("data", "comments", "items")
MAX_CACHED_KEY_SETS = 1000
DECODER = json.JSONDecoder()  # json.loads minus its per-call argument checks
# A document is parsed whole, and Python objects take up to 20 times the bytes of their JSON
# ("[{},{},...]"): beyond these counts a document is refused before parsing. A real export
# (about 20 values a comment) stays far below; nesting beyond Python's recursion limit (~1000)
# is caught as RecursionError.
MAX_VALUES = 2_000_000
MAX_CONTAINERS = 500_000
COUNT_FROM = 1 << 20  # characters; a smaller text cannot reach the limits
# Unrolled ("normal* (special normal*)*"): a long string is one run, not one step per character
# (the plain alternation keeps a backtracking entry per character: gigabytes for 25 MB).
JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


def has_lone_surrogate(text: str) -> bool:
    """Whether the JSON text escapes half an emoji alone: a high half not followed at once by a
    low one, or a low half after no high one. Pairs (every emoji of ASCII-only JSON, as
    Telegram and Python write it) need no walk of the decoded document."""
    low_due = -1  # where the low half of the last high half must start
    for match in SURROGATE_ESCAPE.finditer(text):
        if match[0][3] in "89abAB":
            if low_due != -1:
                return True
            low_due = match.end()
        elif match.start() != low_due:
            return True
        else:
            low_due = -1
    return low_due != -1


def load_json(text: str, context: Context, where: str = "") -> Any:
    """Parse JSON text; any failure is a UserError quoting the parser's position."""
    if len(text) >= COUNT_FROM:
        _check_counts(text, context, where)
    try:
        document = DECODER.decode(text)
        if has_lone_surrogate(text):
            document = replace_lone_surrogates(document)
        return document
    except json.JSONDecodeError as error:
        position = f"column {error.colno}" if where else f"line {error.lineno} column {error.colno}"
        raise context.error(f"invalid JSON ({error.msg}: {position})", where) from None
    except RecursionError:
        raise context.error("invalid JSON (nested too deeply)", where) from None
    except ValueError:  # the only other: an integer literal beyond int's digit limit
        raise context.error("invalid JSON (number too long)", where) from None


def _check_counts(text: str, context: Context, where: str) -> None:
    bare = JSON_STRING.sub("", text)  # what is left is structure, numbers and literals
    containers = bare.count("{") + bare.count("[")
    values = bare.count(",") + 1
    del bare
    if containers > MAX_CONTAINERS:
        raise context.error(
            f"JSON too large to read whole (more than {MAX_CONTAINERS:,} "
            "objects and lists); export it as JSON Lines",
            where,
        )
    if values > MAX_VALUES:
        raise context.error(
            f"JSON too large to read whole (more than {MAX_VALUES:,} values); "
            "export it as JSON Lines",
            where,
        )


def kind_of(value: Any) -> str:
    """How a message names a JSON value's type."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"


def generic_items(document: Any) -> list[Any] | None:
    """The comment list of a generic JSON export: [...], {"data": [...]}, {"comments": [...]}."""
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in GENERIC_LISTS:
            found = document.get(key)
            if isinstance(found, list):
                return found
    return None


def read_json(document: Any, context: Context) -> Iterator[RawComment]:
    items = generic_items(document)
    if items is None:
        raise context.error(
            "unexpected JSON shape: expected a list of comments or an object with a "
            f'"data" or "comments" list (got {kind_of(document)})'
        )
    return read_objects(((f"record {index}", item) for index, item in enumerate(items, 1)), context)


def read_jsonl(source: TextFile, context: Context) -> Iterator[RawComment]:
    with source.open() as handle:
        numbered = (
            (f"line {number}", load_json(line.rstrip("\n"), context, f"line {number}"))
            for number, line in enumerate(source.lines(handle), 1)
            if not line.isspace()
        )
        yield from read_objects(numbered, context)


def read_objects(items: Iterable[tuple[str, Any]], context: Context) -> Iterator[RawComment]:
    """Generic records from (where, object) pairs; fields matched once per distinct key set."""
    columns_by_keys: dict[tuple[str, ...], Columns] = {}
    for where, item in items:
        if not isinstance(item, dict):
            raise context.error(f"expected a JSON object, got {kind_of(item)}", where)
        key_set = tuple(item)
        columns = columns_by_keys.get(key_set)
        if columns is None:
            columns = _columns(key_set, context, where)
            if len(columns_by_keys) >= MAX_CACHED_KEY_SETS:
                columns_by_keys.clear()
            columns_by_keys[key_set] = columns
        try:
            record = build_record(item, columns, where, context)
        except MissingDate:
            pass  # counted in context.dates
        else:
            yield record
    context.check_dates("records")


def _columns(keys: tuple[str, ...], context: Context, where: str) -> Columns:
    try:
        return Columns.match(keys, keys)
    except MissingField as missing:
        raise context.error(
            f"no {missing.kind} field (expected one of: {missing.expected})", where
        ) from None
