"""The desk as other SQLite tools see it: sqlite-utils and Datasette find the comments'
full-text index (they look for ``content="comments"``), and the views name what ids mean."""

import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlite_utils

from smmdesk.cli import main
from smmdesk.store import open_store

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("tools") / "desk.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


def fts_ids(db, query):
    conn = sqlite3.connect(db)
    try:
        sql = "SELECT rowid FROM comments_fts WHERE comments_fts MATCH ?"
        return sorted(r[0] for r in conn.execute(sql, (query,)))
    finally:
        conn.close()


def search_with_sqlite_utils(db, query):
    done = subprocess.run(
        [sys.executable, "-m", "sqlite_utils", "search", str(db), "comments", query, "-c", "id"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return sorted(row["id"] for row in json.loads(done.stdout))


def test_sqlite_utils_finds_the_index_and_searches_it(demo_db):
    assert sqlite_utils.Database(demo_db)["comments"].detect_fts() == "comments_fts"
    expected = fts_ids(demo_db, "delivery")
    assert expected  # the demo has comments about delivery
    assert search_with_sqlite_utils(demo_db, "delivery") == expected


def test_the_index_datasette_looks_for(demo_db):
    # Datasette 0.65's detect_fts: content="table" or content=[table] in the FTS table's SQL.
    conn = sqlite3.connect(demo_db)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'comments_fts'").fetchone()[0]
    conn.close()
    assert 'content="comments"' in sql and "USING fts5" in sql


def test_an_upgraded_desk_is_found_too(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema_v5.db", path)
    assert sqlite_utils.Database(path)["comments"].detect_fts() is None  # the old spelling
    with open_store(path) as store:
        # The rebuilt index finds what the old one did, and stays in step with the triggers.
        store.conn.execute("INSERT INTO comments_fts (comments_fts) VALUES ('integrity-check')")
        store.conn.execute("UPDATE comments SET text = 'shipping zebra' WHERE id = 1")
        store.conn.commit()
    assert sqlite_utils.Database(path)["comments"].detect_fts() == "comments_fts"
    assert search_with_sqlite_utils(path, "ship") == fts_ids(path, "ship") != []
    assert search_with_sqlite_utils(path, "zebra") == [1]


def test_views_for_people_who_open_the_file(demo_db):
    conn = sqlite3.connect(demo_db)
    conn.row_factory = sqlite3.Row
    try:
        queue = conn.execute("SELECT * FROM open_queue").fetchall()
        assert queue and {row["brand_name"] for row in queue} == {
            "Kava Lab",
            "Trailhead Outfitters",
        }
        assert [(r["tier"], r["urgent_at"]) for r in queue] == sorted(
            (r["tier"], r["urgent_at"]) for r in queue
        )
        first = queue[0]
        assert first["urgent_at_utc"].endswith("+00:00")
        replies = conn.execute("SELECT * FROM replies_with_comments").fetchall()
        assert replies and all(r["comment"] and r["reply"] for r in replies)
        posts = conn.execute("SELECT * FROM posts_named").fetchall()
        count = conn.execute("SELECT count(*) FROM posts").fetchone()[0]
        assert len(posts) == count
        assert all(r["goal_name"] and r["channel"] and r["brand"] for r in posts)
    finally:
        conn.close()


def test_backup_of_a_desk_with_the_views_restores(demo_db, tmp_path):
    copy = tmp_path / "copy.db"
    assert main(["--db", str(demo_db), "backup", str(copy)]) == 0
    assert main(["--db", str(tmp_path / "other.db"), "restore", str(copy), "--yes"]) == 0


def test_urgent_at_is_documented_as_the_one_epoch_time(demo_db):
    """The schema's notes say so, and the view people open shows it as text beside."""
    from smmdesk.store import schema

    assert "``comments.urgent_at`` is epoch seconds (INTEGER)" in (schema.__doc__ or "")
    assert "epoch s" in next(
        line for line in schema.MIGRATIONS[0].splitlines() if "urgent_at" in line
    )
    conn = sqlite3.connect(demo_db)
    try:
        sql = "SELECT urgent_at, urgent_at_utc FROM open_queue LIMIT 1"
        epoch, text = conn.execute(sql).fetchone()
    finally:
        conn.close()
    assert isinstance(epoch, int) and text == datetime.fromtimestamp(epoch, UTC).isoformat()
