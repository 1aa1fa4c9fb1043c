"""Two processes on one file: a busy database never reaches the user as an error."""

import sqlite3

from smmdesk.inbox import triage
from smmdesk.store import open_store
from tests.tui.helpers import inbox, run, settle, status_of


def test_triage_waits_for_another_writer_and_is_not_lost(demo_store):
    async def scenario(app, pilot):
        first = inbox(app).items[0].id
        other = sqlite3.connect(demo_store.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # e.g. an import writing its file
        await pilot.press("e")
        await pilot.pause()
        assert status_of(demo_store, first) == "open"
        assert any("busy" in n.message for n in app._notifications)
        other.execute("COMMIT")
        other.close()
        await pilot.pause(1.0)
        assert status_of(demo_store, first) == "resolved"

    run(demo_store, scenario)


def test_two_sessions_resolving_the_same_comment(demo_store):
    """One wins; the other is told; the log holds both attempts."""
    with open_store(demo_store.path) as second:
        cid = demo_store.conn.execute(
            "SELECT id FROM comments WHERE status = 'open' LIMIT 1"
        ).fetchone()[0]
        # Both sessions saw the comment open; the second one acts first.
        triage.mark_spam(second, [cid], actor="alex")
        outcome = triage.resolve(demo_store, [cid], actor="tester", expect_status="open")
    assert outcome.conflicts == [cid] and "changed elsewhere" in outcome.message()
    assert status_of(demo_store, cid) == "spam"
    log = demo_store.conn.execute(
        "SELECT action, actor FROM actions WHERE comment_id = ? ORDER BY id", (cid,)
    ).fetchall()
    assert [tuple(r) for r in log][-2:] == [("spam", "alex"), ("resolve:conflict", "tester")]


def test_comments_imported_by_another_process_appear(demo_store, tmp_path):
    import subprocess
    import sys

    path = tmp_path / "new.csv"
    path.write_text(
        'id,text,author,created_at\nx1,"Terrible, broken on arrival",Newcomer,2026-11-28T08:59:00Z\n',
        encoding="utf-8",
    )

    async def scenario(app, pilot):
        view = inbox(app)
        await settle(pilot)
        before = app.sub_title
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "smmdesk",
                "--db",
                str(demo_store.path),
                "import",
                "--brand",
                "kava-lab",
                str(path),
            ],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        await pilot.pause(2.5)
        await settle(pilot)
        assert any(item.author == "Newcomer" for item in view.items)
        assert app.sub_title != before  # the header counts follow

    run(demo_store, scenario)
