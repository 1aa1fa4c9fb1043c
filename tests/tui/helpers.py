import asyncio

from smmdesk.tui.app import SmmdeskApp

SIZE = (120, 36)


def run(store, scenario, size=SIZE):
    """Drive the real app with Pilot; ``scenario(app, pilot)`` is a coroutine."""

    async def main():
        app = SmmdeskApp(store)
        async with app.run_test(size=size, notifications=True) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


def screen_text(app) -> str:
    """What the terminal shows, as plain text, line by line (reads the real render)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


async def workers_done(pilot):
    """Wait until no worker runs (a newer count cancels an older one: that is not an error)."""
    app = pilot.app
    while any(w.is_running for w in app.workers) or not app.counting_idle():
        await pilot.pause(0.02)
    await pilot.pause()


async def charts_drawn(pilot, timeout: float = 30.0):
    """Wait until the Report is built, every chart has its size and plotted its data, and
    the screen stays the same over three looks (plots lay out over several refreshes).

    A condition, not a fixed time; past ``timeout`` it fails and says what was missing.
    """
    from textual_plotext import PlotextPlot

    app = pilot.app
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    frames: list[str] = []
    while True:
        await workers_done(pilot)
        view = app.query_one("#report")
        plots = list(app.query(PlotextPlot))
        ready = (
            view.report is not None
            and plots
            and all(plot.size.width > 0 and plot.size.height > 0 for plot in plots)
            and not any(w._layout_required or w._repaint_required for w in (app.screen, *plots))
        )
        frames = [*frames[-2:], screen_text(app)] if ready else []
        if len(frames) == 3 and len(set(frames)) == 1:
            return
        if loop.time() > deadline:
            raise AssertionError(f"charts not drawn in {timeout} s (ready={ready})")
        await pilot.pause(0.05)


async def settle(pilot):
    """Let workers (counts run in threads), a pushed screen or a refresh reach the screen."""
    await pilot.pause()
    await workers_done(pilot)
    await pilot.pause(0.1)


async def eventually(pilot, condition, timeout: float = 10.0):
    """Wait until ``condition()`` holds (a refresh after a write, on a loaded machine)."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the screen never showed it"
        await pilot.pause(0.05)


def inbox(app):
    return app.query_one("#inbox")


def status_of(store, comment_id):
    return store.conn.execute("SELECT status FROM comments WHERE id = ?", (comment_id,)).fetchone()[
        0
    ]
