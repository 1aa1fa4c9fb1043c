"""What the calendar points out: conflicts, gaps, the goal mix, posts that need a look.

Every check takes the occurrences of a range (``views.occurrences_between``)
and ignores cancelled posts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from smmdesk.calendar.views import Occurrence
from smmdesk.store.db import Store
from smmdesk.store.posts import Goal

DEFAULT_MIN_GAP = timedelta(hours=2)
MIN_GAP_SETTING = "calendar.min_gap_minutes"
SALES_GOAL = "sales"


def active(items: list[Occurrence]) -> list[Occurrence]:
    return [item for item in items if item.post.status != "cancelled"]


def min_gap(store: Store) -> timedelta:
    """The shortest time allowed between two posts on one channel (a setting)."""
    text = store.setting(MIN_GAP_SETTING)
    try:
        return timedelta(minutes=int(text)) if text else DEFAULT_MIN_GAP
    except ValueError:
        return DEFAULT_MIN_GAP


# --- conflicts ---


@dataclass(frozen=True)
class Conflict:
    first: Occurrence
    second: Occurrence

    @property
    def gap(self) -> timedelta:
        return self.second.at - self.first.at

    @property
    def channel(self) -> str:
        return self.first.post.channel


def conflicts(items: list[Occurrence], interval: timedelta = DEFAULT_MIN_GAP) -> list[Conflict]:
    """Pairs of posts on the same channel less than ``interval`` apart, in time order."""
    by_channel: dict[int, list[Occurrence]] = {}
    for item in sorted(active(items), key=lambda i: (i.at, i.post.id)):
        by_channel.setdefault(item.post.channel_id, []).append(item)
    found = []
    for channel_items in by_channel.values():
        for index, first in enumerate(channel_items):
            for second in channel_items[index + 1 :]:
                if second.at - first.at >= interval:
                    break
                found.append(Conflict(first, second))
    found.sort(key=lambda c: (c.first.at, c.second.at))
    return found


# --- gaps ---


def gaps(items: list[Occurrence], first: date, last: date, zone: tzinfo) -> list[date]:
    """Days from ``first`` to ``last`` (inclusive, local) with no post."""
    busy = {item.at.astimezone(zone).date() for item in active(items)}
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if day not in busy]


# --- goal mix ---


@dataclass(frozen=True)
class GoalShare:
    goal: Goal
    count: int
    share: float  # of the period's posts of the goal's kind (organic or ad)

    @property
    def target(self) -> float:
        return self.goal.target_share

    @property
    def delta(self) -> float:
        """Actual minus target: negative when the goal is short of its share."""
        return self.share - self.target


@dataclass(frozen=True)
class GoalMix:
    start: date  # Monday of the week or first of the month
    period: str  # "week" or "month"
    total: int  # active posts in the period
    shares: tuple[GoalShare, ...]

    @property
    def label(self) -> str:
        if self.period == "month":
            return f"{self.start:%Y-%m}"
        return f"{self.start:%G-W%V}"


def period_start(day: date, period: str) -> date:
    if period == "month":
        return day.replace(day=1)
    if period == "week":
        return day - timedelta(days=day.weekday())
    raise ValueError(f"period must be week or month, not {period!r}")


def goal_mix(
    items: list[Occurrence], goals: list[Goal], zone: tzinfo, period: str = "week"
) -> list[GoalMix]:
    """For each week (or month) with posts: each goal's actual share against its target.

    Shares are counted within a kind: organic goals share the organic posts,
    ad goals the ads, so ads do not dilute the content plan.
    """
    by_period: dict[date, list[Occurrence]] = {}
    for item in active(items):
        start = period_start(item.at.astimezone(zone).date(), period)
        by_period.setdefault(start, []).append(item)
    mixes = []
    for start in sorted(by_period):
        in_period = by_period[start]
        per_kind = {
            kind: sum(1 for i in in_period if i.post.kind == kind) for kind in ("organic", "ad")
        }
        shares = []
        for goal in goals:
            count = sum(1 for i in in_period if i.post.goal_id == goal.id)
            of_kind = per_kind.get(goal.kind, 0)
            shares.append(GoalShare(goal, count, count / of_kind if of_kind else 0.0))
        mixes.append(GoalMix(start, period, len(in_period), tuple(shares)))
    return mixes


# --- posts that need a look ---


@dataclass(frozen=True)
class Warning:
    item: Occurrence
    code: str  # "sales-without-link" or "in-the-past"
    message: str


def warnings(items: list[Occurrence], now: datetime) -> list[Warning]:
    """A sales post without a link; a post not yet published whose time has passed.

    Past occurrences of a series are not flagged: a series has one status for all.
    """
    found = []
    for item in active(items):
        post = item.post
        if post.goal == SALES_GOAL and not post.link:
            found.append(Warning(item, "sales-without-link", "sales post without a link"))
        if item.at < now and post.status in ("draft", "scheduled") and not post.is_series:
            found.append(Warning(item, "in-the-past", f"{post.status} post in the past"))
    return found
