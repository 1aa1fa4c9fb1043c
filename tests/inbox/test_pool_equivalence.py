"""One file imported by one process and by the scoring pool leaves the same database."""

import json
import sqlite3
from datetime import timedelta

import pytest

from smmdesk.inbox import importer, lexicon, rules
from smmdesk.inbox.rules import RuleSpec
from smmdesk.store import open_store
from smmdesk.store.brands import create_brand
from tests.conftest import NOW

TEXTS = [
    "Where is my refund??",
    "love it",
    "",
    "Дякую, все супер!",
    "Call +1 555 0100 now for free money",
    "Trop bon, merci beaucoup. El paquete llegó roto",
    "check my channel for free followers",
    "thanks!",
    "The app crashes every time I open it",
]


def export(path, count):
    """A JSON Lines export with repeats, ours, replies to us and to others, stars, duplicates."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            record = {
                "id": f"c{n % (count - 5)}",  # the last five repeat earlier ids: duplicates
                "author": "Acme Official" if n % 17 == 0 else f"user{n % 40}",
                "text": TEXTS[n % len(TEXTS)],
                "created_at": (NOW - timedelta(minutes=n)).isoformat(),
                "likes": n % 7,
                "platform": "instagram" if n % 3 else "facebook",
            }
            if n % 11 == 0 and n:
                record["parent_id"] = f"c{n - 1}"
            if n % 13 == 0:
                record["rating"] = 1 + n % 5
            out.write(json.dumps(record) + "\n")


def snapshot(path):
    conn = sqlite3.connect(path)
    try:
        # A batch's id is random: compare its place among the batches instead.
        batches = [batch for (batch,) in conn.execute("SELECT batch FROM actions ORDER BY id")]
        conn.create_function("batch_no", 1, list(dict.fromkeys(batches)).index)
        others = [row[1] for row in conn.execute("PRAGMA table_info(actions)") if row[1] != "batch"]
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()  # noqa: S608
            for table in ("comments", "comment_labels", "replies")
        } | {
            "fts": conn.execute("SELECT rowid, text, author FROM comments_fts").fetchall(),
            "actions": conn.execute(
                f"SELECT {', '.join(others)}, batch_no(batch) FROM actions ORDER BY id"  # noqa: S608
            ).fetchall(),
        }
    finally:
        conn.close()


def imported(path, source, monkeypatch, parallel_from):
    pools = []
    started = importer.start_resource_tracker  # called only when a pool starts
    monkeypatch.setattr(importer, "start_resource_tracker", lambda: pools.append(started()))
    monkeypatch.setattr(importer, "PARALLEL_FROM", parallel_from)
    monkeypatch.setattr(importer, "CHUNK", 97)  # many chunks, across both workers
    with open_store(path) as store:
        brand = create_brand(store, "Acme", slug="acme", handles=("Acme Official",))
        lexicon.add_word(store, brand, "crashes", -3)
        rules.add_rule(store, brand, RuleSpec("refunds", ["keywords: refund"], ["label: refund"]))
        importer.import_file(store, source, brand, now=NOW)
        importer.import_file(store, source, brand, now=NOW)  # again: nothing new
    assert len(pools) == (2 if parallel_from == 1 else 0)
    return snapshot(path)


@pytest.mark.parametrize("count", [450])
def test_pool_import_is_the_serial_import(tmp_path, monkeypatch, count):
    source = tmp_path / "comments.jsonl"
    export(source, count)
    serial = imported(tmp_path / "serial.db", source, monkeypatch, 1 << 62)
    pooled = imported(tmp_path / "pooled.db", source, monkeypatch, 1)
    comments = serial["comments"]
    assert 300 < len(comments) < count - 5  # empty texts without stars are skipped
    assert serial["comment_labels"] and serial == pooled
    by_name = [
        d[0]
        for d in sqlite3.connect(tmp_path / "serial.db")
        .execute("SELECT * FROM comments")
        .description
    ]
    for column in ("is_ours", "has_our_reply", "spam_suspect"):  # each pass had work to do
        assert any(row[by_name.index(column)] for row in comments), column


def test_the_import_puts_the_cache_back(store, brand, tmp_path):
    """A file imports with a large page cache; the connection (the TUI's) gets its own back."""
    source = tmp_path / "comments.jsonl"
    export(source, 30)
    before = store.conn.execute("PRAGMA cache_size").fetchone()[0]
    importer.import_files(store, [source], brand.name, now=NOW)
    assert store.conn.execute("PRAGMA cache_size").fetchone()[0] == before
