"""A fake of the Graph API: a Facebook Page and an Instagram professional account.

It serves the documented shapes (samples in ``data/graph_*.json``): lists as ``data`` with
``paging.cursors.before/after`` and, while more follow, a ``paging.next`` URL that holds
``access_token`` as the real one does; ``/comments`` with filter, order, since and limit;
Instagram comments with their first replies inline; replies and hides posted; ``/debug_token``
(also inside a batch request); error bodies ``{"error": {message, type, code, error_subcode,
fbtrace_id}}``. The bearer token is checked on every call. Faults come from ``FakeServer.fail``.

Times are UNIX seconds; a thing added without ``ago`` is made now (a real clock, as the
server's ``Date`` header is), so what a test adds after a sync is newer than that sync.
"""

from __future__ import annotations

import base64
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.fakes.server import FakeApp, Request

TOKEN = "EAAGfakeTokenForTheGraphTests0123456789abcdef"
PAGE_ID = "104812345678901"
PAGE_NAME = "Acme Coffee"
IG_USER_ID = "17841400123456789"
USERNAME = "acme.coffee"
SCOPES = (
    "pages_show_list",
    "pages_read_engagement",
    "pages_manage_engagement",
    "instagram_basic",
    "instagram_manage_comments",
)
INLINE_REPLIES = 3  # Instagram replies a comment carries before its replies.paging.next
DEFAULT_LIMIT = 25
NOT_FOUND = (
    "Unsupported get request. Object with ID '{id}' does not exist, cannot be loaded due to "
    "missing permissions, or does not support this operation."
)


def error_body(
    code: int, message: str, subcode: int | None = None, kind: str = "OAuthException"
) -> dict[str, Any]:
    error: dict[str, Any] = {"message": message, "type": kind, "code": code}
    if subcode is not None:
        error["error_subcode"] = subcode
    error["fbtrace_id"] = "AbCdEfGhIjK"
    return {"error": error}


def graph_time(seconds: float) -> str:
    return datetime.fromtimestamp(int(seconds), UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


@dataclass
class Node:
    """A post, a media or a comment."""

    id: str
    kind: str  # "post", "media", "comment" (Facebook) or "ig_comment"
    created: float
    text: str = ""
    post: str = ""  # the post or media a comment is on
    parent: str | None = None  # the comment a reply answers
    author_id: str = ""
    author: str = ""
    likes: int = 0
    hidden: bool = False
    deleted: bool = False


@dataclass
class FakeGraph(FakeApp):
    token: str = TOKEN
    page_id: str = PAGE_ID
    page_name: str = PAGE_NAME
    ig_user_id: str = IG_USER_ID
    username: str = USERNAME
    scopes: tuple[str, ...] = SCOPES
    expires_in: int = 60 * 86400  # the token's expires_at, from now; 0: never
    nodes: dict[str, Node] = field(default_factory=dict)
    posted: list[tuple[str, str]] = field(default_factory=list)  # (comment answered, text)
    published: list[dict[str, str]] = field(default_factory=list)  # POST /{page}/feed bodies
    containers: dict[str, dict[str, str]] = field(default_factory=dict)  # POST /{ig}/media
    media_published: list[str] = field(default_factory=list)  # media ids, by media_publish
    seq: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    # Building the data -------------------------------------------------------

    def _add(self, node_id: str, kind: str, ago: float | None, **fields: Any) -> str:
        created = time.time() - (ago or 0)
        self.nodes[node_id] = Node(node_id, kind, created, **fields)
        return node_id

    def post(self, text: str = "A post", ago: float | None = None) -> str:
        return self._add(f"{self.page_id}_{9000 + next(self.seq)}", "post", ago, text=text)

    def media(self, caption: str = "A photo", ago: float | None = None) -> str:
        return self._add(f"1790000000{next(self.seq):07d}", "media", ago, text=caption)

    def comment(
        self,
        on: str,
        text: str,
        author: str = "Ann Lee",
        author_id: str | None = None,
        ago: float | None = None,
    ) -> str:
        """A comment on a post or media, or a reply when ``on`` is a comment."""
        target = self.nodes[on]
        parent = on if target.kind in ("comment", "ig_comment") else None
        post = target.post if parent else on
        number = next(self.seq)
        if self.nodes[post].kind == "post":
            node_id, kind = f"{post.split('_')[1]}_{5000 + number}", "comment"
        else:
            node_id, kind = f"1780000000{number:07d}", "ig_comment"
        author_id = author_id or str(30000 + number)
        fields = {"post": post, "parent": parent, "author_id": author_id, "author": author}
        return self._add(node_id, kind, ago, text=text, **fields)

    def ours(self, on: str, text: str, ago: float | None = None) -> str:
        """A comment by our Page (Facebook) or our account (Instagram)."""
        post = self.nodes[on].post or on
        if self.nodes[post].kind == "post":
            return self.comment(on, text, self.page_name, self.page_id, ago)
        return self.comment(on, text, self.username, self.ig_user_id, ago)

    def edit(self, node_id: str, text: str) -> None:
        self.nodes[node_id].text = text

    def delete(self, node_id: str) -> None:
        self.nodes[node_id].deleted = True

    def live(self, kind: str | None = None, post: str | None = None) -> list[Node]:
        return [
            n
            for n in self.nodes.values()
            if not n.deleted and kind in (None, n.kind) and post in (None, n.post)
        ]

    def comments_of(self, post: str) -> list[str]:
        return [n.id for n in self.live(post=post)]

    # Serving -----------------------------------------------------------------

    def handle(self, request: Request) -> tuple[int, Any]:
        if not self._authorised(request):
            return 400, error_body(190, "Invalid OAuth access token - Cannot parse access token")
        parts = [p for p in request.path.split("/") if p]
        if parts and parts[0].startswith("v") and parts[0][1:2].isdigit():
            parts = parts[1:]  # the version: /v21.0/...
        if request.method == "POST" and not parts:
            return self._batch(request)
        if parts == ["debug_token"]:
            return self._debug_token(request)
        if len(parts) == 1:
            return self._node(request, parts[0])
        if len(parts) == 2:
            return self._edge(request, parts[0], parts[1])
        return 400, error_body(2500, "Unknown path components", kind="OAuthException")

    def _authorised(self, request: Request) -> bool:
        bearer = {k.lower(): v for k, v in request.headers.items()}.get("authorization")
        return bearer == f"Bearer {self.token}" or request.query.get("access_token") == self.token

    def _batch(self, request: Request) -> tuple[int, Any]:
        answers = []
        for item in json.loads(request.form.get("batch", "[]")):
            parts = urlsplit("/" + item["relative_url"])
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            inner = Request(item["method"], parts.path, query, {}, b"", request.headers)
            status, body = self.handle(inner)
            answers.append({"code": status, "body": json.dumps(body)})
        return 200, answers

    def _debug_token(self, request: Request) -> tuple[int, Any]:
        now = int(time.time())
        if request.query.get("input_token") != self.token:
            invalid = {"code": 190, "message": "Invalid OAuth access token."}
            return 200, {"data": {"error": invalid, "is_valid": False, "scopes": []}}
        data = {
            "app_id": "1234567890",
            "type": "PAGE",
            "application": "smmdesk test app",
            "data_access_expires_at": now + 90 * 86400,
            "expires_at": now + self.expires_in if self.expires_in else 0,
            "is_valid": True,
            "issued_at": now - 3600,
            "profile_id": self.page_id,
            "scopes": list(self.scopes),
            "granular_scopes": [{"scope": s} for s in self.scopes],
            "user_id": "100001234567890",
        }
        return 200, {"data": data}

    def _node(self, request: Request, node_id: str) -> tuple[int, Any]:
        if request.method == "POST":
            return self._hide(request, node_id)
        if node_id == self.page_id:
            found = {"id": self.page_id, "name": self.page_name}
        elif node_id == self.ig_user_id:
            found = {"id": self.ig_user_id, "username": self.username, "name": self.page_name}
        elif node_id in self.nodes and not self.nodes[node_id].deleted:
            found = self._render(self.nodes[node_id], request.query)
        else:
            return _missing(node_id)
        return 200, _only(found, request.query.get("fields"))

    def _hide(self, request: Request, node_id: str) -> tuple[int, Any]:
        node = self.nodes.get(node_id)
        name = "is_hidden" if node and node.kind == "comment" else "hide"
        if node is None or node.deleted or node.kind not in ("comment", "ig_comment"):
            return _missing(node_id)
        if request.param(name) not in ("true", "false"):
            return 400, error_body(100, f"(#100) param {name} must be a boolean", kind="x")
        node.hidden = request.param(name) == "true"
        return 200, {"success": True}

    def _edge(self, request: Request, node_id: str, edge: str) -> tuple[int, Any]:
        if request.method == "POST" and (node_id, edge) == (self.page_id, "feed"):
            return self._publish(request)
        if request.method == "POST" and (node_id, edge) == (self.ig_user_id, "media"):
            return self._container(request)
        if request.method == "POST" and (node_id, edge) == (self.ig_user_id, "media_publish"):
            return self._media_publish(request)
        if request.method == "POST":
            return self._reply(request, node_id, edge)
        lists: dict[tuple[str, str], Callable[[], list[Node]]] = {
            (self.page_id, "published_posts"): lambda: self._newest(self.live("post")),
            (self.page_id, "feed"): lambda: self._newest(self.live("post")),
            (self.ig_user_id, "media"): lambda: self._newest(self.live("media")),
        }
        if (node_id, edge) in lists:
            return self._page(request, lists[(node_id, edge)]())
        node = self.nodes.get(node_id)
        if node is None or node.deleted:
            return _missing(node_id)
        if (node.kind, edge) in (("post", "comments"), ("comment", "comments")):
            return self._page(request, self._facebook_comments(node, request.query))
        if (node.kind, edge) == ("media", "comments"):
            return self._page(request, self._newest(self._replies(node_id, top=True)))
        if (node.kind, edge) == ("ig_comment", "replies"):
            return self._page(request, self._replies(node_id))
        return 400, error_body(100, f"(#100) Tried accessing nonexisting field ({edge})", kind="x")

    def _publish(self, request: Request) -> tuple[int, Any]:
        """``POST /{page-id}/feed``: needs pages_manage_posts, as the real one does."""
        if "pages_manage_posts" not in self.scopes:
            return 403, error_body(
                200,
                "(#200) If posting to a page, requires both pages_read_engagement and "
                "pages_manage_posts permission",
            )
        message = request.param("message") or ""
        if not message and not request.param("link"):
            return 400, error_body(100, "(#100) Missing message or attachment", kind="x")
        self.published.append({k: v for k, v in request.form.items()})
        return 200, {"id": self.post(message)}

    def _no_content_publish(self) -> tuple[int, Any] | None:
        if "instagram_content_publish" in self.scopes:
            return None
        return 403, error_body(
            10, "(#10) Application does not have permission for this action", kind="OAuthException"
        )

    def _container(self, request: Request) -> tuple[int, Any]:
        """``POST /{ig-user-id}/media``: a photo container (image_url, caption), not published."""
        refused = self._no_content_publish()
        if refused:
            return refused
        image = request.param("image_url") or ""
        if not image.startswith("https://"):
            return 400, error_body(100, "(#100) The parameter image_url is required", kind="x")
        container = f"1800000000{next(self.seq):07d}"
        self.containers[container] = {k: v for k, v in request.form.items()}
        return 200, {"id": container}

    def _media_publish(self, request: Request) -> tuple[int, Any]:
        """``POST /{ig-user-id}/media_publish`` with ``creation_id``: the media, then listed by
        ``/media``; a container publishes once."""
        refused = self._no_content_publish()
        if refused:
            return refused
        container = self.containers.get(request.param("creation_id") or "")
        if container is None or container.get("published"):
            return 400, error_body(
                9004, "(#9004) The media container is invalid or published", kind="x"
            )
        container["published"] = "yes"
        media = self.media(container.get("caption", ""))
        self.media_published.append(media)
        return 200, {"id": media}

    def _reply(self, request: Request, node_id: str, edge: str) -> tuple[int, Any]:
        node = self.nodes.get(node_id)
        if (
            node is None
            or node.deleted
            or (node.kind, edge)
            not in (
                ("comment", "comments"),
                ("post", "comments"),
                ("ig_comment", "replies"),
            )
        ):
            return _missing(node_id)
        text = request.param("message")
        if not text:
            return 400, error_body(100, "(#100) The parameter message is required", kind="x")
        on = node.parent if node.kind == "ig_comment" and node.parent else node_id
        self.posted.append((node_id, text))
        return 200, {"id": self.ours(on, text)}

    # Lists -------------------------------------------------------------------

    def _newest(self, nodes: list[Node]) -> list[Node]:
        return sorted(nodes, key=lambda n: (n.created, n.id), reverse=True)

    def _facebook_comments(self, node: Node, query: dict[str, str]) -> list[Node]:
        """A post's comments (filter=stream: replies too) or a comment's replies."""
        if node.kind == "comment":
            found = [n for n in self.live("comment") if n.parent == node.id]
        elif query.get("filter") == "stream":
            found = self.live("comment", post=node.id)
        else:
            found = [n for n in self.live("comment", post=node.id) if n.parent is None]
        since = float(query.get("since") or 0)
        found = [n for n in found if n.created >= since]
        if query.get("order") == "reverse_chronological":
            return self._newest(found)
        return sorted(found, key=lambda n: (n.created, n.id))

    def _replies(self, node_id: str, top: bool = False) -> list[Node]:
        if top:
            found = [n for n in self.live("ig_comment", post=node_id) if n.parent is None]
        else:
            found = [n for n in self.live("ig_comment") if n.parent == node_id]
        return sorted(found, key=lambda n: (n.created, n.id))

    def _page(self, request: Request, nodes: list[Node]) -> tuple[int, Any]:
        limit = min(int(request.query.get("limit") or DEFAULT_LIMIT), 100)
        start = 0
        if "after" in request.query:
            ids = [n.id for n in nodes]
            anchor = _uncursor(request.query["after"])
            if anchor not in ids:
                return 400, error_body(100, "(#100) The after cursor is not valid", kind="x")
            start = ids.index(anchor) + 1
        chunk = nodes[start : start + limit]
        body: dict[str, Any] = {"data": [self._render(n, request.query) for n in chunk]}
        if chunk:
            cursors = {"before": _cursor(chunk[0].id), "after": _cursor(chunk[-1].id)}
            body["paging"] = {"cursors": cursors}
            if start + limit < len(nodes):
                body["paging"]["next"] = self._next_url(request, cursors["after"], limit)
        return 200, body

    def _next_url(self, request: Request, after: str, limit: int) -> str:
        host = {k.lower(): v for k, v in request.headers.items()}.get("host", "127.0.0.1")
        query = {**request.query, "access_token": self.token, "limit": limit, "after": after}
        return f"http://{host}/v21.0{request.path}?{urlencode(query)}"

    # Shapes ------------------------------------------------------------------

    def _render(self, node: Node, query: dict[str, str]) -> dict[str, Any]:
        render = {
            "post": self._post_shape,
            "media": self._media_shape,
            "comment": self._comment_shape,
            "ig_comment": self._ig_comment_shape,
        }[node.kind]
        return _only(render(node), query.get("fields"))

    def _post_shape(self, node: Node) -> dict[str, Any]:
        times = [n.created for n in self.live(post=node.id)] + [node.created]
        return {
            "id": node.id,
            "message": node.text,
            "created_time": graph_time(node.created),
            "updated_time": graph_time(max(times)),
            "permalink_url": f"https://www.facebook.com/{node.id.replace('_', '/posts/')}",
        }

    def _media_shape(self, node: Node) -> dict[str, Any]:
        return {
            "id": node.id,
            "caption": node.text,
            "timestamp": graph_time(node.created),
            "permalink": f"https://www.instagram.com/p/C{node.id[-6:]}/",
            "comments_count": len(self.live(post=node.id)),
        }

    def _comment_shape(self, node: Node) -> dict[str, Any]:
        shape: dict[str, Any] = {
            "id": node.id,
            "message": node.text,
            "from": {"name": node.author, "id": node.author_id},
            "created_time": graph_time(node.created),
            "like_count": node.likes,
            "comment_count": len([n for n in self.live("comment") if n.parent == node.id]),
            "permalink_url": f"https://www.facebook.com/{node.post}?comment_id={node.id}",
        }
        if node.parent:
            shape["parent"] = {"id": node.parent}
        return shape

    def _ig_comment_shape(self, node: Node) -> dict[str, Any]:
        shape: dict[str, Any] = {
            "id": node.id,
            "text": node.text,
            "timestamp": graph_time(node.created),
            "username": node.author,
            "from": {"id": node.author_id, "username": node.author},
            "like_count": node.likes,
        }
        if node.parent:
            shape["parent_id"] = node.parent
            return shape
        replies = self._replies(node.id)
        if replies:
            inline = replies[:INLINE_REPLIES]
            block: dict[str, Any] = {"data": [self._ig_comment_shape(r) for r in inline]}
            cursors = {"before": _cursor(inline[0].id), "after": _cursor(inline[-1].id)}
            block["paging"] = {"cursors": cursors}
            if len(replies) > INLINE_REPLIES:
                url = f"https://graph.facebook.com/v21.0/{node.id}/replies"
                block["paging"]["next"] = (
                    f"{url}?access_token={self.token}&limit={INLINE_REPLIES}"
                    f"&after={cursors['after']}"
                )
            shape["replies"] = block
        return shape


def _only(shape: dict[str, Any], fields: str | None) -> dict[str, Any]:
    """The fields asked for (their top-level names); all of them when none is."""
    if not fields:
        return shape
    names, depth, current = set(), 0, ""
    for char in fields + ",":
        if char == "," and depth == 0:
            names.add(current.split("{")[0].split(".")[0].strip())
            current = ""
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        current += char
    return {k: v for k, v in shape.items() if k in names}


def _cursor(node_id: str) -> str:
    return base64.urlsafe_b64encode(f"id:{node_id}".encode()).decode().rstrip("=")


def _uncursor(cursor: str) -> str:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except ValueError:
        return ""
    return text.removeprefix("id:")


def _missing(node_id: str) -> tuple[int, Any]:
    return 400, error_body(100, NOT_FOUND.format(id=node_id), 33, "GraphMethodException")
