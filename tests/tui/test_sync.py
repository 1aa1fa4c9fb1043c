"""Sync in the app, against the fake Telegram Bot API over real HTTP on 127.0.0.1: S pulls
comments into the queue, a reply typed offline waits in the outbox (the header says so) and
goes out with the next S, a failed reply is retried or edited, hiding asks first."""

import asyncio
from dataclasses import replace

import pytest

from smmdesk.config import Config
from smmdesk.store import accounts as a
from smmdesk.sync import accounts, moderation, outbox
from smmdesk.sync.secrets import Secret
from smmdesk.tui import app as app_module
from smmdesk.tui.app import SmmdeskApp
from smmdesk.tui.inbox.reply import ReplyScreen
from smmdesk.tui.widgets.modals import ConfirmScreen
from tests.fakes import telegram
from tests.fakes.server import FakeServer
from tests.tui.helpers import eventually, inbox, screen_text, settle, status_of


@pytest.fixture
def fake():
    server = FakeServer(telegram.FakeTelegram())
    with server:
        yield server


@pytest.fixture
def account(store, brand, fake):
    return accounts.add(
        store,
        platform="telegram",
        brand=brand,
        secret=Secret(telegram.TOKEN),
        api_base=fake.url,
        options={"chat": str(telegram.GROUP["id"]), "channel": str(telegram.CHANNEL["id"])},
    )


def chat(fake):
    """A post and three comments from others (and the channel's own answer to the first)."""
    app = fake.app
    post = app.post("New shoes are out")
    first = app.comment("Where can I buy them?", post)
    second = app.comment("Terrible quality, broke in a week", post, user=778, name="Ivan")
    app.comment("Same here", second, user=779, name="Petro")
    app.comment("Thanks for asking! In every store.", first, as_channel=True)
    return first, second


def run(store, scenario, config=None, size=(120, 36), *, settled=True):
    """``settled=False``: the scenario starts at once (with syncs coming round on an
    interval, a moment with no worker running may never come on a loaded machine)."""

    async def main():
        app = SmmdeskApp(store, config)
        app.told = []  # every toast, also those that have timed out
        shown = app.notify
        app.notify = lambda message, **kw: (app.told.append(message), shown(message, **kw))
        async with app.run_test(size=size, notifications=True) as pilot:
            if settled:
                await settle(pilot)
            await scenario(app, pilot)

    asyncio.run(main())


async def sync(pilot):
    """S, then wait until the sync and what follows it (reload, counts) are done."""
    await pilot.press("S")
    await synced(pilot)


async def synced(pilot):
    while pilot.app.syncing:
        await pilot.pause(0.05)
    await settle(pilot)


def toasts(app) -> list[str]:
    return app.told


def sync_status(app) -> str:
    return str(app.query_one("#sync-status").render())


def go_to(app, text):
    view = inbox(app)
    row = next(i for i, item in enumerate(view.items) if item.text == text)
    view.table.move_cursor(row=row)
    return view.items[row].id


def detail(app) -> str:
    return str(app.query_one("#detail-body").render())


async def reply(pilot, text):
    """r, the draft, ctrl+s (twice when the tone check asks first)."""
    await pilot.press("r")
    await settle(pilot)
    editor = pilot.app.screen
    assert isinstance(editor, ReplyScreen)
    hint = str(editor.query_one(".hint").render())
    editor.query_one("#draft").text = text
    await pilot.press("ctrl+s")
    await settle(pilot)
    if pilot.app.screen is editor:
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert pilot.app.screen is not editor
    return hint


def show_status(app, status):
    view = inbox(app)
    view.filter = replace(view.filter, status=status)
    view.reload()


def test_S_brings_the_platforms_comments_into_the_queue(store, brand, account, fake):
    chat(fake)

    async def scenario(app, pilot):
        assert sync_status(app) == "never synced · outbox 0"
        assert not inbox(app).items
        await sync(pilot)
        texts = [item.text for item in inbox(app).items]
        assert texts == ["Terrible quality, broke in a week", "Same here"]  # the first is answered
        assert "synced: 4 new, 0 sent, 0 waiting" in toasts(app)
        assert sync_status(app) == "synced just now · outbox 0"
        assert "2 open" in app.sub_title
        assert fake.calls("getUpdates")

    run(store, scenario)


def test_no_accounts_no_sync_status_and_S_says_how_to_connect_one(demo_store):
    async def scenario(app, pilot):
        assert not app.query_one("#sync-status").display
        await sync(pilot)
        assert any("smmdesk account add" in m for m in toasts(app))

    run(demo_store, scenario)


def test_a_reply_typed_offline_waits_and_goes_out_with_the_next_S(store, brand, account, fake):
    first, second = chat(fake)
    port = fake.httpd.server_address[1]

    async def scenario(app, pilot):
        await sync(pilot)
        fake.stop()  # the network is gone
        comment_id = go_to(app, "Terrible quality, broke in a week")
        hint = await reply(pilot, "Sorry! Write to us, we will replace them.")
        assert "save: queued for acme-telegram, the next sync (S) sends it" in hint
        assert toasts(app)[-1] == (
            "reply: 1 comment · queued for acme-telegram: goes out with the next sync (S)"
        )
        await pilot.press("S")
        await pilot.pause(0.2)
        assert app.syncing and sync_status(app).startswith("⟳")
        await pilot.press("S")  # a second S while it runs starts nothing
        assert "A sync is running already" in toasts(app)[-1]
        await synced(pilot)
        assert toasts(app)[-1].startswith(
            "offline: 1 reply waiting\nacme-telegram: 0 new, 0 sent; stopped: "
        )
        assert sync_status(app) == "synced just now · outbox 1 · offline"
        show_status(app, "replied")
        go_to(app, "Terrible quality, broke in a week")
        await settle(pilot)
        queued = "◷ queued for acme-telegram: goes out with the next sync (S)"
        await eventually(pilot, lambda: queued in detail(app))
        with FakeServer(fake.app, port=port):  # back online
            await sync(pilot)
            assert "synced: 0 new, 1 sent, 0 waiting" in toasts(app)
            assert [m["text"] for m in fake.app.sent] == [
                "Sorry! Write to us, we will replace them."
            ]
        assert sync_status(app) == "synced just now · outbox 0"
        await eventually(pilot, lambda: "✓ sent " in detail(app))
        assert "by acme-telegram" in detail(app)
        assert outbox.latest_for(store, comment_id).reply.state == "sent"

    run(store, scenario)


def test_a_reply_by_hand_is_still_copied_to_the_clipboard(demo_store):
    async def scenario(app, pilot):
        copied = []
        app.copy_to_clipboard = copied.append
        await reply(pilot, "Thank you, we are on it.")
        assert copied == ["Thank you, we are on it."]
        assert toasts(app)[-1] == "reply: 1 comment · copied to the clipboard, to post by hand"

    run(demo_store, scenario)


def test_a_failed_reply_shows_why_and_is_retried_then_edited(store, brand, account, fake):
    first, second = chat(fake)

    async def scenario(app, pilot):
        await sync(pilot)
        comment_id = go_to(app, "Terrible quality, broke in a week")
        await reply(pilot, "Sorry about that")
        fake.app.delete(second)  # gone on Telegram before the reply went out
        await sync(pilot)
        assert any("deleted on Telegram" in m for m in toasts(app))
        assert sync_status(app) == "synced just now · outbox 0 · 1 failed"
        assert status_of(store, comment_id) == "open"  # back in the queue
        go_to(app, "Terrible quality, broke in a week")
        await settle(pilot)
        failed = "✗ failed: the comment was deleted on Telegram · R retry · E edit"
        await eventually(pilot, lambda: failed in detail(app))
        await pilot.press("R")
        await settle(pilot)
        assert toasts(app)[-1] == "queued for acme-telegram: goes out with the next sync (S)"
        assert outbox.latest_for(store, comment_id).reply.state == "queued"
        await sync(pilot)  # still deleted: fails again
        show_status(app, "open")
        go_to(app, "Terrible quality, broke in a week")
        await pilot.press("E")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, ReplyScreen)
        draft = editor.query_one("#draft")
        assert draft.text == "Sorry about that"
        draft.text = "Sorry about that, write to us please"
        await pilot.press("ctrl+s")
        await settle(pilot)
        if app.screen is editor:  # the tone check asked once
            await pilot.press("ctrl+s")
            await settle(pilot)
        latest = outbox.latest_for(store, comment_id)
        assert (latest.reply.state, latest.reply.text) == (
            "queued",
            "Sorry about that, write to us please",
        )
        assert len(outbox.of_comment(store, comment_id)) == 1  # the same reply, edited
        await pilot.press("R")  # nothing failed now
        assert toasts(app)[-1] == "No failed or unsure reply on this comment"

    run(store, scenario)


def test_an_unsure_reply_says_what_to_do_and_is_marked_sent(store, brand, account, fake):
    chat(fake)

    async def scenario(app, pilot):
        await sync(pilot)
        comment_id = go_to(app, "Terrible quality, broke in a week")
        await reply(pilot, "Sorry about that")
        fake.fail("sendMessage", kind="drop")  # it arrived; no answer came
        await sync(pilot)
        await sync(pilot)  # Telegram cannot be asked whether it went out
        assert outbox.latest_for(store, comment_id).reply.state == "unsure"
        show_status(app, "replied")
        go_to(app, "Terrible quality, broke in a week")
        await settle(pilot)
        text = " ".join(detail(app).split())
        assert "? unsure: the sync stopped while sending it." in text
        assert "there, M marks it sent; not there, R sends it again" in text
        await pilot.press("M")
        await settle(pilot)
        assert outbox.latest_for(store, comment_id).reply.state == "sent"
        assert len(fake.calls("sendMessage")) == 1

    run(store, scenario)


def test_H_asks_first_then_queues_hiding_and_the_sync_does_it(store, brand, account, fake):
    first, second = chat(fake)

    async def scenario(app, pilot):
        await sync(pilot)
        comment_id = go_to(app, "Same here")
        await pilot.press("H")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Hide 1 comment on telegram" in screen_text(app)
        assert "cannot be undone" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert moderation.history(store, comment_id) == []
        await pilot.press("H")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert toasts(app)[-1] == "hide on the platform: 1 queued for the next sync"
        [asked] = moderation.history(store, comment_id)
        assert asked.state == "queued"
        await eventually(pilot, lambda: "hide queued for the next sync" in detail(app))
        await sync(pilot)
        assert [m.state for m in moderation.history(store, comment_id)] == ["done"]
        assert len(fake.app.deleted) == 1
        assert "acme-telegram: 0 new, 0 sent, 1 hidden" in toasts(app)[-1]
        go_to(app, "Same here")
        await eventually(pilot, lambda: "tester: hide done" in detail(app))

    run(store, scenario)


def test_H_on_a_comment_no_account_can_hide_says_so(demo_store):
    async def scenario(app, pilot):
        await pilot.press("H")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert toasts(app)[-1] == (
            "hide on the platform: 0 queued for the next sync; "
            "1 with no connected account, left as they are"
        )

    run(demo_store, scenario)


def test_hide_spam_queues_hiding_with_x_and_undo_takes_both_back(store, brand, account, fake):
    chat(fake)

    async def scenario(app, pilot):
        await sync(pilot)
        comment_id = go_to(app, "Same here")
        await pilot.press("x")
        await settle(pilot)
        assert status_of(store, comment_id) == "spam"
        assert toasts(app)[-1] == (
            "spam: 1 comment; hide on the platform: 1 queued for the next sync"
        )
        assert [m.state for m in moderation.history(store, comment_id)] == ["queued"]
        await pilot.press("u")
        await settle(pilot)
        assert toasts(app)[-1] == "undo spam: 1 comment; 1 hide on the platform taken back"
        assert status_of(store, comment_id) == "open"
        assert moderation.history(store, comment_id) == []
        await sync(pilot)
        assert not fake.calls("deleteMessage")

    run(store, scenario, config=Config(hide_spam=True))


def test_x_without_hide_spam_hides_nothing(store, brand, account, fake):
    chat(fake)

    async def scenario(app, pilot):
        await sync(pilot)
        comment_id = go_to(app, "Same here")
        await pilot.press("x")
        await settle(pilot)
        assert status_of(store, comment_id) == "spam"
        assert moderation.history(store, comment_id) == []

    run(store, scenario)


def test_the_background_sync_runs_on_its_interval_quietly(store, brand, account, fake, monkeypatch):
    chat(fake)
    monkeypatch.setattr(app_module, "MINUTE_S", 0.2)  # every_minutes = 1: every 0.2 s here

    # Conditions, not ``settle``: a sync comes round every 0.2 s, and on a loaded machine one
    # outlasts that, so waiting for no worker to run never ended (the test hung).
    async def scenario(app, pilot):
        await eventually(pilot, lambda: "synced: 4 new, 0 sent, 0 waiting" in toasts(app))
        first = lambda: [item.text for item in inbox(app).items][:1]  # noqa: E731
        await eventually(pilot, lambda: first() == ["Terrible quality, broke in a week"])
        told = len(toasts(app))
        calls = len(fake.calls("getUpdates"))
        await eventually(pilot, lambda: len(fake.calls("getUpdates")) > calls, timeout=30)
        await eventually(pilot, lambda: not app.syncing)
        assert len(toasts(app)) == told  # nothing new: nothing said

    run(store, scenario, config=Config(sync_every_minutes=1), settled=False)


def test_the_header_reads_the_brand_shown(store, brand, account, fake):
    from smmdesk.store.brands import create_brand

    create_brand(store, "Other", slug="other")
    a.record_sync(store, account.id, at=None, error="unreachable: cannot connect")

    async def scenario(app, pilot):
        assert sync_status(app) == "never synced · outbox 0 · offline"
        await pilot.press("b")  # Acme: its account
        await settle(pilot)
        assert app.query_one("#sync-status").display
        await pilot.press("b")  # Other: no account, nothing shown
        await settle(pilot)
        assert not app.query_one("#sync-status").display

    run(store, scenario)


def test_sync_now_is_in_the_palette_from_any_section(store, brand, account, fake):
    chat(fake)

    async def scenario(app, pilot):
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Sync now")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await synced(pilot)
        assert "synced: 4 new, 0 sent, 0 waiting" in toasts(app)
        assert app.query_one("#switcher").current == "calendar"  # it stays where it was

    run(store, scenario)


def test_quitting_during_a_sync_stops_it_soon_and_loses_nothing(store, brand, account, fake):
    import time

    chat(fake)
    closed = {}

    async def scenario(app, pilot):
        await sync(pilot)
        comment_id = go_to(app, "Terrible quality, broke in a week")
        await reply(pilot, "Sorry about that")
        fake.stop()
        await pilot.press("S")  # unreachable: it backs off between tries
        await pilot.pause(0.3)
        assert app.syncing
        closed.update(comment=comment_id, at=time.monotonic())
        await pilot.press("q")

    run(store, scenario)
    assert time.monotonic() - closed["at"] < 2  # the backoff ended with the app
    assert outbox.latest_for(store, closed["comment"]).reply.state == "queued"


def test_closing_the_app_mid_pull_leaves_the_pages_held_and_the_next_sync_stores_them(
    store, brand, account, fake
):
    from smmdesk.sync import engine

    post = fake.app.post("Winter sale")
    for number in range(250):  # three pages of updates
        fake.app.comment(f"comment number {number}", post, user=100 + number)
    fake.fail("getUpdates", kind="slow", seconds=1.0, after=1)  # the second page comes late
    shown = []

    async def scenario(app, pilot):
        await pilot.press("S")
        await eventually(pilot, lambda: "pulled" in sync_status(app))
        shown.append(sync_status(app))
        await pilot.press("q")  # while the second page is on its way

    run(store, scenario)
    assert shown[0].startswith("⟳ acme-telegram: 99 pulled (updates from")
    assert a.held_pages(store, account.id)  # pulled, not stored: nothing lost
    assert store.conn.execute("SELECT count(*) FROM comments").fetchone()[0] == 0
    report = engine.sync(store, [a.get_account(store, account.name)], sleep=lambda s: None)
    assert report.results[0].new == 250 and a.held_pages(store, account.id) == []
    texts = [r[0] for r in store.conn.execute("SELECT text FROM comments")]
    assert len(texts) == len(set(texts)) == 250
