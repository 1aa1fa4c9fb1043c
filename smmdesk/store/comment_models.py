"""The inbox side's typed models: what the store's comment queries return
(re-exported with the others by ``store.models``).

One frozen dataclass per table the inbox reads (``Comment``, ``Reply``, ``Action``,
``Template``), each with one ``from_row``; the domain and the screens read attributes,
never column names or indexes.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from smmdesk.timeutil import from_iso

# The statuses a comment can have: the schema's CHECK on comments.status, in this order.
STATUSES = ("open", "replied", "resolved", "ignored", "spam")
# A reply's way out: the schema's CHECK on replies.state. "manual": recorded, to be posted by
# hand (no account can post it); "queued" -> "sending" -> "sent" or "failed"; "unsure": the
# call went out, no answer came back and the platform cannot be asked (Telegram).
REPLY_STATES = ("manual", "queued", "sending", "sent", "failed", "unsure")


@dataclass(frozen=True)
class Comment:
    id: int
    brand_id: int
    platform: str
    external_id: str
    parent_external_id: str | None
    post_ref: str | None
    author: str
    author_id: str | None
    text: str
    created_at: datetime
    imported_at: str
    permalink: str | None
    likes: int
    reply_count: int
    language: str | None
    compound: float | None
    pos: float | None
    neu: float | None
    neg: float | None
    band: str
    is_question: bool
    is_ours: bool
    has_our_reply: bool
    status: str
    snoozed_until: str | None  # UTC ISO text, as stored
    assignee: str | None
    flagged: bool
    tier: int
    urgent_at: int
    source_file: str | None
    post_id: int | None
    brand: str = ""  # the brand's display name, when the query joins it
    account_id: int | None = None  # the connected account it was synced from
    spam_suspect: bool = False  # the detector suspects spam: ranks last (inbox.spam)
    spam_cleared: bool = False  # the manager said "not spam": never suspected again
    pinned_tier: int | None = None  # set by a rule's `tier:` action; kept through re-ranking
    suggested_template_id: int | None = None  # the saved reply a rule suggests for the editor

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Comment:
        keys = row.keys()
        return cls(
            id=row["id"],
            brand_id=row["brand_id"],
            platform=row["platform"],
            external_id=row["external_id"],
            parent_external_id=row["parent_external_id"],
            post_ref=row["post_ref"],
            author=row["author"],
            author_id=row["author_id"],
            text=row["text"],
            created_at=from_iso(row["created_at"]),
            imported_at=row["imported_at"],
            permalink=row["permalink"],
            likes=row["likes"],
            reply_count=row["reply_count"],
            language=row["language"],
            compound=row["compound"],
            pos=row["pos"],
            neu=row["neu"],
            neg=row["neg"],
            band=row["band"],
            is_question=bool(row["is_question"]),
            is_ours=bool(row["is_ours"]),
            has_our_reply=bool(row["has_our_reply"]),
            status=row["status"],
            snoozed_until=row["snoozed_until"],
            assignee=row["assignee"],
            flagged=bool(row["flagged"]),
            tier=row["tier"],
            urgent_at=row["urgent_at"],
            source_file=row["source_file"],
            post_id=row["post_id"] if "post_id" in keys else None,
            account_id=row["account_id"] if "account_id" in keys else None,
            brand=row["brand"] if "brand" in keys else "",
            spam_suspect=bool(row["spam_suspect"]) if "spam_suspect" in keys else False,
            spam_cleared=bool(row["spam_cleared"]) if "spam_cleared" in keys else False,
            pinned_tier=row["pinned_tier"] if "pinned_tier" in keys else None,
            suggested_template_id=(
                row["suggested_template_id"] if "suggested_template_id" in keys else None
            ),
        )


class QueueRow(NamedTuple):
    """One comment as a queue page lists it: ``store.comments.QUEUE_COLUMNS``, in that order.

    A NamedTuple, not a frozen dataclass: a page builds a hundred of them from the rows'
    tuples as they come (a frozen dataclass's ``__init__`` costs some 15x per object).
    Flags are the stored 0/1; times the stored UTC ISO text.
    """

    id: int
    brand_id: int
    brand: str  # the brand's display name
    platform: str
    author: str
    text: str
    created_at: str
    band: str
    compound: float | None
    is_question: int
    status: str
    tier: int
    urgent_at: int
    likes: int
    flagged: int
    assignee: str | None
    snoozed_until: str | None
    language: str | None
    spam_suspect: int


@dataclass(frozen=True)
class Reply:
    id: int
    comment_id: int
    action_id: int | None
    template_id: int | None
    text: str
    actor: str
    at: str  # UTC ISO text
    tone: float | None
    state: str = "manual"  # one of REPLY_STATES
    account_id: int | None = None
    sent_at: str | None = None  # when the platform took it: the response time counts to this
    remote_id: str | None = None  # the platform's id of our reply
    error: str | None = None  # why it failed, one line
    tried_at: str | None = None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Reply:
        return cls(
            id=row["id"],
            comment_id=row["comment_id"],
            action_id=row["action_id"],
            template_id=row["template_id"],
            text=row["text"],
            actor=row["actor"],
            at=row["at"],
            tone=row["tone"],
            state=row["state"],
            account_id=row["account_id"],
            sent_at=row["sent_at"],
            remote_id=row["remote_id"],
            error=row["error"],
            tried_at=row["tried_at"],
        )


@dataclass(frozen=True)
class Action:
    id: int
    batch: str
    comment_id: int
    action: str
    actor: str
    at: str  # UTC ISO text
    before: str  # JSON of the fields it changed, for undo
    after: str
    undone_by: int | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Action:
        return cls(
            id=row["id"],
            batch=row["batch"],
            comment_id=row["comment_id"],
            action=row["action"],
            actor=row["actor"],
            at=row["at"],
            before=row["before"],
            after=row["after"],
            undone_by=row["undone_by"],
        )


@dataclass(frozen=True)
class Template:
    id: int
    brand_id: int | None  # None: every brand
    name: str
    text: str
    language: str | None = None  # ISO 639-1; None: any language

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Template:
        return cls(
            id=row["id"],
            brand_id=row["brand_id"],
            name=row["name"],
            text=row["text"],
            language=row["language"],
        )
