"""Trust: nothing lost, nothing crashes (issue 13): large imports, failing reads, busy writes, dates."""

import csv
import re

import pytest

from smmdesk.inbox.importer import PARALLEL_FROM
from tests.tui.helpers import run, settle, workers_done


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
