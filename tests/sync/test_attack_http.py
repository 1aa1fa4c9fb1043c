"""Attacks on the one HTTP client: servers that answer with what no API sends. Each is one
``SyncError`` (a line for the account), never a traceback, never a hang."""

import gzip
import time

import pytest

from smmdesk.sync.errors import BadResponse, SyncError, Unreachable
from smmdesk.sync.http import Http
from tests.fakes.server import FakeApp, FakeServer


class Echo(FakeApp):
    def handle(self, request):
        return 200, {"ok": True}


@pytest.fixture
def server():
    with FakeServer(Echo()) as running:
        yield running


def http(server, **kw):
    return Http(server.url, sleep=lambda seconds: None, **kw)


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>502 Bad Gateway</body></html>",
        b"{not json",
        b"[" * 100_000 + b"]" * 100_000,  # nested 100k deep
        b'{"a": "\xed\xa0\x80"}',  # a surrogate in UTF-8: not UTF-8
        b"\xff\xfe{}",
        b"1" * 10_000,  # an integer beyond int's digit limit
    ],
    ids=["html", "broken", "deep", "utf8-surrogate", "bom16", "long-int"],
)
def test_what_is_not_json_is_a_bad_response(server, body):
    server.fail("/x", kind="raw", status=200, body=body)
    with http(server) as client, pytest.raises(BadResponse):
        client.call("GET", "/x")


def test_a_lone_surrogate_escape_is_replaced_not_kept(server):
    server.fail("/x", kind="raw", status=200, body=b'{"name": "a\\ud800b"}')
    with http(server) as client:
        name = client.call("GET", "/x").data["name"]
    name.encode("utf-8")  # storable and printable


def test_a_hundred_megabyte_body_is_refused_without_reading_it_all(server):
    server.fail("/x", kind="raw", status=200, body=b"[" + b"0," * (50 << 20) + b"0]")
    with http(server) as client, pytest.raises(BadResponse, match="MB"):
        client.call("GET", "/x")


def test_a_gzip_bomb_is_bounded_by_what_it_inflates_to(server):
    bomb = gzip.compress(b" " * (64 << 20))
    server.fail("/x", kind="raw", status=200, body=bomb, headers={"Content-Encoding": "gzip"})
    with http(server) as client, pytest.raises(BadResponse, match="MB"):
        client.call("GET", "/x")


def test_a_body_that_is_not_the_gzip_it_claims_is_a_sync_error(server):
    """httpx raises DecodingError, which is no TransportError: it escaped as a traceback."""
    server.fail(
        "/x",
        kind="raw",
        status=200,
        body=b"certainly not gzip",
        headers={"Content-Encoding": "gzip", "Content-Length": "18"},
        times=10,
    )
    with http(server) as client, pytest.raises(SyncError) as caught:
        client.call("GET", "/x")
    assert "127.0.0.1" not in str(caught.value)


def test_a_body_that_never_ends_is_cut_off_by_a_deadline(server):
    """Slowloris: one byte every half second never trips a 1 s read timeout; the call must
    still end, not wait for 16 MB of spaces."""
    server.fail(
        "/x",
        kind="trickle",
        status=200,
        body=b'{"ok": true}',
        seconds=0.2,
        times=10,
    )
    started = time.monotonic()
    with http(server, timeout=1.0, retries=0) as client, pytest.raises(Unreachable):
        client.call("GET", "/x")
    assert time.monotonic() - started < 5
    server.released.set()


def test_a_redirect_to_another_host_is_not_followed_and_no_token_goes_there(server):
    server.fail(
        "/bot123:SECRET/getMe",
        kind="raw",
        status=302,
        body=b"",
        headers={"Location": "http://127.0.0.2:1/steal", "Content-Length": "0"},
    )
    with http(server) as client:
        response = client.call("POST", "/bot123:SECRET/getMe")
    assert response.status == 302


@pytest.mark.parametrize(
    "answer",
    [
        b"garbage\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{}",  # shorter than it says
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * (1 << 20) + b"\r\n\r\n{}",
        b"HTTP/1.1 200 OK\r\n" + b"X: y\r\n" * 100_000 + b"\r\n{}",
        b"HTTP/1.1 99999 Odd\r\nContent-Length: 2\r\n\r\n{}",
        b"",  # closed without a word
    ],
    ids=["garbage", "short", "bad-chunk", "big-header", "many-headers", "odd-status", "empty"],
)
def test_an_answer_that_is_not_http_is_a_sync_error(server, answer):
    server.fail("/x", kind="raw", status=0, body=answer, times=10)
    with http(server) as client, pytest.raises(SyncError) as caught:
        client.call("GET", "/x")
    assert "127.0.0.1" not in str(caught.value)


def test_a_gateway_error_page_in_html_is_a_server_error_and_retried(server):
    """A proxy's 502 is an HTML page: it was refused as "not JSON" before its status was
    looked at, so a GET was not retried and the line said nothing of a server error."""
    page = b"<html><head><title>502 Bad Gateway</title></head></html>"
    server.fail("/x", kind="raw", status=502, body=page, headers={"Content-Length": "56"})
    with http(server) as client:
        assert client.call("GET", "/x").data == {"ok": True}  # retried, then answered
    server.fail("/x", kind="raw", status=502, body=page, headers={"Content-Length": "56"}, times=10)
    with http(server) as client, pytest.raises(Unreachable, match="server error 502"):
        client.call("GET", "/x")


def test_an_error_status_without_json_reaches_the_client_as_its_status(server):
    server.fail("/x", kind="raw", status=401, body=b"<h1>Unauthorized</h1>")
    with http(server) as client:
        response = client.call("GET", "/x")
    assert response.status == 401 and response.data is None
