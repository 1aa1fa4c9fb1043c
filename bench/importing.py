"""Figure 1, import and scoring: comments/s of ``smmdesk import`` against raw VADER.

Each import is the real command in a child process (``python -m smmdesk import``)
into a fresh database, timed from process start to exit. "one process" forces
the serial path (``PARALLEL_FROM`` raised before ``cli.main``); "both cores" is
the command as shipped, which uses a pool of two scoring processes from
``PARALLEL_FROM`` records on. The limit is ``SentimentIntensityAnalyzer.polarity_scores``
over the same texts, in this process, analyzer already built.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from bench import data
from bench.common import Row, at_least

SERIAL = (
    "import sys, smmdesk.inbox.importer as imp; imp.PARALLEL_FROM = 1 << 62; "
    "from smmdesk.cli import main; sys.exit(main(sys.argv[1:]))"
)


def raw_vader_rate(texts: list[str]) -> float:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    started = time.perf_counter()
    for text in texts:
        analyzer.polarity_scores(text)
    return len(texts) / (time.perf_counter() - started)


def import_rate(path: Path, count: int, serial: bool) -> float:
    db = data.DATA / "import-bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    head = [sys.executable, "-c", SERIAL] if serial else [sys.executable, "-m", "smmdesk"]
    started = time.perf_counter()
    subprocess.run(
        [*head, "--db", str(db), "import", str(path), "--brand", data.BRAND],
        check=True,
        env=data.child_env(),
        stdout=subprocess.DEVNULL,
    )
    return count / (time.perf_counter() - started)


def run(sizes: list[str], log) -> list[Row]:
    rows = []
    for label in sizes:
        count = data.SIZES[label]
        log(f"import at {label}: raw VADER")
        raw = raw_vader_rate(data.texts(count))
        for fmt in ("jsonl", "csv"):
            path = data.export(count, fmt)
            for serial, how, times in ((True, "one process", 0.8), (False, "both cores", 1.5)):
                log(f"import at {label}: {fmt}, {how}")
                rate = import_rate(path, count, serial)
                note = "limit: raw VADER, one process"
                if not serial and count < 20_000:
                    note += "; below PARALLEL_FROM the command does not start the pool"
                rows.append(at_least(f"import {fmt} {how} @{label}", rate, raw, "/s", times, note))
    return rows
