"""The report's commands: ``report`` and ``outcomes``.

``register(subparsers)`` adds them to the main parser; each handler is
``handler(args, store) -> int`` and raises UserError for the user's mistakes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from smmdesk.cli import args as cli_args
from smmdesk.cli.common import day_arg, printable
from smmdesk.cli.output import emit_data, emit_json, say
from smmdesk.errors import UserError
from smmdesk.store.db import Store


def register(subparsers: argparse._SubParsersAction) -> None:
    from smmdesk.report.render import FORMATS

    report = subparsers.add_parser(
        "report",
        help="response times, sentiment, goal mix and outcomes for a range",
        description="Figures for a range of local days (default: the last 7 days, today "
        "included). --format md is a weekly report to send to a client; csv is "
        "long format: figure,group,key,measure,value.",
    )
    report.add_argument(
        "--from",
        dest="first",
        type=day_arg,
        metavar="DAY",
        help="first day (2026-12-04, fri, today, +7d)",
    )
    report.add_argument("--to", dest="last", type=day_arg, metavar="DAY", help="last day, included")
    report.add_argument(
        "--days",
        type=cli_args.days,
        default=7,
        metavar="N",
        help="length when --from or --to is missing (default 7)",
    )
    report.add_argument("--brand", help="one brand (default: all)")
    report.add_argument(
        "--format", dest="fmt", choices=FORMATS, default="text", help="output format (default text)"
    )
    report.set_defaults(func=cmd_report)

    outcomes = subparsers.add_parser("outcomes", help="what posts brought: import or type them")
    actions = outcomes.add_subparsers(dest="outcomes_command", required=True, metavar="ACTION")
    load = actions.add_parser(
        "import",
        help="import a CSV (post_id or utm_campaign, date, reach, clicks, leads, "
        "sales, revenue, spend); all or nothing",
    )
    load.add_argument("file", type=Path, help="the outcomes CSV")
    load.add_argument("--brand", help="match posts and campaigns of this brand only")
    load.set_defaults(func=cmd_outcomes_import)
    add = actions.add_parser("add", help="type the figures of one post (replaces that day's)")
    add.add_argument("post_id", type=cli_args.row_id, metavar="POST_ID", help="the post's id")
    add.add_argument(
        "--date", type=cli_args.iso_day, help="the day they are for (YYYY-MM-DD; default: lifetime)"
    )
    from smmdesk.store.models import FIGURES

    for name in FIGURES:
        add.add_argument(f"--{name}", default="", metavar="N", help=f"{name} (a number)")
    add.set_defaults(func=cmd_outcomes_add)


def cmd_report(args: argparse.Namespace, store: Store) -> int:
    from smmdesk.brand.brands import get_brand
    from smmdesk.report.figures import build_report
    from smmdesk.report.period import parse_period
    from smmdesk.report.render import RENDERERS

    if args.days < 1:
        raise UserError(f"--days must be at least 1, {args.days}")
    brand = get_brand(store, args.brand) if args.brand else None
    period = parse_period(args.first, args.last, default_days=args.days)
    rendered = RENDERERS[args.fmt](build_report(store, period, brand))
    if args.fmt == "json":
        emit_json(rendered)
    elif args.fmt == "csv":
        emit_data(rendered)
    else:
        say(rendered, end="\n" if args.fmt == "text" else "")
    return 0


def cmd_outcomes_import(args: argparse.Namespace, store: Store) -> int:
    from smmdesk.brand.brands import get_brand
    from smmdesk.report.outcomes import import_outcomes

    brand = get_brand(store, args.brand) if args.brand else None
    count = import_outcomes(store, args.file, brand=brand)
    say(f"stored {count} outcome row(s) from {printable(args.file.name)}")
    return 0


def cmd_outcomes_add(args: argparse.Namespace, store: Store) -> int:
    from smmdesk.report.outcomes import add_outcome
    from smmdesk.store.models import FIGURES

    row = add_outcome(
        store, args.post_id, args.date, {name: getattr(args, name) for name in FIGURES}
    )
    shown = ", ".join(f"{name} {row[name]}" for name in FIGURES if row[name])
    say(f"post #{args.post_id} {row['day'] or 'lifetime'}: {shown or 'all zero'}")
    return 0
