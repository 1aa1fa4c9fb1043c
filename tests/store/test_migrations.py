"""Databases of every earlier schema version open and upgrade with nothing lost."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from smmdesk.inbox import queue
from smmdesk.store import open_store, schema
from smmdesk.store.comments import QueueFilter

FIXTURES = Path(__file__).parent / "fixtures"
EARLIER = {1: FIXTURES / "schema_v1.db"}


def contents(path, tables):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: sorted(tuple(r) for r in conn.execute(f"SELECT * FROM {t}")) for t in tables}
    finally:
        conn.close()


def test_every_earlier_version_has_a_fixture():
    assert set(EARLIER) == set(range(1, schema.LATEST_VERSION))


@pytest.mark.parametrize("version", sorted(EARLIER))
def test_upgrade_keeps_every_row(tmp_path, version):
    original = EARLIER[version]
    path = tmp_path / "old.db"
    shutil.copy(original, path)
    conn = sqlite3.connect(original)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'comments_fts%' "
        "AND name NOT LIKE 'sqlite_%'")]
    conn.close()
    before = contents(original, tables)
    with open_store(path) as store:
        assert store.schema_version == schema.LATEST_VERSION
        after = contents(path, tables)
        for table in tables:
            # New columns may be appended; every old value stays where it was.
            width = len(before[table][0]) if before[table] else 0
            assert [row[:width] for row in after[table]] == before[table], table
        # The upgraded desk works: the queue reads, search finds, the log is there.
        items = queue.page(store, QueueFilter(search="ship"))
        assert [item.author for item in items] == ["bo_b"]
        assert store.conn.execute("SELECT count(*) FROM actions").fetchone()[0] == 1
