"""Figure 1, import and scoring: comments/s of ``smmdesk import`` against raw VADER.

Each import is the real command in a child process (``python -m smmdesk import``)
into a fresh database in a private temporary folder, timed from process start
to exit. "one process" forces the serial path (``PARALLEL_FROM`` raised before
``cli.main``); "both cores" is the command as shipped, which uses a pool of two
scoring processes from ``PARALLEL_FROM`` records on. The limit is
``SentimentIntensityAnalyzer.polarity_scores`` over the same texts, in this
process, analyzer already built, measured just before and just after each
import (the mean of the two times): on a shared machine whose load moves, a
limit measured minutes apart from the import it divides says little. For JSON
Lines, the comments per CPU second of the command and its workers against raw
VADER's is printed too: what the import costs, whatever the cores left free.

Floors, for information: the same rows inserted by hand (``insert_comments``
in chunks and the full-text index once, one transaction, the import's cache
size: the SQL the import cannot skip, indexes included), and the command importing one
English comment (interpreter, imports, analyzer: what every import pays once,
each pool worker too); and the load of the language model, which a process pays
only when a text needs it.
"""

from __future__ import annotations

import json
import resource
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
ONE = {"id": "c1", "author": "sam", "text": "Thanks for the quick delivery", "created_at": data.NOW}
MODES = ((True, "one process", 0.8), (False, "both cores", 1.5))


def raw_vader_seconds(texts: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of raw VADER over ``texts``."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    started, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        analyzer.polarity_scores(text)
    return time.perf_counter() - started, time.process_time() - cpu


def import_seconds(path: Path, serial: bool, folder: Path) -> tuple[float, float]:
    """(wall, CPU of the command and its pool) seconds of one import into a fresh file."""
    db = folder / "import-bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    head = [sys.executable, "-c", SERIAL] if serial else [sys.executable, "-m", "smmdesk"]
    started, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(
        [*head, "--db", str(db), "import", str(path), "--brand", data.BRAND],
        check=True,
        env=data.child_env(),
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started, _children_cpu() - cpu


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


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
                    took, cpu = import_seconds(path, serial, Path(tmp))
                    after = raw_vader_seconds(texts)
                    limit = count / ((before[0] + after[0]) / 2)
                    note = "limit: raw VADER, one process, measured before and after"
                    if not serial and count < _parallel_from():
                        note += "; below PARALLEL_FROM the command does not start the pool"
                    figure = f"import {fmt} {how} @{label}"
                    rows.append(at_least(figure, count / took, limit, "/s", times, note))
                    if fmt == "jsonl":
                        raw_cpu = count / ((before[1] + after[1]) / 2)
                        rows.append(cpu_row(f"{figure}, CPU work", count / cpu, raw_cpu))
                    before = after
            took = insert_seconds(Path(tmp) / "import-bench.db", Path(tmp) / "floor.db")
            rows.append(floor_row(f"floor: the rows' insert alone @{label}", count / took, limit))
        one = Path(tmp) / "one.jsonl"
        one.write_text(json.dumps(ONE) + "\n", encoding="utf-8")
        took = min(import_seconds(one, True, Path(tmp))[0] for _ in range(3))
        note = "the command importing one comment, best of 3; limit: our budget, 1 s"
        rows.append(Row("floor: import start", took * 1000, 1000.0, "ms", "none", None, note))
        took = min(model_load_seconds() for _ in range(3))
        note = "py3langid's model, in a process of its own, best of 3; limit: our budget, 1 s"
        rows.append(
            Row("floor: language model load", took * 1000, 1000.0, "ms", "none", None, note)
        )
    return rows


MODEL_LOAD = (
    "import time; started = time.perf_counter(); from smmdesk.inbox import language; "
    "language._identifier(); print(time.perf_counter() - started)"
)


def model_load_seconds() -> float:
    done = subprocess.run(
        [sys.executable, "-c", MODEL_LOAD], check=True, capture_output=True, text=True
    )
    return float(done.stdout)


def cpu_row(figure: str, rate: float, limit: float) -> Row:
    """Comments per CPU second, all processes: what the machine's load does not change much
    (the rate above can only use the cores that are free)."""
    note = "comments per CPU second of the command and its workers; limit: raw VADER's"
    return Row(figure, rate, limit, "/s", "none (information)", None, note)


def floor_row(figure: str, rate: float, limit: float) -> Row:
    note = "insert_comments of the imported rows into a fresh file; limit: raw VADER"
    return Row(figure, rate, limit, "/s", "none (information)", None, note)


def insert_seconds(imported: Path, fresh: Path) -> float:
    """Insert the comments of ``imported`` again into ``fresh``, as the import writes them."""
    import sqlite3

    from smmdesk.inbox.importer import CHUNK, IMPORT_CACHE_MB
    from smmdesk.store import comments, open_store
    from smmdesk.store.brands import create_brand

    for suffix in ("", "-wal", "-shm"):
        Path(f"{fresh}{suffix}").unlink(missing_ok=True)
    source = sqlite3.connect(imported)
    columns = ", ".join(comments.INSERT_COLUMNS)
    cursor = source.execute(f"SELECT {columns} FROM comments ORDER BY id")  # noqa: S608
    rows = cursor.fetchall()
    source.close()
    with open_store(fresh) as store:
        brand = create_brand(store, data.BRAND, slug=data.BRAND)
        rows = [(brand.id, *row[1:]) for row in rows]  # brand_id leads the columns
        store.set_cache_size_mb(IMPORT_CACHE_MB)
        started = time.perf_counter()
        with store.transaction():
            for start in range(0, len(rows), CHUNK):
                comments.insert_comments(store, rows[start : start + CHUNK], index=False)
            comments.index_text_after(store, 0)
        return time.perf_counter() - started


def _parallel_from() -> int:
    from smmdesk.inbox.importer import PARALLEL_FROM

    return PARALLEL_FROM
