"""The outbox: our replies on their way to the platforms, and what the user does with them.

A reply saved for a comment a connected account can answer is ``queued``; the sync moves it
to ``sending`` (committed before the call), then ``sent`` with the platform's id and time,
or ``failed`` with the reason (its comment is open again, so it is answered after all).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from smmdesk.errors import UserError
from smmdesk.store import Store
from smmdesk.store import accounts as a
from smmdesk.store import comments as q
from smmdesk.store.accounts import OutboxCounts, Outgoing
from smmdesk.timeutil import to_iso, utc_now

__all__ = [
    "Outgoing",
    "OutboxCounts",
    "counts",
    "listing",
    "latest_for",
    "of_comment",
    "account_for",
    "retry",
    "mark_sent",
    "drop",
]

LISTED = ("queued", "sending", "sent", "failed", "unsure")
RETRYABLE = ("failed", "unsure")


def listing(
    store: Store, states: Sequence[str] = LISTED, brand_id: int | None = None
) -> list[Outgoing]:
    return a.outbox(store, states, brand_id)


def counts(store: Store, brand_id: int | None = None) -> OutboxCounts:
    return a.outbox_counts(store, brand_id)


def latest_for(store: Store, comment_id: int) -> Outgoing | None:
    """The newest reply to the comment, with its way out (for the detail pane, ``reply``)."""
    return a.latest_reply(store, comment_id)


def of_comment(store: Store, comment_id: int) -> list[Outgoing]:
    """Every reply to the comment with its state, oldest first (the detail pane)."""
    return a.replies_out(store, comment_id)


def account_for(store: Store, comment_id: int) -> str | None:
    """The name of the account a reply to the comment would be queued for (None: by hand)."""
    account_id = a.account_for_comment(store, comment_id)
    account = a.account_by_id(store, account_id) if account_id is not None else None
    return account.name if account else None


def _one(store: Store, reply_id: int, verb: str) -> Outgoing:
    found = a.get_outgoing(store, reply_id)
    if found is None or found.reply.state == "manual":
        raise UserError(f"no reply {reply_id} in the outbox, outbox {verb}")
    return found


def retry(store: Store, reply_id: int, text: str | None = None) -> Outgoing:
    """Queue a failed or unsure reply again, with a new text if given; its comment is
    replied again (a failure reopened it)."""
    found = _one(store, reply_id, "retry")
    if found.reply.state not in RETRYABLE:
        raise UserError(
            f"reply {reply_id} is {found.reply.state}; only a failed or unsure one is retried, "
            "outbox retry"
        )
    with store.transaction():
        if text is not None:
            if not text.strip():
                raise UserError("reply is empty, outbox retry")
            from smmdesk.inbox.replies import tone_of

            a.reply_text_update(store, reply_id, text, tone_of(text).compound)
        a.set_reply_state(store, reply_id, "queued", expect=RETRYABLE, error=None)
        q.update_comment(store, found.comment_id, {"status": "replied"}, {"status": "open"})
    return _one(store, reply_id, "retry")


def mark_sent(store: Store, reply_id: int, *, now: datetime | None = None) -> Outgoing:
    """The user saw an unsure reply on the platform: it went out (at the time it was tried)."""
    found = _one(store, reply_id, "sent")
    if found.reply.state != "unsure":
        raise UserError(f"reply {reply_id} is {found.reply.state}, not unsure, outbox sent")
    at = found.reply.tried_at or to_iso(now or utc_now())
    a.set_reply_state(store, reply_id, "sent", expect=("unsure",), sent_at=at, error=None)
    return _one(store, reply_id, "sent")


def drop(store: Store, reply_id: int) -> None:
    """Give up a reply that has not gone out (queued, failed, unsure): it is deleted."""
    found = _one(store, reply_id, "drop")
    if found.reply.state in ("sending", "sent"):
        raise UserError(
            f"reply {reply_id} is {found.reply.state}; it cannot be dropped, outbox drop"
        )
    with store.transaction():
        q.delete_reply(store, reply_id)
        if not q.replies_of(store, found.comment_id):
            q.update_comment(store, found.comment_id, {"status": "open"}, {"status": "replied"})
