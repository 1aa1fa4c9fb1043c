"""Attacks on the sync commands as a user (or a stranger's text) reaches them: odd arguments
are one ``smmdesk: error:`` line and exit 2, never a traceback; what a server says is shown
through the one sanitizer and never holds the token."""

import json

import pytest

from smmdesk.store import open_store
from tests.fakes import telegram
from tests.hostile import ESCAPES, MARKUP, forbidden
from tests.sync import test_cli_sync
from tests.sync.test_cli_sync import GROUP, cli

desk = test_cli_sync.desk  # the same desk: a brand, a Telegram account, a post, two comments

HOSTILE = f"{ESCAPES} {MARKUP} nul\x00 lone\ud800 half"


def add(capsys, monkeypatch, *extra, name="x", token=telegram.TOKEN):
    return cli(
        capsys,
        monkeypatch,
        "account",
        "add",
        "telegram",
        "--name",
        name,
        "--with-token",
        "--chat",
        GROUP,
        *extra,
        stdin=token,
    )


def one_line(err):
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("smmdesk: error:"), err
    return lines[0]


def accounts_in(path):
    with open_store(path) as store:
        return [r[0] for r in store.conn.execute("SELECT name FROM accounts")]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://[::ffff:127.0.0.1]:8080",
        "http://127.0.0.1.evil.com",
        "http://[::1",  # urlsplit raised ValueError: a traceback
        "http://127.0.0.1:abc",  # httpx.InvalidURL at the first sync
        "http://127.0.0.1:99999",
        "http://127.0.0.1:-1",
        "http://127.0.0.1 :80",
        "http://127.0.0.1/ x",
        " http://127.0.0.1",
        "https://ex ample.com",
        "https://example.com#",  # '#': the whole path, token and all, became a fragment
        "https://example.com?",
        "http://user@127.0.0.1",
    ],
)
def test_an_api_base_that_is_no_server_url_is_one_line_at_add(capsys, monkeypatch, desk, url):
    import os

    code, out, err = add(capsys, monkeypatch, "--api-base", url)
    assert code == 2, out
    one_line(err)
    assert "x" not in accounts_in(os.environ["SMMDESK_DB"])


@pytest.mark.parametrize("name", ["Ünïcode", "a" * 1000, "../x", "a/b", "-x", "a b", "x\x1b[2J"])
def test_an_odd_account_name_is_one_line(capsys, monkeypatch, desk, name):
    code, out, err = add(capsys, monkeypatch, name=name)
    assert code == 2
    assert not forbidden(one_line(err))


def test_a_chat_that_is_not_a_number_is_the_users_mistake(capsys, monkeypatch, desk):
    code, out, err = cli(
        capsys,
        monkeypatch,
        "account",
        "add",
        "telegram",
        "--name",
        "x",
        "--with-token",
        "--chat",
        "@acme_chat",
        "--api-base",
        desk.url,
        stdin=telegram.TOKEN,
    )
    if code == 2:  # refused at once: fine
        return
    code, out, err = cli(capsys, monkeypatch, "sync", "--account", "x")
    assert code == 2, out + err  # a user's mistake, not "some account unreachable"
    code, out, err = cli(capsys, monkeypatch, "account", "test", "x")
    assert code == 2
    one_line(err)


@pytest.mark.parametrize("quota", ["abc", "1e3", "-5", "0", "²", "99999999999999999999999"])
def test_a_quota_that_is_not_a_count_is_one_line(capsys, monkeypatch, desk, quota):
    """``int(options["quota"])`` in the engine raised ValueError: a traceback."""
    code, out, err = cli(
        capsys,
        monkeypatch,
        "account",
        "add",
        "youtube",
        "--name",
        "yt",
        "--with-token",
        "--channel-id",
        "UCabc",
        "--quota",
        quota,
        "--api-base",
        desk.url,
        stdin="ya29.token-12345",
    )
    if code == 2:
        one_line(err)
        return
    code, out, err = cli(capsys, monkeypatch, "sync", "--account", "yt")
    assert code == 2, out + err


def test_reply_to_what_cannot_be_answered_is_one_line(capsys, monkeypatch, desk):
    assert cli(capsys, monkeypatch, "sync")[0] == 0
    for args in (["999999", "hello"], ["1", ""], ["1", "   \n"], ["0", "x"], ["-1", "x"]):
        code, out, err = cli(capsys, monkeypatch, "reply", *args)
        assert code == 2, args
        one_line(err)
    code, out, err = cli(capsys, monkeypatch, "reply", "1", "x" * 100_000)
    assert code in (0, 2)


def hostile_server(desk):
    """A server whose every name is hostile text, and whose errors quote the token."""
    fake = desk.app
    telegram.BOT_ORIGINAL = dict(telegram.BOT)
    fake._getMe = lambda request: fake._ok(
        {"id": 123456, "is_bot": True, "first_name": HOSTILE, "username": HOSTILE}
    )
    fake._getChat = lambda request: fake._ok(dict(telegram.GROUP, title=HOSTILE))
    fake._getChatMember = lambda request: fake._ok(
        {"status": HOSTILE, "can_\u202eevil\x1b[2J": True, "can_delete_messages": True}
    )
    post = fake.post("post")
    fake.comment(HOSTILE, post, name=HOSTILE)


def test_account_test_shows_a_hostile_bot_and_chat_without_obeying_them(capsys, monkeypatch, desk):
    hostile_server(desk)
    code, out, err = cli(capsys, monkeypatch, "account", "test", "acme-telegram")
    assert not forbidden(out) and not forbidden(err)
    assert "[bold red]loud[/]" in out  # markup printed as typed


def test_sync_inbox_and_outbox_show_hostile_text_without_obeying_it(capsys, monkeypatch, desk):
    hostile_server(desk)
    code, out, err = cli(capsys, monkeypatch, "sync")
    assert code == 0 and not forbidden(out) and not forbidden(err)
    for args in (["inbox"], ["inbox", "--json"]):
        code, out, err = cli(capsys, monkeypatch, *args)
        assert code == 0 and not forbidden(out)
    first = min(item["id"] for item in json.loads(cli(capsys, monkeypatch, "inbox", "--json")[1]))
    code, out, err = cli(capsys, monkeypatch, "reply", str(first), HOSTILE.replace("\ud800", ""))
    assert code == 0, err
    for args in (["outbox"], ["outbox", "--json"]):
        code, out, err = cli(capsys, monkeypatch, *args)
        assert code == 0 and not forbidden(out)


def test_an_error_that_quotes_the_token_and_escapes_reaches_no_output(capsys, monkeypatch, desk):
    description = f"{HOSTILE} /bot{telegram.TOKEN}/getUpdates"
    desk.fail(
        "getUpdates",
        status=400,
        body={"ok": False, "error_code": 400, "description": description},
        times=10,
    )
    outputs = []
    for args in (["sync"], ["sync", "--json"], ["account", "list"], ["account", "list", "--json"]):
        code, out, err = cli(capsys, monkeypatch, *args)
        outputs.append(out + err)
        assert not forbidden(out) and not forbidden(err)
    for text in outputs:
        assert telegram.TOKEN not in text and "AAEfake" not in text
    backup = desk_backup(capsys, monkeypatch)
    assert b"AAEfake" not in backup


def desk_backup(capsys, monkeypatch):
    import os
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(dir=Path(os.environ["SMMDESK_DB"]).parent))
    code, out, err = cli(capsys, monkeypatch, "backup", str(folder / "copy.db"))
    assert code == 0, err
    return (folder / "copy.db").read_bytes()


def test_a_bad_credentials_file_at_add_leaves_no_account(capsys, monkeypatch, desk, tmp_path):
    import os

    path = tmp_path / "elsewhere.json"
    path.write_text("{}")
    os.chmod(path, 0o644)
    monkeypatch.setenv("SMMDESK_CREDENTIALS", str(path))
    code, out, err = add(capsys, monkeypatch, name="y")
    assert code == 2 and "chmod 600" in one_line(err)
    assert "y" not in accounts_in(os.environ["SMMDESK_DB"])


@pytest.mark.parametrize(
    "args",
    [
        ["reply", "1", "hi\udcff"],  # bytes that are not UTF-8, as Python decodes argv
        ["outbox", "retry", "1", "--text", "x\udcfe"],
        ["account", "add", "telegram", "--with-token", "--chat", "1", "--name", "a\udcff"],
    ],
    ids=["reply", "retry", "name"],
)
def test_an_argument_that_is_not_utf8_is_one_line(capsys, monkeypatch, desk, args):
    """``smmdesk reply 1 $'\\xff'``: the argument reached SQLite as a lone surrogate and
    the insert raised UnicodeEncodeError."""
    assert cli(capsys, monkeypatch, "sync")[0] == 0
    code, out, err = cli(capsys, monkeypatch, *args, stdin=telegram.TOKEN)
    assert code == 2
    assert "UTF-8" in one_line(err)


def test_a_token_on_stdin_that_is_not_utf8_is_one_line(capsys, monkeypatch, desk):
    import io
    import sys

    raw = io.TextIOWrapper(io.BytesIO(b"\xff\xfe123:abcdefghijk"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", raw)
    from smmdesk.cli import main

    code = main(["account", "add", "telegram", "--name", "z", "--with-token", "--chat", "1"])
    out, err = capsys.readouterr()
    assert code == 2 and "UTF-8" in one_line(err)


def test_a_path_that_is_not_utf8_is_still_a_path(capsys, monkeypatch, desk, tmp_path):
    """File names are bytes: a Latin-1 one is a file like any other."""
    import os

    target = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"caf\xe9.db"))
    code, out, err = cli(capsys, monkeypatch, "backup", target)
    assert code == 0, err
    assert os.path.exists(os.fsencode(target))


@pytest.mark.parametrize(
    "base",
    [
        f"https://api.telegram.org/bot{telegram.TOKEN}",
        f"http://127.0.0.1:1/bot{telegram.TOKEN}/",
        "http://127.0.0.1:1/bot123456:" + telegram.TOKEN.partition(":")[2],
        f"api.telegram.org/bot{telegram.TOKEN}",  # refused for its scheme, quoting the URL
        f"http://example.org/bot{telegram.TOKEN}",
    ],
)
def test_an_api_base_holding_the_token_is_refused_and_never_stored(capsys, monkeypatch, desk, base):
    """The Bot API's URLs hold the token (``/bot<token>/getMe``): a URL pasted whole as
    --api-base put the token in the desk (api_base), its backups and ``account list``."""
    import os

    code, out, err = add(capsys, monkeypatch, "--api-base", base, name="pasted")
    assert code == 2
    assert telegram.TOKEN not in one_line(err) and "AAEfake" not in err
    assert "pasted" not in accounts_in(os.environ["SMMDESK_DB"])
