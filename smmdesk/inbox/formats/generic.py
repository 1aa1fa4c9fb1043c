"""Generic records (CSV/TSV rows, JSON objects): match fields by name, build RawComments.

The column mapping is worked out once per file (CSV) or once per distinct key
set (JSON), so the per-record work is a handful of lookups and the date parse.
A row is anything indexable by the mapping's keys: a list of cells with column
indexes, or a dict with its own key names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from smmdesk.errors import UserError
from smmdesk.inbox.formats.values import (
    FIELD_LIMIT,
    Context,
    as_text,
    check_length,
    date_problem,
    normalise_newlines,
    optional_text,
    parse_count,
    parse_instant,
    platform_name,
    quoted,
)
from smmdesk.inbox.records import RawComment
from smmdesk.tables import normalise_name

Key = int | str

# Field -> accepted names (normalised: lower case, spaces and dashes as "_"), best first.
ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "message", "comment", "body", "content", "comment_text", "review_text"),
    "author": ("author", "username", "from", "user", "name", "screen_name"),
    "created_at": (
        "created_at",
        "timestamp",
        "published_at",
        "created_time",
        "created",
        "published",
        "posted_at",
        "date",
        "time",
    ),
    "external_id": ("id", "comment_id"),
    "platform": ("platform",),
    "parent": ("parent_id", "parent"),
    "permalink": ("permalink", "permalink_url", "url", "link"),
    "likes": ("likes", "like_count", "favorite_count", "reactions"),
    "post": ("post_id", "post"),
    "author_id": ("author_id",),
    "reply_count": ("reply_count", "comment_count"),
}
# Field -> name endings accepted after every alias ("comment_created", "review_created").
SUFFIXES: dict[str, tuple[str, ...]] = {"created_at": ("_created",)}
REQUIRED = {"text": "text", "created_at": "date"}  # field -> how a message calls it
FIELD_WORDS = {
    "external_id": "id",
    "author_id": "author id",
    "parent": "parent id",
    "post": "post id",
    "reply_count": "reply count",
}
# The names `--map` takes (the alias each field's table starts with) -> the field.
MAP_FIELDS: dict[str, str] = {
    "text": "text",
    "author": "author",
    "date": "created_at",
    "created_at": "created_at",
    "id": "external_id",
    "parent": "parent",
    "likes": "likes",
    "url": "permalink",
    "post": "post",
}
Mapping = tuple[tuple[str, str], ...]  # (field, the file's header), as `--map` gave them


def parse_mapping(spec: str, where: str = "--map") -> Mapping:
    """``"text=CONTENT,author=AUTHOR"`` -> ((field, header), ...); a mistake is one UserError."""
    pairs: dict[str, str] = {}
    for part in spec.split(","):
        if not part.strip():
            continue
        name, equals, header = part.partition("=")
        name, header = name.strip().lower(), header.strip()
        if not equals or not name or not header:
            raise UserError(f"expected FIELD=COLUMN, not {part.strip()!r}", where=where)
        if name not in MAP_FIELDS:
            raise UserError(
                f"unknown field {name!r} (expected one of: {', '.join(MAP_FIELDS)})", where=where
            )
        field = MAP_FIELDS[name]
        if field in pairs:
            raise UserError(f"field {name!r} mapped twice", where=where)
        pairs[field] = header
    if not pairs:
        raise UserError("expected FIELD=COLUMN,...", where=where)
    return tuple(pairs.items())


class MissingDate(Exception):
    """A record without a date, counted in ``Context.dates``: the reader goes on."""


class MissingMapped(Exception):
    """A header ``--map`` names is not in the file."""

    def __init__(self, field: str, header: str) -> None:
        super().__init__(header)
        self.field = field
        self.header = header


class MissingField(Exception):
    """A required field has no column/key; the reader words the message."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field
        self.kind = REQUIRED[field]
        self.expected = ", ".join(
            (*ALIASES[field], *(f"*{suffix}" for suffix in SUFFIXES.get(field, ())))
        )


@dataclass(frozen=True)
class Columns:
    """Where each field lives in a row (None: absent), and how the file names it."""

    text: Key
    created_at: Key
    time: Key | None  # a separate "time" column completing a "date" column
    author: Key | None
    author_id: Key | None
    external_id: Key | None
    platform: Key | None
    parent: Key | None
    permalink: Key | None
    likes: Key | None
    post: Key | None
    reply_count: Key | None
    names: dict[str, str]  # field -> the name as written in the file
    extra: tuple[tuple[str, Key], ...]

    @classmethod
    def match(cls, names: Sequence[str], keys: Sequence[Key], mapping: Mapping = ()) -> Columns:
        """Map fields to columns; ``names[i]`` is the header of ``keys[i]``; ``mapping``'s
        (field, header) pairs win over the aliases. Raises MissingField, MissingMapped."""
        by_name: dict[str, tuple[str, Key]] = {}
        for name, key in zip(names, keys, strict=True):
            by_name.setdefault(normalise_name(name), (name, key))
        found_keys: dict[str, Key | None] = dict.fromkeys(ALIASES)
        found_names: dict[str, str] = {}
        for field, header in mapping:
            if normalise_name(header) not in by_name:
                raise MissingMapped(field, header)
            found_names[field], found_keys[field] = by_name[normalise_name(header)]
        mapped_keys = set(found_names)
        taken = {found_keys[field] for field in mapped_keys}
        for field, aliases in ALIASES.items():
            if field in mapped_keys:
                continue
            for alias in aliases:
                if alias in by_name and by_name[alias][1] not in taken:
                    found_names[field], found_keys[field] = by_name[alias]
                    break
            else:
                for suffix in SUFFIXES.get(field, ()):
                    ending = next(
                        (
                            name
                            for name in by_name
                            if name.endswith(suffix) and by_name[name][1] not in taken
                        ),
                        None,
                    )
                    if ending is not None:
                        found_names[field], found_keys[field] = by_name[ending]
                        break
        for field in REQUIRED:
            if field not in found_names:
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
        # found_keys names every field of ALIASES, and REQUIRED ones are not None (checked above).
        return cls(**found_keys, time=time_key, names=found_names, extra=extra)  # type: ignore[arg-type]


def build_record(row: Any, columns: Columns, where: str, context: Context) -> RawComment:
    """One RawComment from one row; a bad value raises UserError naming the field.

    The hot path of a million-row import: CSV cells are always str, so each field
    checks for that first and only calls a converter for JSON values.
    """
    c = columns
    field = "text"
    try:
        text = row[c.text]
        if text.__class__ is not str:
            text = as_text(text) or ""
        elif len(text) > FIELD_LIMIT:
            check_length(text)
        if "\r" in text:
            text = normalise_newlines(text)
        created_at = _created_at(row, c, where, context)
        field = "author"
        author, author_id = _author(row[c.author]) if c.author is not None else ("", None)
        field = "author_id"
        if c.author_id is not None:
            author_id = _optional(row[c.author_id]) or author_id
        field = "external_id"
        external_id = _optional(row[c.external_id]) if c.external_id is not None else None
        field = "parent"
        parent = _reference(row[c.parent]) if c.parent is not None else None
        field = "post"
        post = _reference(row[c.post]) if c.post is not None else None
        field = "permalink"
        permalink = _optional(row[c.permalink]) if c.permalink is not None else None
        field = "likes"
        likes = parse_count(row[c.likes]) if c.likes is not None else 0
        field = "reply_count"
        replies = parse_count(row[c.reply_count]) if c.reply_count is not None else 0
        field = "platform"
        platform = context.platform or _platform(row, c.platform) or "unknown"
    except ValueError as error:
        value = row[getattr(c, field)]
        what = f"bad {FIELD_WORDS.get(field, field)} {quoted(value)} ({error})"
        raise context.error(what, where, c.names[field]) from None
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
        extra={name: row[key] for name, key in c.extra} if c.extra else {},
    )


def _optional(value: Any) -> str | None:
    if value.__class__ is str:
        return check_length(value) or None
    return optional_text(value)


def _created_at(row: Any, columns: Columns, where: str, context: Context) -> datetime:
    value = row[columns.created_at]
    if columns.time is not None and isinstance(value, str):
        value = f"{value} {as_text(row[columns.time]) or ''}"
    try:
        moment = parse_instant(value, context.zone)
    except ValueError as error:
        raise context.error(
            date_problem(value, error), where, columns.names["created_at"]
        ) from None
    if moment is None:
        dates = context.dates
        if not dates.missing:
            dates.first = f"{where}: {columns.names['created_at']}"
        dates.missing += 1
        raise MissingDate(dates.first)
    return moment


def _author(value: Any) -> tuple[str, str | None]:
    """An author name, or a Graph-style {"name"/"username", "id"} object."""
    if value.__class__ is str:
        return check_length(value), None
    if isinstance(value, dict):
        name = as_text(value.get("name") or value.get("username")) or ""
        return name, optional_text(value.get("id"))
    return as_text(value) or "", None


def _reference(value: Any) -> str | None:
    """An id, or a Graph-style {"id": ...} object."""
    if isinstance(value, dict):
        value = value.get("id")
    return _optional(value)


def _platform(row: Any, key: Key | None) -> str | None:
    if key is None:
        return None
    return platform_name(_optional(row[key]))
