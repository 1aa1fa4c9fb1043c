"""The queue's one priority formula.

Every comment gets a *tier* — 0: negative or flagged, 1: needs an answer or a
look (a question, or unscored), 2: everything else, 3: suspected spam (``inbox.spam``:
after every other open comment, whatever its tone; a flag still wins) — and, within its tier,
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
passes without re-scoring, so it can be stored and indexed.

The effective deadline only *ranks*; it is never called a deadline to the user.
Whether a comment is overdue is decided by :func:`timing` from its real
response target alone (``created_at + target(band)``): a 38-minute-old negative
comment with a one-hour target is "due in 22 min", however early it ranks.

Response targets per band are configurable (``settings`` table, key
``target.<band>`` in minutes), and a brand's brief may set its own: :func:`targets_for`
is the one place that reads them, :func:`rank` the one place that ranks a comment.
Import, rescoring, triage (flag), the queue and the report all come here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from smmdesk.store import Store
from smmdesk.store.brief import response_targets

HOUR = 3600

DEFAULT_TARGETS_MIN = {
    "negative": 60,
    "question": 240,
    "unscored": 240,
    "neutral": 1440,
    "positive": 1440,
}

NEGATIVITY_HOURS = 12
QUESTION_HOURS = 2
REACH_HOURS_MAX = 6
FLAG_HOURS = 24
ANSWERED_HOURS = 24


@dataclass(frozen=True)
class Part:
    label: str
    seconds: int  # how much earlier (+) or later (-) it makes the deadline


TIER_NAMES = {
    0: "negative or flagged: answered first",
    1: "question or unscored: next",
    2: "other: after negatives and questions",
    3: "suspected spam: after every other comment",
}


def span(seconds: float) -> str:
    """A duration as a person says it: 45 s, 22 min, 1 h 20 min, 6.5 h, 3 d 4 h."""
    seconds = abs(int(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 10 * 60:
        hours, rest = divmod(minutes, 60)
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    if minutes < 48 * 60:
        return f"{minutes / 60:.0f} h"
    days, rest = divmod(minutes // 60, 24)
    return f"{days} d {rest} h" if rest else f"{days} d"


def overdue_seconds(due_at: int, now: datetime) -> float:
    """Seconds past the real response deadline ``due_at`` (negative: time left)."""
    return now.timestamp() - due_at


def timing(due_at: int, now: datetime) -> str:
    """The one wording of a response deadline: "overdue by 2 h 5 min" or "due in 22 min".

    ``due_at`` is the real deadline, ``created_at + target`` (:func:`due_at_of`),
    never the effective deadline that only ranks.
    """
    late = overdue_seconds(due_at, now)
    return f"overdue by {span(late)}" if late >= 0 else f"due in {span(late)}"


def due_at_of(created_at: datetime, target_seconds: int) -> int:
    """The real response deadline: the band's target after posting."""
    return int(created_at.timestamp()) + target_seconds


@dataclass(frozen=True)
class Explanation:
    tier: int
    target_key: str
    target_seconds: int
    parts: tuple[Part, ...]
    urgent_at: int  # the effective deadline: ranks, is not a deadline
    due_at: int = 0  # the real one: created_at + target
    pinned: bool = False  # the tier is a moderation rule's

    def lines(self, now: datetime, status: str = "open") -> list[str]:
        """``status``: a comment no longer open is not waiting, so it is never "overdue"."""

        def moved(seconds: int) -> str:
            return f"ranks {abs(seconds) / HOUR:.1f} h {'earlier' if seconds > 0 else 'later'}"

        out = [
            f"tier {self.tier} ({'moved there by a rule' if self.pinned else TIER_NAMES[self.tier]})",
            f"response target ({self.target_key}): {span(self.target_seconds)} after posting, "
            + (timing(self.due_at, now) if status == "open" else f"{status}: not waiting"),
        ]
        out += [f"{part.label}: {moved(part.seconds)}" for part in self.parts if part.seconds]
        shift = self.due_at - self.urgent_at
        if shift:
            out.append(
                f"priority (effective deadline, ranking only): as if due {span(shift)} "
                f"{'before' if shift > 0 else 'after'} the target"
            )
        else:
            out.append("priority (effective deadline, ranking only): the target itself")
        return out


def target_key(band: str, question: bool) -> str:
    """Negative wins over question; a question wins over neutral/positive."""
    if band == "negative":
        return "negative"
    if question:
        return "question"
    return band


def deadline(
    band: str, question: bool, created_at: datetime, targets: dict[str, int]
) -> tuple[str, int, int]:
    """The response target's key and seconds, and the real deadline (``created_at`` + target):
    what :func:`rank` says of them, without the rest of the rank (the queue's rows)."""
    key = target_key(band, question)
    target = targets.get(key, DEFAULT_TARGETS_MIN[key]) * 60
    return key, target, due_at_of(created_at, target)


def targets_for(store: Store, brand_id: int | None = None) -> dict[str, int]:
    """Response targets in minutes, every key: the defaults, overridden by the settings
    (``target.<key>``), overridden by the brand's brief when it sets them."""
    targets = dict(DEFAULT_TARGETS_MIN)
    for key in DEFAULT_TARGETS_MIN:
        value = store.setting(f"target.{key}")
        if value is not None and value.isdigit():
            targets[key] = int(value)
    if brand_id is not None:
        targets.update(response_targets(store, brand_id))
    return targets


class Rankable(Protocol):
    """What :func:`rank` reads of a comment (a stored ``Comment`` or :class:`Facts`)."""

    @property
    def created_at(self) -> datetime: ...
    @property
    def band(self) -> str: ...
    @property
    def compound(self) -> float | None: ...
    @property
    def is_question(self) -> bool: ...
    @property
    def likes(self) -> int: ...
    @property
    def reply_count(self) -> int: ...
    @property
    def flagged(self) -> bool: ...
    @property
    def has_our_reply(self) -> bool: ...
    @property
    def spam_suspect(self) -> bool: ...
    @property
    def pinned_tier(self) -> int | None: ...


@dataclass(frozen=True)
class Facts:
    """A comment not stored yet (import), as :func:`rank` reads it."""

    created_at: datetime
    band: str
    compound: float | None
    is_question: bool
    likes: int = 0
    reply_count: int = 0
    flagged: bool = False
    has_our_reply: bool = False
    spam_suspect: bool = False
    pinned_tier: int | None = None


def rank(comment: Rankable, targets: dict[str, int]) -> Explanation:
    """The one priority formula: tier, effective deadline and its parts, real deadline.

    ``targets``: minutes per key, as :func:`targets_for` gives them (missing keys default).
    """
    key, target, due_at = deadline(comment.band, comment.is_question, comment.created_at, targets)
    reach = math.log2(1 + max(0, comment.likes) + 2 * max(0, comment.reply_count))
    parts = (
        Part("negativity", round(max(0.0, -(comment.compound or 0.0)) * NEGATIVITY_HOURS * HOUR)),
        Part("question", QUESTION_HOURS * HOUR if comment.is_question else 0),
        Part("reach", round(min(REACH_HOURS_MAX, reach) * HOUR)),
        Part("flagged", FLAG_HOURS * HOUR if comment.flagged else 0),
        Part("thread already answered", -ANSWERED_HOURS * HOUR if comment.has_our_reply else 0),
    )
    urgent_at = due_at - sum(p.seconds for p in parts)
    tier = tier_of(comment.band, comment.is_question, comment.flagged, comment.spam_suspect)
    pinned = comment.pinned_tier is not None  # a rule moved it (the store's trigger agrees)
    if comment.pinned_tier is not None:
        tier = comment.pinned_tier
    return Explanation(tier, key, target, parts, urgent_at, due_at, pinned)


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
    spam_suspect: bool = False,
    targets_min: dict[str, int] | None = None,
) -> Explanation:
    """:func:`rank` by keyword (tests and one-off callers)."""
    facts = Facts(
        created_at, band, compound, question, likes, replies, flagged, answered, spam_suspect
    )
    return rank(facts, targets_min or {})


def tier_of(band: str, question: bool, flagged: bool, spam_suspect: bool = False) -> int:
    """A suspect of spam ranks last, even when negative or a question ("can you subscribe?"
    is no question to answer); a flag (the manager's "look at this now") wins over it."""
    if flagged:
        return 0
    if spam_suspect:
        return 3
    if band == "negative":
        return 0
    if question or band == "unscored":
        return 1
    return 2


def priority_hours(urgent_at: int, now: datetime) -> float:
    """Hours past the effective deadline: a rank, not lateness (see :func:`timing`)."""
    return (now.timestamp() - urgent_at) / HOUR
