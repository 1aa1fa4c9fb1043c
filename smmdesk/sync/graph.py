"""Facebook Pages and Instagram professional accounts through the Graph API.

``GraphClient`` speaks the Graph API: the token, error bodies, paging, identity; ``FacebookClient``
and ``InstagramClient`` say what a pull reads and where a reply goes. The token travels only in
the ``Authorization: Bearer`` header. A page's ``paging.next`` URL holds ``access_token=``, so a
list is followed with ``paging.cursors.after`` and our own parameters, never with that URL; and
``/debug_token?input_token=`` is asked inside a batch request, whose relative URL is in the POST
body. Comments are read by ``inbox.formats.graph`` (the importer's readers), one rule for both.

Facebook: what a pull reads, and its cursor
    The page's ``/published_posts`` created in the last WINDOW_DAYS (older posts are not read:
    a comment on one is missed), newest first. Of those, the ones whose ``updated_time`` (Facebook
    moves it when someone comments) is after the mark less OVERLAP_S; each one's ``/comments``
    with filter=stream (replies too, each naming its parent), order=reverse_chronological and
    ``since`` = the mark less OVERLAP_S (the overlap re-reads a few known comments: clock skew,
    late writes; the importer skips them). The first sync reads every post in the window whole.
    Between syncs: ``{"since": T}``, T the server's time (its ``Date`` header) when the last whole
    sync listed the posts. During one, each page's cursor: ``{"since", "next": T', "post", "at",
    "after"}``: posts are read oldest first (created time, then id); ``post`` (created at ``at``)
    is the one being read, every one before it is stored; ``after`` is the Graph cursor of its
    next page, absent once it is stored whole. A resumed sync lists the posts again, skips the
    stored ones and goes on from ``after``; it keeps ``next``, so what was written while it was
    stopped is read the next time. One post is named, never a list.

Instagram: what a pull reads, and its cursor
    ``/{ig-user-id}/media`` created in the last WINDOW_DAYS, at most MAX_MEDIA, newest first, with
    ``comments_count`` (replies included). The comments edge has no ``since`` and a new reply
    sits under its old comment, so a media is read whole (``/comments`` with ``replies``, the
    pages of both followed) when its count differs from the cursor's.
    Between syncs: ``{"counts": {media id: comments_count}}`` for the recent media only (at most
    MAX_MEDIA entries). During one, also ``"media"``, its ``"count"`` when its reading began, and
    ``"after"``: a resumed sync goes on from ``after`` if that count is unchanged, else reads the
    media again from its start. A limit: a comment deleted and another added between two syncs
    leave the count as it was; the new one is read at the next change on that media.

Both: a stored ``after`` the server no longer takes (the Graph API advises against keeping
cursors) reads that post or media again from its start; the last page of a sync carries the
cursor of the whole sync.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar
from urllib.parse import parse_qs, quote, urlsplit

from smmdesk.errors import UserError
from smmdesk.inbox.formats.graph import read_facebook, read_instagram
from smmdesk.inbox.formats.values import Context, parse_instant
from smmdesk.inbox.records import RawComment
from smmdesk.store.accounts import Outgoing
from smmdesk.sync.base import GONE_BATCH, Client, Identity, Outpost, Page, Published
from smmdesk.sync.errors import (
    AuthFailed,
    BadResponse,
    NoPermission,
    RateLimited,
    ReplyRefused,
    SyncError,
    Unsure,
)
from smmdesk.sync.http import Response, decode

WINDOW_DAYS = 30  # posts and media created this recently are read
WINDOW_S = WINDOW_DAYS * 86400
OVERLAP_S = 600  # read again behind the mark: clock skew, comments the server shows late
MAX_MEDIA = 50  # Instagram media a pull looks at, and entries in its cursor
MAX_PAGES = 5000  # of one list: a server that pages forever is a BadResponse, not a hang
FIND_PAGES = 20  # of a comment's replies, looking for ours after an unsure send
SENT_SKEW_S = 600  # our reply is no older than its try less this
MESSAGE_MAX = 200  # characters of the server's message in ours
FB_COMMENT_FIELDS = "id,message,from,created_time,parent{id},like_count,comment_count,permalink_url"
IG_REPLY_FIELDS = "id,text,timestamp,username,from,like_count,parent_id"
IG_COMMENT_FIELDS = f"id,text,timestamp,username,from,like_count,replies{{{IG_REPLY_FIELDS}}}"
AUTH_CODES = frozenset({102, 190})
RATE_CODES = frozenset({4, 17, 32, 613, *range(80001, 80015)})
AUTH_REASONS = {
    458: "revoked (the app was removed)",
    460: "invalid since the password was changed",
    463: "expired",
    467: "invalid (logged out or revoked)",
}
PERMISSION_NAME = re.compile(r"\b(?:pages|instagram|business|ads|read|publish)_[a-z_]+")
TOKEN_IN_TEXT = re.compile(r"(access_token|input_token)=[^&\s\"']+")


class Gone(BadResponse):
    """A read of an object that no longer is (Graph 100 with subcode 33, or 404)."""


@dataclass(frozen=True)
class _Item:
    """A post or a media as its list gives it."""

    id: str
    created: int  # UNIX seconds
    updated: int | None = None  # a post's updated_time
    count: int = 0  # a media's comments_count

    @property
    def key(self) -> tuple[int, str]:
        return (self.created, self.id)


class GraphClient(Client):
    """What Facebook and Instagram share: errors, paging, identity, a reply and a hide."""

    default_base: ClassVar[str] = "https://graph.facebook.com/v21.0"
    token_expires = True  # Page tokens can: the engine asks once when, to warn in time
    api: ClassVar[str]  # the platform's name in messages
    reads: ClassVar[str]  # the permission a pull needs
    writes: ClassVar[str]  # the permission a reply and a hide need
    reply_edge: ClassVar[str]  # POST /{comment-id}/{reply_edge} answers a comment
    hide_field: ClassVar[str]  # POST /{comment-id} {hide_field}=true hides it
    text_field: ClassVar[str]
    time_field: ClassVar[str]
    find_fields: ClassVar[str]
    server_now: int | None = None  # the server's clock at its last answer (its Date header)

    # Calls -------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        repeatable: bool | None = None,
        sending: bool = False,
        needs: str | None = None,
    ) -> Response:
        response = self.http.call(
            method,
            path,
            params=params,
            data=data,
            headers={"Authorization": f"Bearer {self.secret.token}"},
            repeatable=repeatable,
        )
        self.server_now = _server_time(response.headers) or self.server_now
        error = _error_of(response.data)
        if error is not None or not response.ok:
            raise self._failure(response.status, error, response.headers, sending, needs)
        return response

    def _get(self, path: str, params: Mapping[str, Any]) -> Any:
        return self._call("GET", path, params=params).data

    def _object(self, node: str, fields: str) -> dict[str, Any]:
        found = self._get(f"/{_node(node)}", {"fields": fields})
        if not isinstance(found, dict):
            raise BadResponse(f"{self.api} answered with {_kind(found)}, not an object")
        return found

    def _pages(
        self, path: str, params: Mapping[str, Any], after: str | None = None
    ) -> Iterator[tuple[list[Any], str | None]]:
        """Each page of a Graph list: its items and the cursor of the next page (None: last)."""
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            query = {**params, "after": after} if after else dict(params)
            document = self._get(path, query)
            items, after = _items(document, self.api), _next_after(document, self.api)
            yield items, after
            if after is None:
                return
            if after in seen:
                raise BadResponse(f"{self.api} gave the same paging cursor twice")
            seen.add(after)
        raise BadResponse(f"{self.api} gave more than {MAX_PAGES:,} pages of one list")

    def _find_own(
        self,
        path: str,
        params: Mapping[str, Any],
        fields: tuple[str, str],
        words: str,
        tried_at: str | None,
    ) -> dict[str, Any] | None:
        """The newest item of a list with the same words (``fields``: its time and
        text), made no earlier than the try (less the skew); the list is newest first."""
        time_field, text_field = fields
        wanted, cutoff = _words(words), _cutoff(tried_at)
        for number, (items, _after) in enumerate(self._pages(path, params), 1):
            for item in items:
                if not isinstance(item, dict) or not _text(item.get("id")):
                    continue
                made = _seconds(item.get(time_field))
                if cutoff is not None and made is not None and made < cutoff:
                    return None  # older than the try: it is not there
                if _words(item.get(text_field)) == wanted:
                    return item
            if number >= FIND_PAGES:
                break
        return None

    def _resumed(
        self, path: str, params: Mapping[str, Any], after: str | None
    ) -> Iterator[tuple[list[Any], str | None]]:
        """``_pages`` from a stored cursor; one the server refuses reads the list from its start."""
        started = False
        try:
            for page in self._pages(path, params, after):
                started = True
                yield page
        except BadResponse:
            if started or after is None:
                raise
            yield from self._pages(path, params)

    def _now(self) -> int:
        return self.server_now or int(time.time())

    # Errors ------------------------------------------------------------------

    def _failure(
        self,
        status: int,
        error: Mapping[str, Any] | None,
        headers: Mapping[str, str],
        sending: bool,
        needs: str | None = None,
    ) -> SyncError:
        """The error a Graph answer means, in one line without the token."""
        error = error or {}
        code, sub = _int(error.get("code")), _int(error.get("error_subcode"))
        said = self._clean(error.get("message"))
        if code in AUTH_CODES:
            reason = AUTH_REASONS.get(sub or 0, "invalid, expired or revoked")
            return AuthFailed(
                f"the {self.api} token is {reason} (Graph error {code}); {self.renew_hint}"
            )
        if code == 10 or (code is not None and 200 <= code <= 299):
            return NoPermission(self._lacking(code, said, sending, needs))
        if code in RATE_CODES:
            wait = _retry_after(headers)
            when = f"; try again in {wait / 60:.0f} min" if wait else ""
            return RateLimited(f"{self.api} asks us to slow down (Graph error {code}){when}", wait)
        if code is None:
            plain = f"{self.api} answered HTTP {status}" + (f": {said}" if said else "")
        else:
            plain = f"{self.api} error {code}: {said}"
        if needs is not None and (status == 404 or (code == 100 and sub == 33)):
            return NoPermission(f"{self.api} cannot post there ({said}); check the account's id")
        if status == 404 or (code == 100 and sub == 33):
            return (
                ReplyRefused(f"the comment was deleted on {self.api}") if sending else Gone(plain)
            )
        if sending and code == 368:
            return ReplyRefused(f"{self.api} blocked it as spam or abuse for now: {said}")
        return BadResponse(plain)

    def _lacking(self, code: int, said: str, sending: bool, needs: str | None = None) -> str:
        """Which permission is missing: the one the server names, else the call's."""
        named = PERMISSION_NAME.findall(said)
        if needs and (needs in named or not named):
            needed = needs  # the call's own permission, when the server names it among others
        else:
            needed = named[0] if named else (self.writes if sending else self.reads)
        return (
            f"the {self.api} token lacks the {needed} permission (Graph error {code}); "
            "grant it, then add the account again with a new token"
        )

    def _clean(self, value: Any) -> str:
        """Server text for a message: one line, bounded, without a token."""
        text = " ".join(str(value or "").split())
        if self.secret.token:
            text = text.replace(self.secret.token, "••••")
        text = TOKEN_IN_TEXT.sub(r"\1=••••", text)
        return text if len(text) <= MESSAGE_MAX else text[: MESSAGE_MAX - 1] + "…"

    # Identity ----------------------------------------------------------------

    def _identity(self, name: str, user_id: str) -> Identity:
        token = self._debug_token()
        scopes = token.get("scopes")
        granted = tuple(s for s in scopes if isinstance(s, str)) if isinstance(scopes, list) else ()
        ends = [_int(token.get(key)) for key in ("expires_at", "data_access_expires_at")]
        expires = min((t for t in ends if t), default=None)  # 0: never
        missing = (
            tuple(p for p in self.needs if p not in granted) if isinstance(scopes, list) else ()
        )
        return Identity(
            name=name,
            permissions=granted,
            user_id=user_id,
            expires_at=_instant(expires) if expires else None,
            missing=missing,
        )

    @property
    def needs(self) -> tuple[str, ...]:
        return (self.reads, self.writes)

    def _debug_token(self) -> dict[str, Any]:
        """``/debug_token`` of our own token, asked in a batch so the token stays out of URLs:
        its scopes, ``expires_at`` (0: never) and ``data_access_expires_at``."""
        inspect = "debug_token?input_token=" + quote(self.secret.token, safe="")
        batch = json.dumps([{"method": "GET", "relative_url": inspect}])
        answers = self._call(
            "POST", "/", data={"batch": batch, "include_headers": "false"}, repeatable=True
        ).data
        if not (isinstance(answers, list) and len(answers) == 1 and isinstance(answers[0], dict)):
            raise BadResponse(f"{self.api} answered the token check with {_kind(answers)}")
        code, body = _int(answers[0].get("code")) or 0, answers[0].get("body")
        inner = decode(body.encode("utf-8", "replace")) if isinstance(body, str) else None
        error = _error_of(inner)
        if code != 200 or error is not None:
            raise self._failure(code, error, {}, False)
        data = inner.get("data") if isinstance(inner, dict) else None
        if not isinstance(data, dict):
            raise BadResponse(f"{self.api} answered the token check without its data")
        if data.get("is_valid") is False:
            raise AuthFailed(f"the {self.api} token is no longer valid; {self.renew_hint}")
        return data

    # Published posts deleted since ----------------------------------------------

    can_see_gone = True

    def _account_node(self) -> str:
        """The Page or the Instagram account the token publishes as."""
        raise NotImplementedError

    def gone(self, remote_ids: Sequence[str]) -> set[str]:
        """One batch: the account itself, then each post's id. A post that no longer reads
        (Graph 100 with subcode 33, or 404) while the account does was deleted: a token that
        lost its permissions makes the account fail too, and then nothing is called gone."""
        ids = list(remote_ids)[:GONE_BATCH]
        if not ids:
            return set()
        nodes = [self._account_node(), *ids]
        batch = json.dumps(
            [{"method": "GET", "relative_url": f"{_node(node)}?fields=id"} for node in nodes]
        )
        answers = self._call(
            "POST", "/", data={"batch": batch, "include_headers": "false"}, repeatable=True
        ).data
        if not isinstance(answers, list) or len(answers) != len(nodes):
            raise BadResponse(f"{self.api} answered the batch with {_kind(answers)}")
        account, *posts = [_batch_missing(answer) for answer in answers]
        if account is not False:  # the account did not read: nothing can be told
            return set()
        return {remote_id for remote_id, missing in zip(ids, posts, strict=True) if missing}

    # Replies and hiding --------------------------------------------------------

    def _target(self, reply: Outgoing) -> str:
        """The comment a reply is posted under."""
        return reply.external_id

    def send(self, reply: Outgoing) -> str:
        response = self._call(
            "POST",
            f"/{_node(self._target(reply))}/{self.reply_edge}",
            data={"message": reply.reply.text},
            repeatable=False,
            sending=True,
        )
        made = _text(response.data.get("id")) if isinstance(response.data, dict) else None
        if not made:
            raise Unsure(f"{self.api} took the reply but did not give its id")
        return made

    def find_sent(self, reply: Outgoing) -> str | None:
        path = f"/{_node(self._target(reply))}/{self.reply_edge}"
        wanted = _words(reply.reply.text)
        cutoff = _cutoff(reply.reply.tried_at)
        try:
            for number, (items, _after) in enumerate(self._pages(path, self._find_params()), 1):
                for item in items:
                    if self._is_sent(item, wanted, cutoff):
                        return str(item["id"])
                if number >= FIND_PAGES:
                    break
        except Gone:
            raise ReplyRefused(f"the comment was deleted on {self.api}") from None
        return None

    def _find_params(self) -> dict[str, Any]:
        return {"fields": self.find_fields, "limit": 100}

    def _is_sent(self, item: Any, wanted: str, cutoff: int | None) -> bool:
        if not isinstance(item, dict) or not _text(item.get("id")) or not self._ours_raw(item):
            return False
        if _words(item.get(self.text_field)) != wanted:
            return False
        made = _seconds(item.get(self.time_field))
        return cutoff is None or made is None or made >= cutoff

    def hide(self, external_id: str, hidden: bool) -> None:
        response = self._call(
            "POST",
            f"/{_node(external_id)}",
            data={self.hide_field: "true" if hidden else "false"},
            repeatable=True,
            sending=True,
        )
        if not (isinstance(response.data, dict) and response.data.get("success") is True):
            what = "hiding" if hidden else "showing"
            raise BadResponse(f"{self.api} did not confirm the {what} of the comment")

    # Comments ----------------------------------------------------------------

    def _records(self, items: list[Any], parent: str) -> list[RawComment]:
        """A page of comments on the post or media ``parent``, read as an export is."""
        context = Context(label=f"{self.api} {parent}", zone=UTC, platform=self.platform)
        try:
            records = list(self._read({"id": parent, "comments": {"data": items}}, context))
        except UserError as exc:
            raise BadResponse(self._clean(exc)) from None
        for record in records:
            record.ours = self._ours(record)
        return records

    def _read(self, document: Any, context: Context) -> Iterator[RawComment]:
        raise NotImplementedError

    def _ours(self, record: RawComment) -> bool:
        raise NotImplementedError

    def _ours_raw(self, item: dict[str, Any]) -> bool:
        raise NotImplementedError

    def _listed(self, path: str, params: Mapping[str, Any], limit: int) -> tuple[int, list[_Item]]:
        """The server's time at the first page, and the posts or media created in the window
        (the list is newest first: it is read until one is older)."""
        start: int | None = None
        found: list[_Item] = []
        for items, _after in self._pages(path, params):
            start = start or self._now()
            page = [_item(item, self.api) for item in items]
            found += [item for item in page if item.created >= start - WINDOW_S]
            if not page or min(i.created for i in page) < start - WINDOW_S or len(found) >= limit:
                break
        return start or self._now(), found[:limit]


class FacebookClient(GraphClient):
    platform = "facebook"
    required = ("page_id",)
    api = "Facebook"
    reads, writes = "pages_read_engagement", "pages_manage_engagement"
    renew_hint = (
        "make a new Page access token with pages_read_engagement and pages_manage_engagement "
        "(Graph API Explorer; a long-lived one lasts) and add the account again with --with-token"
    )
    reply_edge, hide_field = "comments", "is_hidden"
    text_field, time_field = "message", "created_time"
    find_fields = "id,message,from,created_time"
    no_publishing = None
    publishes = "pages_manage_posts"  # the permission POST /{page-id}/feed needs
    # The account is a Page: its feed is the only place it posts. Meta removed the Groups API
    # in 2024, so a group's posts are never sent (above all not to the Page's feed).
    unpublishable_kinds: ClassVar[Mapping[str, str]] = {
        "group": "Meta removed the Groups API, so smmdesk cannot publish to a Facebook group: "
        "publish it by hand, then `smmdesk post link` it"
    }

    @property
    def page_id(self) -> str:
        return str(self.options.get("page_id", ""))

    def _account_node(self) -> str:
        return self.page_id

    def identity(self) -> Identity:
        page = self._object(self.page_id, "id,name")
        return self._identity(_text(page.get("name")) or self.page_id, self.page_id)

    def pull(self, cursor: Mapping[str, Any]) -> Iterator[Page]:
        since = _int(cursor.get("since"))
        listed_at, posts = self._listed(
            f"/{_node(self.page_id)}/published_posts",
            {"fields": "id,created_time,updated_time", "limit": 100},
            limit=10_000,
        )
        mark = _int(cursor.get("next")) or listed_at
        wanted = sorted((p for p in posts if _updated_since(p, since)), key=lambda p: p.key)
        pages = self._posts(wanted, since, mark, cursor)
        yield from _ending(pages, {"since": mark})

    def _posts(
        self, posts: list[_Item], since: int | None, mark: int, cursor: Mapping[str, Any]
    ) -> Iterator[Page]:
        base = {"since": since, "next": mark} if since is not None else {"next": mark}
        post, at = _text(cursor.get("post")), _int(cursor.get("at"))
        stored = (at, post) if post and at is not None else None
        for item in posts:
            after = None
            if stored is not None and item.key <= stored:
                after = _text(cursor.get("after")) if item.key == stored else None
                if after is None:
                    continue
            yield from self._post_comments(item, since, after, base)

    def _post_comments(
        self, post: _Item, since: int | None, after: str | None, base: Mapping[str, Any]
    ) -> Iterator[Page]:
        params: dict[str, Any] = {
            "filter": "stream",
            "order": "reverse_chronological",
            "fields": FB_COMMENT_FIELDS,
            "limit": 100,
        }
        if since is not None:
            params["since"] = since - OVERLAP_S
        where = {**base, "post": post.id, "at": post.created}
        pages = self._resumed(f"/{_node(post.id)}/comments", params, after)
        try:
            for number, (items, after) in enumerate(pages, 1):
                cursor = {**where, "after": after} if after else dict(where)
                label = f"post {post.id} page {number}"
                records = self._records(items, post.id)
                # Graph gives no edit time: what is read again is offered as edits, and only a
                # changed text is rescored.
                yield Page(records, cursor, edits=records, label=label)
        except Gone:
            return  # deleted since it was listed

    def _read(self, document: Any, context: Context) -> Iterator[RawComment]:
        return read_facebook(document, context)

    def _ours(self, record: RawComment) -> bool:
        return record.author_id == self.page_id

    def _ours_raw(self, item: dict[str, Any]) -> bool:
        author = item.get("from")
        return isinstance(author, dict) and _text(author.get("id")) == self.page_id

    def _find_params(self) -> dict[str, Any]:
        return {**super()._find_params(), "order": "reverse_chronological"}

    def publish(self, post: Outpost) -> Published:
        """``POST /{page-id}/feed`` with ``message`` and ``link``: the new post's id."""
        data = {"message": post.text}
        if post.link:
            data["link"] = post.link
        response = self._call(
            "POST",
            f"/{_node(self.page_id)}/feed",
            data=data,
            repeatable=False,
            sending=True,
            needs=self.publishes,
        )
        made = _text(response.data.get("id")) if isinstance(response.data, dict) else None
        if not made:
            raise Unsure("Facebook took the post but did not give its id")
        return Published(made, _facebook_url(made))

    def find_published(self, post: Outpost) -> Published | None:
        """Our post on the page, made no earlier than the try (less the skew), same words."""
        params = {"fields": "id,message,created_time", "limit": 100}
        path = f"/{_node(self.page_id)}/published_posts"
        found = self._find_own(path, params, ("created_time", "message"), post.text, post.tried_at)
        if found is None:
            return None
        post_id = str(found["id"])
        return Published(post_id, _facebook_url(post_id))


class InstagramClient(GraphClient):
    platform = "instagram"
    required = ("ig_user_id",)
    api = "Instagram"
    reads, writes = "instagram_basic", "instagram_manage_comments"
    renew_hint = (
        "make a new access token with instagram_basic and instagram_manage_comments (and "
        "pages_read_engagement for the Page linked to the account; Graph API Explorer, a "
        "long-lived one lasts) and add the account again with --with-token"
    )
    reply_edge, hide_field = "replies", "hide"
    text_field, time_field = "text", "timestamp"
    find_fields = "id,text,username,from,timestamp"
    no_publishing = None
    needs_image = True  # a photo post: the image by its address, the caption
    publishes = "instagram_content_publish"  # what /media and /media_publish need
    username: str | None = None  # ours, asked once ("" when it has none)

    @property
    def ig_user_id(self) -> str:
        return str(self.options.get("ig_user_id", ""))

    def _account_node(self) -> str:
        return self.ig_user_id

    def identity(self) -> Identity:
        user = self._object(self.ig_user_id, "id,username,name")
        self.username = _text(user.get("username")) or ""
        name = f"@{self.username}" if self.username else _text(user.get("name"))
        return self._identity(name or self.ig_user_id, self.ig_user_id)

    def _our_username(self) -> str:
        if self.username is None:
            found = self._object(self.ig_user_id, "username").get("username")
            self.username = _text(found) or ""
        return self.username

    def _target(self, reply: Outgoing) -> str:
        return reply.parent_external_id or reply.external_id  # only top-level comments take one

    def pull(self, cursor: Mapping[str, Any]) -> Iterator[Page]:
        counts = _counts(cursor.get("counts"))
        _, media = self._listed(
            f"/{_node(self.ig_user_id)}/media",
            {"fields": "id,caption,timestamp,permalink,comments_count", "limit": MAX_MEDIA},
            limit=MAX_MEDIA,
        )
        changed = sorted((m for m in media if m.count != counts.get(m.id, 0)), key=lambda m: m.key)
        pages = self._media(changed, dict(counts), cursor)
        yield from _ending(pages, {"counts": {m.id: m.count for m in media}})

    def _media(
        self, media: list[_Item], counts: dict[str, int], cursor: Mapping[str, Any]
    ) -> Iterator[Page]:
        for item in media:
            same = cursor.get("media") == item.id and _int(cursor.get("count")) == item.count
            after = _text(cursor.get("after")) if same else None
            yield from self._media_comments(item, after, counts)

    def _media_comments(
        self, media: _Item, after: str | None, counts: dict[str, int]
    ) -> Iterator[Page]:
        params = {"fields": IG_COMMENT_FIELDS, "limit": 50}
        pages = self._resumed(f"/{_node(media.id)}/comments", params, after)
        try:
            for number, (items, after) in enumerate(pages, 1):
                records = self._records([self._all_replies(c) for c in items], media.id)
                if after is None:
                    counts[media.id] = media.count
                    cursor: dict[str, Any] = {"counts": dict(counts)}
                else:
                    where = {"media": media.id, "count": media.count, "after": after}
                    cursor = {"counts": dict(counts), **where}
                yield Page(records, cursor, edits=records, label=f"media {media.id} page {number}")
        except Gone:
            return  # deleted since it was listed

    def _all_replies(self, comment: Any) -> Any:
        """The comment with every reply: those ``replies`` leaves out are read from its edge."""
        replies = comment.get("replies") if isinstance(comment, dict) else None
        more = _next_after(replies, self.api) if isinstance(replies, dict) else None
        if more is None:
            return comment
        node = _text(comment.get("id"))
        if not node:
            raise BadResponse("Instagram gave a comment with replies but no id")
        found = list(_items(replies, self.api))
        params = {"fields": IG_REPLY_FIELDS, "limit": 50}
        for items, _after in self._pages(f"/{_node(node)}/replies", params, more):
            found += items
        return {**comment, "replies": {"data": found}}

    def _read(self, document: Any, context: Context) -> Iterator[RawComment]:
        return read_instagram(document, context)

    # Publishing --------------------------------------------------------------

    def publish(self, post: Outpost) -> Published:
        """A photo post in two calls: ``POST /{ig-user-id}/media`` with ``image_url`` and
        ``caption`` makes a container (nothing is published yet), then
        ``POST /{ig-user-id}/media_publish`` with ``creation_id`` publishes it: the media's id,
        what its comments name as their post. Only the second call can have published: the
        engine's intent covers it, and ``find_published`` settles an answer lost on its way."""
        if not post.image_url:
            raise ReplyRefused("Instagram publishes a photo and the post has no image")
        try:
            container = self._call(
                "POST",
                f"/{_node(self.ig_user_id)}/media",
                data={"image_url": post.image_url, "caption": post.words},
                repeatable=True,  # a second container is never published: harmless
                sending=True,
                needs=self.publishes,
            )
        except (Unsure, Gone):
            raise
        except BadResponse as refused:  # nothing was published: the post fails alone
            raise ReplyRefused(f"Instagram refused the photo: {refused}") from None
        made = _text(container.data.get("id")) if isinstance(container.data, dict) else None
        if not made:
            raise ReplyRefused("Instagram made no media container (no id in its answer)")
        response = self._call(
            "POST",
            f"/{_node(self.ig_user_id)}/media_publish",
            data={"creation_id": made},
            repeatable=False,
            sending=True,
            needs=self.publishes,
        )
        media = _text(response.data.get("id")) if isinstance(response.data, dict) else None
        if not media:
            raise Unsure("Instagram took the post but did not give its media id")
        return Published(media, self._permalink(media))

    def _permalink(self, media: str) -> str | None:
        """The media's address, asked once it is published; None when that read fails (the
        media is out: nothing may undo the record)."""
        try:
            found = self._object(media, "permalink").get("permalink")
        except SyncError:
            return None
        return _text(found)

    def find_published(self, post: Outpost) -> Published | None:
        """Our media on the account, published no earlier than the try (less the skew), with
        the same caption."""
        params = {"fields": "id,caption,timestamp,permalink", "limit": 50}
        path = f"/{_node(self.ig_user_id)}/media"
        found = self._find_own(path, params, ("timestamp", "caption"), post.words, post.tried_at)
        if found is None:
            return None
        return Published(str(found["id"]), _text(found.get("permalink")))

    def _ours(self, record: RawComment) -> bool:
        if record.author_id == self.ig_user_id:
            return True
        name = self._our_username()
        return bool(name) and record.author.lower() == name.lower()

    def _ours_raw(self, item: dict[str, Any]) -> bool:
        author = item.get("from")
        if isinstance(author, dict) and _text(author.get("id")) == self.ig_user_id:
            return True
        name, said = self._our_username(), _text(item.get("username")) or ""
        return bool(name) and said.lower() == name.lower()


# Helpers ---------------------------------------------------------------------


def _facebook_url(post_id: str) -> str:
    """A Page post's address (``{page}_{post}`` opens at facebook.com/{page}_{post})."""
    return f"https://www.facebook.com/{quote(post_id, safe='_')}"


def _ending(pages: Iterator[Page], final: Mapping[str, Any]) -> Iterator[Page]:
    """The pages, the last one carrying ``final``, the cursor once the whole sync is stored
    (an empty page carries it when nothing was read)."""
    held: Page | None = None
    for page in pages:
        if held is not None:
            yield held
        held = page
    if held is None:
        held = Page([], {}, label="nothing new")
    held.cursor = dict(final)
    yield held


def _updated_since(post: _Item, since: int | None) -> bool:
    """Whether a post may have comments after the mark (always, without a mark or the time)."""
    if since is None or post.updated is None:
        return True
    return max(post.updated, post.created) >= since - OVERLAP_S


def _item(value: Any, api: str) -> _Item:
    if not isinstance(value, dict) or not _text(value.get("id")):
        raise BadResponse(f"{api} listed {_kind(value)} without an id")
    created = _seconds(value.get("created_time", value.get("timestamp")))
    if created is None:
        raise BadResponse(f"{api} listed {value['id']!r} without its time")
    count = value.get("comments_count", 0)
    return _Item(
        id=str(value["id"]),
        created=created,
        updated=_seconds(value.get("updated_time")),
        count=count if isinstance(count, int) and not isinstance(count, bool) else -1,
    )


def _items(document: Any, api: str) -> list[Any]:
    items = document.get("data") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise BadResponse(f"{api} answered with {_kind(document)}, not a list of data")
    return items


def _next_after(document: Any, api: str) -> str | None:
    """The cursor of the next page; None when ``paging.next`` says there is none. The ``next``
    URL itself is never called: it holds the access token."""
    paging = document.get("paging") if isinstance(document, dict) else None
    if not isinstance(paging, dict) or not paging.get("next"):
        return None
    cursors = paging.get("cursors")
    after = _text(cursors.get("after")) if isinstance(cursors, dict) else None
    if after:
        return after
    try:
        query = parse_qs(urlsplit(str(paging["next"])).query)
    except ValueError:
        query = {}
    if query.get("after"):
        return query["after"][-1]
    raise BadResponse(f"{api} gave a next page without its cursor")


def _batch_missing(answer: Any) -> bool | None:
    """One answer of a batch of reads: True when its object does not exist, False when it
    read, None when it cannot be told (null: not run; another error)."""
    if not isinstance(answer, dict):
        return None
    code, body = _int(answer.get("code")), answer.get("body")
    if code == 200:
        return False
    inner = decode(body.encode("utf-8", "replace")) if isinstance(body, str) else None
    error = _error_of(inner) or {}
    if code == 404 or (_int(error.get("code")) == 100 and _int(error.get("error_subcode")) == 33):
        return True
    return None


def _error_of(data: Any) -> dict[str, Any] | None:
    error = data.get("error") if isinstance(data, dict) else None
    return error if isinstance(error, dict) else None


def _retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds until the platform lets us in again: ``X-Business-Use-Case-Usage`` says
    ``estimated_time_to_regain_access`` in minutes, per business and use case."""
    raw = _header(headers, "x-business-use-case-usage")
    try:
        usage = json.loads(raw) if raw else None
    except (ValueError, RecursionError):
        return None
    minutes = [
        entry.get("estimated_time_to_regain_access")
        for entries in (usage.values() if isinstance(usage, dict) else ())
        if isinstance(entries, list)
        for entry in entries
        if isinstance(entry, dict)
    ]
    waits = [m for m in minutes if isinstance(m, int | float) and not isinstance(m, bool) and m > 0]
    return float(max(waits)) * 60 if waits else None


def _server_time(headers: Mapping[str, str]) -> int | None:
    raw = _header(headers, "date")
    try:
        moment = parsedate_to_datetime(raw) if raw else None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment is None:
        return None
    return int((moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp())


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def _seconds(value: Any) -> int | None:
    """UNIX seconds of a Graph time ("2026-11-28T12:00:00+0000"); None when absent."""
    if value is None or isinstance(value, bool):
        return None
    try:
        moment = parse_instant(value, UTC)
    except (ValueError, OverflowError):
        raise BadResponse(f"a time that is not one: {str(value)[:40]!r}") from None
    return int(moment.timestamp()) if moment else None


def _cutoff(tried_at: str | None) -> int | None:
    """Our reply is no older than its try, less the clocks' difference."""
    try:
        tried = _seconds(tried_at)
    except BadResponse:
        return None
    return tried - SENT_SKEW_S if tried is not None else None


def _instant(seconds: int) -> datetime:
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (ValueError, OverflowError, OSError):
        raise BadResponse(f"a token expiry that is not a time: {seconds}") from None


def _int(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return None


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _counts(value: Any) -> dict[str, int]:
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, int) and not isinstance(v, bool)}


def _words(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _node(node: str) -> str:
    """An id as a path segment: nothing in it can reach another path or a query."""
    return quote(node, safe="")


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", type(None): "nothing"}.get(
        type(value), "a value"
    )
