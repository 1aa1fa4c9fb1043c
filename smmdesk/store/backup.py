"""Backups with SQLite's online backup API: safe while the app has the file open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from smmdesk.errors import UserError
from smmdesk.store.db import SQLITE_HEADER, Store
from smmdesk.store.schema import LATEST_VERSION

PAGES_PER_STEP = 1024   # copy in steps so a writer elsewhere is never blocked for long


def backup_to(store: Store, target: Path) -> Path:
    """Write a consistent copy of the open database to ``target`` (a file or a folder)."""
    if target.is_dir():
        target = target / f"{store.path.stem}-backup.db"
    if target.exists():
        raise UserError(f"backup file exists already (choose a new name), {target}")
    if not target.parent.is_dir():
        raise UserError(f"directory does not exist, {target.parent}")
    try:
        with sqlite3.connect(target) as copy:
            store.conn.backup(copy, pages=PAGES_PER_STEP)
        copy.close()
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise UserError(f"backup failed ({exc}), {target}") from None
    return target


def check_backup(source: Path) -> int:
    """The schema version of a valid smmdesk backup; a UserError for anything else."""
    if not source.is_file():
        raise UserError(f"no such backup file, {source}")
    with open(source, "rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise UserError(f"not an SQLite database, {source}")
    conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise UserError(f"not a usable SQLite database ({exc}), {source}") from None
    finally:
        conn.close()
    if not {"comments", "posts", "brands", "actions"} <= tables or version < 1:
        raise UserError(f"not an smmdesk database, {source}")
    if version > LATEST_VERSION:
        raise UserError(f"backup was made by a newer smmdesk (schema {version}), {source}")
    if integrity != "ok":
        raise UserError(f"backup is damaged (integrity check: {integrity}), {source}")
    return version


def restore_from(store: Store, source: Path) -> None:
    """Replace the open database's content with the backup's, then bring it up to date."""
    from smmdesk.store.db import migrate

    check_backup(source)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup:
        backup.backup(store.conn)
    backup.close()
    migrate(store.conn)
