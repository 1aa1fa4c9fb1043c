"""Where a post went out: its id and permalink per platform, so comments find their post."""

from __future__ import annotations

from dataclasses import dataclass

from smmdesk.calendar.posts import get_post
from smmdesk.errors import UserError
from smmdesk.store import links as sql
from smmdesk.store.db import Store
from smmdesk.store.links import normalise_url

PLATFORM_ALIASES = {"fb": "facebook", "ig": "instagram", "yt": "youtube", "tt": "tiktok"}


@dataclass(frozen=True)
class LinkResult:
    post_id: int
    platform: str
    external_id: str | None
    url: str | None
    linked_comments: int


def platform_name(text: str) -> str:
    name = text.strip().lower()
    return PLATFORM_ALIASES.get(name, name)


def add_post_link(
    store: Store,
    post_id: int,
    *,
    platform: str,
    external_id: str | None = None,
    url: str | None = None,
) -> LinkResult:
    """Record where post ``post_id`` was published and link the comments that match it."""
    post = get_post(store, post_id)  # UserError if there is none
    brand_id = post.brand_id
    name = platform_name(platform or "")
    if not name:
        raise UserError("a post link needs a platform (facebook, instagram...), --platform")
    external_id = (external_id or "").strip() or None
    normal = normalise_url(url)
    if external_id is None and normal is None:
        raise UserError("a post link needs the post's id or its url, --id / --url")
    if external_id is not None:
        taken = sql.link_by_external_id(store, brand_id, name, external_id)
        if taken is not None:
            raise UserError(
                f"{name} post {external_id!r} is already linked to post #{taken['post_id']}, --id"
            )
    if normal is not None:
        taken = sql.link_by_url(store, brand_id, normal)
        if taken is not None:
            raise UserError(f"url is already linked to post #{taken['post_id']}, --url")
    channel, channel_platform = sql.channel_platform_of(store, post_id) or ("", "")
    if channel_platform and channel_platform != name:
        # Its comments are on the channel's platform: a link elsewhere would match others'.
        raise UserError(
            f"post #{post_id} goes out on {channel} ({channel_platform}), not {name}, --platform"
        )
    with store.transaction():
        sql.add_link(store, post_id, name, external_id, normal)
        linked = sql.link_comments_to_posts(store)
    return LinkResult(post_id, name, external_id, normal, linked)


def links_of_post(store: Store, post_id: int) -> list[dict[str, object]]:
    return [dict(row) for row in sql.links_of_post(store, post_id)]
