"""Figures for the Report section: comments and sentiment per day, backlog by age."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from smmdesk.store import Store
from smmdesk.store import comments as q
from smmdesk.timeutil import local_zone, to_iso, utc_now


@dataclass(frozen=True)
class Day:
    day: date
    total: int
    negative: int
    positive: int
    unscored: int
    mean_compound: float | None


def daily_sentiment(store: Store, days: int = 14, now: datetime | None = None,
                    brand_id: int | None = None) -> list[Day]:
    """One row per local day, oldest first, including empty days."""
    now = now or utc_now()
    zone = local_zone()
    today = now.astimezone(zone).date()
    first = today - timedelta(days=days - 1)
    start = datetime.combine(first, datetime.min.time(), zone)
    buckets = {first + timedelta(days=i): [0, 0, 0, 0, 0.0, 0] for i in range(days)}
    for created, band, compound in q.created_band_compound(store, to_iso(start), brand_id):
        from smmdesk.timeutil import from_iso

        day = from_iso(created).astimezone(zone).date()
        if day not in buckets:
            continue
        b = buckets[day]
        b[0] += 1
        b[1] += band == "negative"
        b[2] += band == "positive"
        b[3] += band == "unscored"
        if compound is not None:
            b[4] += compound
            b[5] += 1
    return [Day(d, b[0], b[1], b[2], b[3], (b[4] / b[5]) if b[5] else None) for d, b in buckets.items()]


def backlog_by_age(store: Store, now: datetime | None = None, brand_id: int | None = None) -> list[tuple[str, int]]:
    now = now or utc_now()
    edges = [("< 1 h", timedelta(hours=1)), ("1–4 h", timedelta(hours=4)),
             ("4–24 h", timedelta(hours=24)), ("1–3 d", timedelta(days=3)), ("> 3 d", None)]
    counts = []
    newer = now
    for label, age in edges:
        older = now - age if age else None
        counts.append((label, q.open_count_between(store, to_iso(older) if older else None, to_iso(newer),
                                                   to_iso(now), brand_id)))
        newer = older
    return counts
