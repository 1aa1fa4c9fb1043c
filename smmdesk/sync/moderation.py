"""Hiding comments on the platform: only when the user asks (a key with a confirmation, or
``[sync] hide_spam`` in config.toml), queued like a reply, done by the next sync, logged in
the ``moderation`` table, undone by showing it again where the platform allows (Telegram can
only delete, which cannot be undone)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from smmdesk.store import Store
from smmdesk.store import accounts as a
from smmdesk.store.accounts import Moderation
from smmdesk.timeutil import to_iso, utc_now

__all__ = ["Moderation", "Requested", "request", "withdraw", "history"]
ACTIONS = ("hide", "unhide")


@dataclass
class Requested:
    queued: list[int] = field(default_factory=list)
    no_account: list[int] = field(default_factory=list)  # no connected account can do it

    def message(self, action: str) -> str:
        text = f"{action} on the platform: {len(self.queued)} queued for the next sync"
        if self.no_account:
            text += f"; {len(self.no_account)} with no connected account, left as they are"
        return text


def request(
    store: Store,
    comment_ids: Sequence[int],
    action: str = "hide",
    *,
    actor: str | None = None,
    now: datetime | None = None,
) -> Requested:
    """Queue hiding (or showing again) these comments on their platforms."""
    from smmdesk.inbox.triage import current_actor

    if action not in ACTIONS:
        raise ValueError(action)
    done = Requested()
    at = to_iso(now or utc_now())
    with store.transaction():
        for comment_id in comment_ids:
            account_id = a.account_for_comment(store, comment_id)
            if account_id is None:
                done.no_account.append(comment_id)
                continue
            a.add_moderation(
                store,
                comment_id=comment_id,
                account_id=account_id,
                action=action,
                actor=actor or current_actor(),
                at=at,
            )
            done.queued.append(comment_id)
    return done


def withdraw(store: Store, comment_ids: Sequence[int], action: str = "hide") -> int:
    """Take back requests the sync has not done yet (their spam mark was undone)."""
    return a.withdraw_moderation(store, comment_ids, action)


def history(store: Store, comment_id: int) -> list[Moderation]:
    return a.moderation_of(store, comment_id)
