"""The calendar feed in the app: a post edited in the Calendar rewrites ``[calendar] feed``.

The app's write queue (``tui/writes.py``) refreshes the feed after every write, as
``cli.main`` does after every command (``tests/calendar/test_feed.py``)."""

import asyncio

import icalendar

from smmdesk.calendar.posts import get_post
from smmdesk.config import load
from smmdesk.tui.app import SmmdeskApp
from smmdesk.tui.calendar.post_form import PostForm
from tests.tui.helpers import SIZE, settle
from tests.tui.test_calendar import calendar, open_calendar, select_single_post


def events(path):
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(event["UID"]): event for event in cal.walk("VEVENT")}


def test_a_post_edited_in_the_calendar_rewrites_the_feed(demo_store, tmp_path):
    feed = tmp_path / "calendars" / "smmdesk.ics"
    feed.parent.mkdir()
    config_file = tmp_path / "config.toml"
    config_file.write_text(
        f'[calendar]\nfeed = "{feed}"\nfeed_alarm_minutes = 20\n', encoding="utf-8"
    )
    config = load(config_file)

    async def scenario(app, pilot):
        await open_calendar(pilot)
        item = await select_single_post(pilot, calendar(app))
        assert not feed.exists()  # opening the app and looking change nothing
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PostForm)
        await pilot.press("ctrl+a", "ctrl+k", *"Sour espresso? Grind finer", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, PostForm)
        return item.post

    async def main():
        app = SmmdeskApp(demo_store, config)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            return await scenario(app, pilot)

    before = asyncio.run(main())
    assert get_post(demo_store, before.id).title == "Sour espresso? Grind finer"
    written = events(feed)
    (uid,) = (uid for uid in written if uid.startswith(f"post-{before.id}@"))
    event = written[uid]
    assert str(event["SUMMARY"]).endswith(": Sour espresso? Grind finer")
    assert event["SEQUENCE"] == 1  # raised by the edit: subscribers replace the event
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER").total_seconds() == -20 * 60
    # Every post of the desk is in the feed, not only the edited one.
    posts = demo_store.conn.execute("SELECT count(*) FROM posts").fetchone()[0]
    assert len(written) >= posts
