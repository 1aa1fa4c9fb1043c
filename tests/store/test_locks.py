"""One process never drops its own SQLite locks (POSIX locks are per process).

Closing any file descriptor of a database file releases every fcntl lock the
process holds on it, so a raw ``open()`` + ``close()`` of a desk that a
connection of this process has open lets the next client believe it is alone
(and delete the -wal with the app's unsaved pages in it).
"""

import contextlib
import os
import socket
import subprocess
import sys
import threading

import pytest

from smmdesk import files
from smmdesk.errors import UserError
from smmdesk.store import open_store

OTHER_CLIENT = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("SELECT count(*) FROM settings").fetchone()
conn.close()
"""

READ_SETTING = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
row = conn.execute("SELECT value FROM settings WHERE key = 'probe'").fetchone()
print(row[0] if row else "")
conn.close()
"""


def _run(script, path):
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _open_fds():
    targets = set()
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):  # listdir's own descriptor is gone
            targets.add(os.readlink(f"/proc/self/fd/{fd}"))
    return targets


def test_a_second_store_in_the_process_keeps_the_first_ones_locks(tmp_path):
    path = tmp_path / "desk.db"
    app = open_store(path)  # the app's connection
    try:
        app.set_setting("probe", "one")
        worker = open_store(path)  # the import worker opens its own store and closes it
        worker.close()
        _run(OTHER_CLIENT, path)  # e.g. `smmdesk backup` from another terminal
        assert os.path.exists(f"{path}-wal"), "another client deleted the app's -wal"
        app.set_setting("probe", "two")
        assert _run(READ_SETTING, path) == "two"
        wal_inode = os.stat(f"{path}-wal").st_ino
        assert f"{path}-wal (deleted)" not in _open_fds()
        assert os.stat(f"{path}-wal").st_ino == wal_inode
    finally:
        app.close()


def test_reading_the_open_desk_as_a_user_file_is_refused(tmp_path):
    """An import of the desk itself (or its -wal) would open and close it raw."""
    path = tmp_path / "desk.db"
    with open_store(path) as store:
        store.set_setting("probe", "one")
        for name in (path, f"{path}-wal", f"{path}-shm"):
            with pytest.raises(UserError, match="the open database"):
                files.read_bytes(name, str(name), "comments")
        link = tmp_path / "export.csv"
        os.link(path, link)
        with pytest.raises(UserError, match="the open database"):
            files.read_bytes(link, str(link), "comments")
    assert files.read_bytes(path, str(path), "comments")[:6] == b"SQLite"  # closed: a file again


def test_a_fifo_is_not_a_database(tmp_path):
    fifo = tmp_path / "desk.db"
    os.mkfifo(fifo)
    outcome = []

    def attempt():
        try:
            open_store(fifo)
        except UserError as exc:
            outcome.append(str(exc))

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), "open_store blocked on a FIFO"
    assert outcome and "not a regular file" in outcome[0]


def test_a_socket_is_not_a_database(tmp_path):
    where = tmp_path / "desk.db"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(where))
        with pytest.raises(UserError, match="socket, not a regular file"):
            open_store(where)
    finally:
        server.close()


def test_an_export_never_replaces_the_open_desk(tmp_path):
    from smmdesk.cli.common import write_user_file

    path = tmp_path / "desk.db"
    with open_store(path) as store:
        store.set_setting("probe", "one")
        with pytest.raises(UserError, match="the open database"):
            write_user_file(path, "BEGIN:VCALENDAR\n")
        assert store.setting("probe") == "one"


def test_restore_without_hard_links_copies_the_old_desk(tmp_path, monkeypatch):
    """The no-hard-link fallback copies the old desk through a descriptor kept open until
    the connection is closed (closing it earlier would drop the connection's locks)."""
    from smmdesk.store.backup import backup_to, restore_from, safety_copy_of
    from smmdesk.store.brands import create_brand, list_brands

    path = tmp_path / "desk.db"
    with open_store(path) as store:
        create_brand(store, "Old")
        backup = backup_to(store, tmp_path / "backup.db")
        create_brand(store, "Newer")

        def no_links(*args, **kwargs):
            raise OSError("no hard links here")

        monkeypatch.setattr(os, "link", no_links)
        kept = restore_from(store, backup)
        assert [b.name for b in list_brands(store)] == ["Old"]
    assert kept == safety_copy_of(path)
    with open_store(kept) as old:
        assert sorted(b.name for b in list_brands(old)) == ["Newer", "Old"]
