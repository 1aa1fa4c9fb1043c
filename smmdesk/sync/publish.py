"""Publishing: scheduled posts whose time has come go out through the brand's accounts.

Due: a post ``scheduled`` (never a draft, never cancelled), its time come, never tried; a
series' occurrence (the last ``SERIES_LOOKBACK`` days) once: it becomes a post of its own
(``calendar.posts.edit_occurrence``) before its intent, so it is never due again.

Which account: the one connected account of the post's brand on its channel's platform that
can publish (Telegram: the one with a ``channel``; Facebook: its Page; Instagram: its
professional account, a post with its image). YouTube has no publishing API for community
posts: such posts are listed with why, as is an Instagram post without an image (one from
before images were asked for when it was scheduled), and a post on a kind of channel the API
cannot post to (a Facebook group: ``Client.unpublishable_kinds``), never sent elsewhere.

Late: more than ``grace`` (2 h; ``[publish] grace_minutes`` in config.toml, the setting
``publish.grace_minutes``) past its time, a post is listed as late and goes out only when
confirmed (``publish --late``, ``publish --post ID``, ``P`` in the calendar).

Never twice: the intent (``publishing``) is committed before the call, one per post. A sync that
dies between the call and the record finds it next time: Facebook looks for the post on the
page, Instagram for the media among the account's; a Telegram bot cannot look, so it becomes ``unsure`` for the user (``publish --done ID``
when it is there, ``publish --retry ID`` when it is not). Published: the post's status becomes
``published`` and its time the real one, and the platform's id is a post link, so the comments
under it link to it (and its goal) on the next sync.

Deleted there afterwards: each run asks the platform after the account's posts of the last
``GONE_LOOKBACK`` (Graph, one batch; a bot cannot look) and marks the deleted ones gone: they
stay published (never published again), their comments stay linked.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from smmdesk.calendar import posts as calendar_posts
from smmdesk.calendar import recurrence
from smmdesk.errors import UserError
from smmdesk.store import Store, links
from smmdesk.store import accounts as a
from smmdesk.store import posts as store_posts
from smmdesk.store import publications as pub
from smmdesk.store.accounts import Account
from smmdesk.store.posts import Channel, Post
from smmdesk.store.publications import Publication
from smmdesk.sync.base import GONE_BATCH, Client, Outpost, Published
from smmdesk.sync.clients import client_class
from smmdesk.sync.errors import BadResponse, ReplyRefused, SyncError, Unsure
from smmdesk.timeutil import from_iso, to_iso, utc_now

GRACE = timedelta(hours=2)
GRACE_SETTING = "publish.grace_minutes"  # config.toml's [publish] grace_minutes
GONE_LOOKBACK = timedelta(days=30)  # published posts each sync asks after (Graph reads 30)
SERIES_LOOKBACK = timedelta(days=7)  # a series' occurrences older than this are not listed
PUBLISHING_PLATFORMS = a.ACCOUNT_PLATFORMS  # a channel on another platform is published by hand


@dataclass(frozen=True)
class Options:
    late: bool = False  # publish late posts too (the user confirmed)
    grace: timedelta | None = None  # None: the desk's setting (``grace_of``)
    only: frozenset[int] | None = None  # just these posts, confirmed (late or not)
    enabled: bool = True


@dataclass(frozen=True)
class Due:
    """A post (or a series' occurrence) whose time has come."""

    post: Post  # the post, or the series
    at: datetime  # when it is due: the post's time, or the occurrence's
    late: bool
    account: Account | None  # the one that publishes it
    blocked: str | None = None  # why no account can: one line

    @property
    def label(self) -> str:
        what = f"post {self.post.id}"
        if self.post.is_series:
            what += f" ({self.at.astimezone(recurrence.zone(self.post.tz)):%Y-%m-%d %H:%M})"
        return f"{what} {self.post.title!r} on {self.post.channel}"


@dataclass
class Tally:
    """What publishing did for one account: a line per post."""

    published: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    late: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # published, deleted on the platform since


# --- what is due ---


def grace_of(store: Store) -> timedelta:
    """How long past its time a post still goes out by itself (a setting; default 2 h)."""
    text = store.setting(GRACE_SETTING)
    try:
        return timedelta(minutes=int(text)) if text else GRACE
    except ValueError:
        return GRACE


def due(
    store: Store,
    *,
    brand_id: int | None = None,
    now: datetime | None = None,
    grace: timedelta | None = None,
) -> list[Due]:
    """Every post due now on a platform with accounts, oldest first, with its account
    (``grace`` None: the desk's setting)."""
    now = now or utc_now()
    if grace is None:
        grace = grace_of(store)
    stamp = to_iso(now)
    found: list[tuple[Post, datetime]] = [
        (post, post.scheduled_at) for post in pub.due_singles(store, stamp, brand_id)
    ]
    for series in pub.scheduled_series(store, stamp, brand_id):
        start = max(series.scheduled_at, now - SERIES_LOOKBACK)
        for at in recurrence.expand(
            series.rrule or "",
            series.scheduled_at,
            series.tz,
            start,
            now + timedelta(seconds=1),
            series.exdates,
        ):
            found.append((series, at))
    found.sort(key=lambda item: (item[1], item[0].id))
    chooser = _Chooser(store)
    result = []
    for post, at in found:
        if chooser.platform(post) not in PUBLISHING_PLATFORMS:
            continue
        account, blocked = chooser.route(post)
        result.append(Due(post, at, now - at > grace, account, blocked))
    return result


def wanted(store: Store, post_id: int, now: datetime | None = None) -> Due:
    """A post the user asks to publish now (confirmed, even before its time); one line when
    it cannot be."""
    post = calendar_posts.get_post(store, post_id)
    if post.status != "scheduled":
        hint = "; schedule it first" if post.status == "draft" else ""
        raise UserError(f"post {post_id} is {post.status}, not scheduled{hint}, post id")
    if post.is_series:
        raise UserError(
            f"post {post_id} repeats: each occurrence publishes when due "
            "(`smmdesk publish --late` for late ones), post id"
        )
    publication = pub.of_post(store, post_id)
    if publication is not None:
        raise UserError(
            f"post {post_id} is already {publication.state}"
            + (
                f" (`smmdesk publish --retry {post_id}`)"
                if publication.state != "published"
                else ""
            )
            + ", post id"
        )
    chooser = _Chooser(store)
    if chooser.platform(post) not in PUBLISHING_PLATFORMS:
        raise UserError(
            f"post {post_id} is on {post.channel!r}, a channel with no connected platform, post id"
        )
    account, blocked = chooser.route(post)
    if account is None:
        raise UserError(f"post {post_id}: {blocked}, post id")
    return Due(post, post.scheduled_at, False, account)


def _no_image(post: Post, platform: str) -> str | None:
    """Why a post cannot go out without its image (Instagram publishes a photo), or None."""
    if post.image_url or not client_class(platform).needs_image:
        return None
    return (
        f"{platform} publishes a photo and the post has no image: "
        f"`smmdesk post edit {post.id} --image https://...`"
    )


def _platform(store: Store, post: Post) -> str:
    channel = store_posts.get_channel(store, post.channel_id)
    return channel.platform if channel else ""


def _unpublishable(channel: Channel | None) -> str | None:
    """Why the platform's API cannot publish to this kind of channel (a Facebook group), or
    None."""
    if channel is None or channel.platform not in PUBLISHING_PLATFORMS:
        return None
    why = client_class(channel.platform).unpublishable_kinds.get(channel.kind)
    return f"{channel.name!r} is a {channel.kind}: {why}" if why else None


class _Chooser:
    """The account that publishes a brand's posts on a platform (asked once each), and each
    channel (read once each)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache: dict[tuple[int, str], tuple[Account | None, str | None]] = {}
        self.channels: dict[int, Channel | None] = {}

    def channel(self, post: Post) -> Channel | None:
        if post.channel_id not in self.channels:
            self.channels[post.channel_id] = store_posts.get_channel(self.store, post.channel_id)
        return self.channels[post.channel_id]

    def platform(self, post: Post) -> str:
        channel = self.channel(post)
        return channel.platform if channel else ""

    def route(self, post: Post) -> tuple[Account | None, str | None]:
        """The account that publishes this post, or None and why not: none connected, a kind
        of channel the API cannot post to, a photo platform and no image."""
        channel = self.channel(post)
        if channel is None:
            return None, None
        account, blocked = self.account(post, channel.platform)
        if account is None:
            return None, blocked
        why = _unpublishable(channel) or _no_image(post, channel.platform)
        return (None, why) if why else (account, None)

    def account(self, post: Post, platform: str) -> tuple[Account | None, str | None]:
        key = (post.brand_id, platform)
        if key not in self.cache:
            self.cache[key] = self._choose(post, platform)
        return self.cache[key]

    def _choose(self, post: Post, platform: str) -> tuple[Account | None, str | None]:
        cls = client_class(platform)
        if cls.no_publishing:
            return None, cls.no_publishing
        accounts = [
            acc
            for acc in a.list_accounts(self.store, post.brand_id)
            if acc.platform == platform
            and (cls.publish_option is None or acc.options.get(cls.publish_option))
        ]
        if len(accounts) == 1:
            return accounts[0], None
        option = f" with --{cls.publish_option}" if cls.publish_option else ""
        if not accounts:
            return None, (
                f"no {platform} account{option} for brand {post.brand}: "
                f"connect one with `smmdesk account add {platform}`"
            )
        names = ", ".join(acc.name for acc in accounts)
        return None, f"several {platform} accounts of brand {post.brand} could ({names})"


def outpost(post: Post, tried_at: str | None = None) -> Outpost:
    """What the platform is sent: the body (else the title), and the tracked link."""
    text = calendar_posts.post_text(post.body, post.title)
    return Outpost(post.id, text, calendar_posts.tracked_link(post), tried_at, post.image_url)


# --- publishing, for one account (the engine calls it after sending replies) ---


def publish_account(
    store: Store, client: Client, tally: Tally, options: Options, now: datetime | None = None
) -> None:
    """Settle what an interrupted run left, then publish this account's due posts.
    A failure that stops the account (offline, rate limit, permission) is raised after the
    post it met is due again; a post the platform refuses fails alone."""
    if not options.enabled or client.no_publishing:
        return
    account = client.account
    _settle(store, client, tally)
    _notice_gone(store, client, tally, now or utc_now())
    if options.only is not None:
        items = [wanted(store, post_id, now) for post_id in sorted(options.only)]
    else:
        wait = options.grace if options.grace is not None else grace_of(store)
        items = due(store, brand_id=account.brand_id, now=now, grace=wait)
    for item in items:
        if item.account is None or item.account.id != account.id:
            continue
        if item.late and not (options.late or options.only is not None):
            tally.late.append(
                f"{item.label} is late (due {_shown(item.at)}): "
                f"`smmdesk publish --post {item.post.id}` or --late to publish it"
            )
            continue
        _publish_one(store, client, item, tally)


def _shown(moment: datetime) -> str:
    from smmdesk.timeutil import to_local

    return f"{to_local(moment):%Y-%m-%d %H:%M}"


def _publish_one(store: Store, client: Client, item: Due, tally: Tally) -> None:
    account = client.account
    tried = to_iso(utc_now())
    # The intent, committed before the call; a series' occurrence becomes its own post first.
    with store.transaction():
        post = item.post
        if post.is_series:
            draft = calendar_posts.draft_of(post, item.at)
            post = calendar_posts.edit_occurrence(store, post.id, item.at, draft)
        if not pub.start(store, post.id, account.id, planned_at=to_iso(item.at), tried_at=tried):
            return  # another run took it
    publication = pub.of_post(store, post.id)
    assert publication is not None
    try:
        published = client.publish(outpost(post, tried))
    except ReplyRefused as refused:
        pub.set_state(store, publication.id, "failed", expect=("publishing",), error=str(refused))
        tally.failed.append(f"post {post.id} {post.title!r}: {refused}")
        return
    except (Unsure, BadResponse):
        raise  # it may have gone out: stays ``publishing``, the next run settles it
    except (SyncError, UserError):
        pub.withdraw(store, publication.id, expect=("publishing",))  # not done: due again
        raise
    _record(store, publication, post, published, to_iso(utc_now()))
    tally.published.append(f"post {post.id} {post.title!r} published ({published.remote_id})")


def _record(
    store: Store, publication: Publication, post: Post, published: Published, at: str
) -> None:
    """Published: the state, the post's status and real time, and its link, all at once;
    comments already stored under it are linked now, later ones by the import."""
    with store.transaction():
        pub.set_state(
            store,
            publication.id,
            "published",
            expect=("publishing", "unsure"),
            published_at=at,
            remote_id=published.remote_id,
            url=published.url,
            error=None,
        )
        store_posts.update_post(store, post.id, {"status": "published", "scheduled_at": at}, at=at)
        platform = _platform(store, post)
        if links.link_by_external_id(store, post.brand_id, platform, published.remote_id) is None:
            links.add_link(store, post.id, platform, published.remote_id, published.url)
        links.link_comments_to_posts(store)


def _settle(store: Store, client: Client, tally: Tally) -> None:
    """Publications a dead run left ``publishing``: looked for, or handed to the user."""
    for publication in pub.of_account(store, client.account.id, ("publishing",)):
        post = store_posts.get_post(store, publication.post_id)
        if post is None:
            continue
        if not client.can_find_published:
            pub.set_state(
                store,
                publication.id,
                "unsure",
                expect=("publishing",),
                error="the sync stopped while publishing; look on the channel, then "
                f"`smmdesk publish --done {post.id}` or `smmdesk publish --retry {post.id}`",
            )
            tally.failed.append(f"post {post.id} {post.title!r}: unsure, look on the channel")
            continue
        found = client.find_published(outpost(post, publication.tried_at))
        if found is None:
            pub.withdraw(store, publication.id, expect=("publishing",))  # due again now
            continue
        _record(store, publication, post, found, publication.tried_at)
        tally.published.append(f"post {post.id} {post.title!r} found published")


def _notice_gone(store: Store, client: Client, tally: Tally, now: datetime) -> None:
    """The account's posts published in the last ``GONE_LOOKBACK`` that the platform no
    longer has (someone deleted them there): marked gone, never published again (they stay
    published), their comments still linked. One call; a failure of it is only a look
    missed (the pull meets the same trouble and says it)."""
    if not client.can_see_gone:
        return
    since = to_iso(now - GONE_LOOKBACK)
    recent = pub.published_since(store, client.account.id, since, GONE_BATCH)
    try:
        gone = client.gone([p.remote_id for p in recent if p.remote_id])
    except SyncError:
        return
    at = to_iso(utc_now())
    for publication in recent:
        if publication.remote_id not in gone:
            continue
        pub.set_state(store, publication.id, "published", expect=("published",), gone_at=at)
        tally.gone.append(
            f"post {publication.post_id} was deleted on {client.platform} since it was "
            f"published ({publication.remote_id}); it is not published again"
        )


# --- the user settles ---


def mark_done(store: Store, post_id: int) -> Publication:
    """An unsure post is on the platform (the user looked): published, at its try's time."""
    publication = _publication(store, post_id, ("unsure",))
    post = calendar_posts.get_post(store, post_id)
    at = publication.tried_at
    with store.transaction():
        pub.set_state(store, publication.id, "published", expect=("unsure",), published_at=at)
        store_posts.update_post(store, post.id, {"status": "published", "scheduled_at": at}, at=at)
    done = pub.of_post(store, post_id)
    assert done is not None
    return done


def retry(store: Store, post_id: int) -> Post:
    """A failed or unsure post is not on the platform: due again (the next run publishes it)."""
    publication = _publication(store, post_id, ("failed", "unsure"))
    pub.withdraw(store, publication.id, expect=("failed", "unsure"))
    post = calendar_posts.get_post(store, post_id)
    if post.status != "scheduled":
        raise UserError(f"post {post_id} is {post.status}, not scheduled, --retry")
    return post


def _publication(store: Store, post_id: int, states: Collection[str]) -> Publication:
    publication = pub.of_post(store, post_id)
    if publication is None or publication.state not in states:
        state = publication.state if publication else "never tried"
        raise UserError(f"post {post_id} is {state}, not {' or '.join(states)}, post id")
    return publication


def state_of(store: Store, post_ids: list[int]) -> dict[int, Publication]:
    """Each post's publication (the calendar's column)."""
    return pub.of_posts(store, post_ids)


# --- the calendar's states ---


@dataclass(frozen=True)
class Shown:
    """A post's way out, as the calendar says it: ``state`` one word, then ``detail`` (when,
    through which account, why, what to do) and, once published, the link to it."""

    state: str  # draft, cancelled, scheduled, by hand, due, late, missed, publishing, gone...
    detail: str
    url: str | None = None  # published: the post on the platform

    @property
    def words(self) -> str:
        """The whole of it on one line."""
        link = f" {self.url}" if self.url else ""
        return f"{self.state}{link} · {self.detail}"


@dataclass(frozen=True)
class Board:
    """What the calendar needs to say each post's state, read once with its posts (``board``);
    ``of`` then reads nothing."""

    publications: dict[int, Publication]
    routes: dict[tuple[int, int], tuple[str | None, str | None]]  # (brand, channel): who, why not
    grace: timedelta
    imageless: dict[int, str] = field(default_factory=dict)  # post id: why it cannot go out

    def of(self, post: Post, at: datetime, now: datetime) -> Shown:
        publication = self.publications.get(post.id)
        if publication is not None:
            return _shown_publication(publication)
        if post.status in ("draft", "cancelled"):
            return Shown(post.status, "never published")
        if post.status == "published":
            return Shown("published", "by hand, or marked so")
        account, blocked = self.routes.get((post.brand_id, post.channel_id), (None, None))
        if account is not None and post.id in self.imageless:
            account, blocked = None, self.imageless[post.id]
        if account is None:
            return Shown(
                "by hand", blocked or "its channel is on no platform the desk publishes to"
            )
        if at > now:
            return Shown("scheduled", f"goes out at its time via {account}")
        if post.is_series and now - at > SERIES_LOOKBACK:
            return Shown(
                "missed",
                f"an occurrence more than {SERIES_LOOKBACK.days} days past is not published",
            )
        if now - at > self.grace:
            return Shown(
                "late", f"due {_shown(at)}, past the {_minutes(self.grace)} grace: waits for a yes"
            )
        return Shown("due", f"the next sync publishes it via {account}")


def _shown_publication(publication: Publication) -> Shown:
    via = f" via {publication.account}" if publication.account else ""
    if publication.state == "published" and publication.gone_at:
        return Shown(
            "gone",
            f"deleted on the platform (seen {shown_iso(publication.gone_at)}), published "
            f"{shown_iso(publication.published_at)}{via}; never published again",
        )
    if publication.state == "published":
        return Shown("published", f"{shown_iso(publication.published_at)}{via}", publication.url)
    if publication.state == "publishing":
        return Shown("publishing", f"since {shown_iso(publication.tried_at)}{via}")
    if publication.state == "failed":  # the calendar says which key retries it
        return Shown("failed", f"{publication.error or 'refused'}{via}")
    return Shown("unsure", publication.error or "look on the channel")


def _minutes(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    if minutes % 60 == 0:
        return f"{minutes // 60} h"
    return f"{minutes} min"


def board(store: Store, posts: Collection[Post]) -> Board:
    """The publications of these posts, the account each brand's channel publishes through
    (or why none can), and the grace: what ``Board.of`` says each post's state from."""
    publications = state_of(store, sorted({post.id for post in posts}))
    chooser = _Chooser(store)
    routes: dict[tuple[int, int], tuple[str | None, str | None]] = {}
    imageless: dict[int, str] = {}
    for post in posts:
        key = (post.brand_id, post.channel_id)
        platform = chooser.platform(post)
        if platform in PUBLISHING_PLATFORMS and (missing := _no_image(post, platform)):
            imageless[post.id] = missing
        if key in routes:
            continue
        if platform not in PUBLISHING_PLATFORMS:
            routes[key] = (None, None)
            continue
        account, blocked = chooser.account(post, platform)
        if account is not None and (why := _unpublishable(chooser.channel(post))):
            account, blocked = None, why
        routes[key] = (account.name if account else None, blocked)
    return Board(publications, routes, grace_of(store), imageless)


def accounts_for(store: Store, items: list[Due], brand_id: int | None = None) -> list[Account]:
    """The accounts that publish these posts, and those with a publication to settle, each
    once, by name."""
    seen: dict[int, Account] = {}
    for item in items:
        if item.account is not None:
            seen[item.account.id] = item.account
    for publication in pub.listing(store, ("publishing",), brand_id):
        if publication.account_id is not None and publication.account_id not in seen:
            account = a.account_by_id(store, publication.account_id)
            if account is not None:
                seen[account.id] = account
    return sorted(seen.values(), key=lambda acc: acc.name)


def shown(moment: datetime) -> str:
    """A time as the user reads it: their zone, to the minute."""
    return _shown(moment)


def shown_iso(text: str | None) -> str:
    return _shown(from_iso(text)) if text else ""
