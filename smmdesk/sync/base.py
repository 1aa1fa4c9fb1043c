"""What every platform client does, and what it hands to the sync engine.

A client speaks one platform's API through ``Http``; it never touches the store. The engine
(``sync/engine``) holds each ``Page`` it yields in the desk with the page's cursor, in one
transaction, and stores the held pages at once: a sync killed at any moment resumes where it
stopped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar

from smmdesk.calendar.posts import with_link
from smmdesk.errors import UserError
from smmdesk.inbox.records import RawComment
from smmdesk.store.accounts import Account, Outgoing
from smmdesk.sync.errors import RateLimited
from smmdesk.sync.http import Http
from smmdesk.sync.secrets import Secret


@dataclass
class Page:
    """One call's worth of comments, and the position once they are stored."""

    records: list[RawComment]  # comments as the importer takes them; known ones are skipped
    cursor: Mapping[str, Any]  # the account's cursor after this page
    edits: list[RawComment] = field(default_factory=list)  # known comments whose text changed
    label: str = ""  # for progress: "updates 1-100", "video abc page 2"

    def held(self) -> str:
        """The page's records and edits as JSON, held in the desk until they are stored."""
        return json.dumps(
            {"records": [r.held() for r in self.records], "edits": [r.held() for r in self.edits]},
            separators=(",", ":"),  # ASCII: a lone surrogate is held as its escape
        )

    @classmethod
    def from_held(cls, text: str) -> Page:
        """A page ``held`` gave (its cursor is the account's already); a UserError if the
        desk holds something else."""
        from smmdesk.inbox.formats.jsondoc import load_json  # as a response is read: no
        from smmdesk.inbox.formats.values import Context  # half an emoji alone gets through

        try:
            data = load_json(text, Context(label="held page", zone=UTC))
            return cls(
                [RawComment.from_held(values) for values in data["records"]],
                {},
                [RawComment.from_held(values) for values in data["edits"]],
            )
        except (UserError, ValueError, TypeError, KeyError, OverflowError) as exc:
            raise UserError("a pulled page held in the desk cannot be read") from exc

    @classmethod
    def readable(cls, text: str) -> Page | None:
        """The held page, or None if it cannot be read."""
        try:
            return cls.from_held(text)
        except UserError:
            return None


@dataclass(frozen=True)
class Outpost:
    """A post on its way out, as a client needs it (``sync/publish`` builds it)."""

    post_id: int
    text: str  # what the post says (its body, else its title)
    link: str | None = None  # the tracked link (UTM), if the post has one
    tried_at: str | None = None  # when the call was first tried (UTC ISO): settling looks after
    image_url: str | None = None  # the post's photo (https): Instagram's, a Telegram photo's

    @property
    def words(self) -> str:
        """The text, then the tracked link on a line of its own: a message, a caption."""
        return with_link(self.text, self.link)


GONE_BATCH = 49  # published posts ``Client.gone`` asks about at once (Graph: 50 a batch)


@dataclass(frozen=True)
class Published:
    """Where a published post is: the platform's id (what its comments' ``post_ref`` will be)."""

    remote_id: str
    url: str | None = None


@dataclass(frozen=True)
class Identity:
    """What ``account test`` shows: who the token is on the platform, and what it may do."""

    name: str
    permissions: tuple[str, ...] = ()
    user_id: str | None = None  # our id there: the bot, channel, page or IG user
    expires_at: datetime | None = None  # when the token stops working, if the platform says
    missing: tuple[str, ...] = ()  # permissions a sync and a reply need and it lacks


@dataclass
class Quota:
    """Units a platform allows a day (YouTube: 10,000); ``limit`` None: not counted."""

    limit: int | None = None
    day: str = ""  # the platform's day the count is of
    used: int = 0

    def spend(self, units: int, what: str) -> None:
        """Count a call before making it; refuse it when it would pass the limit."""
        if self.limit is not None and self.used + units > self.limit:
            raise RateLimited(
                f"daily quota nearly spent ({self.used:,} of {self.limit:,} units used; "
                f"{what} costs {units}); it resets at midnight Pacific time"
            )
        self.used += units

    @property
    def left(self) -> int | None:
        return None if self.limit is None else self.limit - self.used


def quota_option(value: object) -> int:
    """The ``--quota`` an account was given: a whole number of units, 1 or more."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) < 10**12:
        raise UserError(f"--quota is a whole number of units a day (10000), not {text[:20]!r}")
    return int(text)


class Client:
    """One platform. Subclasses set the class attributes and implement the methods."""

    platform: ClassVar[str]
    default_base: ClassVar[str]  # the platform's own server
    required: ClassVar[tuple[str, ...]] = ()  # account options a sync needs (chat, page_id...)
    renew_hint: ClassVar[str] = ""  # how to get a new token, for an expired one
    # Whether find_sent can ask the platform if an interrupted reply went out.
    can_check_sent: ClassVar[bool] = True
    # Units the platform allows a day, and the zone its day is counted in (YouTube: 10,000
    # in Pacific time); the engine keeps the count per account and hands it in as ``quota``.
    daily_quota: ClassVar[int | None] = None
    # Whether the platform's tokens can expire without a refresh (Meta's): the engine asks
    # ``identity`` once when, and warns a week before.
    token_expires: ClassVar[bool] = False
    quota_zone: ClassVar[str] = "UTC"
    # Publishing: None when ``publish`` works; else why it cannot (one line for the user).
    no_publishing: ClassVar[str | None] = "smmdesk cannot publish there yet"
    # Whether find_published can look for a post an interrupted publish may have made.
    can_find_published: ClassVar[bool] = True
    publish_option: ClassVar[str | None] = None  # the account option publishing needs
    needs_image: ClassVar[bool] = False  # a post goes out only with its image (Instagram)
    # Whether ``gone`` can ask the platform if published posts were deleted since (Graph).
    can_see_gone: ClassVar[bool] = False
    # Kinds of channel (``channels.kind``) the API cannot publish to, and why (one line).
    unpublishable_kinds: ClassVar[Mapping[str, str]] = {}

    def __init__(self, account: Account, secret: Secret, http: Http, quota: Quota) -> None:
        self.account, self.secret, self.http, self.quota = account, secret, http, quota
        self.options = account.options

    @classmethod
    def check_options(cls, options: Mapping[str, str]) -> None:
        """Refuse, as a ``UserError`` naming the flag, options a sync could not use."""
        if "quota" in options:
            quota_option(options["quota"])

    def identity(self) -> Identity:
        """One cheap call: the account's name there and the permissions granted."""
        raise NotImplementedError

    def pull(self, cursor: Mapping[str, Any]) -> Iterator[Page]:
        """New comments since ``cursor``, a page at a time, oldest position first."""
        raise NotImplementedError

    def send(self, reply: Outgoing) -> str:
        """Post the reply under its comment; the platform's id of our reply."""
        raise NotImplementedError

    def find_sent(self, reply: Outgoing) -> str | None:
        """After a send that may have gone out: our reply's id if it is in the thread."""
        raise NotImplementedError

    def publish(self, post: Outpost) -> Published:
        """Publish the post on the account's channel, page or profile."""
        raise NotImplementedError

    def find_published(self, post: Outpost) -> Published | None:
        """After a publish that may have gone out: the post if it is there."""
        raise NotImplementedError

    def gone(self, remote_ids: Sequence[str]) -> set[str]:
        """Of these published posts (at most ``GONE_BATCH``), those deleted on the platform
        since; the ones it cannot tell about are not among them."""
        return set()  # a platform that cannot look (a bot cannot read its channel)

    def hide(self, external_id: str, hidden: bool) -> None:
        """Hide (or show again) a comment on the platform; delete where hiding is not a thing."""
        raise NotImplementedError
