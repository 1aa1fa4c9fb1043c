"""Outcomes (replace by key, atomic CSV import with clear errors) and comment-post links."""

from datetime import timedelta

import pytest

from smmdesk.calendar.links import add_post_link
from smmdesk.calendar.posts import create_post
from smmdesk.errors import UserError
from smmdesk.report.outcomes import add_outcome, import_outcomes, parse_figure
from smmdesk.store import links
from smmdesk.store import outcomes as sql
from smmdesk.store.brands import add_channel
from smmdesk.store.links import normalise_url
from tests.conftest import NOW
from tests.inbox.helpers import load
from tests.report.conftest import comment


@pytest.fixture
def post(store, brand):
    add_channel(store, brand, "Facebook page", "facebook")
    return create_post(
        store,
        brand,
        title="Box",
        goal="sales",
        channel="Facebook page",
        when=NOW - timedelta(days=1),
        status="published",
        campaign="Winter Sale",
        link="https://acme.example/box",
        now=NOW,
    )


def count(store):
    return store.conn.execute("SELECT count(*) FROM outcomes").fetchone()[0]


def test_a_row_replaces_the_one_of_the_same_post_and_day(store, post):
    add_outcome(store, post.id, "2026-11-27", {"clicks": "10"})
    add_outcome(store, post.id, "2026-11-27", {"clicks": "12", "leads": "2"})
    add_outcome(store, post.id, None, {"reach": "1 000"})
    rows = sql.outcomes_of_post(store, post.id)
    assert [(r["day"], r["clicks"], r["leads"], r["reach"]) for r in rows] == [
        (None, 0, 0, 1000),
        ("2026-11-27", 12, 2, 0),
    ]


def test_typed_outcome_errors(store, post):
    with pytest.raises(UserError, match="no post with id 999"):
        add_outcome(store, 999, None, {"clicks": "1"})
    with pytest.raises(UserError, match="clicks must be a number.*clicks$"):
        add_outcome(store, post.id, None, {"clicks": "lots"})
    with pytest.raises(UserError, match="date must be YYYY-MM-DD"):
        add_outcome(store, post.id, "yesterday", {"clicks": "1"})
    with pytest.raises(UserError, match="unknown figure 'likes'"):
        add_outcome(store, post.id, None, {"likes": "1"})
    assert count(store) == 0


def test_parse_figure():
    assert parse_figure("clicks", "1,234") == 1234
    assert parse_figure("revenue", "€12.50") == 12.5
    assert parse_figure("spend", "") == 0
    for bad in ("-3", "abc", "1.5"):
        with pytest.raises(ValueError):
            parse_figure("leads", bad)


def test_csv_import_by_post_id_and_campaign(store, post, tmp_path):
    path = tmp_path / "ga.csv"
    path.write_text(
        "Date,Post_ID,utm_campaign,Clicks,Leads,Sales,Revenue,Spend,Other\n"
        f"2026-11-27,{post.id},,10,1,0,0,0,x\n"
        "2026-11-27,,winter-sale,5,,,,,\n"
        "\n",
        encoding="utf-8",
    )
    assert import_outcomes(store, path) == 1  # the campaign has one post: same key
    assert [r["clicks"] for r in sql.outcomes_of_post(store, post.id)] == [5]
    assert import_outcomes(store, path) == 1  # again: replaces, adds nothing
    assert count(store) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "post_id,clicks\n{id},3\n{id},many\n",
            r"clicks must be a number ≥ 0 \('many'\), o.csv:line 3: clicks",
        ),
        ("post_id,clicks\n999,3\n", r"no post with id '999', o.csv:line 2: post_id"),
        (
            "utm_campaign,clicks\nnope,3\n",
            r"no post with UTM campaign 'nope', o.csv:line 2: utm_campaign",
        ),
        (
            "post_id,Date,clicks\n{id},27/11/2026,3\n",
            r"date must be YYYY-MM-DD .*o.csv:line 2: Date",
        ),
        ("post_id,clicks\n,3\n", r"needs a post_id or a utm_campaign, o.csv:line 2: post_id"),
        ("clicks,leads\n3,4\n", r"no post_id or utm_campaign column .*o.csv:line 1"),
        ("post_id,name\n1,x\n", r"no figure columns .*o.csv:line 1"),
        ("", r"file is empty, o.csv"),
    ],
)
def test_csv_import_errors_write_nothing(store, post, tmp_path, content, message):
    path = tmp_path / "o.csv"
    path.write_text(content.format(id=post.id), encoding="utf-8")
    with pytest.raises(UserError, match=message):
        import_outcomes(store, path)
    assert count(store) == 0


def test_csv_import_brand_scope(store, post, tmp_path):
    from smmdesk.store.brands import create_brand

    other = create_brand(store, "Other")
    path = tmp_path / "o.csv"
    path.write_text(f"post_id,clicks\n{post.id},3\n", encoding="utf-8")
    with pytest.raises(UserError, match="no post of brand other"):
        import_outcomes(store, path, brand=other)


def test_normalise_url():
    assert (
        normalise_url("http://www.Facebook.com/acme/posts/1/?comment_id=9#x")
        == "https://facebook.com/acme/posts/1"
    )
    assert (
        normalise_url("https://youtube.com/watch?v=abc&lc=zz&t=10")
        == "https://youtube.com/watch?v=abc"
    )
    assert normalise_url("  ") is None


def test_link_by_post_ref_and_by_permalink(store, brand, post):
    load(
        store,
        brand,
        [
            comment("hello", at=NOW, id="a", post_ref="fb-1"),
            comment(
                "hello",
                at=NOW,
                id="b",
                permalink="https://m.facebook.com/acme/posts/7?comment_id=2",
            ),
            comment("hello", at=NOW, id="c", post_ref="fb-2"),
            comment("hello", at=NOW, id="d", platform="instagram", post_ref="fb-1"),
        ],
    )
    assert links.link_comments_to_posts(store) == 0  # no links yet: nothing to do
    first = add_post_link(store, post.id, platform="FB", external_id="fb-1")
    assert first.linked_comments == 1  # not the instagram one
    second = add_post_link(
        store, post.id, platform="facebook", url="https://facebook.com/acme/posts/7/"
    )
    assert second.linked_comments == 1
    linked = dict(store.conn.execute("SELECT external_id, post_id FROM comments"))
    assert linked == {"a": post.id, "b": post.id, "c": None, "d": None}


def test_import_links_new_comments(store, brand, post):
    add_post_link(store, post.id, platform="facebook", external_id="fb-9")
    load(store, brand, [comment("later", at=NOW, id="z", post_ref="fb-9")])
    assert store.conn.execute("SELECT post_id FROM comments").fetchone()[0] == post.id
    detail_post = links.post_of_comment(store, 1)
    assert (detail_post["title"], detail_post["goal_slug"]) == ("Box", "sales")


def test_link_errors(store, post):
    with pytest.raises(UserError, match="no post with id 42"):
        add_post_link(store, 42, platform="facebook", external_id="x")
    with pytest.raises(UserError, match="needs the post's id or its url"):
        add_post_link(store, post.id, platform="facebook")
    add_post_link(store, post.id, platform="facebook", external_id="x", url="https://a.b/p")
    with pytest.raises(UserError, match="already linked to post"):
        add_post_link(store, post.id, platform="facebook", external_id="x")
    with pytest.raises(UserError, match="url is already linked"):
        add_post_link(store, post.id, platform="instagram", url="https://a.b/p/")
