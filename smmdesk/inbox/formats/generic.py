"""Generic records (CSV/TSV rows, JSON objects): match fields by name, build RawComments.

The column mapping is worked out once per file (CSV) or once per distinct key
set (JSON), so the per-record work is a handful of lookups and the date parse.
A row is anything indexable by the mapping's keys: a list of cells with column
indexes, or a dict with its own key names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from smmdesk.inbox.formats.values import (
    Context,
    as_text,
    normalise_newlines,
    optional_text,
    parse_count,
    parse_instant,
    quoted,
)
from smmdesk.inbox.records import RawComment

Key = int | str

# Field -> accepted names (normalised: lower case, spaces and dashes as "_"), best first.
ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "message", "comment", "body"),
    "author": ("author", "username", "from", "user", "name"),
    "created_at": ("created_at", "timestamp", "published_at", "created_time", "date", "time"),
    "external_id": ("id", "comment_id"),
    "platform": ("platform",),
    "parent": ("parent_id", "parent"),
    "permalink": ("permalink", "permalink_url", "url", "link"),
    "likes": ("likes", "like_count"),
    "post": ("post_id", "post"),
    "author_id": ("author_id",),
    "reply_count": ("reply_count", "comment_count"),
}
REQUIRED = {"text": "text", "created_at": "date"}  # field -> how a message calls it
FIELD_WORDS = {
    "external_id": "id",
    "author_id": "author id",
    "parent": "parent id",
    "post": "post id",
    "reply_count": "reply count",
}
SEPARATORS = re.compile(r"[\s\-]+")


def normalise_name(name: str) -> str:
    """'Created At ' -> 'created_at': how headers and keys are matched."""
    return SEPARATORS.sub("_", name.strip().lower())


class MissingField(Exception):
    """A required field has no column/key; the reader words the message."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field
        self.kind = REQUIRED[field]
        self.expected = ", ".join(ALIASES[field])


@dataclass(frozen=True)
class Columns:
    """Where each field lives in a row, and how the file names it (for messages)."""

    keys: dict[str, Key]            # field -> index or key
    names: dict[str, str]           # field -> the name as written in the file
    time_key: Key | None            # a separate "time" column completing a "date" column
    extra: tuple[tuple[str, Key], ...]

    @classmethod
    def match(cls, names: Sequence[str], keys: Sequence[Key]) -> Columns:
        """Map fields to columns; ``names[i]`` is the header of ``keys[i]``. Raises MissingField."""
        by_name = {}
        for name, key in zip(names, keys, strict=True):
            by_name.setdefault(normalise_name(name), (name, key))
        found_keys: dict[str, Key] = {}
        found_names: dict[str, str] = {}
        for field, aliases in ALIASES.items():
            for alias in aliases:
                if alias in by_name:
                    found_names[field], found_keys[field] = by_name[alias]
                    break
        for field in REQUIRED:
            if field not in found_keys:
                raise MissingField(field)
        time_key = None
        if normalise_name(found_names["created_at"]) == "date" and "time" in by_name:
            time_key = by_name["time"][1]
        used = {*found_keys.values(), time_key}
        extra = tuple(
            (name, key)
            for name, key in zip(names, keys, strict=True)
            if key not in used and name.strip()
        )
        return cls(found_keys, found_names, time_key, extra)


def build_record(row: Any, columns: Columns, where: str, context: Context) -> RawComment:
    """One RawComment from one row; a bad value raises UserError naming the field."""
    keys = columns.keys
    field = "text"
    try:
        text = normalise_newlines(as_text(row[keys["text"]]) or "")
        created_at = _created_at(row, columns, where, context)
        field = "author"
        author, author_id = _author(row[keys["author"]]) if "author" in keys else ("", None)
        field = "author_id"
        if "author_id" in keys:
            author_id = optional_text(row[keys["author_id"]]) or author_id
        field = "external_id"
        external_id = optional_text(row[keys["external_id"]]) if "external_id" in keys else None
        field = "parent"
        parent = _reference(row[keys["parent"]]) if "parent" in keys else None
        field = "post"
        post = _reference(row[keys["post"]]) if "post" in keys else None
        field = "permalink"
        permalink = optional_text(row[keys["permalink"]]) if "permalink" in keys else None
        field = "likes"
        likes = parse_count(row[keys["likes"]]) if "likes" in keys else 0
        field = "reply_count"
        replies = parse_count(row[keys["reply_count"]]) if "reply_count" in keys else 0
        field = "platform"
        platform = context.platform or _platform(row, keys) or "unknown"
    except ValueError as error:
        value = row[keys[field]]
        what = f"bad {FIELD_WORDS.get(field, field)} {quoted(value)} ({error})"
        raise context.error(what, where, columns.names[field]) from None
    return RawComment(
        platform=platform,
        external_id=external_id,
        text=text,
        author=author,
        created_at=created_at,
        author_id=author_id,
        parent_external_id=parent,
        post_ref=post,
        permalink=permalink,
        likes=likes,
        reply_count=replies,
        where=where,
        extra={name: row[key] for name, key in columns.extra} if columns.extra else {},
    )


def _created_at(row: Any, columns: Columns, where: str, context: Context) -> datetime:
    value = row[columns.keys["created_at"]]
    if columns.time_key is not None and isinstance(value, str):
        value = f"{value} {as_text(row[columns.time_key]) or ''}"
    try:
        moment = parse_instant(value, context.zone)
    except ValueError:
        raise context.error(f"bad date {quoted(value)}", where, columns.names["created_at"]) from None
    if moment is None:
        raise context.error("missing date", where, columns.names["created_at"])
    return moment


def _author(value: Any) -> tuple[str, str | None]:
    """An author name, or a Graph-style {"name"/"username", "id"} object."""
    if isinstance(value, dict):
        name = as_text(value.get("name") or value.get("username")) or ""
        return name, optional_text(value.get("id"))
    return as_text(value) or "", None


def _reference(value: Any) -> str | None:
    """An id, or a Graph-style {"id": ...} object."""
    if isinstance(value, dict):
        value = value.get("id")
    return optional_text(value)


def _platform(row: Any, keys: dict[str, Key]) -> str | None:
    if "platform" not in keys:
        return None
    value = optional_text(row[keys["platform"]])
    return (value.strip().lower() or None) if value else None
