"""Any bytes given to the importer: a clean import or a clean error, never a partial one."""

import sqlite3

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smmdesk.errors import UserError
from smmdesk.inbox.importer import import_file

PREFIXES = [
    b"",
    b"id,text,author,created_at\n",
    b'{"data": [',
    b"[",
    b'{"text": "a", "created_at": "2026-01-01"}\n',
]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=400))
def test_any_bytes_import_whole_or_not_at_all(store, brand, tmp_path, prefix, body):
    path = tmp_path / "export.bin"
    path.write_bytes(prefix + body)
    before = store.conn.execute("SELECT count(*) FROM comments").fetchone()[0]
    try:
        summary = import_file(store, path, brand)
    except UserError as exc:
        assert "\n" not in str(exc)
        assert store.conn.execute("SELECT count(*) FROM comments").fetchone()[0] == before
        return
    after = store.conn.execute("SELECT count(*) FROM comments").fetchone()[0]
    assert after == before + summary.new
    assert not store.conn.in_transaction
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_good_rows_before_a_bad_one_are_not_kept(store, brand, tmp_path):
    path = tmp_path / "half.csv"
    rows = "".join(f"{n},text {n},Ann,2026-11-27T10:00:00Z\n" for n in range(5000))
    path.write_text("id,text,author,created_at\n" + rows + "x,oops,Bob,never\n", encoding="utf-8")
    try:
        import_file(store, path, brand)
    except UserError as exc:
        assert "line 5002" in str(exc)
    assert store.conn.execute("SELECT count(*) FROM comments").fetchone()[0] == 0
    assert isinstance(store.conn, sqlite3.Connection)
