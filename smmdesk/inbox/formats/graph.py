"""Platform API exports: Facebook and Instagram Graph API comments, YouTube commentThreads
and comments.list, TikTok Research API comment lists.

Records are numbered by their place in the top-level list ("record 3"); a reply
is "record 3 reply 2". A JSON list of API pages (as a script following
``paging.next`` or ``nextPageToken`` writes) is one export: "page 2, record 5".
In a Page's feed a record is a post, which is never stored: "record 2 comment 1
reply 3" is the third reply to the post's first comment.
Field names in messages are the API's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from smmdesk.inbox.formats.html_text import html_to_text
from smmdesk.inbox.formats.jsondoc import kind_of
from smmdesk.inbox.formats.values import (
    Context,
    as_text,
    date_problem,
    normalise_newlines,
    optional_text,
    parse_count,
    parse_instant,
    quoted,
)
from smmdesk.inbox.records import RawComment

# The fields each API can return for a comment: an object holding only these
# (and the one that matters most) is taken to be that platform's export.
FACEBOOK_FIELDS = frozenset(
    {
        "id",
        "message",
        "created_time",
        "from",
        "like_count",
        "comment_count",
        "parent",
        "permalink_url",
        "comments",
        "attachment",
        "message_tags",
        "object",
        "is_hidden",
        "is_private",
        "can_comment",
        "can_like",
        "can_remove",
        "can_hide",
        "can_reply_privately",
        "user_likes",
        "application",
        "private_reply_conversation",
        "reactions",
        "likes",
        "live_broadcast_timestamp",  # a live video's comment: seconds into the broadcast
    }
)
# A Facebook object id as the Graph API gives comments and posts: "{owner}_{id}".
FACEBOOK_ID = re.compile(r"\d+_\d+")
# The edges of a Page that list its posts, each with its comments: ``/{page-id}/feed``.
FEED_EDGES = frozenset({"feed", "posts", "published_posts"})
INSTAGRAM_FIELDS = frozenset(
    {
        "id",
        "text",
        "timestamp",
        "username",
        "like_count",
        "replies",
        "from",
        "user",
        "media",
        "parent_id",
        "hidden",
        "legacy_instagram_comment_id",
    }
)
INSTAGRAM_ONLY = tuple(sorted(INSTAGRAM_FIELDS - FACEBOOK_FIELDS))
YOUTUBE_LIST_KIND = "youtube#commentThreadListResponse"
YOUTUBE_COMMENTS_KIND = "youtube#commentListResponse"
YOUTUBE_LIST_KINDS = (YOUTUBE_LIST_KIND, YOUTUBE_COMMENTS_KIND)
YOUTUBE_THREAD_KIND = "youtube#commentThread"
YOUTUBE_COMMENT_KIND = "youtube#comment"
# The keys of one Graph API list page.
GRAPH_PAGE_KEYS = frozenset({"data", "paging", "summary"})


def api_pages(document: Any) -> list[tuple[str, Any]]:
    """The pages of an export with the prefix of their records' places: a JSON list of
    API pages (YouTube list responses, Graph ``{data, paging}``) is "page N, "; anything
    else is one page with no prefix."""
    if isinstance(document, list) and document and all(map(_is_page, document)):
        return [(f"page {number}, ", page) for number, page in enumerate(document, 1)]
    return [("", document)]


def _is_page(item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    if item.get("kind") in YOUTUBE_LIST_KINDS or _is_reviews_page(item):
        return True
    return isinstance(item.get("data"), list) and GRAPH_PAGE_KEYS.issuperset(item)


def _page_kind(page: dict[str, Any]) -> str:
    if page.get("kind") in YOUTUBE_LIST_KINDS:
        return "youtube"
    return "google" if _is_reviews_page(page) else "graph"


def detect_platform(document: Any) -> str | None:
    """ "facebook", "instagram", "youtube" or "tiktok" when the document is that API's shape."""
    pages = api_pages(document)
    if len(pages) > 1 or pages[0][0]:
        kinds = {_page_kind(page) for _, page in pages}
        if kinds == {"youtube"} or kinds == {"google"}:
            return kinds.pop()
        if kinds == {"graph"}:  # Graph pages: the platform of all their comments together
            items = [c for _, page in pages for c in page["data"]]
            return detect_platform({"data": items, "paging": pages[0][1].get("paging")})
        return None
    if isinstance(document, dict) and document.get("kind") in YOUTUBE_LIST_KINDS:
        return "youtube"
    if _tiktok_comments(document) is not None:
        return "tiktok"
    if _is_reviews_page(document):
        return "google"
    comments = graph_comments(document)[0] if isinstance(document, dict) else document
    if not isinstance(comments, list) or not comments:
        return None
    if not all(isinstance(item, dict) for item in comments):
        return None
    if all(item.get("kind") in (YOUTUBE_THREAD_KIND, YOUTUBE_COMMENT_KIND) for item in comments):
        return "youtube"
    if _all_within(comments, FACEBOOK_FIELDS) and _any_has(comments, ("message", "created_time")):
        return "facebook"
    if _all_within(comments, INSTAGRAM_FIELDS) and _any_has(comments, ("timestamp",)):
        return "instagram"
    if isinstance(document, dict) and _facebook_looking(document, comments):
        return "facebook"  # a field this list does not know yet, on a Facebook-shaped list
    return None


def _facebook_looking(document: dict[str, Any], items: list[dict[str, Any]]) -> bool:
    """Facebook comments with a field FACEBOOK_FIELDS does not name (a live video's
    ``/{live-video-id}/comments``, a newer API version): a ``message`` or ``created_time``,
    none of Instagram's own fields, and the paging urls of graph.facebook.com (Instagram's
    pages come from there too: its fields tell it apart) or every id Facebook's
    ``{post}_{comment}``."""
    if not _any_has(items, ("message", "created_time")) or _any_has(items, INSTAGRAM_ONLY):
        return False
    if _paging_host(document) == "graph.facebook.com":
        return True
    return all(
        isinstance(item.get("id"), str) and FACEBOOK_ID.fullmatch(item["id"]) for item in items
    )


def _paging_urls(document: dict[str, Any]) -> list[str]:
    paging = document.get("paging")
    if not isinstance(paging, dict):
        return []
    return [url for key in ("next", "previous") if isinstance(url := paging.get(key), str)]


def _paging_host(document: dict[str, Any]) -> str | None:
    for url in _paging_urls(document):
        try:
            host = urlsplit(url).hostname
        except ValueError:
            continue
        if host:
            return host.lower()
    return None


def is_feed_page(document: dict[str, Any]) -> bool:
    """A Page's ``/feed`` (``/posts``, ``/published_posts``): a list of posts, each with
    its ``comments`` edge. Its paging urls name the edge; without them, an item posted by
    the page its id names (``{page_id}_{post_id}`` from ``{page_id}``) makes it a feed."""
    for url in _paging_urls(document):
        try:
            path = urlsplit(url).path
        except ValueError:
            continue
        return path.rstrip("/").rsplit("/", 1)[-1] in FEED_EDGES
    items = document.get("data")
    return isinstance(items, list) and any(map(_posted_by_its_page, items))


def _posted_by_its_page(item: Any) -> bool:
    if not isinstance(item, dict) or "parent" in item or not isinstance(item.get("id"), str):
        return False
    post_id: str = item["id"]
    author = item.get("from")
    if not FACEBOOK_ID.fullmatch(post_id) or not isinstance(author, dict):
        return False
    return post_id.split("_", 1)[0] == str(author.get("id"))


def _all_within(items: list[dict[str, Any]], fields: frozenset[str]) -> bool:
    return all(fields.issuperset(item) for item in items)


def _any_has(items: list[dict[str, Any]], fields: tuple[str, ...]) -> bool:
    return any(field in item for item in items for field in fields)


def graph_comments(document: dict[str, Any]) -> tuple[list[Any] | None, str | None]:
    """The comment list and the post/media id it belongs to, if the export says.

    Accepts a list response ``{"data": [...], "paging": ...}`` and a post or media
    object with its comments ``{"id": ..., "comments": {"data": [...]}}``.
    """
    if isinstance(document.get("data"), list):
        return document["data"], None
    nested = document.get("comments")
    if isinstance(nested, dict) and isinstance(nested.get("data"), list):
        return nested["data"], optional_text(document.get("id")) if _is_id(document) else None
    return None, None


def _is_id(document: dict[str, Any]) -> bool:
    return isinstance(document.get("id"), str | int) and not isinstance(document.get("id"), bool)


class _Fields:
    """Reads fields of one API object, naming the record and field on a bad value."""

    def __init__(self, item: Any, where: str, context: Context) -> None:
        if not isinstance(item, dict):
            raise context.error(f"expected a comment object, got {kind_of(item)}", where)
        self.item = item
        self.where = where
        self.context = context

    def _convert(self, name: str, convert: Callable[[Any], Any], value: Any) -> Any:
        try:
            return convert(value)
        except ValueError as error:
            raise self.context.error(
                f"bad {name} {quoted(value)} ({error})", self.where, name
            ) from None

    def text(self, name: str) -> str | None:
        value: str | None = self._convert(name, optional_text, self.item.get(name))
        return value

    def body(self, *names: str) -> str:
        """The comment text: the first of ``names`` present; absent means empty (a sticker)."""
        for name in names:
            value = self._convert(name, as_text, self.item.get(name))
            if value is not None:
                return normalise_newlines(value)
        return ""

    def count(self, name: str) -> int:
        value: int = self._convert(name, parse_count, self.item.get(name))
        return value

    def date(self, name: str) -> datetime:
        value = self.item.get(name)
        try:
            moment = parse_instant(value, self.context.zone)
        except ValueError as error:
            raise self.context.error(date_problem(value, error), self.where, name) from None
        if moment is None:
            raise self.context.error("missing date", self.where, name)
        return moment

    def obj(self, name: str) -> dict[str, Any]:
        """A nested object; absent means empty."""
        value = self.item.get(name)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.context.error(f"expected an object, got {kind_of(value)}", self.where, name)
        return value

    def child(self, name: str) -> _Fields:
        return _Fields(self.obj(name), self.where, self.context)

    def nested_list(self, name: str, key: str) -> list[Any]:
        """``item[name][key]`` as a list, e.g. replies {"data": [...]}; absent means empty."""
        value = self.obj(name).get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.context.error(
                f"expected a list, got {kind_of(value)}", self.where, f"{name}.{key}"
            )
        return value


def _wrong_shape(context: Context, platform: str, expected: str) -> Exception:
    return context.error(f"not a {platform} comments export (expected {expected})")


# Facebook ------------------------------------------------------------------


def read_facebook(document: Any, context: Context) -> Iterator[RawComment]:
    pages = api_pages(document)
    # One page that is a feed makes them all one (a last page may have no paging urls).
    feed = any(isinstance(page, dict) and is_feed_page(page) for _, page in pages)
    for prefix, page in pages:
        if feed and isinstance(page, dict) and isinstance(page.get("data"), list):
            yield from _read_feed_page(page, prefix, context)
        else:
            yield from _read_graph_page(
                page, prefix, context, "Facebook", "comments", _facebook_comment
            )


def _read_feed_page(page: dict[str, Any], prefix: str, context: Context) -> Iterator[RawComment]:
    """A Page's feed: each item is a post, never a comment; its comments are top-level
    comments on it (its id their post_ref) and their nested comments are their replies."""
    for index, item in enumerate(page["data"], 1):
        post = _Fields(item, f"{prefix}record {index}", context)
        post_ref = post.text("id")
        for comment_index, comment in enumerate(post.nested_list("comments", "data"), 1):
            where = f"{post.where} comment {comment_index}"
            fields = _Fields(comment, where, context)
            replies = fields.nested_list("comments", "data")
            made = _facebook_comment(fields, None, post_ref, len(replies))
            yield made
            for reply_index, reply in enumerate(replies, 1):
                reply_fields = _Fields(reply, f"{where} reply {reply_index}", context)
                yield _facebook_comment(reply_fields, made.external_id, post_ref, 0)


def _facebook_comment(
    fields: _Fields, parent: str | None, post_ref: str | None, nested_replies: int
) -> RawComment:
    author = fields.child("from")  # missing when the page may not see the person
    reply_count = (
        fields.count("comment_count") if "comment_count" in fields.item else nested_replies
    )
    return RawComment(
        platform="facebook",
        external_id=fields.text("id"),
        text=fields.body("message"),
        author=author.text("name") or "",
        created_at=fields.date("created_time"),
        author_id=author.text("id"),
        parent_external_id=fields.child("parent").text("id") or parent,
        post_ref=post_ref,
        permalink=fields.text("permalink_url"),
        likes=fields.count("like_count"),
        reply_count=reply_count,
        where=fields.where,
    )


# Instagram -----------------------------------------------------------------


def read_instagram(document: Any, context: Context) -> Iterator[RawComment]:
    return _read_graph(document, context, "Instagram", "replies", _instagram_comment)


def _read_graph(
    document: Any,
    context: Context,
    api: str,
    replies_key: str,
    make: Callable[[_Fields, str | None, str | None, int], RawComment],
) -> Iterator[RawComment]:
    """Graph API comments (Facebook, Instagram): each comment, then its nested replies."""
    for prefix, page in api_pages(document):
        yield from _read_graph_page(page, prefix, context, api, replies_key, make)


def _read_graph_page(
    document: Any,
    prefix: str,
    context: Context,
    api: str,
    replies_key: str,
    make: Callable[[_Fields, str | None, str | None, int], RawComment],
) -> Iterator[RawComment]:
    comments, post_ref = graph_comments(document) if isinstance(document, dict) else (None, None)
    if comments is None:
        raise _wrong_shape(context, api, 'an object with a "data" list')
    for index, item in enumerate(comments, 1):
        where = f"{prefix}record {index}"
        fields = _Fields(item, where, context)
        replies = fields.nested_list(replies_key, "data")
        comment = make(fields, None, post_ref, len(replies))
        yield comment
        for reply_index, reply in enumerate(replies, 1):
            reply_fields = _Fields(reply, f"{where} reply {reply_index}", context)
            yield make(reply_fields, comment.external_id, post_ref, 0)


def _instagram_comment(
    fields: _Fields, parent: str | None, post_ref: str | None, reply_count: int
) -> RawComment:
    sender = fields.child("from")
    return RawComment(
        platform="instagram",
        external_id=fields.text("id"),
        text=fields.body("text"),
        author=fields.text("username") or sender.text("username") or "",
        created_at=fields.date("timestamp"),
        author_id=sender.text("id") or fields.child("user").text("id"),
        parent_external_id=fields.text("parent_id") or parent,
        post_ref=fields.child("media").text("id") or post_ref,
        likes=fields.count("like_count"),
        reply_count=reply_count,
        where=fields.where,
    )


# YouTube -------------------------------------------------------------------


def read_youtube(document: Any, context: Context) -> Iterator[RawComment]:
    """commentThreads (each thread's top-level comment, then its replies) and comments.list
    (the replies a thread leaves out, attached by their ``snippet.parentId``)."""
    for prefix, page in api_pages(document):
        yield from _read_youtube_page(page, prefix, context)


def _read_youtube_page(document: Any, prefix: str, context: Context) -> Iterator[RawComment]:
    threads = document.get("items") if isinstance(document, dict) else document
    if not isinstance(threads, list):
        raise _wrong_shape(context, "YouTube", 'a commentThreads response with an "items" list')
    for index, item in enumerate(threads, 1):
        where = f"{prefix}record {index}"
        if isinstance(item, dict) and item.get("kind") == YOUTUBE_COMMENT_KIND:
            yield _youtube_comment(_Fields(item, where, context), None, None, 0)
            continue
        thread = _Fields(item, where, context).child("snippet")
        top_level = thread.child("topLevelComment")
        if not top_level.item:
            raise context.error("missing topLevelComment", where, "snippet.topLevelComment")
        video = thread.text("videoId")
        yield _youtube_comment(top_level, None, video, thread.count("totalReplyCount"))
        replies = _Fields(item, where, context).nested_list("replies", "comments")
        for reply_index, reply in enumerate(replies, 1):
            reply_fields = _Fields(reply, f"{where} reply {reply_index}", context)
            yield _youtube_comment(reply_fields, top_level.text("id"), video, 0)


def _youtube_comment(
    comment: _Fields, parent: str | None, video: str | None, reply_count: int
) -> RawComment:
    comment_id = comment.text("id")
    snippet = comment.child("snippet")
    video = snippet.text("videoId") or video
    return RawComment(
        platform="youtube",
        external_id=comment_id,
        # textOriginal is only returned to the comment's author; textDisplay may hold HTML.
        text=snippet.body("textOriginal")
        if snippet.item.get("textOriginal") is not None
        else normalise_newlines(html_to_text(snippet.body("textDisplay"))),
        author=snippet.text("authorDisplayName") or "",
        created_at=snippet.date("publishedAt"),
        author_id=snippet.child("authorChannelId").text("value"),
        parent_external_id=snippet.text("parentId") or parent,
        post_ref=video,
        permalink=_youtube_link(video, comment_id),
        likes=snippet.count("likeCount"),
        reply_count=reply_count,
        where=comment.where,
    )


def _youtube_link(video: str | None, comment_id: str | None) -> str | None:
    if not video or not comment_id:
        return None
    return f"https://www.youtube.com/watch?v={video}&lc={comment_id}"


# TikTok --------------------------------------------------------------------


def _tiktok_comments(document: Any) -> list[Any] | None:
    """The Research API's ``{"data": {"comments": [...], "cursor", "has_more"}}`` list."""
    data = document.get("data") if isinstance(document, dict) else None
    comments = data.get("comments") if isinstance(data, dict) else None
    return comments if isinstance(comments, list) else None


def read_tiktok(document: Any, context: Context) -> Iterator[RawComment]:
    """TikTok Research API comments: no author field, so every author is the placeholder
    the pipeline gives a missing one; a top-level comment's parent is its video."""
    comments = _tiktok_comments(document)
    if comments is None:
        raise _wrong_shape(context, "TikTok", 'a "data" object with a "comments" list')
    for index, item in enumerate(comments, 1):
        fields = _Fields(item, f"record {index}", context)
        video = fields.text("video_id")
        parent = fields.text("parent_comment_id")
        yield RawComment(
            platform="tiktok",
            external_id=fields.text("id"),
            text=fields.body("text"),
            author="",
            created_at=fields.date("create_time"),
            parent_external_id=None if parent == video else parent,
            post_ref=video,
            likes=fields.count("like_count"),
            reply_count=fields.count("reply_count"),
            where=fields.where,
        )


# Google Business Profile -----------------------------------------------------

STAR_RATINGS = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5}
REVIEWS_PAGE_KEYS = frozenset({"reviews", "averageRating", "totalReviewCount", "nextPageToken"})


def _is_reviews_page(document: Any) -> bool:
    """An ``accounts.locations.reviews.list`` response."""
    return (
        isinstance(document, dict)
        and isinstance(document.get("reviews"), list)
        and REVIEWS_PAGE_KEYS.issuperset(document)
    )


def read_google(document: Any, context: Context) -> Iterator[RawComment]:
    """Google Business Profile reviews: each review with its stars (one or two make it
    negative), then the owner's ``reviewReply`` as our reply, which answers it."""
    for prefix, page in api_pages(document):
        if not _is_reviews_page(page):
            raise _wrong_shape(context, "Google reviews", 'an object with a "reviews" list')
        for index, item in enumerate(page["reviews"], 1):
            yield from _google_review(_Fields(item, f"{prefix}record {index}", context))


def _google_review(fields: _Fields) -> Iterator[RawComment]:
    review_id = fields.text("reviewId")
    name = fields.text("name") or ""
    location = name.rsplit("/reviews/", 1)[0] if "/reviews/" in name else None
    stars = fields.item.get("starRating")
    if stars is not None and stars != "STAR_RATING_UNSPECIFIED" and stars not in STAR_RATINGS:
        raise fields.context.error(
            f"bad starRating {quoted(stars)} (expected ONE to FIVE)", fields.where, "starRating"
        )
    reviewer = fields.child("reviewer")
    reply = fields.child("reviewReply")
    yield RawComment(
        platform="google",
        external_id=review_id,
        text=fields.body("comment"),
        author=reviewer.text("displayName") or "",
        created_at=fields.date("createTime"),
        post_ref=location,
        reply_count=1 if reply.item else 0,
        rating=STAR_RATINGS.get(stars) if isinstance(stars, str) else None,
        where=fields.where,
    )
    if reply.item:
        reply.where = f"{fields.where} reviewReply"
        yield RawComment(
            platform="google",
            external_id=f"{review_id}/reply" if review_id else None,
            text=reply.body("comment"),
            author="",
            created_at=reply.date("updateTime"),
            parent_external_id=review_id,
            post_ref=location,
            ours=True,
            where=reply.where,
        )
