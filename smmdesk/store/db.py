"""Open the SQLite file: checks that leave a bad file untouched, pragmas, migrations."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from smmdesk.errors import UserError
from smmdesk.store.schema import LATEST_VERSION, MIGRATIONS

if TYPE_CHECKING:
    import sqlite_utils

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


def default_db_path() -> Path:
    """``SMMDESK_DB`` if set, else ``smmdesk.db`` in the user data directory."""
    override = os.environ.get("SMMDESK_DB")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("smmdesk", appauthor=False) / "smmdesk.db"


class Store:
    """One open database. ``conn`` for queries; ``db`` (sqlite-utils) for bulk writes."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path

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
            name = f"sp{id(object())}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield conn
            except BaseException:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
                raise
            conn.execute(f"RELEASE {name}")
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reader(self) -> Store:
        """A read-only second connection, for a worker thread (connections stay in theirs).

        No pragmas or migration checks: it must never take a lock a writer could wait on.
        """
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                               timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.row_factory = sqlite3.Row
        return Store(conn, self.path)

    def data_version(self) -> int:
        """Changes when another connection commits (PRAGMA data_version)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def set_cache_size_mb(self, megabytes: int) -> None:
        self.conn.execute(f"PRAGMA cache_size = {-1024 * int(megabytes)}")

    def set_busy_timeout(self, milliseconds: int) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def setting(self, key: str, default: str | None = None) -> str | None:
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
    return "locked" in str(exc) or "busy" in str(exc)


def open_store(path: str | os.PathLike[str] | None = None, *, create_dirs: bool = False) -> Store:
    """Open (creating and migrating if needed) the database at ``path``.

    Every refusal happens before anything is written, so a bad file stays
    byte-for-byte as it was.
    """
    db_path = Path(path) if path is not None else default_db_path()
    if path is None:
        create_dirs = True
    _check_path(db_path, create_dirs)
    try:
        conn = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise UserError(f"cannot open database ({exc}), {db_path}") from None
    try:
        _check_version(conn, db_path)
        _set_pragmas(conn, db_path)
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    conn.row_factory = sqlite3.Row
    return Store(conn, db_path)


def _check_path(db_path: Path, create_dirs: bool) -> None:
    if db_path.is_dir():
        raise UserError(f"database path is a directory, {db_path}")
    if db_path.exists():
        if not os.access(db_path, os.R_OK | os.W_OK):
            raise UserError(f"database file is not readable and writable, {db_path}")
        with open(db_path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        if header and header != SQLITE_HEADER:
            raise UserError(f"not an SQLite database, {db_path}")
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
        raise UserError(f"not a usable SQLite database ({exc}), {db_path}") from None
    if version > LATEST_VERSION:
        raise UserError(
            f"database was made by a newer smmdesk (schema {version}, this one knows "
            f"{LATEST_VERSION}); upgrade smmdesk, {db_path}"
        )
    if version == 0 and foreign:
        raise UserError(f"not an smmdesk database (it has other tables), {db_path}")


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
    version = conn.execute("PRAGMA user_version").fetchone()[0]
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
