"""The open backlog by age, for the report."""

from __future__ import annotations

from datetime import datetime, timedelta

from smmdesk.store import Store
from smmdesk.store import comments as q
from smmdesk.timeutil import to_iso, utc_now


def backlog_by_age(
    store: Store, now: datetime | None = None, brand_id: int | None = None
) -> list[tuple[str, int]]:
    now = now or utc_now()
    edges = [
        ("< 1 h", timedelta(hours=1)),
        ("1–4 h", timedelta(hours=4)),
        ("4–24 h", timedelta(hours=24)),
        ("1–3 d", timedelta(days=3)),
        ("> 3 d", None),
    ]
    counts = []
    newer = now
    for label, age in edges:
        older = now - age if age else None
        counts.append(
            (
                label,
                q.open_count_between(
                    store, to_iso(older) if older else None, to_iso(newer), to_iso(now), brand_id
                ),
            )
        )
        if older is None:
            break  # the last edge: everything older than the one before
        newer = older
    return counts
