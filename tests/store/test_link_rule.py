"""Comments link only to posts of their own brand and platform, published before them."""

from datetime import timedelta

import pytest

from smmdesk.calendar.links import add_post_link
from smmdesk.calendar.posts import create_post
from smmdesk.errors import UserError
from smmdesk.store.brands import add_channel
from tests.conftest import NOW
from tests.inbox.helpers import load
from tests.report.conftest import comment


@pytest.fixture
def channels(store, brand):
    add_channel(store, brand, "Facebook page", "facebook")
    add_channel(store, brand, "YouTube channel", "youtube")
    add_channel(store, brand, "Website blog", "")


def post_on(store, brand, channel, when):
    return create_post(
        store,
        brand,
        title=f"On {channel}",
        goal="sales",
        channel=channel,
        when=when,
        status="published",
        now=NOW,
    )


def linked(store):
    return dict(store.conn.execute("SELECT external_id, post_id FROM comments").fetchall())


def test_a_comment_is_not_linked_to_a_post_published_after_it(store, brand, channels):
    post = post_on(store, brand, "Facebook page", NOW - timedelta(hours=2))
    load(
        store,
        brand,
        [
            comment("before the post", at=NOW - timedelta(hours=3), id="early", post_ref="p1"),
            comment("after the post", at=NOW - timedelta(hours=1), id="late", post_ref="p1"),
            comment(
                "by url, before",
                at=NOW - timedelta(hours=3),
                id="early-url",
                permalink="https://facebook.com/acme/posts/9?comment_id=1",
            ),
            comment(
                "by url, after",
                at=NOW - timedelta(hours=1),
                id="late-url",
                permalink="https://facebook.com/acme/posts/9?comment_id=2",
            ),
        ],
    )
    add_post_link(
        store,
        post.id,
        platform="facebook",
        external_id="p1",
        url="https://facebook.com/acme/posts/9",
    )
    assert linked(store) == {"early": None, "late": post.id, "early-url": None, "late-url": post.id}


def test_a_url_links_only_comments_of_its_platform(store, brand, channels):
    post = post_on(store, brand, "Website blog", NOW - timedelta(days=1))  # no platform
    load(
        store,
        brand,
        [
            comment("fb", at=NOW, id="fb", permalink="https://acme.example/blog/1"),
            comment(
                "yt", at=NOW, id="yt", platform="youtube", permalink="https://acme.example/blog/1"
            ),
        ],
    )
    add_post_link(store, post.id, platform="youtube", url="https://acme.example/blog/1")
    assert linked(store) == {"fb": None, "yt": post.id}


def test_a_post_is_linked_only_on_its_channels_platform(store, brand, channels):
    video = post_on(store, brand, "YouTube channel", NOW - timedelta(days=1))
    with pytest.raises(UserError, match=r"goes out on YouTube channel \(youtube\), not facebook"):
        add_post_link(
            store, video.id, platform="facebook", url="https://facebook.com/acme/posts/20261127"
        )
    assert store.conn.execute("SELECT count(*) FROM post_links").fetchone()[0] == 0


def test_demo_links_comments_to_earlier_posts_of_their_platform(tmp_path):
    from smmdesk.cli.desk import fresh_demo
    from smmdesk.store import open_store

    with open_store(fresh_demo(tmp_path / "demo.db")) as store:
        wrong = store.conn.execute(
            "SELECT count(*) FROM comments c JOIN posts p ON p.id = c.post_id "
            "JOIN channels ch ON ch.id = p.channel_id "
            "WHERE ch.platform != c.platform OR p.scheduled_at > c.created_at "
            "OR p.brand_id != c.brand_id"
        ).fetchone()[0]
        right = store.conn.execute(
            "SELECT count(*) FROM comments WHERE post_id IS NOT NULL"
        ).fetchone()[0]
    assert wrong == 0 and right > 0
