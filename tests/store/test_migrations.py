"""Databases of every earlier schema version open and upgrade with nothing lost."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from smmdesk.inbox import queue
from smmdesk.store import open_store, schema
from smmdesk.store.comments import QueueFilter

FIXTURES = Path(__file__).parent / "fixtures"
EARLIER = {
    1: FIXTURES / "schema_v1.db",
    2: FIXTURES / "schema_v2.db",
    3: FIXTURES / "schema_v3.db",
    4: FIXTURES / "schema_v4.db",
    5: FIXTURES / "schema_v5.db",
    6: FIXTURES / "schema_v6.db",
    7: FIXTURES / "schema_v7.db",
    8: FIXTURES / "schema_v8.db",
    9: FIXTURES / "schema_v9.db",
    10: FIXTURES / "schema_v10.db",
    11: FIXTURES / "schema_v11.db",
    12: FIXTURES / "schema_v12.db",
    13: FIXTURES / "schema_v13.db",
    14: FIXTURES / "schema_v14.db",
    15: FIXTURES / "schema_v15.db",
    16: FIXTURES / "schema_v16.db",
}


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
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'comments_fts%' "
            "AND name NOT LIKE 'sqlite_%'"
        )
    ]
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


def test_upgrade_from_2_makes_comments_unique_per_brand(tmp_path):
    """Schema 3 rebuilds comments (unique per brand): labels, log, replies, links and the
    full-text index all still point at the same rows."""
    path = tmp_path / "old.db"
    shutil.copy(EARLIER[2], path)
    with open_store(path) as store:
        conn = store.conn
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [
            r[0]
            for r in conn.execute(
                "SELECT rowid FROM comments_fts WHERE comments_fts MATCH 'магазин'"
            )
        ] == [4]
        assert conn.execute("SELECT brand_id FROM post_links").fetchone()[0] == 1
        assert conn.execute("SELECT post_id FROM comments WHERE id = 5").fetchone()[0] == 1
        # Every index and trigger of comments is back.
        names = {
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE tbl_name = 'comments' AND sql IS NOT NULL"
            )
        }
        assert {
            "comments_queue",
            "comments_brand_queue",
            "comments_thread",
            "comments_created",
            "comments_language",
            "comments_open_counts",
            "comments_by_post",
            "comments_fts_ad",
            "comments_fts_au",
        } <= names
        # Brand 2 may now hold a comment whose id brand 1 already has.
        conn.execute(
            "INSERT INTO comments (brand_id, platform, external_id, text, created_at, imported_at, "
            "urgent_at) VALUES (2, 'facebook', 'fb1', 'same id, other page', '2026-11-23', '2026-11-23', 0)"
        )
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO comments (brand_id, platform, external_id, text, created_at, "
                "imported_at, urgent_at) VALUES (1, 'facebook', 'fb1', 'dup', '2026-11-23', "
                "'2026-11-23', 0)"
            )
        # Deleting a comment still cascades and keeps the index in step.
        conn.execute("DELETE FROM comments WHERE id = 1")
        assert conn.execute("SELECT count(*) FROM comment_labels").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM actions").fetchone()[0] == 0
        assert (
            conn.execute(
                "SELECT count(*) FROM comments_fts WHERE comments_fts MATCH 'awful'"
            ).fetchone()[0]
            == 0
        )
        conn.execute("INSERT INTO comments_fts (comments_fts) VALUES ('integrity-check')")


def test_upgrade_to_9_keeps_saved_replies_for_any_language(tmp_path):
    from smmdesk.inbox import answers

    path = tmp_path / "old.db"
    shutil.copy(EARLIER[8], path)
    with open_store(path) as store:
        (template,) = answers.list_templates(store)
        assert (template.name, template.language) == ("Thanks", None)  # none: any language
        answers.add_template(store, "Thanks", "Дякуємо, {first_name}!", language="uk")
        (template,) = answers.list_templates(store)  # replaced, not added beside it
        assert (template.text, template.language) == ("Дякуємо, {first_name}!", "uk")
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute("UPDATE reply_templates SET language = 'UKR'")


def test_upgrade_from_8_keeps_no_brief_text_and_the_edit_opens_the_brief(tmp_path):
    """Migration 11 adds briefs.toml (a brief's TOML as its user last wrote it): NULL for a
    brief saved before, whose edit opens the brief written afresh; saving keeps the text."""
    from smmdesk.brand.brief_text import editable_toml, save_toml
    from smmdesk.brand.brief_toml import to_toml
    from smmdesk.store.brands import get_brand
    from smmdesk.store.brief import kept_toml, load_brief

    path = tmp_path / "old.db"
    shutil.copy(EARLIER[8], path)
    with open_store(path) as store:
        query = "SELECT slug FROM brands JOIN briefs ON briefs.brand_id = brands.id"
        brand = get_brand(store, store.conn.execute(query).fetchone()[0])
        assert kept_toml(store, brand) is None
        fresh = to_toml(load_brief(store, brand), brand=brand.slug)
        assert editable_toml(store, brand) == fresh
        mine = "# ours\n" + fresh.replace('tone = "friendly"', 'tone = "formal"')
        save_toml(store, brand, mine, "brief.toml")
        assert kept_toml(store, brand) == mine == editable_toml(store, brand)


def test_upgrade_from_8_adds_the_spam_detector(tmp_path):
    """Schema 12: no stored comment is suspected or cleared, every brand's model is empty, and
    the upgraded desk judges, learns and ranks like a new one."""
    from smmdesk.inbox import spam, triage
    from smmdesk.store.comments import get_comments

    path = tmp_path / "old.db"
    shutil.copy(EARLIER[8], path)
    with open_store(path) as store:
        conn = store.conn
        assert (
            conn.execute(
                "SELECT count(*) FROM comments WHERE spam_suspect != 0 OR spam_cleared != 0 "
                "OR text_key IS NOT NULL"
            ).fetchone()[0]
            == 0
        )
        assert conn.execute("SELECT count(*) FROM spam_features").fetchone()[0] == 0
        comment = get_comments(store, [3])[0]
        triage.mark_spam(store, [comment.id])
        assert spam.model_of(store, comment.brand_id).spam_docs == 1
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_upgrade_from_11_adds_rules_and_a_tier_that_sticks(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(EARLIER[11], path)
    with open_store(path) as store:
        assert store.conn.execute("SELECT count(*) FROM rules").fetchone()[0] == 0
        cid = store.conn.execute("SELECT min(id) FROM comments").fetchone()[0]
        store.conn.execute("UPDATE comments SET pinned_tier = 1, tier = 1 WHERE id = ?", (cid,))
        store.conn.execute("UPDATE comments SET tier = 0 WHERE id = ?", (cid,))  # a re-rank
        row = store.conn.execute(
            "SELECT tier, suggested_template_id FROM comments WHERE id = ?", (cid,)
        ).fetchone()
        assert tuple(row) == (1, None)


def test_upgrade_from_13_reads_a_brands_suspects_on_their_own_index(tmp_path):
    """Every triage key judges the brand's open suspects again: that read must not walk the
    brand's whole queue."""
    from smmdesk.store.spam import open_suspects

    path = tmp_path / "old.db"
    shutil.copy(EARLIER[13], path)
    with open_store(path) as store:
        cid, brand_id = store.conn.execute("SELECT min(id), brand_id FROM comments").fetchone()
        store.conn.execute(
            "UPDATE comments SET spam_suspect = 1, status = 'open' WHERE id = ?", (cid,)
        )
        assert [c.id for c in open_suspects(store, brand_id)] == [cid]
        plan = " ".join(
            str(row[-1])
            for row in store.conn.execute(
                "EXPLAIN QUERY PLAN SELECT * FROM comments WHERE brand_id = ? "
                "AND status = 'open' AND spam_suspect = 1 ORDER BY id",
                (brand_id,),
            )
        )
        assert "comments_open_suspects" in plan


def test_upgrade_from_15_counts_the_header_on_one_covering_index(tmp_path):
    """The header counts run after every triage key: they must read the index alone, never
    each comment's row (issue 18)."""
    from smmdesk.inbox import queue

    path = tmp_path / "old.db"
    shutil.copy(EARLIER[15], path)
    with open_store(path) as store:
        brand_id = store.conn.execute("SELECT min(brand_id) FROM comments").fetchone()[0]
        for where, params in (("", ()), (" AND brand_id = ?", (brand_id,))):
            plan = " ".join(
                str(row[-1])
                for row in store.conn.execute(
                    "EXPLAIN QUERY PLAN SELECT count(*), sum(band = 'negative' AND spam_suspect = 0),"
                    " sum(created_at <= CASE WHEN is_question THEN '' ELSE '' END)"
                    " FROM comments WHERE status = 'open'"
                    " AND (snoozed_until IS NULL OR snoozed_until <= '')" + where,
                    params,
                )
            )
            assert "COVERING INDEX comments_header_counts" in plan
        assert (
            queue.header_counts(store)["open"]
            == store.conn.execute(
                "SELECT count(*) FROM comments WHERE status = 'open' AND snoozed_until IS NULL"
            ).fetchone()[0]
        )


def test_upgrade_from_16_holds_a_syncs_pulled_pages_until_they_are_stored(tmp_path):
    """A sync holds each pulled page with the cursor after it (issue 18); the account's
    pages go with it."""
    from smmdesk.store import accounts

    path = tmp_path / "old.db"
    shutil.copy(EARLIER[16], path)
    with open_store(path) as store:
        brand_id = store.conn.execute("SELECT min(id) FROM brands").fetchone()[0]
        account_id = accounts.add_account(
            store,
            brand_id=brand_id,
            platform="telegram",
            name="old-desk-telegram",
            api_base=None,
            options={"chat": "-100"},
            secret_ref="old-desk-telegram",
            at="2026-12-01T00:00:00+00:00",
        ).id
        accounts.hold_page(store, account_id, '{"records": [], "edits": []}', {"offset": 7})
        assert accounts.held_pages(store, account_id) == ['{"records": [], "edits": []}']
        assert accounts.account_by_id(store, account_id).cursor == {"offset": 7}
        store.conn.execute("DELETE FROM accounts WHERE id = ?", (account_id,))
        assert accounts.held_pages(store, account_id) == []
