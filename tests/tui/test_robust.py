"""Trust: nothing lost, nothing crashes (issue 13): large imports, failing reads, busy writes, dates."""

import asyncio
import csv
import re
import sqlite3

import pytest

from smmdesk.inbox.importer import PARALLEL_FROM
from smmdesk.store import Store, open_store
from tests.tui.helpers import eventually, inbox, run, screen_text, settle, workers_done


async def settled(pilot, timeout=20.0):
    """``settle``, but a crashed app (whose counts never finish) fails instead of hanging."""
    await asyncio.wait_for(settle(pilot), timeout)


def open_count(app) -> int:
    match = re.search(r"(\d+) open", str(app.sub_title))
    assert match, app.sub_title
    return int(match.group(1))


@pytest.mark.slow
def test_a_file_large_enough_for_the_scoring_pool_imports_from_the_app(
    demo_store, tmp_path, monkeypatch
):
    """Textual's stderr has no file descriptor; the pool must start anyway (it crashed with
    ``bad value(s) in fds_to_keep``)."""
    from smmdesk.tui.inbox.importer import ImportScreen

    shown = []  # (the bar displayed, done) at each progress report
    show_progress = ImportScreen.show_progress

    def reported(screen, done, total):
        shown.append((screen.query_one("#import-progress").display, done))
        show_progress(screen, done, total)

    monkeypatch.setattr(ImportScreen, "show_progress", reported)
    n = 25_000
    assert n >= PARALLEL_FROM
    path = tmp_path / "big.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "author", "created_at", "text"])
        for i in range(n):
            writer.writerow(
                [
                    f"big{i}",
                    f"user{i % 97}",
                    "2026-11-28T08:00:00Z",
                    "Awful, it broke again" if i % 3 == 0 else f"Does it come in size {i}?",
                ]
            )

    async def scenario(app, pilot):
        await settle(pilot)
        before_db = demo_store.conn.execute("SELECT count(*) FROM comments").fetchone()[0]
        before_open = open_count(app)
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#import-path").value = str(path)
        app.screen.query_one("#import-brand").value = "kava-lab"
        await pilot.press("enter")
        await workers_done(pilot)
        await settle(pilot)
        # The bar showed while it ran (asserted from its reports: on a fast machine the
        # import may be over before a pause comes back).
        assert shown and all(displayed for displayed, _ in shown) and shown[0][1] < n
        assert app.is_running
        assert any(f"{n} new" in n_.message for n_ in app._notifications)
        after_db = demo_store.conn.execute("SELECT count(*) FROM comments").fetchone()[0]
        assert after_db == before_db + n
        assert open_count(app) == before_open + n

    run(demo_store, scenario)


class FailingOnce(sqlite3.Connection):
    """A connection whose first query fails the way a flaky disk does."""

    failures = 0

    def execute(self, *args, **kwargs):
        if FailingOnce.failures < 1:
            FailingOnce.failures += 1
            raise sqlite3.OperationalError("disk I/O error")
        return super().execute(*args, **kwargs)


def test_a_background_read_that_fails_is_retried_on_a_fresh_connection(demo_store, monkeypatch):
    opened = []
    real_reader = Store.reader

    def reader(self):
        if not opened:  # the first background connection is the flaky one
            conn = sqlite3.connect(
                f"file:{self.path}?mode=ro", uri=True, isolation_level=None, factory=FailingOnce
            )
            conn.row_factory = sqlite3.Row
            opened.append(conn)
            return Store(conn, self.path)
        opened.append(None)
        return real_reader(self)

    monkeypatch.setattr(Store, "reader", reader)
    FailingOnce.failures = 0

    async def scenario(app, pilot):
        await settled(pilot)
        assert app.is_running
        assert FailingOnce.failures == 1 and len(opened) >= 3  # failed once, then fresh connections
        assert re.search(r"\d+ open", str(app.sub_title))  # the header count arrived
        assert inbox(app).in_view is not None  # and so did the view's

    run(demo_store, scenario)


def test_a_background_read_that_keeps_failing_is_a_toast_not_a_crash(demo_store, monkeypatch):
    from smmdesk.tui import background

    def reader(self):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Store, "reader", reader)
    monkeypatch.setattr(background, "RETRY_DELAYS_S", (0.05, 0.05))

    async def scenario(app, pilot):
        await settled(pilot)
        assert app.is_running
        assert any(
            "could not read the database (disk I/O error)" in n.message for n in app._notifications
        )

    run(demo_store, scenario)


# --- Calendar at the ends of time -------------------------------------------------------


def prompt_error(app) -> str:
    return str(app.screen.query_one("#prompt-error").render())


@pytest.mark.parametrize("typed", ["9999-12-31", "0001-01-01", "9999-12-01"])
def test_go_to_a_date_past_the_calendar_is_one_line_inline(demo_store, typed):
    from tests.tui.test_calendar import TODAY, calendar, open_calendar

    async def scenario(app, pilot):
        await open_calendar(pilot)
        view = calendar(app)
        await pilot.press("g", *typed, "enter")
        await settled(pilot)
        assert app.is_running
        assert app.screen.query("#prompt-input")  # still asking
        error = prompt_error(app)
        assert typed in error and "\n" not in error.strip()
        assert f"the calendar {'ends' if typed > '2026' else 'starts'} at" in error
        assert f"'{typed}'" in screen_text(app)  # the whole line shows
        await pilot.press("escape")
        await settled(pilot)
        assert view.day == TODAY

    run(demo_store, scenario)


@pytest.mark.parametrize("mode", ["1", "2", "3"])
def test_moving_past_the_last_and_first_day_stays_and_says_so(demo_store, mode):
    from smmdesk.tui.calendar import view as cal
    from tests.tui.test_calendar import calendar, open_calendar

    async def scenario(app, pilot):
        await open_calendar(pilot)
        view = calendar(app)
        await pilot.press(mode)
        for edge, keys in (
            (cal.LAST_DAY, ("right_square_bracket", "l", "j")),
            (cal.FIRST_DAY, ("left_square_bracket", "h", "k")),
        ):
            await pilot.press("g", *edge.isoformat(), "enter")
            await settled(pilot)
            assert view.day == edge
            for key in keys:
                await pilot.press(key)
                await settled(pilot)
                assert app.is_running and view.day == edge
            assert any("the calendar" in n.message for n in app._notifications)

    run(demo_store, scenario)


def test_december_9999_from_the_keys_does_not_crash(demo_store):
    """The month navigation the issue names: ``]`` over and over from November 9999."""
    from tests.tui.test_calendar import calendar, open_calendar

    async def scenario(app, pilot):
        await open_calendar(pilot)
        view = calendar(app)
        await pilot.press("g", *"9999-11-15", "enter")
        await settled(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket", "full_stop")
        await settled(pilot)
        assert app.is_running and view.day.year == 2026

    run(demo_store, scenario)


def test_the_periodic_check_for_other_writers_survives_a_failing_read(demo_store, monkeypatch):
    from smmdesk.tui import app as app_module

    monkeypatch.setattr(app_module, "EXTERNAL_CHECK_S", 0.1)
    calls = []
    real = Store.data_version

    def flaky(self):
        calls.append(1)
        if len(calls) == 2:  # the first periodic check
            raise sqlite3.OperationalError("disk I/O error")
        return real(self)

    monkeypatch.setattr(Store, "data_version", flaky)

    async def scenario(app, pilot):
        await pilot.pause(0.5)
        await settled(pilot)
        assert app.is_running and len(calls) > 2

    run(demo_store, scenario)


def test_a_change_by_another_writer_seen_while_the_app_closes_does_not_crash(demo_store):
    """Found in a full run: the periodic check fired while the app was closing, when the queue's
    table was already gone, and the reload raised NoMatches."""
    from smmdesk.tui.inbox.view import QueueTable

    async def scenario(app, pilot):
        await settled(pilot)
        await app.query_one(QueueTable).remove()
        with open_store(demo_store.path) as other:  # another process commits
            other.conn.execute("UPDATE comments SET likes = likes + 1")
            other.conn.commit()
        app.check_external_changes()
        assert app.is_running

    run(demo_store, scenario)


def test_warm_up_imports_the_first_writes_modules_off_the_main_thread(
    demo_store, tmp_path, monkeypatch
):
    """``warm_up``: what the first triage key would import is loaded by a thread once the
    inbox is shown, not by that key."""
    import sys
    import threading

    from smmdesk.tui import app as app_module

    (tmp_path / "warm_probe.py").write_text(
        "import threading\nIMPORTED_BY = threading.current_thread()\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(app_module, "WARM_UP", ("warm_probe",))
    monkeypatch.setattr(app_module, "WARM_UP_AFTER_S", 0.05)
    monkeypatch.delitem(sys.modules, "warm_probe", raising=False)

    async def scenario(app, pilot):
        await eventually(pilot, lambda: "warm_probe" in sys.modules)
        assert sys.modules["warm_probe"].IMPORTED_BY is not threading.main_thread()

    run(demo_store, scenario)
    sys.modules.pop("warm_probe", None)


def test_the_log_is_checkpointed_off_the_main_thread_once_keys_pause(demo_store, monkeypatch):
    """No triage key's commit copies the log into the file (that synced the file to disk on
    the key: ~50 ms every ~70 keys); a thread does it once the keys pause."""
    import threading

    from smmdesk.tui import app as app_module

    monkeypatch.setattr(app_module, "QUIET_S", 0.2)
    ran = []
    checkpoint = Store.checkpoint

    def spied(self):
        ran.append(threading.current_thread() is threading.main_thread())
        checkpoint(self)

    monkeypatch.setattr(Store, "checkpoint", spied)

    async def scenario(app, pilot):
        await settle(pilot)
        assert demo_store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] >= 10_000
        await pilot.press("e")
        await pilot.press("e")
        await eventually(pilot, lambda: ran)
        await pilot.pause(0.3)
        assert ran == [False]  # once, after both keys, in a worker thread

    run(demo_store, scenario)
