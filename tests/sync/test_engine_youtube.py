"""YouTube through the engine and the store: once, never twice, quota kept, token renewed."""

from datetime import timedelta

import pytest

from smmdesk.inbox import rules, triage
from smmdesk.inbox.rules import RuleSpec
from smmdesk.store import accounts as a
from smmdesk.store.comments import get_comments, labels_of
from smmdesk.sync import accounts, engine, outbox
from smmdesk.sync.secrets import Credentials, Secret
from tests.fakes import youtube
from tests.fakes.server import FakeServer


@pytest.fixture
def fake():
    app = youtube.FakeYouTube()
    with FakeServer(app) as server:
        server.app = app
        yield server


@pytest.fixture
def account(store, brand, fake):
    secret = Secret(
        youtube.TOKEN,
        refresh_token=youtube.REFRESH,
        client_id=youtube.CLIENT_ID,
        client_secret=youtube.CLIENT_SECRET,
    )
    return accounts.add(
        store,
        platform="youtube",
        brand=brand,
        secret=secret,
        api_base=fake.url,
        options={"channel_id": youtube.CHANNEL},
    )


def run(store, account):
    return engine.sync(store, [a.get_account(store, account.name)], sleep=lambda s: None)


def seed(fake):
    video = fake.app.add_video()
    first = fake.app.add_thread(video, "Is there a size 46?")
    fake.app.add_thread(video, "The sole came off after two days. Awful.")
    for number in range(8):
        fake.app.add_reply(first, f"me too {number}")
    fake.app.add_reply(first, "Yes, from Monday!", ours=True)
    return video, first


def count(store):
    return store.conn.execute("SELECT count(*), sum(is_ours) FROM comments").fetchone()


def test_a_first_sync_takes_every_comment_once_and_a_second_adds_nothing(store, account, fake):
    seed(fake)
    report = run(store, account)
    assert report.exit_status == 0, report.results[0].error
    assert tuple(count(store)) == (11, 1)
    assert report.results[0].quota_left < 10_000
    again = run(store, account)
    assert again.results[0].new == 0 and tuple(count(store)) == (11, 1)
    assert a.get_account(store, account.name).quota["used"] == 10_000 - again.results[0].quota_left


def test_a_reply_whose_answer_was_lost_is_found_in_the_thread_not_sent_again(store, account, fake):
    video, first = seed(fake)
    run(store, account)
    comment_id = store.conn.execute(
        "SELECT id FROM comments WHERE external_id = ?", (first,)
    ).fetchone()[0]
    triage.reply(store, [comment_id], "We have it in every size.")
    fake.fail("/youtube/v3/comments", kind="lose")  # YouTube posts it; the answer is lost
    report = run(store, account)
    assert report.exit_status == 3
    assert outbox.listing(store)[0].reply.state == "sending"
    inserts = fake.calls("/youtube/v3/comments", "POST")
    assert len(inserts) == 1
    report = run(store, account)
    [item] = outbox.listing(store)
    assert item.reply.state == "sent" and item.reply.remote_id
    assert len(fake.calls("/youtube/v3/comments", "POST")) == 1  # found, not sent again


def test_an_expired_access_token_is_renewed_and_kept(store, account, fake):
    seed(fake)
    fake.app.expire_token()
    report = run(store, account)
    assert report.exit_status == 0, report.results[0].error
    stored = Credentials().get(a.get_account(store, account.name).secret_ref)
    assert stored.token != youtube.TOKEN and stored.refresh_token == youtube.REFRESH


def test_a_quota_error_keeps_the_outbox_and_the_cursor(store, account, fake):
    video, first = seed(fake)
    run(store, account)
    cursor = a.get_account(store, account.name).cursor
    comment_id = store.conn.execute("SELECT min(id) FROM comments").fetchone()[0]
    triage.reply(store, [comment_id], "Thanks!")
    body = youtube.google_error(403, "quotaExceeded", "quota", "youtube.quota")
    fake.fail("/youtube/v3/comments", status=403, body=body)
    report = run(store, account)
    assert report.exit_status == 3
    assert [o.reply.state for o in outbox.listing(store)] == ["queued"]
    assert a.get_account(store, account.name).cursor == cursor


def test_a_reply_that_never_arrived_is_sent_after_all(store, account, fake):
    video, first = seed(fake)
    run(store, account)
    comment_id = store.conn.execute("SELECT min(id) FROM comments").fetchone()[0]
    triage.reply(store, [comment_id], "Thank you!")
    fake.fail("/youtube/v3/comments", kind="hold", seconds=0.5)  # arrives, never done
    assert run(store, account).exit_status == 3
    assert run(store, account).exit_status == 0
    [item] = outbox.listing(store)
    assert item.reply.state == "sent"
    texts = [c.text for c in fake.app.comments.values() if c.text == "Thank you!"]
    assert texts == ["Thank you!"]  # on YouTube exactly once


def test_a_new_reply_on_an_old_thread_is_found_by_the_daily_full_pass(
    store, account, fake, monkeypatch
):
    video = fake.app.add_video()
    oldest = fake.app.add_thread(video, "An old question")
    for number in range(150):  # the old thread is on the second page, hours older
        fake.app.add_thread(video, f"thread {number}")
        fake.app.clock += timedelta(minutes=30)
    run(store, account)
    fake.app.add_reply(oldest, "Any news on this?")
    assert run(store, account).results[0].new == 0  # the incremental pull stops early
    monkeypatch.setenv("SMMDESK_NOW", "2030-01-01T00:00:00+00:00")
    assert run(store, account).results[0].new == 1


def test_an_edit_turning_spam_is_suspected_and_ruled(store, brand, account, fake):
    """A YouTube comment edited after it was synced (its updatedAt moved): judged for spam
    again and the brand's rules run on it, as on a new one."""
    rules.save_rules(store, brand, [RuleSpec("links", ["has: link"], ["label: link"])])
    video = fake.app.add_video()
    first = fake.app.add_thread(video, "Great shoes")
    run(store, account)
    fake.app.edit(first, "Subscribe to my channel, free gift cards: http://gifts.example.xyz")
    assert run(store, account).results[0].edited == 1
    [edited] = get_comments(store, [1])
    assert edited.spam_suspect and edited.tier == 3
    assert labels_of(store, edited.id) == ["link"]


def test_a_pull_that_fails_midway_keeps_what_came_before_and_a_second_sync_the_rest(
    store, account, fake
):
    video = fake.app.add_video()
    for number in range(250):
        fake.app.add_thread(video, f"comment number {number}")
    fake.fail("commentThreads", kind="drop", after=2, times=100)
    report = run(store, account)
    assert report.exit_status == 3 and report.results[0].new == 200  # the pages before it
    assert a.held_pages(store, account.id) == []
    fake.faults.clear()
    assert run(store, account).results[0].new == 50
    texts = [r[0] for r in store.conn.execute("SELECT text FROM comments")]
    assert len(texts) == len(set(texts)) == 250
    assert run(store, account).results[0].new == 0


class Stop(Exception):
    """What the app raises from ``progress`` when it closes during a sync."""


def test_a_sync_stopped_between_pages_leaves_them_held_and_the_next_stores_them_once(
    store, account, fake
):
    video = fake.app.add_video()
    for number in range(250):
        fake.app.add_thread(video, f"comment number {number}")

    def stop(line):
        if "pulled" in line:
            raise Stop

    with pytest.raises(Stop):
        engine.sync(
            store, [a.get_account(store, account.name)], sleep=lambda s: None, progress=stop
        )
    assert len(a.held_pages(store, account.id)) == 1 and count(store)[0] == 0
    assert run(store, account).results[0].new == 250
    texts = [r[0] for r in store.conn.execute("SELECT text FROM comments")]
    assert len(texts) == len(set(texts)) == 250 and a.held_pages(store, account.id) == []


def test_our_reply_back_in_a_pull_is_ours_when_a_later_sync_stores_it(store, account, fake):
    video = fake.app.add_video()
    fake.app.add_thread(video, "Is there a size 46?")
    run(store, account)
    [question] = store.conn.execute("SELECT id FROM comments").fetchone()
    triage.reply(store, [question], "Yes, from Monday!")

    def stop(line):
        if "pulled" in line:
            raise Stop

    with pytest.raises(Stop):  # sent, then pulled back and held
        engine.sync(
            store, [a.get_account(store, account.name)], sleep=lambda s: None, progress=stop
        )
    assert a.held_pages(store, account.id)
    run(store, account)
    ours = dict(store.conn.execute("SELECT text, is_ours FROM comments").fetchall())
    assert ours == {"Is there a size 46?": 0, "Yes, from Monday!": 1}
