"""The one way smmdesk talks HTTP: httpx with timeouts, TLS verified, bounded retries,
bounded responses decoded once, and messages that never hold a token.

A platform client asks for a call and reads the status and the decoded JSON; what an
error status means is the client's to say (each platform has its own shapes).
"""

from __future__ import annotations

import ipaddress
import logging
import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any
from urllib.parse import urlsplit

# httpx's package imports its own command line (click, rich, pygments: ~40 of the ~90 ms of
# `import httpx`, paid by every sync) unless that import fails, as without those packages
# installed; we never run it. None in sys.modules makes the import fail.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
import httpx  # noqa: E402

from smmdesk.errors import UserError  # noqa: E402
from smmdesk.sync.errors import BadResponse, Unreachable, Unsure  # noqa: E402

MAX_RESPONSE = 16 << 20  # bytes of one response; a page of 100 comments is ~100 KB
TIMEOUT_S = 20.0  # between two reads
DEADLINE_FACTOR = 3  # a whole answer within this many timeouts: a trickle never ends otherwise
CONNECT_TIMEOUT_S = 10.0
RETRIES = 3  # after the first try, for calls that are safe to repeat
BACKOFF_S = 0.5  # doubled each retry
LOOPBACK_ONLY_ENV = "SMMDESK_LOOPBACK_ONLY"  # set by the tests: nothing leaves this machine

# httpx logs each request's URL at INFO; a Telegram URL holds the bot's token.
logging.getLogger("httpx").setLevel(logging.WARNING)
logging.getLogger("httpcore").setLevel(logging.WARNING)


@dataclass
class Response:
    status: int
    data: Any  # the decoded JSON (None for an empty body)
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_api_base(url: str) -> str:
    """An account's server: https, or plain http to this machine only (a token must not
    cross a network in clear text). Returned without a trailing slash."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port out of range or not a number raises here
    except ValueError:
        raise UserError(f"not a server URL: {url!r}, --api-base") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(f"not an http(s) URL: {url!r}, --api-base")
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        raise UserError(f"a server URL has no spaces or control characters: {url!r}, --api-base")
    if parts.username or parts.password or "?" in url or "#" in url:
        raise UserError("a server URL has no user, password, query or fragment, --api-base")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise UserError(
            f"plain http only to this machine (127.0.0.1, localhost); use https for "
            f"{parts.hostname}, --api-base"
        )
    return url.rstrip("/")


def reachable(url: str) -> str:
    """``check_api_base``, and under the tests only this machine."""
    checked = check_api_base(url)
    host = urlsplit(checked).hostname or ""
    if os.environ.get(LOOPBACK_ONLY_ENV) and not is_loopback(host):
        raise UserError(f"{LOOPBACK_ONLY_ENV} is set: {host} is not this machine")
    return checked


class Http:
    """One account's connection to its server. Use as a context manager."""

    def __init__(
        self,
        base: str,
        *,
        timeout: float = TIMEOUT_S,
        retries: int = RETRIES,
        backoff: float = BACKOFF_S,
        sleep: Callable[[float], None] = time.sleep,
        max_bytes: int = MAX_RESPONSE,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.base = reachable(base)
        self.retries, self.backoff, self.sleep, self.max_bytes = retries, backoff, sleep, max_bytes
        self.deadline = timeout * DEADLINE_FACTOR
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT_S)),
            verify=True,
            follow_redirects=False,  # a redirect could carry the token to another host
            headers=dict(headers or {}),
        )

    def __enter__(self) -> Http:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        repeatable: bool | None = None,
        url: str | None = None,
    ) -> Response:
        """One call, retried with backoff while that is safe: always when the request never
        left (no connection), and after a timeout, a dropped connection or a 5xx only when
        ``repeatable`` (GETs are). A write that may have happened raises ``Unsure``."""
        repeatable = method == "GET" if repeatable is None else repeatable
        target = reachable(url) if url else self.base + path  # another server: the same rules
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self._send(method, target, params, data, json, headers)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                if last:
                    raise Unreachable(f"cannot connect ({_reason(exc)})") from None
            except (httpx.TransportError, httpx.StreamError, httpx.DecodingError) as exc:
                if not repeatable:
                    raise Unsure(f"no answer after sending ({_reason(exc)})") from None
                if last:
                    raise Unreachable(f"no answer ({_reason(exc)})") from None
            else:
                if response.status < 500:
                    return response
                if not repeatable:
                    raise Unsure(f"server error {response.status} after sending") from None
                if last:
                    raise Unreachable(f"server error {response.status}")
            self.sleep(self.backoff * (2**attempt))
        raise AssertionError("unreachable")  # the loop returns or raises

    def _send(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        data: Mapping[str, Any] | None,
        json: Any,
        headers: Mapping[str, str] | None,
    ) -> Response:
        ends = time.monotonic() + self.deadline
        with self.client.stream(
            method, url, params=params, data=data, json=json, headers=headers
        ) as reply:
            body = bytearray()
            for chunk in reply.iter_bytes():
                body += chunk
                if len(body) > self.max_bytes:
                    raise BadResponse(f"a response over {self.max_bytes >> 20} MB")
                if time.monotonic() > ends:  # each read was in time, the whole is not
                    raise httpx.ReadTimeout("the answer never ends")
            status = reply.status_code
            try:
                data = decode(bytes(body))
            except BadResponse:
                if 200 <= status < 300:
                    raise
                data = None  # a proxy's HTML error page: its status says what happened
            return Response(status, data, reply.headers)


def decode(body: bytes) -> Any:
    """A response body as JSON, once; anything else is a ``BadResponse``."""
    if not body.strip():
        return None
    from smmdesk.inbox.formats.jsondoc import load_json
    from smmdesk.inbox.formats.values import Context

    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadResponse("a response that is not UTF-8") from None
    try:
        return load_json(text, Context(label="response", zone=UTC))
    except UserError:
        raise BadResponse("a response that is not JSON") from None


def _reason(exc: Exception) -> str:
    """What went wrong, without the URL httpx may put in the message."""
    names = {
        httpx.ConnectTimeout: "connect timeout",
        httpx.ReadTimeout: "timed out",
        httpx.WriteTimeout: "timed out",
        httpx.PoolTimeout: "timed out",
        httpx.RemoteProtocolError: "connection dropped",
        httpx.ReadError: "connection dropped",
        httpx.WriteError: "connection dropped",
        httpx.DecodingError: "an answer that does not decode",
    }
    for kind, name in names.items():
        if isinstance(exc, kind):
            return name
    if isinstance(exc, httpx.ConnectError):
        return "connection refused" if "refused" in str(exc).lower() else "network unreachable"
    return type(exc).__name__
