"""The command line. Every command calls the same domain functions as the TUI.

Mistakes print one line, ``smmdesk: error: <what>, <where>``, and exit 2.
This module is the parser and ``main``; each area registers its commands from
its own module (``desk``, ``inbox``, ``calendar``, ``report``, ``lexicon``,
``brief``, ``brand``, ``rules``, ``sync``, ``config``, ``shell``: completion, ``serve``), whose shared helpers live in ``common``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from smmdesk import __version__
from smmdesk.cli.common import note, printable
from smmdesk.cli.output import say
from smmdesk.errors import UserError

__all__ = ["main", "build_parser", "EXIT_USER_ERROR"]

EXIT_USER_ERROR = 2


class ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own errors: same one-line form
        raise UserError(f"{message}, command line")


def build_parser() -> argparse.ArgumentParser:
    from smmdesk.cli import (
        brand,
        brief,
        calendar,
        config,
        desk,
        inbox,
        lexicon,
        report,
        rules,
        serve,
        shell,
        sync,
    )

    parser = ArgumentParser(
        prog="smmdesk",
        description="A keyboard-driven desk for community managers: feedback inbox and content calendar.",
        epilog="With no command, opens the full-screen app.",
    )
    parser.add_argument("--version", action="version", version=f"smmdesk {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        type=Path,
        help="database file (default: $SMMDESK_DB or the user data directory)",
    )
    parser.add_argument("--demo", action="store_true", help="open the app on a fresh demo database")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser)
    desk.register(sub)
    inbox.register(sub)
    calendar.register(sub)
    report.register(sub)
    lexicon.register(sub)
    brief.register(sub)
    brand.register(sub)
    rules.register(sub)
    sync.register(sub)
    config.register(sub)
    shell.register(sub)
    serve.register(sub)
    return parser


def _check_text(args: argparse.Namespace) -> None:
    """Text arguments are UTF-8: bytes that are not reach Python as lone surrogates, which
    SQLite and the terminal refuse. Paths (``type=Path``) may be any bytes, as files' are."""
    for name, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and not _is_utf8(item):
                raise UserError(f"the {name} argument is not UTF-8 text, command line")


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        _check_text(args)
        if args.command is None:
            from smmdesk.cli.desk import open_app

            return open_app(args)
        if not getattr(args, "needs_store", True):
            return args.func(args)
        from smmdesk.store import open_store
        from smmdesk.store.db import busy_wait_seconds, sqlite_errors

        # A damaged file, a full disk, another writer's lock: one line, wherever it surfaces.
        with (
            sqlite_errors(args.db),
            open_store(
                args.db,
                busy_wait=busy_wait_seconds(),
                on_busy=note,
                check_pages=getattr(args, "check_pages", True),
            ) as store,
        ):
            from smmdesk.cli.config import load_for_command

            store.overrides.update(load_for_command()[0].settings())  # targets, calendar gap
            changes = store.conn.total_changes
            code: int = args.func(args, store)
            if store.conn.total_changes != changes:
                from smmdesk.calendar import feed

                feed.refresh(store)  # the calendar feed, when there is one and posts changed
            return code
    except UserError as exc:
        say(f"smmdesk: error: {printable(str(exc))}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `smmdesk inbox | head`: the reader left; not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
