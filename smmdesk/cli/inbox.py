"""The inbox's commands: ``inbox`` (the queue), ``replies`` (ours, to post) and ``templates``.

``register(subparsers)`` adds them; each handler is ``handler(args, store) -> int``.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace

from smmdesk.cli import args as cli_args
from smmdesk.cli.common import day_arg, printable
from smmdesk.cli.output import emit_data, emit_json, say
from smmdesk.errors import UserError
from smmdesk.inbox.bands import BANDS
from smmdesk.inbox.queue import FILTER_STATUSES


def register(subparsers: argparse._SubParsersAction) -> None:
    inbox = subparsers.add_parser("inbox", help="print the queue, most urgent first")
    inbox.add_argument(
        "--limit",
        type=cli_args.limit,
        default=20,
        metavar="N",
        help="comments to print (default 20)",
    )
    inbox.add_argument("--json", action="store_true", help="one JSON object per comment")
    inbox.add_argument(
        "--explain", type=cli_args.row_id, metavar="ID", help="why comment ID ranks where it does"
    )
    inbox.add_argument("--brand", metavar="SLUG", help="one brand (default: all)")
    inbox.add_argument("--platform", help="one platform: facebook, instagram, youtube...")
    inbox.add_argument(
        "--status",
        choices=FILTER_STATUSES,
        default="open",
        help="comments in this state (default: open)",
    )
    inbox.add_argument("--label", help="comments with this label")
    inbox.add_argument("--assignee", metavar="NAME", help="comments assigned to NAME")
    inbox.add_argument("--band", choices=BANDS, help="one sentiment band")
    inbox.add_argument("--language", metavar="CODE", help="detected language, e.g. uk, en, ru")
    inbox.add_argument(
        "--since",
        type=day_arg,
        metavar="DAY",
        help="created on or after (2026-12-04, fri, tomorrow, +7d)",
    )
    inbox.add_argument("--until", type=day_arg, metavar="DAY", help="created before (a day)")
    inbox.add_argument("--search", help="full-text search")
    inbox.add_argument(
        "--sort",
        choices=["priority", "newest", "oldest"],
        default="priority",
        help="order (default: priority, most urgent first)",
    )
    inbox.set_defaults(func=cmd_inbox)

    replies = subparsers.add_parser(
        "replies", help="export our recorded replies, to post them on the platforms"
    )
    replies.add_argument(
        "--since", type=day_arg, metavar="DAY", help="replies recorded on or after (a day)"
    )
    replies.add_argument("--brand", metavar="SLUG", help="one brand (default: all)")
    replies.add_argument(
        "--format",
        dest="fmt",
        choices=["csv", "json"],
        default="csv",
        help="output format (default csv)",
    )
    replies.set_defaults(func=cmd_replies)

    templates = subparsers.add_parser("templates", help="saved replies: list, add, rm")
    templates_sub = templates.add_subparsers(
        dest="action", required=True, parser_class=type(templates)
    )
    templates_sub.add_parser("list", help="list saved replies")
    add = templates_sub.add_parser(
        "add",
        help="add or replace a saved reply ({author}, {first_name}, {brand}, {platform})",
    )
    add.add_argument("name", help="the saved reply's name")
    add.add_argument(
        "text",
        help="its text; {author}, {first_name}, {brand} and {platform} are filled in; "
        "{ти:informal|ви:formal} follows the brief's form of address",
    )
    add.add_argument("--brand", help="only for this brand")
    add.add_argument(
        "--language",
        metavar="CODE",
        help="the reply's language, ISO 639-1 (uk, en, ru...); offered first to comments "
        "in it (default: any language)",
    )
    rm = templates_sub.add_parser("rm", help="remove a saved reply")
    rm.add_argument("name", help="the saved reply to remove")
    templates.set_defaults(func=cmd_templates)


def cmd_inbox(args: argparse.Namespace, store) -> int:
    from smmdesk.inbox import queue

    if args.explain is not None:
        for line in queue.explain_comment(store, args.explain):
            say(printable(line))
        return 0
    flt = queue.make_filter(
        store,
        brand=args.brand,
        platform=args.platform,
        status=args.status,
        label=args.label,
        assignee=args.assignee,
        band=args.band,
        since=args.since,
        until=args.until,
        search=args.search,
        language=args.language,
    )
    flt = replace(flt, sort=args.sort)
    items = queue.page(store, flt, limit=args.limit)
    if args.json:
        emit_json(json.dumps([item.as_dict() for item in items], ensure_ascii=False, indent=1))
        return 0
    for item in items:
        say(printable(item.line()))
    if not items:
        say("inbox zero: nothing waiting")
    return 0


def cmd_replies(args: argparse.Namespace, store) -> int:
    from smmdesk import csvsafe
    from smmdesk.brand.brands import get_brand
    from smmdesk.inbox import answers as q
    from smmdesk.inbox.queue import parse_date_bound

    brand_id = get_brand(store, args.brand).id if args.brand else None
    rows = [
        dict(row)
        for row in q.replies_to_post(store, parse_date_bound(args.since, "--since"), brand_id)
    ]
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
    from smmdesk.brand.brands import get_brand
    from smmdesk.inbox import answers as q

    if args.action == "add":
        brand_id = get_brand(store, args.brand).id if args.brand else None
        q.add_template(store, args.name, args.text, brand_id, args.language)
        say(f"saved reply '{printable(args.name.strip())}' stored")  # visible() escapes; no repr
    elif args.action == "rm":
        if not q.delete_template(store, args.name):
            raise UserError(f"no saved reply named {args.name!r}, templates rm")
    else:
        for template in q.list_templates(store):
            language = f" [{template.language}]" if template.language else ""
            say(f"{printable(template.name)}{language}: {printable(template.text)}")
    return 0
