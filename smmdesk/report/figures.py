"""Every figure of the report for a period and a brand (or all brands).

Inbox: comments per local day, the share negative / unscored, median and
90th-percentile minutes to the first response per sentiment band, how many
missed their response target, the open backlog by age.
Content: posts per goal and channel, the goal mix against targets, empty days.
Outcomes: per goal and per campaign, what posts brought (reach, clicks,
leads, sales, revenue, spend; cost per lead and per sale where there was
spend) and the share of negative comments on the goal's posts.

Rules, so the numbers can be checked by hand:
- Comments written by the brand itself are not counted. Spam counts in the
  daily figures but not in response times or missed targets.
- The first response is our first reply logged in the app (not undone) or our
  first answer in the thread as exported, whichever is earlier; a response
  stamped before the comment (export clocks drift) counts as 0 minutes.
- A comment missed its target when its first response came later than the
  target for its band (``inbox.priority``: negative 1 h, question or unscored
  4 h, else 24 h, or the ``target.<key>`` settings), or when it has none and
  is still open more than its target after it was written.
- Days are the user's local days; a comment at 23:30 local belongs to that day.
- An outcome counts in the period of its day; one without a day (lifetime
  figures) counts on the local day of its post. Outcomes matched only by
  campaign belong to the campaign's posts' goal when they all share one,
  else to "(several goals)".
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from statistics import median, quantiles
from typing import Any, TypedDict

from smmdesk.calendar import checks, views
from smmdesk.inbox import priority
from smmdesk.inbox.bands import BANDS
from smmdesk.inbox.trend import backlog_by_age
from smmdesk.report.outcomes import posts_by_campaign, utm_value
from smmdesk.report.period import Period
from smmdesk.store import outcomes as outcome_sql
from smmdesk.store import posts as store_posts
from smmdesk.store import report as sql
from smmdesk.store.brands import Brand, list_brands
from smmdesk.store.brief import load_brief
from smmdesk.store.db import Store
from smmdesk.store.outcomes import FIGURES
from smmdesk.timeutil import from_iso, to_iso, utc_now


def percentile_90(values: list[float]) -> float:
    if len(values) == 1:
        return values[0]
    return quantiles(values, n=10, method="inclusive")[-1]


SEVERAL_GOALS = "(several goals)"
NO_CAMPAIGN = "(no campaign)"


@dataclass(frozen=True)
class DayCount:
    day: date
    total: int
    negative: int
    neutral: int
    positive: int
    unscored: int
    mean_compound: float | None


@dataclass(frozen=True)
class BandTimes:
    band: str
    comments: int  # not spam
    answered: int
    median_min: float | None
    p90_min: float | None
    missed: int  # answered late, or open past target


@dataclass(frozen=True)
class InboxFigures:
    days: list[DayCount]
    total: int
    negative: int
    unscored: int
    response: list[BandTimes]
    backlog: list[tuple[str, int]]

    @property
    def negative_share(self) -> float | None:
        return self.negative / self.total if self.total else None

    @property
    def unscored_share(self) -> float | None:
        return self.unscored / self.total if self.total else None

    @property
    def missed(self) -> int:
        return sum(b.missed for b in self.response)

    @property
    def answered(self) -> int:
        return sum(b.answered for b in self.response)


@dataclass(frozen=True)
class ContentFigures:
    posts: int
    by_goal_channel: list[tuple[str, str, int]]  # goal slug, channel, posts
    mix: list[checks.GoalShare]
    gaps: list[date]


@dataclass
class OutcomeRow:
    key: str  # goal slug or campaign
    name: str
    kind: str = ""  # organic, ad, or "" when mixed / not known
    posts: int = 0
    reach: int = 0
    clicks: int = 0
    leads: int = 0
    sales: int = 0
    revenue: float = 0.0
    spend: float = 0.0
    comments: int = 0
    negative: int = 0

    @property
    def cost_per_lead(self) -> float | None:
        """Ad spend per lead: only for ads (organic leads cost no spend)."""
        return self.spend / self.leads if self.kind == "ad" and self.spend and self.leads else None

    @property
    def cost_per_sale(self) -> float | None:
        return self.spend / self.sales if self.kind == "ad" and self.spend and self.sales else None

    @property
    def negative_rate(self) -> float | None:
        return self.negative / self.comments if self.comments else None


@dataclass(frozen=True)
class Report:
    period: Period
    brand: str | None  # brand name, None for all brands
    generated_at: datetime
    inbox: InboxFigures
    content: ContentFigures
    by_goal: list[OutcomeRow]
    by_campaign: list[OutcomeRow] = field(default_factory=list)
    value_proposition: str = ""  # from the brand's brief, when one brand is chosen
    goal_targets: list[tuple[str, float]] = field(default_factory=list)  # (goal name, target share)

    @property
    def outcome_totals(self) -> OutcomeRow:
        total = OutcomeRow("total", "Total")
        for row in self.by_goal:
            for name in ("posts", *FIGURES, "comments", "negative"):
                setattr(total, name, getattr(total, name) + getattr(row, name))
        return total

    def as_dict(self) -> dict[str, Any]:
        """Plain values (dates as ISO text) for JSON."""

        def outcome(row: OutcomeRow) -> dict[str, Any]:
            return {
                **asdict(row),
                "cost_per_lead": row.cost_per_lead,
                "cost_per_sale": row.cost_per_sale,
                "negative_rate": row.negative_rate,
            }

        inbox = self.inbox
        return {
            "period": {
                "from": self.period.first.isoformat(),
                "to": self.period.last.isoformat(),
                "days": self.period.days,
            },
            "brand": self.brand,
            "generated_at": to_iso(self.generated_at),
            "inbox": {
                "comments": inbox.total,
                "negative": inbox.negative,
                "unscored": inbox.unscored,
                "negative_share": inbox.negative_share,
                "unscored_share": inbox.unscored_share,
                "answered": inbox.answered,
                "missed_target": inbox.missed,
                "per_day": [{**asdict(d), "day": d.day.isoformat()} for d in inbox.days],
                "response_times": [asdict(b) for b in inbox.response],
                "backlog": [{"age": label, "open": n} for label, n in inbox.backlog],
            },
            "content": {
                "posts": self.content.posts,
                "by_goal_channel": [
                    {"goal": g, "channel": c, "posts": n}
                    for g, c, n in self.content.by_goal_channel
                ],
                "goal_mix": [
                    {
                        "goal": r.goal,
                        "name": r.name,
                        "kind": r.kind,
                        "posts": r.posts,
                        "share": r.share,
                        "target": r.target,
                        "delta": r.delta,
                    }
                    for r in self.content.mix
                ],  # fmt: skip
                "gaps": [d.isoformat() for d in self.content.gaps],
            },
            "outcomes": {
                "by_goal": [outcome(r) for r in self.by_goal],
                "by_campaign": [outcome(r) for r in self.by_campaign],
                "total": outcome(self.outcome_totals),
            },
        }


def build_report(
    store: Store, period: Period, brand: Brand | None = None, now: datetime | None = None
) -> Report:
    now = now or utc_now()
    brand_id = brand.id if brand else None
    comments = sql.comments_with_first_response(
        store, to_iso(period.start), to_iso(period.end), brand_id
    )
    items = checks.active(views.occurrences_between(store, period.start, period.end, brand))
    posts = {row["id"]: row for row in outcome_sql.post_keys(store, brand_id)}
    by_goal, by_campaign = outcome_figures(store, period, brand_id, items, posts, comments)
    return Report(
        period=period,
        brand=brand.name if brand else None,
        generated_at=now,
        inbox=inbox_figures(store, period, comments, now, brand_id),
        content=content_figures(store, period, brand, items),
        by_goal=by_goal,
        by_campaign=by_campaign,
        **_strategy(store, brand),
    )


class _Strategy(TypedDict, total=False):
    value_proposition: str
    goal_targets: list[tuple[str, float]]


def _strategy(store: Store, brand: Brand | None) -> _Strategy:
    """What the client report opens with: the brief's value proposition and goals."""
    if brand is None:
        return {}
    brief = load_brief(store, brand)
    goals = [(g.name, g.target_share) for g in brief.goals if g.target_share > 0]
    return {"value_proposition": brief.value_proposition, "goal_targets": goals}


# --- inbox ---


def inbox_figures(
    store: Store,
    period: Period,
    comments: list[sqlite3.Row],
    now: datetime,
    brand_id: int | None,
) -> InboxFigures:
    zone = period.zone
    buckets = {d: [0, 0, 0, 0, 0, 0.0, 0] for d in period.dates()}
    targets = priority.targets_for(store, brand_id)
    waits: dict[str, list[float]] = {band: [] for band in BANDS}
    counted = dict.fromkeys(BANDS, 0)
    missed = dict.fromkeys(BANDS, 0)
    for row in comments:
        created = from_iso(row["created_at"])
        bucket = buckets.get(created.astimezone(zone).date())
        if bucket is not None:
            bucket[0] += 1
            bucket[1 + BANDS.index(row["band"])] += 1
            if row["compound"] is not None:
                bucket[5] += row["compound"]
                bucket[6] += 1
        if row["status"] == "spam":
            continue
        band = row["band"]
        counted[band] += 1
        target = targets[priority.target_key(band, bool(row["is_question"]))] * 60
        first = from_iso(row["first_at"]) if row["first_at"] else None
        if first is not None and first <= now:
            waited = max(0.0, (first - created).total_seconds())
            waits[band].append(waited / 60)
            missed[band] += waited > target
        elif row["status"] == "open" and (now - created).total_seconds() > target:
            missed[band] += 1
    days = [
        DayCount(
            d,
            int(b[0]),
            int(b[1]),
            int(b[3]),
            int(b[4]),
            int(b[2]),
            (b[5] / b[6]) if b[6] else None,
        )
        for d, b in buckets.items()
    ]
    response = []
    for band in BANDS:
        values = sorted(waits[band])
        response.append(
            BandTimes(
                band,
                counted[band],
                len(values),
                median(values) if values else None,
                percentile_90(values) if values else None,
                missed[band],
            )
        )
    return InboxFigures(
        days=days,
        total=sum(d.total for d in days),
        negative=sum(d.negative for d in days),
        unscored=sum(d.unscored for d in days),
        response=response,
        backlog=backlog_by_age(store, now, brand_id),
    )


# --- content ---


def content_figures(
    store: Store, period: Period, brand: Brand | None, items: list[views.Occurrence]
) -> ContentFigures:
    per_pair: dict[tuple[str, str], int] = {}
    for item in items:
        key = (item.post.goal, item.post.channel)
        per_pair[key] = per_pair.get(key, 0) + 1
    brands = [brand] if brand else list_brands(store)
    # All brands: a goal's posts of every brand, against the mean of their targets.
    goals = [goal for one in brands for goal in store_posts.list_goals(store, one.id)]
    mix = checks.goal_shares(items, goals)
    mix.sort(key=lambda r: (r.kind != "organic", -r.target, r.goal))
    return ContentFigures(
        posts=len(items),
        by_goal_channel=sorted(
            ((g, c, n) for (g, c), n in per_pair.items()), key=lambda t: (t[0], -t[2], t[1])
        ),
        mix=mix,
        gaps=checks.gaps(items, period.first, period.last, period.zone),
    )


# --- outcomes ---


def outcome_figures(
    store: Store,
    period: Period,
    brand_id: int | None,
    items: list[views.Occurrence],
    posts: dict[int, sqlite3.Row],
    comments: list[sqlite3.Row],
) -> tuple[list[OutcomeRow], list[OutcomeRow]]:
    zone = period.zone
    goals: dict[str, OutcomeRow] = {}
    campaigns: dict[str, OutcomeRow] = {}

    def goal_row(slug: str, name: str, kind: str) -> OutcomeRow:
        return goals.setdefault(slug, OutcomeRow(slug, name, kind))

    def campaign_row(name: str, kind: str) -> OutcomeRow:
        row = campaigns.setdefault(name, OutcomeRow(name, name, kind))
        if row.kind != kind:
            row.kind = ""
        return row

    for item in items:
        planned = item.post
        goal_row(planned.goal, planned.goal_name, planned.kind).posts += 1
        if planned.campaign:
            campaign_row(utm_value(planned.campaign), planned.kind).posts += 1

    by_campaign = posts_by_campaign(posts.values())

    for outcome in outcome_sql.all_outcomes(store):
        post = posts.get(outcome["post_id"]) if outcome["post_id"] is not None else None
        if outcome["post_id"] is not None and post is None:
            continue  # another brand's post
        matched = [post] if post else by_campaign.get(utm_value(outcome["campaign"] or ""), [])
        if not matched:
            continue  # a campaign of another brand
        if outcome["day"]:
            day = date.fromisoformat(outcome["day"])
        else:
            day = min(from_iso(p["scheduled_at"]) for p in matched).astimezone(zone).date()
        if not period.first <= day <= period.last:
            continue
        goal_slugs = {p["goal_slug"] for p in matched}
        kinds = {p["kind"] for p in matched}
        kind = kinds.pop() if len(kinds) == 1 else ""
        if len(goal_slugs) == 1:
            target = goal_row(matched[0]["goal_slug"], matched[0]["goal_name"], kind)
        else:
            target = goal_row(SEVERAL_GOALS, SEVERAL_GOALS, kind)
        named = outcome["campaign"] or (post["campaign"] if post else None)
        campaign = utm_value(named) if named else NO_CAMPAIGN
        rows = [target, campaign_row(campaign, kind)]
        for row in rows:
            for name in FIGURES:
                setattr(row, name, getattr(row, name) + outcome[name])

    for comment in comments:
        post = posts.get(comment["post_id"]) if comment["post_id"] is not None else None
        if post is None:
            continue
        row = goal_row(post["goal_slug"], post["goal_name"], post["kind"])
        row.comments += 1
        row.negative += comment["band"] == "negative"
        if post["campaign"]:
            camp = campaign_row(utm_value(post["campaign"]), post["kind"])
            camp.comments += 1
            camp.negative += comment["band"] == "negative"

    order = {
        slug: n
        for n, slug in enumerate(
            g.slug
            for b in list_brands(store)
            if brand_id in (None, b.id)
            for g in store_posts.list_goals(store, b.id)
        )
    }
    goal_list = sorted(goals.values(), key=lambda r: (order.get(r.key, 999), r.key))
    campaign_list = sorted(campaigns.values(), key=lambda r: (r.key == NO_CAMPAIGN, r.key))
    return goal_list, campaign_list
