"""Tokens: a 0600 file, refused when others can read it; parsed once; never shown."""

import io
import os

import pytest

from smmdesk.errors import UserError
from smmdesk.sync.secrets import Credentials, Secret, mask, parse_secret, read_secret


def test_a_secret_masks_itself():
    secret = Secret("123456:ABCDEFGHIJKLMNOP")
    assert "ABCDEFGH" not in repr(secret) and "ABCDEFGH" not in str(secret)
    assert mask(secret.token).startswith("••••MNOP")


def test_the_file_is_0600_and_refused_when_others_can_read_it(tmp_path):
    store = Credentials(tmp_path / "conf" / "credentials.json")
    store.put("ref", Secret("tok-123456789"))
    assert os.stat(store.path).st_mode & 0o777 == 0o600
    assert os.stat(store.path.parent).st_mode & 0o777 == 0o700
    os.chmod(store.path, 0o640)
    with pytest.raises(UserError, match="chmod 600"):
        store.get("ref")


def test_a_symlink_in_its_place_is_refused(tmp_path):
    target = tmp_path / "elsewhere.json"
    target.write_text("{}")
    os.chmod(target, 0o600)
    link = tmp_path / "credentials.json"
    link.symlink_to(target)
    with pytest.raises(UserError):
        Credentials(link).get("ref")


def test_damaged_file_is_one_line(tmp_path):
    path = tmp_path / "credentials.json"
    path.write_text("not json")
    os.chmod(path, 0o600)
    with pytest.raises(UserError, match="damaged"):
        Credentials(path).get("ref")


def test_remove_forgets_the_token(tmp_path):
    store = Credentials(tmp_path / "credentials.json")
    store.put("a", Secret("one-123456789"))
    store.put("b", Secret("two-123456789"))
    store.remove("a")
    assert store.get("a") is None and store.get("b").token == "two-123456789"


def test_google_oauth_json_is_read_with_its_refresh_token():
    secret = parse_secret(
        '{"installed": {"client_id": "cid", "client_secret": "cs"}, '
        '"access_token": "ya29.x", "refresh_token": "1//r"}'
    )
    assert (secret.token, secret.refresh_token, secret.client_id, secret.client_secret) == (
        "ya29.x",
        "1//r",
        "cid",
        "cs",
    )


@pytest.mark.parametrize("text", ["", "  \n", "two words", "tab\tinside", "{not json", "[1]"])
def test_what_is_not_a_token_is_refused(text):
    with pytest.raises(UserError):
        parse_secret(text)


def test_stdin_is_read_bounded():
    assert read_secret(stdin=io.StringIO("tok-12345\n")).token == "tok-12345"
    with pytest.raises(UserError):
        read_secret(stdin=io.StringIO("x" * (70 << 10)))
