"""The calendar's commands: ``post``, ``calendar``, ``export``, ``channel``, ``goal``.

``register(subparsers)`` adds them to the main parser; each handler is
``handler(args, store) -> int`` and raises UserError for the user's mistakes.
Times are read and shown in the user's zone; user text is printed as data,
with control characters replaced.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from smmdesk.brand.brands import get_brand, list_brands
from smmdesk.calendar import channels, checks, exports, feed, goals, recurrence, views
from smmdesk.calendar import posts as post_ops
from smmdesk.calendar.channels import add_channel
from smmdesk.calendar.posts import Post, PostDraft
from smmdesk.calendar.timeparse import parse_day, parse_delta, parse_when
from smmdesk.cli import args as cli_args
from smmdesk.cli.common import add_brand_option, day_arg, pick_brand, printable, write_user_file
from smmdesk.cli.output import emit_data, say
from smmdesk.errors import UserError
from smmdesk.store.db import Store
from smmdesk.store.models import Brand
from smmdesk.timeutil import local_zone, utc_now


def register(subparsers: argparse._SubParsersAction) -> None:
    _register_post(subparsers)
    _register_calendar(subparsers)
    _register_export(subparsers)
    _register_channel(subparsers)
    _register_goal(subparsers)


# --- helpers ---


def _when(text: str, *, allow_past: bool = False) -> datetime:
    return parse_when(text, utc_now(), local_zone(), allow_past=allow_past)


def _owned_post(store: Store, post_id: int, brand_slug: str | None) -> Post:
    post = post_ops.get_post(store, post_id)
    if brand_slug and post.brand != brand_slug:
        raise UserError(f"post {post_id} belongs to brand {post.brand}, --brand")
    return post


def _local(moment: datetime) -> str:
    return moment.astimezone(local_zone()).strftime("%a %Y-%m-%d %H:%M")


def post_line(post: Post, at: datetime | None = None) -> str:
    """One line describing a post, for lists and confirmations."""
    at = at or post.scheduled_at
    parts = [
        f"#{post.id}",
        _local(at),
        printable(post.title),
        f"· {printable(post.channel)}",
        f"· goal {post.goal}",
    ]
    if post.kind == "ad":
        parts.append("· ad")
    if post.status != "draft":
        parts.append(f"· {post.status}")
    if post.rrule:
        parts.append(f"· repeats {recurrence.describe_rule(post.rrule, local_zone())}")
    return " ".join(parts)


# --- post ---


def _register_post(subparsers: argparse._SubParsersAction) -> None:
    post = subparsers.add_parser("post", help="add, edit, move, copy or remove posts")
    actions = post.add_subparsers(dest="post_command", required=True, metavar="ACTION")

    add = actions.add_parser("add", help="plan a post (every post needs a goal)")
    add.add_argument("title", help="the post's title")
    add.add_argument(
        "--when",
        required=True,
        help="2026-12-01 10:00, tomorrow 9:30, fri 18:00, +2d; завтра 9:30, пт 18:00, через 2 дні",
    )
    _add_post_fields(add)
    add.add_argument("--repeat", choices=sorted(recurrence.FREQUENCIES), help="make it a series")
    add.add_argument(
        "--every", type=cli_args.repeat, default=1, metavar="N", help="every N days/weeks/months"
    )
    add.add_argument("--on", metavar="DAYS", help="weekdays of a weekly repeat: mon,wed")
    add.add_argument("--until", type=day_arg, metavar="DAY", help="last day of the repeat")
    add.add_argument("--count", type=cli_args.repeat, metavar="N", help="number of times")
    add.add_argument("--rrule", help="an RFC 5545 rule instead: FREQ=WEEKLY;BYDAY=MO")
    add.add_argument("--tz", help="zone whose wall clock a series keeps (default: yours)")
    add_brand_option(add)
    add.set_defaults(func=cmd_post_add)

    edit = actions.add_parser("edit", help="change a post (or one occurrence of a series)")
    edit.add_argument("id", type=cli_args.row_id, help="the post's id")
    edit.add_argument("--title", help="a new title")
    edit.add_argument(
        "--when", help="a new time: 2026-12-01 10:00, tomorrow 9:30, fri 18:00, завтра 9:30"
    )
    _add_post_fields(edit)
    edit.add_argument("--occurrence", metavar="WHEN", help="only this occurrence of a series")
    add_brand_option(edit)
    edit.set_defaults(func=cmd_post_edit)

    move = actions.add_parser("move", help="move a post by hours, days or weeks")
    move.add_argument("id", type=cli_args.row_id, help="the post's id")
    move.add_argument("step", help="+2h, -1d, +1w")
    move.add_argument("--occurrence", metavar="WHEN", help="only this occurrence of a series")
    add_brand_option(move)
    move.set_defaults(func=cmd_post_move)

    copy = actions.add_parser("copy", help="copy a post to another day, same time")
    copy.add_argument("id", type=cli_args.row_id, help="the post's id")
    copy.add_argument("day", type=day_arg, help="2026-12-04, fri, tomorrow, +7d")
    add_brand_option(copy)
    copy.set_defaults(func=cmd_post_copy)

    remove = actions.add_parser("rm", help="delete a post (or skip one occurrence)")
    remove.add_argument("id", type=cli_args.row_id, help="the post's id")
    remove.add_argument("--occurrence", metavar="WHEN", help="skip only this occurrence")
    add_brand_option(remove)
    remove.set_defaults(func=cmd_post_rm)

    show = actions.add_parser("show", help="show one post")
    show.add_argument("id", type=cli_args.row_id, help="the post's id")
    add_brand_option(show)
    show.set_defaults(func=cmd_post_show)

    load = actions.add_parser(
        "import", help="add or update posts from a CSV file (all or nothing; again: no change)"
    )
    load.add_argument("file", type=Path, help="a CSV as `export csv` writes it")
    load.add_argument("--tz", metavar="ZONE",
                      help="zone of times without an offset (default: the row's tz, else local)")  # fmt: skip
    add_brand_option(load)
    load.set_defaults(func=cmd_post_import)

    link = actions.add_parser("link", help="where a post went out, so comments find it")
    link.add_argument("id", type=cli_args.row_id, help="the post's id")
    link.add_argument("--platform", required=True, help="facebook, instagram, youtube...")
    link.add_argument("--id", dest="external_id", metavar="X", help="the platform's post id")
    link.add_argument("--url", help="the post's permalink")
    link.set_defaults(func=cmd_post_link)


def _add_post_fields(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--goal", help="goal slug: sales, questions, recognition...")
    parser.add_argument("--channel", help="the touchpoint: a page, group, site, newsletter")
    parser.add_argument("--body", help="the text of the post")
    parser.add_argument("--kind", choices=post_ops.KINDS, help="default: the goal's kind")
    parser.add_argument("--status", choices=post_ops.STATUSES, help="where the post stands")
    parser.add_argument("--campaign", help="campaign name (utm_campaign of its link)")
    parser.add_argument("--link", help="gets UTM parameters unless it has its own")
    parser.add_argument(
        "--image", metavar="URL", help="https address of the post's photo (Instagram needs one)"
    )


def _rule_from_args(args: argparse.Namespace, when: datetime, tz_name: str) -> str | None:
    if args.rrule and args.repeat:
        raise UserError("give --repeat or --rrule, not both, --rrule")
    if args.rrule:
        return args.rrule
    return recurrence.repeat_rule(
        args.repeat, when, tz_name, every=args.every, on=args.on or "", until=args.until,
        count=args.count, now=utc_now(), user_zone=local_zone(), field="--repeat",
    )  # fmt: skip


def cmd_post_add(args: argparse.Namespace, store: Store) -> int:
    brand = pick_brand(store, args.brand)
    when = _when(args.when)
    tz_name = args.tz or recurrence.local_zone_name()
    rule = _rule_from_args(args, when, tz_name)
    draft = PostDraft(
        brand_id=brand.id, title=args.title, goal_id=post_ops.goal_named(store, brand, args.goal).id,
        channel_id=post_ops.channel_named(store, brand, args.channel).id, when=when,
        body=args.body or "", kind=args.kind, status=args.status or "draft",
        campaign=args.campaign, link=args.link, rrule=rule, tz=tz_name, image_url=args.image,
    )  # fmt: skip
    post = post_ops.add_post(store, draft, now=utc_now())
    say(f"added {post_line(post)}")
    return 0


def _changes(store: Store, post: Post, args: argparse.Namespace) -> dict:
    """What ``post edit`` changes, as ``PostDraft`` fields: names turned into ids here."""
    changes: dict = {}
    for name in ("title", "body", "kind", "status", "campaign", "link"):
        value = getattr(args, name, None)
        if value is not None:
            changes[name] = value
    if getattr(args, "image", None) is not None:
        changes["image_url"] = args.image
    brand = get_brand(store, post.brand)
    if args.goal is not None:
        changes["goal_id"] = post_ops.goal_named(store, brand, args.goal).id
        changes.setdefault("kind", None)  # a new goal brings its own kind
    if args.channel is not None:
        changes["channel_id"] = post_ops.channel_named(store, brand, args.channel).id
    if args.when is not None:
        changes["when"] = _when(args.when)
    return changes


def cmd_post_edit(args: argparse.Namespace, store: Store) -> int:
    post = _owned_post(store, args.id, args.brand)
    changes = _changes(store, post, args)
    if not changes:
        raise UserError("nothing to change (give --title, --when, --goal...), post edit")
    if args.occurrence:
        at = _when(args.occurrence, allow_past=True)
        draft = replace(post_ops.draft_of(post, at), **changes)
        post = post_ops.edit_occurrence(store, args.id, at, draft, now=utc_now())
        say(f"edited one occurrence, now {post_line(post)}")
    else:
        post = post_ops.edit_post(
            store, args.id, replace(post_ops.draft_of(post), **changes), now=utc_now()
        )
        say(f"edited {post_line(post)}")
    return 0


def cmd_post_move(args: argparse.Namespace, store: Store) -> int:
    _owned_post(store, args.id, args.brand)
    step = parse_delta(args.step)
    if args.occurrence:
        at = _when(args.occurrence, allow_past=True)
        post = post_ops.move_occurrence(store, args.id, at, step, now=utc_now())
    else:
        post = post_ops.move_post(store, args.id, step, now=utc_now())
    say(f"moved {post_line(post)}")
    return 0


def cmd_post_copy(args: argparse.Namespace, store: Store) -> int:
    _owned_post(store, args.id, args.brand)
    day = parse_day(args.day, utc_now(), local_zone())
    post = post_ops.copy_post(store, args.id, day, now=utc_now())
    say(f"copied to {post_line(post)}")
    return 0


def cmd_post_rm(args: argparse.Namespace, store: Store) -> int:
    _owned_post(store, args.id, args.brand)
    if args.occurrence:
        at = _when(args.occurrence, allow_past=True)
        post_ops.skip_occurrence(store, args.id, at, now=utc_now())
        say(f"skipped the occurrence of #{args.id} at {_local(at)}")
    else:
        post = post_ops.delete_post(store, args.id)
        say(f"deleted {post_line(post)}")
    return 0


def cmd_post_show(args: argparse.Namespace, store: Store) -> int:
    post = _owned_post(store, args.id, args.brand)
    rows = [
        ("post", f"#{post.id} ({post.brand})"),
        ("title", printable(post.title)),
        ("when", _local(post.scheduled_at)),
        ("channel", printable(post.channel)),
        ("goal", f"{post.goal} ({printable(post.goal_name)})"),
        ("kind", post.kind),
        ("status", post.status),
        ("campaign", printable(post.campaign)),
        ("link", printable(post_ops.tracked_link(post))),
        ("image", printable(post.image_url)),
        ("repeats", recurrence.describe_rule(post.rrule, local_zone()) if post.rrule else ""),
        ("skips", ", ".join(_local(x) for x in post.exdates)),
        (
            "replaces",
            f"#{post.series_id} at {_local(post.occurrence_at)}" if post.occurrence_at else "",
        ),
        ("text", printable(post.body)),
    ]
    for name, value in rows:
        if value:
            say(f"{name:>9}  {value}")
    return 0


def cmd_post_import(args: argparse.Namespace, store: Store) -> int:
    brands = list_brands(store)
    brand = pick_brand(store, args.brand) if args.brand or len(brands) == 1 else None
    from smmdesk.files import check_regular
    from smmdesk.inbox.formats.source import open_text

    label = str(args.file)
    check_regular(args.file, label, "posts")  # a regular file within the posts' size cap
    source = open_text(args.file, label)  # UTF-8, a BOM's, or the Cyrillic 8-bit one
    with source.open(newline="") as handle:
        done = exports.import_posts(
            store, handle, args.file.name, brand=brand, now=utc_now(), tz=args.tz
        )
    say(
        f"imported {len(done.posts)} post(s) from {printable(args.file.name)}: "
        f"{done.added} added, {done.updated} updated, {done.unchanged} unchanged"
    )
    return 0


def cmd_post_link(args: argparse.Namespace, store: Store) -> int:
    from smmdesk.calendar.links import add_post_link

    done = add_post_link(
        store, args.id, platform=args.platform, external_id=args.external_id, url=args.url
    )
    where = " ".join(printable(x) for x in (done.external_id, done.url) if x)
    say(
        f"linked post #{done.post_id} to {done.platform} {where}; "
        f"{done.linked_comments} comment(s) matched"
    )
    return 0


# --- calendar ---


def _register_calendar(subparsers: argparse._SubParsersAction) -> None:
    cal = subparsers.add_parser("calendar", help="the content plan: week, month or agenda")
    view = cal.add_mutually_exclusive_group()
    view.add_argument(
        "--week", dest="view", action="store_const", const="week", help="one week (the default)"
    )
    view.add_argument("--month", dest="view", action="store_const", const="month", help="one month")
    view.add_argument(
        "--agenda",
        dest="view",
        action="store_const",
        const="agenda",
        help="a list of the next --days",
    )
    cal.add_argument(
        "--date", type=day_arg, metavar="DAY", help="a day in the period (default: today)"
    )
    cal.add_argument(
        "--days", type=cli_args.days, default=14, help="days of the agenda (default 14)"
    )
    cal.add_argument("--interval", type=cli_args.minutes, metavar="MIN",
                     help="minimum minutes between posts on one channel")  # fmt: skip
    add_brand_option(cal)
    cal.set_defaults(func=cmd_calendar, view="week")


def cmd_calendar(args: argparse.Namespace, store: Store) -> int:
    brand = pick_brand(store, args.brand)
    zone = local_zone()
    now = utc_now()
    today = now.astimezone(zone).date()
    day = parse_day(args.date, now, zone) if args.date else today
    if args.view == "month":
        weeks = views.month_grid(store, day.year, day.month, zone=zone, brand=brand, today=today)
        days = [d for w in weeks for d in w if d.in_month]
        title = f"{day:%B %Y}"
    elif args.view == "agenda":
        days = views.agenda(store, day, args.days, zone=zone, brand=brand, skip_empty=False)
        title = f"agenda from {day:%a %Y-%m-%d}, {args.days} days"
    else:
        days = views.week(store, day, zone=zone, brand=brand, today=today)
        title = f"week {days[0].date:%G-W%V} ({days[0].date} to {days[-1].date})"
    say(f"{printable(brand.name)} — {title}")
    _print_days(days, skip_empty=args.view in ("agenda", "month"))  # gaps are listed below
    if not days:
        return 0
    interval = timedelta(minutes=args.interval) if args.interval else checks.min_gap(store)
    _print_checks(store, brand, days, interval, "month" if args.view == "month" else "week", now)
    return 0


def _print_days(days: list[views.Day], skip_empty: bool) -> None:
    for day in days:
        if skip_empty and not day.items:
            continue
        mark = "  (today)" if day.is_today else ""
        say(f"\n{day.date:%a %Y-%m-%d}{mark}")
        if not day.items:
            say("  —")
        for item in day.items:
            post = item.post
            repeat = " ⟳" if item.of_series else ""
            ad = " [ad]" if post.kind == "ad" else ""
            say(
                f"  {item.local():%H:%M}  #{post.id} {printable(post.title)}{repeat}{ad}"
                f" · {printable(post.channel)} · {post.goal} · {post.status}"
            )


def _print_checks(
    store: Store, brand: Brand, days: list[views.Day], interval: timedelta, period: str,
    now: datetime,
) -> None:  # fmt: skip
    items = [item for day in days for item in day.items]
    zone = local_zone()
    found = checks.conflicts(items, interval)
    if found:
        say(f"\nconflicts (closer than {int(interval.total_seconds() // 60)} min on one channel):")
        for c in found:
            say(
                f"  {printable(c.channel)}: #{c.first.post.id} {c.first.local():%a %H:%M} and "
                f"#{c.second.post.id} {c.second.local():%a %H:%M}"
            )
    empty = checks.gaps(items, days[0].date, days[-1].date, zone)
    if empty:
        say(f"\ngaps (days without a post): {', '.join(f'{d:%a %d}' for d in empty)}")
    warned = checks.warnings(items, now)
    if warned:
        say("\nto look at:")
        for w in warned:
            say(f"  #{w.item.post.id} {w.item.local():%a %Y-%m-%d %H:%M}: {w.message}")
    goal_list = goals.list_goals(store, brand)
    for mix in checks.goal_mix(items, goal_list, zone, period):
        say(f"\ngoal mix {mix.label} ({mix.total} posts): actual / target")
        for share in mix.shares:
            if share.posts or share.target:
                flag = "  short" if share.delta < -0.1 else "  over" if share.delta > 0.1 else ""
                say(
                    f"  {share.goal:<16} {share.posts:>3}  {share.share:>4.0%} / "
                    f"{share.target:>4.0%}{flag}"
                )


# --- export ---


def _register_export(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser("export", help="posts to ICS (calendar programs) or CSV")
    export.add_argument("format", choices=("ics", "csv"), help="ics (calendar programs) or csv")
    export.add_argument(
        "--from", dest="start", type=day_arg, metavar="DAY", help="first day (default: all)"
    )
    export.add_argument("--to", dest="end", type=day_arg, metavar="DAY", help="last day, inclusive")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    export.add_argument("--floating", action="store_true",
                        help="ICS wall times without zone, for programs that ignore TZID")  # fmt: skip
    export.add_argument(
        "--feed",
        type=Path,
        metavar="PATH",
        help="ICS of every brand at PATH, rewritten after every change (deleted posts cancelled)",
    )
    export.add_argument(
        "--alarm",
        type=cli_args.minutes,
        metavar="MIN",
        help="with --feed: a reminder MIN minutes before each post",
    )
    which = export.add_mutually_exclusive_group()
    which.add_argument("--brand", metavar="SLUG", help="brand (default: the only one)")
    which.add_argument(
        "--all", action="store_true", help="every brand in one file (ICS: the brand in each event)"
    )
    export.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace, store: Store) -> int:
    if args.feed is not None or args.alarm is not None:
        return _export_feed(args, store)
    if not args.all and not args.brand and len(known := list_brands(store)) > 1:
        slugs = ", ".join(b.slug for b in known)
        raise UserError(f"several brands, say which (one of: {slugs}) or --all, --brand")
    brand = None if args.all else pick_brand(store, args.brand)
    zone = local_zone()
    now = utc_now()
    start = views.day_start(parse_day(args.start, now, zone), zone) if args.start else None
    end = None
    if args.end:
        end = views.day_start(parse_day(args.end, now, zone) + timedelta(days=1), zone)
    if start and end and end <= start:
        raise UserError("--to is before --from, --to")
    chosen = exports.posts_for_export(store, brand, start, end)
    if args.format == "ics":
        if brand is None:
            names = {b.slug: b.name for b in list_brands(store)}
            data = exports.export_ics(
                chosen, floating=args.floating, name="smmdesk: all brands", brand_names=names
            )
        else:
            data = exports.export_ics(chosen, floating=args.floating, name=f"smmdesk: {brand.name}")
    else:
        import io

        buffer = io.StringIO()
        exports.export_csv(chosen, buffer)
        data = buffer.getvalue().encode("utf-8")
    if args.output:
        write_user_file(args.output, data)
        say(f"exported {len(chosen)} post(s) to {args.output}", file=sys.stderr)
    else:
        emit_data(data)
    return 0


def _export_feed(args: argparse.Namespace, store: Store) -> int:
    if args.feed is None:
        raise UserError("--alarm goes with --feed PATH, --alarm")
    if args.format != "ics" or args.brand or args.start or args.end or args.output:
        raise UserError("a feed is ICS of every brand and every day, --feed")
    feed.remember(store, args.feed, args.alarm)
    path = feed.refresh(store, force=True)
    say(f"calendar feed at {path}: rewritten after every change", file=sys.stderr)
    return 0


# --- channels and goals ---


def _register_channel(subparsers: argparse._SubParsersAction) -> None:
    channel = subparsers.add_parser("channel", help="a brand's touchpoints")
    actions = channel.add_subparsers(dest="channel_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a touchpoint (page, group, website...)")
    add.add_argument("name", help="the touchpoint's name")
    add.add_argument("--platform", default="", help="facebook, instagram, web...")
    add.add_argument("--kind", default="page", help="page, group, website, newsletter...")
    add_brand_option(add)
    add.set_defaults(func=cmd_channel_add)
    listing = actions.add_parser("list", help="list the brand's touchpoints")
    add_brand_option(listing)
    listing.set_defaults(func=cmd_channel_list)


def cmd_channel_add(args: argparse.Namespace, store: Store) -> int:
    brand = pick_brand(store, args.brand)
    name = args.name.strip()
    if not name or printable(name) != name:
        raise UserError(f"a channel needs a plain name, {printable(args.name)!r}")
    add_channel(store, brand, name, args.platform, args.kind)
    say(f"channel {printable(name)} ready for {brand.slug}")
    return 0


def cmd_channel_list(args: argparse.Namespace, store: Store) -> int:
    brand = pick_brand(store, args.brand)
    for channel in channels.list_channels(store, brand.id):
        platform = f" ({printable(channel.platform)})" if channel.platform else ""
        say(f"{printable(channel.name)}{platform} · {printable(channel.kind)}")
    return 0


def _register_goal(subparsers: argparse._SubParsersAction) -> None:
    goal = subparsers.add_parser("goal", help="a brand's goals and their target shares")
    actions = goal.add_subparsers(dest="goal_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="list goals with targets")
    add_brand_option(listing)
    listing.set_defaults(func=cmd_goal_list)
    edit = actions.add_parser("set", help="rename a goal, change its colour or target share")
    edit.add_argument("slug", help="the goal's slug")
    edit.add_argument("--name", help="a new name")
    edit.add_argument("--colour", help="a new colour: green, #2e7d32")
    edit.add_argument("--target", help="share of the plan: 30%%")
    add_brand_option(edit)
    edit.set_defaults(func=cmd_goal_set)
    add = actions.add_parser("add", help="add a goal")
    add.add_argument("slug", help="short name for --goal")
    add.add_argument("name", help="the goal's name")
    add.add_argument(
        "--kind",
        choices=post_ops.KINDS,
        default="organic",
        help="its posts' kind (default organic)",
    )
    add.add_argument("--colour", default="white", help="colour in the calendar (default white)")
    add.add_argument("--target", default="0", help="share of the plan: 30%%")
    add_brand_option(add)
    add.set_defaults(func=cmd_goal_add)


def cmd_goal_list(args: argparse.Namespace, store: Store) -> int:
    brand = pick_brand(store, args.brand)
    for goal in goals.list_goals(store, brand):
        say(
            f"{goal.slug:<16} {goal.kind:<7} {goal.target_share:>4.0%}  "
            f"{printable(goal.colour):<12} {printable(goal.name)}"
        )
    return 0


def cmd_goal_set(args: argparse.Namespace, store: Store) -> int:
    brand = pick_brand(store, args.brand)
    share = goals.parse_share(args.target) if args.target is not None else None
    goal = goals.edit_goal(
        store, brand, args.slug, name=args.name, colour=args.colour, target_share=share
    )
    say(f"goal {goal.slug}: {printable(goal.name)}, target {goal.target_share:.0%}")
    return 0


def cmd_goal_add(args: argparse.Namespace, store: Store) -> int:
    brand = pick_brand(store, args.brand)
    goal = goals.add_goal(
        store, brand, args.slug, args.name, kind=args.kind, colour=args.colour,
        target_share=goals.parse_share(args.target),
    )  # fmt: skip
    say(f"goal {goal.slug} added to {brand.slug}")
    return 0
