"""Figure: ``smmdesk sync`` of 10,000 new comments from the local fake Bot API, against
importing the same 10,000 comment texts from a JSON Lines file (goal: at most 1.3x).

Both are the real command in a child process into a fresh database, timed from process
start to exit. The fake (``tests/fakes/telegram``) runs in this process on 127.0.0.1 and
serves 100 updates a call, as Telegram does; the sync stores each page with its cursor in
one transaction, the import the whole file in one.

The floor (an information row, same run): what a sync must do that the import does not,
added to the import and the file's parse taken off: the same 101 getUpdates calls over the
same HTTP client, decoded into records and nothing stored (a process of its own, timed from
before the sync's own imports), and the sync's rows stored a page at a time (a commit and a
text index pass a page) instead of at once. Not in it: the per-page passes of the pipeline
(rules, repeated texts, answered threads), and what the calls cost more when each follows a
page's work instead of the last call (bench/PROFILE.md, "Sync").
"""

from __future__ import annotations

import sqlite3
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


def _fake(texts: list[str]):
    from tests.fakes import telegram

    app = telegram.FakeTelegram()
    post = app.post("bench post")
    for number, text in enumerate(texts):
        app.comment(text, post, user=1000 + number % 500)
    return app


def sync_seconds(texts: list[str], scratch: Path) -> float:
    from tests.fakes import telegram
    from tests.fakes.server import FakeServer

    db = scratch / "sync-bench.db"
    _fresh(db)
    with FakeServer(_fake(texts)) as server:
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


# The pull alone: the sync's client on the same fake, every page decoded into records, none
# stored. Its own process, with what the import command loads loaded first (the floor adds
# it to the import), then timed from before the sync's own imports (httpx, the client).
PULL_ONLY = """
import sys, time
import smmdesk.cli, smmdesk.inbox.formats, smmdesk.inbox.importer
started = time.perf_counter()
from smmdesk.store.accounts import Account
from smmdesk.sync.base import Quota
from smmdesk.sync.http import Http
from smmdesk.sync.secrets import Secret
from smmdesk.sync.telegram import TelegramClient
base, chat = sys.argv[1:3]
account = Account(1, 1, "telegram", "floor", base, {"chat": chat}, "", {}, {}, "", None, None)
with Http(base) as http:
    client = TelegramClient(account, Secret(sys.stdin.read()), http, Quota())
    records = sum(len(page.records) for page in client.pull({}))
print(time.perf_counter() - started, records)
"""

# The import's reading of its file alone (what a sync does not do), its modules loaded.
PARSE_ONLY = """
import sys, time
from smmdesk.inbox.formats import read_export
started = time.perf_counter()
records = sum(1 for _ in read_export(sys.argv[1]).records)
print(time.perf_counter() - started, records)
"""


def _timed_child(code: str, *args: str, stdin: str | None = None) -> float:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        check=True,
        capture_output=True,
        text=True,
        input=stdin,
        env=data.child_env(),
    )
    seconds, records = done.stdout.split()
    assert int(records) == COUNT, done.stdout  # the floor read every comment
    return float(seconds)


def pull_seconds(texts: list[str]) -> float:
    from tests.fakes import telegram
    from tests.fakes.server import FakeServer

    with FakeServer(_fake(texts)) as server:
        chat = str(telegram.GROUP["id"])
        return _timed_child(PULL_ONLY, server.url, chat, stdin=telegram.TOKEN)


def parse_seconds() -> float:
    return _timed_child(PARSE_ONLY, str(data.export(COUNT, "jsonl")))


def paging_seconds(synced: Path, fresh: Path) -> float:
    """What storing the sync's rows a page of 100 at a time (a transaction, a commit and a
    text index pass each, as the sync stores them) costs more than storing them at once.
    The sync's own rows: Telegram's ids and dates grow, so a page touches the right edge of
    each index (the file's rows, in their order, took 2-3x as long a page)."""
    from smmdesk.store import comments, open_store
    from smmdesk.store.brands import create_brand
    from smmdesk.store.links import max_comment_id
    from smmdesk.sync.telegram import PAGE

    source = sqlite3.connect(synced)
    columns = ", ".join(comments.INSERT_COLUMNS)
    cursor = source.execute(f"SELECT {columns} FROM comments ORDER BY id")  # noqa: S608
    stored = cursor.fetchall()
    source.close()
    brand_at, account_at = comments.COLUMN["brand_id"], comments.COLUMN["account_id"]
    took = []
    for size in (len(stored), PAGE):
        _fresh(fresh)
        with open_store(fresh) as store:
            brand = create_brand(store, data.BRAND, slug=data.BRAND)
            rows = []
            for row in stored:
                values = list(row)
                values[brand_at], values[account_at] = brand.id, None  # no account in this file
                rows.append(tuple(values))
            started = time.perf_counter()
            for start in range(0, len(rows), size):
                with store.transaction():
                    first = max_comment_id(store)
                    comments.insert_comments(store, rows[start : start + size], index=False)
                    comments.index_text_after(store, first)
            took.append(time.perf_counter() - started)
    return took[1] - took[0]


def run(sizes: list[str], log) -> list[Row]:
    data.DATA.mkdir(exist_ok=True)
    byte_compiled()  # both are our code in a child: neither times the compiler
    texts = data.texts(COUNT)
    data.export(COUNT, "jsonl")  # made (once) before any timing
    syncs, imports, pulls, parses, paging = [], [], [], [], []
    # Scratch desks of their own: bench/.data is shared by every checkout that runs the bench.
    with tempfile.TemporaryDirectory(prefix="smmdesk-sync-bench-") as scratch:
        for attempt in range(RUNS):
            log(f"sync of {COUNT:,} from the fake, run {attempt + 1}")
            syncs.append(sync_seconds(texts, Path(scratch)))
            log(f"import of the same {COUNT:,}, run {attempt + 1}")
            imports.append(import_seconds(Path(scratch)))
            log(f"floor: the pull alone, the file's parse alone, paging, run {attempt + 1}")
            pulls.append(pull_seconds(texts))
            parses.append(parse_seconds())
            synced = Path(scratch) / "sync-bench.db"
            paging.append(paging_seconds(synced, Path(scratch) / "paging.db"))
    best_sync, best_import = min(syncs), min(imports)
    pull, parse, paged = min(pulls), min(parses), min(paging)
    floor = best_import - parse + pull + paged
    return [
        at_most(
            "sync 10k new comments (fake Bot API) vs import from a file",
            best_sync * 1000,
            best_import * 1000,
            "ms",
            1.3,
            note=f"best of {RUNS}; 100 updates a call, a transaction a page",
        ),
        Row(
            "floor: the import - its parse + the pull alone + a transaction a page",
            floor * 1000,
            best_import * 1000,
            "ms",
            "none (information)",
            None,
            f"best of {RUNS} each: parse {parse * 1000:.0f} ms, 101 calls decoded into records "
            f"{pull * 1000:.0f} ms, paging {paged * 1000:.0f} ms; limit: the import",
        ),
    ]
