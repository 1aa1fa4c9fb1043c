"""SQL for the named column mappings of `import --preset` (``presets``)."""

from __future__ import annotations

import sqlite3

from smmdesk.store.db import Store


def insert_preset(store: Store, name: str, mapping_json: str, created_at: str) -> None:
    """Raises sqlite3.IntegrityError when the name is taken."""
    store.conn.execute(
        "INSERT INTO presets (name, mapping, created_at) VALUES (?, ?, ?)",
        (name, mapping_json, created_at),
    )


def list_presets(store: Store) -> list[sqlite3.Row]:
    return store.conn.execute(
        "SELECT name, mapping, created_at FROM presets ORDER BY name"
    ).fetchall()


def find_preset(store: Store, name: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = store.conn.execute(
        "SELECT name, mapping, created_at FROM presets WHERE name = ?", (name,)
    ).fetchone()
    return row


def delete_preset(store: Store, name: str) -> int:
    return store.conn.execute("DELETE FROM presets WHERE name = ?", (name,)).rowcount
