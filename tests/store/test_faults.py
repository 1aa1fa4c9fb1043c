"""The file itself goes wrong: damaged pages, a full disk, a missing folder, another writer.

Each is one line on stderr and exit 2, never a traceback, and the database is
left as it was.
"""

import hashlib
import sqlite3
import threading
import time

import pytest

from smmdesk import store as store_pkg
from smmdesk.cli import main
from smmdesk.store import open_store


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export(path, count, start=0):
    rows = ["id,text,author,created_at"]
    rows += [
        f"{i},comment {i} about the coffee and the delivery,User {i},2026-11-27T10:00:00Z"
        for i in range(start, start + count)
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def one_error_line(err):
    assert err.startswith("smmdesk: error: "), err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err


@pytest.fixture
def desk(tmp_path, capsys):
    """A real desk with a few thousand comments, closed (checkpointed, no -wal)."""
    db = tmp_path / "desk.db"
    code, _, err = run(
        capsys, "--db", db, "import", "--brand", "acme", export(tmp_path / "a.csv", 3000)
    )
    assert code == 0, err
    assert not (tmp_path / "desk.db-wal").exists()
    return db


def damage(db, where):
    """Overwrite bytes inside the file: the schema page, or the pages in its middle."""
    size = db.stat().st_size
    page = 4096
    with open(db, "r+b") as handle:
        if where == "schema":
            handle.seek(100)
            handle.write(b"\xa5" * (page - 200))
        else:  # every page from a quarter into the file, header and cell pointers
            for offset in range(size // 4 // page * page, size, page):
                handle.seek(offset)
                handle.write(b"\xa5" * 600)


# 3. A damaged database: one line naming the file and `smmdesk restore`, for any command.


@pytest.mark.parametrize("where", ["middle", "schema"])
@pytest.mark.parametrize("command", ["import", "report", "inbox"])
def test_a_damaged_database_is_one_line_pointing_to_restore(capsys, tmp_path, desk, where, command):
    damage(desk, where)
    before = digest(desk)
    argv = {
        "import": ["import", "--brand", "acme", export(tmp_path / "b.csv", 2000, start=5000)],
        "report": ["report", "--from", "2026-11-01", "--to", "2026-11-30"],
        "inbox": ["inbox", "--search", "coffee", "--sort", "oldest", "--limit", "5000"],
    }[command]
    code, _, err = run(capsys, "--db", desk, *argv)
    assert code == 2
    one_error_line(err)
    assert "damaged" in err and "smmdesk restore" in err and str(desk) in err
    assert digest(desk) == before


# 4. Disk full during an import: one line, nothing of the file stored, the desk still usable.


def test_disk_full_during_an_import_is_one_line_and_stores_nothing(
    capsys, tmp_path, desk, monkeypatch
):
    big = export(tmp_path / "big.csv", 4000, start=10_000)
    real_open = store_pkg.open_store

    def open_on_a_full_disk(*args, **kwargs):
        opened = real_open(*args, **kwargs)
        pages = opened.conn.execute("PRAGMA page_count").fetchone()[0]
        opened.conn.execute(f"PRAGMA max_page_count = {pages + 20}")  # SQLITE_FULL soon
        return opened

    with monkeypatch.context() as patch:
        patch.setattr(store_pkg, "open_store", open_on_a_full_disk)
        code, out, err = run(capsys, "--db", desk, "import", "--brand", "acme", big)
    assert code == 2
    one_error_line(err)
    assert "disk is full" in err and str(desk) in err
    conn = sqlite3.connect(desk)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM comments").fetchone()[0] == 3000
    conn.close()
    code, out, err = run(capsys, "--db", desk, "import", "--brand", "acme", big)  # room again
    assert code == 0, err
    assert "4000 new" in out


def test_a_failed_transaction_rolled_back_by_sqlite_itself_keeps_its_error(tmp_path):
    """SQLITE_FULL ends the transaction inside SQLite; our ROLLBACK must not hide the reason."""
    with open_store(tmp_path / "d.db") as store:
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        with pytest.raises(sqlite3.OperationalError, match="full"), store.transaction():
            store.conn.execute("CREATE TABLE filler (x)")
            store.conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,)] * 500)
        assert not store.conn.in_transaction


def test_a_commit_that_fails_leaves_no_transaction_open(tmp_path):
    """A refused COMMIT (here a deferred foreign key) must not leave the store mid-transaction."""
    with open_store(tmp_path / "d.db") as store:
        with pytest.raises(sqlite3.IntegrityError), store.transaction():
            store.conn.execute("PRAGMA defer_foreign_keys = ON")
            store.conn.execute("INSERT INTO channels (brand_id, name) VALUES (999, 'ghost')")
        assert not store.conn.in_transaction
        assert store.conn.execute("SELECT count(*) FROM channels").fetchone()[0] == 0


# 5. --db / SMMDESK_DB in a folder that does not exist: refused, nothing created.


@pytest.mark.parametrize("how", ["--db", "SMMDESK_DB", "demo --db", "--db demo"])
def test_a_database_in_a_missing_folder_is_refused(capsys, tmp_path, monkeypatch, how):
    target = tmp_path / "missing" / "desk.db"
    argv = {
        "--db": ["--db", target, "templates", "list"],
        "SMMDESK_DB": ["templates", "list"],
        "demo --db": ["demo", "--db", target],
        "--db demo": ["--db", target, "demo"],
    }[how]
    if how == "SMMDESK_DB":
        monkeypatch.setenv("SMMDESK_DB", str(target))
    code, _, err = run(capsys, *argv)
    assert code == 2
    one_error_line(err)
    assert "does not exist" in err and str(target.parent) in err
    assert not target.parent.exists()


def test_the_default_place_in_the_user_data_directory_is_still_created(
    capsys, tmp_path, monkeypatch
):
    monkeypatch.delenv("SMMDESK_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "fresh-xdg"))
    code, _, err = run(capsys, "templates", "list")
    assert code == 0, err
    assert (tmp_path / "fresh-xdg" / "smmdesk" / "smmdesk.db").is_file()


# 6. A write that meets another process's lock waits, says so, and gives up after a bound.


def hold_write_lock(db):
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    return holder


WRITES = {
    "templates add": lambda tmp: [
        "templates",
        "add",
        "thanks",
        "Thank you, {author}!",
    ],  # autocommit
    "import": lambda tmp: ["import", "--brand", "acme", export(tmp / "c.csv", 10, start=90_000)],
}


@pytest.mark.parametrize("command", list(WRITES))
def test_a_write_waits_for_the_lock_then_gives_up(capsys, tmp_path, desk, monkeypatch, command):
    monkeypatch.setenv("SMMDESK_BUSY_WAIT", "1.5")
    holder = hold_write_lock(desk)
    started = time.monotonic()
    try:
        code, _, err = run(capsys, "--db", desk, *WRITES[command](tmp_path))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    waited = time.monotonic() - started
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 2, err
    assert "database is busy (another smmdesk is writing), waiting" in lines[0]
    assert lines[1].startswith("smmdesk: error: database is busy") and str(desk) in lines[1]
    assert 1.4 <= waited < 6
    conn = sqlite3.connect(desk)
    assert conn.execute("SELECT count(*) FROM comments").fetchone()[0] == 3000
    assert conn.execute("SELECT count(*) FROM reply_templates").fetchone()[0] == 0


@pytest.mark.parametrize("command", list(WRITES))
def test_a_write_waits_for_the_lock_then_goes_through(capsys, tmp_path, desk, monkeypatch, command):
    monkeypatch.setenv("SMMDESK_BUSY_WAIT", "20")
    holder = hold_write_lock(desk)
    release = threading.Timer(1.5, lambda: holder.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    try:
        code, out, err = run(capsys, "--db", desk, *WRITES[command](tmp_path))
    finally:
        release.join()
        holder.close()
    assert code == 0, err
    assert "waiting" in err and "error" not in err
    assert 1.4 <= time.monotonic() - started < 15


def test_a_bad_busy_wait_setting_is_one_line(capsys, desk, monkeypatch):
    monkeypatch.setenv("SMMDESK_BUSY_WAIT", "soon")
    code, _, err = run(capsys, "--db", desk, "templates", "list")
    assert code == 2
    one_error_line(err)
    assert "SMMDESK_BUSY_WAIT" in err
