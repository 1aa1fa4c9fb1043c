"""The one HTTP client, against a real server on 127.0.0.1: retries only where safe, bounded
bodies, one decoding, messages without the URL."""

import pytest

from smmdesk.errors import UserError
from smmdesk.sync.errors import BadResponse, Unreachable, Unsure
from smmdesk.sync.http import Http, check_api_base
from tests.fakes.server import FakeApp, FakeServer


class Echo(FakeApp):
    def handle(self, request):
        return 200, {"path": request.path, "ok": True}


@pytest.fixture
def server():
    with FakeServer(Echo()) as running:
        yield running


def http(server, **kw):
    return Http(server.url, sleep=lambda seconds: None, **kw)


def test_a_get_is_retried_after_5xx_and_a_dropped_connection(server):
    server.fail("/x", status=503, body={"error": "busy"})
    server.fail("/x", kind="drop")
    with http(server) as client:
        assert client.call("GET", "/x").data == {"path": "/x", "ok": True}
    assert len(server.calls("/x")) == 3


def test_a_get_gives_up_after_the_bounded_retries(server):
    server.fail("/x", status=500, times=10)
    with http(server, retries=2) as client, pytest.raises(Unreachable, match="server error 500"):
        client.call("GET", "/x")
    assert len(server.calls("/x")) == 3


def test_a_write_that_may_have_happened_is_unsure_and_never_repeated(server):
    server.fail("/send", kind="drop")
    with http(server) as client, pytest.raises(Unsure):
        client.call("POST", "/send", json={"text": "hi"})
    assert len(server.calls("/send")) == 1
    server.fail("/send", status=502)
    with http(server) as client, pytest.raises(Unsure):
        client.call("POST", "/send", json={"text": "hi"})
    assert len(server.calls("/send")) == 2


def test_no_server_is_unreachable_without_the_url_in_the_message(server):
    url = server.url
    server.stop()
    with Http(url, sleep=lambda s: None) as client, pytest.raises(Unreachable) as caught:
        client.call("GET", "/bot123:SECRET/getMe")
    assert "SECRET" not in str(caught.value) and "127.0.0.1" not in str(caught.value)


def test_a_slow_server_times_out(server):
    server.fail("/slow", kind="slow", seconds=2)
    with (
        Http(server.url, timeout=0.3, retries=0, sleep=lambda s: None) as client,
        pytest.raises(Unreachable, match="timed out"),
    ):
        client.call("GET", "/slow")


def test_bodies_are_bounded_and_decoded_once(server):
    server.fail("/big", status=200, body={"x": "a" * 5000})
    with http(server, max_bytes=1000) as client, pytest.raises(BadResponse, match="over"):
        client.call("GET", "/big")


def test_a_redirect_is_not_followed(server):
    server.fail("/moved", status=302, headers={"Location": "http://127.0.0.2:1/steal"})
    with http(server) as client:
        assert client.call("GET", "/moved").status == 302


@pytest.mark.parametrize(
    "url",
    ["http://example.org", "ftp://127.0.0.1", "https://user:pw@host", "http://10.0.0.1:80", "x"],
)
def test_a_token_never_crosses_a_network_in_clear_text(url):
    with pytest.raises(UserError):
        check_api_base(url)


def test_loopback_and_https_servers_are_accepted():
    assert check_api_base("http://127.0.0.1:8081/") == "http://127.0.0.1:8081"
    assert check_api_base("http://[::1]:80") == "http://[::1]:80"
    assert check_api_base("https://api.telegram.org") == "https://api.telegram.org"


def test_tests_can_reach_only_this_machine():
    with pytest.raises(UserError, match="not this machine"):
        Http("https://api.telegram.org")
