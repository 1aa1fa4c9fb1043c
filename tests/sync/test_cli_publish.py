"""`smmdesk publish` and `sync` publishing, as a user types them, against the fake Bot API;
kill -9 between the call and the record."""

import io
import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest

from smmdesk.calendar.posts import create_post
from smmdesk.cli import main
from smmdesk.store import open_store
from smmdesk.store.brands import find_brand
from smmdesk.timeutil import utc_now
from tests.fakes import telegram

GROUP, CHANNEL = str(telegram.GROUP["id"]), str(telegram.CHANNEL["id"])


def cli(capsys, monkeypatch, *args, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def desk(capsys, monkeypatch, fake_telegram):
    fake_telegram.app.clock = int(time.time())
    for command in (
        ("brand", "add", "Acme"),
        ("channel", "add", "Acme News", "--platform", "telegram"),
    ):
        assert cli(capsys, monkeypatch, *command)[0] == 0
    code, out, err = cli(
        capsys,
        monkeypatch,
        *("account", "add", "telegram", "--with-token", "--chat", GROUP, "--channel", CHANNEL),
        *("--api-base", fake_telegram.url),
        stdin=telegram.TOKEN + "\n",
    )
    assert code == 0, err
    return fake_telegram


def plan(minutes_ago, status="scheduled"):
    """A post on the channel, its time ``minutes_ago`` (the CLI refuses a past time)."""
    with open_store(os.environ["SMMDESK_DB"]) as store:
        brand = find_brand(store, "acme")
        return create_post(
            store,
            brand,
            title="Shoes are out",
            body="New shoes!",
            goal="sales",
            channel="Acme News",
            when=utc_now() - timedelta(minutes=minutes_ago),
            status=status,
        ).id


def test_publish_dry_run_lists_then_publishes_once_and_sync_links_comments(
    capsys, monkeypatch, desk
):
    post = plan(5)
    code, out, err = cli(capsys, monkeypatch, "publish", "--dry-run")
    assert code == 0 and f"post {post} 'Shoes are out' on Acme News" in out
    assert "via acme-telegram" in out and "1 due, 1 through an account" in out
    assert desk.app.published == []
    code, out, err = cli(capsys, monkeypatch, "publish")
    assert code == 0, err
    assert "1 published" in out and f"post {post} 'Shoes are out' published" in out
    code, out, err = cli(capsys, monkeypatch, "publish")
    assert code == 0 and "nothing is due" in out and len(desk.app.published) == 1
    [sent] = desk.app.published
    forward = next(f for f, c in desk.app.channel_posts.items() if c == sent["message_id"])
    desk.app.comment("Which sizes?", forward)
    code, out, err = cli(capsys, monkeypatch, "sync", "--json")
    assert code == 0
    with open_store(os.environ["SMMDESK_DB"]) as store:
        linked = store.conn.execute(
            "SELECT post_id FROM comments WHERE text = 'Which sizes?'"
        ).fetchone()[0]
    assert linked == post


def test_sync_publishes_due_posts_and_lists_late_ones(capsys, monkeypatch, desk):
    due = plan(5)
    late = plan(300)
    code, out, err = cli(capsys, monkeypatch, "sync")
    assert code == 0, err
    assert "1 published" in out and "1 late" in out and f"--post {late}" in out
    assert len(desk.app.published) == 1
    code, out, err = cli(capsys, monkeypatch, "sync", "--json")
    report = json.loads(out)["accounts"][0]
    assert report["published"] == [] and len(report["late"]) == 1
    code, out, err = cli(capsys, monkeypatch, "publish", "--late")
    assert code == 0 and "published 1" in out and len(desk.app.published) == 2
    assert due != late


def test_the_grace_comes_from_config_toml(capsys, monkeypatch, desk, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[publish]\ngrace_minutes = 30\n")
    monkeypatch.setenv("SMMDESK_CONFIG", str(config))
    late = plan(45)  # late past 30 minutes
    code, out, err = cli(capsys, monkeypatch, "publish", "--dry-run")
    assert code == 0 and "late: waits for --late" in out
    code, out, err = cli(capsys, monkeypatch, "sync")
    assert code == 0 and "1 late" in out and f"--post {late}" in out and not desk.app.published
    config.write_text("[publish]\ngrace_minutes = 360\n")  # six hours: not late
    code, out, err = cli(capsys, monkeypatch, "publish")
    assert code == 0 and "published 1" in out and len(desk.app.published) == 1
    config.write_text("[publish]\ngrace_minutes = -1\n")
    code, out, err = cli(capsys, monkeypatch, "publish", "--dry-run")
    assert "config.toml:line 2: grace_minutes must be whole minutes from 0 to" in err


def test_publish_post_refuses_a_draft_in_one_line(capsys, monkeypatch, desk):
    draft = plan(5, status="draft")
    code, out, err = cli(capsys, monkeypatch, "publish", "--post", str(draft))
    assert code == 2 and f"post {draft} is draft, not scheduled; schedule it first" in err
    assert err.count("\n") == 1 and desk.app.published == []


def test_publish_exit_statuses_as_sync(capsys, monkeypatch, desk):
    plan(5)
    desk.app.channel_admin = False
    code, out, err = cli(capsys, monkeypatch, "publish")
    assert code == 2 and "admin of the channel" in out
    desk.stop()
    code, out, err = cli(capsys, monkeypatch, "publish")
    assert code == 3


def test_kill_9_between_the_call_and_the_record_never_publishes_twice(capsys, monkeypatch, desk):
    post = plan(5)
    desk.fail("sendMessage", kind="hold")  # the request arrives; the answer never comes
    process = subprocess.Popen(
        [sys.executable, "-m", "smmdesk", "publish"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
    )
    deadline = time.monotonic() + 60
    while not desk.held.wait(0.05):
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, "publish never reached the fake"
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    desk.released.set()
    code, out, err = cli(capsys, monkeypatch, "publish")
    assert "unsure" in out
    assert len(desk.calls("sendMessage")) == 1
    code, out, err = cli(capsys, monkeypatch, "sync")
    assert code == 0 and len(desk.calls("sendMessage")) == 1
    code, out, err = cli(capsys, monkeypatch, "publish", "--retry", str(post))
    assert code == 0 and "due again" in out
    code, out, err = cli(capsys, monkeypatch, "publish")
    assert code == 0 and len(desk.calls("sendMessage")) == 2  # the user said it was not there
