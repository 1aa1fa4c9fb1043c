"""Figure: ``smmdesk sync`` of 10,000 new comments from the local fake Bot API, against
importing the same 10,000 comment texts from a JSON Lines file (goal: at most 1.3x).

Both are the real command in a child process into a fresh database, timed from process
start to exit. The fake (``tests/fakes/telegram``) runs in this process on 127.0.0.1 and
serves 100 updates a call, as Telegram does; the sync holds each page with its cursor in
one transaction before the next call, then stores what it holds at once; the import stores
the whole file in one.

The floor (an information row, same run): what a sync must do that the import does not,
added to the import and the file's parse taken off: the same 101 getUpdates calls over the
same HTTP client, decoded into records and nothing stored (a process of its own, timed from
before the sync's own imports), and holding the pages: the engine's own pull loop
(``engine._pull``: each page held with its cursor, the log copied aside, then the pages stored
at once) on those same pages, against storing their records at once with nothing held
(``engine._store_held``), each in a fresh process with the language model loaded before the
clock starts.
"The sync's parts" adds what the calls cost more inside a sync than back to back (the time in
the pull's ``next`` in an instrumented sync, less the same in the floor's pull): it should
come to the sync row within the run's noise (bench/PROFILE.md, "Sync").
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

# The engine's pull loop on pages pulled before (a client that hands them over), each held as
# it came, then stored at once (``paged``); or the same records stored as one page with no
# holding (``once``: what the import does with them); the language model loaded before the clock.
STORE_PAGES = """
import pickle, sys, time
from smmdesk.inbox import language
from smmdesk.store import open_store
from smmdesk.store.brands import brand_by_id
from smmdesk.sync import accounts, engine
from smmdesk.sync.base import Page
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
        engine._store_held(store, account, brand, [Page(records, {})], result, None)
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
    """What the engine's pull loop costs more on the pages as they came (each held with its
    cursor in a transaction of its own, then stored at once) than storing them all without
    holding: each on a fresh copy of the desk before its sync, in a process of its own."""
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
            log(f"floor: the pull alone, the parse alone, paging, a sync's pull, run {attempt + 1}")
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
    between = sync_wall - alone_wall  # what the calls cost more between pages' work
    floor = best_import - parse + pull + paged
    return [
        at_most(
            "sync 10k new comments (fake Bot API) vs import from a file",
            best_sync * 1000,
            best_import * 1000,
            "ms",
            1.3,
            note=f"best of {RUNS} (sync {_spread(syncs)}, import {_spread(imports)} ms); "
            "100 updates a call, each page held with its cursor, then stored at once",
        ),
        Row(
            "floor: the import - its parse + the pull alone + holding each page",
            floor * 1000,
            best_import * 1000,
            "ms",
            "none (information)",
            None,
            f"best of {RUNS} each: parse {parse * 1000:.0f} ms, 101 calls decoded into records "
            f"{pull * 1000:.0f} ms, holding the pages {paged * 1000:.0f} ms; limit: the import",
        ),
        Row(
            "the sync's parts: the floor + the calls' cost between pages",
            (floor + between) * 1000,
            best_import * 1000,
            "ms",
            "none (information)",
            None,
            f"best of {RUNS} each: the pull's next() inside a sync {sync_wall * 1000:.0f} ms "
            f"({sync_cpu * 1000:.0f} CPU), back to back {alone_wall * 1000:.0f} ms "
            f"({alone_cpu * 1000:.0f} CPU); limit: the import",
        ),
    ]
