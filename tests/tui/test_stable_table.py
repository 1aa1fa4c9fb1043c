"""StableTable draws what DataTable draws, after removals and updates, and clicks land right.

Each check compares the lines our table renders with those of a plain DataTable holding the
same rows, cursor and size (styles, stripes, cursor, the mouse meta of every cell).
"""

import asyncio

from rich.text import Text
from textual.app import App
from textual.containers import Horizontal
from textual.widgets import DataTable

from smmdesk.tui.widgets.table import StableTable

COLUMNS = ("id", "tone", "comment")


def row(n: int) -> list[Text]:
    return [Text(str(n)), Text("−" if n % 3 else "+", style="bold red"), Text(f"comment {n} " * 3)]


class Pair(App):
    CSS = "DataTable { width: 1fr; height: 12; }"

    def compose(self):
        with Horizontal():
            yield StableTable(id="ours", cursor_type="row", zebra_stripes=True)
            yield DataTable(id="plain", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            for name in COLUMNS:
                table.add_column(name, key=name, width=12)
            for n in range(40):
                table.add_row(*row(n), key=str(n))
        self.query_one("#ours").focus()


def lines(table: DataTable) -> list:
    """What the table draws now, segment by segment, meta included (Style's equality
    leaves the meta out)."""
    strips = table.render_lines(table.region.reset_offset)
    return [
        [(s.text, s.style, s.style.meta if s.style else None) for s in strip] for strip in strips
    ]


def run(scenario):
    async def main():
        app = Pair()
        async with app.run_test(size=(80, 16)) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


def test_removals_draw_what_datatable_draws():
    async def scenario(app, pilot):
        ours, plain = app.query_one("#ours", DataTable), app.query_one("#plain", DataTable)
        # DataTable's own look differs with focus: compare both unfocused.
        app.set_focus(None)
        await pilot.pause()
        assert lines(ours) == lines(plain)
        for key in ("0", "1", "5", "2"):  # at the cursor, and below it
            for table in (ours, plain):
                table.remove_row(key)
            await pilot.pause()
            assert lines(ours) == lines(plain), key
        for table in (ours, plain):
            table.move_cursor(row=3)
            table.update_cell("7", "comment", Text("changed", style="italic"))
        await pilot.pause()
        assert lines(ours) == lines(plain)
        for table in (ours, plain):
            table.remove_row("6")
            table.scroll_to(y=10, animate=False)
        await pilot.pause()
        assert lines(ours) == lines(plain)

    run(scenario)


def test_an_updated_row_is_drawn_again():
    async def scenario(app, pilot):
        ours = app.query_one("#ours", DataTable)
        ours.remove_row("0")
        await pilot.pause()
        ours.update_cell("3", "comment", Text("changed"))
        await pilot.pause()
        drawn = "".join(s[0] for s in lines(ours)[3])  # header, then rows 1, 2, 3
        assert "changed" in drawn

    run(scenario)


def test_a_click_after_removals_lands_on_the_row_under_the_mouse():
    async def scenario(app, pilot):
        ours = app.query_one("#ours", DataTable)
        for key in ("0", "1", "2"):
            ours.remove_row(key)
            await pilot.pause()
        await pilot.click("#ours", offset=(2, 1 + 4))  # the header, then the fifth row
        await pilot.pause()
        assert ours.cursor_row == 4
        assert ours.coordinate_to_cell_key(ours.cursor_coordinate).row_key.value == "7"

    run(scenario)


def test_a_removal_lays_nothing_out():
    async def scenario(app, pilot):
        ours = app.query_one("#ours", DataTable)
        await pilot.pause()
        ours.remove_row("4")
        assert not ours._layout_required
        await pilot.pause()
        assert not ours._layout_required

    run(scenario)


def test_a_table_its_rows_size_is_laid_out_after_a_removal():
    async def scenario(app, pilot):
        ours = app.query_one("#ours", DataTable)
        ours.styles.height = "auto"
        await pilot.pause()
        ours.remove_row("4")
        assert ours._layout_required

    run(scenario)


def test_after_drawn_runs_once_the_frame_showing_the_change_is_displayed():
    """Not before it (``call_after_refresh`` can, when the screen goes idle before the
    table's update reaches it): the callback sees a frame already shown with the row gone."""

    async def scenario(app, pilot):
        ours = app.query_one("#ours", StableTable)
        shown, seen = [], []
        display = app._display

        def displayed(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is not None:
                shown.append(ours.row_count)

        app._display = displayed
        for _ in range(5):
            before = ours.row_count
            ours.after_drawn(lambda before=before: seen.append(list(shown)))
            ours.remove_row(str(ours.coordinate_to_cell_key((ours.cursor_row, 0)).row_key.value))
            await pilot.pause()
            await pilot.pause()
            assert seen and before - 1 in seen[-1]  # a frame without the row came first
            shown.clear()

    run(scenario)


def test_after_drawn_on_a_table_not_drawn_runs_anyway():
    async def scenario(app, pilot):
        ours = app.query_one("#ours", StableTable)
        ours.display = False
        await pilot.pause()
        ran = []
        ours.after_drawn(lambda: ran.append(True))
        await pilot.pause()
        await pilot.pause()
        assert ran == [True]

    run(scenario)
