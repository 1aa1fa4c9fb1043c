"""Figure: ``smmdesk sync`` of 10,000 new comments from the local fake Bot API, against
importing the same 10,000 comment texts from a JSON Lines file (goal: at most 1.3x).

Both are the real command in a child process into a fresh database, timed from process
start to exit. The fake (``tests/fakes/telegram``) runs in this process on 127.0.0.1 and
serves 100 updates a call, as Telegram does; the sync holds each page with its cursor in
one transaction before the next call and, from 1,000 records on, builds their rows in the
importer's pool while it pulls, then stores them at once; the import stores the whole file
in one transaction, on one process below 20,000 records.

Two information rows, same run, say where the sync's time goes:
- "with nothing done during the calls": the import, less its file's parse, plus the same 101
  getUpdates calls over the same HTTP client decoded into records and nothing stored (a
  process of its own, timed from before the sync's own imports), plus the engine's own pull
  loop (``engine._pull``: each page held, the rows built, the pages stored at once) on those
  pages already pulled, less importing their records (``importer.import_records``), each in a
  fresh process with the language model loaded before the clock. What the sync would cost if
  nothing overlapped the calls: the sync row below it is what building during them saves.
- "the pull's calls inside a sync": the time in the pull's ``next`` in an instrumented sync
  against the same calls back to back: what the pool's workers beside the calls cost them.
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


def _copy(source: Path, copy: Path) -> None:
    _fresh(copy)
    src, dst = sqlite3.connect(source), sqlite3.connect(copy)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _desk(db: Path, url: str) -> None:
    """A fresh desk with the bench brand and a Telegram account on the fake at ``url``."""
    from tests.fakes import telegram

    _fresh(db)
    _smmdesk(db, "brand", "add", data.BRAND)
    chat = str(telegram.GROUP["id"])
    args = ("account", "add", "telegram", "--with-token", "--chat", chat, "--api-base", url)
    _smmdesk(db, *args, stdin=telegram.TOKEN)


def sync_seconds(texts: list[str], scratch: Path) -> float:
    from tests.fakes.server import FakeServer

    db = scratch / "sync-bench.db"
    with FakeServer(_fake(texts)) as server:
        _desk(db, server.url)
        return _smmdesk(db, "sync")


def synced_pull_seconds(texts: list[str], scratch: Path) -> tuple[float, float]:
    """The time in the pull's ``next`` inside a sync (``SYNC_TIMED``), wall and CPU of its
    thread; the desk before its
    sync is kept beside it (``desk-before-sync.db``) for the paging children."""
    from tests.fakes.server import FakeServer

    db, before = scratch / "sync-timed.db", scratch / "desk-before-sync.db"
    with FakeServer(_fake(texts)) as server:
        _desk(db, server.url)
        _copy(db, before)
        done = subprocess.run(
            [sys.executable, "-c", SYNC_TIMED, "--db", str(db), "sync"],
            check=True,
            capture_output=True,
            text=True,
            env=_env(scratch),
        )
    wall, cpu = done.stderr.split()[-2:]
    return float(wall), float(cpu)


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
pages, loop, cpu = [], 0.0, 0.0
with Http(base) as http:
    pulled = TelegramClient(account, Secret(sys.stdin.read()), http, Quota()).pull({})
    while True:
        at, cpu_at = time.perf_counter(), time.thread_time()
        page = next(pulled, None)
        loop += time.perf_counter() - at
        cpu += time.thread_time() - cpu_at
        if page is None:
            break
        pages.append(page)
print(time.perf_counter() - started, loop, cpu, sum(len(page.records) for page in pages))
if len(sys.argv) > 3:  # the pages, for the paging children (after the clock)
    import pickle
    with open(sys.argv[3], "wb") as out:
        pickle.dump(pages, out)
"""

# The sync command, its pull timed from inside: the time spent in the pull's ``next`` (the
# calls, their decoding, the records), which the floor's pull measures back to back.
SYNC_TIMED = """
import sys, time
from smmdesk.sync.telegram import TelegramClient
pull, loop = TelegramClient.pull, [0.0, 0.0]
def timed(self, cursor):
    pages = pull(self, cursor)
    while True:
        at, cpu_at = time.perf_counter(), time.thread_time()
        page = next(pages, None)
        loop[0] += time.perf_counter() - at
        loop[1] += time.thread_time() - cpu_at
        if page is None:
            return
        yield page
TelegramClient.pull = timed
from smmdesk.cli import main
code = main(sys.argv[1:])
print(*loop, file=sys.stderr)
raise SystemExit(code)
"""

# The engine's pull loop on pages pulled before (a client that hands them over: ``paged``),
# or the same records imported (``once``: what the import does with them); the language model
# loaded before the clock.
STORE_PAGES = """
import pickle, sys, time
from smmdesk.inbox import importer, language
from smmdesk.store import open_store
from smmdesk.store.brands import brand_by_id
from smmdesk.sync import accounts, engine
db, how, path = sys.argv[1:4]
with open(path, "rb") as saved:
    pages = pickle.load(saved)
records = [record for page in pages for record in page.records]
class Saved:
    def __init__(self, account):
        self.account = account
    def pull(self, cursor):
        return iter(pages)
language._identifier()
with open_store(db) as store:
    account = accounts.chosen(store)[0]
    result = engine.AccountResult(account.name, account.platform)
    started = time.perf_counter()
    if how == "once":
        brand = brand_by_id(store, account.brand_id)
        summary = importer.ImportSummary(file="once", format="telegram")
        with store.cache_of_mb(importer.IMPORT_CACHE_MB):
            importer.import_records(store, iter(records), brand, summary, total=len(records))
        result.new = summary.new
    else:
        engine._pull(store, Saved(account), result, None)
    print(time.perf_counter() - started, result.new)
"""

# The import's reading of its file alone (what a sync does not do), its modules loaded.
PARSE_ONLY = """
import sys, time
from smmdesk.inbox.formats import read_export
started = time.perf_counter()
records = sum(1 for _ in read_export(sys.argv[1]).records)
print(time.perf_counter() - started, records)
"""


def _child(code: str, *args: str, stdin: str | None = None, env=None) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        check=True,
        capture_output=True,
        text=True,
        input=stdin,
        env=env or data.child_env(),
    )
    *values, records = done.stdout.split()
    assert int(records) == COUNT, done.stdout  # the floor read (or stored) every comment
    return values


def pull_seconds(texts: list[str], pages: Path) -> tuple[float, float, float]:
    """The pull alone, from before its imports, and its ``next`` alone (wall, CPU); the
    pages saved in ``pages``."""
    from tests.fakes import telegram
    from tests.fakes.server import FakeServer

    with FakeServer(_fake(texts)) as server:
        chat = str(telegram.GROUP["id"])
        whole, loop, cpu = _child(PULL_ONLY, server.url, chat, str(pages), stdin=telegram.TOKEN)
    return float(whole), float(loop), float(cpu)


def parse_seconds() -> float:
    return float(_child(PARSE_ONLY, str(data.export(COUNT, "jsonl")))[0])


def paging_seconds(desk: Path, pages: Path, scratch: Path) -> float:
    """What the engine's pull loop costs more on the pages already pulled (each held with
    its cursor in a transaction of its own, the rows built in the pool, stored at once) than
    importing their records: each on a fresh copy of the desk before its sync, in a process
    of its own."""
    took = {}
    for how in ("once", "paged"):
        db = scratch / f"paging-{how}.db"
        _copy(desk, db)
        (seconds,) = _child(STORE_PAGES, str(db), how, str(pages), env=_env(scratch))
        took[how] = float(seconds)
    return took["paged"] - took["once"]


def _spread(seconds: list[float]) -> str:
    return f"{min(seconds) * 1000:,.0f}-{max(seconds) * 1000:,.0f}"


def run(sizes: list[str], log) -> list[Row]:
    data.DATA.mkdir(exist_ok=True)
    byte_compiled()  # both are our code in a child: neither times the compiler
    texts = data.texts(COUNT)
    data.export(COUNT, "jsonl")  # made (once) before any timing
    syncs, imports, pulls, parses, paging = [], [], [], [], []
    loops, in_sync = [], []  # (wall, CPU) of the pull's next(): back to back, inside a sync
    # Scratch desks of their own: bench/.data is shared by every checkout that runs the bench.
    with tempfile.TemporaryDirectory(prefix="smmdesk-sync-bench-") as scratch_dir:
        scratch = Path(scratch_dir)
        for attempt in range(RUNS):
            log(f"sync of {COUNT:,} from the fake, run {attempt + 1}")
            syncs.append(sync_seconds(texts, scratch))
            log(f"import of the same {COUNT:,}, run {attempt + 1}")
            imports.append(import_seconds(scratch))
            log(
                f"the pull alone, the parse alone, the loop alone, a sync's pull, run {attempt + 1}"
            )
            whole, *loop = pull_seconds(texts, scratch / "pages.pickle")
            pulls.append(whole)
            loops.append(tuple(loop))
            parses.append(parse_seconds())
            in_sync.append(synced_pull_seconds(texts, scratch))
            paging.append(
                paging_seconds(scratch / "desk-before-sync.db", scratch / "pages.pickle", scratch)
            )
    best_sync, best_import = min(syncs), min(imports)
    pull, parse, paged = min(pulls), min(parses), min(paging)
    (sync_wall, sync_cpu), (alone_wall, alone_cpu) = min(in_sync), min(loops)
    return [
        at_most(
            "sync 10k new comments (fake Bot API) vs import from a file",
            best_sync * 1000,
            best_import * 1000,
            "ms",
            1.3,
            note=f"best of {RUNS} (sync {_spread(syncs)}, import {_spread(imports)} ms); "
            "100 updates a call, each page held with its cursor, rows built in the pool "
            "while it pulls, stored at once",
        ),
        Row(
            "the sync with nothing done during the calls: the import - its parse + the pull "
            "alone + the engine's loop on pages already pulled",
            (best_import - parse + pull + paged) * 1000,
            best_import * 1000,
            "ms",
            "none (information)",
            None,
            f"best of {RUNS} each: parse {parse * 1000:.0f} ms, 101 calls decoded into records "
            f"{pull * 1000:.0f} ms, the loop less importing the records {paged * 1000:.0f} ms; "
            "limit: the import",
        ),
        Row(
            "the pull's calls inside a sync vs back to back",
            sync_wall * 1000,
            alone_wall * 1000,
            "ms",
            "none (information)",
            None,
            f"best of {RUNS} each: the time in the pull's next(), CPU {sync_cpu * 1000:.0f} ms "
            f"inside a sync, {alone_cpu * 1000:.0f} ms back to back: the pool's workers "
            "build beside the calls",
        ),
    ]
