"""Every write of the app waits for a busy database the same way: a toast, a retry, no crash.

Another process (an import, the CLI, a second session) holds the write lock
(``BEGIN IMMEDIATE``); the key is pressed; the lock is released; the write
is then applied, in the order the keys were pressed.
"""

import asyncio
import sqlite3
from contextlib import contextmanager
from datetime import timedelta

from textual.widgets import Input

from smmdesk.calendar.posts import get_post
from smmdesk.inbox import lexicon
from smmdesk.store.brands import find_brand, list_brands
from smmdesk.store.brief import load_brief
from tests.tui.helpers import inbox, run, settle, status_of
from tests.tui.test_calendar import (
    TODAY,
    calendar,
    open_calendar,
    post_count,
    scheduled_at,
    select_single_post,
)


@contextmanager
def locked(store):
    """Another connection holds the write lock until the block ends."""
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        other.execute("COMMIT")
        other.close()


def told_busy(app) -> bool:
    return any("busy" in n.message for n in app._notifications)


async def applied(pilot, check, timeout=10.0):
    """Wait for the queued write to be retried and ``check()`` to hold (fail, not hang, if never)."""

    async def wait():
        while not check():
            await pilot.pause(0.1)

    await asyncio.wait_for(wait(), timeout)
    await settle(pilot)
    assert pilot.app.is_running


# --- Calendar --------------------------------------------------------------------------


def test_calendar_paste_waits_for_the_lock(demo_store):
    async def scenario(app, pilot):
        await open_calendar(pilot)
        view = calendar(app)
        item = await select_single_post(pilot, view)
        before = post_count(demo_store)
        with locked(demo_store):
            await pilot.press("c", "j", "p")
            await pilot.pause(0.3)
            assert app.is_running and told_busy(app)
            assert post_count(demo_store) == before
            await pilot.press("k")  # the user moves on meanwhile
        await applied(pilot, lambda: post_count(demo_store) == before + 1)
        copy = view.current().post
        assert copy.title == item.post.title and copy.status == "draft"
        assert copy.scheduled_at == item.post.scheduled_at + timedelta(
            days=7
        )  # the day it was pasted on

    run(demo_store, scenario)


def test_calendar_move_waits_for_the_lock(demo_store):
    async def scenario(app, pilot):
        await open_calendar(pilot)
        view = calendar(app)
        item = await select_single_post(pilot, view)
        before = scheduled_at(demo_store, item.post.id)
        with locked(demo_store):
            await pilot.press("m", "right", "enter")
            await pilot.pause(0.3)
            assert app.is_running and told_busy(app)
            assert scheduled_at(demo_store, item.post.id) == before
        await applied(
            pilot, lambda: scheduled_at(demo_store, item.post.id) == before + timedelta(days=1)
        )
        assert view.day == TODAY + timedelta(days=1)

    run(demo_store, scenario)


def test_calendar_delete_waits_for_the_lock(demo_store):
    async def scenario(app, pilot):
        await open_calendar(pilot)
        view = calendar(app)
        item = await select_single_post(pilot, view)
        gone = "SELECT count(*) FROM posts WHERE id = ?"
        with locked(demo_store):
            await pilot.press("d")
            await settle(pilot)
            await pilot.press("y")
            await pilot.pause(0.3)
            assert app.is_running and told_busy(app)
            assert demo_store.conn.execute(gone, (item.post.id,)).fetchone()[0] == 1
        await applied(
            pilot, lambda: demo_store.conn.execute(gone, (item.post.id,)).fetchone()[0] == 0
        )
        assert all(i.post.id != item.post.id for i in view.day_items(TODAY))

    run(demo_store, scenario)


def test_post_form_save_waits_for_the_lock_and_keeps_the_form(demo_store):
    from smmdesk.tui.calendar.post_form import PostForm

    async def scenario(app, pilot):
        await open_calendar(pilot)
        view = calendar(app)
        item = await select_single_post(pilot, view)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PostForm)
        form.query_one("#pf-title", Input).value = "Saved after the lock"
        with locked(demo_store):
            await pilot.press("ctrl+s")
            await pilot.pause(0.3)
            assert app.is_running and told_busy(app)
            assert app.screen is form  # what was typed is not lost
            assert get_post(demo_store, item.post.id).title == item.post.title
        await applied(
            pilot, lambda: get_post(demo_store, item.post.id).title == "Saved after the lock"
        )
        assert not isinstance(app.screen, PostForm)

    run(demo_store, scenario)


# --- Brand -----------------------------------------------------------------------------


def test_policy_form_waits_for_the_lock(demo_store):
    brand = list_brands(demo_store)[0]

    async def scenario(app, pilot):
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        app.screen.query_one("#policy-tone", Input).value = "playful"
        with locked(demo_store):
            await pilot.press("ctrl+s")
            await pilot.pause(0.3)
            assert app.is_running and told_busy(app)
            assert load_brief(demo_store, brand).tone == "friendly"
        await applied(pilot, lambda: load_brief(demo_store, brand).tone == "playful")

    run(demo_store, scenario)


def test_brief_prompt_waits_for_the_lock(demo_store):
    brand = list_brands(demo_store)[0]
    before = [a.name for a in load_brief(demo_store, brand).audiences]

    async def scenario(app, pilot):
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one(
            "#prompt-input", Input
        ).value = "Office managers | 25-40 | steady supply | Facebook"
        with locked(demo_store):
            await pilot.press("enter")
            await pilot.pause(0.3)
            assert app.is_running and told_busy(app)
        await applied(
            pilot,
            lambda: (
                [a.name for a in load_brief(demo_store, brand).audiences]
                == [*before, "Office managers"]
            ),
        )

    run(demo_store, scenario)


# --- Report ----------------------------------------------------------------------------


def test_typed_outcomes_wait_for_the_lock(demo_store):
    post_id = demo_store.conn.execute(
        "SELECT id FROM posts WHERE status = 'published' ORDER BY id LIMIT 1"
    ).fetchone()[0]
    row = "SELECT clicks FROM outcomes WHERE post_id = ? AND day = '2026-11-27'"

    async def scenario(app, pilot):
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        app.screen.query_one("#prompt-input", Input).value = f"{post_id} 2026-11-27 clicks=7"
        with locked(demo_store):
            await pilot.press("enter")
            await pilot.pause(0.3)
            assert app.is_running and told_busy(app)
        await applied(
            pilot, lambda: demo_store.conn.execute(row, (post_id,)).fetchone() is not None
        )
        assert demo_store.conn.execute(row, (post_id,)).fetchone()[0] == 7

    run(demo_store, scenario)


# --- Word list -------------------------------------------------------------------------


def test_word_list_waits_for_the_lock(demo_store):
    async def scenario(app, pilot):
        brand = find_brand(demo_store, inbox(app).current().brand)
        await pilot.press("W")
        await settle(pilot)
        with locked(demo_store):
            await pilot.press(*"delivery -3", "enter")
            await pilot.pause(0.3)
            assert app.is_running and told_busy(app)
            assert lexicon.list_words(demo_store, brand) == []
        await applied(
            pilot,
            lambda: lexicon.list_words(demo_store, brand) == [lexicon.Entry("delivery", -3.0)],
        )
        await pilot.press("tab")
        with locked(demo_store):
            await pilot.press("d")
            await pilot.pause(0.3)
            assert app.is_running
        await applied(pilot, lambda: lexicon.list_words(demo_store, brand) == [])

    run(demo_store, scenario)


# --- Inbox -----------------------------------------------------------------------------


def actions_on(store, ids):
    marks = ",".join("?" * len(ids))
    return [
        (r[0], r[1])
        for r in store.conn.execute(
            f"SELECT comment_id, action FROM actions WHERE comment_id IN ({marks}) ORDER BY id", ids
        )
    ]


def test_triage_keys_queued_behind_a_lock_apply_in_the_order_pressed(demo_store):
    async def scenario(app, pilot):
        await settle(pilot)
        view = inbox(app)
        first, second = view.items[0].id, view.items[1].id
        with locked(demo_store):
            await pilot.press("e")  # resolve the first: it has to wait
            await pilot.pause(0.05)
            assert view.current().id == second  # ... and is gone from the screen meanwhile
        # The lock is gone before the retry comes round; a key pressed now must still wait its turn.
        await pilot.press("x")  # spam the second
        await pilot.press("u")  # and undo the last action: that spam
        await applied(pilot, lambda: len(actions_on(demo_store, [first, second])) >= 3)
        assert [a for a in actions_on(demo_store, [first, second])][:2] == [
            (first, "resolve"),
            (second, "spam"),
        ]
        assert status_of(demo_store, first) == "resolved"
        assert status_of(demo_store, second) == "open"  # the undo came last

    run(demo_store, scenario)


def test_reply_save_waits_for_the_lock_and_keeps_the_draft(demo_store):
    from smmdesk.tui.inbox.reply import ReplyScreen

    async def scenario(app, pilot):
        await settle(pilot)
        first = inbox(app).items[0].id
        await pilot.press("r")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, ReplyScreen)
        # A draft the brand's tone check passes (its sign-off, not negative): the first ctrl+s saves.
        draft = f"Thank you for telling us, a new one is on its way.\n{editor.brief.sign_off}"
        editor.query_one("#draft").text = draft
        with locked(demo_store):
            await pilot.press("ctrl+s")
            await pilot.pause(0.3)
            assert app.is_running and told_busy(app)
            assert app.screen is editor
        await applied(pilot, lambda: status_of(demo_store, first) != "open")
        assert not isinstance(app.screen, ReplyScreen)

    run(demo_store, scenario)


def test_escape_while_a_form_waits_gives_up_and_says_so(demo_store):
    post_id = demo_store.conn.execute(
        "SELECT id FROM posts WHERE status = 'published' ORDER BY id LIMIT 1"
    ).fetchone()[0]
    row = "SELECT clicks FROM outcomes WHERE post_id = ? AND day = '2026-11-27'"

    async def scenario(app, pilot):
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        app.screen.query_one("#prompt-input", Input).value = f"{post_id} 2026-11-27 clicks=7"
        with locked(demo_store):
            await pilot.press("enter")
            await pilot.pause(0.3)
            await pilot.press("escape")
            await pilot.pause()
            assert not app.screen.query("#prompt-input")
        await pilot.pause(1.0)
        await settle(pilot)
        assert app.is_running and app.writes.idle
        assert demo_store.conn.execute(row, (post_id,)).fetchone() is None
        assert any("Not done: saving the outcomes" in n.message for n in app._notifications)

    run(demo_store, scenario)


def test_import_from_the_app_waits_for_the_lock(demo_store, tmp_path, monkeypatch):
    from smmdesk.tui.inbox import importer

    monkeypatch.setattr(importer, "IMPORT_BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "night.csv"
    path.write_text(
        'id,text,author,created_at\nw1,"Broken again",Waiter,2026-11-28T08:59:00Z\n',
        encoding="utf-8",
    )
    count = "SELECT count(*) FROM comments WHERE author = 'Waiter'"

    async def scenario(app, pilot):
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#import-path", Input).value = str(path)
        app.screen.query_one("#import-brand", Input).value = "kava-lab"
        with locked(demo_store):
            await pilot.press("enter")
            await pilot.pause(1.0)
            assert app.is_running
            assert "busy" in str(app.screen.query_one("#import-status").render())
        await applied(pilot, lambda: demo_store.conn.execute(count).fetchone()[0] == 1)
        assert any("1 new" in n.message for n in app._notifications)

    run(demo_store, scenario)


def test_quit_while_a_write_waits_asks_first(demo_store):
    async def scenario(app, pilot):
        await settle(pilot)
        first = inbox(app).items[0].id
        with locked(demo_store):
            await pilot.press("e")
            await pilot.pause(0.2)
            await pilot.press("q")
            await pilot.pause(0.2)
            assert app.is_running
            assert any("q again" in n.message for n in app._notifications)
        await applied(pilot, lambda: status_of(demo_store, first) == "resolved")
        await pilot.press("q")  # nothing waits: quits at once
        await pilot.pause(0.2)
        assert not app.is_running

    run(demo_store, scenario)


def test_an_after_frame_write_waits_for_the_frame_and_the_next_writes_behind_it(demo_store):
    """``after_frame``: the write is not applied with the key, but once the next frame is
    drawn, with the writes asked after it behind it (its owner removed meanwhile too)."""
    from textual.widgets import Static

    async def scenario(app, pilot):
        await settle(pilot)
        ran = []
        owner = Static("asking")
        await app.screen.mount(owner)
        app.writes.submit("later", lambda: ran.append("later"), owner=owner, after_frame=True)
        app.writes.submit("next", lambda: ran.append("next"))
        assert ran == []  # neither with the key
        await owner.remove()
        await applied(pilot, lambda: ran == ["later", "next"])
        assert not told_busy(app)

    run(demo_store, scenario)


def test_counts_read_while_es_write_waits_do_not_bring_the_comment_back(demo_store):
    """``e`` takes the row off at once; while its write waits for the lock, a count read from
    the database still holds the comment: the header and the in-view count keep the key's
    counts, and count again once the write lands."""
    from smmdesk.inbox import queue
    from tests.tui.helpers import screen_text, workers_done

    def shown(app) -> tuple[int, int]:
        view = inbox(app)
        chips = str(view.query_one("#chips").render())
        in_view = int(chips.split(" in view")[0].split()[-1])
        return app.header.counts["open"], in_view

    async def scenario(app, pilot):
        await settle(pilot)
        await pilot.press("e")  # after a reload the first key recounts; the next ones move
        await applied(pilot, lambda: app.writes.idle)
        await settle(pilot)
        before = shown(app)
        with locked(demo_store):
            await pilot.press("e")
            await pilot.pause(0.05)
            assert told_busy(app)
            app.refresh_counts(inbox(app).filter.brand_id)  # counts read meanwhile, as ticks do
            inbox(app).recount()
            await pilot.pause(0.3)
            await workers_done(pilot)
            assert shown(app) == (before[0] - 1, before[1] - 1)
        await applied(pilot, lambda: app.writes.idle)
        await settle(pilot)
        await pilot.pause(0.2)
        await workers_done(pilot)
        counts = queue.header_counts(demo_store, inbox(app).filter.brand_id)
        assert shown(app) == (counts["open"], before[1] - 1) == (before[0] - 1, before[1] - 1)
        assert f"{counts['open']} open" in screen_text(app)

    run(demo_store, scenario)


def test_a_page_read_while_es_write_waits_leaves_the_comment_out(demo_store):
    """Another process holds the lock (an import) and the inbox reads its page again (an
    external change): the comment ``e`` took off is not shown back while its write waits."""

    async def scenario(app, pilot):
        await settle(pilot)
        view = inbox(app)
        first = view.items[0].id
        with locked(demo_store):
            await pilot.press("e")
            await pilot.pause(0.05)
            assert told_busy(app) and status_of(demo_store, first) == "open"
            view.reload()
            await pilot.pause()
            assert first not in [item.id for item in view.items]
        await applied(pilot, lambda: app.writes.idle)
        await settle(pilot)
        assert status_of(demo_store, first) == "resolved"
        assert first not in [item.id for item in view.items] and not view.unwritten

    run(demo_store, scenario)
