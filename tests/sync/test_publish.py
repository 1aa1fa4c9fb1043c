"""Publishing against the fakes: due posts go out once, never twice, and their comments link."""

from datetime import timedelta

import pytest

from smmdesk.calendar.posts import create_post, get_post
from smmdesk.errors import UserError
from smmdesk.store import accounts as a
from smmdesk.store import links
from smmdesk.store import publications as pub
from smmdesk.store.brands import add_channel
from smmdesk.sync import engine, publish
from smmdesk.timeutil import utc_now
from tests.fakes import graph

CHANNEL = "1111111111"  # the fake's channel, as stored ids name it (without -100)
LINK = "https://acme.example/shoes"
IMAGE = "https://acme.example/shoes.jpg"


def run(store, account, **options):
    chosen = [a.get_account(store, account.name)]
    return engine.sync(store, chosen, sleep=lambda s: None, **options)


def schedule(store, brand, channel="Telegram channel", ago=timedelta(minutes=10), **fields):
    values = {
        "title": "Shoes are out",
        "body": "New shoes are out!",
        "goal": "sales",
        "channel": channel,
        "when": utc_now() - ago,
        "status": "scheduled",
        "link": LINK,
        **fields,
    }
    return create_post(store, brand, **values)


def state(store, post_id):
    found = pub.of_post(store, post_id)
    return found.state if found else None


def comment_post(store, text):
    row = store.conn.execute("SELECT id, post_id FROM comments WHERE text = ?", (text,))
    comment_id, post_id = row.fetchone()
    return comment_id, post_id


# --- Telegram ---------------------------------------------------------------


def forward_of(app, channel_post):
    return next(f for f, c in app.channel_posts.items() if c == channel_post)


def test_a_due_post_goes_to_the_channel_once_and_its_comments_link_to_it(
    store, brand, tg, fake_telegram
):
    post = schedule(store, brand)
    report = run(store, tg)
    assert report.exit_status == 0, report.results[0].error
    [sent] = fake_telegram.app.published
    assert sent["text"].startswith("New shoes are out!\n\nhttps://acme.example/shoes?utm_source=")
    assert "utm_campaign=sales" in sent["text"]
    done = get_post(store, post.id)
    assert done.status == "published" and done.scheduled_at >= post.scheduled_at
    publication = pub.of_post(store, post.id)
    assert publication.state == "published"
    assert publication.remote_id == f"{CHANNEL}/{sent['message_id']}"
    assert publication.url == f"https://t.me/acme/{sent['message_id']}"
    assert links.link_by_external_id(store, brand.id, "telegram", publication.remote_id)
    assert report.results[0].published and "1 published" in report.results[0].line()

    again = run(store, tg)
    assert again.exit_status == 0 and len(fake_telegram.app.published) == 1

    forward = forward_of(fake_telegram.app, sent["message_id"])
    fake_telegram.app.comment("Love them, what sizes?", forward)
    run(store, tg)
    comment_id, linked = comment_post(store, "Love them, what sizes?")
    assert linked == post.id
    assert links.post_of_comment(store, comment_id)["goal_slug"] == "sales"


def test_an_answer_lost_after_the_post_went_out_is_never_published_twice(
    store, brand, tg, fake_telegram
):
    post = schedule(store, brand)
    fake_telegram.fail("sendMessage", kind="lose")  # done, the answer lost on the way back
    report = run(store, tg)
    assert report.exit_status == 3
    assert state(store, post.id) == "publishing"
    assert len(fake_telegram.app.published) == 1
    second = run(store, tg)  # a bot cannot look: the user settles it
    assert state(store, post.id) == "unsure"
    assert "publish --done" in pub.of_post(store, post.id).error
    assert any("unsure" in line for line in second.results[0].failed)
    run(store, tg)
    assert len(fake_telegram.app.published) == 1
    assert publish.due(store) == []
    publish.mark_done(store, post.id)
    assert get_post(store, post.id).status == "published"


def test_a_rate_limit_keeps_the_post_due_and_the_next_sync_publishes_it(
    store, brand, tg, fake_telegram
):
    post = schedule(store, brand)
    limited = {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 5",
        "parameters": {"retry_after": 5},
    }
    fake_telegram.fail("sendMessage", status=429, body=limited)
    report = run(store, tg)
    assert report.exit_status == 3 and "wait 5 s" in str(report.results[0].error)
    assert state(store, post.id) is None and get_post(store, post.id).status == "scheduled"
    assert [d.post.id for d in publish.due(store)] == [post.id]
    assert fake_telegram.app.published == []
    assert run(store, tg).exit_status == 0
    assert len(fake_telegram.app.published) == 1 and state(store, post.id) == "published"


def test_a_bot_that_may_not_post_in_the_channel_is_one_line_and_the_post_stays_due(
    store, brand, tg, fake_telegram
):
    post = schedule(store, brand)
    fake_telegram.app.channel_admin = False
    report = run(store, tg)
    assert report.exit_status == 2
    message = str(report.results[0].error)
    assert "admin of the channel allowed to post" in message and "\n" not in message
    assert state(store, post.id) is None and publish.due(store)[0].post.id == post.id


def test_a_late_post_waits_for_a_yes(store, brand, tg, fake_telegram):
    post = schedule(store, brand, ago=timedelta(hours=3))
    report = run(store, tg)
    assert report.exit_status == 0 and fake_telegram.app.published == []
    [line] = report.results[0].late
    assert f"publish --post {post.id}" in line and "late" in line
    assert publish.due(store)[0].late
    run(store, tg, publishing=publish.Options(late=True))
    assert len(fake_telegram.app.published) == 1 and state(store, post.id) == "published"


def test_a_post_asked_for_goes_out_now_even_before_its_time(store, brand, tg, fake_telegram):
    post = schedule(store, brand, ago=-timedelta(days=2))
    assert publish.due(store) == []
    run(store, tg, send=False, pull=False, publishing=publish.Options(only=frozenset({post.id})))
    assert len(fake_telegram.app.published) == 1 and state(store, post.id) == "published"
    with pytest.raises(UserError, match="post [0-9]+ is published"):
        publish.wanted(store, post.id)


def test_drafts_and_cancelled_posts_never_publish(store, brand, tg, fake_telegram):
    draft = schedule(store, brand, status="draft")
    schedule(store, brand, status="cancelled", title="Called off")
    assert publish.due(store) == []
    assert run(store, tg, publishing=publish.Options(late=True)).exit_status == 0
    assert fake_telegram.app.published == []
    with pytest.raises(UserError, match="draft, not scheduled; schedule it first"):
        publish.wanted(store, draft.id)


def test_each_occurrence_of_a_series_publishes_once(store, brand, tg, fake_telegram):
    series = schedule(store, brand, ago=timedelta(days=2, minutes=10), rrule="FREQ=DAILY", tz="UTC")
    report = run(store, tg)
    assert len(fake_telegram.app.published) == 1  # today's; the two before are late
    assert len(report.results[0].late) == 2
    run(store, tg)
    assert len(fake_telegram.app.published) == 1
    run(store, tg, publishing=publish.Options(late=True))
    assert len(fake_telegram.app.published) == 3
    run(store, tg, publishing=publish.Options(late=True))
    assert len(fake_telegram.app.published) == 3
    occurrences = store.conn.execute(
        "SELECT count(*) FROM posts WHERE series_id = ? AND status = 'published'", (series.id,)
    ).fetchone()[0]
    assert occurrences == 3 and len(get_post(store, series.id).exdates) == 3
    assert get_post(store, series.id).status == "scheduled"


def test_youtube_says_it_has_no_publishing_api(store, brand):
    add_channel(store, brand, "YouTube", "youtube")
    post = schedule(store, brand, channel="YouTube")
    [item] = publish.due(store)
    assert item.account is None and "no publishing API" in item.blocked
    with pytest.raises(UserError, match="no publishing API"):
        publish.wanted(store, post.id)


def test_a_post_on_a_channel_without_an_account_names_what_to_connect(store, brand):
    add_channel(store, brand, "Telegram channel", "telegram")
    schedule(store, brand)
    [item] = publish.due(store)
    assert "no telegram account with --channel" in item.blocked


# --- Facebook ---------------------------------------------------------------


def test_a_due_post_goes_to_the_page_feed_once_and_its_comments_link_to_it(
    store, brand, fb, fb_fake
):
    post = schedule(store, brand, channel="Facebook page")
    report = run(store, fb)
    assert report.exit_status == 0, report.results[0].error
    [sent] = fb_fake.app.published
    assert sent["message"] == "New shoes are out!"
    assert sent["link"].startswith(LINK + "?utm_source=facebook-page&utm_medium=social")
    publication = pub.of_post(store, post.id)
    assert publication.state == "published" and publication.remote_id in fb_fake.app.nodes
    assert publication.remote_id.startswith(graph.PAGE_ID + "_")
    assert run(store, fb).exit_status == 0 and len(fb_fake.app.published) == 1
    fb_fake.app.comment(publication.remote_id, "Do you ship to Lviv?")
    run(store, fb)
    comment_id, linked = comment_post(store, "Do you ship to Lviv?")
    assert linked == post.id
    assert links.post_of_comment(store, comment_id)["goal_slug"] == "sales"


def test_a_lost_answer_is_found_on_the_page_and_not_posted_again(store, brand, fb, fb_fake):
    post = schedule(store, brand, channel="Facebook page")
    fb_fake.fail("/feed", kind="lose")
    assert run(store, fb).exit_status == 3
    assert state(store, post.id) == "publishing" and len(fb_fake.app.published) == 1
    report = run(store, fb)
    assert report.exit_status == 0, report.results[0].error
    assert state(store, post.id) == "published"
    assert len(fb_fake.calls("/feed", "POST")) == 1
    assert pub.of_post(store, post.id).remote_id in fb_fake.app.nodes


def test_a_dropped_call_that_never_posted_is_published_once_next_time(store, brand, fb, fb_fake):
    post = schedule(store, brand, channel="Facebook page")
    fb_fake.fail("/feed", kind="drop")  # the connection went before the server acted
    assert run(store, fb).exit_status == 3
    assert run(store, fb).exit_status == 0
    assert len(fb_fake.app.published) == 1 and state(store, post.id) == "published"


def test_a_token_without_pages_manage_posts_is_one_line(store, brand, fb, fb_fake):
    fb_fake.app.scopes = graph.SCOPES
    post = schedule(store, brand, channel="Facebook page")
    report = run(store, fb)
    assert report.exit_status == 2
    message = str(report.results[0].error)
    assert "pages_manage_posts" in message and "\n" not in message
    assert graph.TOKEN not in message
    assert state(store, post.id) is None and fb_fake.app.published == []


# --- Instagram --------------------------------------------------------------


def test_a_due_instagram_post_is_published_once_and_its_comments_link_to_it(
    store, brand, ig, ig_fake
):
    post = schedule(store, brand, channel="Instagram page", image_url=IMAGE)
    report = run(store, ig)
    assert report.exit_status == 0, report.results[0].error
    [container] = ig_fake.app.containers.values()
    assert container["image_url"] == IMAGE
    caption = container["caption"]
    assert caption.startswith("New shoes are out!\n\n" + LINK + "?utm_source=instagram-page")
    [media] = ig_fake.app.media_published
    publication = pub.of_post(store, post.id)
    assert publication.state == "published" and publication.remote_id == media
    assert publication.url == ig_fake.app._media_shape(ig_fake.app.nodes[media])["permalink"]
    assert get_post(store, post.id).status == "published"
    assert links.link_by_external_id(store, brand.id, "instagram", media)
    assert run(store, ig).exit_status == 0
    assert len(ig_fake.app.media_published) == 1 and len(ig_fake.calls("/media_publish")) == 1
    ig_fake.app.comment(media, "Is there a size 38?")
    run(store, ig)
    comment_id, linked = comment_post(store, "Is there a size 38?")
    assert linked == post.id
    assert links.post_of_comment(store, comment_id)["goal_slug"] == "sales"


def test_a_lost_media_publish_answer_is_found_and_never_published_twice(store, brand, ig, ig_fake):
    post = schedule(store, brand, channel="Instagram page", image_url=IMAGE)
    ig_fake.fail("/media_publish", kind="lose")
    assert run(store, ig).exit_status == 3
    assert state(store, post.id) == "publishing" and len(ig_fake.app.media_published) == 1
    report = run(store, ig)
    assert report.exit_status == 0, report.results[0].error
    assert state(store, post.id) == "published"
    assert pub.of_post(store, post.id).remote_id == ig_fake.app.media_published[0]
    run(store, ig, publishing=publish.Options(late=True))
    assert len(ig_fake.calls("/media_publish", "POST")) == 1
    assert len(ig_fake.app.media_published) == 1 and publish.due(store) == []


def test_an_older_media_with_the_same_caption_is_not_taken_for_ours(store, brand, ig, ig_fake):
    post = schedule(store, brand, channel="Instagram page", image_url=IMAGE)
    caption = publish.outpost(post).text + "\n\n" + publish.outpost(post).link
    ig_fake.app.media(caption, ago=3 * 3600)  # the same words, published hours before
    ig_fake.fail("/media_publish", kind="drop")  # the connection went before the server acted
    assert run(store, ig).exit_status == 3
    assert run(store, ig).exit_status == 0
    assert len(ig_fake.app.media_published) == 1
    assert pub.of_post(store, post.id).remote_id == ig_fake.app.media_published[0]


def test_scheduling_an_instagram_post_without_an_image_is_refused(store, brand):
    with pytest.raises(UserError) as refused:
        schedule(store, brand, channel="Instagram page")
    assert "needs an image" in str(refused.value) and "\n" not in str(refused.value)
    draft = schedule(store, brand, channel="Instagram page", status="draft")  # a draft may wait
    from dataclasses import replace

    from smmdesk.calendar.posts import draft_of, edit_post

    with pytest.raises(UserError, match="needs an image"):
        edit_post(store, draft.id, replace(draft_of(draft), status="scheduled"))
    done = edit_post(store, draft.id, replace(draft_of(draft), status="scheduled", image_url=IMAGE))
    assert done.status == "scheduled" and done.image_url == IMAGE
    with pytest.raises(UserError, match="image must be a web address starting with https://"):
        schedule(store, brand, channel="Instagram page", image_url="http://acme.example/a.jpg")
    with pytest.raises(UserError, match="at most 2000 characters"):
        schedule(store, brand, channel="Instagram page", image_url=IMAGE + "?" + "x" * 2000)


def test_an_instagram_post_from_before_images_is_listed_with_why(store, brand, ig, ig_fake):
    post = schedule(store, brand, channel="Instagram page", image_url=IMAGE)
    store.conn.execute("UPDATE posts SET image_url = NULL WHERE id = ?", (post.id,))
    [item] = publish.due(store)
    assert item.account is None and "has no image" in item.blocked
    assert f"post edit {post.id} --image" in item.blocked
    assert run(store, ig).exit_status == 0 and ig_fake.app.containers == {}
    with pytest.raises(UserError, match="has no image"):
        publish.wanted(store, post.id)


def test_a_photo_instagram_cannot_fetch_fails_alone_and_is_never_published(
    store, brand, ig, ig_fake
):
    post = schedule(store, brand, channel="Instagram page", image_url=IMAGE)
    unfetchable = graph.error_body(
        100, "Only photo or video can be accepted as media type.", 2207052, kind="x"
    )
    ig_fake.fail(f"{graph.IG_USER_ID}/media", status=400, body=unfetchable)
    report = run(store, ig)
    assert report.exit_status == 0, report.results[0].error
    assert state(store, post.id) == "failed" and ig_fake.app.media_published == []
    assert "refused the photo" in pub.of_post(store, post.id).error
    assert ig_fake.calls("/media_publish") == []


def test_a_token_without_instagram_content_publish_is_one_line(store, brand, ig, ig_fake):
    ig_fake.app.scopes = graph.SCOPES
    post = schedule(store, brand, channel="Instagram page", image_url=IMAGE)
    report = run(store, ig)
    assert report.exit_status == 2
    message = str(report.results[0].error)
    assert "instagram_content_publish" in message and "\n" not in message
    assert graph.TOKEN not in message
    assert state(store, post.id) is None and ig_fake.app.media_published == []
    assert [d.post.id for d in publish.due(store)] == [post.id]


# --- the calendar's states (Board) -------------------------------------------


def test_the_board_says_each_posts_way_out_from_one_read(store, brand, tg, fake_telegram):
    from smmdesk.calendar.posts import create_post as make

    now = utc_now()
    ahead = schedule(store, brand, ago=timedelta(minutes=-30))
    due_now = schedule(store, brand, ago=timedelta(minutes=5))
    late = schedule(store, brand, ago=timedelta(hours=3))
    draft = schedule(store, brand, status="draft")
    by_hand = schedule(store, brand, channel="Instagram page", image_url=IMAGE)
    series = make(
        store,
        brand,
        title="Weekly",
        goal="sales",
        channel="Telegram channel",
        when=now - timedelta(days=20),
        status="scheduled",
        rrule="FREQ=WEEKLY",
    )
    run(store, tg, publishing=publish.Options(only=frozenset({due_now.id})))
    posts = [get_post(store, p.id) for p in (ahead, due_now, late, draft, by_hand, series)]
    board = publish.board(store, posts)
    states = {p.id: board.of(p, p.scheduled_at, now) for p in posts}
    assert states[ahead.id].state == "scheduled"
    assert "via acme-telegram" in states[ahead.id].detail
    published = states[due_now.id]
    assert published.state == "published" and published.url.startswith("https://t.me/acme/")
    assert states[late.id].state == "late" and "past the 2 h grace" in states[late.id].detail
    assert states[draft.id].state == "draft"
    assert states[by_hand.id].state == "by hand"
    assert "instagram" in states[by_hand.id].detail.lower()
    assert board.of(posts[-1], now - timedelta(days=20), now).state == "missed"
    assert board.of(posts[-1], now - timedelta(days=6), now).state == "late"
    store.overrides[publish.GRACE_SETTING] = "600"
    assert publish.board(store, posts).of(posts[2], posts[2].scheduled_at, now).state == "due"
