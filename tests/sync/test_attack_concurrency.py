"""Two ``smmdesk sync`` at once on the same desk (a cron job and the user, the app's background
sync and `S`): a reply must never reach the platform twice."""

import json
import os
import time

import pytest

from smmdesk.store import open_store
from tests.sync import test_cli_sync
from tests.sync.test_cli_sync import _sync_process, cli

desk = test_cli_sync.desk


def states(path):
    with open_store(path) as store:
        return {
            text: state for text, state in store.conn.execute("SELECT text, state FROM replies")
        }


def wait_for(predicate, process, what):
    deadline = time.monotonic() + 60
    while not predicate():
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


@pytest.fixture
def two_replies(capsys, monkeypatch, desk):
    assert cli(capsys, monkeypatch, "sync")[0] == 0
    ids = sorted(item["id"] for item in json.loads(cli(capsys, monkeypatch, "inbox", "--json")[1]))
    assert cli(capsys, monkeypatch, "reply", str(ids[0]), "first answer")[0] == 0
    assert cli(capsys, monkeypatch, "reply", str(ids[1]), "second answer")[0] == 0
    # Each send takes a while: long enough for another sync to start meanwhile.
    desk.fail("sendMessage", kind="slow", seconds=1.5, times=10)
    return desk


def overlapping_syncs(capsys, monkeypatch, desk):
    """Sync B (a process) lists both replies and starts sending the first; sync A starts
    while it is on its way."""
    process = _sync_process()
    wait_for(lambda: len(desk.calls("sendMessage")) >= 1, process, "B never sent")
    code, out, err = cli(capsys, monkeypatch, "sync")  # A
    process.wait(60)
    return code


def test_a_reply_another_sync_is_sending_is_not_sent_again(capsys, monkeypatch, two_replies):
    """B read the second reply ``queued``; by the time it came to it A had marked it
    ``sending`` and was sending it. B's ``sending`` mark expected queued *or sending*, so it
    took A's in-flight reply for its own and sent it again."""
    overlapping_syncs(capsys, monkeypatch, two_replies)
    texts = [m["text"] for m in two_replies.app.sent]
    assert texts.count("second answer") == 1, texts
    assert texts.count("first answer") == 1, texts


def test_a_reply_another_sync_is_sending_is_not_taken_for_an_interrupted_one(
    capsys, monkeypatch, two_replies
):
    """A found the first reply ``sending`` (B was on its way with it) and settled it as left
    by a dead sync: Telegram cannot be asked, so it became ``unsure``, and B's ``sent`` mark
    then failed. The reply went out once but the outbox says to look (and `outbox retry`
    would send it again); on YouTube ``find_sent`` finds nothing yet and A sends it again."""
    code = overlapping_syncs(capsys, monkeypatch, two_replies)
    assert code == 3  # A found B running: it did nothing, and said so
    assert states(os.environ["SMMDESK_DB"])["first answer"] == "sent"
