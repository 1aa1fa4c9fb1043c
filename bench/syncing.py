"""Figure: ``smmdesk sync`` of 10,000 new comments from the local fake Bot API, against
importing the same 10,000 comment texts from a JSON Lines file (goal: at most 1.3x).

Both are the real command in a child process into a fresh database, timed from process
start to exit. The fake (``tests/fakes/telegram``) runs in this process on 127.0.0.1 and
serves 100 updates a call, as Telegram does; the sync stores each page with its cursor in
one transaction, the import the whole file in one.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import data
from bench.common import Row, at_most, byte_compiled

COUNT = 10_000
RUNS = 3


def _fresh(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def _env(scratch: Path) -> dict[str, str]:
    return {
        **data.child_env(),
        "SMMDESK_CREDENTIALS": str(scratch / "bench-credentials.json"),
        "SMMDESK_LOOPBACK_ONLY": "1",
    }


def _smmdesk(db: Path, *args: str, stdin: str | None = None) -> float:
    """Run the command on ``db``; its credentials file is beside the desk."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "smmdesk", "--db", str(db), *args],
        check=True,
        env=_env(db.parent),
        input=stdin,
        text=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def sync_seconds(texts: list[str], scratch: Path) -> float:
    from tests.fakes import telegram
    from tests.fakes.server import FakeServer

    app = telegram.FakeTelegram()
    post = app.post("bench post")
    for number, text in enumerate(texts):
        app.comment(text, post, user=1000 + number % 500)
    db = scratch / "sync-bench.db"
    _fresh(db)
    with FakeServer(app) as server:
        _smmdesk(db, "brand", "add", data.BRAND)
        _smmdesk(
            db,
            "account",
            "add",
            "telegram",
            "--with-token",
            "--chat",
            str(telegram.GROUP["id"]),
            "--api-base",
            server.url,
            stdin=telegram.TOKEN,
        )
        return _smmdesk(db, "sync")


def import_seconds(scratch: Path) -> float:
    db = scratch / "sync-import-bench.db"
    _fresh(db)
    return _smmdesk(db, "import", str(data.export(COUNT, "jsonl")), "--brand", data.BRAND)


def run(sizes: list[str], log) -> list[Row]:
    data.DATA.mkdir(exist_ok=True)
    byte_compiled()  # both are our code in a child: neither times the compiler
    texts = data.texts(COUNT)
    data.export(COUNT, "jsonl")  # made (once) before any timing
    syncs, imports = [], []
    # Scratch desks of their own: bench/.data is shared by every checkout that runs the bench.
    with tempfile.TemporaryDirectory(prefix="smmdesk-sync-bench-") as scratch:
        for attempt in range(RUNS):
            log(f"sync of {COUNT:,} from the fake, run {attempt + 1}")
            syncs.append(sync_seconds(texts, Path(scratch)))
            log(f"import of the same {COUNT:,}, run {attempt + 1}")
            imports.append(import_seconds(Path(scratch)))
    best_sync, best_import = min(syncs), min(imports)
    return [
        at_most(
            "sync 10k new comments (fake Bot API) vs import from a file",
            best_sync * 1000,
            best_import * 1000,
            "ms",
            1.3,
            note=f"best of {RUNS}; 100 updates a call, a transaction a page",
        )
    ]
