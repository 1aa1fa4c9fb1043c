"""Connected accounts and sync: ``account add|list|test|rm``, ``sync``, ``outbox``, ``reply``,
``hide``.

A token is read from standard input (``--with-token``) or an environment variable
(``--token-env NAME``), never from an argument: shell history and ``ps`` show arguments.
"""

from __future__ import annotations

import argparse
import json
import sys

from smmdesk.cli import args as cli_args
from smmdesk.cli.common import add_brand_option, pick_brand, printable
from smmdesk.cli.output import emit_json, say
from smmdesk.errors import UserError
from smmdesk.store.db import Store

# Platform options: flag -> (the account option it sets, help).
PLATFORM_OPTIONS = {
    "--chat": ("chat", "Telegram: the discussion group's id (-100…), where comments live"),
    "--channel": ("channel", "Telegram: the channel's id (-100…), whose posts they are on"),
    "--channel-id": ("channel_id", "YouTube: the channel's id (UC…)"),
    "--page-id": ("page_id", "Facebook: the Page's id"),
    "--ig-user-id": ("ig_user_id", "Instagram: the Instagram professional account's id"),
    "--quota": ("quota", "YouTube: daily quota units (default 10000)"),
}
PLATFORMS = ("telegram", "youtube", "facebook", "instagram")


def register(subparsers: argparse._SubParsersAction) -> None:
    account = subparsers.add_parser(
        "account", help="connected accounts (Telegram, YouTube, Facebook, Instagram)"
    )
    actions = account.add_subparsers(dest="action", required=True, parser_class=type(account))
    add = actions.add_parser(
        "add",
        help="connect an account; its token from stdin (--with-token) or --token-env",
        allow_abbrev=False,  # `--token SECRET` must not pass for --token-env
    )
    add.add_argument("platform", choices=PLATFORMS, help="where the account is")
    add_brand_option(add)
    add.add_argument("--name", help="what smmdesk calls it (default: BRAND-PLATFORM)")
    add.add_argument("--api-base", metavar="URL", help="another server (a local Bot API, a proxy)")
    secret = add.add_mutually_exclusive_group(required=True)
    secret.add_argument("--with-token", action="store_true", help="read the token from stdin")
    secret.add_argument("--token-env", metavar="NAME", help="read the token from $NAME")
    for flag, (_, text) in PLATFORM_OPTIONS.items():
        add.add_argument(flag, metavar="ID" if flag != "--quota" else "N", help=text)
    add.set_defaults(func=cmd_account_add)
    listing = actions.add_parser("list", help="the accounts, their last sync and error")
    listing.add_argument("--json", action="store_true", help="as JSON")
    listing.set_defaults(func=cmd_account_list)
    test = actions.add_parser("test", help="one cheap call: the name there, the permissions")
    test.add_argument("name", help="the account's name")
    test.set_defaults(func=cmd_account_test)
    rm = actions.add_parser("rm", help="forget an account and its token (comments stay)")
    rm.add_argument("name", help="the account's name")
    rm.set_defaults(func=cmd_account_rm)
    drop = actions.add_parser(
        "drop-held",
        help="drop the pulled pages the account holds that cannot be read (a sync stops on one)",
    )
    drop.add_argument("name", help="the account's name")
    drop.set_defaults(func=cmd_account_drop_held)

    sync = subparsers.add_parser(
        "sync",
        help="send the outbox, publish due posts, pull new comments (exit 3: some account unreachable)",
    )
    add_brand_option(sync)
    sync.add_argument("--account", metavar="NAME", help="only this account")
    sync.add_argument("--json", action="store_true", help="the summary as JSON")
    sync.set_defaults(func=cmd_sync)

    publish = subparsers.add_parser(
        "publish",
        help="publish the scheduled posts whose time has come (`sync` does it too)",
    )
    add_brand_option(publish)
    publish.add_argument(
        "--dry-run",
        action="store_true",
        help="list what is due and where it would go; send nothing",
    )
    publish.add_argument(
        "--late",
        action="store_true",
        help="publish late posts too (past the grace: [publish] grace_minutes, 2 h by default)",
    )
    which = publish.add_mutually_exclusive_group()
    which.add_argument(
        "--post", type=cli_args.row_id, metavar="ID", help="publish this post now, due or not"
    )
    which.add_argument(
        "--done",
        type=cli_args.row_id,
        metavar="ID",
        help="an unsure post is on the platform (you looked): mark it published",
    )
    which.add_argument(
        "--retry",
        type=cli_args.row_id,
        metavar="ID",
        help="a failed or unsure post is not on the platform: make it due again",
    )
    publish.set_defaults(func=cmd_publish)

    outbox = subparsers.add_parser("outbox", help="replies queued, sent and failed; retry them")
    add_brand_option(outbox)
    outbox.add_argument("--json", action="store_true", help="as JSON")
    outbox_actions = outbox.add_subparsers(dest="action", parser_class=type(outbox))
    retry = outbox_actions.add_parser("retry", help="queue a failed or unsure reply again")
    retry.add_argument("id", type=cli_args.row_id, help="the reply's id")
    retry.add_argument("--text", help="a new text for it")
    sent = outbox_actions.add_parser(
        "sent", help="an unsure reply is on the platform (you looked): mark it sent"
    )
    sent.add_argument("id", type=cli_args.row_id, help="the reply's id")
    drop = outbox_actions.add_parser("drop", help="give up a reply that has not gone out")
    drop.add_argument("id", type=cli_args.row_id, help="the reply's id")
    outbox.set_defaults(func=cmd_outbox)

    hide = subparsers.add_parser(
        "hide", help="hide comments on their platform (the next sync does it; logged)"
    )
    hide.add_argument("ids", type=cli_args.row_id, nargs="+", metavar="ID", help="comment ids")
    hide.add_argument("--show", action="store_true", help="show them again (undo a hide)")
    hide.set_defaults(func=cmd_hide)

    reply = subparsers.add_parser(
        "reply", help="answer comment ID: queued for its account, sent by the next sync"
    )
    reply.add_argument("id", type=cli_args.row_id, help="the comment's id")
    reply.add_argument("text", help="the reply")
    reply.set_defaults(func=cmd_reply)


def cmd_account_add(args: argparse.Namespace, store: Store) -> int:
    from smmdesk.sync import accounts
    from smmdesk.sync.secrets import read_secret

    brand = pick_brand(store, args.brand)
    secret = read_secret(env_name=args.token_env, stdin=sys.stdin)
    options = {
        key: getattr(args, flag[2:].replace("-", "_"))
        for flag, (key, _) in PLATFORM_OPTIONS.items()
    }
    account = accounts.add(
        store,
        platform=args.platform,
        brand=brand,
        secret=secret,
        name=args.name,
        api_base=args.api_base,
        options=options,
    )
    say(
        f"account {account.name} added ({account.platform}, brand {brand.slug}); "
        f"try it: smmdesk account test {account.name}"
    )
    return 0


def cmd_account_list(args: argparse.Namespace, store: Store) -> int:
    from smmdesk.sync import accounts

    found = accounts.listing(store)
    if args.json:
        rows = [
            {
                "name": acc.name,
                "platform": acc.platform,
                "brand": acc.brand,
                "api_base": acc.api_base,
                "options": dict(acc.options),
                "last_sync_at": acc.last_sync_at,
                "last_error": acc.last_error,
            }
            for acc in found
        ]
        emit_json(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    if not found:
        say("no accounts yet; connect one: smmdesk account add telegram --with-token …")
    for acc in found:
        last = _local(acc.last_sync_at) if acc.last_sync_at else "never synced"
        line = f"{acc.name:<24} {acc.platform:<10} {acc.brand:<16} {last}"
        if acc.last_error:
            line += f"  ({printable(acc.last_error)})"
        say(line)
    return 0


def _local(iso: str) -> str:
    """A stored UTC time as the user reads it: in their zone ($SMMDESK_TZ), to the minute."""
    from smmdesk.timeutil import from_iso, to_local

    return f"{to_local(from_iso(iso)):%Y-%m-%d %H:%M}"


def cmd_account_test(args: argparse.Namespace, store: Store) -> int:
    from smmdesk.sync import accounts
    from smmdesk.sync.errors import SyncError

    try:
        tested = accounts.test(store, args.name)
    except SyncError as error:
        return _failed(args.name, error)
    identity = tested.identity
    say(f"{tested.account.name}: {printable(identity.name)}")
    say(f"  permissions: {printable(', '.join(identity.permissions)) or 'none reported'}")
    if identity.expires_at:
        say(f"  token expires: {identity.expires_at:%Y-%m-%d %H:%M} UTC")
    if identity.missing:
        say(f"  missing: {printable(', '.join(identity.missing))}")
        return 2
    return 0


def _failed(name: str, error: Exception) -> int:
    from smmdesk.sync.engine import EXIT_UNREACHED, EXIT_USER_ERROR

    say(f"smmdesk: error: {printable(name)}: {printable(str(error))}", file=sys.stderr)
    return EXIT_USER_ERROR if getattr(error, "users_mistake", True) else EXIT_UNREACHED


def cmd_account_rm(args: argparse.Namespace, store: Store) -> int:
    from smmdesk.sync import accounts

    gone = accounts.remove(store, args.name)
    say(f"account {gone.name} removed, and its token; its comments stay")
    return 0


def cmd_account_drop_held(args: argparse.Namespace, store: Store) -> int:
    from smmdesk.sync import accounts

    dropped = accounts.drop_unreadable_held(store, args.name)
    noun = "page" if dropped == 1 else "pages"
    say(f"{printable(args.name)}: {dropped} unreadable pulled {noun} dropped; sync again")
    return 0


def cmd_sync(args: argparse.Namespace, store: Store) -> int:
    from smmdesk.sync import accounts, engine

    brand_id = pick_brand(store, args.brand).id if args.brand else None
    chosen = accounts.chosen(store, brand_id=brand_id, name=args.account)
    if not chosen:
        raise UserError("no accounts to sync; connect one with `smmdesk account add`, sync")
    progress = _progress if sys.stderr.isatty() else None
    report = engine.sync(store, chosen, progress=progress)
    if progress:
        say(file=sys.stderr)  # ends the progress line, as the import's does
    if args.json:
        emit_json(json.dumps(_report_json(report), ensure_ascii=False, indent=1))
        return report.exit_status
    _say_results(report)
    say(report.summary())
    return report.exit_status


def _say_results(report) -> None:
    for result in report.results:
        say(printable(result.line()))
        for line in result.warnings + result.published + result.late + result.failed:
            say(f"  {printable(line)}")


def cmd_publish(args: argparse.Namespace, store: Store) -> int:
    from smmdesk.sync import engine, publish

    if args.done is not None:
        publish.mark_done(store, args.done)
        say(f"post {args.done} marked published")
        return 0
    if args.retry is not None:
        post = publish.retry(store, args.retry)
        say(f"post {post.id} is due again; `smmdesk publish` (or the next sync) publishes it")
        return 0
    brand_id = pick_brand(store, args.brand).id if args.brand else None
    if args.post is not None:
        items = [publish.wanted(store, args.post)]
    else:
        items = publish.due(store, brand_id=brand_id)
    for item in items:
        if args.dry_run or item.account is None:
            say(printable(_due_line(item, args.late or args.post is not None)))
    chosen = publish.accounts_for(store, items, brand_id)
    if args.dry_run or not chosen:
        waiting = sum(1 for item in items if item.account is not None)
        say(f"{len(items)} due, {waiting} through an account" if items else "nothing is due")
        return 0
    options = publish.Options(
        late=args.late, only=frozenset({args.post}) if args.post is not None else None
    )
    report = engine.sync(
        store,
        chosen,
        send=False,
        pull=False,
        publishing=options,
        progress=_progress if sys.stderr.isatty() else None,
    )
    if report.busy:
        say("another sync of this desk is running; nothing published, nothing lost")
        return report.exit_status
    _say_results(report)
    published = sum(len(r.published) for r in report.results)
    late = sum(len(r.late) for r in report.results)
    say(f"published {published}" + (f", {late} late (--late publishes them)" if late else ""))
    return report.exit_status


def _due_line(item, confirmed: bool) -> str:
    from smmdesk.sync import publish

    where = f"via {item.account.name}" if item.account is not None else f"by hand: {item.blocked}"
    if item.account is not None and item.late and not confirmed:
        where += "; late: waits for --late"
    return f"{item.label}, due {publish.shown(item.at)}: {where}"


def _progress(line: str) -> None:
    # The carriage return is ours, written as is: say() shows control characters escaped.
    sys.stderr.write("\r")
    say(f"{printable(line)[:78]:<78}", end="", file=sys.stderr)


def _report_json(report) -> dict[str, object]:
    return {
        "offline": report.offline,
        "waiting": report.waiting,
        "exit_status": report.exit_status,
        "accounts": [
            {
                "account": r.account,
                "platform": r.platform,
                "new": r.new,
                "edited": r.edited,
                "sent": r.sent,
                "published": r.published,
                "late": r.late,
                "failed": r.failed,
                "error": None if r.error is None else str(r.error),
                "warnings": r.warnings,
                "quota_left": r.quota_left,
            }
            for r in report.results
        ],
    }


def cmd_outbox(args: argparse.Namespace, store: Store) -> int:
    from smmdesk.sync import outbox

    if args.action == "retry":
        item = outbox.retry(store, args.id, args.text)
        say(f"reply {item.reply.id} queued again for {item.account}")
        return 0
    if args.action == "sent":
        outbox.mark_sent(store, args.id)
        say(f"reply {args.id} marked sent")
        return 0
    if args.action == "drop":
        outbox.drop(store, args.id)
        say(f"reply {args.id} dropped")
        return 0
    brand_id = pick_brand(store, args.brand).id if args.brand else None
    items = outbox.listing(store, brand_id=brand_id)
    if args.json:
        rows = [
            {
                "id": o.reply.id,
                "comment_id": o.comment_id,
                "account": o.account,
                "platform": o.platform,
                "state": o.reply.state,
                "text": o.reply.text,
                "at": o.reply.at,
                "sent_at": o.reply.sent_at,
                "remote_id": o.reply.remote_id,
                "error": o.reply.error,
            }
            for o in items
        ]
        emit_json(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    if not items:
        say("the outbox is empty")
    for o in items:
        when = _local(o.reply.sent_at or o.reply.at)
        say(
            f"{o.reply.id:>6} {o.reply.state:<8} {when} {o.account:<20} "
            f"→ {printable(o.author)[:20]}: {printable(o.reply.text)[:60]}"
        )
        if o.reply.error:
            say(f"         {printable(o.reply.error)}")
    return 0


def cmd_hide(args: argparse.Namespace, store: Store) -> int:
    from smmdesk.sync import moderation

    action = "unhide" if args.show else "hide"
    done = moderation.request(store, args.ids, action)
    say(done.message(action))
    return 0 if done.queued else 2


def cmd_reply(args: argparse.Namespace, store: Store) -> int:
    from smmdesk.inbox import triage
    from smmdesk.sync import outbox

    result = triage.reply(store, [args.id], args.text)
    if not result.done:
        raise UserError(f"no comment {args.id} to answer (or it changed first), reply")
    item = outbox.latest_for(store, args.id)
    if item is not None and item.reply.state == "queued":
        say(f"reply {item.reply.id} queued for {item.account}; the next `smmdesk sync` sends it")
    else:
        say("reply recorded; no connected account can post it: `smmdesk replies` lists it")
    return 0
