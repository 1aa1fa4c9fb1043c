"""Figure 1, import and scoring: comments/s of ``smmdesk import`` against raw VADER.

Each import is the real command in a child process (``python -m smmdesk import``)
into a fresh database in a private temporary folder, timed from process start
to exit. "one process" forces the serial path (``PARALLEL_FROM`` raised before
``cli.main``); "both cores" is the command as shipped, which uses a pool of two
scoring processes from ``PARALLEL_FROM`` records on. The limit is
``SentimentIntensityAnalyzer.polarity_scores`` over the same texts, in this
process, analyzer already built, measured just before and just after each
import (the mean of the two times): on a shared machine whose load moves, a
limit measured minutes apart from the import it divides says little.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import data
from bench.common import Row, at_least

SERIAL = (
    "import sys, smmdesk.inbox.importer as imp; imp.PARALLEL_FROM = 1 << 62; "
    "from smmdesk.cli import main; sys.exit(main(sys.argv[1:]))"
)
MODES = ((True, "one process", 0.8), (False, "both cores", 1.5))


def raw_vader_seconds(texts: list[str]) -> float:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    started = time.perf_counter()
    for text in texts:
        analyzer.polarity_scores(text)
    return time.perf_counter() - started


def import_seconds(path: Path, serial: bool, folder: Path) -> float:
    db = folder / "import-bench.db"
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
    return time.perf_counter() - started


def run(sizes: list[str], log) -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="smmdesk-import-bench-") as tmp:
        for label in sizes:
            count = data.SIZES[label]
            texts = data.texts(count)
            log(f"import at {label}: raw VADER")
            before = raw_vader_seconds(texts)
            for fmt in ("jsonl", "csv"):
                path = data.export(count, fmt)
                for serial, how, times in MODES:
                    log(f"import at {label}: {fmt}, {how}")
                    took = import_seconds(path, serial, Path(tmp))
                    after = raw_vader_seconds(texts)
                    limit = count / ((before + after) / 2)
                    note = "limit: raw VADER, one process, measured before and after"
                    if not serial and count < _parallel_from():
                        note += "; below PARALLEL_FROM the command does not start the pool"
                    figure = f"import {fmt} {how} @{label}"
                    rows.append(at_least(figure, count / took, limit, "/s", times, note))
                    before = after
    return rows


def _parallel_from() -> int:
    from smmdesk.inbox.importer import PARALLEL_FROM

    return PARALLEL_FROM
