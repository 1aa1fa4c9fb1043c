"""Where a post cannot go (a Facebook group), and a published post deleted on the platform
afterwards: the next syncs neither fail nor publish it again, and its comments stay linked."""

import pytest

from smmdesk.calendar.posts import get_post
from smmdesk.errors import UserError
from smmdesk.store import links
from smmdesk.store import publications as pub
from smmdesk.store.brands import add_channel
from smmdesk.sync import publish
from smmdesk.timeutil import utc_now
from tests.sync.test_publish import IMAGE, comment_post, forward_of, run, schedule

# --- a Facebook group: the Page API cannot post there --------------------------------------


def test_a_facebook_group_channel_says_why_in_one_line_and_never_reaches_the_feed(
    store, brand, fb, fb_fake
):
    add_channel(store, brand, "Acme group", "facebook", kind="group")
    group_post = schedule(store, brand, channel="Acme group")
    page_post = schedule(store, brand, channel="Facebook page", title="On the page")
    items = {item.post.id: item for item in publish.due(store)}
    assert items[page_post.id].account is not None
    blocked = items[group_post.id]
    assert blocked.account is None and "\n" not in blocked.blocked
    assert "'Acme group' is a group" in blocked.blocked and "Groups API" in blocked.blocked
    with pytest.raises(UserError, match="Groups API"):
        publish.wanted(store, group_post.id)

    report = run(store, fb, publishing=publish.Options(late=True))
    assert report.exit_status == 0, report.results[0].error
    [sent] = fb_fake.app.published  # the page's post only
    assert sent["message"] == "New shoes are out!" and pub.of_post(store, group_post.id) is None
    assert get_post(store, group_post.id).status == "scheduled"
    asked = publish.Options(only=frozenset({group_post.id}))  # P, or `publish --post`
    refused = run(store, fb, send=False, pull=False, publishing=asked)
    assert refused.exit_status == 2 and "Groups API" in str(refused.results[0].error)
    assert len(fb_fake.calls("/feed", "POST")) == 1

    shown = publish.board(store, [get_post(store, group_post.id)])
    said = shown.of(get_post(store, group_post.id), group_post.scheduled_at, utc_now())
    assert said.state == "by hand" and "Groups API" in said.detail


def test_a_group_with_no_account_still_asks_for_one_first(store, brand):
    add_channel(store, brand, "Acme group", "facebook", kind="group")
    schedule(store, brand, channel="Acme group")
    [item] = publish.due(store)
    assert "no facebook account" in item.blocked


# --- deleted on the platform afterwards -------------------------------------------------------


def assert_still_published(store, post, remote_id, comment_id):
    publication = pub.of_post(store, post.id)
    assert publication.state == "published" and publication.remote_id == remote_id
    assert get_post(store, post.id).status == "published"
    assert publish.due(store) == []
    assert links.post_of_comment(store, comment_id)["goal_slug"] == "sales"


def shown(store, post):
    now = get_post(store, post.id)
    return publish.board(store, [now]).of(now, now.scheduled_at, utc_now())


def assert_seen_gone(store, post, reports, platform):
    """The first sync after the deletion says it once; the calendar says gone."""
    first, second = (r.results[0].warnings for r in reports)
    [line] = [w for w in first if "was deleted on" in w]
    assert f"post {post.id} was deleted on {platform}" in line and "not published again" in line
    assert not [w for w in second if "was deleted on" in w]
    assert pub.of_post(store, post.id).gone_at is not None
    said = shown(store, post)
    assert said.state == "gone" and said.url is None
    assert "deleted on the platform" in said.detail and "never published again" in said.detail


def test_a_telegram_post_deleted_in_the_channel_is_not_sent_again(store, brand, tg, fake_telegram):
    post = schedule(store, brand, image_url=IMAGE)
    run(store, tg)
    [sent] = fake_telegram.app.published
    fake_telegram.app.comment("Nice photo", forward_of(fake_telegram.app, sent["message_id"]))
    run(store, tg)
    comment_id, linked = comment_post(store, "Nice photo")
    assert linked == post.id
    fake_telegram.app.delete_channel_post(sent["message_id"])  # a bot hears nothing of it
    for _ in range(2):
        report = run(store, tg, publishing=publish.Options(late=True))
        assert report.exit_status == 0, report.results[0].error
    assert len(fake_telegram.calls("/sendPhoto")) == 1
    assert_still_published(store, post, pub.of_post(store, post.id).remote_id, comment_id)
    assert pub.of_post(store, post.id).gone_at is None  # it cannot look: still published
    assert shown(store, post).state == "published"


def test_a_facebook_post_deleted_on_the_page_is_not_posted_again(store, brand, fb, fb_fake):
    post = schedule(store, brand, channel="Facebook page")
    run(store, fb)
    remote = pub.of_post(store, post.id).remote_id
    fb_fake.app.comment(remote, "Do you ship to Kyiv?")
    run(store, fb)
    comment_id, linked = comment_post(store, "Do you ship to Kyiv?")
    assert linked == post.id
    fb_fake.app.delete(remote)
    reports = [run(store, fb, publishing=publish.Options(late=True)) for _ in range(2)]
    for report in reports:
        assert report.exit_status == 0, report.results[0].error
    assert len(fb_fake.calls("/feed", "POST")) == 1
    assert_seen_gone(store, post, reports, "facebook")
    assert_still_published(store, post, remote, comment_id)


def test_an_instagram_media_deleted_on_the_account_is_not_published_again(
    store, brand, ig, ig_fake
):
    post = schedule(store, brand, channel="Instagram page", image_url=IMAGE)
    run(store, ig)
    media = pub.of_post(store, post.id).remote_id
    ig_fake.app.comment(media, "Size 38?")
    run(store, ig)
    comment_id, linked = comment_post(store, "Size 38?")
    assert linked == post.id
    ig_fake.app.delete(media)
    reports = [run(store, ig, publishing=publish.Options(late=True)) for _ in range(2)]
    for report in reports:
        assert report.exit_status == 0, report.results[0].error
    assert len(ig_fake.calls("/media_publish", "POST")) == 1
    assert_seen_gone(store, post, reports, "instagram")
    assert_still_published(store, post, media, comment_id)


def test_a_token_that_cannot_read_the_page_calls_nothing_gone(store, brand, fb, fb_fake):
    post = schedule(store, brand, channel="Facebook page")
    run(store, fb)
    fb_fake.app.page_id = "somebody-else"  # the Page no longer reads with this token
    fb_fake.app.delete(pub.of_post(store, post.id).remote_id)
    run(store, fb)
    assert pub.of_post(store, post.id).gone_at is None and shown(store, post).state == "published"


def test_each_sync_asks_after_its_recent_posts_in_one_call(store, brand, fb, fb_fake):
    posts = [schedule(store, brand, channel="Facebook page", title=f"Post {n}") for n in range(3)]
    run(store, fb)
    assert all(pub.of_post(store, p.id).state == "published" for p in posts)

    def looks():
        return [r for r in fb_fake.calls("/", "POST") if "?fields=id" in r.form.get("batch", "")]

    before = len(looks())
    fb_fake.app.delete(pub.of_post(store, posts[1].id).remote_id)
    run(store, fb)
    [look] = looks()[before:]
    assert look.form["batch"].count("fields=id") == 4  # the Page, then its three posts
    assert [pub.of_post(store, p.id).gone_at is not None for p in posts] == [False, True, False]
