"""Attacks on the Telegram client: a Bot API server (or a man in the middle of a local one)
that answers with wrong types, impossible values and hostile text. Each is a clean error for
that account, the page not stored and the cursor not moved; never a traceback, never a hang;
and no answer of the server ever carries the token to the screen or the desk."""

import copy

import pytest

from smmdesk.inbox import triage
from smmdesk.store import accounts as a
from smmdesk.sync import engine, outbox
from smmdesk.sync.errors import SyncError
from tests.fakes import telegram


def no_wait(seconds):
    pass


def run(store, account):
    return engine.sync(store, [a.get_account(store, account.name)], sleep=no_wait)


def count(store):
    return store.conn.execute("SELECT count(*) FROM comments").fetchone()[0]


def seed(server):
    """A post and one good comment, synced; returns the post's id."""
    fake = server.app
    post = fake.post("New shoes")
    fake.comment("Where to buy?", post)
    return post


def raw_update(server, message, kind="message"):
    """An update whose message is exactly ``message`` (no help from the fake)."""
    fake = server.app
    fake.updates.append({"update_id": fake.next_update, kind: message})
    fake.next_update += 1


def good_message(server, reply_to, **fields):
    fake = server.app
    fake.next_message += 1
    message = {
        "message_id": fake.next_message,
        "date": telegram.START + 999,
        "chat": dict(telegram.GROUP),
        "from": {"id": 4242, "is_bot": False, "first_name": "Stranger"},
        "text": "hello",
        "reply_to_message": {k: v for k, v in fake.messages[reply_to].items()},
        "message_thread_id": reply_to,
    }
    message.update(fields)
    return message


def clean_failure(store, account, before_count, before_cursor):
    """The sync ends with a SyncError line for the account and stores nothing of the page."""
    report = run(store, account)
    result = report.results[0]
    assert isinstance(result.error, SyncError), result.error
    assert report.exit_status == 3
    assert count(store) == before_count
    assert a.get_account(store, account.name).cursor == before_cursor
    return result


@pytest.fixture
def synced(store, tg_account, fake_telegram):
    post = seed(fake_telegram)
    assert run(store, tg_account).exit_status == 0
    return post, count(store), a.get_account(store, tg_account.name).cursor


@pytest.mark.parametrize(
    "fields",
    [
        {"date": 10**20},  # an int, past what datetime holds
        {"date": -(10**12)},
        {"date": 1e300},
        {"date": "1764000000"},
        {"message_id": None},
        {"message_id": "12"},
        {"message_id": True},  # a bool is an int to isinstance
        {"text": "x" * (1 << 17)},
    ],
    ids=[
        "date-huge",
        "date-negative",
        "date-float",
        "date-text",
        "id-null",
        "id-text",
        "id-bool",
        "text-long",
    ],
)
def test_a_message_of_the_wrong_shape_stops_the_page_cleanly(
    store, tg_account, fake_telegram, synced, fields
):
    post, before, cursor = synced
    raw_update(fake_telegram, good_message(fake_telegram, post, text="fine", message_id=900))
    raw_update(fake_telegram, good_message(fake_telegram, post, **fields))
    clean_failure(store, tg_account, before, cursor)


@pytest.mark.parametrize(
    "result", ["x", None, {"a": 1}, [1, 2], [{"update_id": "1"}], [{"update_id": None}]]
)
def test_get_updates_of_the_wrong_shape_is_a_bad_response(
    store, tg_account, fake_telegram, synced, result
):
    post, before, cursor = synced
    fake_telegram.fail("getUpdates", status=200, body={"ok": True, "result": result})
    clean_failure(store, tg_account, before, cursor)


@pytest.mark.parametrize("retry_after", [float("inf"), float("nan"), -5, "soon", 1e300])
def test_a_429_with_an_impossible_retry_after_is_a_rate_limit_line(
    store, tg_account, fake_telegram, synced, retry_after
):
    post, before, cursor = synced
    fake_telegram.fail(
        "getUpdates",
        status=429,
        body={
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests",
            "parameters": {"retry_after": retry_after},
        },
    )
    result = clean_failure(store, tg_account, before, cursor)
    assert "wait" in str(result.error)


def test_a_server_that_repeats_the_same_updates_does_not_loop_forever(
    store, tg_account, fake_telegram, synced
):
    """A server ignoring ``offset`` answers the same full page again and again: the pull must
    stop, not call getUpdates forever."""
    post, before, cursor = synced
    fake = fake_telegram.app
    for number in range(100):
        fake.comment(f"number {number}", post, user=1000 + number)
    page = copy.deepcopy(fake.updates[:100])
    calls = []
    original = fake._getUpdates

    def stuck(request):
        calls.append(1)
        if len(calls) > 20:  # the test's own brake: a looping client would never stop
            return original(request)
        return fake._ok(page)

    fake._getUpdates = stuck
    report = run(store, tg_account)
    assert len(calls) <= 2, f"getUpdates called {len(calls)} times for one page"
    assert isinstance(report.results[0].error, SyncError)


def test_duplicate_updates_and_other_chats_store_each_comment_once(
    store, tg_account, fake_telegram, synced
):
    post, before, cursor = synced
    message = good_message(fake_telegram, post, text="only once")
    raw_update(fake_telegram, message)
    fake_telegram.app.updates.append(dict(fake_telegram.app.updates[-1]))  # the same update_id
    raw_update(fake_telegram, message)  # the same message, another update
    elsewhere = good_message(fake_telegram, post, text="not ours", chat={"id": -100999})
    raw_update(fake_telegram, elsewhere)
    assert run(store, tg_account).exit_status == 0
    texts = [r[0] for r in store.conn.execute("SELECT text FROM comments")]
    assert texts.count("only once") == 1 and "not ours" not in texts


def test_a_message_replying_to_itself_is_stored_without_a_loop(
    store, tg_account, fake_telegram, synced
):
    post, before, cursor = synced
    message = good_message(fake_telegram, post, message_id=5000, message_thread_id=None)
    message["reply_to_message"] = {"message_id": 5000, "chat": dict(telegram.GROUP)}
    raw_update(fake_telegram, message)
    assert run(store, tg_account).exit_status == 0


@pytest.mark.parametrize(
    "sender",
    [
        {"id": 1, "first_name": "N" * (1 << 20)},
        {"id": "9" * (1 << 20), "first_name": "Big id"},
        {"id": 1, "first_name": "x", "last_name": "y" * (1 << 20)},
    ],
    ids=["first-name", "id", "last-name"],
)
def test_a_megabyte_author_is_refused_like_a_megabyte_text(
    store, tg_account, fake_telegram, synced, sender
):
    """The text of a message is bounded (FIELD_LIMIT) but its author was not: a stranger's
    1 MB name went into the desk."""
    post, before, cursor = synced
    raw_update(fake_telegram, good_message(fake_telegram, post, **{"from": sender}))
    report = run(store, tg_account)
    longest = store.conn.execute(
        "SELECT max(max(length(author), length(coalesce(author_id, '')), "
        "length(coalesce(permalink, '')))) FROM comments"
    ).fetchone()[0]
    assert longest <= 1 << 16 or isinstance(report.results[0].error, SyncError)
    if report.results[0].error is not None:
        assert count(store) == before


def test_a_megabyte_chat_username_does_not_make_a_megabyte_link(
    store, tg_account, fake_telegram, synced
):
    post, before, cursor = synced
    chat = dict(telegram.GROUP, username="u" * (1 << 20))
    raw_update(fake_telegram, good_message(fake_telegram, post, chat=chat))
    report = run(store, tg_account)
    longest = store.conn.execute("SELECT max(length(permalink)) FROM comments").fetchone()[0]
    assert longest <= 1 << 16 or isinstance(report.results[0].error, SyncError)


def test_a_reply_to_a_message_whose_id_came_as_a_bool_never_crashes_the_send(
    store, brand, tg_account, fake_telegram, synced
):
    """``message_id: true`` passed ``isinstance(.., int)``: stored as "True", a reply to it
    then crashed the sync in ``int("True")``."""
    post, before, cursor = synced
    raw_update(fake_telegram, good_message(fake_telegram, post, message_id=True, text="bool id"))
    run(store, tg_account)
    row = store.conn.execute("SELECT id FROM comments WHERE text = 'bool id'").fetchone()
    if row is None:
        return  # refused at the pull: nothing to answer
    triage.reply(store, [row[0]], "an answer")
    report = run(store, tg_account)  # must not raise
    assert report.results[0].error is None or isinstance(report.results[0].error, SyncError)


TOKEN_ECHO = f"Not Found: POST /bot{telegram.TOKEN}/getUpdates"


@pytest.mark.parametrize("status", [400, 404, 500, 502])
def test_an_error_description_that_echoes_the_url_never_shows_the_token(
    store, tg_account, fake_telegram, synced, status
):
    """Telegram puts the token in the URL path; a server (a proxy, a local Bot API) that
    quotes the URL in its description must not carry it into the message, last_error or
    ``sync --json``."""
    fake_telegram.fail(
        "getUpdates",
        status=status,
        body={"ok": False, "error_code": status, "description": TOKEN_ECHO},
        times=10,
    )
    report = run(store, tg_account)
    message = str(report.results[0].error)
    stored = a.get_account(store, tg_account.name).last_error or ""
    for text in (message, stored, report.results[0].line()):
        assert telegram.TOKEN not in text and "AAEfake" not in text


def test_a_refused_reply_whose_description_echoes_the_token_never_stores_it(
    store, tg_account, fake_telegram, synced
):
    comment_id = store.conn.execute("SELECT min(id) FROM comments").fetchone()[0]
    triage.reply(store, [comment_id], "hi")
    fake_telegram.fail(
        "sendMessage",
        status=400,
        body={"ok": False, "error_code": 400, "description": f"Bad Request: {TOKEN_ECHO}"},
    )
    report = run(store, tg_account)
    [item] = outbox.listing(store)
    assert item.reply.state == "failed"
    for text in (item.reply.error or "", *report.results[0].failed):
        assert telegram.TOKEN not in text and "AAEfake" not in text


def test_a_stranger_named_like_the_brand_is_not_taken_for_the_brand(
    store, brand, tg_account, fake_telegram, synced
):
    """Telegram says who wrote a message (``sender_chat`` our channel or group); its display
    name is the sender's to choose. A stranger called "Acme Official" (the brand's handle)
    replying to a complaint made it ``replied`` (gone from the open queue) and their own
    comment ``resolved``."""
    post, before, cursor = synced
    fake = fake_telegram.app
    complaint = fake.comment("Broke in a week, awful, I want my money back", post, user=31)
    fake.comment("We will look into it", complaint, user=32, name="Acme Official")
    assert run(store, tg_account).exit_status == 0
    rows = dict(store.conn.execute("SELECT text, status FROM comments").fetchall())
    ours = dict(store.conn.execute("SELECT text, is_ours FROM comments").fetchall())
    assert ours["We will look into it"] == 0
    assert rows["Broke in a week, awful, I want my money back"] == "open"


def test_two_telegram_groups_of_one_brand_keep_their_own_comments(
    store, brand, tg_account, fake_telegram
):
    """Message ids start small in every chat: the second group's message 12 was taken for
    the first group's (skipped as known), and its edit rewrote the first group's comment."""
    from smmdesk.sync import accounts
    from smmdesk.sync.secrets import Secret
    from tests.fakes.server import FakeServer

    first = fake_telegram.app
    post = first.post("Group one post")
    first.comment("asked in group one", post)
    assert run(store, tg_account).exit_status == 0
    group = {"id": -1003333333333, "type": "supergroup", "title": "Acme Support"}
    other = telegram.FakeTelegram(group=group)
    with FakeServer(other) as second_server:
        second = accounts.add(
            store,
            platform="telegram",
            brand=brand,
            name="acme-support",
            secret=Secret(telegram.TOKEN),
            api_base=second_server.url,
            options={"chat": str(group["id"])},
        )
        other_post = other.post("Group two post")
        said = other.comment("asked in group two", other_post, user=555)
        other.edit(said, "a stranger's words, put in group one's comment")
        assert run(store, second).exit_status == 0
    texts = sorted(r[0] for r in store.conn.execute("SELECT text FROM comments"))
    assert texts == ["a stranger's words, put in group one's comment", "asked in group one"]


def test_a_server_with_no_end_of_updates_does_not_keep_the_sync_forever(
    store, tg_account, fake_telegram, synced, monkeypatch
):
    """Each getUpdates brings a full page of new updates, forever (a flood, or a server
    making them up): the pull stops after a bounded number of pages, each stored with its
    cursor, and the next sync goes on from there."""
    from smmdesk.sync import telegram as client

    monkeypatch.setattr(client, "MAX_PAGES", 3)
    post, before, cursor = synced
    fake = fake_telegram.app
    original = fake._getUpdates
    calls = []

    def endless(request):
        calls.append(1)
        if len(calls) <= 50:  # the test's own brake
            for number in range(100):
                fake.comment(f"flood {len(calls)} {number}", post, user=2000 + number)
        return original(request)

    fake._getUpdates = endless
    report = run(store, tg_account)
    assert report.exit_status == 0
    assert len(calls) <= 3, f"getUpdates called {len(calls)} times"
    assert count(store) == before + 300
    run(store, tg_account)  # goes on from where it stopped
    assert count(store) == before + 600
