"""Response-time figures from the action log: time to first reply per sentiment band."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median, quantiles

from smmdesk.store import Store
from smmdesk.store import comments as q
from smmdesk.timeutil import from_iso


@dataclass(frozen=True)
class ResponseTimes:
    band: str
    count: int
    median_min: float | None
    p90_min: float | None


def percentile_90(values: list[float]) -> float:
    if len(values) == 1:
        return values[0]
    return quantiles(values, n=10, method="inclusive")[-1]


def response_times(store: Store, *, since: str | None = None, until: str | None = None,
                   brand_id: int | None = None) -> list[ResponseTimes]:
    """Median and 90th percentile minutes to first reply, per band (a reply logged
    before the comment's own time counts as zero: clocks on exports drift)."""
    by_band: dict[str, list[float]] = {}
    for row in q.first_responses(store, since, until, brand_id):
        waited = (from_iso(row["first_at"]) - from_iso(row["created_at"])).total_seconds() / 60
        by_band.setdefault(row["band"], []).append(max(0.0, waited))
    out = []
    for band in ("negative", "unscored", "neutral", "positive"):
        values = sorted(by_band.get(band, []))
        out.append(ResponseTimes(band, len(values), median(values) if values else None,
                                 percentile_90(values) if values else None))
    return out
