"""Settling a publication in the calendar, as `publish --retry` / `--done` do: R makes a failed
post due again (an unsure one after a yes: it may be out already), M marks an unsure one
published; each state says its keys, against the fake Telegram Bot API on 127.0.0.1."""

from datetime import timedelta

from smmdesk.calendar.posts import get_post
from smmdesk.store import publications as pub
from smmdesk.tui.widgets.modals import ConfirmScreen
from tests.tui.helpers import eventually, settle
from tests.tui.test_calendar_publish import channel, detail, publish_now, schedule, show  # noqa: F401
from tests.tui.test_sync import account, fake, run, sync, toasts  # noqa: F401

REFUSED = {"ok": False, "error_code": 400, "description": "Bad Request: message is too long"}


def state(store, post):
    found = pub.of_post(store, post.id)
    return found.state if found else None


async def press(pilot, key):
    await pilot.press(key)
    await settle(pilot)


def test_R_retries_a_failed_post_without_asking_and_S_publishes_it_once(
    store,
    brand,
    account,  # noqa: F811
    fake,  # noqa: F811
    channel,  # noqa: F811
):
    post = schedule(store, brand)
    fake.fail("sendMessage", status=400, body=REFUSED)

    async def scenario(app, pilot):
        await show(pilot, post)
        await publish_now(pilot)
        await eventually(pilot, lambda: "failed" in detail(app))
        assert (
            "failed — R tries again · Telegram refused the post (Bad Request: message is too"
            in (detail(app))
        )
        assert state(store, post) == "failed" and not fake.app.published
        await press(pilot, "M")  # nothing went out: not marked published
        assert "nothing went out; R tries again" in toasts(app)[-1]
        assert state(store, post) == "failed"
        await press(pilot, "R")
        assert not isinstance(app.screen, ConfirmScreen)  # refused: it cannot post twice
        await eventually(pilot, lambda: "due — S syncs now" in detail(app))
        assert toasts(app)[-1] == "“Shoes are out” is due again: S publishes it (P now)"
        assert state(store, post) is None
        await sync(pilot)
        assert len(fake.app.published) == 1 and state(store, post) == "published"
        await eventually(pilot, lambda: "published https://t.me/acme/" in detail(app))
        await press(pilot, "R")  # published: nothing to retry
        assert "is published: only a failed or unsure publication" in toasts(app)[-1]
        assert len(fake.app.published) == 1

    run(store, scenario)


def test_an_unsure_post_says_to_look_and_M_marks_it_published(
    store,
    brand,
    account,  # noqa: F811
    fake,  # noqa: F811
    channel,  # noqa: F811
):
    post = schedule(store, brand, ago=timedelta(minutes=5))
    fake.fail("sendMessage", kind="lose")  # posted, the answer lost: a bot cannot look

    async def scenario(app, pilot):
        await show(pilot, post)
        await publish_now(pilot)
        assert state(store, post) == "publishing" and len(fake.app.published) == 1
        await sync(pilot)  # the next run hands it to the user
        await eventually(pilot, lambda: "unsure" in detail(app))
        assert "unsure — look on the channel: M it is there, R it is not" in detail(app)
        await press(pilot, "R")
        assert isinstance(app.screen, ConfirmScreen)  # it may be out already: asked
        question = str(app.screen.query_one(".dialog-title").render())
        assert "may be there already: look first" in question
        await press(pilot, "n")
        assert state(store, post) == "unsure"
        await press(pilot, "M")
        await eventually(pilot, lambda: state(store, post) == "published")
        assert toasts(app)[-1] == "“Shoes are out” marked published"
        assert get_post(store, post.id).status == "published"
        await eventually(pilot, lambda: "\n published" in detail(app))
        await sync(pilot)
        assert len(fake.app.published) == 1

    run(store, scenario)


def test_R_and_yes_on_an_unsure_post_publishes_it_again_with_the_next_sync(
    store,
    brand,
    account,  # noqa: F811
    fake,  # noqa: F811
    channel,  # noqa: F811
):
    post = schedule(store, brand, ago=timedelta(minutes=5))
    fake.fail("sendMessage", kind="drop")  # the connection went before the server acted

    async def scenario(app, pilot):
        await show(pilot, post)
        await publish_now(pilot)
        await sync(pilot)
        await eventually(pilot, lambda: state(store, post) == "unsure")
        assert not fake.app.published  # not there: the user looked
        await press(pilot, "R")
        await press(pilot, "y")
        await eventually(pilot, lambda: state(store, post) is None)
        await sync(pilot)
        assert len(fake.app.published) == 1 and state(store, post) == "published"

    run(store, scenario)
