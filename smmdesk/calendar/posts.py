"""Posts: create, edit, move, copy, delete — each checked before it is stored.

No goal, no post: every post serves one of its brand's goals, and the goal
decides the post's kind (organic or ad) unless the post says so itself.
A series (a post with a repeat rule) can have single occurrences skipped or
edited; an edited occurrence is a post row of its own that points at its series.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from dateutil.relativedelta import relativedelta
from dateutil.tz import resolve_imaginary

from smmdesk.calendar import recurrence
from smmdesk.calendar.timeparse import shift
from smmdesk.errors import UserError
from smmdesk.store import posts as store_posts
from smmdesk.store.brands import Brand
from smmdesk.store.db import Store
from smmdesk.store.posts import Channel as Channel
from smmdesk.store.posts import Goal as Goal
from smmdesk.store.posts import Post as Post
from smmdesk.timeutil import from_iso, to_iso, utc_now

STATUSES = ("draft", "scheduled", "published", "cancelled")
# A post's time, in UTC, falls in [EARLIEST, LATEST): far enough from datetime's own
# ends (years 1 and 9999) that a zone, the event's length or a repeat rule never overflow.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
KINDS = ("organic", "ad")

# A post's fields as ``create_post`` takes them (title, body, channel, goal, when, tz, rrule, ...):
# values of several types straight from a form, the CLI or an import, checked by ``_resolve``.
PostFields = dict[str, Any]


@dataclass(frozen=True)
class PostDraft:
    """A post as its writers give it, by ids: the form's selects, the CLI and the imports
    once they have turned names into ids (``goal_named``, ``channel_named``).

    ``add_post``, ``edit_post`` and ``edit_occurrence`` check it before it is stored.
    """

    brand_id: int
    title: str
    goal_id: int | None  # no goal, no post: None is refused with the goals to pick from
    channel_id: int | None
    when: datetime | None  # aware; for a series, its first occurrence
    body: str = ""
    kind: str | None = None  # organic or ad; None: the goal's kind
    status: str = "draft"
    campaign: str | None = None
    link: str | None = None  # as typed; see tracked_link
    rrule: str | None = None  # RFC 5545 (``recurrence.repeat_rule``); None: a single post
    tz: str | None = None  # the zone whose wall clock a series keeps; None: the user's
    image_url: str | None = None  # https; what Instagram publishes (it needs one)


def draft_of(post: Post, at: datetime | None = None) -> PostDraft:
    """The draft a stored post is; with ``at``, that one occurrence of a series (no rule)."""
    return PostDraft(
        brand_id=post.brand_id, title=post.title, goal_id=post.goal_id,
        channel_id=post.channel_id, when=post.scheduled_at if at is None else at,
        body=post.body, kind=post.kind, status=post.status, campaign=post.campaign,
        link=post.link, rrule=post.rrule if at is None else None, tz=post.tz,
        image_url=post.image_url,
    )  # fmt: skip


def post_text(body: str, title: str) -> str:
    """What a published post says: its body, else its title."""
    return body.strip() or title


def with_link(text: str, link: str | None) -> str:
    """A post's words as a platform gets them: the text, then its tracked link on a line of
    its own (unless the text holds it already)."""
    if link and link not in text:
        return f"{text}\n\n{link}" if text else link
    return text


def telegram_length(text: str) -> int:
    """A length as Telegram counts it (UTF-16 code units: an emoji can be two)."""
    return len(text.encode("utf-16-le")) // 2


def tracked_link(post: Post) -> str | None:
    """The post's link with UTM parameters, so the site's analytics credit the goal."""
    if not post.link:
        return None
    return utm_link(
        post.link, channel=post.channel, kind=post.kind, campaign=post.campaign, goal=post.goal
    )


# --- reading ---


def find_post(store: Store, post_id: int) -> Post | None:
    return store_posts.get_post(store, post_id)


def get_post(store: Store, post_id: int) -> Post:
    post = find_post(store, post_id)
    if post is None:
        raise UserError(f"no post with id {post_id}, post id")
    return post


def list_posts(store: Store, brand: Brand | None = None) -> list[Post]:
    return store_posts.all_posts(store, brand.id if brand else None)


def list_channels(store: Store, brand: Brand) -> list[Channel]:
    """The brand's touchpoints, by name: the post form's choices."""
    return store_posts.list_channels(store, brand.id)


# --- UTM ---


def utm_link(link: str, *, channel: str, kind: str, campaign: str | None, goal: str) -> str:
    """``link`` with utm_source (channel), utm_medium (social or paid) and utm_campaign
    (campaign, else goal) — unless it already carries any utm_ parameter of its own."""
    parts = urlsplit(link)
    if any(key.lower().startswith("utm_") for key, _ in parse_qsl(parts.query, True)):
        return link
    utm = urlencode(
        [
            ("utm_source", utm_value(channel)),
            ("utm_medium", "paid" if kind == "ad" else "social"),
            ("utm_campaign", utm_value(campaign or goal)),
        ]
    )
    # Appended to the raw query so the link's own parameters keep their exact encoding.
    query = f"{parts.query}&{utm}" if parts.query else utm
    return urlunsplit(parts._replace(query=query))


def utm_value(text: str) -> str:
    """A UTM parameter's value: lowercase words joined by ``-`` (``Spring Sale`` → ``spring-sale``)."""
    return re.sub(r"[\W_]+", "-", text.strip().lower()).strip("-") or "none"


# --- validation: domain fields → database columns ---


def _check_title(title: str | None) -> str:
    title = (title or "").strip()
    if not title:
        raise UserError("a post needs a title", where="title")
    return title


def _known_goals(store: Store, brand: Brand) -> str:
    return ", ".join(goal.slug for goal in store_posts.list_goals(store, brand.id)) or "none"


def _known_channels(store: Store, brand: Brand) -> str:
    return ", ".join(c.name for c in store_posts.list_channels(store, brand.id)) or "none yet"


def goal_named(store: Store, brand: Brand, slug: str | None) -> Goal:
    """The brand's goal with this slug (the CLI and the imports name goals)."""
    slug = (slug or "").strip()
    if not slug:
        known = _known_goals(store, brand)
        raise UserError(f"a post needs a goal (no goal, no post; one of: {known})", where="goal")
    goal = store_posts.find_goal(store, brand.id, slug)
    if goal is None:
        known = _known_goals(store, brand)
        raise UserError(f"no goal {slug!r} for brand {brand.slug} (known: {known})", where="goal")
    return goal


def channel_named(store: Store, brand: Brand, name: str | None) -> Channel:
    """The brand's channel with this name, in any case (the CLI and the imports name them)."""
    name = (name or "").strip()
    if not name:
        known = _known_channels(store, brand)
        raise UserError(f"a post needs a channel (known: {known})", where="channel")
    channel = store_posts.find_channel(store, brand.id, name)
    if channel is None:
        known = _known_channels(store, brand)
        raise UserError(
            f"no channel {name!r} for brand {brand.slug} (known: {known}; "
            "add one with 'smmdesk channel add')",
            where="channel",
        )
    return channel


def _check_goal(store: Store, brand: Brand, goal_id: int | None) -> Goal:
    goal = store_posts.get_goal(store, goal_id) if goal_id is not None else None
    if goal is None or goal.brand_id != brand.id:
        known = _known_goals(store, brand)
        if goal_id is None:
            raise UserError(
                f"a post needs a goal (no goal, no post; one of: {known})", where="goal"
            )
        raise UserError(
            f"no goal with id {goal_id} for brand {brand.slug} (known: {known})", where="goal"
        )
    return goal


def _check_channel(store: Store, brand: Brand, channel_id: int | None) -> Channel:
    channel = store_posts.get_channel(store, channel_id) if channel_id is not None else None
    if channel is None or channel.brand_id != brand.id:
        known = _known_channels(store, brand)
        if channel_id is None:
            raise UserError(f"a post needs a channel (known: {known})", where="channel")
        raise UserError(
            f"no channel with id {channel_id} for brand {brand.slug} (known: {known})",
            where="channel",
        )
    return channel


def _check_kind(kind: str | None, goal: Goal) -> str:
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


ADDRESS_MAX = 2000  # characters of a post's link or image address


def _check_link(
    link: str | None, field: str = "link", schemes: tuple[str, ...] = ("http", "https")
) -> str | None:
    """A web address (the post's link, its image: https only), or None when blank."""
    link = (link or "").strip()
    if not link:
        return None
    parts = urlsplit(link)
    if (
        parts.scheme not in schemes
        or not parts.netloc
        or any(c.isspace() for c in link)
        or len(link) > ADDRESS_MAX
    ):
        shown = link if len(link) <= 80 else link[:79] + "…"
        raise UserError(
            f"{field} must be a web address starting with https:// "
            f"(at most {ADDRESS_MAX} characters), not {shown!r}",
            where=field,  # the form's field to focus
        )
    return link


def _check_image(channel: Channel, status: str, image_url: str | None) -> None:
    """Instagram publishes a photo: a post scheduled on an Instagram channel needs its image."""
    if status == "scheduled" and channel.platform == "instagram" and not image_url:
        raise UserError(
            f"a post on the Instagram channel {channel.name!r} needs an image to be scheduled "
            "(an https:// address of the photo)",
            where="image",
        )


TELEGRAM_CAPTION_MAX = 1024  # a Telegram photo's caption (sendPhoto), after the link


def _check_caption(channel: Channel, status: str, image_url: str | None, words: str) -> None:
    """A Telegram post with an image goes out as one photo with its caption, which Telegram
    caps: a longer one is refused when scheduled (never split into a photo and a message)."""
    if status != "scheduled" or channel.platform != "telegram" or not image_url:
        return
    length = telegram_length(words)
    if length > TELEGRAM_CAPTION_MAX:
        raise UserError(
            f"a Telegram post with an image is a photo with a caption of at most "
            f"{TELEGRAM_CAPTION_MAX} characters, and this one's text and link make {length}: "
            "shorten the body or drop the image",
            where="body",
        )


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


def _brand_of(store: Store, brand_id: int) -> Brand:
    brand = store_posts.get_brand_by_id(store, brand_id)
    if brand is None:
        raise UserError(f"no brand with id {brand_id}, brand")
    return brand


def _resolve(store: Store, draft: PostDraft) -> dict[str, object]:
    """Check a draft and turn it into column values."""
    brand = _brand_of(store, draft.brand_id)
    goal = _check_goal(store, brand, draft.goal_id)
    channel = _check_channel(store, brand, draft.channel_id)
    when = draft.when
    if not isinstance(when, datetime) or when.tzinfo is None:
        raise UserError("a post needs a time", where="when")
    check_when(when)
    tz_name = draft.tz or recurrence.local_zone_name()
    wall_zone = recurrence.zone(tz_name)
    rule = _optional(draft.rrule)
    if rule:
        start = when.astimezone(wall_zone)
        rule = recurrence.normalize_rule(rule, start)
        first = recurrence.first_occurrence(rule, start)
        if first is None:
            raise UserError(
                f"the repeat rule has no occurrence from {start:%Y-%m-%d}", where="rrule"
            )
        when = check_when(first)  # a series starts on a day its rule allows, as RFC 5545 expects
    status = _check_status(draft.status or "draft")
    image_url = _check_link(draft.image_url, "image", ("https",))
    _check_image(channel, status, image_url)
    title, body, kind = _check_title(draft.title), draft.body or "", _check_kind(draft.kind, goal)
    campaign, link = _optional(draft.campaign), _check_link(draft.link)
    tracked = (
        utm_link(link, channel=channel.name, kind=kind, campaign=campaign, goal=goal.slug)
        if link
        else None
    )
    _check_caption(channel, status, image_url, with_link(post_text(body, title), tracked))
    return {
        "brand_id": brand.id,
        "title": title,
        "body": body,
        "channel_id": channel.id,
        "kind": kind,
        "scheduled_at": to_iso(when),
        "status": status,
        "campaign": campaign,
        "link": link,
        "goal_id": goal.id,
        "rrule": rule,
        "tz": tz_name,
        "image_url": image_url,
    }


def _exdates_json(moments: list[datetime] | tuple[datetime, ...]) -> str:
    return json.dumps(sorted({to_iso(moment) for moment in moments}))


# --- writing ---


def add_post(
    store: Store,
    draft: PostDraft,
    *,
    exdates: tuple[datetime, ...] = (),
    series_id: int | None = None,
    occurrence_at: datetime | None = None,
    now: datetime | None = None,
) -> Post:
    """Check and store a new post. ``exdates``, ``series_id`` and ``occurrence_at``
    (an edited occurrence of a series) are for imports that carry them."""
    values = _resolve(store, draft)
    if exdates:
        values["exdates"] = _exdates_json(exdates)
    if series_id is not None:
        series = find_post(store, series_id)
        if series is None or not series.is_series or series.brand_id != draft.brand_id:
            brand = _brand_of(store, draft.brand_id)
            raise UserError(f"no repeating post {series_id} of brand {brand.slug}, series_id")
        values["series_id"] = series_id
        values["occurrence_at"] = to_iso(occurrence_at or from_iso(str(values["scheduled_at"])))
    post_id = store_posts.insert_post(store, values, at=to_iso(now or utc_now()))
    return get_post(store, post_id)


def edit_post(store: Store, post_id: int, draft: PostDraft, *, now: datetime | None = None) -> Post:
    """Store a post (a whole series) as ``draft`` says; its skipped and edited
    occurrences stay. A post keeps its brand."""
    post = get_post(store, post_id)
    if draft.brand_id != post.brand_id:
        raise UserError(f"post {post_id} belongs to brand {post.brand}, brand")
    values = _resolve(store, draft)
    store_posts.update_post(store, post_id, values, at=to_iso(now or utc_now()))
    return get_post(store, post_id)


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
    image_url: str | None = None,
    now: datetime | None = None,
) -> Post:
    """``add_post`` with the goal and channel named (a goal slug, a channel name): the demo's
    and the tests' shorthand."""
    draft = PostDraft(
        brand_id=brand.id, title=title, goal_id=goal_named(store, brand, goal).id,
        channel_id=channel_named(store, brand, channel).id, when=when, body=body, kind=kind,
        status=status, campaign=campaign, link=link, rrule=rrule, tz=tz, image_url=image_url,
    )  # fmt: skip
    return add_post(store, draft, now=now)


def move_post(
    store: Store, post_id: int, step: relativedelta | timedelta, *, now: datetime | None = None
) -> Post:
    """Move a post (a whole series, with its skipped and edited occurrences) by ``step``.

    Days and weeks keep the wall-clock time in the post's zone.
    """
    post = get_post(store, post_id)
    wall_zone = recurrence.zone(post.tz)
    new_start = check_when(shift(post.scheduled_at, step, wall_zone))
    values: dict[str, object] = {"scheduled_at": to_iso(new_start)}
    at = to_iso(now or utc_now())
    with store.transaction():
        if post.is_series:
            old_day = post.scheduled_at.astimezone(wall_zone).date()
            day_shift = (new_start.astimezone(wall_zone).date() - old_day).days
            values["rrule"] = recurrence.shift_rule(
                post.rrule or "", day_shift, new_start - post.scheduled_at
            )
            values["exdates"] = _exdates_json([shift(x, step, wall_zone) for x in post.exdates])
            for edited in store_posts.occurrence_edits(store, post.id):
                assert edited.occurrence_at is not None  # an edited occurrence says which
                moved = shift(edited.occurrence_at, step, wall_zone)
                store_posts.update_post(store, edited.id, {"occurrence_at": to_iso(moved)}, at=at)
        store_posts.update_post(store, post_id, values, at=at)
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
    values = _resolve(store, replace(draft_of(post), when=when, rrule=None, status="draft"))
    new_id = store_posts.insert_post(store, values, at=to_iso(now or utc_now()))
    return get_post(store, new_id)


def delete_post(store: Store, post_id: int) -> Post:
    """Delete a post; a series goes with its edited occurrences. Returns what was deleted."""
    post = get_post(store, post_id)
    store_posts.delete_post(store, post_id)
    return post


# --- single occurrences of a series ---


def _check_occurrence(post: Post, at: datetime) -> datetime:
    if not post.is_series:
        raise UserError(f"post {post.id} does not repeat, post id")
    at = check_when(at, "occurrence").astimezone(UTC)
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
    store_posts.update_post(store, post_id, values, at=to_iso(now or utc_now()))
    return get_post(store, post_id)


def edit_occurrence(
    store: Store, post_id: int, at: datetime, draft: PostDraft, *, now: datetime | None = None
) -> Post:
    """Change one occurrence only: it becomes a post of its own (``draft``, with no rule),
    and the series skips it. ``draft_of(series, at)`` is the occurrence as it is.

    Returns the new post (``series_id`` and ``occurrence_at`` say what it replaces).
    """
    series = get_post(store, post_id)
    at = _check_occurrence(series, at)
    if draft.brand_id != series.brand_id:
        raise UserError(f"post {post_id} belongs to brand {series.brand}, brand")
    values = _resolve(store, replace(draft, rrule=None))
    values.update(series_id=series.id, occurrence_at=to_iso(at))
    stamp = to_iso(now or utc_now())
    with store.transaction():
        new_id = store_posts.insert_post(store, values, at=stamp)
        exdates = _exdates_json([*series.exdates, at])
        store_posts.update_post(store, series.id, {"exdates": exdates}, at=stamp)
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
    return edit_occurrence(store, post_id, at, replace(draft_of(series, at), when=when), now=now)
