"""What the app's header reads of the sync, against a real desk file: the last sync of the
brand's accounts, the outbox and the offline mark; moderation taken back; a comment's replies."""

from datetime import UTC, datetime, timedelta

from smmdesk.inbox import triage
from smmdesk.store import accounts as a
from smmdesk.store.brands import create_brand
from smmdesk.sync import engine, moderation, outbox, status
from smmdesk.sync.secrets import Secret
from tests.fakes import telegram
from tests.sync.test_telegram import chat, no_wait

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def test_no_accounts_no_status(store, brand):
    assert status.of(store) is None
    assert status.of(store, brand.id) is None


def test_the_newest_sync_of_the_brands_accounts_and_the_outbox(store, brand, tg_account):
    other = create_brand(store, "Other", slug="other")
    from smmdesk.sync import accounts

    second = accounts.add(
        store,
        platform="telegram",
        brand=brand,
        name="acme-two",
        secret=Secret(telegram.TOKEN),
        options={"chat": "-1", "channel": "-2"},
    )
    a.record_sync(store, tg_account.id, at="2026-11-28T11:00:00+00:00", error=None)
    a.record_sync(store, second.id, at="2026-11-28T11:55:00+00:00", error=None)
    found = status.of(store, brand.id)
    assert found is not None and found.accounts == 2
    assert found.line(NOW) == "synced 5 min ago · outbox 0"
    assert status.of(store, other.id) is None  # that brand has no account
    a.record_sync(store, second.id, at=None, error="unreachable: no connection")
    found = status.of(store, brand.id)
    assert found.unreachable == ("acme-two",)
    assert found.line(NOW) == "synced 5 min ago · outbox 0 · 1 of 2 offline"
    a.record_sync(store, tg_account.id, at=None, error="error: bad token")  # reached, refused
    assert status.of(store).unreachable == ("acme-two",)


def test_offline_with_a_reply_waiting_and_one_failed(store, brand, tg_account, fake_telegram):
    post, first, second = chat(fake_telegram)
    engine.sync(store, [a.get_account(store, tg_account.name)], sleep=no_wait)
    ids = [r[0] for r in store.conn.execute("SELECT id FROM comments WHERE is_ours = 0")]
    triage.reply(store, [ids[0]], "One")
    triage.reply(store, [ids[1]], "Two")
    fake_telegram.app.delete(first)
    engine.sync(store, [a.get_account(store, tg_account.name)], sleep=no_wait)
    triage.reply(store, [ids[2]], "Three")
    fake_telegram.stop()
    engine.sync(store, [a.get_account(store, tg_account.name)], sleep=no_wait)
    found = status.of(store, brand.id)
    synced = datetime.fromisoformat(found.last_sync_at)
    later = synced + timedelta(hours=3)
    assert found.line(later) == "synced 3 h ago · outbox 1 · 1 failed · offline"
    assert found.line(later, compact=True) == "outbox 1 · 1 failed · offline"
    assert [k for _, k in found.parts(later)] == ["synced", "outbox", "failed", "offline"]
    states = [o.reply.state for o in outbox.of_comment(store, ids[0])]
    assert states == ["failed"]
    assert outbox.account_for(store, ids[0]) == tg_account.name


def test_a_hide_not_yet_done_can_be_withdrawn(store, brand, tg_account, fake_telegram):
    chat(fake_telegram)
    engine.sync(store, [a.get_account(store, tg_account.name)], sleep=no_wait)
    comment_id = store.conn.execute("SELECT min(id) FROM comments").fetchone()[0]
    moderation.request(store, [comment_id], "hide")
    assert moderation.withdraw(store, [comment_id]) == 1
    assert moderation.history(store, comment_id) == []
    engine.sync(store, [a.get_account(store, tg_account.name)], sleep=no_wait)
    assert not fake_telegram.calls("deleteMessage")


def test_ago():
    assert [
        status.ago(NOW, NOW - timedelta(seconds=s)) for s in (5, 60, 3599, 7200, 86400, 3 * 86400)
    ] == ["just now", "1 min ago", "59 min ago", "2 h ago", "1 day ago", "3 days ago"]
