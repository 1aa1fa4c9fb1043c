"""Publishing in the calendar, against the fake Telegram Bot API over real HTTP on 127.0.0.1:
each post's state in its detail and agenda lines, P publishes the selected post once (after a
yes), a late post says so and waits, a draft is refused with one line, S refreshes the calendar."""

import time
from datetime import timedelta

import pytest

from smmdesk.calendar.posts import create_post, get_post
from smmdesk.config import Config
from smmdesk.store import publications as pub
from smmdesk.store.brands import add_channel
from smmdesk.timeutil import utc_now
from smmdesk.tui.widgets.modals import ConfirmScreen
from tests.tui.helpers import eventually, screen_text, settle
from tests.tui.test_sync import account, fake, run, sync, synced, toasts  # noqa: F401

LINK = "https://acme.example/shoes"


@pytest.fixture
def channel(store, brand, fake):  # noqa: F811
    fake.app.clock = int(time.time())
    add_channel(store, brand, "Telegram channel", "telegram")


def schedule(store, brand, ago=timedelta(minutes=10), **fields):
    values = {
        "title": "Shoes are out",
        "body": "New shoes are out!",
        "goal": "sales",
        "channel": "Telegram channel",
        "when": utc_now() - ago,
        "status": "scheduled",
        "link": LINK,
        **fields,
    }
    return create_post(store, brand, **values)


def calendar(app):
    return app.query_one("#calendar")


async def show(pilot, post):
    """The calendar, on the post's day, the post selected."""
    await pilot.press("f2")
    await settle(pilot)
    view = calendar(pilot.app)
    view.select(post.scheduled_at.astimezone(view.zone).date(), post.id)
    await settle(pilot)
    assert view.current().post.id == post.id
    return view


def detail(app) -> str:
    return str(app.query_one("#cal-status").render())


async def publish_now(pilot, answer="y"):
    await pilot.press("P")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ConfirmScreen)
    await pilot.press(answer)
    await synced(pilot)


def test_P_publishes_the_post_once_and_the_calendar_shows_it_published_with_its_link(
    store,
    brand,
    account,  # noqa: F811
    fake,  # noqa: F811
    channel,
):
    post = schedule(store, brand, ago=timedelta(minutes=-30))  # in half an hour

    async def scenario(app, pilot):
        await show(pilot, post)
        assert "scheduled — P publishes it now · goes out at its time via acme-telegram" in (
            detail(app)
        )
        await pilot.press("P")
        await settle(pilot)
        question = str(app.screen.query_one(".dialog-title").render())
        assert "Publish “Shoes are out” now on Telegram channel through acme-telegram?" in question
        assert "it goes out now instead" in question
        await pilot.press("n")  # no: nothing goes out
        await settle(pilot)
        assert not fake.app.published
        await publish_now(pilot)
        [sent] = fake.app.published
        assert sent["text"].startswith("New shoes are out!")
        url = f"https://t.me/acme/{sent['message_id']}"
        assert toasts(app)[-1] == f"“Shoes are out” published on acme-telegram: {url}"
        assert get_post(store, post.id).status == "published"
        await eventually(pilot, lambda: url in detail(app))
        assert f"published {url} · " in detail(app) and detail(app).endswith(" via acme-telegram")

        await pilot.press("3")  # the agenda line says it too
        await settle(pilot)
        assert f"published {url}" in screen_text(app)

        await pilot.press("P")  # never twice: the domain's one line, no question
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert toasts(app)[-1] == f"post {post.id} is published, not scheduled, post id"
        assert len(fake.app.published) == 1

    run(store, scenario)


def test_a_late_post_shows_late_S_leaves_it_and_P_publishes_it(
    store,
    brand,
    account,  # noqa: F811
    fake,  # noqa: F811
    channel,
):
    post = schedule(store, brand, ago=timedelta(hours=3))

    async def scenario(app, pilot):
        await show(pilot, post)
        assert "late — P publishes it now · due " in detail(app)
        assert "past the 2 h grace: waits for a yes" in detail(app)
        await sync(pilot)
        assert not fake.app.published  # late: it waits for a yes
        assert "late — P publishes it now" in detail(app)
        await pilot.press("P")
        await settle(pilot)
        assert "It is late: it was due " in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("y")
        await synced(pilot)
        assert len(fake.app.published) == 1
        await eventually(pilot, lambda: "published https://t.me/acme/" in detail(app))

    run(store, scenario)


def test_the_grace_of_config_toml_decides_what_is_late(
    store,
    brand,
    account,  # noqa: F811
    fake,  # noqa: F811
    channel,
):
    post = schedule(store, brand, ago=timedelta(hours=3))

    async def scenario(app, pilot):
        await show(pilot, post)
        assert "due — S syncs now · the next sync publishes it via acme-telegram" in detail(app)
        await sync(pilot)  # within the grace: S publishes it
        assert len(fake.app.published) == 1
        await eventually(pilot, lambda: "published https://t.me/acme/" in detail(app))

    run(store, scenario, config=Config(publish_grace_minutes=240))


def test_S_publishes_a_due_post_and_the_calendar_shows_it(
    store,
    brand,
    account,  # noqa: F811
    fake,  # noqa: F811
    channel,
):
    post = schedule(store, brand)
    schedule(store, brand, ago=timedelta(minutes=3), title="A draft after it", status="draft")

    async def scenario(app, pilot):
        view = await show(pilot, post)
        assert "due — S syncs now" in detail(app)
        await sync(pilot)
        [sent] = fake.app.published
        url = f"https://t.me/acme/{sent['message_id']}"
        assert any(
            "1 published" in told and "'Shoes are out' published" in told for told in toasts(app)
        )
        # Its time is the real one now (after the draft's): the same post stays selected.
        await eventually(pilot, lambda: url in detail(app))
        assert view.current().post.id == post.id

    run(store, scenario)


def test_a_post_published_before_its_day_is_followed_to_today(
    store,
    brand,
    account,  # noqa: F811
    fake,  # noqa: F811
    channel,
):
    post = schedule(store, brand, ago=timedelta(days=-2))

    async def scenario(app, pilot):
        view = await show(pilot, post)
        assert view.day != view.today()
        await publish_now(pilot)
        assert len(fake.app.published) == 1
        await eventually(pilot, lambda: view.day == view.today())
        assert view.current().post.id == post.id and "published https://t.me/" in detail(app)

    run(store, scenario)


def test_P_on_a_draft_is_refused_with_one_line_and_nothing_goes_out(
    store,
    brand,
    account,  # noqa: F811
    fake,  # noqa: F811
    channel,
):
    post = schedule(store, brand, status="draft")

    async def scenario(app, pilot):
        await show(pilot, post)
        assert "draft · never published" in detail(app)
        await pilot.press("P")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert toasts(app)[-1] == (
            f"post {post.id} is draft, not scheduled; schedule it first, post id"
        )
        assert not fake.app.published and pub.of_post(store, post.id) is None

    run(store, scenario)
