from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from smmdesk.calendar import goals
from smmdesk.calendar.posts import (
    copy_post,
    create_post,
    delete_post,
    draft_of,
    edit_post,
    find_post,
    get_post,
    goal_named,
    list_posts,
    move_post,
    tracked_link,
    utm_link,
)
from smmdesk.calendar.timeparse import parse_delta
from smmdesk.errors import UserError

from .conftest import KYIV, NOW, local


def make(store, brand, **overrides):
    fields = {
        "title": "Spring sale", "goal": "sales", "channel": "Facebook page",
        "when": local(2026, 3, 25, 10, 0), "tz": "Europe/Kyiv", "now": NOW,
    }  # fmt: skip
    fields.update(overrides)
    return create_post(store, brand, **fields)


def count(store):
    return store.conn.execute("SELECT count(*) FROM posts").fetchone()[0]


# --- the goal rule ---


@pytest.mark.parametrize("goal", [None, "", "   "])
def test_no_goal_no_post(store, brand, goal):
    with pytest.raises(UserError, match=r"needs a goal .*sales.*, goal$"):
        make(store, brand, goal=goal)
    assert count(store) == 0


def test_unknown_goal_is_refused_with_the_known_ones(store, brand):
    with pytest.raises(UserError, match=r"no goal 'salez' for brand acme \(known: sales"):
        make(store, brand, goal="salez")
    assert count(store) == 0


def test_goal_must_belong_to_the_posts_brand(store, brand, other_brand):
    with pytest.raises(UserError, match="no channel"):
        make(store, other_brand)  # other brand has no "Facebook page"
    post = make(store, other_brand, channel="Other page")
    assert post.goal_id != make(store, brand).goal_id  # each brand has its own goals


def test_goal_cannot_be_edited_away(store, brand):
    post = make(store, brand)
    with pytest.raises(UserError, match="needs a goal"):
        edit_post(store, post.id, replace(draft_of(post), goal_id=None), now=NOW)
    assert get_post(store, post.id).goal == "sales"


def test_ids_of_another_brand_are_refused(store, brand, other_brand):
    post = make(store, brand)
    theirs = goal_named(store, other_brand, "sales")
    with pytest.raises(UserError, match=f"no goal with id {theirs.id} for brand acme.*, goal$"):
        edit_post(store, post.id, replace(draft_of(post), goal_id=theirs.id), now=NOW)
    with pytest.raises(UserError, match=r"no channel with id 999 for brand acme .*, channel$"):
        edit_post(store, post.id, replace(draft_of(post), channel_id=999), now=NOW)
    with pytest.raises(UserError, match="belongs to brand acme, brand$"):
        edit_post(store, post.id, replace(draft_of(post), brand_id=other_brand.id), now=NOW)


# --- other checks ---


def test_created_post_reads_back(store, brand):
    post = make(store, brand, body="Body", campaign="Spring", link="https://acme.example/shop")
    assert post.title == "Spring sale"
    assert post.channel == "Facebook page"
    assert post.kind == "organic"  # from the goal
    assert post.status == "draft"
    assert post.scheduled_at == datetime(2026, 3, 25, 8, 0, tzinfo=UTC)
    assert post.campaign == "Spring"
    assert post.created_at == NOW
    stored = store.conn.execute("SELECT scheduled_at FROM posts").fetchone()[0]
    assert stored == "2026-03-25T08:00:00+00:00"


def test_ad_goal_makes_an_ad_and_kinds_must_agree(store, brand):
    assert make(store, brand, goal="ad-win-back").kind == "ad"
    with pytest.raises(UserError, match="is for organic posts, not ad"):
        make(store, brand, kind="ad")


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"title": "  "}, "needs a title"),
        ({"channel": "Tiktok"}, "no channel 'Tiktok'"),
        ({"status": "done"}, "status must be"),
        ({"link": "javascript:alert(1)"}, "link must be"),
        ({"link": "acme.example/shop"}, "link must be"),
        ({"when": datetime(2026, 3, 25, 10)}, "needs a time"),
        ({"tz": "Mars/Olympus"}, "unknown time zone"),
        ({"rrule": "FREQ=SECONDLY"}, "repeat must be"),
        ({"rrule": "BYDAY=MO"}, "needs FREQ"),
        ({"rrule": "FREQ=WEEKLY;UNTIL=20261231T235959"}, "UNTIL must be a UTC"),
    ],
)
def test_bad_fields_are_refused(store, brand, overrides, fragment):
    with pytest.raises(UserError, match=fragment):
        make(store, brand, **overrides)
    assert count(store) == 0


def test_update_changes_only_what_is_given(store, brand):
    post = make(store, brand, link="https://acme.example")
    later = NOW + timedelta(hours=1)
    questions = goal_named(store, brand, "questions").id
    draft = replace(draft_of(post), title="Big sale", goal_id=questions, kind=None)
    edited = edit_post(store, post.id, draft, now=later)
    assert (edited.title, edited.goal, edited.link) == ("Big sale", "questions", post.link)
    assert edited.updated_at == later
    assert edited.created_at == NOW


def test_update_goal_to_ad_goal_follows_its_kind(store, brand):
    post = make(store, brand)
    ad_goal = goal_named(store, brand, "ad-new-audience").id
    draft = replace(draft_of(post), goal_id=ad_goal, kind=None)  # None: the goal's kind
    assert edit_post(store, post.id, draft, now=NOW).kind == "ad"


def test_move_by_hours_days_weeks(store, brand):
    post = make(store, brand)
    assert move_post(store, post.id, parse_delta("+2h"), now=NOW).scheduled_at == datetime(
        2026, 3, 25, 10, 0, tzinfo=UTC
    )
    assert move_post(store, post.id, parse_delta("-1d"), now=NOW).scheduled_at == datetime(
        2026, 3, 24, 10, 0, tzinfo=UTC
    )
    # A week later Kyiv is on summer time: the wall clock (14:00) is kept.
    moved = move_post(store, post.id, parse_delta("+1w"), now=NOW)
    assert moved.scheduled_at.astimezone(KYIV) == local(2026, 3, 31, 12, 0)


def test_copy_to_another_day_keeps_wall_time_as_a_new_draft(store, brand):
    post = make(store, brand, status="scheduled")
    copy = copy_post(store, post.id, date(2026, 4, 2), now=NOW)
    assert copy.id != post.id
    assert copy.status == "draft"
    assert copy.scheduled_at.astimezone(KYIV) == local(2026, 4, 2, 10, 0)  # after DST
    assert (copy.title, copy.goal, copy.channel) == (post.title, post.goal, post.channel)


def test_delete(store, brand):
    post = make(store, brand)
    assert delete_post(store, post.id).id == post.id
    assert find_post(store, post.id) is None
    with pytest.raises(UserError, match=f"no post with id {post.id}"):
        delete_post(store, post.id)
    assert list_posts(store) == []


# --- UTM ---


def test_utm_added_from_channel_kind_and_goal(store, brand):
    post = make(store, brand, link="https://acme.example/shop?item=7#top")
    assert tracked_link(post) == (
        "https://acme.example/shop?item=7&utm_source=facebook-page&utm_medium=social"
        "&utm_campaign=sales#top"
    )


def test_utm_campaign_wins_over_goal_and_ads_are_paid():
    link = utm_link("https://a.example", channel="Instagram", kind="ad", campaign="Black Friday",
                    goal="ad-win-back")  # fmt: skip
    assert link == (
        "https://a.example?utm_source=instagram&utm_medium=paid&utm_campaign=black-friday"
    )


def test_link_with_its_own_utm_is_left_alone():
    own = "https://a.example/?UTM_source=newsletter&x=%20y"
    assert utm_link(own, channel="Site", kind="organic", campaign=None, goal="sales") == own


def test_utm_keeps_the_links_own_encoding_and_encodes_ours():
    link = utm_link("https://a.example/p?q=a%20b", channel="Сторінка бренду", kind="organic",
                    campaign=None, goal="sales")  # fmt: skip
    assert link.startswith("https://a.example/p?q=a%20b&utm_source=%D1%81%D1%82")
    assert "&utm_campaign=sales" in link


def test_post_without_link_has_no_tracked_link(store, brand):
    assert tracked_link(make(store, brand)) is None


# --- goals are editable per brand ---


def test_edit_goal_targets(store, brand):
    goals.edit_goal(store, brand, "questions", target_share=0.3)
    sales = goals.edit_goal(store, brand, "sales", name="Sell", colour="red", target_share=0.4)
    assert (sales.name, sales.colour, sales.target_share) == ("Sell", "red", 0.4)
    with pytest.raises(UserError, match="add up to 110%"):
        goals.edit_goal(store, brand, "recognition", target_share=0.4)
    with pytest.raises(UserError, match="no goal 'nope'"):
        goals.edit_goal(store, brand, "nope", name="x")


def test_add_goal_and_parse_share(store, brand):
    assert goals.parse_share("30%") == 0.3
    assert goals.parse_share("0.3") == 0.3
    assert goals.parse_share("30") == 0.3
    with pytest.raises(UserError):
        goals.parse_share("lots")
    goals.add_goal(store, brand, "leads", "Leads", kind="ad", target_share=0.5)
    assert make(store, brand, goal="leads").kind == "ad"
    with pytest.raises(UserError, match="already has"):
        goals.add_goal(store, brand, "leads", "Leads again")


@pytest.mark.parametrize(
    "address",
    [
        "https://[bold]acme.example/a.jpg",  # brackets: urlsplit's IPv6 host, a ValueError
        "https://[::1/a.jpg",
        "https://acme.example/a\x1b[31m.jpg",
        "https://acme.example/\u202ea.jpg",
        "https://acme\u200b.example/a.jpg",
    ],
)
@pytest.mark.parametrize("field", ["link", "image_url"])
def test_an_address_with_brackets_or_controls_is_refused(store, brand, address, field):
    with pytest.raises(UserError, match="must be a web address"):
        make(store, brand, **{field: address})
    assert list_posts(store) == []


@pytest.mark.parametrize(
    ("field", "size"), [("title", 10_000), ("body", 100_000), ("campaign", 5_000)]
)
def test_a_huge_title_body_or_campaign_is_refused(store, brand, field, size):
    with pytest.raises(UserError, match=rf"at most .* characters, {field}$"):
        make(store, brand, **{field: "я" * size})
    assert list_posts(store) == []
    make(store, brand, **{field: "я" * 200})  # a long one is fine
