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


async def settle(pilot):
    """Let workers (counts run in threads), a pushed screen or a refresh reach the screen."""
    await pilot.pause()
    await workers_done(pilot)
    await pilot.pause(0.1)


def inbox(app):
    return app.query_one("#inbox")


def status_of(store, comment_id):
    return store.conn.execute("SELECT status FROM comments WHERE id = ?", (comment_id,)).fetchone()[
        0
    ]
