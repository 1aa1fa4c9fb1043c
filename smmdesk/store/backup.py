"""Backups with SQLite's online backup API; a restore trusts nothing in the file.

An smmdesk database is a file whose schema is exactly what smmdesk's
migrations 1..N make, N being its ``user_version``: every table (with its
columns, which are part of its CREATE text), index, trigger and view in
``sqlite_master`` is compared with a reference built by running those
migrations on an empty in-memory database. The reference comes from
``MIGRATIONS`` itself, so a migration added later is part of it by itself.
The file must also pass ``PRAGMA integrity_check``, FTS5's integrity check of
the comment search index against the comments, and ``PRAGMA foreign_key_check``.

``backup_to`` checks the copy it wrote the same way, so a backup that
succeeds is one ``restore_from`` accepts. ``restore_from`` copies the backup
beside the desk, checks and migrates that copy (not the file, which could
change in between), then swaps it in with one rename; the file it replaced
stays beside it as ``<desk>.before-restore``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import stat
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from smmdesk.errors import UserError
from smmdesk.files import what_it_is
from smmdesk.store import db as _db
from smmdesk.store.db import SQLITE_NOTADB, Store, is_busy, user_error_for

PAGES_PER_STEP = 1024  # copy in steps so a writer elsewhere is never blocked for long
SAFETY_SUFFIX = ".before-restore"
STAGING_SUFFIX = ".restoring"
PARTIAL_SUFFIX = ".partial"
SHOWN_PROBLEMS = 3  # how many differences / integrity lines a message names

_KEPT_OPEN: list[BinaryIO] = []  # handles of a desk still open in this process (see _swap)

SchemaRow = tuple[str, str, str, str]  # type, name, tbl_name, normalised sql


# The reference ------------------------------------------------------------------------


def _normalised(sql: str | None) -> str:
    """The statement without SQL comments and with runs of whitespace as one space.

    SQLite keeps a CREATE statement's text as written, comments included, so
    a comment reworded in a migration must not make every existing desk
    "foreign". Quoted text ('...', "...", `...`, [...]) is kept as it is.
    """
    if not sql:
        return ""
    out: list[str] = []
    i, n = 0, len(sql)
    closing = {"'": "'", '"': '"', "`": "`", "[": "]"}
    while i < n:
        ch = sql[i]
        if ch in closing:
            end = sql.find(closing[ch], i + 1)
            while end != -1 and ch != "[" and sql.startswith(closing[ch] * 2, end):
                end = sql.find(closing[ch], end + 2)  # a doubled quote is a quote
            end = n if end == -1 else end + 1
            out.append(sql[i:end])
            i = end
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end == -1 else end
            out.append(" ")
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            i = n if end == -1 else end + 2
            out.append(" ")
        else:
            out.append(ch)
            i += 1
    return " ".join("".join(out).split())


def schema_rows(conn: sqlite3.Connection) -> set[SchemaRow]:
    """What ``sqlite_master`` holds; ``sqlite_stat*`` (statistics from ANALYZE) are not schema."""
    rows = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\'"
    ).fetchall()
    return {(row[0], row[1], row[2], _normalised(row[3])) for row in rows}


def reference_schema(version: int) -> frozenset[SchemaRow]:
    """The schema migrations 1..``version`` make, from the migrations in force now."""
    return _reference(tuple(_db.MIGRATIONS[:version]))


@lru_cache(maxsize=8)
def _reference(migrations: tuple[str, ...]) -> frozenset[SchemaRow]:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for script in migrations:
            conn.executescript(script)
        return frozenset(schema_rows(conn))
    finally:
        conn.close()


def _differences(found: set[SchemaRow], expected: frozenset[SchemaRow]) -> list[str]:
    by_key = {(row[0], row[1]): row for row in expected}
    found_keys = {(row[0], row[1]) for row in found}
    problems = []
    for row in sorted(found - expected):
        kind = "changed" if (row[0], row[1]) in by_key else "unexpected"
        problems.append(f"{kind} {row[0]} {row[1]}")
    for row in sorted(expected - found):
        if (row[0], row[1]) not in found_keys:
            problems.append(f"missing {row[0]} {row[1]}")
    return problems


def _shown(problems: list[str]) -> str:
    text = "; ".join(problems[:SHOWN_PROBLEMS])
    if len(problems) > SHOWN_PROBLEMS:
        text += f"; and {len(problems) - SHOWN_PROBLEMS} more"
    return text


# Checking a file ----------------------------------------------------------------------


def check_connection(conn: sqlite3.Connection, where: Path, *, role: str = "backup") -> int:
    """The schema version of the database on ``conn`` if smmdesk could have made it exactly.

    ``role`` words the messages: ``"backup"`` for a file to restore,
    ``"database"`` for the desk a backup is taken of.
    """
    conn.execute("PRAGMA trusted_schema = OFF")  # nothing in a file we check runs as ours
    conn.execute("PRAGMA cell_size_check = ON")
    try:
        version: int = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > _db.LATEST_VERSION:
            raise UserError(
                f"{role} was made by a newer smmdesk (schema {version}, this one knows "
                f"{_db.LATEST_VERSION}); upgrade smmdesk, {where}"
            )
        found = schema_rows(conn)
        problems = (
            _differences(found, reference_schema(version))
            if version >= 1
            else ["no smmdesk schema version"]
        )
        if problems:
            if role == "backup":
                raise UserError(
                    f"not a backup made by smmdesk (schema {version}: {_shown(problems)}), {where}"
                )
            raise UserError(
                f"database schema is not what smmdesk makes ({_shown(problems)}); a restore would "
                f"refuse the copy, so none was written (remove what was added by hand), {where}"
            )
        integrity = [
            " ".join(str(row[0]).replace("*** in database main ***", "").split())
            for row in conn.execute("PRAGMA integrity_check")
        ]
        if integrity != ["ok"]:
            raise UserError(_damaged(role, f"integrity check: {_shown(integrity)}", where))
        if any(row[:2] == ("table", "comments_fts") for row in found):
            _check_search_index(conn, role, where)
        dangling = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        if _db.is_damage(exc):
            raise UserError(_damaged(role, str(exc), where)) from None
        mapped = user_error_for(exc, where)
        raise mapped or UserError(f"not a usable SQLite database ({exc}), {where}") from None
    finally:
        conn.execute("PRAGMA trusted_schema = ON")
    if dangling:
        pairs = sorted({f"{row[0]} → {row[2]}" for row in dangling})
        raise UserError(
            f"{role} has {len(dangling)} rows pointing at rows that do not exist "
            f"(foreign key check: {_shown(pairs)}), {where}"
        )
    return version


def _check_search_index(conn: sqlite3.Connection, role: str, where: Path) -> None:
    """FTS5's own check, with ``rank = 1``: the index must match the comments it indexes
    (``PRAGMA integrity_check`` does not look inside it; an emptied index finds nothing).
    About 0.2 s for 100k comments (``integrity_check`` itself takes about 1 s)."""
    try:
        conn.execute("INSERT INTO comments_fts (comments_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code == _db.SQLITE_READONLY:  # check_backup's read-only look: the staged copy
            return  # (writable) is checked again before it is swapped in
        if not _db.is_damage(exc):
            raise
        whose = "backup's" if role == "backup" else "database's"
        detail = f"{whose} search index does not match its comments (FTS5 integrity check)"
        if role == "backup":
            raise UserError(f"{detail}; choose another backup, {where}") from None
        raise UserError(f"{detail}; no backup was written, {where}") from None


def _damaged(role: str, detail: str, where: Path) -> str:
    if role == "backup":
        return f"backup is damaged ({detail}); choose another backup, {where}"
    return (
        f"database file is damaged ({detail}); no backup was written, put back an earlier "
        f"one with `smmdesk restore BACKUP`, {where}"
    )


def _check_source(source: Path) -> None:
    """A regular file whose header SQLite reads (never opened raw: it may be a desk this
    process holds, and closing a raw descriptor would drop that connection's locks)."""
    try:
        info = os.stat(source)
    except OSError:
        raise UserError(f"no such backup file, {source}") from None
    if not stat.S_ISREG(info.st_mode):
        raise UserError(f"backup is {what_it_is(info.st_mode)}, not a regular file, {source}")
    conn = _open_read_only(source)
    try:
        conn.execute("PRAGMA user_version").fetchone()
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", None)
        if code is not None and code & 0xFF == SQLITE_NOTADB:
            raise UserError(f"not an SQLite database, {source}") from None
        # anything else is named by the full check that follows
    finally:
        conn.close()


def _open_read_only(source: Path) -> sqlite3.Connection:
    try:
        return sqlite3.connect(
            f"{source.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None
        )
    except sqlite3.Error as exc:
        raise UserError(f"cannot open backup ({exc}), {source}") from None


def check_backup(source: Path) -> int:
    """The schema version of a backup restore would accept; a UserError for anything else."""
    _check_source(source)
    conn = _open_read_only(source)
    try:
        return check_connection(conn, source)
    finally:
        conn.close()


# Backup -------------------------------------------------------------------------------


def backup_name(store: Store) -> str:
    """The copy's name when PATH is a folder: ``<database>-backup-<local date-time>.db``."""
    from smmdesk.timeutil import to_local, utc_now

    return f"{store.path.stem}-backup-{to_local(utc_now()):%Y-%m-%d-%H%M%S}.db"


def backup_to(store: Store, target: Path) -> Path:
    """Write a consistent, checked copy of the open database to ``target`` (a file or a folder).

    The copy is written under a temporary name, checked like a restore checks
    it, made one self-contained file (no -wal), and only then given its name.
    """
    if target.is_dir():
        target = target / backup_name(store)
    if target.exists():
        raise UserError(f"backup file exists already (choose a new name), {target}")
    if not target.parent.is_dir():
        raise UserError(f"directory does not exist, {target.parent}")
    partial = target.with_name(f".{target.name}{PARTIAL_SUFFIX}")
    _remove_database(partial)
    try:
        copy = sqlite3.connect(partial, isolation_level=None)
        try:
            try:
                store.conn.backup(copy, pages=PAGES_PER_STEP)
            except sqlite3.Error as exc:
                if _db.is_damage(exc):
                    raise UserError(_damaged("database", str(exc), store.path)) from None
                mapped = user_error_for(exc, target)
                raise mapped or UserError(f"backup failed ({exc}), {target}") from None
            check_connection(copy, store.path, role="database")
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        with contextlib.suppress(OSError):  # a private desk makes a private backup
            os.chmod(partial, store.path.stat().st_mode & 0o777)
        _fsync(partial)
        _publish(partial, target)
    except BaseException:
        _remove_database(partial)
        raise
    return target


def _publish(partial: Path, target: Path) -> None:
    """Give ``partial`` the name ``target``, never over a file that appeared meanwhile."""
    try:
        os.link(partial, target)
    except FileExistsError:
        raise UserError(f"backup file exists already (choose a new name), {target}") from None
    except OSError:  # no hard links here (some network or FAT drives)
        if target.exists():
            raise UserError(f"backup file exists already (choose a new name), {target}") from None
        os.replace(partial, target)
    else:
        partial.unlink()
    _fsync_dir(target.parent)


# Restore ------------------------------------------------------------------------------


def safety_copy_of(desk: Path) -> Path:
    return desk.with_name(desk.name + SAFETY_SUFFIX)


def restore_from(store: Store, source: Path) -> Path:
    """Replace the open database with a checked, up-to-date copy of ``source``.

    Returns the file it replaced, kept as ``<desk>.before-restore``. Anything
    refused leaves the desk byte-for-byte as it was; ``store`` goes on with
    the restored file.
    """
    _check_source(source)
    desk = Path(os.path.realpath(store.path))  # a symlinked desk stays a symlink
    staging = desk.with_name(desk.name + STAGING_SUFFIX)
    _remove_database(staging)
    try:
        _stage(source, staging)
        with contextlib.suppress(OSError):  # the desk's permissions (e.g. 0600) go on
            os.chmod(staging, desk.stat().st_mode & 0o7777)
        return _swap(store, desk, staging)
    finally:
        _remove_database(staging)


def _stage(source: Path, staging: Path) -> None:
    """Copy the backup beside the desk, check the copy, migrate it, make it one plain file."""
    backup = _open_read_only(source)
    try:
        copy = sqlite3.connect(staging, isolation_level=None)
        try:
            try:
                backup.backup(copy, pages=PAGES_PER_STEP)
            except sqlite3.Error as exc:
                if _db.is_damage(exc):
                    raise UserError(_damaged("backup", str(exc), source)) from None
                mapped = user_error_for(exc, staging)
                raise mapped or UserError(
                    f"not a usable SQLite database ({exc}), {source}"
                ) from None
            check_connection(copy, source)
            copy.execute("PRAGMA foreign_keys = ON")
            with _db.sqlite_errors(staging):
                _db.migrate(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
    finally:
        backup.close()
    _fsync(staging)


def _swap(store: Store, desk: Path, staging: Path) -> Path:
    safety = safety_copy_of(desk)
    conn = store.conn
    base_execute = sqlite3.Connection.execute  # no busy retries: another user means "not now"
    busy_wait = getattr(conn, "busy_wait", None)
    # Leaving WAL needs the only connection to the file: refused while the app or
    # another command has it open. It also folds the -wal into the file.
    timeout = base_execute(conn, "PRAGMA busy_timeout").fetchone()[0]
    base_execute(conn, "PRAGMA busy_timeout = 1000")
    try:
        mode = base_execute(conn, "PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.OperationalError as exc:
        if not is_busy(exc):
            raise
        mode = "busy"
    finally:
        base_execute(conn, f"PRAGMA busy_timeout = {int(timeout)}")
    if mode != "delete":
        raise UserError(
            f"database is in use (close the app and other smmdesk commands first), {desk}"
        )
    opened: list[BinaryIO] = []  # handles of the desk, closed only after the connection
    try:
        base_execute(conn, "BEGIN EXCLUSIVE")  # nobody opens the old file during the swap
        for suffix in ("-wal", "-shm"):
            Path(f"{desk}{suffix}").unlink(missing_ok=True)
        kept = safety.with_name(safety.name + PARTIAL_SUFFIX)
        kept.unlink(missing_ok=True)
        try:
            os.link(desk, kept)  # the old file keeps its inode under a new name
        except OSError:
            # No hard links here: copy it. The descriptor stays open until the
            # connection is closed, as closing it would drop the connection's locks.
            source = open(desk, "rb")  # noqa: SIM115
            opened.append(source)
            with open(kept, "wb") as copy:
                shutil.copyfileobj(source, copy)
            shutil.copystat(desk, kept)
        os.replace(kept, safety)
        os.replace(staging, desk)  # the swap: one rename
        _fsync_dir(desk.parent)
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            if conn.in_transaction:
                base_execute(conn, "ROLLBACK")
            base_execute(conn, "PRAGMA journal_mode = WAL")
        _KEPT_OPEN.extend(opened)  # the connection goes on: closing them would unlock it
        raise
    conn.close()
    for handle in opened:
        handle.close()
    try:
        fresh = _db.open_store(store.path)
    except BaseException:
        os.replace(safety, desk)  # put the old file back as it was
        fresh = _db.open_store(store.path)
        _adopt(store, fresh, busy_wait)
        raise
    _adopt(store, fresh, busy_wait)
    return safety


def _adopt(store: Store, fresh: Store, busy_wait: _db.BusyWait | None) -> None:
    store.conn = fresh.conn
    store.__dict__.pop("db", None)  # the cached sqlite-utils Database of the old one
    if busy_wait is not None and isinstance(store.conn, _db.DeskConnection):
        busy_wait.attach(store.conn)


# Files --------------------------------------------------------------------------------


def _remove_database(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
