"""SQL for post links (where a post went out) and for linking comments to posts.

A comment is linked to a post when its (platform, post_ref) is a link's
(platform, external_id), or when its permalink, normalised, is a link's url.
"""

from __future__ import annotations

import sqlite3
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from smmdesk.store.db import Store

# Query parameters that name a comment, a share or a tracker rather than the post itself.
_NOISE_PARAMS = frozenset({"comment_id", "reply_comment_id", "lc", "fbclid", "igsh", "igshid",
                           "si", "t", "ref", "feature", "s"})


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
            host = host[len(prefix):]
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if k.lower() not in _NOISE_PARAMS and not k.lower().startswith("utm_"))
    path = parts.path.rstrip("/")
    return urlunsplit(("https" if parts.scheme.lower() in ("http", "https") else parts.scheme.lower(),
                       host, path, urlencode(query), ""))


def add_link(store: Store, post_id: int, platform: str, external_id: str | None,
             url: str | None) -> int:
    cur = store.conn.execute(
        "INSERT INTO post_links (post_id, platform, external_id, url) VALUES (?, ?, ?, ?)",
        (post_id, platform, external_id, url),
    )
    return cur.lastrowid


def link_by_external_id(store: Store, platform: str, external_id: str) -> sqlite3.Row | None:
    return store.conn.execute(
        "SELECT * FROM post_links WHERE platform = ? AND external_id = ?", (platform, external_id)
    ).fetchone()


def link_by_url(store: Store, url: str) -> sqlite3.Row | None:
    return store.conn.execute("SELECT * FROM post_links WHERE url = ?", (url,)).fetchone()


def links_of_post(store: Store, post_id: int) -> list[sqlite3.Row]:
    return store.conn.execute(
        "SELECT * FROM post_links WHERE post_id = ? ORDER BY id", (post_id,)
    ).fetchall()


def max_comment_id(store: Store) -> int:
    return store.conn.execute("SELECT coalesce(max(id), 0) FROM comments").fetchone()[0]


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
            "UPDATE comments SET post_id = (SELECT pl.post_id FROM post_links pl "
            "  WHERE pl.platform = comments.platform AND pl.external_id = comments.post_ref) "
            "WHERE id > ? AND post_id IS NULL AND post_ref IS NOT NULL AND EXISTS ("
            "  SELECT 1 FROM post_links pl WHERE pl.platform = comments.platform "
            "  AND pl.external_id = comments.post_ref)",
            (low,),
        ).rowcount
        by_url = conn.execute(
            "UPDATE comments SET post_id = (SELECT pl.post_id FROM post_links pl "
            "  WHERE pl.url = smm_normalise_url(comments.permalink) ORDER BY pl.id LIMIT 1) "
            "WHERE id > ? AND post_id IS NULL AND permalink IS NOT NULL AND EXISTS ("
            "  SELECT 1 FROM post_links pl WHERE pl.url = smm_normalise_url(comments.permalink))",
            (low,),
        ).rowcount
    return by_ref + by_url


def post_of_comment(store: Store, comment_id: int) -> sqlite3.Row | None:
    """The post a comment is linked to, with its goal and channel names."""
    return store.conn.execute(
        "SELECT p.id, p.title, p.scheduled_at, p.kind, p.campaign, g.slug AS goal_slug, "
        "g.name AS goal_name, ch.name AS channel_name FROM comments c "
        "JOIN posts p ON p.id = c.post_id JOIN goals g ON g.id = p.goal_id "
        "JOIN channels ch ON ch.id = p.channel_id WHERE c.id = ?",
        (comment_id,),
    ).fetchone()
