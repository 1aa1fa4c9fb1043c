"""``smmdesk serve [--host 127.0.0.1] [--port 8000]``: the app in a browser, with textual-serve.

Each browser tab that connects starts its own ``smmdesk --db PATH`` (the app, on the desk
this command was given) under Textual's web driver; closing the tab ends it. The app's
writes go through its write queue, so two tabs on one desk wait for each other as two
terminals do.

Who can reach it: loopback (this machine) unless ``--host`` names another address, and then
a warning says that anyone on that network can use the desk: the page has no login. An
address for every interface (``0.0.0.0``, ``::``, an empty host) is refused: name the one
address to serve on. A loopback address does not keep out a web page open in this machine's
own browser (a page may open a websocket to any address, and a DNS name can be made to point
at 127.0.0.1), so every request must name the served host (``Host``) and the websocket must
come from its page (``Origin``); anything else gets 403.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import socket
import sys
from pathlib import Path
from typing import Any

from smmdesk.cli.args import bounded_int
from smmdesk.cli.common import printable
from smmdesk.cli.output import say
from smmdesk.errors import UserError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def register(subparsers: argparse._SubParsersAction) -> None:
    serve = subparsers.add_parser(
        "serve",
        help="serve the app to a browser (textual-serve; this machine only by default)",
    )
    serve.add_argument(
        "--host",
        metavar="ADDRESS",
        help=f"address to listen on (default: {DEFAULT_HOST}, this machine only); "
        "another one lets anyone on that network use the desk",
    )
    serve.add_argument(
        "--port",
        type=bounded_int(1, 65535),
        default=DEFAULT_PORT,
        help=f"TCP port (default: {DEFAULT_PORT})",
    )
    serve.set_defaults(func=cmd_serve, needs_store=False)


def is_loopback(host: str) -> bool:
    """Whether every address ``host`` names is this machine's loopback."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise UserError(f"cannot resolve host {host!r}, --host") from None
    addresses = {item[4][0] for item in found}
    return bool(addresses) and all(
        ipaddress.ip_address(str(a).split("%")[0]).is_loopback for a in addresses
    )


def check_host(host: str) -> str:
    """The host to listen on, as typed; every interface at once is refused."""
    host = host.strip()
    if not host:
        raise UserError("name the address to listen on, --host")
    try:
        if ipaddress.ip_address(host).is_unspecified:
            raise UserError(
                f"{host} listens on every network; name this machine's address on one, --host"
            )
    except ValueError:
        pass
    return host


def url_host(host: str) -> str:
    """``host`` as it is written in a URL (an IPv6 address in brackets)."""
    try:
        return f"[{host}]" if ipaddress.ip_address(host).version == 6 else host
    except ValueError:
        return host


def app_command(db: Path) -> str:
    """The shell command each browser tab runs: this Python, this smmdesk, this desk."""
    return shlex.join([sys.executable, "-m", "smmdesk", "--db", str(db)])


def cmd_serve(args: argparse.Namespace) -> int:
    from smmdesk.store import open_store

    host = check_host(args.host) if args.host is not None else DEFAULT_HOST
    loopback = is_loopback(host)
    with open_store(args.db) as store:  # a missing folder or a damaged file: one line, now
        db = store.path
    public = f"http://{url_host(host)}:{args.port}"
    allowed = {f"{url_host(host)}:{args.port}".lower()}
    if loopback:
        allowed |= {f"{name}:{args.port}" for name in LOOPBACK_NAMES}
    server = make_server(app_command(db), host, args.port, public, allowed)
    say(printable(f"smmdesk: serving {db} on {public}"), file=sys.stderr)
    if loopback:
        say("smmdesk: loopback only: browsers on this machine can open it", file=sys.stderr)
    else:
        say(
            printable(
                f"smmdesk: warning: {host} is not loopback: anyone who can reach it on that "
                "network can use the desk (there is no login)"
            ),
            file=sys.stderr,
        )
    say("smmdesk: Ctrl+C stops it", file=sys.stderr)
    try:
        server.serve()
    except OSError as exc:
        raise UserError(
            f"cannot listen on {host}:{args.port} ({exc.strerror or exc}), --port"
        ) from None
    return 0


def make_server(command: str, host: str, port: int, public: str, allowed: set[str]) -> Any:
    """textual-serve's ``Server``, quiet (no banner on stdout) and checking Host and Origin."""
    import logging

    from aiohttp import web
    from textual_serve.server import Server

    @web.middleware
    async def same_site(request: web.Request, handler: Any) -> web.StreamResponse:
        if request.host.lower() not in allowed:
            raise web.HTTPForbidden(text="unknown host")
        if request.path == "/ws":
            origin = request.headers.get("Origin", "")
            scheme, _, origin_host = origin.partition("://")
            if scheme != "http" or origin_host.lower() not in allowed:
                raise web.HTTPForbidden(text="websocket from another site")
        response: web.StreamResponse = await handler(request)
        return response

    class DeskServer(Server):
        def initialize_logging(self) -> None:
            logging.basicConfig(level=logging.WARNING, format="smmdesk serve: %(message)s")

        async def on_startup(self, app: web.Application) -> None:
            return None  # said on stderr before serving, through cli/output

        async def _make_app(self) -> web.Application:
            app: web.Application = await super()._make_app()
            app.middlewares.append(same_site)
            return app

    return DeskServer(command, host=host, port=port, title="smmdesk", public_url=public)
