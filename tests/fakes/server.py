"""A real HTTP server on 127.0.0.1 in a thread, for a platform fake to answer from.

A fake is a ``FakeApp``: ``handle(request)`` returns ``(status, json body)``. Every request
is recorded (``server.requests``); faults queued with ``server.fail(...)`` come first:
an error status with a body, a dropped connection, a slow answer, a request that is
recorded and then held (so a test can ``kill -9`` the client mid-send), bytes sent as they
are (``raw``: not JSON, a lying header), or a body that never ends (``trickle``).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]  # a url-encoded or JSON object body, flattened to strings
    body: bytes
    headers: dict[str, str]

    def param(self, name: str, default: str | None = None) -> str | None:
        """A value from the query or the body, as an API reads either."""
        return self.query.get(name, self.form.get(name, default))


@dataclass
class Fault:
    """What the server does instead of answering, for requests whose path matches."""

    match: str  # a substring of the path; "" matches every request
    kind: str  # "status", "drop", "slow", "hold" (recorded, not done), "lose" (done, no answer),
    # "raw" (``body`` bytes as they are), "trickle" (``body`` bytes, then one more every
    # ``seconds``, until released)
    status: int = 500
    body: Any = None
    seconds: float = 0.0
    times: int = 1  # how many matching requests it takes
    after: int = 0  # matching requests let through before it starts
    headers: dict[str, str] = field(default_factory=dict)


class FakeApp:
    def handle(self, request: Request) -> tuple[int, Any]:
        raise NotImplementedError


class FakeServer:
    def __init__(self, app: FakeApp, port: int = 0) -> None:
        self.app = app
        self.requests: list[Request] = []
        self.faults: list[Fault] = []
        self.lock = threading.Lock()
        self.released = threading.Event()  # ends every "hold"
        self.held = threading.Event()  # set when a request is being held
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: with Nagle on, each answer waited
            # ~40 ms for the client's delayed ACK.
            disable_nagle_algorithm = True

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                server._serve(self, "GET")

            def do_POST(self) -> None:
                server._serve(self, "POST")

            def do_DELETE(self) -> None:
                server._serve(self, "DELETE")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )  # stop() waits for a poll: 0.5 s by default, on every test's teardown

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.released.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def fail(self, match: str, kind: str = "status", **kw: Any) -> None:
        with self.lock:
            self.faults.append(Fault(match, kind, **kw))

    def calls(self, fragment: str, method: str | None = None) -> list[Request]:
        """The recorded requests whose path holds ``fragment``."""
        return [
            r
            for r in self.requests
            if fragment in r.path and (method is None or r.method == method)
        ]

    def _fault_for(self, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.match in path:
                    if fault.after > 0:
                        fault.after -= 1
                        continue
                    fault.times -= 1
                    if fault.times <= 0:
                        self.faults.remove(fault)
                    return fault
        return None

    def _serve(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        request = _read(handler, method)
        with self.lock:
            self.requests.append(request)
        fault = self._fault_for(request.path)
        if fault and fault.kind == "lose":  # done, and the answer lost on the way back
            self.app.handle(request)
            handler.close_connection = True
            handler.connection.close()
            return
        if fault and fault.kind == "drop":
            handler.close_connection = True
            handler.connection.close()
            return
        if fault and fault.kind == "hold":
            self.held.set()
            self.released.wait(fault.seconds or 60)
            handler.close_connection = True
            handler.connection.close()
            return
        if fault and fault.kind in ("raw", "trickle"):
            _answer_raw(handler, fault, self.released)
            return
        if fault and fault.kind == "slow":
            time.sleep(fault.seconds)
            fault = None
        if fault:
            status, body, headers = fault.status, fault.body, fault.headers
        else:
            try:
                status, body = self.app.handle(request)
            except Exception as exc:  # a bug in the fake: say so loudly
                status, body = 599, {"fake_error": repr(exc)}
            headers = {}
        _answer(handler, status, body, headers)


def _read(handler: BaseHTTPRequestHandler, method: str) -> Request:
    parts = urlsplit(handler.path)
    query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    length = int(handler.headers.get("Content-Length") or 0)
    body = handler.rfile.read(length) if length else b""
    form: dict[str, str] = {}
    kind = handler.headers.get("Content-Type", "")
    if body and "json" in kind:
        decoded = json.loads(body)
        if isinstance(decoded, dict):
            form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in decoded.items()}
    elif body:
        form = {k: v[-1] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
    return Request(method, parts.path, query, form, body, dict(handler.headers.items()))


def _answer(
    handler: BaseHTTPRequestHandler, status: int, body: Any, headers: dict[str, str]
) -> None:
    data = b"" if body is None else json.dumps(body).encode()
    try:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=UTF-8")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _answer_raw(handler: BaseHTTPRequestHandler, fault: Fault, released: threading.Event) -> None:
    data = fault.body if isinstance(fault.body, bytes) else str(fault.body or "").encode()
    handler.close_connection = True
    try:
        if fault.status:  # status 0: ``body`` is the whole answer, status line and all
            handler.send_response(fault.status)
            for name, value in fault.headers.items():
                handler.send_header(name, value)
            if "Connection" not in fault.headers:
                # Said, not only done: a client that reused the connection would meet it
                # closed and see a dropped connection instead of this answer (a race).
                handler.send_header("Connection", "close")
            handler.end_headers()
        handler.wfile.write(data)
        handler.wfile.flush()
        while fault.kind == "trickle" and not released.wait(fault.seconds):
            handler.wfile.write(b" ")
            handler.wfile.flush()
    except (BrokenPipeError, ConnectionResetError):
        pass


Handle = Callable[[Request], tuple[int, Any]]
