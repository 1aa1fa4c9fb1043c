"""YouTube Data API v3: the comments on a channel, replies, and holding comments for review.

Calls and their quota units (10,000 a day, counted in Pacific time): channels.list 1,
commentThreads.list 1, comments.list 1, comments.insert 50, comments.setModerationStatus 50.
Google's OAuth token refresh and tokeninfo cost none. A refused request costs too, so each
request is counted before it is made.

A pull lists ``commentThreads`` with ``allThreadsRelatedToChannelId`` and ``order=time``
(newest thread first, each with its first replies), and ``comments.list`` with ``parentId``
for a thread holding more replies than it shows: one ``Page`` an API page.

The cursor, stored by the engine with each page::

    {"since": ISO,                        # the newest thread a complete pull reached
     "full_at": ISO,                      # when the last pass over every thread ended
     "counts": {thread: [replies, ISO]},  # threads whose replies were listed in full
     "run": {"top": ISO, "page": token, "threads_done": bool,
             "more": [[thread, video, replies, ISO], ...], "reply_page": token}}

- ``run`` is there while a pull is under way: ``page`` is the next commentThreads page (none:
  the top), ``more`` the threads whose replies are still to list (the first from
  ``reply_page``), ``top`` the newest thread this pull saw. Each page's cursor says what is
  left after it, so a pull killed after any page resumes from there and loses nothing.
- Threads come newest first: a pull reads no page past the first that holds a thread older
  than ``since`` less ``OVERLAP``. When nothing is left ``since`` becomes ``top`` and ``run``
  goes. Over unchanged data a second pull is one call (unless 100 threads came in the last
  ``OVERLAP``); the importer skips the comments it knows.
- A thread's replies are listed again only when its reply count differs from ``counts`` (a
  new thread, a new reply); ``counts`` keeps the newest ``MAX_COUNTS`` threads.
- A page token the server refuses (``invalidPageToken``) restarts the threads from the top,
  or that thread's replies from their first page.

``order=time`` orders threads by their first comment, so a new reply on an old thread is not on
the pages an incremental pull reads: once a day (``full_at``) a pull reads every thread page
(1 unit per 100 threads), and lists again the replies of threads whose count changed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from smmdesk.errors import UserError
from smmdesk.inbox.formats.graph import read_youtube
from smmdesk.inbox.formats.values import Context
from smmdesk.inbox.records import RawComment
from smmdesk.store.accounts import Account, Outgoing
from smmdesk.sync.base import Client, Identity, Page, Quota
from smmdesk.sync.errors import (
    AuthFailed,
    BadResponse,
    NoPermission,
    RateLimited,
    ReplyRefused,
    SyncError,
)
from smmdesk.sync.http import Http, Response
from smmdesk.sync.secrets import WORD, Secret
from smmdesk.textsafe import visible
from smmdesk.timeutil import from_iso, to_iso, utc_now

API = "/youtube/v3"
OAUTH_BASE = "https://oauth2.googleapis.com"
FORCE_SSL = "youtube.force-ssl"  # the scope comments.insert and setModerationStatus need
SCOPE_PREFIX = "https://www.googleapis.com/auth/"
PAGE_SIZE = 100  # the API's largest maxResults
OVERLAP = timedelta(hours=1)  # threads re-read before ``since``: late arrivals, equal times
# order=time orders threads by their first comment: a new reply on an old thread is found by a
# pass over every thread page, once a day (1 unit per 100 threads).
FULL_PASS_EVERY = timedelta(hours=24)
MAX_COUNTS = 300  # threads whose reply counts the cursor keeps
MAX_TOKEN = 2000  # characters of a page token we keep in the cursor
SENT_SLACK = timedelta(minutes=10)  # clocks' difference allowed when looking for our reply
EXPIRY_MARGIN = timedelta(minutes=1)  # renew a token this long before it expires
MAX_MESSAGE = 200  # characters of the API's own words in a message

RATE_REASONS = frozenset(
    {"quotaExceeded", "rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded"}
)
PERMISSION_REASONS = frozenset(
    {
        "insufficientPermissions",
        "forbidden",
        "ineligibleAccount",
        "accountDelegationForbidden",
        "authenticatedUserAccountClosed",
        "authenticatedUserAccountSuspended",
        "authenticatedUserNotChannel",
        "channelClosed",
        "channelSuspended",
    }
)
GONE_REASONS = frozenset({"commentNotFound", "parentNotFound", "videoNotFound"})
ONE_COMMENT = frozenset({"replies", "find", "send", "hide"})  # calls about one comment
REFUSABLE = frozenset({"send", "hide"})  # a 400 fails that one call, not the account
PAGED = frozenset({"threads", "replies"})  # a refused page token starts again
DELETED = "the comment was deleted on YouTube"


class TokenRefused(Exception):
    """The server no longer knows the page token it gave (``invalidPageToken``)."""


class YouTubeClient(Client):
    platform = "youtube"
    default_base = "https://www.googleapis.com"
    required = ("channel_id",)
    renew_hint = (
        "make a new OAuth token with the youtube.force-ssl scope (with its refresh_token, "
        "client_id and client_secret, so smmdesk renews it) and add the account again "
        "with --with-token"
    )
    daily_quota = 10_000
    quota_zone = "America/Los_Angeles"
    no_publishing = (
        "YouTube has no publishing API for community posts: publish it by hand, "
        "then `smmdesk post link` it"
    )

    def __init__(self, account: Account, secret: Secret, http: Http, quota: Quota) -> None:
        super().__init__(account, secret, http, quota)
        self.replaced: list[str] = []  # tokens renewed away from: kept out of messages too

    @property
    def channel_id(self) -> str:
        return str(self.options.get("channel_id") or "")

    # The interface -------------------------------------------------------------

    def identity(self) -> Identity:
        params = {"part": "snippet", "mine": "true"}
        response = self._api("GET", "/channels", "channels.list", params=params, action="identity")
        channel_id, title = _first_channel(response.data)
        scopes, expires = self._token_info()
        missing = [] if FORCE_SSL in scopes else [FORCE_SSL]
        if channel_id != self.channel_id:
            missing.append(f"channel {self.channel_id} (the token is for {channel_id})")
        return Identity(
            name=title,
            permissions=scopes,
            user_id=channel_id,
            expires_at=expires,
            missing=tuple(missing),
        )

    def pull(self, cursor: Mapping[str, Any]) -> Iterator[Page]:
        position = Position.load(cursor)
        run = position.start()
        while position.run is not None:
            if run.more:
                page = self._replies_page(position, run)
            else:
                page = self._threads_page(position, run)
            position.finish_if_done()
            page.cursor = position.dump()
            yield page

    def send(self, reply: Outgoing) -> str:
        body = {"snippet": {"parentId": _top_level(reply), "textOriginal": reply.reply.text}}
        response = self._api(
            "POST",
            "/comments",
            "comments.insert",
            units=50,
            params={"part": "snippet"},
            json=body,
            repeatable=False,
            action="send",
        )
        made = response.data.get("id") if isinstance(response.data, dict) else None
        if not isinstance(made, str) or not made:
            raise BadResponse("YouTube took the reply but did not give its id")
        return made

    def find_sent(self, reply: Outgoing) -> str | None:
        want = _normal(reply.reply.text)
        tried = _instant(reply.reply.tried_at)
        after = tried - SENT_SLACK if tried else None
        parent, token = _top_level(reply), None
        while True:
            records, _, token = self._replies(parent, None, token, "find")
            for record in records:
                if record.ours and _normal(record.text) == want and _since(record, after):
                    return record.external_id
            if token is None:
                return None

    def hide(self, external_id: str, hidden: bool) -> None:
        status = "heldForReview" if hidden else "published"
        self._api(
            "POST",
            "/comments/setModerationStatus",
            "comments.setModerationStatus",
            units=50,
            params={"id": external_id, "moderationStatus": status},
            repeatable=True,  # setting a status twice is setting it once
            action="hide",
        )

    # Pages ----------------------------------------------------------------------

    def _threads_page(self, position: Position, run: Run) -> Page:
        params: dict[str, Any] = {
            "part": "snippet,replies",
            "allThreadsRelatedToChannelId": self.channel_id,
            "order": "time",
            "textFormat": "plainText",
            "maxResults": PAGE_SIZE,
        }
        if run.page:
            params["pageToken"] = run.page
        try:
            records, edits, run.page = self._list("/commentThreads", "commentThreads", params)
        except TokenRefused:
            run.page = None
            return Page([], {}, label="comment threads: page token refused, from the top")
        tops = [r for r in records if r.parent_external_id is None and r.external_id]
        run.saw(tops)
        since = None if run.full else position.since  # a full pass reads every page
        run.threads_done = run.page is None or run.reached(tops, since)
        incomplete = _incomplete(records, tops, position.counts)
        run.add_more(incomplete)
        # Their replies come whole from comments.list: not the few shown here as well.
        listed = {thread[0] for thread in incomplete}
        records = [r for r in records if r.parent_external_id not in listed]
        edits = [r for r in edits if r.parent_external_id not in listed]
        return Page(records, {}, edits, label=f"{len(tops)} comment threads")

    def _replies_page(self, position: Position, run: Run) -> Page:
        thread, video, total, published = run.more[0]
        try:
            records, edits, run.reply_page = self._replies(thread, video, run.reply_page)
        except TokenRefused:
            run.reply_page = None
            return Page([], {}, label=f"replies to {thread}: page token refused, again")
        except ReplyRefused:  # the thread was deleted since its page was read
            records, edits, run.reply_page = [], [], None
        if run.reply_page is None:
            run.more.pop(0)
            position.counted(thread, total, published)
        return Page(records, {}, edits, label=f"replies to {thread}")

    def _replies(
        self, parent: str, video: str | None, token: str | None, action: str = "replies"
    ) -> tuple[list[RawComment], list[RawComment], str | None]:
        params: dict[str, Any] = {
            "part": "snippet",
            "parentId": parent,
            "textFormat": "plainText",
            "maxResults": PAGE_SIZE,
        }
        if token:
            params["pageToken"] = token
        return self._list("/comments", "comments", params, video, action)

    def _list(
        self,
        path: str,
        what: str,
        params: dict[str, Any],
        video: str | None = None,
        action: str = "threads",
    ) -> tuple[list[RawComment], list[RawComment], str | None]:
        """One list call: its comments, those of them edited, and the next page's token."""
        response = self._api("GET", path, f"{what}.list", params=params, action=action)
        following = _next_token(response.data, params.get("pageToken"))
        records, edits = self._read(_with_video(response.data, video), what)
        return records, edits, following

    def _read(self, document: Any, what: str) -> tuple[list[RawComment], list[RawComment]]:
        """A list response as the importer's records (one rule: ``read_youtube``)."""
        if not isinstance(document, dict) or not isinstance(document.get("items"), list):
            raise BadResponse(f"YouTube's {what} answer has no items list")
        context = Context(label=f"YouTube {what}", zone=UTC, platform="youtube")
        try:
            records = list(read_youtube(document, context))
        except UserError as error:
            raise BadResponse(self._clean(str(error))) from None
        for record in records:
            record.ours = bool(self.channel_id) and record.author_id == self.channel_id
        edited = _edited_ids(document["items"])
        return records, [r for r in records if r.external_id in edited]

    # Calls, tokens and errors ---------------------------------------------------

    def _api(
        self,
        method: str,
        path: str,
        what: str,
        *,
        units: int = 1,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        repeatable: bool | None = None,
        action: str = "threads",
    ) -> Response:
        """One YouTube call, counted first; a refused token is renewed once and the call
        made again. Returns a 2xx answer or raises the ``SyncError`` its status means."""
        renewed = self._renew_if_expiring()
        response = self._request(method, path, what, units, params, json, repeatable)
        if response.status == 401 and not renewed and self._can_renew():
            self._renew()
            response = self._request(method, path, what, units, params, json, repeatable)
        if response.ok:
            return response
        reason, message = _google_error(response.data)
        if action in PAGED and (params or {}).get("pageToken") and reason == "invalidPageToken":
            raise TokenRefused
        raise self._failure(response.status, reason, message, action, response)

    def _request(
        self,
        method: str,
        path: str,
        what: str,
        units: int,
        params: Mapping[str, Any] | None,
        json: Any,
        repeatable: bool | None,
    ) -> Response:
        self.quota.spend(units, what)
        return self.http.call(
            method,
            API + path,
            params=params,
            json=json,
            headers={"Authorization": f"Bearer {self.secret.token}"},
            repeatable=repeatable,
        )

    def _can_renew(self) -> bool:
        return bool(self.secret.refresh_token and self.secret.client_id)

    def _renew_if_expiring(self) -> bool:
        expires = _instant(self.secret.expires_at)
        if expires is None or not self._can_renew() or expires - EXPIRY_MARGIN > utc_now():
            return False
        self._renew()
        return True

    def _renew(self) -> None:
        """A new access token from the refresh token (Google's token endpoint)."""
        form = {
            "grant_type": "refresh_token",
            "refresh_token": self.secret.refresh_token or "",
            "client_id": self.secret.client_id or "",
        }
        if self.secret.client_secret:
            form["client_secret"] = self.secret.client_secret
        response = self.http.call(
            "POST", "/token", url=self._oauth_url("/token"), data=form, repeatable=True
        )
        data = response.data if isinstance(response.data, dict) else {}
        if response.status in (400, 401):
            reason, message = _google_error(response.data)
            detail = self._clean(f"{reason}: {message}" if message else reason or "refused")
            raise AuthFailed(f"Google refused to renew the token ({detail}); {self.renew_hint}")
        token = data.get("access_token")
        if not response.ok or not isinstance(token, str) or not _is_token(token):
            raise BadResponse(f"Google's token endpoint answered {response.status} without a token")
        self.replaced.append(self.secret.token)
        self.secret = self.secret.renewed(token, _expiry(data.get("expires_in")))

    def _token_info(self) -> tuple[tuple[str, ...], datetime | None]:
        """The scopes granted to the token and when it expires (Google's tokeninfo)."""
        response = self.http.call(
            "GET",
            "/tokeninfo",
            url=self._oauth_url("/tokeninfo"),
            params={"access_token": self.secret.token},
        )
        if response.status in (400, 401):
            raise AuthFailed(f"Google does not know the token; {self.renew_hint}")
        data = response.data
        if not response.ok or not isinstance(data, dict) or not isinstance(data.get("scope"), str):
            raise BadResponse(f"Google's tokeninfo answered {response.status} without scopes")
        scopes = [self._clean(s.removeprefix(SCOPE_PREFIX)) for s in data["scope"].split()]
        return tuple(scopes[:50]), _epoch(data.get("exp"))

    def _oauth_url(self, path: str) -> str:
        """Google's OAuth server: the ``oauth_base`` option, else the account's server (one
        fake serves both), else Google's own. ``Http.call`` checks it as it checks every
        server (https, or plain http to this machine)."""
        named = self.options.get("oauth_base") or self.account.api_base or OAUTH_BASE
        return str(named).rstrip("/") + path

    def _failure(
        self, status: int, reason: str, message: str, action: str, response: Response
    ) -> SyncError:
        """What an error answer means for the sync (documented reasons; else BadResponse)."""
        if status == 401:
            return AuthFailed(f"YouTube refused the token (expired or revoked); {self.renew_hint}")
        if status == 429 or reason in RATE_REASONS:
            return self._rate_limited(reason or str(status), response)
        if action in ONE_COMMENT:
            refused = self._refused(status, reason, message, action)
            if refused is not None:
                return refused
        if status == 403 and reason in PERMISSION_REASONS:
            return self._no_permission(reason)
        if status == 403 and reason == "commentsDisabled":
            return NoPermission(f"comments are turned off on channel {self.channel_id}")
        if status == 404 and reason == "channelNotFound":
            return NoPermission(f"YouTube has no channel {self.channel_id}; check its channel id")
        named = f" ({self._clean(reason)})" if reason else ""
        return BadResponse(f"YouTube answered {status}{named}")

    def _refused(self, status: int, reason: str, message: str, action: str) -> SyncError | None:
        """An error that fails this one reply (or hide) and lets the others go on."""
        if reason == "commentsDisabled":
            return ReplyRefused("comments are turned off on this video")
        if status == 404 or reason in GONE_REASONS:
            return ReplyRefused(DELETED)
        if action == "hide" and reason == "forbidden":
            return ReplyRefused("YouTube would not moderate it (deleted, or not this channel's)")
        if status == 400 and action in REFUSABLE:
            return ReplyRefused(f"YouTube refused it: {self._clean(message or reason or '400')}")
        return None

    def _rate_limited(self, reason: str, response: Response) -> RateLimited:
        if reason == "quotaExceeded":
            if self.quota.limit is not None:  # spent, whatever our count says
                self.quota.used = max(self.quota.used, self.quota.limit)
            return RateLimited(
                "YouTube's daily quota is spent (quotaExceeded); it resets at midnight Pacific time"
            )
        wait = _retry_after(response.headers.get("Retry-After"))
        return RateLimited(
            f"YouTube asks to slow down ({self._clean(reason)}); the next sync goes on", wait
        )

    def _no_permission(self, reason: str) -> NoPermission:
        if reason == "insufficientPermissions":
            return NoPermission(f"the token lacks the {FORCE_SSL} scope; {self.renew_hint}")
        return NoPermission(
            f"YouTube refused access ({reason}); the token's channel may not manage "
            f"channel {self.channel_id}"
        )

    def _clean(self, text: str) -> str:
        """The API's words for a message: one line, no markup, no URL, no secret, bounded."""
        text = re.sub(r"<[^>]*>", "", text)  # Google links its quota page in messages
        text = re.sub(r"\w+://\S+", "(a link)", text)
        for secret in self._secrets():
            text = text.replace(secret, "••••").replace(quote(secret, safe=""), "••••")
        text = visible(" ".join(text.split()))
        return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"

    def _secrets(self) -> list[str]:
        held = [self.secret.token, self.secret.refresh_token, self.secret.client_secret]
        return [s for s in [*held, *self.replaced] if s]


# The cursor -----------------------------------------------------------------------


@dataclass
class Run:
    """A pull under way: where its thread pages are, and which threads' replies are left."""

    top: str | None = None  # the newest thread seen, UTC ISO
    page: str | None = None  # the next commentThreads page; None: the top
    threads_done: bool = False
    more: list[list[Any]] = field(default_factory=list)  # [thread, video, replies, ISO]
    reply_page: str | None = None  # the next comments.list page of more[0]
    full: bool = False  # a daily pass over every thread: new replies on old threads

    def saw(self, tops: list[RawComment]) -> None:
        newest = [to_iso(r.created_at) for r in tops]
        if self.top:
            newest.append(self.top)
        self.top = max(newest, key=from_iso) if newest else None

    def reached(self, tops: list[RawComment], since: str | None) -> bool:
        """Whether this page holds a thread a complete pull has read before."""
        if since is None:
            return False
        edge = from_iso(since) - OVERLAP
        return any(r.created_at < edge for r in tops)

    def add_more(self, threads: list[list[Any]]) -> None:
        queued = {entry[0] for entry in self.more}
        self.more += [t for t in threads if t[0] not in queued]

    def dump(self) -> dict[str, Any]:
        return {
            "top": self.top,
            "page": self.page,
            "threads_done": self.threads_done,
            "more": [list(entry) for entry in self.more],  # a copy: the run goes on
            "reply_page": self.reply_page,
            "full": self.full,
        }

    @classmethod
    def load(cls, data: Any) -> Run:
        if not isinstance(data, dict):
            return cls()
        more = data.get("more")
        return cls(
            top=_iso_or_none(data.get("top")),
            page=_token_or_none(data.get("page")),
            threads_done=data.get("threads_done") is True,
            more=[m for m in more if _is_more(m)] if isinstance(more, list) else [],
            reply_page=_token_or_none(data.get("reply_page")),
            full=data.get("full") is True,
        )


@dataclass
class Position:
    """The whole cursor: what complete pulls reached, and the pull under way if any."""

    since: str | None = None
    counts: dict[str, list[Any]] = field(default_factory=dict)  # thread: [replies, ISO]
    run: Run | None = None
    full_at: str | None = None  # when the last full pass ended

    @classmethod
    def load(cls, cursor: Mapping[str, Any]) -> Position:
        """A stored cursor; what is not of its shape is ignored (a full pull from the top)."""
        counts = cursor.get("counts")
        return cls(
            since=_iso_or_none(cursor.get("since")),
            counts={k: v for k, v in counts.items() if isinstance(k, str) and _is_count(v)}
            if isinstance(counts, dict)
            else {},
            run=Run.load(cursor["run"]) if "run" in cursor else None,
            full_at=_iso_or_none(cursor.get("full_at")),
        )

    def start(self) -> Run:
        if self.run is None:
            due = self.full_at is None or utc_now() - from_iso(self.full_at) >= FULL_PASS_EVERY
            self.run = Run(full=due)
        return self.run

    def counted(self, thread: str, replies: int, published: str) -> None:
        self.counts[thread] = [replies, published]
        if len(self.counts) > MAX_COUNTS:
            newest = sorted(self.counts.items(), key=lambda kv: from_iso(kv[1][1]), reverse=True)
            self.counts = dict(newest[:MAX_COUNTS])

    def finish_if_done(self) -> None:
        run = self.run
        if run is None or not run.threads_done or run.more:
            return
        if run.top and (self.since is None or from_iso(run.top) > from_iso(self.since)):
            self.since = run.top
        if run.full:
            self.full_at = to_iso(utc_now())
        self.run = None

    def dump(self) -> dict[str, Any]:
        counts = {thread: list(entry) for thread, entry in self.counts.items()}
        out: dict[str, Any] = {"since": self.since, "counts": counts, "full_at": self.full_at}
        if self.run is not None:
            out["run"] = self.run.dump()
        return out


# Helpers ----------------------------------------------------------------------------


def _incomplete(
    records: list[RawComment], tops: list[RawComment], counts: Mapping[str, list[Any]]
) -> list[list[Any]]:
    """Threads holding more replies than the page shows, unless their count is known."""
    shown = Counter(r.parent_external_id for r in records if r.parent_external_id)
    return [
        [top.external_id, top.post_ref, top.reply_count, to_iso(top.created_at)]
        for top in tops
        if top.external_id
        and top.reply_count > shown[top.external_id]
        and counts.get(top.external_id, [None])[0] != top.reply_count
    ]


def _comments_in(items: list[Any]) -> Iterator[dict[str, Any]]:
    """Every comment object of a list response: threads' top-level comments and replies."""
    for item in items:
        if not isinstance(item, dict):
            continue
        if item.get("kind") == "youtube#comment":
            yield item
            continue
        snippet = item.get("snippet")
        if isinstance(snippet, dict) and isinstance(snippet.get("topLevelComment"), dict):
            yield snippet["topLevelComment"]
        replies = item.get("replies")
        if isinstance(replies, dict) and isinstance(replies.get("comments"), list):
            yield from (c for c in replies["comments"] if isinstance(c, dict))


def _edited_ids(items: list[Any]) -> set[str]:
    """Comments whose ``updatedAt`` is not their ``publishedAt``: edited since posted."""
    edited = set()
    for comment in _comments_in(items):
        snippet = comment.get("snippet")
        if not isinstance(snippet, dict) or not isinstance(comment.get("id"), str):
            continue
        if snippet.get("updatedAt") not in (None, snippet.get("publishedAt")):
            edited.add(comment["id"])
    return edited


def _with_video(document: Any, video: str | None) -> Any:
    """A comments.list answer with its thread's video in each comment (the comment resource
    does not say it; the thread did)."""
    if not video or not isinstance(document, dict) or not isinstance(document.get("items"), list):
        return document
    items = [
        {**item, "snippet": {"videoId": video, **item["snippet"]}}
        if isinstance(item, dict) and isinstance(item.get("snippet"), dict)
        else item
        for item in document["items"]
    ]
    return {**document, "items": items}


def _next_token(document: Any, sent: str | None) -> str | None:
    token = document.get("nextPageToken") if isinstance(document, dict) else None
    if token is None or token == "":
        return None
    if not isinstance(token, str) or len(token) > MAX_TOKEN:
        raise BadResponse("YouTube's nextPageToken is not a page token")
    if token == sent:
        raise BadResponse("YouTube gave the same page token again")
    return token


def _google_error(data: Any) -> tuple[str, str]:
    """The reason and message of a Google error body: the APIs' ``error.errors[].reason``
    or OAuth's ``error`` and ``error_description``."""
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, str):
        described = data.get("error_description")
        return error, described if isinstance(described, str) else ""
    if not isinstance(error, dict):
        return "", ""
    errors = error.get("errors")
    first = errors[0] if isinstance(errors, list) and errors else None
    first = first if isinstance(first, dict) else {}
    reason = first.get("reason")
    message = error.get("message") or first.get("message")
    return (
        reason if isinstance(reason, str) else "",
        message if isinstance(message, str) else "",
    )


def _first_channel(data: Any) -> tuple[str, str]:
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise BadResponse("YouTube's channels answer has no items list")
    if not items:
        raise NoPermission("the token's Google account has no YouTube channel")
    first = items[0] if isinstance(items[0], dict) else {}
    snippet = first.get("snippet")
    channel_id = first.get("id")
    title = snippet.get("title") if isinstance(snippet, dict) else None
    if not isinstance(channel_id, str) or not isinstance(title, str):
        raise BadResponse("YouTube's channel has no id or title")
    return visible(channel_id[:100]), visible(" ".join(title.split())[:200])


def _top_level(reply: Outgoing) -> str:
    """YouTube answers only top-level comments: a reply to a reply goes under its thread."""
    return reply.parent_external_id or reply.external_id


def _since(record: RawComment, after: datetime | None) -> bool:
    return after is None or record.created_at >= after


def _normal(text: str) -> str:
    return " ".join(text.split())


def _is_token(text: str) -> bool:
    """A token the server gave: one word of token characters (it goes in a header)."""
    return len(text) <= 4096 and WORD.fullmatch(text) is not None


def _instant(text: str | None) -> datetime | None:
    try:
        return from_iso(text) if text else None
    except (TypeError, ValueError):
        return None


def _iso_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and _instant(value) else None


def _token_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= MAX_TOKEN else None


def _is_count(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and type(value[0]) is int
        and _iso_or_none(value[1]) is not None
    )


def _is_more(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 4
        and isinstance(value[0], str)
        and (value[1] is None or isinstance(value[1], str))
        and type(value[2]) is int
        and _iso_or_none(value[3]) is not None
    )


def _expiry(seconds: Any) -> str | None:
    """When a token given ``expires_in`` seconds ago stops working, UTC ISO."""
    if type(seconds) is not int or not 0 < seconds < 10**8:
        return None
    return to_iso(utc_now() + timedelta(seconds=seconds))


def _epoch(value: Any) -> datetime | None:
    """tokeninfo's ``exp``: seconds since 1970, as text."""
    try:
        return datetime.fromtimestamp(int(str(value)), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _retry_after(value: str | None) -> float | None:
    try:
        seconds = float(value) if value else None
    except ValueError:
        return None
    return seconds if seconds is not None and 0 <= seconds <= 86_400 else None
