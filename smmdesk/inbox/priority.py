"""The queue's one priority formula.

Every comment gets a *tier* — 0: negative or flagged, 1: needs an answer or a
look (a question, or unscored), 2: everything else — and, within its tier,
an *effective deadline*, ``urgent_at``:

    urgent_at = created_at + target(band)
                - negativity  (up to 12 h earlier for compound = -1)
                - question    (2 h earlier)
                - reach       (up to 6 h earlier: 1 h per doubling of likes + 2 x replies)
                - flag        (24 h earlier: flagged means "look at this now")
                + answered    (24 h later when the thread already holds our reply)

The queue is ordered by tier, then ``urgent_at``: negatives first, then
questions, then the rest; within each, the most overdue first. Because every
comment's time left shrinks at the same rate, this order stays right as time
passes without re-scoring, so it can be stored and indexed. The priority shown is how far
past its effective deadline a comment is, at the moment it is read.

Response targets per band are configurable (``settings`` table, key
``target.<band>`` in minutes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

HOUR = 3600

DEFAULT_TARGETS_MIN = {"negative": 60, "question": 240, "unscored": 240, "neutral": 1440, "positive": 1440}

NEGATIVITY_HOURS = 12
QUESTION_HOURS = 2
REACH_HOURS_MAX = 6
FLAG_HOURS = 24
ANSWERED_HOURS = 24


@dataclass(frozen=True)
class Part:
    label: str
    seconds: int          # how much earlier (+) or later (-) it makes the deadline


TIER_NAMES = {0: "negative or flagged: answered first", 1: "question or unscored: next",
              2: "other: after negatives and questions"}


@dataclass(frozen=True)
class Explanation:
    tier: int
    target_key: str
    target_seconds: int
    parts: tuple[Part, ...]
    urgent_at: int

    def lines(self, now: datetime) -> list[str]:
        def hours(seconds: int) -> str:
            return f"{seconds / HOUR:+.1f} h"

        out = [f"tier {self.tier} ({TIER_NAMES[self.tier]})", f"response target ({self.target_key}): {self.target_seconds / HOUR:.1f} h after posting"]
        out += [f"{part.label}: deadline {hours(-part.seconds)}" for part in self.parts if part.seconds]
        overdue = now.timestamp() - self.urgent_at
        state = "overdue by" if overdue >= 0 else "due in"
        out.append(f"effective deadline: {state} {abs(overdue) / HOUR:.1f} h")
        return out


def target_key(band: str, question: bool) -> str:
    """Negative wins over question; a question wins over neutral/positive."""
    if band == "negative":
        return "negative"
    if question:
        return "question"
    return band


def explain(
    *,
    created_at: datetime,
    band: str,
    compound: float | None,
    question: bool,
    likes: int = 0,
    replies: int = 0,
    flagged: bool = False,
    answered: bool = False,
    targets_min: dict[str, int] | None = None,
) -> Explanation:
    targets = {**DEFAULT_TARGETS_MIN, **(targets_min or {})}
    key = target_key(band, question)
    target = targets[key] * 60
    reach = math.log2(1 + max(0, likes) + 2 * max(0, replies))
    parts = (
        Part("negativity", round(max(0.0, -(compound or 0.0)) * NEGATIVITY_HOURS * HOUR)),
        Part("question", QUESTION_HOURS * HOUR if question else 0),
        Part("reach", round(min(REACH_HOURS_MAX, reach) * HOUR)),
        Part("flagged", FLAG_HOURS * HOUR if flagged else 0),
        Part("thread already answered", -ANSWERED_HOURS * HOUR if answered else 0),
    )
    urgent_at = int(created_at.timestamp()) + target - sum(p.seconds for p in parts)
    return Explanation(tier_of(band, question, flagged), key, target, parts, urgent_at)


def tier_of(band: str, question: bool, flagged: bool) -> int:
    if band == "negative" or flagged:
        return 0
    if question or band == "unscored":
        return 1
    return 2


def priority_hours(urgent_at: int, now: datetime) -> float:
    """Hours past the effective deadline (negative: time left)."""
    return (now.timestamp() - urgent_at) / HOUR
