"""``smmdesk lexicon add|rm|list``: a brand's extra sentiment words and phrases.

Each change rescores the brand's open comments at once (triaged ones keep
their score). Entries: a word ("refund"), a stem ending in ``*`` ("розетк*")
or a phrase ("не працює"), with a valence from -4 (most negative) to +4.
"""

from __future__ import annotations

import argparse

from smmdesk.cli.common import pick_brand
from smmdesk.cli.output import say
from smmdesk.inbox import lexicon
from smmdesk.store.db import Store
from smmdesk.textsafe import visible


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("lexicon", help="a brand's extra sentiment words: list, add, rm")
    actions = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
    listing = actions.add_parser("list", help="list the brand's words and their valences")
    add = actions.add_parser(
        "add", help="add or change a word, stem* or phrase (-4..4); rescores open comments"
    )
    add.add_argument("phrase", help="a word, stem* or phrase")
    add.add_argument("valence", help="from -4 (most negative) to 4 (most positive)")
    rm = actions.add_parser("rm", help="remove a word; rescores open comments")
    rm.add_argument("phrase", help="the word, stem* or phrase to remove")
    for sub in (listing, add, rm):
        sub.add_argument("--brand", metavar="SLUG", help="brand (default: the only one)")
    parser.set_defaults(func=cmd_lexicon)


def cmd_lexicon(args: argparse.Namespace, store: Store) -> int:
    brand = pick_brand(store, args.brand)
    if args.action == "list":
        words = lexicon.list_words(store, brand)
        for entry in words:
            say(f"{entry.valence:+.1f}  {visible(entry.phrase)}")
        if not words:
            say(f"no words for {brand.slug} yet; add one: smmdesk lexicon add PHRASE VALENCE")
        return 0
    if args.action == "add":
        change = lexicon.add_word(store, brand, args.phrase, args.valence)
        assert change.entry is not None
        done = f"{visible(change.entry.phrase)!r} {change.entry.valence:+.1f} for {brand.slug}"
    else:
        change = lexicon.remove_word(store, brand, args.phrase)
        done = f"{visible(args.phrase)!r} removed from {brand.slug}"
    say(f"{done}; {change.rescored} open comments rescored, {change.changed_band} changed tone")
    return 0
