"""The command line. Every command calls the same domain functions as the TUI.

Mistakes print one line, ``smmdesk: error: <what>, <where>``, and exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from smmdesk import __version__, cli_args
from smmdesk.cli_output import emit_data, emit_json, say
from smmdesk.errors import UserError

EXIT_USER_ERROR = 2


class ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own errors: same one-line form
        raise UserError(f"{message}, command line")


def build_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="smmdesk",
        description="A keyboard-driven desk for community managers: feedback inbox and content calendar.",
        epilog="With no command, opens the full-screen app.",
    )
    parser.add_argument("--version", action="version", version=f"smmdesk {__version__}")
    parser.add_argument("--db", metavar="PATH", help="database file (default: $SMMDESK_DB or the user data directory)")
    parser.add_argument("--demo", action="store_true", help="open the app on a fresh demo database")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser)

    demo = sub.add_parser("demo", help="build a demo database")
    demo.add_argument("--db", dest="sub_db", metavar="PATH", help="where to write it (default: demo.db in the data directory)")
    demo.add_argument("--exports", metavar="DIR", type=Path, help="also keep the demo export files here")
    demo.set_defaults(func=cmd_demo, needs_store=False)

    imp = sub.add_parser("import", help="import comment export files")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("--brand", required=True, help="brand slug or name (created if new)")
    imp.add_argument("--platform", help="platform name when the file does not say")
    imp.add_argument("--format", dest="fmt", help="facebook, instagram, youtube, csv, tsv, json, jsonl")
    imp.add_argument("--tz", help="zone for dates without one (default: local)")
    imp.set_defaults(func=cmd_import)

    inbox = sub.add_parser("inbox", help="print the queue, most urgent first")
    inbox.add_argument("--limit", type=cli_args.limit, default=20)
    inbox.add_argument("--json", action="store_true")
    inbox.add_argument("--explain", type=cli_args.row_id, metavar="ID", help="why comment ID ranks where it does")
    inbox.add_argument("--brand")
    inbox.add_argument("--platform")
    inbox.add_argument("--status", default="open")
    inbox.add_argument("--label")
    inbox.add_argument("--assignee")
    inbox.add_argument("--band", choices=["negative", "neutral", "positive", "unscored"])
    inbox.add_argument("--language", metavar="CODE", help="detected language, e.g. uk, en, ru")
    inbox.add_argument("--since", help="created on or after (date)")
    inbox.add_argument("--until", help="created before (date)")
    inbox.add_argument("--search", help="full-text search")
    inbox.add_argument("--sort", choices=["priority", "newest", "oldest"], default="priority")
    inbox.set_defaults(func=cmd_inbox)

    backup = sub.add_parser("backup", help="copy the database to PATH (safe while the app is open)")
    backup.add_argument("path", type=Path, metavar="PATH")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="replace the database with a backup made by `smmdesk backup`")
    restore.add_argument("path", type=Path, metavar="PATH")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(func=cmd_restore)

    replies = sub.add_parser("replies", help="export our recorded replies, to post them on the platforms")
    replies.add_argument("--since", help="replies recorded on or after (date)")
    replies.add_argument("--brand")
    replies.add_argument("--format", dest="fmt", choices=["csv", "json"], default="csv")
    replies.set_defaults(func=cmd_replies)

    templates = sub.add_parser("templates", help="saved replies: list, add, rm")
    templates_sub = templates.add_subparsers(dest="action", required=True, parser_class=ArgumentParser)
    templates_sub.add_parser("list", help="list saved replies")
    add = templates_sub.add_parser("add", help="add or replace a saved reply ({author}, {brand}, {platform})")
    add.add_argument("name")
    add.add_argument("text")
    add.add_argument("--brand", help="only for this brand")
    rm = templates_sub.add_parser("rm", help="remove a saved reply")
    rm.add_argument("name")
    templates.set_defaults(func=cmd_templates)

    try:
        from smmdesk import cli_calendar
    except ImportError:  # the calendar CLI is optional until it lands
        cli_calendar = None
    if cli_calendar is not None:
        cli_calendar.register(sub)
    from smmdesk import cli_report

    cli_report.register(sub)
    from smmdesk import cli_lexicon

    cli_lexicon.register(sub)
    from smmdesk import cli_brief

    cli_brief.register(sub)
    from smmdesk import cli_brand

    cli_brand.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            return open_app(args)
        if not getattr(args, "needs_store", True):
            return args.func(args)
        from smmdesk.store import open_store
        from smmdesk.store.db import busy_wait_seconds, sqlite_errors

        # A damaged file, a full disk, another writer's lock: one line, wherever it surfaces.
        with sqlite_errors(args.db), open_store(args.db, busy_wait=busy_wait_seconds(), on_busy=note) as store:
            return args.func(args, store)
    except UserError as exc:
        say(f"smmdesk: error: {clean(str(exc))}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `smmdesk inbox | head`: the reader left; not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def note(message: str) -> None:
    """A progress note on stderr (e.g. waiting for another writer's lock)."""
    say(f"smmdesk: {message}", file=sys.stderr)
    sys.stderr.flush()


def clean(text: str) -> str:
    """User text printed to a terminal: control characters shown, never obeyed."""
    from smmdesk.textsafe import visible

    return visible(text)


def demo_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("smmdesk", appauthor=False) / "demo.db"


def fresh_demo(path: Path, exports: Path | None = None) -> Path:
    """(Re)build the demo database at ``path``."""
    from smmdesk.demo.build import build_demo
    from smmdesk.store import open_store
    from smmdesk.timeutil import utc_now

    if path == demo_path():     # only the default place is created; a --db folder must exist
        path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        raise UserError(f"database path is a directory, {path}")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with open_store(path) as store:
        build_demo(store, utc_now(), exports_dir=exports)
    return path


def cmd_demo(args: argparse.Namespace) -> int:
    path = Path(args.sub_db or args.db or demo_path())
    fresh_demo(path, args.exports)
    say(f"demo database written to {path}")
    say(f"open it with: smmdesk --db {path}")
    return 0


def open_app(args: argparse.Namespace) -> int:
    from smmdesk.store import open_store

    path = fresh_demo(Path(args.db) if args.db else demo_path()) if args.demo else args.db
    store = open_store(path)
    from smmdesk.tui.app import SmmdeskApp

    app = SmmdeskApp(store)
    try:
        app.run()
    except Exception as exc:      # the app could not even start or stop cleanly
        app.crash = app.crash or exc
    finally:
        store.close()
    if app.crash is None:
        return app.return_code or 0
    return report_crash(app.crash)


def report_crash(exc: BaseException) -> int:
    """A crash of the app: the traceback to a crash log, one line naming it, exit 1."""
    from smmdesk.crashlog import write_crash_log

    try:
        path = write_crash_log(exc)
    except OSError as error:
        import traceback

        traceback.print_exception(exc)
        say(f"smmdesk: the app crashed, and the crash log could not be written ({error.strerror})",
            file=sys.stderr)
        return 1
    say(f"smmdesk: the app crashed; details in {path}", file=sys.stderr)
    return 1


def cmd_import(args: argparse.Namespace, store) -> int:
    from smmdesk.inbox.importer import import_files

    zone = parse_zone(args.tz) if args.tz else None
    progress = terminal_progress() if sys.stderr.isatty() else None
    # All files or none, and the brand only with them; summaries once they are kept.
    summaries = import_files(store, args.files, args.brand, fmt=args.fmt, platform=args.platform,
                             tz=zone, progress=progress,
                             file_done=(lambda _: say(file=sys.stderr)) if progress else None)
    for summary in summaries:
        say(clean(summary.line()))
    return 0


def parse_zone(name: str):
    from dateutil import tz

    zone = tz.gettz(name)
    if zone is None:
        raise UserError(f"unknown time zone {name!r}, --tz")
    return zone


def terminal_progress():
    def show(done: int, total: int | None) -> None:
        if total:
            width = 30
            filled = int(width * min(done, total) / total)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        else:
            sys.stderr.write(f"\r{done} comments")
        sys.stderr.flush()

    return show


def cmd_inbox(args: argparse.Namespace, store) -> int:
    from smmdesk.inbox import queue

    if args.explain is not None:
        for line in queue.explain_comment(store, args.explain):
            say(clean(line))
        return 0
    flt = queue.make_filter(store, brand=args.brand, platform=args.platform, status=args.status,
                            label=args.label, assignee=args.assignee, band=args.band,
                            since=args.since, until=args.until, search=args.search,
                            language=args.language)
    flt.sort = args.sort
    items = queue.page(store, flt, limit=args.limit)
    if args.json:
        emit_json(json.dumps([item.as_dict() for item in items], ensure_ascii=False, indent=1))
        return 0
    for item in items:
        say(clean(item.line()))
    if not items:
        say("inbox zero: nothing waiting")
    return 0


def cmd_replies(args: argparse.Namespace, store) -> int:
    from smmdesk import csvsafe
    from smmdesk.inbox.queue import parse_date_bound
    from smmdesk.store import comments as q
    from smmdesk.store.brands import get_brand

    brand_id = get_brand(store, args.brand).id if args.brand else None
    rows = [dict(row) for row in q.replies_to_post(store, parse_date_bound(args.since, "--since"), brand_id)]
    if args.fmt == "json":
        emit_json(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    import io

    buffer = io.StringIO()
    writer = csvsafe.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["reply"])
    writer.writeheader()
    writer.writerows(rows)
    emit_data(buffer.getvalue())
    return 0


def cmd_templates(args: argparse.Namespace, store) -> int:
    from smmdesk.store import comments as q
    from smmdesk.store.brands import get_brand

    if args.action == "add":
        if not args.text.strip():
            raise UserError("a saved reply needs text, templates add")
        brand_id = get_brand(store, args.brand).id if args.brand else None
        q.add_template(store, args.name, args.text, brand_id)
        say(f"saved reply {clean(args.name)!r} stored")
    elif args.action == "rm":
        if not q.delete_template(store, args.name):
            raise UserError(f"no saved reply named {args.name!r}, templates rm")
    else:
        for row in q.list_templates(store):
            say(f"{clean(row['name'])}: {clean(row['text'])}")
    return 0


def cmd_backup(args: argparse.Namespace, store) -> int:
    from smmdesk.store.backup import backup_to

    say(f"backup written to {backup_to(store, args.path)}")
    return 0


def cmd_restore(args: argparse.Namespace, store) -> int:
    from smmdesk.store.backup import check_backup, restore_from

    check_backup(args.path)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError("restore replaces everything in the database; add --yes to confirm, restore")
        answer = input(f"Replace everything in {store.path} with {args.path}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            say("nothing changed")
            return 0
    kept = restore_from(store, args.path)
    say(f"restored {store.path} from {args.path}; the file it replaced is kept as {kept}")
    return 0
