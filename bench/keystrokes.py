"""Figure 4, keystrokes: a triage key and a calendar key against a bare DataTable's cursor.

A child (``bench.probe keys``) drives the app with Pilot on a copy of the database
(resolving writes): ``e`` (resolve, move on) 40 times, then F2 and ``]`` (next
month) 24 times (fewer, 5 at least, when a kind of key has taken 25 s), each timed from the press until the screen has been repainted.
The bare app presses ``down`` in a DataTable of one page, timed the same way.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from bench import data
from bench.common import Row, at_most, p50, p95


def keys(kind: str, db: Path) -> dict[str, list[float]]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.probe", "keys", kind, str(db)],
        capture_output=True,
        text=True,
        env=data.child_env(),
    )
    if out.returncode:
        raise RuntimeError(f"keys {kind} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(sizes: list[str], log) -> list[Row]:
    rows = []
    for label in sizes:
        log(f"keystrokes at {label}")
        copy = data.DATA / "keys-bench.db"
        for suffix in ("-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(data.database(label), copy)
        app = keys("app", copy)
        bare = keys("bare", copy)["cursor"]
        for name, what in (("triage", "triage key e"), ("calendar", "calendar key ]")):
            for stat, fn in (("p50", p50), ("p95", p95)):
                rows.append(
                    at_most(
                        f"{what} {stat} @{label}",
                        fn(app[name]),
                        fn(bare),
                        "ms",
                        1.5,
                        f"{len(app[name])} presses; limit: cursor down in a bare "
                        "DataTable of one page",
                    )
                )
    return rows
