"""SIGKILL at random moments: the database stays intact and holds none or all of a file."""

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

RECORDS = 6000


def write_export(path, records=RECORDS):
    with open(path, "w", encoding="utf-8") as handle:
        for n in range(records):
            handle.write(
                json.dumps(
                    {
                        "id": f"c{n}",
                        "author": f"user{n % 97}",
                        "created_at": "2026-11-27T10:00:00Z",
                        "text": f"Order {n} arrived late and the box was damaged, not happy at all"
                        if n % 5 == 0
                        else f"Thanks for the quick delivery of order {n}, great coffee!",
                    }
                )
                + "\n"
            )


def start_import(db, path):
    return subprocess.Popen(
        [sys.executable, "-m", "smmdesk", "--db", str(db), "import", "--brand", "acme", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def state(db):
    conn = sqlite3.connect(db)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        ids = {r[0] for r in conn.execute("SELECT external_id FROM comments")}
        fts = conn.execute("SELECT count(*) FROM comments_fts").fetchone()[0]
    except sqlite3.OperationalError:  # killed before the schema was written
        return "ok", set(), 0
    finally:
        conn.close()
    return integrity, ids, fts


@pytest.mark.slow
def test_killed_imports_leave_none_or_all(tmp_path):
    rng = random.Random(20261128)
    db, export = tmp_path / "desk.db", tmp_path / "night.jsonl"
    write_export(export)
    expected = {f"c{n}" for n in range(RECORDS)}
    # How long a whole import takes here, so the kills land throughout it.
    began = time.monotonic()
    assert start_import(tmp_path / "probe.db", export).wait(timeout=300) == 0
    full = time.monotonic() - began
    kills, attempts = 0, 0
    while kills < 20 and attempts < 40:
        attempts += 1
        process = start_import(db, export)
        time.sleep(rng.uniform(0.05, full * 0.9))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait(timeout=60)
        integrity, ids, fts = state(db)
        assert integrity == "ok"
        assert ids in (set(), expected)
        assert fts == len(ids)
        if ids:  # it finished first: start over on a fresh file
            for suffix in ("", "-wal", "-shm"):
                (tmp_path / f"desk.db{suffix}").unlink(missing_ok=True)
    assert kills >= 20
    assert start_import(db, export).wait(timeout=300) == 0
    integrity, ids, fts = state(db)
    assert integrity == "ok" and ids == expected and fts == RECORDS


def consistent_with_log(db) -> list[int]:
    """Comments whose fields disagree with the newest entry of their action log."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    bad = []
    for row in conn.execute(
        "SELECT a.comment_id, a.after FROM actions a WHERE a.id = "
        "(SELECT max(id) FROM actions b WHERE b.comment_id = a.comment_id AND b.action NOT LIKE '%:conflict')"
    ):
        after = {k: v for k, v in json.loads(row["after"]).items() if k != "labels"}
        if not after:
            continue
        current = conn.execute(
            f"SELECT {', '.join(after)} FROM comments WHERE id = ?", (row["comment_id"],)
        ).fetchone()
        if tuple(current) != tuple(after.values()):
            bad.append(row["comment_id"])
    conn.close()
    return bad


@pytest.mark.slow
def test_killed_tui_sessions_keep_the_log_and_the_comments_in_step(tmp_path, monkeypatch):
    from pathlib import Path

    from smmdesk.demo.build import build_demo
    from smmdesk.store import open_store
    from smmdesk.timeutil import from_iso

    db = tmp_path / "desk.db"
    with open_store(db) as store:
        build_demo(store, from_iso("2026-11-28T09:00:00+00:00"))
    script = Path(__file__).parent / "tui" / "triage_loop.py"
    rng = random.Random(7)
    env = {
        **__import__("os").environ,
        "SMMDESK_NOW": "2026-11-28T09:00:00+00:00",
        "SMMDESK_USER": "tester",
        "PYTHONPATH": str(Path(__file__).parents[1]),
    }
    actions_seen = 0
    for _ in range(10):
        process = subprocess.Popen(
            [sys.executable, str(script), str(db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        assert process.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.3, 1.5))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        actions = conn.execute("SELECT count(*) FROM actions WHERE actor = 'tester'").fetchone()[0]
        conn.close()
        assert consistent_with_log(db) == []
        actions_seen = actions
    assert actions_seen > 5  # the kills landed while triage was writing


def test_the_log_check_catches_a_change_without_its_entry(tmp_path):
    from smmdesk.inbox import triage
    from smmdesk.inbox.importer import ImportSummary, import_records
    from smmdesk.store import open_store
    from smmdesk.store.brands import create_brand
    from tests.inbox.helpers import raw

    db = tmp_path / "desk.db"
    with open_store(db) as store:
        brand = create_brand(store, "Acme")
        import_records(store, iter([raw("awful", id="1")]), brand, ImportSummary("f", "csv"))
        triage.resolve(store, [1])
        assert consistent_with_log(db) == []
        store.conn.execute("UPDATE comments SET status = 'open' WHERE id = 1")
    assert consistent_with_log(db) == [1]
