"""Run in a child process: the real app, or a bare Textual app, on a database.

    python -m bench.probe startup app|bare DB   print "drawn N KB" once the first frame with
                                                 N table rows is on screen (KB: the peak
                                                 RSS so far), then exit
    python -m bench.probe keys app|bare|grid DB Pilot: time keys to the updated screen;
                                                 print JSON {"triage": {"frame": [ms],
                                                 "settled": [ms]}, "floor": ..., "calendar": ...,
                                                 "calendar_idle": ...} (floor: a row's UPDATE
                                                 committed and the row removed, nothing else;
                                                 floor_remove: the row removed alone;
                                                 calendar_idle: ``]`` again once no worker
                                                 runs); bare: "cursor"; grid:
                                                 "grid" (a bare widget of the calendar grid's
                                                 size, every line changed by ``]``)

"Drawn" is the same hook for both apps: Textual's Ready event (first frame shown),
then, once the table holds rows, one more completed refresh (``call_after_refresh``).
Both run headless at 120x36. Nothing heavy is imported before ``main``: the parent
times the child from process start.
"""

from __future__ import annotations

import os
import sys

SIZE = (120, 36)
TRIAGE_KEYS = 40
CALENDAR_KEYS = 24
QUIET_S = 0.05  # no frame for this long before a key: the previous key's frames are over
BUDGET_S = 25  # per key kind: stop early (after 5 presses at least) when keys are slow


class NoHook:
    pass


def bare_app(db: str, hook: type | None = None):
    """The floor: one DataTable of one page (100 rows, read with plain sqlite3)."""
    import sqlite3

    from textual.app import App
    from textual.widgets import DataTable

    class Bare(hook or NoHook, App):
        def compose(self):
            yield DataTable(cursor_type="row", zebra_stripes=True)

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns(" ", "prio", "tone", "age", "platform", "brand", "author", "comment")
            conn = sqlite3.connect(db)
            rows = conn.execute(
                "SELECT id, tier, band, created_at, platform, brand_id, author, text FROM comments "
                "WHERE status = 'open' ORDER BY tier, urgent_at, id LIMIT 100"
            ).fetchall()
            for row in rows:
                table.add_row(*(str(cell)[:60] for cell in row), key=str(row[0]))
            table.focus()

    return Bare()


def grid_app(hook: type | None = None):
    """The floor of a key that changes a whole month grid: a bare line-API widget the size of
    the calendar's grid (27 lines of 7 styled cells) whose every line changes on ``]``, each
    set of lines drawn before the keys (Textual drawing them, nothing else)."""
    from rich.segment import Segment
    from rich.style import Style
    from textual.app import App
    from textual.strip import Strip
    from textual.widget import Widget

    styles = [Style(color=c, dim=n % 2 == 0) for n, c in enumerate(("red", "green", "blue"))]

    def lines(seed: int) -> list[Strip]:
        def cell(row: int, col: int) -> list[Segment]:
            text = f"{seed + row * 7 + col:>4} post title of a day"[:15]
            return [Segment(text, styles[(seed + row + col) % 3]), Segment("│", styles[0])]

        return [Strip([s for col in range(7) for s in cell(row, col)]) for row in range(27)]

    sets = [lines(seed) for seed in range(CALENDAR_KEYS + 1)]

    class Grid(Widget, can_focus=True):
        DEFAULT_CSS = "Grid { height: 27; }"
        shown = 0

        def render_line(self, y: int) -> Strip:
            return sets[self.shown % len(sets)][y].adjust_cell_length(self.size.width)

    class Bare(hook or NoHook, App):
        BINDINGS = [("right_square_bracket", "next")]

        def compose(self):
            yield Grid()

        def on_mount(self) -> None:
            self.query_one(Grid).focus()

        def action_next(self) -> None:
            grid = self.query_one(Grid)
            grid.shown += 1
            grid.refresh()

    return Bare()


def real_app(db: str, hook: type | None = None):
    import inspect
    from pathlib import Path

    from smmdesk.store import open_store
    from smmdesk.tui.app import SmmdeskApp

    class Real(hook or NoHook, SmmdeskApp):
        # Textual reads a relative CSS_PATH beside the subclass's file; point at the app's.
        CSS_PATH = Path(inspect.getfile(SmmdeskApp)).with_name(SmmdeskApp.CSS_PATH)
        BINDINGS = [("f12", "floor_row"), ("f11", "floor_remove")]

        def action_floor_row(self) -> None:
            """The floor of a triage key in this table: the row's one UPDATE, committed, the
            row removed (the cursor stays on its index: the next comment); nothing else."""
            inbox = self.query_one("#inbox")
            row = inbox.table.cursor_row
            item = inbox.items.pop(row)
            with self.store.conn:
                self.store.conn.execute(
                    "UPDATE comments SET status = 'resolved' WHERE id = ?", (item.id,)
                )
            inbox.table.remove_row(str(item.id))

        def action_floor_remove(self) -> None:
            """The floor of ``e``, which writes after its frame: the row removed (the cursor
            stays on its index: the next comment), nothing else."""
            inbox = self.query_one("#inbox")
            item = inbox.items.pop(inbox.table.cursor_row)
            inbox.table.remove_row(str(item.id))

    return Real(open_store(db))


def peak_rss_kb() -> int:
    """This process's own peak RSS (VmHWM). ``ru_maxrss`` from ``wait4`` is not: a child
    forked from a large parent (the bench, after its imports) starts its high-water mark at
    the parent's size."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))


class DrawnHook:
    """Print "drawn N" and leave at once when the first frame holding table rows is shown."""

    def on_ready(self) -> None:  # Ready: the DOM is ready and the first frame has been displayed
        from textual.widgets import DataTable

        if self.query_one(DataTable).row_count:
            self.call_after_refresh(self.drawn)
        else:
            self.set_timer(0.005, self.on_ready)

    def drawn(self) -> None:
        from textual.widgets import DataTable

        sys.stdout.write(f"drawn {self.query_one(DataTable).row_count} {peak_rss_kb()}\n")
        sys.stdout.flush()
        os._exit(0)


class Frames:
    """Counts the frames the app displays (``App._display``, called once the compositor has
    rendered an update), and when the last one was."""

    def __init__(self, app) -> None:
        from time import perf_counter

        self.count, self.at = 0, 0.0
        display = app._display

        def counted(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is not None:
                self.count, self.at = self.count + 1, perf_counter()

        app._display = counted


async def time_keys(
    app, key: str, char: str | None, state, count: int, *, quiet: float = QUIET_S
) -> dict[str, list[float]]:
    """Milliseconds from each key press until ``state()`` has changed and a frame shows it
    ("frame"), and until the screen has settled: the last frame the key caused, every part
    it changed drawn, none for ``quiet`` after it ("settled"; with ``quiet=0``, Textual's
    ``call_after_refresh`` after the key's frame).

    The key goes in as Pilot sends it (through the driver), but not with
    ``Pilot.press``, whose idle heuristics sleep 20 ms or more per key and would
    swamp the figure.
    """
    import asyncio
    from time import perf_counter

    from textual import events

    frames = Frames(app)
    out: dict[str, list[float]] = {"frame": [], "settled": []}
    deadline = perf_counter() + BUDGET_S
    for _ in range(count):
        if len(out["frame"]) >= 5 and perf_counter() > deadline:
            break
        await asyncio.sleep(0.05)  # a person's pace: deferred work settles between keys
        # ... and is drawn: a frame shown within 1/60 s before a key makes the key's own frame
        # wait for Textual's next 60 fps tick (up to 16.7 ms), and the frames that follow a
        # triage key (its detail pane, counts, toast, the layout they cause) last ~60 ms.
        while perf_counter() - frames.at < quiet:
            await asyncio.sleep(0.005)
        before = state()
        started = perf_counter()
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)
        while state() == before:
            await asyncio.sleep(0)
        # The key's handler has run (state changed); the next frame displayed shows it.
        shown = frames.count
        repainted = asyncio.Event()
        app.call_after_refresh(repainted.set)
        while frames.count == shown:
            await asyncio.sleep(0)
        out["frame"].append((frames.at - started) * 1000)
        await repainted.wait()
        # Settled: the last frame the key caused, once none has come for ``quiet`` (the
        # deferred parts follow the key's frame and draw frames of their own).
        while quiet and perf_counter() - frames.at < quiet:
            await asyncio.sleep(0.005)
        out["settled"].append(((frames.at if quiet else perf_counter()) - started) * 1000)
    return out


async def refilled(pilot, inbox, key: str, shown) -> dict[str, list[float]]:
    """The queue read again first (the floors take rows off without reading more), then
    ``key`` timed as ``time_keys`` does."""
    inbox.reload()
    await pilot.pause()
    return await time_keys(pilot.app, key, None, shown, TRIAGE_KEYS)


def keys(kind: str, db: str) -> None:
    import asyncio
    import json

    from textual.widgets import DataTable

    app = {"app": real_app, "bare": bare_app}[kind](db) if kind != "grid" else grid_app()

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            if kind == "app":
                inbox = app.query_one("#inbox")
                shown = lambda: (inbox.current().id, len(inbox.items))  # noqa: E731
                result = {
                    "triage": await time_keys(app, "e", "e", shown, TRIAGE_KEYS),
                    "floor": await time_keys(app, "f12", None, shown, TRIAGE_KEYS),
                    "floor_remove": await refilled(pilot, inbox, "f11", shown),
                    # 20 keys a second: each key lands among the previous one's frames.
                    "triage_fast": await time_keys(app, "e", "e", shown, TRIAGE_KEYS, quiet=0),
                }
                await pilot.press("f2")
                await pilot.pause()
                calendar = app.query_one("#calendar")
                result["calendar"] = await time_keys(
                    app, "right_square_bracket", "]", lambda: calendar.day, CALENDAR_KEYS
                )
                # Again from today, once no worker runs (the inbox's counts of what the triage
                # keys changed, a scan of every open comment): what ] costs with a free core.
                for _ in range(1200):  # a minute at most
                    if not any(worker.is_running for worker in app.workers):
                        break
                    await asyncio.sleep(0.05)
                await pilot.press("full_stop")
                await pilot.pause()
                result["calendar_idle"] = await time_keys(
                    app, "right_square_bracket", "]", lambda: calendar.day, CALENDAR_KEYS
                )
            elif kind == "grid":
                grid = app.query_one("Grid")
                result = {
                    "grid": await time_keys(
                        app, "right_square_bracket", "]", lambda: grid.shown, CALENDAR_KEYS
                    )
                }
            else:
                table = app.query_one(DataTable)
                result = {
                    "cursor": await time_keys(
                        app, "down", None, lambda: table.cursor_row, TRIAGE_KEYS
                    )
                }
            print(json.dumps(result))

    asyncio.run(scenario())


def main(argv: list[str]) -> None:
    mode, kind, db = argv
    if mode == "startup":
        app = real_app(db, DrawnHook) if kind == "app" else bare_app(db, DrawnHook)
        app.run(headless=True, size=SIZE)
    else:
        keys(kind, db)


if __name__ == "__main__":
    main(sys.argv[1:])
