"""Attacks on the credentials file and on what may be taken for a token: each odd file is one
line (a UserError), never a hang or a traceback; a token is one word of token characters
whichever way it is given."""

import json
import os
import threading

import pytest

from smmdesk.errors import UserError
from smmdesk.sync.secrets import Credentials, Secret, parse_secret


def test_a_fifo_in_place_of_the_file_is_refused_without_waiting_for_a_writer(tmp_path):
    """``open`` of a FIFO blocks until someone opens it for writing: the sync hung."""
    path = tmp_path / "credentials.json"
    os.mkfifo(path, 0o600)
    outcome = []

    def read():
        try:
            Credentials(path).get("x")
        except UserError as error:
            outcome.append(str(error))
        except Exception as error:  # noqa: BLE001 - what it raised is the finding
            outcome.append(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(5)
    if reader.is_alive():  # unblock it, then fail
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        reader.join(5)
        pytest.fail("reading a FIFO credentials file waited for a writer")
    assert len(outcome) == 1 and isinstance(outcome[0], str)
    assert "not a regular file" in outcome[0]


def test_a_directory_in_place_of_the_file_is_one_line(tmp_path):
    path = tmp_path / "credentials.json"
    path.mkdir(mode=0o700)
    with pytest.raises(UserError, match="not a regular file"):
        Credentials(path).get("x")
    with pytest.raises(UserError):
        Credentials(path).put("x", Secret("abcdefgh12345"))


def test_a_file_of_another_user_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "credentials.json"
    Credentials(path).put("x", Secret("abcdefgh12345"))
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 1)
    with pytest.raises(UserError, match="another user"):
        Credentials(path).get("x")


def test_a_huge_file_is_refused_without_parsing_it(tmp_path):
    path = tmp_path / "credentials.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(fd, b'{"accounts": {}, "pad": "' + b"x" * (5 << 20) + b'"}')
    os.close(fd)
    with pytest.raises(UserError, match="too large"):
        Credentials(path).get("x")


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 200_000 + b"]" * 200_000,  # nested past the recursion limit
        b"\xff\xfe not utf-8",
        b'{"accounts": []}',
        b'{"accounts": {"x": "not an object"}}',
        b"[]",
    ],
    ids=["deep", "not-utf8", "accounts-list", "entry-text", "list"],
)
def test_a_damaged_file_is_one_line(tmp_path, content):
    path = tmp_path / "credentials.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(fd, content)
    os.close(fd)
    try:
        found = Credentials(path).get("x")
    except UserError:
        return
    assert found is None


@pytest.mark.parametrize(
    "token",
    ["tök3n-with-umlaut", "two words here", "line\nbreak-token", "\x1b]0;t\x07abcdef"],
    ids=["non-ascii", "spaces", "newline", "escape"],
)
def test_a_token_inside_json_is_held_to_the_rules_of_a_bare_token(token):
    """A bare token must be one word of token characters; the same text as the
    ``access_token`` of a JSON was taken as it was (and a non-ASCII one then crashed httpx
    building the Authorization header)."""
    with pytest.raises(UserError, match="not a token") as caught:
        parse_secret(token)
    assert token not in str(caught.value)
    with pytest.raises(UserError) as caught:
        parse_secret(json.dumps({"access_token": token, "refresh_token": "1//refresh"}))
    assert token not in str(caught.value)


def test_a_refresh_token_and_client_secret_inside_json_are_words_too():
    for field in ("refresh_token", "client_id", "client_secret"):
        document = {"access_token": "ya29.good", "refresh_token": "1//r", field: "a b\nc"}
        with pytest.raises(UserError):
            parse_secret(json.dumps(document))


def test_a_full_disk_while_writing_the_file_is_one_line(tmp_path, monkeypatch):
    """An OSError of the write (ENOSPC, EIO, a read-only folder) escaped as a traceback."""
    import errno

    path = tmp_path / "credentials.json"

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(UserError, match="cannot write"):
        Credentials(path).put("x", Secret("abcdefgh12345"))
    assert not path.exists() and list(tmp_path.iterdir()) == []  # no temporary left behind


def test_account_rm_that_cannot_forget_the_token_keeps_the_account(store, brand, tmp_path):
    """``account rm`` deleted the row, then failed on the credentials file: the token stayed
    in the file with no account left to remove it by."""
    from smmdesk.sync import accounts

    account = accounts.add(
        store,
        platform="telegram",
        brand=brand,
        secret=Secret("123:secret-token-0001"),
        options={"chat": "-1001"},
    )
    path = Credentials().path
    os.chmod(path, 0o644)
    with pytest.raises(UserError, match="chmod 600"):
        accounts.remove(store, account.name)
    assert [acc.name for acc in accounts.listing(store)] == [account.name]
    os.chmod(path, 0o600)
    accounts.remove(store, account.name)
    assert Credentials().get(account.secret_ref) is None
