"""``smmdesk serve``: the app for a browser, on loopback unless an address is named."""

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from smmdesk.cli import main
from smmdesk.cli.serve import app_command, check_host, is_loopback

ROOT = Path(__file__).resolve().parents[1]
# The Debian package `.ci/run` installs (the smallest that takes a screenshot), else Chromium.
CHROMIUM = shutil.which("chromium-headless-shell") or shutil.which("chromium")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(store, brand):
    """``smmdesk --db DESK serve --port P`` in a subprocess, killed after the test."""
    store.close()
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "smmdesk", "--db", str(store.path), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,  # the app processes of its tabs go with it
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url + "/", timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(process.stderr.read().decode()) from None
                time.sleep(0.2)
        yield url, process
    finally:
        stop(process)


def stop(process):
    """SIGTERM to the server's process group (its tabs' apps too), SIGKILL if it lingers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=10)
            return
        except subprocess.TimeoutExpired:
            continue


def stderr_so_far(process):
    stop(process)
    return process.stderr.read().decode()


def test_serves_the_page_on_loopback_and_says_so(served, store):
    url, process = served
    page = httpx.get(url + "/", timeout=5)
    assert page.status_code == 200
    assert "textual.js" in page.text and f"ws://{url[7:]}/ws" in page.text
    err = stderr_so_far(process)
    assert process.stdout.read() == b""  # nothing of textual-serve's banner on stdout
    assert f"serving {store.path} on {url}" in err
    assert "loopback only" in err


def test_another_host_or_a_foreign_websocket_is_refused(served):
    url, _ = served
    port = url.rsplit(":", 1)[1]
    rebound = httpx.get(url + "/", headers={"Host": f"evil.example:{port}"}, timeout=5)
    assert rebound.status_code == 403
    foreign = httpx.get(
        url + "/ws",
        headers={
            "Origin": "http://evil.example",
            "Connection": "Upgrade",
            "Upgrade": "websocket",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        },
        timeout=5,
    )
    assert foreign.status_code == 403


def test_the_app_runs_in_the_browser_session(served):
    """The websocket the page opens starts the app under Textual's web driver."""
    import aiohttp

    url, _ = served

    async def screen():
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(f"{url}/ws?width=120&height=40", headers={"Origin": url}) as ws,
        ):
            data = b""
            deadline = time.monotonic() + 30
            while b"Inbox" not in data and time.monotonic() < deadline:
                message = await asyncio.wait_for(ws.receive(), 30)
                if message.type == aiohttp.WSMsgType.BINARY:
                    data += message.data
                elif message.type != aiohttp.WSMsgType.TEXT:
                    break
            await ws.send_json(["stdin", "\x11"])  # ctrl+q: the app ends
            return data

    assert b"Inbox" in asyncio.run(screen())


async def chromium_screenshot(url, profile):
    """Headless Chromium opens ``url``; once the app's first bytes reached the page (textual-serve
    marks the body ``-first-byte``, and the intro dialog goes), a screenshot, as PNG bytes."""
    import base64
    import json

    import aiohttp

    port = free_port()
    browser = subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={profile}",
            f"--remote-debugging-port={port}",
            "--window-size=1200,800",
            url,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        async with aiohttp.ClientSession() as session:
            deadline = time.monotonic() + 60
            while True:
                try:
                    async with session.get(f"http://127.0.0.1:{port}/json") as answer:
                        pages = [t for t in await answer.json() if t["type"] == "page"]
                    if pages:
                        break
                except aiohttp.ClientError:
                    pass
                assert time.monotonic() < deadline, "chromium did not start"
                await asyncio.sleep(0.3)
            async with session.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0) as cdp:
                calls = iter(range(1, 1_000_000))

                async def call(method, **params):
                    number = next(calls)
                    await cdp.send_str(
                        json.dumps({"id": number, "method": method, "params": params})
                    )
                    while True:
                        reply = json.loads((await cdp.receive()).data)
                        if reply.get("id") == number:
                            return reply["result"]

                script = "document.body && document.body.classList.contains('-first-byte')"
                while not (await call("Runtime.evaluate", expression=script))["result"].get(
                    "value"
                ):
                    assert time.monotonic() < deadline, "the app never reached the page"
                    await asyncio.sleep(0.3)
                await asyncio.sleep(2)  # the intro dialog fades out; the screen is drawn
                shot = await call("Page.captureScreenshot", format="png")
                return base64.b64decode(shot["data"])
    finally:
        stop(browser)


@pytest.mark.skipif(
    CHROMIUM is None, reason="chromium (or chromium-headless-shell) is not installed"
)
def test_headless_chromium_shows_the_app(served, tmp_path):
    url, _ = served
    png = asyncio.run(chromium_screenshot(url + "/", tmp_path / "profile"))
    (tmp_path / "desk.png").write_bytes(png)
    assert png.startswith(b"\x89PNG")
    # The intro dialog alone (a logo on a dark page) compresses to about 10 kB; the inbox's
    # screen of tabs, headers, hints and text (an empty desk's) to about 30 kB.
    assert len(png) > 20_000, len(png)


def test_loopback_and_named_hosts():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("192.168.1.20")
    assert check_host(" 192.168.1.20 ") == "192.168.1.20"
    assert app_command(Path("/tmp/my desk.db")).endswith("--db '/tmp/my desk.db'")


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (["--port", "0"], "--port"),
        (["--port", "70000"], "--port"),
        (["--port", "http"], "--port"),
        (["--host", ""], "--host"),
        (["--host", "0.0.0.0"], "--host"),
        (["--host", "::"], "--host"),
        (["--host", "no-such-host.invalid"], "--host"),
    ],
)
def test_bad_arguments_are_one_line(capsys, store, args, where):
    assert main(["--db", str(store.path), "serve", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("smmdesk: error: ") and captured.err.count("\n") == 1
    assert where in captured.err


def test_a_port_in_use_is_one_line(capsys, store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--db", str(store.path), "serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1].startswith("smmdesk: error: cannot listen on 127.0.0.1:")


def test_a_named_address_warns(capsys, store, monkeypatch):
    served = []

    class Fake:
        def serve(self):
            served.append(True)

    monkeypatch.setattr("smmdesk.cli.serve.make_server", lambda *a: Fake())
    monkeypatch.setattr("smmdesk.cli.serve.is_loopback", lambda host: False)
    assert main(["--db", str(store.path), "serve", "--host", "192.168.1.20"]) == 0
    err = capsys.readouterr().err
    assert served and "warning: 192.168.1.20 is not loopback: anyone" in err
