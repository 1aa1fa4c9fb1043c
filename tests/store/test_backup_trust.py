"""Restore trusts nothing in the file; backup never writes a copy restore would refuse."""

import hashlib
import sqlite3

import pytest

from smmdesk.cli import main
from smmdesk.store import db as store_db
from smmdesk.store import open_store, schema
from smmdesk.store.backup import backup_to, check_backup, restore_from
from smmdesk.store.brands import create_brand


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_error_line(err):
    assert err.startswith("smmdesk: error: "), err
    assert err.count("\n") == 1, err


def make_desk(path, *brands):
    with open_store(path) as store:
        for name in brands:
            create_brand(store, name)
    return path


def make_backup(tmp_path, name="copy.db", *brands):
    desk = make_desk(tmp_path / f"src-{name}", *(brands or ("Acme",)))
    with open_store(desk) as store:
        return backup_to(store, tmp_path / name)


def tamper(path, *statements, foreign_keys=True):
    conn = sqlite3.connect(path, isolation_level=None)
    if not foreign_keys:
        conn.execute("PRAGMA foreign_keys = OFF")
    for sql in statements:
        conn.execute(sql)
    conn.close()


def brands_in(path):
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM brands ORDER BY id")]
    finally:
        conn.close()


TAMPERED = {
    "foreign trigger": [
        "CREATE TRIGGER wipe AFTER INSERT ON actions BEGIN DELETE FROM comments; END"
    ],
    "extra view": ["CREATE VIEW everything AS SELECT * FROM comments"],
    "extra index": ["CREATE INDEX comments_by_author ON comments (author)"],
    "dropped index": ["DROP INDEX comments_queue"],
    "extra column": ["ALTER TABLE brands ADD COLUMN note TEXT"],
    "extra table": ["CREATE TABLE notes (x)"],
    "changed trigger": [
        "DROP TRIGGER comments_fts_ad",
        "CREATE TRIGGER comments_fts_ad AFTER DELETE ON comments BEGIN DELETE FROM brands; END",
    ],
    "version lies low": [f"PRAGMA user_version = {schema.LATEST_VERSION - 1}"],
    "version lies high": [f"PRAGMA user_version = {schema.LATEST_VERSION + 1}"],
    "version zero": ["PRAGMA user_version = 0"],
}


@pytest.mark.parametrize("kind", list(TAMPERED))
def test_restore_refuses_a_schema_smmdesk_did_not_make(capsys, tmp_path, kind):
    desk = make_desk(tmp_path / "desk.db", "Mine")
    copy = make_backup(tmp_path)
    tamper(copy, *TAMPERED[kind])
    before = digest(desk)
    code, _, err = run(capsys, "--db", desk, "restore", "--yes", copy)
    assert code == 2
    one_error_line(err)
    assert str(copy) in err
    assert digest(desk) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("desk.db")) == ["desk.db"]
    assert brands_in(desk) == ["Mine"]


def test_restore_refuses_tables_with_the_right_names_made_by_someone_else(capsys, tmp_path):
    desk = make_desk(tmp_path / "desk.db", "Mine")
    fake = tmp_path / "fake.db"
    tamper(
        fake,
        *(
            f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, name TEXT)"
            for name in ("comments", "posts", "brands", "actions")
        ),
        "PRAGMA user_version = 1",
    )
    before = digest(desk)
    code, _, err = run(capsys, "--db", desk, "restore", "--yes", fake)
    assert code == 2
    one_error_line(err)
    assert "not a backup made by smmdesk" in err
    assert digest(desk) == before


def test_restore_refuses_rows_pointing_at_nothing(capsys, tmp_path):
    desk = make_desk(tmp_path / "desk.db", "Mine")
    copy = make_backup(tmp_path)
    tamper(copy, "INSERT INTO channels (brand_id, name) VALUES (999, 'ghost')", foreign_keys=False)
    before = digest(desk)
    code, _, err = run(capsys, "--db", desk, "restore", "--yes", copy)
    assert code == 2
    one_error_line(err)
    assert "foreign key" in err and "channels" in err
    assert digest(desk) == before


def test_restore_refuses_a_damaged_backup(capsys, tmp_path):
    desk = make_desk(tmp_path / "desk.db", "Mine")
    copy = make_backup(tmp_path)
    size = copy.stat().st_size
    with open(copy, "r+b") as handle:
        for offset in range(4096, size, 4096):
            handle.seek(offset)
            handle.write(b"\xa5" * 300)
    before = digest(desk)
    code, _, err = run(capsys, "--db", desk, "restore", "--yes", copy)
    assert code == 2
    one_error_line(err)
    assert "damaged" in err and str(copy) in err
    assert digest(desk) == before


def test_a_good_restore_swaps_the_file_and_keeps_the_one_it_replaced(capsys, tmp_path):
    desk = make_desk(tmp_path / "desk.db", "Mine")
    copy = make_backup(tmp_path, "copy.db", "From backup")
    code, out, err = run(capsys, "--db", desk, "restore", "--yes", copy)
    assert code == 0, err
    assert brands_in(desk) == ["From backup"]
    kept = tmp_path / "desk.db.before-restore"
    assert brands_in(kept) == ["Mine"]
    assert str(kept) in out
    assert not (tmp_path / "desk.db-wal").exists() or (tmp_path / "desk.db-wal").stat().st_size == 0
    assert not list(tmp_path.glob("*.restoring*"))
    code, out, err = run(
        capsys, "--db", desk, "templates", "add", "hi", "Hello"
    )  # usable afterwards
    assert code == 0, err


def test_restore_into_an_open_store_goes_on_with_the_restored_file(tmp_path):
    path = tmp_path / "desk.db"
    with open_store(path) as store:
        create_brand(store, "Acme")
        copy = backup_to(store, tmp_path / "copy.db")
        create_brand(store, "Later")
        restore_from(store, copy)
        assert [r[0] for r in store.conn.execute("SELECT name FROM brands")] == ["Acme"]
        create_brand(store, "After")
    assert brands_in(path) == ["Acme", "After"]
    assert brands_in(tmp_path / "desk.db.before-restore") == ["Acme", "Later"]


def test_restore_refuses_while_another_connection_has_the_desk_open(capsys, tmp_path):
    desk = make_desk(tmp_path / "desk.db", "Mine")
    copy = make_backup(tmp_path)
    other = open_store(desk)  # e.g. the app, open in another terminal
    try:
        code, _, err = run(capsys, "--db", desk, "restore", "--yes", copy)
    finally:
        other.close()
    assert code == 2
    one_error_line(err)
    assert "in use" in err
    assert brands_in(desk) == ["Mine"]


def test_an_older_backup_restores_and_is_brought_up_to_date(capsys, tmp_path, monkeypatch):
    old = tmp_path / "v1-desk.db"
    with monkeypatch.context() as patch:
        patch.setattr(store_db, "MIGRATIONS", schema.MIGRATIONS[:1])
        patch.setattr(store_db, "LATEST_VERSION", 1)
        with open_store(old) as store:
            create_brand(store, "Old times")
            copy = backup_to(store, tmp_path / "v1.db")
        assert check_backup(copy) == 1
    desk = make_desk(tmp_path / "desk.db", "Mine")
    code, _, err = run(capsys, "--db", desk, "restore", "--yes", copy)
    assert code == 0, err
    conn = sqlite3.connect(desk)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST_VERSION
    assert "briefs" in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert brands_in(desk) == ["Old times"]
    code, _, err = run(
        capsys, "--db", desk, "backup", tmp_path / "after-upgrade.db"
    )  # migrated = made
    assert code == 0, err


def test_a_future_migration_is_part_of_the_reference_by_itself(tmp_path, monkeypatch):
    """Migration 3 added to MIGRATIONS: its backups restore, older ones are brought up to it."""
    v2 = make_backup(tmp_path, "v2.db")
    extra = "CREATE TABLE campaigns (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
    monkeypatch.setattr(store_db, "MIGRATIONS", [*schema.MIGRATIONS, extra])
    monkeypatch.setattr(store_db, "LATEST_VERSION", len(schema.MIGRATIONS) + 1)
    v3 = make_backup(tmp_path, "v3.db")
    assert check_backup(v3) == schema.LATEST_VERSION + 1
    assert check_backup(v2) == schema.LATEST_VERSION
    with open_store(tmp_path / "desk.db") as store:
        restore_from(store, v2)
        assert store.schema_version == schema.LATEST_VERSION + 1
        assert "campaigns" in store.db.table_names()
    tamper(v3, "DROP TABLE campaigns")  # says version 3, lacks what 3 makes
    with pytest.raises(Exception, match="not a backup made by smmdesk"):
        check_backup(v3)


# 2. Backup checks what it copies.


def damage_middle(path):
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        for offset in range(size // 4 // 4096 * 4096, size, 4096):
            handle.seek(offset)
            handle.write(b"\xa5" * 600)


def test_backup_of_a_damaged_database_is_refused_and_leaves_no_file(capsys, tmp_path):
    desk = tmp_path / "desk.db"
    rows = ["id,text,author,created_at"] + [
        f"{i},comment {i} on the new roast,User {i},2026-11-27T10:00:00Z" for i in range(3000)
    ]
    (tmp_path / "a.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert run(capsys, "--db", desk, "import", "--brand", "acme", tmp_path / "a.csv")[0] == 0
    damage_middle(desk)
    folder = tmp_path / "backups"
    folder.mkdir()
    code, out, err = run(capsys, "--db", desk, "backup", folder)
    assert code == 2
    one_error_line(err)
    assert "damaged" in err and str(desk) in err
    assert list(folder.iterdir()) == []
    code, out, err = run(capsys, "--db", desk, "backup", folder / "named.db")
    assert code == 2
    assert list(folder.iterdir()) == []


def test_backup_refuses_a_desk_whose_schema_restore_would_refuse(capsys, tmp_path):
    desk = make_desk(tmp_path / "desk.db", "Mine")
    tamper(desk, "CREATE TRIGGER wipe AFTER INSERT ON actions BEGIN DELETE FROM comments; END")
    code, _, err = run(capsys, "--db", desk, "backup", tmp_path / "copy.db")
    assert code == 2
    one_error_line(err)
    assert "wipe" in err
    assert not (tmp_path / "copy.db").exists()


def test_backup_into_a_folder_names_the_copy_as_the_readme_says(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("SMMDESK_NOW", "2026-12-01T09:30:12+00:00")
    desk = make_desk(tmp_path / "desk.db", "Mine")
    desk.chmod(0o600)
    folder = tmp_path / "backups"
    folder.mkdir()
    code, out, err = run(capsys, "--db", desk, "backup", folder)
    assert code == 0, err
    expected = folder / "desk-backup-2026-12-01-093012.db"
    assert expected.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in folder.iterdir()] == [expected.name]
    assert str(expected) in out
    readme = (store_db.Path(__file__).resolve().parents[2] / "README.md").read_text(
        encoding="utf-8"
    )
    assert (
        "smmdesk-backup-2026-12-01-093012.db" in readme
    )  # the same rule for the default smmdesk.db
    assert check_backup(expected) == schema.LATEST_VERSION


def test_a_reworded_comment_in_a_migration_does_not_make_old_files_foreign(tmp_path, monkeypatch):
    copy = make_backup(tmp_path)
    first = schema.MIGRATIONS[0].replace("-- our own author names, comma-separated", "-- handles")
    assert first != schema.MIGRATIONS[0]
    monkeypatch.setattr(store_db, "MIGRATIONS", [first, *schema.MIGRATIONS[1:]])
    assert check_backup(copy) == schema.LATEST_VERSION
    tamper(
        copy,
        "CREATE TRIGGER sneaky AFTER INSERT ON brands BEGIN DELETE FROM goals; END -- a comment",
    )
    with pytest.raises(Exception, match="unexpected trigger sneaky"):
        check_backup(copy)


def spoil_an_index(path):
    """Change a key inside an index page: every read still works, integrity_check does not."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pageno = conn.execute(
        "SELECT pageno FROM dbstat WHERE name = 'comments_created' "
        "AND pagetype = 'leaf' ORDER BY pageno LIMIT 1"
    ).fetchone()[0]
    conn.close()
    with open(path, "r+b") as handle:
        handle.seek((pageno - 1) * page_size)
        page = handle.read(page_size)
        at = page.index(b"2026-11-27")
        handle.seek((pageno - 1) * page_size + at)
        handle.write(b"2031-01-01")


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_an_integrity_failure_is_one_line(capsys, tmp_path, command):
    src = tmp_path / "src.db"
    rows = ["id,text,author,created_at"] + [
        f"{i},comment {i},User {i},2026-11-27T10:{i % 60:02d}:00Z" for i in range(800)
    ]
    (tmp_path / "a.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert run(capsys, "--db", src, "import", "--brand", "acme", tmp_path / "a.csv")[0] == 0
    if command == "backup":
        spoil_an_index(src)
        code, _, err = run(capsys, "--db", src, "backup", tmp_path / "copy.db")
        assert not (tmp_path / "copy.db").exists()
        assert str(src) in err
    else:
        assert run(capsys, "--db", src, "backup", tmp_path / "copy.db")[0] == 0
        spoil_an_index(tmp_path / "copy.db")
        desk = make_desk(tmp_path / "desk.db", "Mine")
        before = digest(desk)
        code, _, err = run(capsys, "--db", desk, "restore", "--yes", tmp_path / "copy.db")
        assert digest(desk) == before
    assert code == 2
    one_error_line(err)
    assert "damaged (integrity check:" in err


def test_restore_keeps_a_symlinked_desk_a_symlink_and_its_permissions(capsys, tmp_path):
    (tmp_path / "real").mkdir()
    real = make_desk(tmp_path / "real" / "desk.db", "Mine")
    real.chmod(0o600)
    link = tmp_path / "desk.db"
    link.symlink_to(real)
    copy = make_backup(tmp_path, "copy.db", "From backup")
    code, out, err = run(capsys, "--db", link, "restore", "--yes", copy)
    assert code == 0, err
    assert link.is_symlink()
    assert brands_in(real) == ["From backup"]
    assert real.stat().st_mode & 0o777 == 0o600
    assert brands_in(tmp_path / "real" / "desk.db.before-restore") == ["Mine"]


def _desk_with_comments(capsys, tmp_path, name="desk.db"):
    desk = tmp_path / name
    rows = ["id,text,author,created_at"] + [
        f"{i},comment {i} about the new roast,User {i},2026-11-27T10:00:00Z" for i in range(50)
    ]
    (tmp_path / f"{name}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert run(capsys, "--db", desk, "import", "--brand", "acme", tmp_path / f"{name}.csv")[0] == 0
    return desk


@pytest.mark.parametrize(
    "damage",
    [
        "DELETE FROM comments_fts",  # every row's index entries gone
        "INSERT INTO comments_fts (rowid, text, author) VALUES (999999, 'ghost', 'nobody')",
    ],
)
def test_restore_refuses_a_backup_whose_search_index_does_not_match(capsys, tmp_path, damage):
    desk = make_desk(tmp_path / "desk.db", "Mine")
    source = _desk_with_comments(capsys, tmp_path, "source.db")
    copy = tmp_path / "copy.db"
    assert run(capsys, "--db", source, "backup", copy)[0] == 0
    tamper(copy, damage)
    before = digest(desk)
    code, _, err = run(capsys, "--db", desk, "restore", "--yes", copy)
    assert code == 2
    one_error_line(err)
    assert "search index" in err and str(copy) in err
    assert digest(desk) == before


def test_backup_refuses_a_desk_whose_search_index_does_not_match(capsys, tmp_path):
    desk = _desk_with_comments(capsys, tmp_path)
    tamper(desk, "DELETE FROM comments_fts")
    code, _, err = run(capsys, "--db", desk, "backup", tmp_path / "copy.db")
    assert code == 2
    one_error_line(err)
    assert "search index" in err and str(desk) in err
    assert not (tmp_path / "copy.db").exists()
