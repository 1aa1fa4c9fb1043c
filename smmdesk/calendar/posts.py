"""Posts: create, edit, move, copy, delete — each checked before it is stored.

No goal, no post: every post serves one of its brand's goals, and the goal
decides the post's kind (organic or ad) unless the post says so itself.
A series (a post with a repeat rule) can have single occurrences skipped or
edited; an edited occurrence is a post row of its own that points at its series.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from dateutil.relativedelta import relativedelta
from dateutil.tz import resolve_imaginary

from smmdesk.calendar import recurrence
from smmdesk.calendar.timeparse import shift
from smmdesk.errors import UserError
from smmdesk.store import posts as sql
from smmdesk.store.brands import Brand
from smmdesk.store.db import Store
from smmdesk.timeutil import from_iso, to_iso, utc_now

STATUSES = ("draft", "scheduled", "published", "cancelled")
# A post's time, in UTC, falls in [EARLIEST, LATEST): far enough from datetime's own
# ends (years 1 and 9999) that a zone, the event's length or a repeat rule never overflow.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
KINDS = ("organic", "ad")
EDITABLE = ("title", "body", "channel", "goal", "kind", "when", "status", "campaign", "link",
            "rrule", "tz")  # fmt: skip


@dataclass(frozen=True)
class Post:
    id: int
    brand_id: int
    brand: str  # slug
    title: str
    body: str
    channel_id: int
    channel: str  # the touchpoint's name
    kind: str  # organic or ad
    scheduled_at: datetime  # UTC; for a series, its first occurrence
    status: str
    campaign: str | None
    link: str | None  # as typed; see tracked_link
    goal_id: int
    goal: str  # slug
    goal_name: str
    goal_colour: str
    rrule: str | None
    exdates: tuple[datetime, ...]
    series_id: int | None  # set on an edited occurrence of a series
    occurrence_at: datetime | None  # ...and which occurrence it replaces
    tz: str  # wall-time zone of the series
    created_at: datetime
    updated_at: datetime

    @property
    def is_series(self) -> bool:
        return self.rrule is not None

    @property
    def tracked_link(self) -> str | None:
        """The link with UTM parameters, so the site's analytics credit the goal."""
        if not self.link:
            return None
        return utm_link(
            self.link, channel=self.channel, kind=self.kind, campaign=self.campaign, goal=self.goal
        )


def post_from_row(row: sqlite3.Row) -> Post:
    occurrence = row["occurrence_at"]
    return Post(
        id=row["id"],
        brand_id=row["brand_id"],
        brand=row["brand_slug"],
        title=row["title"],
        body=row["body"],
        channel_id=row["channel_id"],
        channel=row["channel_name"],
        kind=row["kind"],
        scheduled_at=from_iso(row["scheduled_at"]),
        status=row["status"],
        campaign=row["campaign"],
        link=row["link"],
        goal_id=row["goal_id"],
        goal=row["goal_slug"],
        goal_name=row["goal_name"],
        goal_colour=row["goal_colour"],
        rrule=row["rrule"],
        exdates=()
        if row["exdates"] in (None, "[]")
        else tuple(from_iso(t) for t in json.loads(row["exdates"])),
        series_id=row["series_id"],
        occurrence_at=from_iso(occurrence) if occurrence else None,
        tz=row["tz"],
        created_at=from_iso(row["created_at"]),
        updated_at=from_iso(row["updated_at"]),
    )


# --- reading ---


def find_post(store: Store, post_id: int) -> Post | None:
    row = sql.get_post(store, post_id)
    return post_from_row(row) if row else None


def get_post(store: Store, post_id: int) -> Post:
    post = find_post(store, post_id)
    if post is None:
        raise UserError(f"no post with id {post_id}, post id")
    return post


def list_posts(store: Store, brand: Brand | None = None) -> list[Post]:
    return [post_from_row(row) for row in sql.all_posts(store, brand.id if brand else None)]


# --- UTM ---


def utm_link(link: str, *, channel: str, kind: str, campaign: str | None, goal: str) -> str:
    """``link`` with utm_source (channel), utm_medium (social or paid) and utm_campaign
    (campaign, else goal) — unless it already carries any utm_ parameter of its own."""
    parts = urlsplit(link)
    if any(key.lower().startswith("utm_") for key, _ in parse_qsl(parts.query, True)):
        return link
    utm = urlencode(
        [
            ("utm_source", _utm_value(channel)),
            ("utm_medium", "paid" if kind == "ad" else "social"),
            ("utm_campaign", _utm_value(campaign or goal)),
        ]
    )
    # Appended to the raw query so the link's own parameters keep their exact encoding.
    query = f"{parts.query}&{utm}" if parts.query else utm
    return urlunsplit(parts._replace(query=query))


def _utm_value(text: str) -> str:
    return re.sub(r"[\W_]+", "-", text.strip().lower()).strip("-") or "none"


# --- validation: domain fields → database columns ---


def _check_title(title: str | None) -> str:
    title = (title or "").strip()
    if not title:
        raise UserError("a post needs a title", where="title")
    return title


def _check_goal(store: Store, brand: Brand, slug: str | None) -> sql.Goal:
    known = ", ".join(goal.slug for goal in sql.list_goals(store, brand.id)) or "none"
    slug = (slug or "").strip()
    if not slug:
        raise UserError(f"a post needs a goal (no goal, no post; one of: {known})", where="goal")
    goal = sql.find_goal(store, brand.id, slug)
    if goal is None:
        raise UserError(f"no goal {slug!r} for brand {brand.slug} (known: {known})", where="goal")
    return goal


def _check_channel(store: Store, brand: Brand, name: str | None) -> sql.Channel:
    name = (name or "").strip()
    known = ", ".join(c.name for c in sql.list_channels(store, brand.id)) or "none yet"
    if not name:
        raise UserError(f"a post needs a channel (known: {known})", where="channel")
    channel = sql.find_channel(store, brand.id, name)
    if channel is None:
        raise UserError(
            f"no channel {name!r} for brand {brand.slug} (known: {known}; "
            "add one with 'smmdesk channel add')",
            where="channel",
        )
    return channel


def _check_kind(kind: str | None, goal: sql.Goal) -> str:
    if kind is None:
        return goal.kind
    if kind not in KINDS:
        raise UserError(f"kind must be organic or ad, {kind!r}")
    if kind != goal.kind:
        raise UserError(f"goal {goal.slug!r} is for {goal.kind} posts, not {kind}", where="goal")
    return kind


def _check_status(status: str) -> str:
    if status not in STATUSES:
        raise UserError(f"status must be one of {', '.join(STATUSES)}, {status!r}")
    return status


def _check_link(link: str | None) -> str | None:
    link = (link or "").strip()
    if not link:
        return None
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in link):
        raise UserError(f"link must be a web address starting with https://, {link!r}")
    return link


def check_when(when: datetime, field: str = "when") -> datetime:
    """Refuse a time no calendar can hold (``9999-12-31``, year 1): one line, at entry."""
    try:
        inside = EARLIEST <= when < LATEST
    except OverflowError:
        inside = False
    if not inside:
        raise UserError(
            f"a post's time must fall between the years {EARLIEST.year} and "
            f"{LATEST.year - 1}, not {when:%Y-%m-%d %H:%M}",
            where=field,
        )
    return when


def _optional(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def _resolve(store: Store, brand: Brand, fields: dict) -> dict:
    """Check a post's fields and turn them into column values."""
    goal = _check_goal(store, brand, fields.get("goal"))
    channel = _check_channel(store, brand, fields.get("channel"))
    when = fields.get("when")
    if not isinstance(when, datetime) or when.tzinfo is None:
        raise UserError("a post needs a time", where="when")
    check_when(when)
    tz_name = fields.get("tz") or recurrence.local_zone_name()
    wall_zone = recurrence.zone(tz_name)
    rule = _optional(fields.get("rrule"))
    if rule:
        start = when.astimezone(wall_zone)
        rule = recurrence.normalize_rule(rule, start)
        first = recurrence.first_occurrence(rule, start)
        if first is None:
            raise UserError(
                f"the repeat rule has no occurrence from {start:%Y-%m-%d}", where="rrule"
            )
        when = check_when(first)  # a series starts on a day its rule allows, as RFC 5545 expects
    return {
        "brand_id": brand.id,
        "title": _check_title(fields.get("title")),
        "body": fields.get("body") or "",
        "channel_id": channel.id,
        "kind": _check_kind(fields.get("kind"), goal),
        "scheduled_at": to_iso(when),
        "status": _check_status(fields.get("status") or "draft"),
        "campaign": _optional(fields.get("campaign")),
        "link": _check_link(fields.get("link")),
        "goal_id": goal.id,
        "rrule": rule,
        "tz": tz_name,
    }


def _fields_of(post: Post) -> dict:
    return {
        "title": post.title, "body": post.body, "channel": post.channel, "goal": post.goal,
        "kind": post.kind, "when": post.scheduled_at, "status": post.status,
        "campaign": post.campaign, "link": post.link, "rrule": post.rrule, "tz": post.tz,
    }  # fmt: skip


def _brand_of(store: Store, post: Post) -> Brand:
    brand = sql.get_brand_by_id(store, post.brand_id)
    assert brand is not None  # posts.brand_id is a foreign key
    return brand


def _exdates_json(moments: list[datetime] | tuple[datetime, ...]) -> str:
    return json.dumps(sorted({to_iso(moment) for moment in moments}))


# --- writing ---


def create_post(
    store: Store,
    brand: Brand,
    *,
    title: str,
    goal: str | None,
    channel: str,
    when: datetime,
    body: str = "",
    kind: str | None = None,
    status: str = "draft",
    campaign: str | None = None,
    link: str | None = None,
    rrule: str | None = None,
    tz: str | None = None,
    now: datetime | None = None,
) -> Post:
    """Store a new post; ``goal`` is a goal slug of ``brand``, ``channel`` a channel name.

    ``rrule`` makes it a series (RFC 5545 rule, see ``recurrence.build_rule``);
    ``tz`` is the zone whose wall clock the series keeps (default: the user's).
    """
    fields = {
        "title": title, "goal": goal, "channel": channel, "when": when, "body": body,
        "kind": kind, "status": status, "campaign": campaign, "link": link, "rrule": rrule,
        "tz": tz,
    }  # fmt: skip
    return insert_post(store, brand, fields, now=now)


def insert_post(
    store: Store,
    brand: Brand,
    fields: dict,
    *,
    exdates: tuple[datetime, ...] = (),
    series_id: int | None = None,
    occurrence_at: datetime | None = None,
    now: datetime | None = None,
) -> Post:
    """Check and store a post given as a dict of ``create_post``'s fields (imports use it)."""
    values = _resolve(store, brand, fields)
    if exdates:
        values["exdates"] = _exdates_json(exdates)
    if series_id is not None:
        series = find_post(store, series_id)
        if series is None or not series.is_series or series.brand_id != brand.id:
            raise UserError(f"no repeating post {series_id} of brand {brand.slug}, series_id")
        values["series_id"] = series_id
        values["occurrence_at"] = to_iso(occurrence_at or from_iso(values["scheduled_at"]))
    post_id = sql.insert_post(store, values, at=to_iso(now or utc_now()))
    return get_post(store, post_id)


def update_post(store: Store, post_id: int, *, now: datetime | None = None, **changes) -> Post:
    """Change some of a post's fields (names as in ``create_post``; ``when`` for the time)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)}")
    post = get_post(store, post_id)
    if "goal" in changes and "kind" not in changes:
        changes["kind"] = None  # a new goal brings its own kind
    values = _resolve(store, _brand_of(store, post), {**_fields_of(post), **changes})
    sql.update_post(store, post_id, values, at=to_iso(now or utc_now()))
    return get_post(store, post_id)


def move_post(
    store: Store, post_id: int, step: relativedelta | timedelta, *, now: datetime | None = None
) -> Post:
    """Move a post (a whole series, with its skipped and edited occurrences) by ``step``.

    Days and weeks keep the wall-clock time in the post's zone.
    """
    post = get_post(store, post_id)
    wall_zone = recurrence.zone(post.tz)
    new_start = check_when(shift(post.scheduled_at, step, wall_zone))
    values: dict = {"scheduled_at": to_iso(new_start)}
    at = to_iso(now or utc_now())
    with store.transaction():
        if post.is_series:
            old_day = post.scheduled_at.astimezone(wall_zone).date()
            day_shift = (new_start.astimezone(wall_zone).date() - old_day).days
            values["rrule"] = recurrence.shift_rule(
                post.rrule or "", day_shift, new_start - post.scheduled_at
            )
            values["exdates"] = _exdates_json([shift(x, step, wall_zone) for x in post.exdates])
            for row in sql.occurrence_edits(store, post.id):
                moved = shift(from_iso(row["occurrence_at"]), step, wall_zone)
                sql.update_post(store, row["id"], {"occurrence_at": to_iso(moved)}, at=at)
        sql.update_post(store, post_id, values, at=at)
    return get_post(store, post_id)


def copy_post(store: Store, post_id: int, day: date, *, now: datetime | None = None) -> Post:
    """A new draft with the same content on ``day``, at the same wall-clock time.

    Copying a series copies one post, not the repeat.
    """
    post = get_post(store, post_id)
    wall_zone = recurrence.zone(post.tz)
    local = post.scheduled_at.astimezone(wall_zone)
    # A wall time skipped by DST on that day moves forward.
    when = resolve_imaginary(datetime.combine(day, local.time(), tzinfo=wall_zone))
    fields = {**_fields_of(post), "when": when, "rrule": None, "status": "draft"}
    values = _resolve(store, _brand_of(store, post), fields)
    new_id = sql.insert_post(store, values, at=to_iso(now or utc_now()))
    return get_post(store, new_id)


def delete_post(store: Store, post_id: int) -> Post:
    """Delete a post; a series goes with its edited occurrences. Returns what was deleted."""
    post = get_post(store, post_id)
    sql.delete_post(store, post_id)
    return post


# --- single occurrences of a series ---


def _check_occurrence(post: Post, at: datetime) -> datetime:
    if not post.is_series:
        raise UserError(f"post {post.id} does not repeat, post id")
    at = at.astimezone(UTC)
    if not recurrence.is_occurrence(post.rrule or "", post.scheduled_at, post.tz, at, post.exdates):
        shown = at.astimezone(recurrence.zone(post.tz)).strftime("%Y-%m-%d %H:%M")
        raise UserError(f"post {post.id} has no occurrence at {shown}, occurrence")
    return at


def skip_occurrence(
    store: Store, post_id: int, at: datetime, *, now: datetime | None = None
) -> Post:
    """Leave out one occurrence of a series (it joins the series' EXDATEs)."""
    post = get_post(store, post_id)
    at = _check_occurrence(post, at)
    values = {"exdates": _exdates_json([*post.exdates, at])}
    sql.update_post(store, post_id, values, at=to_iso(now or utc_now()))
    return get_post(store, post_id)


def edit_occurrence(
    store: Store, post_id: int, at: datetime, *, now: datetime | None = None, **changes
) -> Post:
    """Change one occurrence only: it becomes a post of its own, and the series skips it.

    Returns the new post (``series_id`` and ``occurrence_at`` say what it replaces).
    """
    unknown = set(changes) - set(EDITABLE) | ({"rrule"} & set(changes))
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)} of one occurrence")
    series = get_post(store, post_id)
    at = _check_occurrence(series, at)
    if "goal" in changes and "kind" not in changes:
        changes["kind"] = None
    fields = {**_fields_of(series), "when": at, "rrule": None, **changes}
    values = _resolve(store, _brand_of(store, series), fields)
    values.update(series_id=series.id, occurrence_at=to_iso(at))
    stamp = to_iso(now or utc_now())
    with store.transaction():
        new_id = sql.insert_post(store, values, at=stamp)
        exdates = _exdates_json([*series.exdates, at])
        sql.update_post(store, series.id, {"exdates": exdates}, at=stamp)
    return get_post(store, new_id)


def move_occurrence(
    store: Store,
    post_id: int,
    at: datetime,
    step: relativedelta | timedelta,
    *,
    now: datetime | None = None,
) -> Post:
    """Move one occurrence of a series by ``step``; the rest of the series stays."""
    series = get_post(store, post_id)
    when = shift(at, step, recurrence.zone(series.tz))
    return edit_occurrence(store, post_id, at, now=now, when=when)


def with_time(post: Post, at: datetime) -> Post:
    """The post as it appears at ``at`` (one occurrence of a series)."""
    return replace(post, scheduled_at=at)
