"""Figures 3 and 5: startup time and peak memory, the app against a bare Textual app.

Each run is a fresh child process (``bench.probe startup``) timed from just before
it is spawned until it prints "drawn" (first frame holding the table's rows; see
``probe``); smmdesk is byte-compiled first, as an install leaves it
(``common.byte_compiled``). Its peak RSS is the child's own high-water mark (VmHWM) when
it has drawn: the app opened on the database and drawn.
"""

from __future__ import annotations

import subprocess
import sys
import time

from bench import data
from bench.common import Row, at_most, byte_compiled, p50

RUNS = 5
BUDGET_S = 60  # per size: fewer runs (3 at least) when startup is slow


def one_run(kind: str, db: str) -> tuple[float, float]:
    """(ms to the drawn inbox, peak RSS in MB) of one child."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.probe", "startup", kind, db],
        stdout=subprocess.PIPE,
        env=data.child_env(),
        text=True,
    )
    line = child.stdout.readline()
    elapsed = (time.perf_counter() - started) * 1000
    child.wait()
    child.stdout.close()
    if not line.startswith("drawn") or line.split()[1] == "0":
        raise RuntimeError(f"{kind} app did not draw its table: {line!r}")
    return elapsed, int(line.split()[2]) / 1024


def run(sizes: list[str], log) -> list[Row]:
    byte_compiled()
    startup, memory = [], []
    for label in sizes:
        db = str(data.database(label))
        log(f"startup and memory at {label}")
        found: dict[str, list[tuple[float, float]]] = {"app": [], "bare": []}
        deadline = time.perf_counter() + BUDGET_S
        for n in range(RUNS):  # interleaved, so noise hits both alike
            if n >= 3 and time.perf_counter() > deadline:
                break
            for kind in found:
                found[kind].append(one_run(kind, db))
        ms = {kind: p50([t for t, _ in runs]) for kind, runs in found.items()}
        mb = {kind: max(m for _, m in runs) for kind, runs in found.items()}
        startup.append(
            at_most(
                f"startup to drawn inbox p50 @{label}",
                ms["app"],
                ms["bare"],
                "ms",
                1.5,
                f"{len(found['app'])} runs; limit: bare app, one DataTable of one page",
            )
        )
        memory.append(
            at_most(
                f"peak RSS @{label}",
                mb["app"],
                mb["bare"] + 80,
                "MB",
                1,
                f"limit: bare app ({mb['bare']:.0f} MB) + 80 MB",
            )
        )
    return startup + memory
