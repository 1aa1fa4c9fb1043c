"""Telegram end to end: the fake Bot API over real HTTP, the engine, the store."""

import os
import stat

from smmdesk.inbox import triage
from smmdesk.store import accounts as a
from smmdesk.store.comments import get_comment, texts_by_external
from smmdesk.sync import engine, outbox
from smmdesk.sync.secrets import Credentials
from tests.fakes import telegram

GROUP = "2222222222"  # the discussion group's id as stored ids qualify messages: <chat>/<id>
CHANNEL = "1111111111"


def ids_by_external(store, brand_id, platform, message_ids):
    """Our ids of the group's messages, keyed by their number there."""
    qualified = [f"{GROUP}/{n}" for n in message_ids]
    found = texts_by_external(store, brand_id, platform, qualified)
    return {k.split("/")[1]: v[0] for k, v in found.items()}


def no_wait(seconds):
    pass


def run(store, account):
    return engine.sync(store, [a.get_account(store, account.name)], sleep=no_wait)


def stored(store, brand):
    rows = store.conn.execute(
        "SELECT external_id, text, parent_external_id, post_ref, is_ours, account_id "
        "FROM comments WHERE brand_id = ? ORDER BY id",
        (brand.id,),
    ).fetchall()
    return [tuple(r) for r in rows]


def chat(server):
    fake = server.app
    post = fake.post("New shoes are out")
    first = fake.comment("Where can I buy them?", post)
    second = fake.comment("Terrible quality, broke in a week", post, user=778, name="Ivan")
    fake.comment("Same here", second, user=779, name="Petro")
    fake.comment("Thanks for asking! In every store.", first, as_channel=True)
    fake.elsewhere("not ours to read")
    return post, first, second


def test_first_sync_imports_each_comment_once_and_a_second_adds_nothing(
    store, brand, tg_account, fake_telegram
):
    post, first, second = chat(fake_telegram)
    report = run(store, tg_account)
    assert report.exit_status == 0, report.results[0].error
    rows = stored(store, brand)
    assert [r[1] for r in rows] == [
        "Where can I buy them?",
        "Terrible quality, broke in a week",
        "Same here",
        "Thanks for asking! In every store.",
    ]  # the forward (the post) and the other chat are not comments
    # Comments are on the channel's post (t.me/acme/501), as publishing records it.
    assert {r[3] for r in rows} == {f"{CHANNEL}/{fake_telegram.app.channel_posts[post]}"}
    assert rows[2][2] == f"{GROUP}/{second}"  # a reply down the thread keeps its parent
    assert [r[4] for r in rows] == [0, 0, 0, 1]  # the channel's own answer is ours
    assert all(r[5] == tg_account.id for r in rows)
    assert report.results[0].new == 4
    again = run(store, tg_account)
    assert again.results[0].new == 0 and len(stored(store, brand)) == 4
    # The channel answered the first comment: it is replied, the negative one open.
    ids = ids_by_external(store, brand.id, "telegram", [str(first), str(second)])
    assert get_comment(store, ids[str(first)]).status == "replied"
    assert get_comment(store, ids[str(second)]).band == "negative"


def test_a_sync_puts_the_connections_checkpoint_threshold_back(
    store, brand, tg_account, fake_telegram
):
    """The pull copies the log into the file beside it (``Store.checkpoints_aside``); after
    it the connection checkpoints as it did before (the app's threshold is its own)."""
    chat(fake_telegram)
    store.checkpoint_on_commit(12_345)
    assert run(store, tg_account).results[0].new == 4
    assert store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 12_345


def test_a_comment_a_sync_after_its_post_is_on_the_same_channel_post(
    store, brand, tg_account, fake_telegram
):
    post, first, second = chat(fake_telegram)
    run(store, tg_account)
    fake_telegram.app.comment("Late to the party", post, user=990)
    fake_telegram.app.comment("Replying late", first, user=991)
    run(store, tg_account)
    refs = {r[3] for r in stored(store, brand)}
    assert refs == {f"{CHANNEL}/{fake_telegram.app.channel_posts[post]}"}


def test_an_edit_on_telegram_updates_the_text_and_its_score(
    store, brand, tg_account, fake_telegram
):
    post, first, _ = chat(fake_telegram)
    run(store, tg_account)
    fake_telegram.app.edit(first, "Awful, I hate it")
    report = run(store, tg_account)
    assert report.results[0].edited == 1
    comment = get_comment(
        store, ids_by_external(store, brand.id, "telegram", [str(first)])[str(first)]
    )
    assert comment.text == "Awful, I hate it" and comment.band == "negative"


def test_a_reply_reaches_telegram_once_and_is_marked_sent(store, brand, tg_account, fake_telegram):
    post, first, second = chat(fake_telegram)
    run(store, tg_account)
    comment_id = ids_by_external(store, brand.id, "telegram", [str(second)])[str(second)]
    triage.reply(store, [comment_id], "Sorry! Write to us, we will replace them.")
    [queued] = outbox.listing(store)
    assert queued.reply.state == "queued" and queued.account == tg_account.name
    report = run(store, tg_account)
    assert report.results[0].sent == 1
    assert [m["text"] for m in fake_telegram.app.sent] == [
        "Sorry! Write to us, we will replace them."
    ]
    assert fake_telegram.app.sent[0]["reply_to_message"]["message_id"] == second
    [sent] = outbox.listing(store)
    assert sent.reply.state == "sent" and sent.reply.remote_id and sent.reply.sent_at
    run(store, tg_account)
    assert len(fake_telegram.app.sent) == 1  # never twice


def test_a_reply_to_a_deleted_comment_fails_visibly_and_the_others_go_on(
    store, brand, tg_account, fake_telegram
):
    post, first, second = chat(fake_telegram)
    run(store, tg_account)
    ids = ids_by_external(store, brand.id, "telegram", [str(first), str(second)])
    triage.reply(store, [ids[str(first)]], "Answer one")
    triage.reply(store, [ids[str(second)]], "Answer two")
    fake_telegram.app.delete(first)
    report = run(store, tg_account)
    result = report.results[0]
    assert result.sent == 1 and len(result.failed) == 1
    assert "deleted on Telegram" in result.failed[0]
    states = {o.external_id: (o.reply.state, o.reply.error) for o in outbox.listing(store)}
    states = {key.split("/")[1]: value for key, value in states.items()}
    assert states[str(first)] == ("failed", "the comment was deleted on Telegram")
    assert states[str(second)][0] == "sent"
    assert get_comment(store, ids[str(first)]).status == "open"  # not answered after all


def test_429_keeps_the_outbox_and_the_cursor(store, brand, tg_account, fake_telegram):
    chat(fake_telegram)
    run(store, tg_account)
    cursor = a.get_account(store, tg_account.name).cursor
    comment_id = store.conn.execute("SELECT min(id) FROM comments").fetchone()[0]
    triage.reply(store, [comment_id], "Hello")
    fake_telegram.fail(
        "sendMessage",
        status=429,
        body={
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 7",
            "parameters": {"retry_after": 7},
        },
    )
    report = run(store, tg_account)
    assert report.exit_status == 3
    assert "wait 7 s" in str(report.results[0].error)
    assert [o.reply.state for o in outbox.listing(store)] == ["queued"]
    assert a.get_account(store, tg_account.name).cursor == cursor
    assert run(store, tg_account).results[0].sent == 1


def test_a_stopped_server_gives_exit_3_and_keeps_the_outbox(
    store, brand, tg_account, fake_telegram
):
    chat(fake_telegram)
    run(store, tg_account)
    comment_id = store.conn.execute("SELECT min(id) FROM comments").fetchone()[0]
    triage.reply(store, [comment_id], "Typed offline")
    fake_telegram.stop()
    report = run(store, tg_account)
    assert report.exit_status == 3 and report.offline
    assert report.summary() == "offline: 1 reply waiting"
    assert [o.reply.state for o in outbox.listing(store)] == ["queued"]
    assert a.get_account(store, tg_account.name).last_error.startswith("unreachable:")


def test_a_bad_token_is_the_users_mistake_and_never_shown(store, brand, tg_account, fake_telegram):
    fake_telegram.app.token = "999:other"
    report = run(store, tg_account)
    assert report.exit_status == 2
    message = str(report.results[0].error)
    assert "BotFather" in message and telegram.TOKEN not in message
    assert "AAEfake" not in a.get_account(store, tg_account.name).last_error


def test_an_interrupted_send_is_never_sent_again_blindly(store, brand, tg_account, fake_telegram):
    chat(fake_telegram)
    run(store, tg_account)
    comment_id = store.conn.execute("SELECT min(id) FROM comments").fetchone()[0]
    triage.reply(store, [comment_id], "Once only")
    fake_telegram.fail("sendMessage", kind="drop")  # the request arrived; no answer came
    report = run(store, tg_account)
    assert report.exit_status == 3
    [item] = outbox.listing(store)
    assert item.reply.state == "sending"
    run(store, tg_account)  # Telegram cannot be asked: the user settles it
    [item] = outbox.listing(store)
    assert item.reply.state == "unsure" and "outbox sent" in item.reply.error
    assert len(fake_telegram.calls("sendMessage")) == 1
    outbox.mark_sent(store, item.reply.id)
    assert outbox.listing(store)[0].reply.state == "sent"


def test_the_token_lives_in_a_0600_file_and_not_in_the_desk(store, tg_account, tmp_path):
    path = Credentials().path
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert Credentials().get(tg_account.secret_ref).token == telegram.TOKEN
    dump = "\n".join(store.conn.iterdump())
    assert telegram.TOKEN not in dump and "AAEfake" not in dump


def test_hiding_spam_on_telegram_deletes_it_once_asked_and_logs_it(
    store, brand, tg_account, fake_telegram
):
    from smmdesk.sync import moderation

    post, first, second = chat(fake_telegram)
    run(store, tg_account)
    comment_id = ids_by_external(store, brand.id, "telegram", [str(first)])[str(first)]
    assert not fake_telegram.calls("deleteMessage")  # never without being asked
    asked = moderation.request(store, [comment_id], "hide")
    assert asked.queued == [comment_id]
    report = run(store, tg_account)
    assert report.results[0].hidden == 1 and fake_telegram.app.deleted == [first]
    [logged] = moderation.history(store, comment_id)
    assert (logged.action, logged.state, logged.actor) == ("hide", "done", "tester")
    run(store, tg_account)
    assert len(fake_telegram.calls("deleteMessage")) == 1
    moderation.request(store, [comment_id], "unhide")
    report = run(store, tg_account)
    assert "cannot bring back" in report.results[0].failed[0]
