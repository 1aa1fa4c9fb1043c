"""Account tokens: in a credentials file of the user's config directory, mode 0600.

Never in the database (an account row holds only ``secret_ref``, the key here), a backup,
a log, an error message or the screen (``Secret`` masks itself). A file others can read
is refused, as ssh refuses a private key.
"""

from __future__ import annotations

import json
import os
import re
import secrets as random
import stat
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from smmdesk.errors import UserError

ENV = "SMMDESK_CREDENTIALS"  # another credentials file (the tests use one)
MAX_SECRET = 64 << 10  # bytes read from standard input for one token
MAX_FILE = 4 << 20
TOKEN = re.compile(r"[A-Za-z0-9._~:/+=-]{8,8192}")  # every platform's tokens are of these
WORD = re.compile(r"[A-Za-z0-9._~:/+=-]{1,8192}")  # a field of Google's OAuth JSON
OAUTH_FIELDS = ("refresh_token", "client_id", "client_secret")
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


@dataclass(frozen=True)
class Secret:
    """A token, and for Google OAuth what refreshes it. ``repr`` and ``str`` mask it."""

    token: str
    refresh_token: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    expires_at: str | None = None  # UTC ISO, when the platform says
    extra: Mapping[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Secret({mask(self.token)})"

    __str__ = __repr__

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"token": self.token}
        for name in ("refresh_token", "client_id", "client_secret", "expires_at"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        if self.extra:
            out["extra"] = dict(self.extra)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Secret:
        return cls(
            token=str(data.get("token", "")),
            refresh_token=data.get("refresh_token"),
            client_id=data.get("client_id"),
            client_secret=data.get("client_secret"),
            expires_at=data.get("expires_at"),
            extra=dict(data.get("extra") or {}),
        )

    def hide(self, text: str) -> str:
        """``text`` (a server's words, a URL) with every secret of this one masked, as it is
        or URL-encoded; a bot token's secret half too (its id before the colon is public)."""
        secrets = [self.token, self.token.partition(":")[2], self.refresh_token, self.client_secret]
        for part in sorted({s for s in secrets if s and len(s) >= 8}, key=len, reverse=True):
            text = text.replace(part, "••••").replace(quote(part, safe=""), "••••")
        return text

    def renewed(self, token: str, expires_at: str | None) -> Secret:
        return replace(self, token=token, expires_at=expires_at)


def mask(token: str) -> str:
    """What may be shown of a token: its length and its last four characters."""
    if len(token) < 12:
        return "••••"
    return f"••••{token[-4:]} ({len(token)} characters)"


def parse_secret(text: str) -> Secret:
    """A token as pasted: the token itself, or Google's OAuth JSON (``access_token``,
    ``refresh_token``, ``client_id``, ``client_secret``; also inside ``installed``/``web``)."""
    text = text.strip()
    if not text:
        raise UserError("no token given (standard input was empty), --with-token")
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            raise UserError("the token looks like JSON but is not, --with-token") from None
        if not isinstance(data, dict):
            raise UserError("the token JSON is not an object, --with-token")
        for outer in ("installed", "web"):
            if isinstance(data.get(outer), dict):
                data = {**data[outer], **{k: v for k, v in data.items() if k != outer}}
        token = data.get("access_token") or data.get("token") or ""
        if not isinstance(token, str) or not (token or data.get("refresh_token")):
            raise UserError("the token JSON has no access_token nor refresh_token, --with-token")
        strings = {k: v for k, v in data.items() if isinstance(v, str)}
        for name in ("token", *OAUTH_FIELDS):  # sent in headers and forms: one word each
            value = token if name == "token" else strings.get(name)
            if value and not WORD.fullmatch(value):
                raise UserError(
                    f"the token JSON's {name} is not one word of letters, digits and "
                    ". _ - ~ : / + =, --with-token"
                )
        return Secret(
            token=token,
            refresh_token=strings.get("refresh_token"),
            client_id=strings.get("client_id"),
            client_secret=strings.get("client_secret"),
        )
    if not TOKEN.fullmatch(text):
        raise UserError(
            "not a token (one word of letters, digits and . _ - ~ : / + =, 8 or more), --with-token"
        )
    return Secret(token=text)


def read_secret(*, stdin: IO[str] | None = None, env_name: str | None = None) -> Secret:
    """The token from an environment variable (its name given) or from standard input."""
    if env_name:
        if not ENV_NAME.fullmatch(env_name):  # maybe a token typed in its place: not echoed
            raise UserError("--token-env takes the name of a variable (TG_TOKEN), not a token")
        value = os.environ.get(env_name)
        if not value:
            raise UserError(f"${env_name} is not set or empty, --token-env")
        return parse_secret(value)
    source = stdin or sys.stdin
    if source.isatty():
        from getpass import getpass

        return parse_secret(getpass("token (not shown): "))
    try:
        text = source.read(MAX_SECRET + 1)
    except UnicodeDecodeError:
        raise UserError("standard input is not UTF-8 text, --with-token") from None
    if len(text) > MAX_SECRET:
        raise UserError(f"standard input holds more than {MAX_SECRET >> 10} KB, --with-token")
    return parse_secret(text)


def credentials_path() -> Path:
    named = os.environ.get(ENV)
    if named:
        return Path(named).expanduser()
    from platformdirs import user_config_path

    return user_config_path("smmdesk", appauthor=False) / "credentials.json"


def new_ref() -> str:
    return random.token_hex(8)


class Credentials:
    """The credentials file: read once, written whole (a temporary file, then a rename)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or credentials_path()

    def _load(self) -> dict[str, Any]:
        # O_NONBLOCK: a FIFO in its place opens at once (then is refused), not when a writer
        # comes; a regular file reads as ever.
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(self.path, flags)
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise UserError(f"cannot read {self.path}: {exc.strerror}") from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # before fdopen, which refuses a directory
            os.close(fd)
            raise UserError(f"{self.path} is not a regular file")
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if info.st_mode & 0o077:
                raise UserError(
                    f"{self.path} can be read by others (mode {stat.S_IMODE(info.st_mode):o}); "
                    f"run: chmod 600 {self.path}"
                )
            if info.st_uid != os.getuid():
                raise UserError(f"{self.path} belongs to another user")
            raw = handle.read(MAX_FILE + 1)
        if len(raw) > MAX_FILE:
            raise UserError(f"{self.path} is too large to be a credentials file")
        try:
            data = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError):
            raise UserError(
                f"{self.path} is damaged (not JSON); remove it and add the accounts again"
            ) from None
        if not isinstance(data, dict) or not isinstance(data.get("accounts", {}), dict):
            raise UserError(f"{self.path} is not a smmdesk credentials file")
        return data

    def get(self, ref: str) -> Secret | None:
        entry = self._load().get("accounts", {}).get(ref)
        return Secret.from_json(entry) if isinstance(entry, dict) else None

    def put(self, ref: str, secret: Secret) -> None:
        data = self._load()
        data.setdefault("accounts", {})[ref] = secret.as_json()
        data["version"] = 1
        self._write(data)

    def remove(self, ref: str) -> None:
        data = self._load()
        if data.get("accounts", {}).pop(ref, None) is not None:
            self._write(data)

    def _write(self, data: dict[str, Any]) -> None:
        try:
            self._replace(data)
        except OSError as exc:  # a full disk, a read-only folder: the old file stays
            raise UserError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def _replace(self, data: dict[str, Any]) -> None:
        folder = self.path.parent
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = folder / f".{self.path.name}.{random.token_hex(4)}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
