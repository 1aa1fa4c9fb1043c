"""A fake of the YouTube Data API v3 and of Google's OAuth server, for one channel.

Serves what the client calls, in the documented shapes (``tests/fakes/data/youtube_*.json``
are samples its answers are checked against): channels.list ``mine``, commentThreads.list
``allThreadsRelatedToChannelId`` (newest first, ``maxResults`` a page, five replies shown a
thread), comments.list ``parentId`` (paged, oldest first), comments.insert,
comments.setModerationStatus, ``/token`` (refresh) and ``/tokeninfo``. Every API call needs
``Authorization: Bearer <token>``; errors carry ``error.errors[].reason`` as Google's do.

Tests build the data with ``add_video``, ``add_thread``, ``add_reply``, ``edit``, ``delete``,
``disable_comments``; ``expire_token`` and ``forget_page_tokens`` make the server refuse
what it gave.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.fakes.server import FakeApp, Request

CHANNEL = "UCfakeAcmeChannel00000a1"
TITLE = "Acme Official"
TOKEN = "ya29.fake-access-token-Secret0001"
REFRESH = "1//fake-refresh-token-Secret0002"
CLIENT_ID = "123-fake.apps.googleusercontent.com"
CLIENT_SECRET = "GOCSPX-fake-client-Secret0003"
FORCE_SSL = "https://www.googleapis.com/auth/youtube.force-ssl"
START = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
SHOWN_REPLIES = 5  # replies a commentThread resource includes
MAX_TEXT = 10_000


@dataclass
class Comment:
    id: str
    video: str
    author: str
    author_channel: str
    text: str
    published: datetime
    updated: datetime
    parent: str | None = None
    status: str = "published"  # heldForReview, rejected: not listed
    likes: int = 0


class Refuse(Exception):
    """An error answer, raised from anywhere in a route."""

    def __init__(self, status: int, reason: str, message: str, domain: str = "youtube.api"):
        super().__init__(reason)
        self.status, self.body = status, google_error(status, reason, message, domain)


def google_error(code: int, reason: str, message: str, domain: str = "youtube.api") -> Any:
    """An error body as Google's APIs send it."""
    error = {"message": message, "domain": domain, "reason": reason}
    return {"error": {"code": code, "message": message, "errors": [error]}}


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class FakeYouTube(FakeApp):
    def __init__(
        self,
        *,
        channel_id: str = CHANNEL,
        title: str = TITLE,
        token: str = TOKEN,
        scopes: tuple[str, ...] = (FORCE_SSL,),
    ) -> None:
        self.channel_id, self.title, self.token, self.scopes = channel_id, title, token, scopes
        self.refresh_token, self.client_id, self.client_secret = REFRESH, CLIENT_ID, CLIENT_SECRET
        self.comments: dict[str, Comment] = {}  # every comment, by id, in the order added
        self.disabled: set[str] = set()  # videos whose comments are turned off
        self.videos: list[str] = []
        self.page_tokens: dict[str, tuple[str, int]] = {}  # token: (what it pages, offset)
        self.clock = START
        self.numbers = itertools.count(1)
        self.renewals = 0
        self.lock = threading.RLock()

    # Building the data ---------------------------------------------------------

    def add_video(self) -> str:
        with self.lock:
            video = f"vid{next(self.numbers):08d}"
            self.videos.append(video)
            return video

    def add_thread(
        self,
        video: str,
        text: str,
        *,
        author: str = "Viewer",
        author_channel: str | None = None,
        at: datetime | None = None,
    ) -> str:
        with self.lock:
            comment_id = f"Ugz{next(self.numbers):019d}AaABAg"
            self._add(comment_id, video, text, author, author_channel, at, None)
            return comment_id

    def add_reply(
        self,
        thread: str,
        text: str,
        *,
        author: str = "Viewer",
        author_channel: str | None = None,
        ours: bool = False,
        at: datetime | None = None,
    ) -> str:
        with self.lock:
            parent = self.comments[thread]
            comment_id = f"{thread}.{next(self.numbers):022d}"
            if ours:
                author, author_channel = self.title, self.channel_id
            self._add(comment_id, parent.video, text, author, author_channel, at, thread)
            return comment_id

    def _add(
        self,
        comment_id: str,
        video: str,
        text: str,
        author: str,
        author_channel: str | None,
        at: datetime | None,
        parent: str | None,
    ) -> Comment:
        moment = at or self.tick()
        channel = author_channel or "UC" + hashlib.sha1(author.encode()).hexdigest()[:22]
        made = Comment(comment_id, video, author, channel, text, moment, moment, parent)
        self.comments[comment_id] = made
        return made

    def tick(self) -> datetime:
        """The fake's clock, one minute on for each comment made without a time."""
        self.clock += timedelta(minutes=1)
        return self.clock

    def edit(self, comment_id: str, text: str) -> None:
        with self.lock:
            comment = self.comments[comment_id]
            comment.text, comment.updated = text, self.tick()

    def delete(self, comment_id: str) -> None:
        """The author deleted it: a top-level comment takes its replies with it."""
        with self.lock:
            for key in [k for k, c in self.comments.items() if comment_id in (k, c.parent)]:
                del self.comments[key]

    def disable_comments(self, video: str) -> None:
        self.disabled.add(video)

    def expire_token(self) -> None:
        """The access token stops working; the refresh token still gives a new one."""
        self.token = f"ya29.fake-unknown-{next(self.numbers)}"

    def forget_page_tokens(self) -> None:
        self.page_tokens.clear()

    def threads(self) -> list[Comment]:
        """The listed top-level comments, newest first (``order=time``)."""
        tops = [c for c in self.comments.values() if c.parent is None and c.status == "published"]
        return sorted(tops, key=lambda c: (c.published, c.id), reverse=True)

    def replies(self, thread: str) -> list[Comment]:
        """The listed replies of a thread, oldest first."""
        found = [c for c in self.comments.values() if c.parent == thread]
        return sorted(
            [c for c in found if c.status == "published"], key=lambda c: (c.published, c.id)
        )

    # Serving ------------------------------------------------------------------

    def handle(self, request: Request) -> tuple[int, Any]:
        routes = {
            ("GET", "/youtube/v3/channels"): self._channels,
            ("GET", "/youtube/v3/commentThreads"): self._threads,
            ("GET", "/youtube/v3/comments"): self._comments,
            ("POST", "/youtube/v3/comments"): self._insert,
            ("POST", "/youtube/v3/comments/setModerationStatus"): self._moderate,
        }
        with self.lock:
            if (request.method, request.path) == ("POST", "/token"):
                return self._renew(request)
            if (request.method, request.path) == ("GET", "/tokeninfo"):
                return self._token_info(request)
            route = routes.get((request.method, request.path))
            if route is None:
                return 404, google_error(404, "notFound", "Not Found", "global")
            if _bearer(request) != self.token:
                return 401, _auth_error()
            try:
                return route(request)
            except Refuse as refusal:
                return refusal.status, refusal.body

    def _channels(self, request: Request) -> tuple[int, Any]:
        if request.query.get("mine") != "true":
            return 400, google_error(400, "missingRequiredParameter", "No filter selected.")
        channel = {
            "kind": "youtube#channel",
            "etag": _etag(self.channel_id),
            "id": self.channel_id,
            "snippet": {
                "title": self.title,
                "description": "The official channel.",
                "customUrl": "@acmeofficial",
                "publishedAt": "2019-03-01T10:00:00Z",
                "thumbnails": {
                    "default": {"url": "https://yt3.ggpht.com/fake=s88", "width": 88, "height": 88}
                },
                "localized": {"title": self.title, "description": "The official channel."},
            },
        }
        return 200, {
            "kind": "youtube#channelListResponse",
            "etag": _etag("channels"),
            "pageInfo": {"totalResults": 1, "resultsPerPage": 5},
            "items": [channel],
        }

    def _threads(self, request: Request) -> tuple[int, Any]:
        wanted = request.query.get("allThreadsRelatedToChannelId")
        if not wanted:
            return 400, google_error(400, "missingRequiredParameter", "No filter selected.")
        if wanted != self.channel_id:
            return 404, google_error(404, "channelNotFound", "The channel was not found.")
        items, token, total = self._page(request, "threads", self.threads())
        html_text = request.query.get("textFormat", "html") == "html"
        with_replies = "replies" in request.query.get("part", "").split(",")
        threads = [self._thread(c, html_text, with_replies) for c in items]
        return 200, _list_response("youtube#commentThreadListResponse", threads, token, total)

    def _comments(self, request: Request) -> tuple[int, Any]:
        parent = request.query.get("parentId")
        if not parent:
            return 400, google_error(400, "missingRequiredParameter", "No filter selected.")
        top = self.comments.get(parent)
        if top is None or top.parent is not None:
            return 404, google_error(404, "commentNotFound", "The comment was not found.")
        items, token, total = self._page(request, f"replies {parent}", self.replies(parent))
        html_text = request.query.get("textFormat", "html") == "html"
        comments = [self._comment(c, html_text) for c in items]
        return 200, _list_response("youtube#commentListResponse", comments, token, total)

    def _page(
        self, request: Request, what: str, found: list[Comment]
    ) -> tuple[list[Comment], str | None, int]:
        """One page of ``found`` from the request's pageToken and maxResults."""
        try:
            size = int(request.query.get("maxResults", "20"))
        except ValueError:
            size = 0
        if not 1 <= size <= 100:
            raise Refuse(400, "invalidParameter", "Invalid value for maxResults.")
        offset = 0
        token = request.query.get("pageToken")
        if token:
            known = self.page_tokens.get(token)
            if known is None or known[0] != what:
                raise Refuse(400, "invalidPageToken", "The page token is not valid.")
            offset = known[1]
        following = None
        if offset + size < len(found):
            following = f"QURTSl9p{next(self.numbers):012d}"
            self.page_tokens[following] = (what, offset + size)
        return found[offset : offset + size], following, len(found)

    def _insert(self, request: Request) -> tuple[int, Any]:
        try:
            snippet = json.loads(request.body).get("snippet") or {}
        except (ValueError, AttributeError):
            snippet = {}
        parent = self.comments.get(str(snippet.get("parentId")))
        text = snippet.get("textOriginal")
        if not snippet.get("parentId"):
            return 400, google_error(400, "parentIdMissing", "The comment has no parent.")
        if parent is None or parent.parent is not None or parent.status != "published":
            return 404, google_error(404, "parentNotFound", "The parent comment was not found.")
        if parent.video in self.disabled:
            return 403, google_error(403, "commentsDisabled", "Comments are turned off.")
        if not isinstance(text, str) or not text.strip():
            return 400, google_error(400, "commentTextRequired", "The comment has no text.")
        if len(text) > MAX_TEXT:
            return 400, google_error(400, "commentTextTooLong", "The comment text is too long.")
        made = self._add(
            f"{parent.id}.{next(self.numbers):022d}",
            parent.video,
            text,
            self.title,
            self.channel_id,
            max(self.tick(), datetime.now(UTC)),  # posted now, as the client's clock sees it
            parent.id,
        )
        return 200, self._comment(made, html_text=False)

    def _moderate(self, request: Request) -> tuple[int, Any]:
        status = request.query.get("moderationStatus")
        ids = [i for i in (request.query.get("id") or "").split(",") if i]
        if not ids or status not in ("heldForReview", "published", "rejected"):
            return 400, google_error(400, "processingFailure", "The request was not processed.")
        if any(i not in self.comments for i in ids):
            return 404, google_error(404, "commentNotFound", "The comment was not found.")
        for comment_id in ids:
            self.comments[comment_id].status = status
        return 204, None

    def _renew(self, request: Request) -> tuple[int, Any]:
        form = request.form
        if form.get("grant_type") != "refresh_token":
            return 400, {"error": "unsupported_grant_type", "error_description": "Bad grant"}
        if form.get("client_id") != self.client_id or (
            form.get("client_secret") != self.client_secret
        ):
            return 401, {"error": "invalid_client", "error_description": "Unauthorized"}
        if form.get("refresh_token") != self.refresh_token:
            return 400, {
                "error": "invalid_grant",
                "error_description": "Token has been expired or revoked.",
            }
        self.renewals += 1
        self.token = f"ya29.fake-renewed-{self.renewals}-Secret0004"
        return 200, {
            "access_token": self.token,
            "expires_in": 3599,
            "scope": " ".join(self.scopes),
            "token_type": "Bearer",
        }

    def _token_info(self, request: Request) -> tuple[int, Any]:
        if request.query.get("access_token") != self.token:
            return 400, {"error": "invalid_token", "error_description": "Invalid Value"}
        expires = int((self.clock + timedelta(hours=1)).timestamp())
        return 200, {
            "azp": self.client_id,
            "aud": self.client_id,
            "scope": " ".join(self.scopes),
            "exp": str(expires),
            "expires_in": "3599",
            "access_type": "offline",
        }

    # Resources ----------------------------------------------------------------

    def _thread(self, top: Comment, html_text: bool, with_replies: bool) -> dict[str, Any]:
        replies = self.replies(top.id)
        thread: dict[str, Any] = {
            "kind": "youtube#commentThread",
            "etag": _etag(top.id + stamp(top.updated) + str(len(replies))),
            "id": top.id,
            "snippet": {
                "channelId": self.channel_id,
                "videoId": top.video,
                "topLevelComment": self._comment(top, html_text),
                "canReply": top.video not in self.disabled,
                "totalReplyCount": len(replies),
                "isPublic": True,
            },
        }
        if with_replies and replies:
            shown = replies[:SHOWN_REPLIES]
            thread["replies"] = {"comments": [self._comment(c, html_text) for c in shown]}
        return thread

    def _comment(self, comment: Comment, html_text: bool) -> dict[str, Any]:
        snippet: dict[str, Any] = {
            "channelId": self.channel_id,
            "textDisplay": html.escape(comment.text) if html_text else comment.text,
            "textOriginal": comment.text,
            "authorDisplayName": comment.author,
            "authorProfileImageUrl": "https://yt3.ggpht.com/fake-avatar=s48",
            "authorChannelUrl": f"http://www.youtube.com/channel/{comment.author_channel}",
            "authorChannelId": {"value": comment.author_channel},
            "canRate": True,
            "viewerRating": "none",
            "likeCount": comment.likes,
            "publishedAt": stamp(comment.published),
            "updatedAt": stamp(comment.updated),
        }
        if comment.parent:
            snippet = {**snippet, "parentId": comment.parent}
        return {
            "kind": "youtube#comment",
            "etag": _etag(comment.id + stamp(comment.updated)),
            "id": comment.id,
            "snippet": snippet,
        }


def _list_response(kind: str, items: list[Any], token: str | None, total: int) -> Any:
    response: dict[str, Any] = {"kind": kind, "etag": _etag(kind + str(total))}
    if token:
        response["nextPageToken"] = token
    response["pageInfo"] = {"totalResults": total, "resultsPerPage": len(items)}
    response["items"] = items
    return response


def _bearer(request: Request) -> str | None:
    for name, value in request.headers.items():
        if name.lower() == "authorization" and value.startswith("Bearer "):
            return value.removeprefix("Bearer ")
    return None


def _auth_error() -> Any:
    body = google_error(401, "authError", "Invalid Credentials", "global")
    body["error"]["message"] = "Request had invalid authentication credentials."
    body["error"]["errors"][0].update(location="Authorization", locationType="header")
    body["error"]["status"] = "UNAUTHENTICATED"
    return body


def _etag(seed: str) -> str:
    return hashlib.sha1(seed.encode()).hexdigest()[:27]
