"""What the calendar points out: conflicts, gaps, the goal mix, posts that need a look.

Every check takes the occurrences of a range (``views.occurrences_between``)
and ignores cancelled posts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from smmdesk.calendar import views
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
    """One goal's posts against its target: the calendar's goal mix and the report's."""

    goal: str  # slug
    name: str
    kind: str  # organic or ad
    colour: str
    posts: int
    share: float  # of the posts of the goal's kind (organic or ad)
    target: float

    @property
    def delta(self) -> float:
        """Actual minus target: negative when the goal is short of its share."""
        return self.share - self.target


def goal_shares(items: list[Occurrence], goals: list[Goal]) -> list[GoalShare]:
    """Each goal's share of the active posts of its kind, against its target, in ``goals``' order.

    Shares are counted within a kind: organic goals share the organic posts,
    ad goals the ads, so ads do not dilute the content plan. ``items`` are the
    posts of the goals' brands; goals of several brands with one slug count
    together, with the mean of their targets.
    """
    live = active(items)
    by_slug: dict[str, list[Goal]] = {}
    for goal in goals:
        by_slug.setdefault(goal.slug, []).append(goal)
    per_kind = {kind: sum(1 for i in live if i.post.kind == kind) for kind in ("organic", "ad")}
    per_goal: dict[str, int] = {}
    for item in live:
        per_goal[item.post.goal] = per_goal.get(item.post.goal, 0) + 1
    shares = []
    for slug, same in by_slug.items():
        first = same[0]
        count = per_goal.get(slug, 0)
        of_kind = per_kind.get(first.kind, 0)
        target = sum(g.target_share for g in same) / len(same)
        shares.append(
            GoalShare(slug, first.name, first.kind, first.colour, count,
                      count / of_kind if of_kind else 0.0, target)
        )  # fmt: skip
    return shares


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
        return views.month_days(day)[0]
    if period == "week":
        return views.week_start(day)
    raise ValueError(f"period must be week or month, not {period!r}")


def goal_mix(
    items: list[Occurrence], goals: list[Goal], zone: tzinfo, period: str = "week"
) -> list[GoalMix]:
    """For each week (or month) with posts: each goal's actual share against its target
    (``goal_shares`` of the period's posts)."""
    by_period: dict[date, list[Occurrence]] = {}
    starts: dict[date, date] = {}  # each local day's period, found once (a month: ~30 days)
    for item in active(items):
        day = item.at.astimezone(zone).date()
        start = starts.get(day)
        if start is None:
            start = starts[day] = period_start(day, period)
        by_period.setdefault(start, []).append(item)
    return [
        GoalMix(start, period, len(by_period[start]), tuple(goal_shares(by_period[start], goals)))
        for start in sorted(by_period)
    ]


# --- posts that need a look ---


@dataclass(frozen=True)
class PlanWarning:
    item: Occurrence
    code: str  # "sales-without-link" or "in-the-past"
    message: str


def warnings(items: list[Occurrence], now: datetime) -> list[PlanWarning]:
    """A sales post without a link; a post not yet published whose time has passed.

    Past occurrences of a series are not flagged: a series has one status for all.
    """
    found = []
    for item in active(items):
        post = item.post
        if post.goal == SALES_GOAL and not post.link:
            found.append(PlanWarning(item, "sales-without-link", "sales post without a link"))
        if item.at < now and post.status in ("draft", "scheduled") and not post.is_series:
            found.append(PlanWarning(item, "in-the-past", f"{post.status} post in the past"))
    return found
