"""The desk itself: open the app, the demo, ``import``, ``backup`` and ``restore``.

``register(subparsers)`` adds the commands; each handler is
``handler(args, store) -> int`` (``demo``: ``handler(args)``, it makes its own file).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from smmdesk.cli.common import printable
from smmdesk.cli.output import say
from smmdesk.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser("demo", help="build a demo database")
    demo.add_argument(
        "--db",
        dest="sub_db",
        metavar="PATH",
        type=Path,
        help="where to write it (default: demo.db in the data directory)",
    )
    demo.add_argument(
        "--exports", metavar="DIR", type=Path, help="also keep the demo export files here"
    )
    demo.set_defaults(func=cmd_demo, needs_store=False)

    imp = subparsers.add_parser("import", help="import comment export files")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE", help="export files to import")
    imp.add_argument("--brand", required=True, help="brand slug or name (created if new)")
    imp.add_argument("--platform", help="platform name when the file does not say")
    imp.add_argument(
        "--format",
        dest="fmt",
        help="facebook, instagram, youtube, telegram, tiktok, google, csv, tsv, json, jsonl, xlsx",
    )
    imp.add_argument("--tz", help="zone for dates without one (default: local)")
    imp.add_argument(
        "--map",
        dest="mapping",
        metavar="FIELD=COLUMN,...",
        help="columns of a CSV/TSV/XLSX file, winning over the usual names: "
        "text, author, date, id, parent, likes, url, post (e.g. text=CONTENT,date=DATE)",
    )
    imp.add_argument("--preset", metavar="NAME", help="a --map kept by `smmdesk preset add`")
    imp.add_argument(
        "--missing-date",
        choices=("refuse", "skip"),
        default="refuse",
        help="rows without a date: refuse the file (default) or skip them and import the rest",
    )
    imp.set_defaults(func=cmd_import)

    preset = subparsers.add_parser("preset", help="named --map column mappings: add, list, rm")
    actions = preset.add_subparsers(dest="action", required=True, parser_class=type(preset))
    add = actions.add_parser("add", help="keep a --map under a name for `import --preset NAME`")
    add.add_argument("name", metavar="NAME", help="the preset's name")
    add.add_argument(
        "--map",
        dest="mapping",
        required=True,
        metavar="FIELD=COLUMN,...",
        help="columns, as for `import --map` (text=CONTENT,date=DATE)",
    )
    actions.add_parser("list", help="the presets and their mappings")
    rm = actions.add_parser("rm", help="remove a preset")
    rm.add_argument("name", metavar="NAME", help="the preset to remove")
    preset.set_defaults(func=cmd_preset)

    backup = subparsers.add_parser(
        "backup", help="copy the database to PATH (safe while the app is open)"
    )
    backup.add_argument(
        "path", type=Path, metavar="PATH", help="file to write, or a folder (named after the time)"
    )
    backup.set_defaults(func=cmd_backup)
    restore = subparsers.add_parser(
        "restore", help="replace the database with a backup made by `smmdesk backup`"
    )
    restore.add_argument("path", type=Path, metavar="PATH", help="a file made by `smmdesk backup`")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(func=cmd_restore, check_pages=False)  # it replaces a damaged desk


# --- the app and the demo ---


def demo_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("smmdesk", appauthor=False) / "demo.db"


def fresh_demo(path: Path, exports: Path | None = None) -> Path:
    """(Re)build the demo database at ``path``."""
    from smmdesk.demo.build import build_demo
    from smmdesk.store import open_store
    from smmdesk.timeutil import utc_now

    if path == demo_path():  # only the default place is created; a --db folder must exist
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
    from smmdesk.cli.config import load_for_command
    from smmdesk.store import open_store

    config, error = load_for_command(binding_ids_needed=True)
    path = fresh_demo(Path(args.db) if args.db else demo_path()) if args.demo else args.db
    store = open_store(path)
    from smmdesk.tui.app import SmmdeskApp  # lazy: the CLI's commands never load Textual

    app = SmmdeskApp(store, config, error)
    try:
        app.run()
    except Exception as exc:  # the app could not even start or stop cleanly
        app.crash = app.crash or exc
    finally:
        store.close()
    if app.crash is None:
        return app.return_code or 0
    return report_crash(app.crash)


def binding_ids() -> set[str]:
    """Every binding id of the app (``config.toml`` ``[keymap]`` is checked against them)."""
    from smmdesk.tui.app import binding_ids as ids  # the one bridge to the TUI

    return ids()


def report_crash(exc: BaseException) -> int:
    """A crash of the app: the traceback to a crash log, one line naming it, exit 1."""
    from smmdesk.crashlog import write_crash_log

    try:
        path = write_crash_log(exc)
    except OSError as error:
        import traceback

        traceback.print_exception(exc)
        say(
            f"smmdesk: the app crashed, and the crash log could not be written ({error.strerror})",
            file=sys.stderr,
        )
        return 1
    say(f"smmdesk: the app crashed; details in {path}", file=sys.stderr)
    return 1


# --- import ---


def cmd_import(args: argparse.Namespace, store) -> int:
    from smmdesk.inbox.formats import parse_mapping
    from smmdesk.inbox.importer import import_files

    if args.mapping is not None and args.preset is not None:
        raise UserError("give --map or --preset, not both, import")
    mapping = parse_mapping(args.mapping) if args.mapping is not None else ()
    if args.preset is not None:
        from smmdesk.inbox.presets import preset_mapping

        mapping = preset_mapping(store, args.preset)
    zone = parse_zone(args.tz) if args.tz else None
    progress = terminal_progress() if sys.stderr.isatty() else None
    # All files or none, and the brand only with them; summaries once they are kept.
    summaries = import_files(
        store,
        args.files,
        args.brand,
        fmt=args.fmt,
        platform=args.platform,
        tz=zone,
        progress=progress,
        file_done=(lambda _: say(file=sys.stderr)) if progress else None,
        mapping=mapping,
        missing_date=args.missing_date,
    )
    for summary in summaries:
        say(printable(summary.line()))
    return 0


def cmd_preset(args: argparse.Namespace, store) -> int:
    from smmdesk.inbox import presets

    if args.action == "add":
        added = presets.add_preset(store, args.name, args.mapping)
        say(printable(f"preset {added.name!r} kept: {added.spec()}"))
    elif args.action == "rm":
        presets.remove_preset(store, args.name)
        say(printable(f"preset {args.name.strip()!r} removed"))
    else:
        kept = presets.list_presets(store)
        for item in kept:
            say(printable(f"{item.name}  {item.spec()}"))
        if not kept:
            say("no presets yet; add one: smmdesk preset add NAME --map text=COLUMN,date=COLUMN")
    return 0


def parse_zone(name: str):
    from smmdesk.timeutil import zone_named

    zone = zone_named(name)
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


# --- backup and restore ---


def cmd_backup(args: argparse.Namespace, store) -> int:
    from smmdesk.store.backup import backup_to

    say(f"backup written to {backup_to(store, args.path)}")
    return 0


def cmd_restore(args: argparse.Namespace, store) -> int:
    from smmdesk.store.backup import check_backup, restore_from

    check_backup(args.path)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError(
                "restore replaces everything in the database; add --yes to confirm, restore"
            )
        answer = input(f"Replace everything in {store.path} with {args.path}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            say("nothing changed")
            return 0
    kept = restore_from(store, args.path)
    say(f"restored {store.path} from {args.path}; the file it replaced is kept as {kept}")
    return 0
