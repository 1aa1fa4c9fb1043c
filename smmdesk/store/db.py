"""Open the SQLite file: checks that leave a bad file untouched, pragmas, migrations."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from smmdesk.errors import UserError
from smmdesk.files import hold_database, release_database, what_it_is

# Re-exported (`as`): backup reads them through this module, where the tests patch them.
from smmdesk.store.schema import LATEST_VERSION as LATEST_VERSION
from smmdesk.store.schema import MIGRATIONS as MIGRATIONS

if TYPE_CHECKING:
    from collections.abc import Iterable
    from sqlite3 import _Parameters  # typeshed's alias: what execute() accepts

    import sqlite_utils

T = TypeVar("T")

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
BUSY_WAIT_S = 30.0  # how long a CLI write waits for another process's lock
BUSY_MESSAGE = "database is busy (another smmdesk is writing), waiting…"

# Primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_NOTADB = 10, 11, 13, 26


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The rowid the INSERT just run on ``cursor`` made (``lastrowid`` is None only before one)."""
    rowid = cursor.lastrowid
    if rowid is None:
        raise RuntimeError("the cursor has run no INSERT")
    return rowid


def default_db_path() -> Path:
    """``SMMDESK_DB`` if set, else ``smmdesk.db`` in the user data directory."""
    override = os.environ.get("SMMDESK_DB")
    if override:
        return Path(override)
    return user_data_db_path()


def user_data_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("smmdesk", appauthor=False) / "smmdesk.db"


class BusyWait:
    """How a connection meets another process's write lock: wait, say so once, give up at a bound.

    SQLite's own busy handler waits silently for ``busy_timeout``; with a
    ``BusyWait`` the connection's timeout is one short round (``ROUND_S``), and
    a statement that is still refused is tried again, round after round, until
    ``seconds`` have passed. After the first round the user is told why
    nothing happens (``notify``); at the bound it is a ``UserError``.
    """

    ROUND_S = 0.5

    def __init__(self, seconds: float, path: Path, notify: Callable[[str], None] | None = None):
        self.seconds = seconds
        self.path = path
        self.notify = notify

    def attach(self, conn: DeskConnection) -> None:
        sqlite3.Connection.execute(conn, f"PRAGMA busy_timeout = {int(self.ROUND_S * 1000)}")
        conn.busy_wait = self

    def run(self, call: Callable[..., T], *args: object) -> T:
        started = time.monotonic()
        told = False
        while True:
            try:
                return call(*args)
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    raise
            if not told and self.notify:
                self.notify(BUSY_MESSAGE)
            told = True
            if time.monotonic() - started >= self.seconds:
                raise UserError(
                    f"database is busy (another smmdesk is writing); gave up after "
                    f"{self.seconds:g} s, try again when it has finished, {self.path}"
                )


class DeskConnection(sqlite3.Connection):
    """A connection that, given a ``BusyWait``, retries what met another writer's lock.

    Only statements run outside a transaction are retried: an autocommit write
    or the ``BEGIN IMMEDIATE`` of ``Store.transaction``. SQLite undoes a statement
    that failed with SQLITE_BUSY, so trying it again is safe; inside a
    transaction the write lock is already held. ``executemany`` outside a
    transaction commits row by row, so it runs in one transaction of its own.
    """

    busy_wait: BusyWait | None = None

    def execute(self, sql: str, parameters: _Parameters = (), /) -> sqlite3.Cursor:
        if self.busy_wait is None or self.in_transaction:
            return super().execute(sql, parameters)
        return self.busy_wait.run(super().execute, sql, parameters)

    def executescript(self, script: str, /) -> sqlite3.Cursor:
        if self.busy_wait is None or self.in_transaction:
            return super().executescript(script)
        return self.busy_wait.run(super().executescript, script)

    def executemany(self, sql: str, parameters: Iterable[_Parameters], /) -> sqlite3.Cursor:
        if self.busy_wait is None or self.in_transaction:
            return super().executemany(sql, parameters)
        self.execute("BEGIN IMMEDIATE")
        try:
            cursor = super().executemany(sql, parameters)
        except BaseException:
            if self.in_transaction:
                super().execute("ROLLBACK")
            raise
        super().execute("COMMIT")
        return cursor


class Store:
    """One open database. ``conn`` for queries; ``db`` (sqlite-utils) for bulk writes.

    While it is open its file is registered (``files.hold_database``) so this process
    never opens it raw: closing that descriptor would drop this connection's locks.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path
        self._held: str | None = hold_database(path)
        # Settings given from outside the file (config.toml): they win over the table's.
        self.overrides: dict[str, str] = {}
        self._savepoints = 0  # how deep the open savepoints of ``transaction`` are

    @cached_property
    def db(self) -> sqlite_utils.Database:
        # Imported lazily: sqlite-utils costs ~0.2 s of startup the TUI does not need.
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing. Nests: an inner block is a savepoint of the outer one.

        The connection is in autocommit mode; writes outside a transaction
        block commit one statement at a time.
        """
        conn = self.conn
        if conn.in_transaction:
            # Named by depth, not uniquely: the same few statements each time, so sqlite3's
            # statement cache keeps them compiled (a new name cost ~0.05 ms a savepoint).
            self._savepoints += 1
            name = f"sp{self._savepoints}"
            try:
                conn.execute(f"SAVEPOINT {name}")
                try:
                    yield conn
                except BaseException:
                    # SQLite ends the whole transaction itself after some errors
                    # (SQLITE_FULL, SQLITE_IOERR...): then there is nothing to undo here.
                    if conn.in_transaction:
                        conn.execute(f"ROLLBACK TO {name}")
                        conn.execute(f"RELEASE {name}")
                    raise
                conn.execute(f"RELEASE {name}")
            finally:
                self._savepoints -= 1
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:  # e.g. the disk filled while writing the commit
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.conn.close()
        if self._held is not None:
            release_database(self._held)
            self._held = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reader(self) -> Store:
        """A read-only second connection, for a worker thread (connections stay in theirs).

        No pragmas or migration checks: it must never take a lock a writer could wait on.
        """
        conn = sqlite3.connect(
            f"file:{self.path}?mode=ro",
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
        )
        conn.row_factory = sqlite3.Row
        reader = Store(conn, self.path)
        reader.overrides = dict(self.overrides)
        return reader

    def checkpoint_on_commit(self, pages: int) -> None:
        """This connection copies the log into the file on a commit once it holds ``pages``
        (SQLite's default: 1000). The app sets it high and checkpoints when keys pause."""
        self.conn.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")

    def checkpoint(self) -> None:
        """Copy the committed pages of the log into the file (PASSIVE: waits for no reader or
        writer), on a connection of its own: for a thread, so no key waits for it (a commit
        that checkpoints syncs the file to disk: a triage key took ~50 ms every ~70 keys)."""
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        finally:
            conn.close()

    @contextmanager
    def checkpoints_aside(self, every: int = 8) -> Iterator[Callable[[], None]]:
        """For a run of small commits (a sync's pages): no commit copies the log into the file
        (each copy syncs the file to disk, on the writer's path); instead ``committed()``,
        called after each commit, starts a ``checkpoint`` in a thread after every ``every``
        of them (a sync's page writes ~115 log pages: 8 are about SQLite's own 1000), unless
        one is still under way. The log reaches the disk about as often as before; the writer
        goes on while it is copied. On exit: the last copy waited for, the connection's own threshold back.
        """
        if not self.path or str(self.path) == ":memory:":  # no file, no log
            yield lambda: None
            return
        before = int(self.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        self.checkpoint_on_commit(0)  # 0: never on a commit
        commits = 0
        running: list[threading.Thread] = []

        def committed() -> None:
            nonlocal commits
            commits += 1
            if commits % every or (running and running[0].is_alive()):
                return
            running[:] = [threading.Thread(target=self._checkpoint_or_not, daemon=True)]
            running[0].start()

        try:
            yield committed
        finally:
            for thread in running:
                thread.join()
            self.checkpoint_on_commit(before)

    def _checkpoint_or_not(self) -> None:
        # Only a copy: a later one, or the first commit past the threshold after, makes it.
        with suppress(sqlite3.Error):
            self.checkpoint()

    def data_version(self) -> int:
        """Changes when another connection commits (PRAGMA data_version)."""
        version: int = self.conn.execute("PRAGMA data_version").fetchone()[0]
        return version

    def set_cache_size_mb(self, megabytes: int) -> None:
        self.conn.execute(f"PRAGMA cache_size = {-1024 * int(megabytes)}")

    @contextmanager
    def cache_of_mb(self, megabytes: int) -> Iterator[None]:
        """SQLite's page cache at ``megabytes`` for a bulk write, then as it was (a limit, not an
        allocation: only the pages the write touches take memory)."""
        before = int(self.conn.execute("PRAGMA cache_size").fetchone()[0])
        self.set_cache_size_mb(megabytes)
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA cache_size = {before}")

    def set_busy_timeout(self, milliseconds: int) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")

    def wait_when_busy(self, seconds: float, notify: Callable[[str], None] | None = None) -> None:
        """Writes that meet another process's lock wait up to ``seconds`` (see ``BusyWait``).

        For the command line; the TUI keeps a short timeout and retries from a timer.
        """
        if isinstance(self.conn, DeskConnection):
            BusyWait(seconds, self.path, notify).attach(self.conn)

    @property
    def schema_version(self) -> int:
        version: int = self.conn.execute("PRAGMA user_version").fetchone()[0]
        return version

    def setting(self, key: str, default: str | None = None) -> str | None:
        if key in self.overrides:
            return self.overrides[key]
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


def is_busy(exc: sqlite3.OperationalError) -> bool:
    """Another connection holds the lock: wait and try again, it is not a failure."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
    return "locked" in str(exc) or "busy" in str(exc)


def is_damage(exc: sqlite3.Error) -> bool:
    """The file's pages are not a valid database (SQLITE_CORRUPT, SQLITE_NOTADB)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB)


def busy_wait_seconds() -> float:
    """``SMMDESK_BUSY_WAIT`` (seconds) or ``BUSY_WAIT_S``."""
    text = os.environ.get("SMMDESK_BUSY_WAIT", "").strip()
    if not text:
        return BUSY_WAIT_S
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < 86_400:
        raise UserError(f"SMMDESK_BUSY_WAIT must be a number of seconds, not {text!r}, environment")
    return seconds


def user_error_for(exc: sqlite3.Error, path: str | os.PathLike[str] | None) -> UserError | None:
    """What the file itself did wrong, as a one-line ``UserError``; ``None`` for anything else.

    The one place that maps SQLite's result codes to messages: a damaged file,
    a full disk, another writer's lock, a file or folder we may not write.
    """
    where = Path(path) if path is not None else default_db_path()
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return None
    code &= 0xFF
    if is_damage(exc):
        return UserError(
            f"database file is damaged ({exc}); put back a backup with `smmdesk restore BACKUP`, {where}"
        )
    if code == SQLITE_FULL:
        return UserError(
            f"disk is full ({exc}); the change was not saved, free some space and try again, {where}"
        )
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return UserError(
            f"database is busy (another smmdesk is writing); try again when it has finished, {where}"
        )
    if code in (SQLITE_READONLY, SQLITE_PERM):
        return UserError(f"database file cannot be written ({exc}), {where}")
    if code == SQLITE_IOERR:
        return UserError(f"cannot read or write the database file ({exc}), {where}")
    return None


@contextmanager
def sqlite_errors(path: str | os.PathLike[str] | None = None) -> Iterator[None]:
    """Turn the file's own failures (see ``user_error_for``) into a ``UserError``."""
    try:
        yield
    except sqlite3.Error as exc:
        mapped = user_error_for(exc, path)
        if mapped is None:
            raise
        raise mapped from None


def open_store(
    path: str | os.PathLike[str] | None = None,
    *,
    create_dirs: bool = False,
    busy_wait: float | None = None,
    on_busy: Callable[[str], None] | None = None,
    check_pages: bool = True,
) -> Store:
    """Open (creating and migrating if needed) the database at ``path``.

    Every refusal happens before anything is written, so a bad file stays
    byte-for-byte as it was. The folder is created only for the default
    place in the user data directory (or with ``create_dirs``); a ``--db`` or
    ``SMMDESK_DB`` in a folder that does not exist is a mistake, not a wish.
    ``busy_wait``: seconds a write waits for another process's lock (``BusyWait``).
    ``check_pages``: read the root page of every table and index first (``check_root_pages``);
    off only for ``restore``, which must open a damaged desk to replace it.
    """
    db_path = Path(path) if path is not None else default_db_path()
    if path is None and db_path == user_data_db_path():
        create_dirs = True
    _check_path(db_path, create_dirs)
    try:
        conn = sqlite3.connect(
            db_path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, factory=DeskConnection
        )
    except sqlite3.Error as exc:
        raise UserError(f"cannot open database ({exc}), {db_path}") from None
    try:
        with sqlite_errors(db_path):
            _check_version(conn, db_path)
            if check_pages:
                check_root_pages(conn)
            _set_pragmas(conn, db_path)
            if busy_wait is not None:
                BusyWait(busy_wait, db_path, on_busy).attach(conn)
            migrate(conn)
    except BaseException:
        conn.close()
        raise
    conn.row_factory = sqlite3.Row
    return Store(conn, db_path)


def _check_path(db_path: Path, create_dirs: bool) -> None:
    """Only a regular file (or a missing one in a folder we may write) is a database.

    Never opens the file: the header is SQLite's to read (``_check_version``), since
    this process may hold the file open already and a raw open + close would drop
    that connection's locks (see ``Store``). ``stat`` first, so a FIFO never blocks.
    """
    try:
        info = os.stat(db_path)
    except (FileNotFoundError, NotADirectoryError):
        info = None  # the folder's checks below name what is wrong
    except OSError as exc:
        raise UserError(f"cannot use database path ({exc.strerror or exc}), {db_path}") from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise UserError(f"database path is a directory, {db_path}")
        if not stat.S_ISREG(info.st_mode):
            raise UserError(
                f"database path is {what_it_is(info.st_mode)}, not a regular file, {db_path}"
            )
        if not os.access(db_path, os.R_OK | os.W_OK):
            raise UserError(f"database file is not readable and writable, {db_path}")
        return
    parent = db_path.parent
    if create_dirs and not parent.exists():
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"cannot create directory ({exc.strerror}), {parent}") from None
    if not parent.is_dir():
        raise UserError(f"directory does not exist, {parent}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UserError(f"directory is not writable, {parent}")


def _check_version(conn: sqlite3.Connection, db_path: Path) -> None:
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        foreign = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", None)
        if code is not None and code & 0xFF == SQLITE_NOTADB:  # the header is not SQLite's
            raise UserError(f"not an SQLite database, {db_path}") from None
        mapped = user_error_for(exc, db_path)
        if mapped is not None:
            raise mapped from None
        raise UserError(f"not a usable SQLite database ({exc}), {db_path}") from None
    if version > LATEST_VERSION:
        raise UserError(
            f"database was made by a newer smmdesk (schema {version}, this one knows "
            f"{LATEST_VERSION}); upgrade smmdesk, {db_path}"
        )
    if version == 0 and foreign:
        raise UserError(f"not an smmdesk database (it has other tables), {db_path}")


def check_root_pages(conn: sqlite3.Connection) -> None:
    """Read the first page of every table and index (its root, and one leaf below it).

    A cheap, partial check run at every open (about a millisecond for 100k comments; see
    README "Damaged files"): a damaged root page is a damaged file before anything reads
    or writes it. Pages further down a b-tree are checked only where they are read (any
    read that meets damage is one line) and in full by ``backup`` and ``restore``.
    Raises ``sqlite3.DatabaseError`` (SQLITE_CORRUPT) for ``user_error_for``.
    """
    conn.execute("PRAGMA cell_size_check = ON")  # the page's cells, not only its header
    try:
        trees = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master "
            "WHERE rootpage > 0 AND type IN ('table', 'index')"
        ).fetchall()
        for kind, name, table, sql in trees:
            if kind == "table":
                query = f'SELECT 1 FROM "{_quoted(name)}" NOT INDEXED LIMIT 1'
            elif sql and " WHERE " in " ".join(sql.upper().split()):
                continue  # a partial index serves only queries that imply its WHERE
            else:
                query = f'SELECT 1 FROM "{_quoted(table)}" INDEXED BY "{_quoted(name)}" LIMIT 1'
            conn.execute(query).fetchall()
    finally:
        conn.execute("PRAGMA cell_size_check = OFF")


def _quoted(name: str) -> str:
    return name.replace('"', '""')


def _set_pragmas(conn: sqlite3.Connection, db_path: Path) -> None:
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.OperationalError as exc:
        raise UserError(f"cannot open database for writing ({exc}), {db_path}") from None


def migrate(conn: sqlite3.Connection) -> int:
    """Run the migrations not yet applied, all in one transaction; return the version."""
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    if version >= LATEST_VERSION:
        return version
    pending = MIGRATIONS[version:]
    script = "\n".join(pending)
    # A migration may rebuild a table (the only way SQLite changes a constraint): with
    # foreign keys on, dropping the old table would cascade to the rows that point at it.
    # So they are off while it runs (a no-op inside a transaction, hence here) and checked
    # before the commit.
    foreign_keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {LATEST_VERSION};")
        broken = conn.execute("PRAGMA foreign_key_check").fetchone()
        if broken is not None:
            raise sqlite3.IntegrityError(f"migration broke a foreign key ({tuple(broken)})")
        conn.execute("COMMIT")
    except sqlite3.Error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
    return LATEST_VERSION
