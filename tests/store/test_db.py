import hashlib
import os
import sqlite3

import pytest

from smmdesk.errors import UserError
from smmdesk.store import db as store_db
from smmdesk.store import open_store, schema
from smmdesk.store.brands import DEFAULT_GOALS, create_brand


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_creates_and_migrates_a_new_file(tmp_path):
    with open_store(tmp_path / "new.db") as store:
        assert store.schema_version == schema.LATEST_VERSION
        tables = set(store.db.table_names())
    assert {
        "comments",
        "posts",
        "goals",
        "channels",
        "brands",
        "actions",
        "replies",
        "reply_templates",
        "comment_labels",
        "comments_fts",
    } <= tables


def test_pragmas_on_every_connection(store):
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_reopening_keeps_data(tmp_path):
    path = tmp_path / "keep.db"
    with open_store(path) as store:
        create_brand(store, "Acme")
    with open_store(path) as store:
        assert store.conn.execute("SELECT count(*) FROM goals").fetchone()[0] == len(DEFAULT_GOALS)


def test_default_path_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SMMDESK_DB", str(tmp_path / "env.db"))
    with open_store() as store:
        assert store.path == tmp_path / "env.db"
    assert (tmp_path / "env.db").exists()


def test_default_path_in_user_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("SMMDESK_DB")
    path = store_db.default_db_path()
    assert path.name == "smmdesk.db"
    assert "smmdesk" in str(path.parent)


def test_migrates_an_older_version_keeping_data(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    with open_store(path) as store:
        create_brand(store, "Acme")
    monkeypatch.setattr(
        schema, "MIGRATIONS", [*schema.MIGRATIONS, "ALTER TABLE brands ADD COLUMN note TEXT;"]
    )
    monkeypatch.setattr(store_db, "MIGRATIONS", schema.MIGRATIONS)
    monkeypatch.setattr(store_db, "LATEST_VERSION", len(schema.MIGRATIONS))
    with open_store(path) as store:
        assert store.schema_version == len(schema.MIGRATIONS)
        assert store.conn.execute("SELECT name, note FROM brands").fetchall()[0][:] == (
            "Acme",
            None,
        )


def test_failed_migration_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    with open_store(path) as store:
        create_brand(store, "Acme")
    monkeypatch.setattr(
        store_db, "MIGRATIONS", [*schema.MIGRATIONS, "ALTER TABLE brands ADD COLUMN x; BROKEN SQL;"]
    )
    monkeypatch.setattr(store_db, "LATEST_VERSION", len(schema.MIGRATIONS) + 1)
    with pytest.raises(sqlite3.Error):
        open_store(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST_VERSION
    assert [r[1] for r in conn.execute("PRAGMA table_info(brands)")].count("x") == 0


def test_refuses_a_newer_database_untouched(tmp_path):
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.execute(f"PRAGMA user_version = {schema.LATEST_VERSION + 1}")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(UserError, match="newer smmdesk"):
        open_store(path)
    assert digest(path) == before


def test_refuses_a_directory(tmp_path):
    with pytest.raises(UserError, match="is a directory"):
        open_store(tmp_path)


def test_refuses_a_file_that_is_not_sqlite(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("dear diary\n" * 100)
    before = digest(path)
    with pytest.raises(UserError, match="not an SQLite database"):
        open_store(path)
    assert digest(path) == before


def test_refuses_a_foreign_sqlite_database(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (x)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(UserError, match="not an smmdesk database"):
        open_store(path)
    assert digest(path) == before


def test_refuses_an_unwritable_place(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(UserError, match="directory does not exist"):
        open_store(blocker / "desk.db")
    with pytest.raises(UserError):
        open_store(tmp_path / "missing" / "desk.db")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_refuses_a_read_only_directory(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    with pytest.raises(UserError, match="not writable"):
        open_store(folder / "desk.db")


def test_nested_transactions_roll_back_together(store):
    with pytest.raises(RuntimeError), store.transaction():
        create_brand(store, "Inner")  # a savepoint inside the outer transaction
        raise RuntimeError
    assert store.conn.execute("SELECT count(*) FROM brands").fetchone()[0] == 0


def test_a_failed_savepoint_undoes_itself_alone_at_every_depth(store):
    """Savepoints are named by depth (sp1, sp2, ...): siblings reuse a name, and a failure
    at one depth rolls back that block only, however deep, before and after its siblings."""

    def brands():
        return [r[0] for r in store.conn.execute("SELECT name FROM brands ORDER BY id")]

    with store.transaction():
        create_brand(store, "Outer")
        for sibling in ("First", "Second"):
            with store.transaction():
                create_brand(store, sibling)
                with pytest.raises(RuntimeError), store.transaction():
                    create_brand(store, f"{sibling} failed")
                    with store.transaction():
                        create_brand(store, f"{sibling} deepest")
                    raise RuntimeError
                with store.transaction():
                    create_brand(store, f"{sibling} kept")
    assert brands() == ["Outer", "First", "First kept", "Second", "Second kept"]
    assert store._savepoints == 0


def test_a_checkpoint_from_another_thread_copies_the_log_the_commits_left(store):
    """``checkpoint_on_commit`` high: commits leave their pages in the log, the file itself
    unchanged; ``checkpoint`` on a connection of its own, in a thread, copies them in."""
    import hashlib
    import threading

    def file_digest() -> str:
        return hashlib.sha256(store.path.read_bytes()).hexdigest()

    store.checkpoint_on_commit(100_000)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = file_digest()
    for n in range(30):
        create_brand(store, f"Brand {n}")
    assert file_digest() == before  # all of it in the log
    worker = threading.Thread(target=store.checkpoint)
    worker.start()
    worker.join()
    assert file_digest() != before
    with sqlite3.connect(f"file:{store.path}?immutable=1", uri=True) as file_only:  # no log
        assert file_only.execute("SELECT count(*) FROM brands").fetchone()[0] == 30


def test_checkpoints_aside_copy_the_log_in_a_thread_every_few_commits(store, monkeypatch):
    """A sync's run of commits: none copies the log itself; every ``every``-th starts a copy
    in a thread, waited for on exit, and the connection's threshold comes back."""
    store.checkpoint_on_commit(500)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(store.path)
    started = []
    thread_class = store_db.threading.Thread

    def counted(*args, **kwargs):
        started.append(1)
        return thread_class(*args, **kwargs)

    monkeypatch.setattr(store_db.threading, "Thread", counted)
    with store.checkpoints_aside(every=3) as committed:
        assert store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
        for n in range(2):
            create_brand(store, f"Brand {n}")
            committed()
        assert digest(store.path) == before and not started  # all of it in the log
        create_brand(store, "Brand 2")
        committed()
        assert len(started) == 1
    assert store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 500
    with sqlite3.connect(f"file:{store.path}?immutable=1", uri=True) as file_only:  # no log
        assert file_only.execute("SELECT count(*) FROM brands").fetchone()[0] == 3


def test_a_checkpoint_aside_that_fails_changes_nothing_for_the_writer(store, monkeypatch):
    def busy(self):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(store_db.Store, "checkpoint", busy)
    with store.checkpoints_aside(every=1) as committed:
        create_brand(store, "Acme")
        committed()
    assert store.conn.execute("SELECT count(*) FROM brands").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000


def test_a_post_without_a_goal_is_refused_by_the_database(store):
    brand = create_brand(store, "Acme")
    store.conn.execute("INSERT INTO channels (brand_id, name) VALUES (?, 'IG')", (brand.id,))
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute(
            "INSERT INTO posts (brand_id, title, channel_id, scheduled_at, goal_id, created_at, updated_at) "
            "VALUES (?, 't', 1, '2026-12-01T10:00:00+00:00', NULL, 'x', 'x')",
            (brand.id,),
        )
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute(
            "INSERT INTO posts (brand_id, title, channel_id, scheduled_at, goal_id, created_at, updated_at) "
            "VALUES (?, 't', 1, '2026-12-01T10:00:00+00:00', 999, 'x', 'x')",
            (brand.id,),
        )


def test_version_1_database_upgrades_keeping_its_data(tmp_path, monkeypatch):
    """A file made by the first schema opens, gains version 2's tables, keeps every row."""
    path = tmp_path / "v1.db"
    with monkeypatch.context() as patch:
        patch.setattr(store_db, "MIGRATIONS", schema.MIGRATIONS[:1])
        patch.setattr(store_db, "LATEST_VERSION", 1)
        with open_store(path) as store:
            create_brand(store, "Acme")
            assert store.schema_version == 1
    with open_store(path) as store:
        assert store.schema_version == schema.LATEST_VERSION
        assert store.conn.execute("SELECT name FROM brands").fetchone()[0] == "Acme"
        assert store.conn.execute("SELECT count(*) FROM goals").fetchone()[0] == len(DEFAULT_GOALS)
        assert "briefs" in store.db.table_names()
        assert "post_id" in store.db["comments"].columns_dict


def _damage_root_page(path, table):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xa5" * page_size)


@pytest.mark.parametrize("table", ["comments", "reply_templates", "comments_fts_data", "brands"])
def test_a_damaged_root_page_is_refused_at_open_and_nothing_is_written(tmp_path, table):
    path = tmp_path / "desk.db"
    with open_store(path) as store:
        create_brand(store, "Acme")
    _damage_root_page(path, table)
    before = digest(path)
    with pytest.raises(UserError, match=r"database file is damaged .*restore BACKUP"):
        open_store(path)
    assert digest(path) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["brand", "list"],
        ["templates", "list"],
        ["brief", "show"],
        ["calendar"],
        ["templates", "add", "x", "y"],
        ["post", "add", "t", "--goal", "sales", "--when", "tomorrow 10:00"],
        ["brand", "add", "Other"],
        ["brand", "rename", "acme", "Acme Two"],
    ],
)
def test_every_command_refuses_a_damaged_desk_in_one_line(tmp_path, capsys, argv):
    from smmdesk.cli import main

    path = tmp_path / "desk.db"
    with open_store(path) as store:
        create_brand(store, "Acme")
    _damage_root_page(path, "comments")
    before = digest(path)
    assert main(["--db", str(path), *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("smmdesk: error: database file is damaged") and err.count("\n") == 1
    assert digest(path) == before


def test_restore_still_opens_a_damaged_desk(tmp_path, capsys):
    from smmdesk.cli import main
    from smmdesk.store.backup import backup_to

    path = tmp_path / "desk.db"
    with open_store(path) as store:
        create_brand(store, "Acme")
        backup_to(store, tmp_path / "good.db")
    _damage_root_page(path, "comments")
    assert main(["--db", str(path), "restore", "--yes", str(tmp_path / "good.db")]) == 0
    with open_store(path) as store:
        assert store.conn.execute("SELECT count(*) FROM comments").fetchone()[0] == 0
