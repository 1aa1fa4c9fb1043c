"""The sync commands as a user types them, against the fake Bot API; kill -9 mid-send and
mid-page."""

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from smmdesk.cli import main
from smmdesk.store import open_store
from smmdesk.store.accounts import held_pages
from smmdesk.sync.base import Page
from tests.fakes import telegram

GROUP, CHANNEL = str(telegram.GROUP["id"]), str(telegram.CHANNEL["id"])


def cli(capsys, monkeypatch, *args, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def desk(capsys, monkeypatch, fake_telegram):
    assert cli(capsys, monkeypatch, "brand", "add", "Acme")[0] == 0
    code, out, err = cli(
        capsys,
        monkeypatch,
        "account",
        "add",
        "telegram",
        "--with-token",
        "--chat",
        GROUP,
        "--channel",
        CHANNEL,
        "--api-base",
        fake_telegram.url,
        stdin=telegram.TOKEN + "\n",
    )
    assert code == 0, err
    assert "acme-telegram" in out
    fake = fake_telegram.app
    post = fake.post("New shoes")
    fake.comment("Where to buy?", post)
    fake.comment("Broke in a week, awful", post, user=9)
    return fake_telegram


def test_account_add_reads_the_token_from_stdin_or_env_and_never_prints_it(
    capsys, monkeypatch, desk
):
    code, out, err = cli(capsys, monkeypatch, "account", "list")
    assert code == 0 and "acme-telegram" in out and "never synced" in out
    code, out, err = cli(capsys, monkeypatch, "account", "test", "acme-telegram")
    assert code == 0 and "@desk_bot in Acme Chat" in out and "administrator" in out
    monkeypatch.setenv("TG_TOKEN", telegram.TOKEN)
    code, out, err = cli(
        capsys,
        monkeypatch,
        "account",
        "add",
        "telegram",
        "--name",
        "second",
        "--token-env",
        "TG_TOKEN",
        "--chat",
        GROUP,
        "--api-base",
        desk.url,
    )
    assert code == 0, err
    assert telegram.TOKEN not in out + err
    # No flag takes the token itself, and no abbreviation passes for --token-env.
    third = ("account", "add", "telegram", "--name", "third", "--chat", GROUP)
    code, out, err = cli(capsys, monkeypatch, *third, "--token", telegram.TOKEN)
    assert code == 2
    code, out, err = cli(capsys, monkeypatch, *third, "--token-env", telegram.TOKEN)
    assert code == 2 and "not a token" in err and telegram.TOKEN not in err
    code, out, err = cli(capsys, monkeypatch, "account", "list", "--json")
    assert telegram.TOKEN not in out and "AAEfake" not in out


def test_a_chat_option_is_required_and_an_http_server_elsewhere_refused(capsys, monkeypatch, desk):
    code, out, err = cli(
        capsys,
        monkeypatch,
        "account",
        "add",
        "telegram",
        "--name",
        "x",
        "--with-token",
        stdin=telegram.TOKEN,
    )
    assert code == 2 and "needs --chat" in err
    code, out, err = cli(
        capsys,
        monkeypatch,
        "account",
        "add",
        "telegram",
        "--name",
        "y",
        "--with-token",
        "--chat",
        GROUP,
        "--api-base",
        "http://example.org",
        stdin=telegram.TOKEN,
    )
    assert code == 2 and "plain http only to this machine" in err


def test_sync_reply_outbox_and_exit_statuses(capsys, monkeypatch, desk):
    code, out, err = cli(capsys, monkeypatch, "sync")
    assert code == 0 and "acme-telegram: 2 new" in out
    code, out, err = cli(capsys, monkeypatch, "inbox", "--json")
    first = min(item["id"] for item in __import__("json").loads(out))
    code, out, err = cli(capsys, monkeypatch, "reply", str(first), "We are on it")
    assert code == 0 and "queued for acme-telegram" in out
    code, out, err = cli(capsys, monkeypatch, "outbox")
    assert "queued" in out and "We are on it" in out
    desk.stop()
    code, out, err = cli(capsys, monkeypatch, "sync")
    assert code == 3 and "offline: 1 reply waiting" in out
    code, out, err = cli(capsys, monkeypatch, "sync", "--account", "nope")
    assert code == 2 and "no account named 'nope'" in err
    code, out, err = cli(capsys, monkeypatch, "account", "rm", "acme-telegram")
    assert code == 0
    code, out, err = cli(capsys, monkeypatch, "sync")
    assert code == 2 and "no accounts to sync" in err


def _sync_process():
    return subprocess.Popen(
        [sys.executable, "-m", "smmdesk", "sync"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
    )


def _wait(event, process):
    deadline = time.monotonic() + 60
    while not event.wait(0.05):
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, "the sync never reached the fake"


def test_kill_9_during_the_send_never_sends_twice(capsys, monkeypatch, desk):
    assert cli(capsys, monkeypatch, "sync")[0] == 0
    with open_store(os.environ["SMMDESK_DB"]) as store:
        first = store.conn.execute("SELECT min(id) FROM comments").fetchone()[0]
    assert cli(capsys, monkeypatch, "reply", str(first), "Exactly once")[0] == 0
    desk.fail("sendMessage", kind="hold")  # the request arrives; the answer never comes
    process = _sync_process()
    _wait(desk.held, process)
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    desk.released.set()
    code, out, err = cli(capsys, monkeypatch, "sync")
    code, out, err = cli(capsys, monkeypatch, "outbox")
    assert "unsure" in out and "outbox sent" in out
    assert len(desk.calls("sendMessage")) == 1
    assert cli(capsys, monkeypatch, "sync")[0] == 0
    assert len(desk.calls("sendMessage")) == 1


def test_kill_9_between_pages_resumes_where_it_stopped(capsys, monkeypatch, desk):
    fake = desk.app
    post = fake.post("Second post")
    for number in range(250):  # three pages of updates: 100, 100, the rest
        fake.comment(f"comment number {number}", post, user=100 + number)
    desk.fail("getUpdates", kind="hold", after=1)  # the first page is stored, then: kill
    process = _sync_process()
    _wait(desk.held, process)
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    desk.released.set()
    with open_store(os.environ["SMMDESK_DB"]) as store:
        # The first page is held in the desk with the cursor after it, not yet stored.
        (held,) = [Page.from_held(text) for text in held_pages(store, 1)]
        assert len(held.records) == 100 - 2  # its two forwards are posts, not comments
        assert store.conn.execute("SELECT count(*) FROM comments").fetchone()[0] == 0
    assert cli(capsys, monkeypatch, "sync")[0] == 0
    with open_store(os.environ["SMMDESK_DB"]) as store:
        texts = [r[0] for r in store.conn.execute("SELECT text FROM comments")]
        assert held_pages(store, 1) == []
    assert len(texts) == len(set(texts)) == 252  # every comment once


def test_hide_is_queued_and_done_by_the_next_sync(capsys, monkeypatch, desk):
    assert cli(capsys, monkeypatch, "sync")[0] == 0
    code, out, err = cli(capsys, monkeypatch, "hide", "1")
    assert code == 0 and "1 queued" in out
    code, out, err = cli(capsys, monkeypatch, "sync")
    assert code == 0 and "1 hidden" in out
    assert len(desk.calls("deleteMessage")) == 1


def test_account_rm_leaves_its_waiting_replies_to_post_by_hand(capsys, monkeypatch, desk):
    assert cli(capsys, monkeypatch, "sync")[0] == 0
    assert cli(capsys, monkeypatch, "reply", "1", "Still to send")[0] == 0
    assert cli(capsys, monkeypatch, "account", "rm", "acme-telegram")[0] == 0
    code, out, err = cli(capsys, monkeypatch, "outbox")
    assert "the outbox is empty" in out  # nothing waits forever for an account that is gone
    code, out, err = cli(capsys, monkeypatch, "replies", "--format", "json")
    assert '"state": "manual"' in out and "Still to send" in out


def test_the_progress_line_returns_to_its_start_and_escapes_what_it_shows(capsys):
    """On a terminal the sync rewrites one line: a real carriage return (it was printed as
    the four characters ``\\x0d``), and the account's name still shown escaped."""
    from smmdesk.cli.sync import _progress

    _progress("acme\x1b[2J: 5 new")
    err = capsys.readouterr().err
    assert err.startswith("\racme")
    assert "\x1b" not in err and "\\x0d" not in err
    assert err.count("\r") == 1


def test_account_drop_held_is_the_way_past_an_unreadable_held_page(capsys, monkeypatch, desk):
    from smmdesk.store.accounts import hold_page

    with open_store(os.environ["SMMDESK_DB"]) as store:
        hold_page(store, 1, '{"records": [[1]], "edits": []}', {})
    code, out, err = cli(capsys, monkeypatch, "sync")
    assert code == 2 and "`smmdesk account drop-held acme-telegram`" in out
    code, out, err = cli(capsys, monkeypatch, "account", "drop-held", "acme-telegram")
    assert code == 0 and "1 unreadable pulled page dropped" in out
    code, out, err = cli(capsys, monkeypatch, "sync")
    assert code == 0 and "acme-telegram: 2 new" in out


def test_kill_9_after_the_last_page_then_a_sync_stores_every_comment_once(
    capsys, monkeypatch, desk
):
    """Killed once every page is held: storing them (one transaction with dropping them) or
    just done; wherever it lands the next sync adds each comment once."""
    fake = desk.app
    post = fake.post("Second post")
    for number in range(1050):  # eleven pages of updates: the last one ends the pull
        fake.comment(f"comment number {number}", post, user=100 + number)
    process = _sync_process()
    deadline = time.monotonic() + 60
    watch = sqlite3.connect(os.environ["SMMDESK_DB"])
    while process.poll() is None and _held(watch) < 11:
        assert time.monotonic() < deadline, "the sync never held its last page"
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    watch.close()
    assert cli(capsys, monkeypatch, "sync")[0] == 0
    with open_store(os.environ["SMMDESK_DB"]) as store:
        texts = [r[0] for r in store.conn.execute("SELECT text FROM comments")]
        assert held_pages(store, 1) == []
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(texts) == len(set(texts)) == 1052  # every comment once


def _held(conn):
    try:
        return conn.execute("SELECT count(*) FROM sync_pages").fetchone()[0]
    except sqlite3.OperationalError:  # the sync is making the desk
        return 0
