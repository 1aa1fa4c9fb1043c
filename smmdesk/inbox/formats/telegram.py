"""Telegram Desktop's "Export chat history" (JSON, ``result.json``) of a discussion group or
a channel with comments.

Messages are numbered by their place in ``messages`` ("record 3"); field names in messages
are the export's own. The channel's posts (its own messages, and in a discussion group the
posts it forwards there automatically) are not comments: they are skipped, and the
comments under them get their id as ``post_ref``. Service messages (joins, pins) are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from smmdesk.inbox.formats.jsondoc import kind_of
from smmdesk.inbox.formats.values import (
    MAX_COUNT,
    Context,
    check_length,
    date_problem,
    normalise_newlines,
    parse_count,
    parse_instant,
    quoted,
)
from smmdesk.inbox.records import RawComment

PLATFORM = "telegram"


def detect_telegram(document: Any) -> str | None:
    """ "telegram" when the document is a Telegram Desktop chat export."""
    if (
        isinstance(document, dict)
        and isinstance(document.get("messages"), list)
        and ("type" in document or "name" in document)
    ):
        return PLATFORM
    return None


def read_telegram(document: Any, context: Context) -> Iterator[RawComment]:
    messages = document.get("messages") if isinstance(document, dict) else None
    if not isinstance(messages, list):
        raise context.error(
            'not a Telegram chat export (expected an object with a "messages" list)'
        )
    own_id = f"channel{_id_text(document.get('id'))}" if _is_id(document.get("id")) else None
    comments: list[tuple[dict[str, Any], str, str]] = []  # (message, where, its id)
    post_of: dict[str, str | None] = {}  # message id -> the post its thread is on
    parent_of: dict[str, str | None] = {}
    replies: dict[str, int] = {}
    for index, message in enumerate(messages, 1):
        where = f"record {index}"
        if not isinstance(message, dict):
            raise context.error(f"expected a message object, got {kind_of(message)}", where)
        if "id" not in message or message["id"] is None:
            raise context.error("missing id", where, "id")
        if not _is_id(message["id"]):
            raise context.error(f"bad id {quoted(message['id'])}", where, "id")
        message_id = _id_text(message["id"])
        if message.get("type") == "service":
            continue
        if _is_post(message, own_id):
            post_of[message_id] = message_id
            continue
        parent = _reply_to(message, where, context)
        if parent is not None and post_of.get(parent) == parent:  # a comment on a post
            post_of[message_id] = parent
            parent = None
        else:
            post_of[message_id] = post_of.get(parent) if parent is not None else None
            if parent is not None:
                replies[parent] = replies.get(parent, 0) + 1
        parent_of[message_id] = parent
        comments.append((message, where, message_id))
    for message, where, message_id in comments:
        yield RawComment(
            platform=PLATFORM,
            external_id=message_id,
            text=_text(message.get("text"), where, context),
            author=_author(message, where, context),
            created_at=_date(message, where, context),
            author_id=_optional_string(message, "from_id", where, context),
            parent_external_id=parent_of[message_id],
            post_ref=post_of[message_id],
            likes=_reactions(message.get("reactions"), where, context),
            reply_count=replies.get(message_id, 0),
            where=where,
        )


def _is_id(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 0 <= value <= MAX_COUNT * 10**6
    return isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 20


def _id_text(value: Any) -> str:
    return str(int(value))


def _is_post(message: dict[str, Any], own_id: str | None) -> bool:
    """The channel's own message, or a channel post forwarded by the channel itself (the
    discussion group's copy of each post); a person forwarding a post writes a comment."""
    sender = message.get("from_id")
    if own_id is not None and sender == own_id:
        return True
    forwarded = message.get("forwarded_from")
    return (
        isinstance(forwarded, str)
        and isinstance(sender, str)
        and sender.startswith("channel")
        and message.get("from") == forwarded
    )


def _reply_to(message: dict[str, Any], where: str, context: Context) -> str | None:
    value = message.get("reply_to_message_id")
    if value is None:
        return None
    if not _is_id(value):
        raise context.error(
            f"bad reply_to_message_id {quoted(value)}", where, "reply_to_message_id"
        )
    return _id_text(value)


def _text(value: Any, where: str, context: Context) -> str:
    """The message text: a string, or a list of strings and entities, joined; a text link
    keeps its address after its text."""
    if value is None:
        return ""
    parts = value if isinstance(value, list) else [value]
    pieces: list[str] = []
    for part in parts:
        if isinstance(part, str):
            pieces.append(part)
        elif isinstance(part, dict) and isinstance(part.get("text", ""), str):
            text = part.get("text", "")
            href = part.get("href")
            if part.get("type") == "text_link" and isinstance(href, str) and href and href != text:
                text = f"{text} ({href})" if text else href
            pieces.append(text)
        else:
            raise context.error(f"bad text part {quoted(part)}", where, "text")
    try:
        return normalise_newlines(check_length("".join(pieces)))
    except ValueError as error:
        raise context.error(f"text {error}", where, "text") from None


def _optional_string(
    message: dict[str, Any], name: str, where: str, context: Context
) -> str | None:
    value = message.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise context.error(f"bad {name} {quoted(value)} (expected text)", where, name)
    try:
        return check_length(value)
    except ValueError as error:
        raise context.error(f"{name} {error}", where, name) from None


def _author(message: dict[str, Any], where: str, context: Context) -> str:
    return (
        _optional_string(message, "from", where, context)
        or _optional_string(message, "from_id", where, context)
        or ""
    )


def _date(message: dict[str, Any], where: str, context: Context) -> datetime:
    """``date_unixtime`` (epoch seconds, a string); older exports have only ``date``, local."""
    name = "date_unixtime" if "date_unixtime" in message else "date"
    value = message.get(name)
    try:
        if name == "date_unixtime" and not (
            isinstance(value, str | int)
            and not isinstance(value, bool)
            and str(value).isascii()
            and str(value).isdigit()
        ):
            raise ValueError("not epoch seconds")
        moment = parse_instant(value, context.zone)
    except ValueError as error:
        raise context.error(date_problem(value, error), where, name) from None
    if moment is None:
        raise context.error("missing date", where, name)
    return moment


def _reactions(value: Any, where: str, context: Context) -> int:
    """The sum of the reaction counts."""
    if value is None:
        return 0
    if not isinstance(value, list):
        raise context.error(f"expected a list, got {kind_of(value)}", where, "reactions")
    total = 0
    for reaction in value:
        count = reaction.get("count") if isinstance(reaction, dict) else reaction
        try:
            if not isinstance(reaction, dict):
                raise ValueError("expected a reaction object")
            total += parse_count(count)
        except ValueError as error:
            raise context.error(
                f"bad reaction count {quoted(count)} ({error})", where, "reactions"
            ) from None
    if total > MAX_COUNT:
        raise context.error(f"too many reactions, over {MAX_COUNT:,}", where, "reactions")
    return total
