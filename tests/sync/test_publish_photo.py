"""A Telegram post with an image: one sendPhoto with its caption, never twice; a caption longer
than Telegram takes is refused when the post is scheduled."""

from dataclasses import replace

import pytest

from smmdesk.calendar.posts import TELEGRAM_CAPTION_MAX, draft_of, edit_post, get_post
from smmdesk.errors import UserError
from smmdesk.store import links
from smmdesk.store import publications as pub
from smmdesk.sync import publish
from tests.sync.test_publish import CHANNEL, IMAGE, LINK, comment_post, forward_of, run, schedule


def test_a_post_with_an_image_goes_out_as_one_photo_with_its_caption(
    store, brand, tg, fake_telegram
):
    post = schedule(store, brand, image_url=IMAGE)
    report = run(store, tg)
    assert report.exit_status == 0, report.results[0].error
    [call] = fake_telegram.calls("/sendPhoto")
    assert call.param("photo") == IMAGE
    assert fake_telegram.calls("/sendMessage") == []  # one call, not a photo and a message
    [sent] = fake_telegram.app.published
    assert sent["photo"] and "text" not in sent
    assert sent["caption"].startswith("New shoes are out!\n\n" + LINK + "?utm_source=")
    publication = pub.of_post(store, post.id)
    assert publication.state == "published"
    assert publication.remote_id == f"{CHANNEL}/{sent['message_id']}"
    assert publication.url == f"https://t.me/acme/{sent['message_id']}"
    assert get_post(store, post.id).status == "published"

    assert run(store, tg).exit_status == 0 and len(fake_telegram.calls("/sendPhoto")) == 1
    fake_telegram.app.comment("Which colours?", forward_of(fake_telegram.app, sent["message_id"]))
    run(store, tg)
    comment_id, linked = comment_post(store, "Which colours?")
    assert linked == post.id
    assert links.post_of_comment(store, comment_id)["goal_slug"] == "sales"


def test_a_photo_whose_answer_was_lost_is_never_sent_twice(store, brand, tg, fake_telegram):
    post = schedule(store, brand, image_url=IMAGE)
    fake_telegram.fail("sendPhoto", kind="lose")  # posted, the answer lost on the way back
    assert run(store, tg).exit_status == 3
    run(store, tg)
    assert pub.of_post(store, post.id).state == "unsure"
    run(store, tg, publishing=publish.Options(late=True))
    assert len(fake_telegram.app.published) == 1 and len(fake_telegram.calls("/sendPhoto")) == 1


def test_a_photo_telegram_cannot_fetch_fails_alone_with_the_reason(store, brand, tg, fake_telegram):
    photo = schedule(store, brand, image_url=IMAGE)
    text = schedule(store, brand, title="Words only")
    fake_telegram.app.photo_fetchable = False
    report = run(store, tg)
    assert report.exit_status == 0, report.results[0].error
    failed = pub.of_post(store, photo.id)
    assert failed.state == "failed" and "failed to get HTTP URL content" in failed.error
    assert pub.of_post(store, text.id).state == "published"
    assert [m["text"][:10] for m in fake_telegram.app.published] == ["New shoes "]
    fake_telegram.app.photo_fetchable = True
    publish.retry(store, photo.id)
    assert run(store, tg).exit_status == 0
    assert pub.of_post(store, photo.id).state == "published"
    assert len(fake_telegram.app.published) == 2


def long_body(extra=0):
    return "x" * (TELEGRAM_CAPTION_MAX - 200 + extra)


def test_a_caption_longer_than_telegram_takes_is_refused_when_scheduled(store, brand, tg):
    with pytest.raises(UserError) as refused:
        schedule(store, brand, image_url=IMAGE, body=long_body(extra=200))
    message = str(refused.value)
    assert "at most 1024 characters" in message and "\n" not in message
    assert refused.value.where == "body"
    assert store.conn.execute("SELECT count(*) FROM posts").fetchone()[0] == 0
    draft = schedule(store, brand, image_url=IMAGE, body=long_body(extra=200), status="draft")
    with pytest.raises(UserError, match="at most 1024"):
        edit_post(store, draft.id, replace(draft_of(draft), status="scheduled"))
    fits = edit_post(store, draft.id, replace(draft_of(draft), status="scheduled", body="Short"))
    assert fits.status == "scheduled"
    text_only = schedule(store, brand, body=long_body(extra=200))  # a message holds 4096
    assert text_only.status == "scheduled"


def test_the_caption_counts_the_tracked_link_and_emoji_as_telegram_does(store, brand, tg):
    link_room = len(publish.outpost(schedule(store, brand, status="draft")).words) - len(
        "New shoes are out!"
    )
    body = "🙂" * ((TELEGRAM_CAPTION_MAX - link_room) // 2)  # two UTF-16 units each
    assert schedule(store, brand, image_url=IMAGE, body=body).status == "scheduled"
    with pytest.raises(UserError, match="at most 1024"):
        schedule(store, brand, image_url=IMAGE, body=body + "🙂")


def test_a_long_caption_from_before_the_rule_fails_alone_without_a_call(
    store, brand, tg, fake_telegram
):
    post = schedule(store, brand, image_url=IMAGE)
    store.conn.execute("UPDATE posts SET body = ? WHERE id = ?", (long_body(400), post.id))
    assert run(store, tg).exit_status == 0
    failed = pub.of_post(store, post.id)
    assert failed.state == "failed" and "at most 1024" in failed.error
    assert fake_telegram.calls("/sendPhoto") == [] and fake_telegram.app.published == []
