"""SQL for post links (where a post went out) and for linking comments to posts.

A comment is linked to a post of its own brand, on its own platform, published at or
before it: when its post_ref is a link's external_id, or when its permalink, normalised,
is a link's url. A platform's post id is only unique on one account, so links are per brand.
"""

from __future__ import annotations

import sqlite3
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from smmdesk.store.db import Store, inserted_id

# Query parameters that name a comment, a share or a tracker rather than the post itself.
_NOISE_PARAMS = frozenset(
    {
        "comment_id",
        "reply_comment_id",
        "lc",
        "fbclid",
        "igsh",
        "igshid",
        "si",
        "t",
        "ref",
        "feature",
        "s",
    }
)


def normalise_url(url: str | None) -> str | None:
    """The form urls are compared in: lower-case scheme and host (no ``www.``/``m.``), no
    fragment, no trailing slash, no comment/tracking parameters, the rest sorted."""
    if url is None or not url.strip():
        return None
    text = url.strip()
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    host = parts.netloc.lower()
    for prefix in ("www.", "m.", "mobile."):
        if host.startswith(prefix):
            host = host[len(prefix) :]
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _NOISE_PARAMS and not k.lower().startswith("utm_")
    )
    path = parts.path.rstrip("/")
    return urlunsplit(
        (
            "https" if parts.scheme.lower() in ("http", "https") else parts.scheme.lower(),
            host,
            path,
            urlencode(query),
            "",
        )
    )


def add_link(
    store: Store, post_id: int, platform: str, external_id: str | None, url: str | None
) -> int:
    cur = store.conn.execute(
        "INSERT INTO post_links (post_id, brand_id, platform, external_id, url) "
        "SELECT id, brand_id, ?, ?, ? FROM posts WHERE id = ?",
        (platform, external_id, url, post_id),
    )
    return inserted_id(cur)


def link_by_external_id(
    store: Store, brand_id: int, platform: str, external_id: str
) -> sqlite3.Row | None:
    row: sqlite3.Row | None = store.conn.execute(
        "SELECT * FROM post_links WHERE brand_id = ? AND platform = ? AND external_id = ?",
        (brand_id, platform, external_id),
    ).fetchone()
    return row


def link_by_url(store: Store, brand_id: int, url: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = store.conn.execute(
        "SELECT * FROM post_links WHERE brand_id = ? AND url = ?", (brand_id, url)
    ).fetchone()
    return row


def channel_platform_of(store: Store, post_id: int) -> tuple[str, str] | None:
    """(channel name, its platform or '') of a post."""
    row = store.conn.execute(
        "SELECT ch.name, ch.platform FROM posts p JOIN channels ch ON ch.id = p.channel_id "
        "WHERE p.id = ?",
        (post_id,),
    ).fetchone()
    return (row[0], row[1] or "") if row else None


def links_of_post(store: Store, post_id: int) -> list[sqlite3.Row]:
    return store.conn.execute(
        "SELECT * FROM post_links WHERE post_id = ? ORDER BY id", (post_id,)
    ).fetchall()


def max_comment_id(store: Store) -> int:
    value: int = store.conn.execute("SELECT coalesce(max(id), 0) FROM comments").fetchone()[0]
    return value


# A link ``pl`` (joined to its post ``p`` and channel ``ch``) that may hold ``comments``: the
# same brand, the same platform (the channel's, when it names one), published no later.
_OWN_POST = (
    "FROM post_links pl JOIN posts p ON p.id = pl.post_id JOIN channels ch ON ch.id = p.channel_id "
    "WHERE pl.brand_id = comments.brand_id AND pl.platform = comments.platform "
    "AND ch.platform IN ('', comments.platform) AND p.scheduled_at <= comments.created_at "
)
_BY_REF = _OWN_POST + "AND pl.external_id = comments.post_ref"
_BY_URL = _OWN_POST + "AND pl.url = smm_normalise_url(comments.permalink)"
_LATEST = " ORDER BY p.scheduled_at DESC, pl.id LIMIT 1"


def link_comments_to_posts(store: Store, since_id: int | None = None) -> int:
    """Set ``comments.post_id`` on unlinked comments (with id > ``since_id``) that match a
    post link; return how many were linked. Costs nothing while there are no links."""
    conn = store.conn
    if conn.execute("SELECT 1 FROM post_links LIMIT 1").fetchone() is None:
        return 0
    conn.create_function("smm_normalise_url", 1, normalise_url, deterministic=True)
    low = since_id or 0
    with store.transaction():
        by_ref = conn.execute(
            f"UPDATE comments SET post_id = (SELECT pl.post_id {_BY_REF}{_LATEST}) "
            "WHERE id > ? AND post_id IS NULL AND post_ref IS NOT NULL "
            f"AND EXISTS (SELECT 1 {_BY_REF})",
            (low,),
        ).rowcount
        by_url = conn.execute(
            f"UPDATE comments SET post_id = (SELECT pl.post_id {_BY_URL}{_LATEST}) "
            "WHERE id > ? AND post_id IS NULL AND permalink IS NOT NULL "
            f"AND EXISTS (SELECT 1 {_BY_URL})",
            (low,),
        ).rowcount
    return by_ref + by_url


def post_of_comment(store: Store, comment_id: int) -> sqlite3.Row | None:
    """The post a comment is linked to, with its goal and channel names."""
    row: sqlite3.Row | None = store.conn.execute(
        "SELECT p.id, p.title, p.scheduled_at, p.kind, p.campaign, g.slug AS goal_slug, "
        "g.name AS goal_name, ch.name AS channel_name FROM comments c "
        "JOIN posts p ON p.id = c.post_id JOIN goals g ON g.id = p.goal_id "
        "JOIN channels ch ON ch.id = p.channel_id WHERE c.id = ?",
        (comment_id,),
    ).fetchone()
    return row
