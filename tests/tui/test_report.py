"""The Report section driven with Pilot on the demo desk (frozen clock, UTC)."""

import re

from textual_plotext import PlotextPlot

from tests.tui.helpers import run, screen_text, settle


def head(app):
    return str(app.query_one("#report-head").render())


def test_report_shows_figures_and_charts(demo_store):
    async def scenario(app, pilot):
        await pilot.press("f3")
        await settle(pilot)
        text = screen_text(app)
        assert "All brands · 22 Nov – 28 Nov 2026 (7 days)" in text
        assert "comments" in text and "missed target" in text
        assert "Comments per day" in text and "First response" in text
        assert len(app.query(PlotextPlot)) == 4
        view = app.query_one("#report")
        assert view.report.inbox.total > 0
        assert view.report.outcome_totals.clicks > 0  # demo outcomes
        assert any(r.comments for r in view.report.by_goal)  # demo comments linked to posts

    run(demo_store, scenario)


def test_range_and_brand_keys(demo_store):
    async def scenario(app, pilot):
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "15 Nov – 21 Nov 2026" in head(app)
        await pilot.press("right_square_bracket", "plus")
        await settle(pilot)
        assert "15 Nov – 28 Nov 2026 (14 days)" in head(app)
        await pilot.press("minus")
        await settle(pilot)
        assert "(7 days)" in head(app)
        await pilot.press("b")
        await settle(pilot)
        first = head(app)
        assert first.startswith("Kava Lab") or first.startswith("Trailhead")
        await pilot.press("b", "b")
        await settle(pilot)
        assert head(app).startswith("All brands")
        await pilot.press("left_square_bracket", "full_stop")
        await settle(pilot)
        assert "22 Nov – 28 Nov 2026" in head(app)

    run(demo_store, scenario)


def test_empty_range_draws_without_data(demo_store):
    async def scenario(app, pilot):
        await pilot.press("f3")
        for _ in range(10):
            await pilot.press("left_square_bracket")
        await settle(pilot)
        view = app.query_one("#report")
        assert view.report.inbox.total == 0
        text = screen_text(app)
        assert "none in this range" in text or "no replies yet" in text

    run(demo_store, scenario)


def test_type_outcomes_of_a_post(demo_store):
    post_id = demo_store.conn.execute(
        "SELECT id FROM posts WHERE status = 'published' ORDER BY id LIMIT 1"
    ).fetchone()[0]

    async def scenario(app, pilot):
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press(*"99999 clicks=1", "enter")
        await settle(pilot)
        assert "no post with id 99999" in screen_text(app)  # shown inline
        input_ = app.screen.query_one("#prompt-input")
        input_.value = f"{post_id} 2026-11-27 clicks=7 leads=2 spend=abc"
        await pilot.press("enter")
        await settle(pilot)
        assert "spend must be a number" in screen_text(app)
        input_.value = f"{post_id} 2026-11-27 clicks=7 leads=2"
        await pilot.press("enter")
        await settle(pilot)
        assert not app.screen.query("#prompt-input")

    run(demo_store, scenario)
    row = demo_store.conn.execute(
        "SELECT clicks, leads, source FROM outcomes WHERE post_id = ? AND day = '2026-11-27'",
        (post_id,),
    ).fetchone()
    assert tuple(row) == (7, 2, "typed")


def test_markup_in_user_text_is_shown_literally(demo_store):
    from smmdesk.store.brands import list_brands

    brand = list_brands(demo_store)[0]
    demo_store.conn.execute(
        "UPDATE goals SET name = '[bold]Sales[/bold]' WHERE slug = 'sales' AND brand_id = ?",
        (brand.id,),
    )

    async def scenario(app, pilot):
        await pilot.press("f3")
        await settle(pilot)
        import io

        from rich.console import Console

        view = app.query_one("#report")
        out = io.StringIO()
        Console(width=200, file=out).print(*view.tables(view.report))
        assert "[bold]Sales[/bold]" in out.getvalue()

    run(demo_store, scenario)


def test_tables_are_as_wide_as_their_numbers_and_headers(demo_store):
    """Tall terminals, so the whole report shows; the width is what is under test."""
    for width in (120, 80):

        async def scenario(app, pilot, width=width):
            await pilot.press("f3")
            await settle(pilot)
            text = screen_text(app)
            for whole in (
                "missed target",
                "90th pct",
                "comments",
                "answered",
                "Answering questions",
                "4,617.00",
                "7,796.00",
                "1,765",
                "+100 pts",
            ):
                assert whole in text, (width, whole)
            if width == 120:  # it fits: nothing scrolls sideways
                assert "campaign (no campaign)" in text and "per" in text
                assert re.search(r" \d{1,3}% ", text)  # the negative share, whole

        run(demo_store, scenario, size=(width, 120))


def test_chart_legends_sit_above_the_plots_not_on_the_data(demo_store):
    for size in ((120, 36), (80, 40)):

        async def scenario(app, pilot, size=size):
            await pilot.press("f3")
            await settle(pilot)
            for _ in range(3):
                await pilot.pause(0.1)
            text = " ".join(screen_text(app).split())
            for legend in (
                "■ all",
                "■ negative",
                "■ unscored",
                "■ median",
                "■ 90th pct",
                "■ actual",
                "■ target",
                "■ clicks",
                "■ leads",
                "■ sales",
            ):
                assert legend in text, (size, legend)
            assert "██ median" not in text and "⢕⢕ all" not in text  # plotext's own legend box

        run(demo_store, scenario, size=size)


def test_headline_numbers_share_one_format(demo_store):
    post_id = demo_store.conn.execute(
        "SELECT id FROM posts WHERE status = 'published' ORDER BY id LIMIT 1"
    ).fetchone()[0]

    async def scenario(app, pilot):
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        app.screen.query_one(
            "#prompt-input"
        ).value = f"{post_id} 2026-11-27 clicks=1000000 leads=1000000177 sales=12345"
        await pilot.press("enter")
        await settle(pilot)
        text = head(app)
        assert re.search(r"1,000,000,\d{3} leads", text) and re.search(r"12,\d{3} sales", text)
        assert not re.search(r"\d{4,} [a-z]", text.splitlines()[-1]), text  # one number format

    run(demo_store, scenario)
