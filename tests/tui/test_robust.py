"""Trust: nothing lost, nothing crashes (issue 13): large imports, failing reads, busy writes, dates."""

import asyncio
import csv
import re
import sqlite3

import pytest

from smmdesk.inbox.importer import PARALLEL_FROM
from smmdesk.store import Store
from tests.tui.helpers import inbox, run, settle, workers_done


async def settled(pilot, timeout=20.0):
    """``settle``, but a crashed app (whose counts never finish) fails instead of hanging."""
    await asyncio.wait_for(settle(pilot), timeout)


def open_count(app) -> int:
    match = re.search(r"(\d+) open", str(app.sub_title))
    assert match, app.sub_title
    return int(match.group(1))


@pytest.mark.slow
def test_a_file_large_enough_for_the_scoring_pool_imports_from_the_app(demo_store, tmp_path):
    """Textual's stderr has no file descriptor; the pool must start anyway (it crashed with
    ``bad value(s) in fds_to_keep``)."""
    n = 25_000
    assert n >= PARALLEL_FROM
    path = tmp_path / "big.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "author", "created_at", "text"])
        for i in range(n):
            writer.writerow([f"big{i}", f"user{i % 97}", "2026-11-28T08:00:00Z",
                             "Awful, it broke again" if i % 3 == 0 else f"Does it come in size {i}?"])

    async def scenario(app, pilot):
        await settle(pilot)
        before_db = demo_store.conn.execute("SELECT count(*) FROM comments").fetchone()[0]
        before_open = open_count(app)
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#import-path").value = str(path)
        app.screen.query_one("#import-brand").value = "kava-lab"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#import-progress").display   # the bar shows while it runs
        await workers_done(pilot)
        await settle(pilot)
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
        if not opened:        # the first background connection is the flaky one
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None,
                                   factory=FailingOnce)
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
        assert FailingOnce.failures == 1 and len(opened) >= 3   # failed once, then fresh connections
        assert re.search(r"\d+ open", str(app.sub_title))      # the header count arrived
        assert inbox(app).in_view is not None                   # and so did the view's

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
        assert any("could not read the database (disk I/O error)" in n.message for n in app._notifications)

    run(demo_store, scenario)
