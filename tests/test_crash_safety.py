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
            handle.write(json.dumps({
                "id": f"c{n}", "author": f"user{n % 97}", "created_at": "2026-11-27T10:00:00Z",
                "text": f"Order {n} arrived late and the box was damaged, not happy at all" if n % 5 == 0
                else f"Thanks for the quick delivery of order {n}, great coffee!",
            }) + "\n")


def start_import(db, path):
    return subprocess.Popen(
        [sys.executable, "-m", "smmdesk", "--db", str(db), "import", "--brand", "acme", str(path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def state(db):
    conn = sqlite3.connect(db)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        ids = {r[0] for r in conn.execute("SELECT external_id FROM comments")}
        fts = conn.execute("SELECT count(*) FROM comments_fts").fetchone()[0]
    except sqlite3.OperationalError:     # killed before the schema was written
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
        if ids:                          # it finished first: start over on a fresh file
            for suffix in ("", "-wal", "-shm"):
                (tmp_path / f"desk.db{suffix}").unlink(missing_ok=True)
    assert kills >= 20
    assert start_import(db, export).wait(timeout=300) == 0
    integrity, ids, fts = state(db)
    assert integrity == "ok" and ids == expected and fts == RECORDS
