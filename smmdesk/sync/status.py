"""What the app's header shows of the sync: the last one, the outbox, who could not be reached."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from smmdesk.store import Store
from smmdesk.store import accounts as a
from smmdesk.store.accounts import OutboxCounts
from smmdesk.timeutil import from_iso

__all__ = ["SyncStatus", "of", "ago"]


@dataclass(frozen=True)
class SyncStatus:
    accounts: int
    last_sync_at: str | None  # the newest sync that reached its account
    unreachable: tuple[str, ...]  # the accounts the last sync could not reach
    outbox: OutboxCounts

    def parts(self, now: datetime, *, compact: bool = False) -> list[tuple[str, str]]:
        """``(words, kind)``, kind one of synced, outbox, failed, offline: "synced 5 min ago",
        "outbox 3", "1 failed", "offline". ``compact`` (a narrow terminal) leaves out the
        time when something more urgent is shown."""
        offline, failed = bool(self.unreachable), self.outbox.failed
        found: list[tuple[str, str]] = []
        if not (compact and (offline or failed)):
            when = self.last_sync_at
            found.append(
                (f"synced {ago(now, from_iso(when))}" if when else "never synced", "synced")
            )
        found.append((f"outbox {self.outbox.waiting}", "outbox"))
        if failed:
            found.append((f"{failed} failed", "failed"))
        if offline:
            found.append(
                (
                    "offline"
                    if len(self.unreachable) == self.accounts
                    else f"{len(self.unreachable)} of {self.accounts} offline",
                    "offline",
                )
            )
        return found

    def line(self, now: datetime, *, compact: bool = False) -> str:
        return " · ".join(words for words, _ in self.parts(now, compact=compact))


def of(store: Store, brand_id: int | None = None) -> SyncStatus | None:
    """The brand's accounts (None: every account); None when there are none."""
    state = a.sync_state(store, brand_id)
    if not state.accounts:
        return None
    return SyncStatus(
        state.accounts, state.last_sync_at, state.unreachable, a.outbox_counts(store, brand_id)
    )


def ago(now: datetime, then: datetime) -> str:
    """``just now``, ``5 min ago``, ``3 h ago``, ``2 days ago``."""
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    days = seconds // 86400
    return f"{days} day{'s' * (days != 1)} ago"
