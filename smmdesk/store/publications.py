"""SQL for publishing: which posts are due, and each post's way out (``publications``).

One row a post (``post_id`` UNIQUE): inserting the intent is what claims a post, so two
syncs can never both call the platform for it. The domain (``sync/publish``) decides.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from smmdesk.store.db import Store
from smmdesk.store.posts import _POST_SELECT, Post, _posts
from smmdesk.store.scope import and_brand

STATES = ("publishing", "published", "failed", "unsure")  # the schema's CHECK
FIELDS = (
    "account_id", "planned_at", "tried_at", "published_at", "remote_id", "url", "error",
    "gone_at",
)  # fmt: skip


@dataclass(frozen=True)
class Publication:
    id: int
    post_id: int
    account_id: int | None
    state: str
    planned_at: str
    tried_at: str
    published_at: str | None
    remote_id: str | None
    url: str | None
    error: str | None
    account: str = ""  # the account's name, "" when it is gone
    gone_at: str | None = None  # published, then deleted on the platform: when a sync noticed

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Publication:
        return cls(
            id=row["id"],
            post_id=row["post_id"],
            account_id=row["account_id"],
            state=row["state"],
            planned_at=row["planned_at"],
            tried_at=row["tried_at"],
            published_at=row["published_at"],
            remote_id=row["remote_id"],
            url=row["url"],
            error=row["error"],
            account=row["account"] or "",
            gone_at=row["gone_at"],
        )


_SELECT = (
    "SELECT pu.*, a.name AS account FROM publications pu "
    "LEFT JOIN accounts a ON a.id = pu.account_id"
)
_UNPUBLISHED = "NOT EXISTS (SELECT 1 FROM publications pu WHERE pu.post_id = p.id)"


def due_singles(store: Store, now: str, brand_id: int | None = None) -> list[Post]:
    """Scheduled posts that do not repeat, their time come, never tried."""
    sql, params = and_brand(brand_id, "p.brand_id")
    return _posts(
        store,
        f"{_POST_SELECT} WHERE p.status = 'scheduled' AND p.rrule IS NULL "
        f"AND p.scheduled_at <= ? AND {_UNPUBLISHED}{sql} ORDER BY p.scheduled_at, p.id",
        [now, *params],
    )


def scheduled_series(store: Store, now: str, brand_id: int | None = None) -> list[Post]:
    """Scheduled series whose first occurrence has come."""
    sql, params = and_brand(brand_id, "p.brand_id")
    return _posts(
        store,
        f"{_POST_SELECT} WHERE p.status = 'scheduled' AND p.rrule IS NOT NULL "
        f"AND p.scheduled_at <= ?{sql} ORDER BY p.scheduled_at, p.id",
        [now, *params],
    )


def start(store: Store, post_id: int, account_id: int, *, planned_at: str, tried_at: str) -> bool:
    """The intent, before the call: False when the post already has a publication."""
    cur = store.conn.execute(
        "INSERT OR IGNORE INTO publications (post_id, account_id, state, planned_at, tried_at) "
        "VALUES (?, ?, 'publishing', ?, ?)",
        (post_id, account_id, planned_at, tried_at),
    )
    return cur.rowcount == 1


def set_state(
    store: Store, publication_id: int, state: str, *, expect: Sequence[str], **fields: object
) -> bool:
    """Move a publication to ``state`` if it is in one of ``expect``."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"not publication columns: {sorted(unknown)}")
    names = ["state", *fields]
    sets = ", ".join(f"{name} = ?" for name in names)
    marks = ", ".join("?" * len(expect))
    cur = store.conn.execute(
        f"UPDATE publications SET {sets} WHERE id = ? AND state IN ({marks})",
        [state, *fields.values(), publication_id, *expect],
    )
    return cur.rowcount == 1


def withdraw(store: Store, publication_id: int, *, expect: Sequence[str]) -> bool:
    """Forget a publication (the call did not happen, or the user retries): due again."""
    marks = ", ".join("?" * len(expect))
    cur = store.conn.execute(
        f"DELETE FROM publications WHERE id = ? AND state IN ({marks})",
        [publication_id, *expect],
    )
    return cur.rowcount == 1


def of_post(store: Store, post_id: int) -> Publication | None:
    row = store.conn.execute(_SELECT + " WHERE pu.post_id = ?", (post_id,)).fetchone()
    return Publication.from_row(row) if row else None


def of_posts(store: Store, post_ids: Sequence[int]) -> dict[int, Publication]:
    """The publications of these posts, by post id (the calendar's states)."""
    found: dict[int, Publication] = {}
    ids = list(post_ids)
    for start_at in range(0, len(ids), 500):
        chunk = ids[start_at : start_at + 500]
        marks = ", ".join("?" * len(chunk))
        for row in store.conn.execute(_SELECT + f" WHERE pu.post_id IN ({marks})", chunk):
            found[row["post_id"]] = Publication.from_row(row)
    return found


def of_account(store: Store, account_id: int, states: Sequence[str]) -> list[Publication]:
    marks = ", ".join("?" * len(states))
    rows = store.conn.execute(
        _SELECT + f" WHERE pu.account_id = ? AND pu.state IN ({marks}) ORDER BY pu.id",
        [account_id, *states],
    )
    return [Publication.from_row(r) for r in rows]


def published_since(store: Store, account_id: int, since: str, limit: int) -> list[Publication]:
    """This account's published posts with their platform id, published at ``since`` or
    later and not known gone, newest first."""
    rows = store.conn.execute(
        _SELECT + " WHERE pu.account_id = ? AND pu.state = 'published' AND pu.remote_id IS NOT "
        "NULL AND pu.gone_at IS NULL AND pu.published_at >= ? ORDER BY pu.published_at DESC, "
        "pu.id DESC LIMIT ?",
        (account_id, since, limit),
    )
    return [Publication.from_row(r) for r in rows]


def listing(store: Store, states: Sequence[str], brand_id: int | None = None) -> list[Publication]:
    marks = ", ".join("?" * len(states))
    sql, params = and_brand(brand_id, "p.brand_id")
    rows = store.conn.execute(
        "SELECT pu.*, a.name AS account FROM publications pu JOIN posts p ON p.id = pu.post_id "
        f"LEFT JOIN accounts a ON a.id = pu.account_id WHERE pu.state IN ({marks}){sql} "
        "ORDER BY pu.id",
        [*states, *params],
    )
    return [Publication.from_row(r) for r in rows]


def posts_by_ids(store: Store, post_ids: Sequence[int]) -> list[Post]:
    if not post_ids:
        return []
    marks = ", ".join("?" * len(post_ids))
    return _posts(store, f"{_POST_SELECT} WHERE p.id IN ({marks}) ORDER BY p.id", list(post_ids))
