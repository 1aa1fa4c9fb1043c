from smmdesk.store import comments as q
from tests.tui.helpers import eventually, inbox, run, screen_text, settle, status_of, workers_done


def test_opens_on_the_queue_with_negatives_first(demo_store):
    async def scenario(app, pilot):
        view = inbox(app)
        await settle(pilot)
        assert len(view.items) >= 100  # one page, not the table
        assert view.items[0].band == "negative"
        assert "open" in app.sub_title and "negative" in app.sub_title
        text = screen_text(app)
        assert "due" in text and "comment" in text
        assert "Why it ranks here" in text

    run(demo_store, scenario)


def test_vim_keys_move_the_cursor(demo_store):
    async def scenario(app, pilot):
        table = inbox(app).table
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("G")  # last loaded row; reaching it loads the next page
        assert table.cursor_row == 99
        assert table.row_count > 100
        await pilot.press("g")
        assert table.cursor_row == 0

    run(demo_store, scenario)


def test_resolve_moves_on_and_undo_brings_it_back(demo_store):
    async def scenario(app, pilot):
        view = inbox(app)
        first, second = view.items[0].id, view.items[1].id
        await pilot.press("e")
        assert status_of(demo_store, first) == "resolved"
        assert view.current().id == second
        assert all(item.id != first for item in view.items)
        await pilot.press("u")
        assert status_of(demo_store, first) == "open"
        assert view.current().id == first

    run(demo_store, scenario)


def test_spam_and_flag(demo_store):
    async def scenario(app, pilot):
        view = inbox(app)
        first = view.items[0].id
        await pilot.press("x")
        assert status_of(demo_store, first) == "spam"
        target = view.current().id
        await pilot.press("F")
        assert q.get_comment(demo_store, target).flagged

    run(demo_store, scenario)


def test_select_several_and_resolve_all_then_undo(demo_store):
    async def scenario(app, pilot):
        view = inbox(app)
        ids = [view.items[0].id, view.items[1].id, view.items[2].id]
        await pilot.press("v", "j", "v", "j", "v")
        assert view.selected == set(ids)
        await pilot.press("e")
        assert [status_of(demo_store, i) for i in ids] == ["resolved"] * 3
        assert not view.selected
        await pilot.press("u")
        assert [status_of(demo_store, i) for i in ids] == ["open"] * 3

    run(demo_store, scenario)


def test_snooze_assign_label(demo_store):
    async def scenario(app, pilot):
        view = inbox(app)
        first = view.items[0].id
        await pilot.press("s")
        await pilot.press("ctrl+a", "ctrl+k", *"2h", "enter")
        await pilot.pause()
        assert q.get_comment(demo_store, first).snoozed_until is not None
        assert all(item.id != first for item in view.items)
        target = view.current().id
        await pilot.press("A", *"olena", "enter")
        await pilot.pause()
        assert q.get_comment(demo_store, target).assignee == "olena"
        assert view.current().id == target  # assign stays on its comment
        await pilot.press("l", *"+refunds", "enter")
        await pilot.pause()
        assert "refunds" in q.labels_of(demo_store, target)

    run(demo_store, scenario)


def test_bad_snooze_time_is_shown_inline_and_changes_nothing(demo_store):
    async def scenario(app, pilot):
        first = inbox(app).items[0].id
        await pilot.press("s", "ctrl+a", "ctrl+k", *"someday", "enter")
        await pilot.pause()
        assert app.screen.query_one("#prompt-error").visual is not None
        assert "someday" in screen_text(app)
        await pilot.press("escape")
        assert q.get_comment(demo_store, first).snoozed_until is None

    run(demo_store, scenario)


def test_search_filters_and_escape_clears(demo_store):
    async def scenario(app, pilot):
        view = inbox(app)
        everything = len(view.items)
        await pilot.press("slash", *"refund", "enter")
        await pilot.pause()
        assert view.items and all("refund" in item.text.lower() for item in view.items)
        assert "search: refund" in screen_text(app)
        await pilot.press("escape")
        assert len(view.items) == everything

    run(demo_store, scenario)


def test_malformed_search_is_a_message_not_a_crash(demo_store):
    async def scenario(app, pilot):
        view = inbox(app)
        await pilot.press("slash", *'"broken', "enter")
        await pilot.pause()
        assert view.filter.search is None
        assert any("cannot read search" in n.message for n in app._notifications)

    run(demo_store, scenario)


def test_filter_dialog_by_tone(demo_store):
    async def scenario(app, pilot):
        from smmdesk.tui.inbox.filters import FilterScreen

        view = inbox(app)
        await pilot.press("f")
        assert isinstance(app.screen, FilterScreen)
        app.screen.query_one("#f-band").value = "unscored"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert view.items and {i.band for i in view.items} == {"unscored"}
        assert "band: unscored" in screen_text(app)
        await pilot.press("escape")
        assert view.filter.band is None

    run(demo_store, scenario)


def test_reply_with_a_template_records_it(demo_store):
    async def scenario(app, pilot):
        view = inbox(app)
        item = view.items[0]
        await pilot.press("r", *"apol", "enter")
        await pilot.pause()
        draft = app.screen.query_one("#draft").text
        assert item.author in draft and item.brand in draft
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert status_of(demo_store, item.id) == "replied"
        assert q.replies_of(demo_store, item.id)[0].text == draft

    run(demo_store, scenario)


def test_reply_tone_check_warns_on_a_negative_draft(demo_store):
    async def scenario(app, pilot):
        await pilot.press("r", "tab", "tab")
        await pilot.pause()
        app.screen.query_one("#draft").text = "This is a stupid complaint, awful"
        await pilot.pause()
        assert "reads negative" in screen_text(app)

    run(demo_store, scenario)


def test_help_screen(demo_store):
    async def scenario(app, pilot):
        await pilot.press("question_mark")
        await settle(pilot)
        text = screen_text(app)
        assert "Keys" in text and "Undo" in text and "Page down" in text
        await pilot.press("end")
        await settle(pilot)
        assert "Quit" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "Keys" not in screen_text(app)

    run(demo_store, scenario, size=(120, 40))  # tall enough to show the inbox keys at once


def test_sections_switch(demo_store):
    async def scenario(app, pilot):
        await pilot.press("f3")
        await settle(pilot)
        assert "First response" in screen_text(app)
        await pilot.press("f2")
        await pilot.pause()
        assert app.query_one("#switcher").current == "calendar"
        await pilot.press("f1")
        assert app.query_one("#switcher").current == "inbox"

    run(demo_store, scenario)


HOSTILE = [
    "[bold]x[/]",
    "[@click=app.quit]click me[/]",
    "[link=https://evil.example]free[/link] \x1b]52;c;ZXZpbA==\x07 \x1b[2J",
    "abc\u202eevil\u202c def",
]


def write_hostile_csv(path):
    import csv

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "author", "created_at", "text"])
        for n, text in enumerate(HOSTILE):
            writer.writerow(
                [f"h{n}", "[red]Mallory[/red]", "2026-11-28T08:59:00Z", f"Awful! {text}"]
            )


def test_import_from_the_app_with_progress_then_toast(demo_store, tmp_path):
    path = tmp_path / "night.csv"
    write_hostile_csv(path)

    async def scenario(app, pilot):
        view = inbox(app)
        before = demo_store.conn.execute("SELECT count(*) FROM comments").fetchone()[0]
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#import-path").value = str(path)
        app.screen.query_one("#import-brand").value = "kava-lab"
        await pilot.press("enter")
        await workers_done(pilot)
        await settle(pilot)
        after = demo_store.conn.execute("SELECT count(*) FROM comments").fetchone()[0]
        assert after == before + len(HOSTILE)
        assert any("4 new" in n.message for n in app._notifications)
        assert any(item.author == "[red]Mallory[/red]" for item in view.items)

    run(demo_store, scenario)


def test_import_error_is_shown_and_nothing_changes(demo_store, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"data": [{"id": "1", "message": "hi"', encoding="utf-8")

    async def scenario(app, pilot):
        before = demo_store.conn.execute("SELECT count(*) FROM comments").fetchone()[0]
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#import-path").value = str(path)
        await pilot.press("enter")
        await workers_done(pilot)
        await settle(pilot)
        assert "invalid JSON" in screen_text(app)
        assert demo_store.conn.execute("SELECT count(*) FROM comments").fetchone()[0] == before

    run(demo_store, scenario)


def test_markup_in_user_text_shows_literally_everywhere(demo_store, tmp_path):
    from smmdesk.inbox.importer import import_file
    from smmdesk.store.brands import get_brand

    path = tmp_path / "hostile.csv"
    write_hostile_csv(path)
    import_file(demo_store, path, get_brand(demo_store, "kava-lab"))

    async def scenario(app, pilot):
        view = inbox(app)
        await pilot.press("slash", *"mallory", "enter")
        await settle(pilot)
        assert len(view.items) == len(HOSTILE)
        assert app.is_running  # [@click=app.quit] did nothing
        text = screen_text(app)
        assert "[red]Mallory[/red]" in text  # table and detail, literally
        for n, item in enumerate(view.items):
            if "[@click" in item.text:
                view.table.move_cursor(row=n)
        await settle(pilot)
        text = screen_text(app)
        assert "[@click=app.quit]click me[/]" in text
        assert "\x1b" not in text and "\u202e" not in text
        await pilot.press("e")  # the toast names nothing, but stays literal
        await pilot.press("r")
        await settle(pilot)
        assert "Reply to [red]Mallory[/red]" in screen_text(app)

    run(demo_store, scenario)


def test_escapes_are_made_visible():
    from smmdesk.textsafe import visible

    shown = visible("a\x1b[2Jb\u202ec\x07" + "e" + "\u0301" * 50)
    assert "\x1b" not in shown and "\u202e" not in shown and "\x07" not in shown
    assert "\\x1b[2J" in shown and "\\u202e" in shown
    assert shown.count("\u0301") == 2


def test_sort_and_brand_keys_page_in_their_order(demo_store):
    async def scenario(app, pilot):
        view = inbox(app)
        await pilot.press("o")  # newest first
        await settle(pilot)
        times = [item.created_at for item in view.items]
        assert times == sorted(times, reverse=True)
        await pilot.press("G")  # the next page continues the same order
        await settle(pilot)
        times = [item.created_at for item in view.items]
        assert len(times) > 100 and times == sorted(times, reverse=True)
        assert len({item.id for item in view.items}) == len(view.items)
        await pilot.press("b")  # one brand
        await settle(pilot)
        assert len({item.brand for item in view.items}) == 1
        assert view.items[0].brand in app.sub_title
        await pilot.press("escape")
        await settle(pilot)
        assert view.filter.sort == "priority" and view.filter.brand_id is None

    run(demo_store, scenario)


def test_the_filter_dialog_keeps_the_sort_and_search(demo_store):
    """The bug: o (newest first), then f and ctrl+s, put the queue back in priority order."""

    async def scenario(app, pilot):
        view = inbox(app)
        await pilot.press("o")  # newest first
        await settle(pilot)
        before = view.filter
        assert before.sort == "newest"
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert view.filter.sort == "newest" and view.filter == before
        times = [item.created_at for item in view.items]
        assert times == sorted(times, reverse=True)

    run(demo_store, scenario)


def test_every_action_is_in_the_command_palette(demo_store):
    async def scenario(app, pilot):
        first = inbox(app).items[0].id
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Resolve")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert status_of(demo_store, first) == "resolved"

    run(demo_store, scenario)


def test_reply_with_tone_problems_asks_once_then_saves(demo_store):
    """ctrl+s on a draft with a never-use word and no sign-off shows the problems; again saves."""

    async def scenario(app, pilot):
        view = inbox(app)
        item = view.items[0]
        await pilot.press("r", "tab", "tab")
        await pilot.pause()
        app.screen.query_one(
            "#draft"
        ).text = "Sorry, unfortunately our cheap policy says no refunds."
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = screen_text(app)
        assert status_of(demo_store, item.id) == "open"
        assert "never-use words" in text and "missing sign-off" in text
        assert "ctrl+s again to save anyway" in text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert status_of(demo_store, item.id) == "replied"

    run(demo_store, scenario)


def test_an_edited_draft_is_checked_again_and_a_clean_one_saves_at_once(demo_store):
    async def scenario(app, pilot):
        view = inbox(app)
        item = view.items[0]
        await pilot.press("r", "tab", "tab")
        await pilot.pause()
        draft = app.screen.query_one("#draft")
        draft.text = "Our cheap plan is great"
        await pilot.press("ctrl+s")
        await pilot.pause()
        draft.text = "Our cheap plan is great, really"  # changed: asked again
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert status_of(demo_store, item.id) == "open"
        assert "ctrl+s again to save anyway" in screen_text(app)
        draft.text = f"Thank you, we are on it! {app.screen.brief.sign_off}"  # clean: saved at once
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert status_of(demo_store, item.id) == "replied"

    run(demo_store, scenario)


def marks_shown(app) -> int:
    """Rows whose selection column shows the mark, as the terminal draws them."""
    return sum(1 for line in screen_text(app).splitlines() if line[:3].strip() == "●")


def test_assign_label_and_flag_keep_the_cursor_on_their_comment(demo_store):
    async def scenario(app, pilot):
        view = inbox(app)
        await pilot.press("j")
        target = view.current().id
        await pilot.press("A", *"olena", "enter")
        await pilot.pause()
        assert view.current().id == target
        await pilot.press("l", *"+vip", "enter")
        await pilot.pause()
        assert view.current().id == target
        await pilot.press("F")
        await pilot.pause()
        assert view.current().id == target
        row = q.get_comment(demo_store, target)
        assert row.assignee == "olena" and row.flagged
        assert "vip" in q.labels_of(demo_store, target)

    run(demo_store, scenario)


def test_selection_is_exactly_what_is_marked(demo_store):
    async def scenario(app, pilot):
        view = inbox(app)
        ids = [item.id for item in view.items[:3]]
        await pilot.press("v", "j", "v", "j", "space")
        await settle(pilot)
        assert view.selected == set(ids)
        assert marks_shown(app) == 3 and "3 selected" in screen_text(app)
        await pilot.press("v")  # toggles the row under the cursor
        await settle(pilot)
        assert view.selected == set(ids[:2]) and marks_shown(app) == 2
        assert "2 selected" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not view.selected and marks_shown(app) == 0

    run(demo_store, scenario)


def test_a_selection_hidden_by_a_new_view_is_dropped(demo_store):
    async def scenario(app, pilot):
        view = inbox(app)
        first = view.items[0]
        await pilot.press("v")
        await pilot.press("b")  # one brand: maybe not the first row's
        await settle(pilot)
        while any(item.brand == first.brand for item in view.items):
            await pilot.press("b")
            await settle(pilot)
        assert not view.selected and "selected" not in screen_text(app)

    run(demo_store, scenario)


def test_resolving_a_selection_above_the_cursor_keeps_the_cursor_on_its_comment(demo_store):
    async def scenario(app, pilot):
        view = inbox(app)
        await pilot.press("v", "j", "v", "j", "j")
        here = view.current().id
        await pilot.press("e")
        await settle(pilot)
        assert view.current().id == here and marks_shown(app) == 0
        await pilot.press("e")  # the row itself: on to the next one
        await settle(pilot)
        assert status_of(demo_store, here) == "resolved" and view.current().id != here

    run(demo_store, scenario)


def test_tab_goes_from_the_search_to_the_draft_when_there_are_no_saved_replies(demo_store):
    """Reproducer: with no saved replies Tab landed on the empty, invisible list, and what was
    typed went nowhere."""
    for template in q.list_templates(demo_store):
        q.delete_template(demo_store, template.name)

    async def scenario(app, pilot):
        item = inbox(app).items[0]
        await pilot.press("r", "tab", *"Thank you")
        await pilot.pause()
        assert app.screen.query_one("#draft").text == "Thank you"
        await pilot.press("ctrl+s", "ctrl+s")  # the second past the brief's sign-off warning
        await pilot.pause()
        assert q.replies_of(demo_store, item.id)[0].text == "Thank you"

    run(demo_store, scenario)


def test_the_header_after_a_burst_of_keys_is_a_fresh_count(demo_store, monkeypatch):
    """Triage keys move the header by what they changed (no recount per key): after a burst
    (resolve, spam, undo, a flag, a selection) it shows what a count from SQL says."""
    import re

    from smmdesk.inbox import queue

    async def scenario(app, pilot):
        await settle(pilot)
        view = inbox(app)
        monkeypatch.setattr("smmdesk.tui.app.QUIET_S", 3600.0)  # no recount from now on
        monkeypatch.setattr("smmdesk.tui.inbox.view.QUIET_S", 3600.0)
        before = app.sub_title
        await pilot.press("e", "e", "x", "j", "e", "u", "F", "v", "j", "v", "e", "e")
        await eventually(pilot, lambda: app.writes.idle and not view.due)
        assert app.header_counter.timer is not None and not app.header_counter.running
        fresh = queue.header_counts(demo_store, view.filter.brand_id)
        shown = dict(
            (word, int(n))
            for n, word in re.findall(r"(\d+) (open|negative|overdue)", app.sub_title)
        )
        assert shown == fresh and app.sub_title != before

    run(demo_store, scenario)


# --- e and x: the key's frame first, the write right after it -----------------------------


def _send(app, key: str) -> None:
    """A key as the terminal sends it, without Pilot's waits (the frame after it is the test)."""
    from textual import events

    event = events.Key(key, key)
    event.set_sender(app)
    app._driver.send_message(event)


def test_e_shows_the_row_gone_in_its_own_frame_and_writes_right_after_it(demo_store):
    async def scenario(app, pilot):
        view = inbox(app)
        await settle(pilot)
        first, second = view.items[0].id, view.items[1].id
        frames = []
        display = app._display

        def seen(screen, renderable) -> None:
            if renderable is not None:
                frames.append((view.current().id, status_of(demo_store, first)))
            display(screen, renderable)

        app._display = seen
        _send(app, "e")
        await eventually(pilot, lambda: status_of(demo_store, first) == "resolved")
        assert frames[0] == (second, "open")  # the key's frame: gone, not yet written
        await settle(pilot)
        assert first not in [item.id for item in view.items] and view.current().id == second
        assert any("Resolved" in n.message or "resolve" in n.message for n in app._notifications)

    run(demo_store, scenario)


def test_e_on_a_comment_changed_elsewhere_says_so_and_the_counts_are_true(demo_store):
    """Another session marked it spam after this one showed it: the key's frame took it off,
    the write finds the conflict, says so, and the page and the header are read again."""
    from smmdesk.inbox import queue, triage
    from smmdesk.store import open_store

    async def scenario(app, pilot):
        view = inbox(app)
        await settle(pilot)
        first = view.items[0].id
        with open_store(demo_store.path) as other:
            triage.mark_spam(other, [first], actor="alex")
        await pilot.press("e")
        await eventually(
            pilot, lambda: any("changed elsewhere" in n.message for n in app._notifications)
        )
        await settle(pilot)
        assert status_of(demo_store, first) == "spam"
        assert first not in [item.id for item in view.items]
        counts = queue.header_counts(demo_store, view.filter.brand_id)
        assert f"{counts['open']} open" in app.sub_title

    run(demo_store, scenario)


def test_a_failed_e_puts_the_row_back(demo_store, monkeypatch):
    from smmdesk.errors import UserError
    from smmdesk.inbox import triage

    def refused(*args, **kwargs):
        raise UserError("the disk is full")

    async def scenario(app, pilot):
        view = inbox(app)
        await settle(pilot)
        first = view.items[0].id
        monkeypatch.setattr(triage, "resolve", refused)
        await pilot.press("e")
        await eventually(
            pilot, lambda: any("disk is full" in n.message for n in app._notifications)
        )
        await settle(pilot)
        assert status_of(demo_store, first) == "open"
        assert first in [item.id for item in view.items]

    run(demo_store, scenario)


def test_a_reload_between_es_frame_and_its_write_does_not_bring_the_row_back(demo_store):
    async def scenario(app, pilot):
        view = inbox(app)
        await settle(pilot)
        first = view.items[0].id
        _send(app, "e")
        await eventually(pilot, lambda: view.current().id != first)
        view.reload()  # read before the write landed: the row is open there still
        await eventually(pilot, lambda: status_of(demo_store, first) == "resolved")
        await settle(pilot)
        assert first not in [item.id for item in view.items]

    run(demo_store, scenario)


def test_the_header_shows_the_counts_a_key_moves(demo_store):
    """The app's sub-title (the counts) repaints the header alone, and the header shows it."""

    async def scenario(app, pilot):
        await settle(pilot)
        before = app.sub_title
        await pilot.press("e")
        await settle(pilot)
        assert app.sub_title != before
        assert app.sub_title in screen_text(app).splitlines()[0]

    run(demo_store, scenario)
