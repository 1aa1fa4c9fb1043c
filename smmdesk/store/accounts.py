"""SQL for connected accounts (never their tokens), their sync positions, and the outbox."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from smmdesk.errors import UserError
from smmdesk.store.comment_models import Reply
from smmdesk.store.db import Store, inserted_id
from smmdesk.store.scope import and_brand

ACCOUNT_PLATFORMS = ("telegram", "youtube", "facebook", "instagram")  # the schema's CHECK
# Comment ids that are unique across the platform: any account of the brand can answer them.
# A Telegram message id is unique only within its chat: only the account that synced it.
GLOBAL_IDS = ("youtube", "facebook", "instagram")
OUTGOING = ("queued", "sending")


@dataclass(frozen=True)
class Account:
    id: int
    brand_id: int
    platform: str
    name: str
    api_base: str | None
    options: Mapping[str, str]
    secret_ref: str
    cursor: Mapping[str, Any]
    quota: Mapping[str, Any]
    created_at: str
    last_sync_at: str | None
    last_error: str | None
    brand: str = ""  # the brand's slug

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Account:
        keys = row.keys()
        return cls(
            id=row["id"],
            brand_id=row["brand_id"],
            platform=row["platform"],
            name=row["name"],
            api_base=row["api_base"],
            options=json.loads(row["options"]),
            secret_ref=row["secret_ref"],
            cursor=json.loads(row["cursor"]),
            quota=json.loads(row["quota"]),
            created_at=row["created_at"],
            last_sync_at=row["last_sync_at"],
            last_error=row["last_error"],
            brand=row["brand"] if "brand" in keys else "",
        )


@dataclass(frozen=True)
class Outgoing:
    """A reply on its way out, with what the platform needs to know of its comment."""

    reply: Reply
    comment_id: int
    brand_id: int
    platform: str
    external_id: str  # the comment answered
    parent_external_id: str | None
    post_ref: str | None
    author: str
    comment_text: str
    account: str = ""  # the account's name ("" when none can post it)
    status: str = ""  # the comment's status

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Outgoing:
        return cls(
            reply=Reply.from_row(row),
            comment_id=row["comment_id"],
            brand_id=row["brand_id"],
            platform=row["platform"],
            external_id=row["external_id"],
            parent_external_id=row["parent_external_id"],
            post_ref=row["post_ref"],
            author=row["author"],
            comment_text=row["comment_text"],
            account=row["account"] or "",
            status=row["status"],
        )


@dataclass(frozen=True)
class OutboxCounts:
    by_state: Mapping[str, int] = field(default_factory=dict)

    @property
    def waiting(self) -> int:
        return self.by_state.get("queued", 0) + self.by_state.get("sending", 0)

    @property
    def failed(self) -> int:
        return self.by_state.get("failed", 0) + self.by_state.get("unsure", 0)


@dataclass(frozen=True)
class SyncState:
    """The accounts as the app's header shows them: how many, the newest good sync, and
    which could not be reached the last time (``last_error`` "unreachable: ...")."""

    accounts: int = 0
    last_sync_at: str | None = None
    unreachable: tuple[str, ...] = ()


ACCOUNT_SELECT = "SELECT a.*, b.slug AS brand FROM accounts a JOIN brands b ON b.id = a.brand_id"


def add_account(
    store: Store,
    *,
    brand_id: int,
    platform: str,
    name: str,
    api_base: str | None,
    options: Mapping[str, str],
    secret_ref: str,
    at: str,
) -> Account:
    if get_account(store, name) is not None:
        raise UserError(f"an account named {name!r} exists (account rm it first), --name")
    cur = store.conn.execute(
        "INSERT INTO accounts (brand_id, platform, name, api_base, options, secret_ref, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (brand_id, platform, name, api_base, json.dumps(dict(options)), secret_ref, at),
    )
    account = account_by_id(store, inserted_id(cur))
    assert account is not None
    return account


def get_account(store: Store, name: str) -> Account | None:
    row = store.conn.execute(ACCOUNT_SELECT + " WHERE a.name = ?", (name,)).fetchone()
    return Account.from_row(row) if row else None


def account_by_id(store: Store, account_id: int) -> Account | None:
    row = store.conn.execute(ACCOUNT_SELECT + " WHERE a.id = ?", (account_id,)).fetchone()
    return Account.from_row(row) if row else None


def list_accounts(store: Store, brand_id: int | None = None) -> list[Account]:
    sql, params = and_brand(brand_id, "a.brand_id")
    rows = store.conn.execute(ACCOUNT_SELECT + " WHERE 1" + sql + " ORDER BY a.name", params)
    return [Account.from_row(r) for r in rows]


def remove_account(store: Store, account_id: int) -> int:
    """Delete the account; the replies it had still to send are to post by hand (manual), and
    those it may have sent are left unsure. How many replies changed."""
    changed = store.conn.execute(
        "UPDATE replies SET state = CASE state WHEN 'queued' THEN 'manual' ELSE 'unsure' END, "
        "error = CASE state WHEN 'queued' THEN error "
        "ELSE 'its account was removed while it was being sent; look on the platform' END "
        "WHERE account_id = ? AND state IN ('queued', 'sending')",
        (account_id,),
    ).rowcount
    store.conn.execute("DELETE FROM accounts WHERE id = ?", (account_id,))
    return changed


def save_cursor(store: Store, account_id: int, cursor: Mapping[str, Any]) -> None:
    store.conn.execute(
        "UPDATE accounts SET cursor = ? WHERE id = ?", (json.dumps(dict(cursor)), account_id)
    )


def hold_page(store: Store, account_id: int, page: str, cursor: Mapping[str, Any]) -> None:
    """A pulled page (its JSON) held until the pipeline stores it, with the cursor after it:
    one transaction, so the position never passes a page that is not on the disk."""
    with store.transaction():
        store.conn.execute(
            "INSERT INTO sync_pages (account_id, page) VALUES (?, ?)", (account_id, page)
        )
        save_cursor(store, account_id, cursor)


def held_pages(store: Store, account_id: int) -> list[str]:
    """The account's held pages (their JSON), in the order they were pulled."""
    return list(held_pages_by_id(store, account_id).values())


def held_pages_by_id(store: Store, account_id: int) -> dict[int, str]:
    """The account's held pages by their row's id, in the order they were pulled."""
    rows = store.conn.execute(
        "SELECT id, page FROM sync_pages WHERE account_id = ? ORDER BY id", (account_id,)
    )
    return {int(row[0]): str(row[1]) for row in rows}


def drop_held_page(store: Store, page_id: int) -> None:
    store.conn.execute("DELETE FROM sync_pages WHERE id = ?", (page_id,))


def drop_held_pages(store: Store, account_id: int) -> None:
    """Once stored (in the same transaction as the rows made of them)."""
    store.conn.execute("DELETE FROM sync_pages WHERE account_id = ?", (account_id,))


def save_quota(store: Store, account_id: int, quota: Mapping[str, Any]) -> None:
    store.conn.execute(
        "UPDATE accounts SET quota = ? WHERE id = ?", (json.dumps(dict(quota)), account_id)
    )


def record_sync(store: Store, account_id: int, *, at: str | None, error: str | None) -> None:
    """After a sync of the account: ``at`` when every call succeeded, else the error."""
    if at is not None:
        store.conn.execute(
            "UPDATE accounts SET last_sync_at = ?, last_error = NULL WHERE id = ?",
            (at, account_id),
        )
    else:
        store.conn.execute("UPDATE accounts SET last_error = ? WHERE id = ?", (error, account_id))


def sync_state(store: Store, brand_id: int | None = None) -> SyncState:
    sql, params = and_brand(brand_id)
    rows = store.conn.execute(
        "SELECT name, last_sync_at, last_error FROM accounts WHERE 1" + sql + " ORDER BY name",
        params,
    ).fetchall()
    synced = [r["last_sync_at"] for r in rows if r["last_sync_at"]]
    return SyncState(
        accounts=len(rows),
        last_sync_at=max(synced, default=None),
        unreachable=tuple(
            r["name"] for r in rows if (r["last_error"] or "").startswith("unreachable:")
        ),
    )


def account_for_comment(store: Store, comment_id: int) -> int | None:
    """The account that can post a reply to the comment: the one it was synced from, else
    the brand's only account on its platform when the platform's ids are global."""
    row = store.conn.execute(
        "SELECT account_id, brand_id, platform FROM comments WHERE id = ?", (comment_id,)
    ).fetchone()
    if row is None:
        return None
    if row["account_id"] is not None:
        return int(row["account_id"])
    if row["platform"] not in GLOBAL_IDS:
        return None
    ids = [
        r[0]
        for r in store.conn.execute(
            "SELECT id FROM accounts WHERE brand_id = ? AND platform = ? LIMIT 2",
            (row["brand_id"], row["platform"]),
        )
    ]
    return ids[0] if len(ids) == 1 else None


OUTGOING_SELECT = (
    "SELECT r.*, c.brand_id, c.platform, c.external_id, c.parent_external_id, c.post_ref, "
    "c.author, c.text AS comment_text, c.status, a.name AS account FROM replies r "
    "JOIN comments c ON c.id = r.comment_id LEFT JOIN accounts a ON a.id = r.account_id"
)


def outgoing(store: Store, account_id: int) -> list[Outgoing]:
    """The account's replies to send or to settle, oldest first."""
    rows = store.conn.execute(
        OUTGOING_SELECT + " WHERE r.account_id = ? AND r.state IN ('queued', 'sending') "
        "ORDER BY r.at, r.id",
        (account_id,),
    )
    return [Outgoing.from_row(r) for r in rows]


def outbox(
    store: Store,
    states: Sequence[str],
    brand_id: int | None = None,
    limit: int = 1000,
) -> list[Outgoing]:
    marks = ", ".join("?" * len(states))
    sql, params = and_brand(brand_id, "c.brand_id")
    rows = store.conn.execute(
        OUTGOING_SELECT + f" WHERE r.state IN ({marks})" + sql + " ORDER BY r.at, r.id LIMIT ?",
        [*states, *params, limit],
    )
    return [Outgoing.from_row(r) for r in rows]


def outbox_counts(store: Store, brand_id: int | None = None) -> OutboxCounts:
    sql, params = and_brand(brand_id, "c.brand_id")
    rows = store.conn.execute(
        "SELECT r.state, count(*) FROM replies r JOIN comments c ON c.id = r.comment_id "
        "WHERE r.state != 'manual'" + sql + " GROUP BY r.state",
        params,
    )
    return OutboxCounts({state: n for state, n in rows})


def latest_reply(store: Store, comment_id: int) -> Outgoing | None:
    row = store.conn.execute(
        OUTGOING_SELECT + " WHERE r.comment_id = ? ORDER BY r.at DESC, r.id DESC LIMIT 1",
        (comment_id,),
    ).fetchone()
    return Outgoing.from_row(row) if row else None


def replies_out(store: Store, comment_id: int) -> list[Outgoing]:
    """Every reply to the comment with its way out, oldest first."""
    rows = store.conn.execute(
        OUTGOING_SELECT + " WHERE r.comment_id = ? ORDER BY r.at, r.id", (comment_id,)
    )
    return [Outgoing.from_row(r) for r in rows]


def get_outgoing(store: Store, reply_id: int) -> Outgoing | None:
    row = store.conn.execute(OUTGOING_SELECT + " WHERE r.id = ?", (reply_id,)).fetchone()
    return Outgoing.from_row(row) if row else None


def set_reply_state(
    store: Store, reply_id: int, state: str, *, expect: Sequence[str], **fields: object
) -> bool:
    """Move a reply to ``state`` (with fields such as sent_at, remote_id, error) if it is in
    one of ``expect``; False when another process moved it first."""
    names = ["state", *fields]
    sets = ", ".join(f"{name} = ?" for name in names)
    marks = ", ".join("?" * len(expect))
    cur = store.conn.execute(
        f"UPDATE replies SET {sets} WHERE id = ? AND state IN ({marks})",
        [state, *fields.values(), reply_id, *expect],
    )
    return cur.rowcount == 1


def reply_text_update(store: Store, reply_id: int, text: str, tone: float | None) -> None:
    store.conn.execute("UPDATE replies SET text = ?, tone = ? WHERE id = ?", (text, tone, reply_id))


def sent_remote_ids(store: Store, account_id: int, remote_ids: Sequence[str]) -> set[str]:
    """Which of these platform ids are replies we sent (a pull meets them as ours)."""
    if not remote_ids:
        return set()
    marks = ", ".join("?" * len(remote_ids))
    rows = store.conn.execute(
        f"SELECT remote_id FROM replies WHERE account_id = ? AND remote_id IN ({marks})",
        [account_id, *remote_ids],
    )
    return {r[0] for r in rows}


@dataclass(frozen=True)
class Moderation:
    id: int
    comment_id: int
    account_id: int | None
    action: str  # hide, unhide, delete
    state: str  # queued, done, failed
    actor: str
    at: str
    done_at: str | None
    error: str | None
    external_id: str = ""

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Moderation:
        return cls(
            id=row["id"],
            comment_id=row["comment_id"],
            account_id=row["account_id"],
            action=row["action"],
            state=row["state"],
            actor=row["actor"],
            at=row["at"],
            done_at=row["done_at"],
            error=row["error"],
            external_id=row["external_id"],
        )


MODERATION_SELECT = (
    "SELECT m.*, c.external_id FROM moderation m JOIN comments c ON c.id = m.comment_id"
)


def add_moderation(
    store: Store, *, comment_id: int, account_id: int, action: str, actor: str, at: str
) -> int:
    cur = store.conn.execute(
        "INSERT INTO moderation (comment_id, account_id, action, actor, at) VALUES (?, ?, ?, ?, ?)",
        (comment_id, account_id, action, actor, at),
    )
    return inserted_id(cur)


def queued_moderation(store: Store, account_id: int) -> list[Moderation]:
    rows = store.conn.execute(
        MODERATION_SELECT + " WHERE m.account_id = ? AND m.state = 'queued' ORDER BY m.id",
        (account_id,),
    )
    return [Moderation.from_row(r) for r in rows]


def moderation_of(store: Store, comment_id: int) -> list[Moderation]:
    rows = store.conn.execute(
        MODERATION_SELECT + " WHERE m.comment_id = ? ORDER BY m.id", (comment_id,)
    )
    return [Moderation.from_row(r) for r in rows]


def withdraw_moderation(store: Store, comment_ids: Sequence[int], action: str) -> int:
    """Forget requests not yet sent (the user took back what asked for them)."""
    if not comment_ids:
        return 0
    marks = ", ".join("?" * len(comment_ids))
    cur = store.conn.execute(
        f"DELETE FROM moderation WHERE state = 'queued' AND action = ? AND comment_id IN ({marks})",
        [action, *comment_ids],
    )
    return cur.rowcount


def finish_moderation(store: Store, moderation_id: int, *, at: str, error: str | None) -> None:
    store.conn.execute(
        "UPDATE moderation SET state = ?, done_at = ?, error = ? WHERE id = ?",
        ("failed" if error else "done", at, error, moderation_id),
    )
