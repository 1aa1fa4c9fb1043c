"""``smmdesk brand list|add|rename|rm|handles``: the brands and their own account names.

The work is done by ``store.brands`` and ``inbox.ours``; this module parses and prints.
"""

from __future__ import annotations

import argparse

from smmdesk.brand.brands import (
    brands_with_counts,
    clean_handles,
    create_brand,
    get_brand,
    handle_key,
    remove_brand,
    rename_brand,
    split_handles,
)
from smmdesk.cli.output import say
from smmdesk.errors import UserError
from smmdesk.store.db import Store
from smmdesk.store.models import Brand
from smmdesk.textsafe import visible


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "brand", help="brands: list, add, rename, rm, handles (our own accounts)"
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("list", help="slug, name, handles, comments and posts of every brand")
    add = actions.add_parser("add", help="add a brand (with the default goals)")
    add.add_argument("name", help="the brand's name")
    add.add_argument("--slug", help="short name for --brand (default: made from the name)")
    add.add_argument(
        "--handle",
        action="append",
        default=[],
        metavar="H",
        help="our own account name on the platforms (repeat, or comma-separated)",
    )
    rename = actions.add_parser(
        "rename", help="give a brand a new name (the slug stays unless --slug)"
    )
    rename.add_argument("brand", metavar="BRAND", help="its slug or name")
    rename.add_argument("name", metavar="NEW_NAME", help="the new name")
    rename.add_argument("--slug", help="a new slug too")
    rm = actions.add_parser(
        "rm", help="delete a brand; one with comments or posts only with --force"
    )
    rm.add_argument("brand", metavar="BRAND", help="its slug or name")
    rm.add_argument("--force", action="store_true", help="also delete its comments and posts")
    handles = actions.add_parser(
        "handles",
        help="show or change our own account names; comments by them are ours, never open work",
    )
    handles.add_argument("brand", metavar="BRAND", help="its slug or name")
    handles.add_argument(
        "--add", action="append", default=[], metavar="H", help="add a handle (repeat)"
    )
    handles.add_argument(
        "--rm", action="append", default=[], metavar="H", help="remove a handle (repeat)"
    )
    handles.add_argument("--set", metavar="H,...", help="replace them all (empty: none)")
    parser.set_defaults(func=cmd_brand)


def shown_handles(brand: Brand) -> str:
    return ", ".join(visible(h) for h in brand.handles) or "-"


def cmd_brand(args: argparse.Namespace, store: Store) -> int:
    if args.action == "list":
        return _list(store)
    if args.action == "add":
        handles = [h for text in args.handle for h in split_handles(text)]
        brand = create_brand(store, args.name, slug=args.slug, handles=handles)
        say(f"brand {brand.slug} added: {visible(brand.name)} (handles: {shown_handles(brand)})")
        return 0
    brand = get_brand(store, args.brand)
    if args.action == "rename":
        renamed = rename_brand(store, brand, args.name, slug=args.slug)
        say(
            f"brand {renamed.slug}: {visible(renamed.name)} (was {brand.slug}: {visible(brand.name)})"
        )
        return 0
    if args.action == "rm":
        counts = remove_brand(store, brand, force=args.force)
        say(f"brand {brand.slug} removed with {counts.comments} comments and {counts.posts} posts")
        return 0
    return _handles(store, brand, args)


def _list(store: Store) -> int:
    rows = [
        (c.brand.slug, visible(c.brand.name), shown_handles(c.brand), str(c.comments), str(c.posts))
        for c in brands_with_counts(store)
    ]
    if not rows:
        say("no brand yet: add one with `smmdesk brand add NAME`")
        return 0
    header = ("slug", "name", "handles", "comments", "posts")
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        cells = [
            row[i].ljust(widths[i]) if i < 3 else row[i].rjust(widths[i]) for i in range(len(row))
        ]
        say("  ".join(cells).rstrip())
    return 0


def _handles(store: Store, brand: Brand, args: argparse.Namespace) -> int:
    from smmdesk.inbox.ours import apply_handles, describe

    if args.set is None and not args.add and not args.rm:
        say(f"handles of {brand.slug}: {shown_handles(brand)}")
        return 0
    handles = list(brand.handles) if args.set is None else split_handles(args.set)
    handles += [h for text in args.add for h in split_handles(text)]
    for text in args.rm:
        for gone in split_handles(text):
            kept = [h for h in handles if handle_key(h) != handle_key(gone)]
            if len(kept) == len(handles):
                raise UserError(f"{brand.slug} has no handle {gone.strip()!r}, --rm")
            handles = kept
    clean_handles(handles)  # a bad handle is refused before anything changes
    brand, remarked = apply_handles(store, brand, handles)
    say(f"handles of {brand.slug}: {shown_handles(brand)} ({describe(remarked)})")
    return 0
