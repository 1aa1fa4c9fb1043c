"""The Calendar section, driven with Pilot on the demo desk (now: Sat 2026-11-28 09:00 UTC)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from textual.widgets import Select

from smmdesk.calendar.posts import create_post, get_post
from smmdesk.store.brands import get_brand
from smmdesk.store.posts import find_channel, find_goal
from smmdesk.timeutil import from_iso
from smmdesk.tui.calendar.post_form import PostForm
from smmdesk.tui.calendar.view import CalendarGrid
from smmdesk.tui.widgets.modals import ConfirmScreen
from tests.tui.helpers import run, screen_text, settle

TODAY = date(2026, 11, 28)


def calendar(app):
    return app.query_one("#calendar")


async def open_calendar(pilot):
    await pilot.press("f2")
    await pilot.pause()


def post_count(store) -> int:
    return store.conn.execute("SELECT count(*) FROM posts").fetchone()[0]


def scheduled_at(store, post_id) -> datetime:
    return from_iso(
        store.conn.execute("SELECT scheduled_at FROM posts WHERE id = ?", (post_id,)).fetchone()[0]
    )


async def select_single_post(pilot, view):
    """Put the post cursor on a post that is not part of a series."""
    for _ in range(len(view.day_items(view.day))):
        if not view.current().of_series:
            return view.current()
        await pilot.press("J")
    raise AssertionError("no single post on the selected day")


def test_month_navigation_with_brackets_today_and_vim_keys(demo_store):
    async def scenario(app, pilot):
        await open_calendar(pilot)
        view = calendar(app)
        assert isinstance(app.focused, CalendarGrid)
        assert view.mode == "month" and view.day == TODAY
        assert "November 2026" in screen_text(app)
        await pilot.press("right_square_bracket")
        assert view.day == date(2026, 12, 28)
        await settle(pilot)
        assert "December 2026" in screen_text(app)
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert view.day == date(2026, 10, 28)
        await pilot.press("full_stop")
        assert view.day == TODAY
        await pilot.press("l")
        assert view.day == TODAY + timedelta(days=1)
        await pilot.press("h", "h")
        assert view.day == TODAY - timedelta(days=1)
        await pilot.press("right", "j")
        assert view.day == TODAY + timedelta(days=7)
        await pilot.press("k", "up")
        assert view.day == TODAY - timedelta(days=7)
        await pilot.press("down", "left")
        assert view.day == TODAY - timedelta(days=1)

    run(demo_store, scenario)


def test_the_cells_kept_between_keys_draw_what_a_fresh_grid_draws(demo_store):
    """Each day's cell is drawn once and kept, and the next period's grid is drawn ahead:
    whatever the keys moved (the day, the post cursor, a move under way, the view, the
    period), what is shown is what the grid would be drawn from nothing."""

    async def scenario(app, pilot):
        await open_calendar(pilot)
        view = calendar(app)
        grid = app.query_one(CalendarGrid)
        keys = ("l", "J", "J", "h", "j", "k", "m", "l", "escape", "2", "J", "]", "l", "1")
        for key in (*keys, "]", "]", "[", "[", "J", "]"):
            await pilot.press(key)
            await settle(pilot)
            width, height = grid.size.width, grid.size.height
            kept = view.grid_lines(width, height)
            view._cells.clear()
            assert view.grid_lines(width, height) == kept, key
            # ...and what is shown (drawn ahead, for a period key) is that grid too.
            grid.render_line(0)
            assert [list(strip) for strip in grid._strips] == [
                list(strip) for strip in grid.strips(kept)
            ], key

    run(demo_store, scenario)


def test_views_switch_with_1_2_3_and_tab_keeps_focus(demo_store):
    async def scenario(app, pilot):
        await open_calendar(pilot)
        view = calendar(app)
        await pilot.press("2")
        await settle(pilot)
        assert view.mode == "week"
        assert "week 2026-W48" in screen_text(app)
        await pilot.press("right_square_bracket")  # next week in week view
        assert view.day == TODAY + timedelta(days=7)
        await pilot.press("3")
        await settle(pilot)
        assert view.mode == "agenda"
        assert "agenda Sat 05 Dec" in screen_text(app)
        await pilot.press("j")  # next day in the agenda
        assert view.day == TODAY + timedelta(days=8)
        await pilot.press("1")
        assert view.mode == "month"
        await pilot.press("tab")
        assert view.mode == "week"
        assert isinstance(app.focused, CalendarGrid)
        await pilot.press("tab", "tab")
        assert view.mode == "month"
        assert isinstance(app.focused, CalendarGrid)

    run(demo_store, scenario)


def test_go_to_date_and_a_bad_date_is_shown_inline(demo_store):
    async def scenario(app, pilot):
        await open_calendar(pilot)
        view = calendar(app)
        await pilot.press("g", *"someday", "enter")
        await settle(pilot)
        assert "someday" in screen_text(app)
        assert view.day == TODAY
        await pilot.press("escape")
        await pilot.press("g", *"2027-02-14", "enter")
        await settle(pilot)
        assert view.day == date(2027, 2, 14)
        assert "February 2027" in screen_text(app)

    run(demo_store, scenario)


def test_new_post_is_refused_without_a_goal_and_saved_with_one(demo_store):
    async def scenario(app, pilot):
        await open_calendar(pilot)
        await pilot.press("l")  # Sun 29 Nov
        before = post_count(demo_store)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PostForm)
        await pilot.press(*"Cupping night")
        brand = get_brand(demo_store, form.brand.slug)
        form.query_one("#pf-channel", Select).value = find_channel(
            demo_store, brand.id, "Instagram page"
        ).id
        when = form.query_one("#pf-when")
        when.value = "2026-12-03 18:30"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # still open
        assert "pick a goal" in screen_text(app)
        assert post_count(demo_store) == before
        form.query_one("#pf-goal", Select).value = find_goal(demo_store, brand.id, "sales").id
        form.query_one("#pf-link").value = "https://kavalab.example/cupping"
        await settle(pilot)
        assert "utm_source=instagram-page" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, PostForm)
        assert post_count(demo_store) == before + 1
        row = demo_store.conn.execute(
            "SELECT p.id, p.scheduled_at, g.slug FROM posts p JOIN goals g ON g.id = p.goal_id "
            "WHERE p.title = 'Cupping night'"
        ).fetchone()
        assert row["slug"] == "sales"
        assert from_iso(row["scheduled_at"]) == datetime(2026, 12, 3, 18, 30, tzinfo=UTC)
        view = calendar(app)
        assert view.day == date(2026, 12, 3)  # the calendar follows the new post
        assert view.current().post.id == row["id"]

    run(demo_store, scenario)


def test_edit_changes_the_title(demo_store):
    async def scenario(app, pilot):
        await open_calendar(pilot)
        view = calendar(app)
        item = await select_single_post(pilot, view)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PostForm)
        await pilot.press("ctrl+a", "ctrl+k", *"Sour espresso? Grind finer", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, PostForm)
        post = get_post(demo_store, item.post.id)
        assert post.title == "Sour espresso? Grind finer"
        assert post.scheduled_at == item.post.scheduled_at
        assert "Sour espresso? Grind finer" in screen_text(app)

    run(demo_store, scenario)


def test_move_with_keys_and_enter_shifts_a_day_and_escape_cancels(demo_store):
    async def scenario(app, pilot):
        await open_calendar(pilot)
        view = calendar(app)
        item = await select_single_post(pilot, view)
        before = scheduled_at(demo_store, item.post.id)
        await pilot.press("m", "l", "l", "escape")  # cancelled: nothing changes
        assert scheduled_at(demo_store, item.post.id) == before
        assert view.day == TODAY and view.moving is None
        await pilot.press("m", "right")
        await settle(pilot)
        assert "MOVE" in screen_text(app)
        await pilot.press("enter")
        assert scheduled_at(demo_store, item.post.id) == before + timedelta(days=1)
        assert view.day == TODAY + timedelta(days=1)
        assert view.current().post.id == item.post.id

    run(demo_store, scenario)


def test_copy_and_paste_makes_a_draft_at_the_same_time_of_day(demo_store):
    async def scenario(app, pilot):
        await open_calendar(pilot)
        view = calendar(app)
        item = await select_single_post(pilot, view)
        before = post_count(demo_store)
        await pilot.press("c", "j", "p")
        assert post_count(demo_store) == before + 1
        copy = view.current().post
        assert copy.id != item.post.id and copy.title == item.post.title
        assert copy.status == "draft"
        assert copy.scheduled_at == item.post.scheduled_at + timedelta(days=7)

    run(demo_store, scenario)


def test_delete_asks_first_and_n_keeps_the_post(demo_store):
    async def scenario(app, pilot):
        await open_calendar(pilot)
        view = calendar(app)
        item = await select_single_post(pilot, view)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert get_post(demo_store, item.post.id)
        await pilot.press("d", "y")
        await pilot.pause()
        gone = demo_store.conn.execute("SELECT 1 FROM posts WHERE id = ?", (item.post.id,))
        assert gone.fetchone() is None
        assert all(i.post.id != item.post.id for i in view.day_items(TODAY))

    run(demo_store, scenario)


def test_delete_on_a_series_skips_only_that_occurrence(demo_store):
    async def scenario(app, pilot):
        await open_calendar(pilot)
        view = calendar(app)
        await pilot.press("h")  # Fri 27 Nov: Friday Q&A at 18:00
        while not view.current().of_series:
            await pilot.press("J")
        occurrence = view.current()
        await pilot.press("d")
        await settle(pilot)
        assert "occurrence" in screen_text(app)
        await pilot.press("y")
        series = get_post(demo_store, occurrence.post.id)
        assert occurrence.at in series.exdates
        await pilot.press("right_square_bracket")  # later Fridays still have it
        assert any(i.post.id == series.id for i in view.loaded.items)

    run(demo_store, scenario)


def test_markup_in_a_title_is_shown_literally(demo_store):
    brand = get_brand(demo_store, "kava-lab")
    title = "[bold]x[/] [@click=app.quit]"
    create_post(
        demo_store,
        brand,
        title=title,
        goal="sales",
        channel="Newsletter",
        when=datetime(2026, 11, 28, 7, 0, tzinfo=UTC),
        status="published",
    )

    async def scenario(app, pilot):
        await open_calendar(pilot)
        await settle(pilot)
        view = calendar(app)
        assert view.current().post.title == title  # 07:00, first of the day
        text = screen_text(app)
        assert "[bold]x[/]" in text  # in the month cell
        assert title in text  # in full on the status line
        assert app.is_running

    run(demo_store, scenario)


def test_side_panel_shows_goal_mix_conflicts_gaps_and_warnings(demo_store):
    async def scenario(app, pilot):
        await open_calendar(pilot)
        await settle(pilot)
        text = screen_text(app)
        assert "Goal mix · November 2026" in text
        assert "Sales" in text and "Recognition" in text and "30%" in text
        assert "scheduled, past" in text  # yesterday's post still "scheduled"
        await pilot.press("right_square_bracket")
        await settle(pilot)
        text = screen_text(app)
        assert "Goal mix · December 2026" in text
        assert "Conflicts (1)" in text
        assert "Sun 06, Mon 07" in text  # the demo's empty days
        assert "sales, no link" in text

    run(demo_store, scenario)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("#pf-when", "someday soon", "someday"),
        ("#pf-when", "2020-01-01 10:00", "past"),
        ("#pf-when", "01/02", "ambiguous"),
        ("#pf-link", "not a link", "link"),
        ("#pf-title", "", "title"),
    ],
)
def test_post_form_bad_input_is_inline_and_stores_nothing(demo_store, field, value, words):
    async def scenario(app, pilot):
        await open_calendar(pilot)
        before = post_count(demo_store)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        brand = get_brand(demo_store, form.brand.slug)
        form.query_one("#pf-title").value = "Tasting"
        form.query_one("#pf-channel", Select).value = find_channel(
            demo_store, brand.id, "Instagram page"
        ).id
        form.query_one("#pf-goal", Select).value = find_goal(demo_store, brand.id, "questions").id
        form.query_one("#pf-when").value = "2026-12-03 18:30"
        form.query_one(field).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert words in screen_text(app).lower()
        assert post_count(demo_store) == before

    run(demo_store, scenario)
