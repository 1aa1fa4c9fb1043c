from smmdesk.demo.build import build_demo
from smmdesk.store import open_store
from smmdesk.timeutil import from_iso

NOW = "2026-11-28T09:00:00+00:00"


def dump(path):
    with open_store(path) as store:
        return list(store.conn.iterdump())


def build(path, monkeypatch):
    monkeypatch.setenv("SMMDESK_NOW", NOW)
    with open_store(path) as store:
        build_demo(store, from_iso(NOW))


def test_counts(tmp_path, monkeypatch):
    build(tmp_path / "d.db", monkeypatch)
    with open_store(tmp_path / "d.db") as store:
        one = lambda sql: store.conn.execute(sql).fetchone()[0]  # noqa: E731
        assert 450 <= one("SELECT count(*) FROM comments") <= 650
        assert one("SELECT count(*) FROM brands") == 2
        assert one("SELECT count(DISTINCT platform) FROM comments") >= 4
        assert one("SELECT count(*) FROM comments WHERE band = 'negative'") >= 50
        assert one("SELECT count(*) FROM comments WHERE band = 'unscored'") >= 10
        assert one("SELECT count(*) FROM comments WHERE is_question = 1") >= 50
        assert one("SELECT count(*) FROM comments WHERE created_at < '2026-11-21T09:00'") == 0
        assert one("SELECT count(*) FROM actions WHERE action = 'reply'") >= 20
        assert one("SELECT count(*) FROM reply_templates") >= 3


def test_deterministic(tmp_path, monkeypatch):
    build(tmp_path / "a.db", monkeypatch)
    build(tmp_path / "b.db", monkeypatch)
    strip = lambda lines: [line for line in lines if 'INSERT INTO "actions"' not in line]  # noqa: E731
    assert strip(dump(tmp_path / "a.db")) == strip(dump(tmp_path / "b.db"))
