"""A small desk with known answers: one brand, a few comments, replies, posts and outcomes."""

from datetime import timedelta

import pytest

from smmdesk.calendar.posts import create_post
from smmdesk.inbox import triage
from smmdesk.inbox.records import RawComment
from smmdesk.store.brands import add_channel
from tests.conftest import NOW
from tests.inbox.helpers import load


def comment(text, *, at, id, platform="facebook", post_ref=None, permalink=None, author="Sam"):
    return RawComment(
        platform=platform,
        external_id=id,
        text=text,
        author=author,
        created_at=at,
        post_ref=post_ref,
        permalink=permalink,
    )


@pytest.fixture
def desk(store, brand):
    """Comments (NOW = 2026-11-28 12:00 UTC):

    n1 negative, 300 min ago, replied after 30 min     -> 30 min, on time
    n2 negative, 200 min ago, replied after 90 min     -> 90 min, missed (target 60)
    n3 negative, 100 min ago, never answered, open     -> missed
    p1 positive, 120 min ago, reply logged 10 min *before* it -> 0 min
    s1 negative spam, 500 min ago                      -> counted per day, not in response times
    """
    add_channel(store, brand, "Facebook page", "facebook")
    records = [
        comment(
            "This is terrible, awful service. I hate it!",
            at=NOW - timedelta(minutes=300),
            id="n1",
            post_ref="fbpost-1",
        ),
        comment(
            "Worst order ever, very angry and disappointed",
            at=NOW - timedelta(minutes=200),
            id="n2",
            permalink="https://www.facebook.com/acme/posts/77/?comment_id=5",
        ),
        comment(
            "Broken again. Horrible, useless product", at=NOW - timedelta(minutes=100), id="n3"
        ),
        comment("I love it, great coffee, thank you!", at=NOW - timedelta(minutes=120), id="p1"),
        comment("Awful scam, terrible, hate", at=NOW - timedelta(minutes=500), id="s1"),
    ]
    load(store, brand, records)
    ids = {
        row["external_id"]: row["id"]
        for row in store.conn.execute("SELECT id, external_id FROM comments")
    }
    bands = {
        row["external_id"]: row["band"]
        for row in store.conn.execute("SELECT external_id, band FROM comments")
    }
    assert bands == {
        "n1": "negative",
        "n2": "negative",
        "n3": "negative",
        "p1": "positive",
        "s1": "negative",
    }
    triage.reply(store, [ids["n1"]], "Sorry!", now=NOW - timedelta(minutes=270), actor="t")
    triage.reply(store, [ids["n2"]], "Sorry!", now=NOW - timedelta(minutes=110), actor="t")
    triage.reply(store, [ids["p1"]], "Thanks!", now=NOW - timedelta(minutes=130), actor="t")
    triage.mark_spam(store, [ids["s1"]], now=NOW, actor="t")
    posts = {
        "sales": create_post(
            store,
            brand,
            title="Gift box [bold]sale[/bold]",
            goal="sales",
            channel="Facebook page",
            when=NOW - timedelta(days=3, hours=2),
            status="published",
            link="https://acme.example/box",
            now=NOW,
        ),
        "ad1": create_post(
            store,
            brand,
            title="Ad one",
            goal="ad-new-audience",
            channel="Facebook page",
            when=NOW - timedelta(days=2),
            status="published",
            campaign="Black Friday",
            now=NOW,
        ),
        "ad2": create_post(
            store,
            brand,
            title="Ad two",
            goal="ad-new-audience",
            channel="Instagram page",
            when=NOW - timedelta(days=1),
            status="published",
            campaign="Black Friday",
            now=NOW,
        ),
    }
    return {"brand": brand, "ids": ids, "posts": posts}
