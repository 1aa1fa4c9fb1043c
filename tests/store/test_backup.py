import sqlite3

import pytest

from smmdesk.cli import main
from smmdesk.errors import UserError
from smmdesk.store import open_store
from smmdesk.store.backup import backup_to, check_backup, restore_from
from smmdesk.store.brands import create_brand


def test_backup_while_open_then_restore(tmp_path):
    path = tmp_path / "desk.db"
    with open_store(path) as store:
        create_brand(store, "Acme")
        copy = backup_to(store, tmp_path / "copy.db")
        create_brand(store, "Later")  # after the backup
        assert check_backup(copy) >= 1
        restore_from(store, copy)
        names = [r[0] for r in store.conn.execute("SELECT name FROM brands")]
    assert names == ["Acme"]


def test_backup_refuses_to_overwrite(tmp_path, store):
    (tmp_path / "exists.db").write_text("x")
    with pytest.raises(UserError, match="exists already"):
        backup_to(store, tmp_path / "exists.db")


@pytest.mark.parametrize("kind", ["text", "foreign", "missing"])
def test_restore_refuses_what_is_not_a_backup(tmp_path, store, kind):
    create_brand(store, "Acme")
    bad = tmp_path / "bad.db"
    if kind == "text":
        bad.write_text("not a database")
    elif kind == "foreign":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE invoices (x)")
        conn.commit()
        conn.close()
    with pytest.raises(UserError):
        restore_from(store, bad)
    assert store.conn.execute("SELECT count(*) FROM brands").fetchone()[0] == 1


def test_cli_backup_and_restore(tmp_path, capsys):
    db = tmp_path / "desk.db"
    assert main(["--db", str(db), "demo", "--db", str(db)]) == 0
    assert main(["--db", str(db), "backup", str(tmp_path)]) == 0
    [copy] = tmp_path.glob("desk-backup-*.db")
    assert main(["--db", str(db), "restore", str(copy)]) == 2  # no --yes, no terminal
    assert "--yes" in capsys.readouterr().err
    assert main(["--db", str(db), "restore", "--yes", str(copy)]) == 0
