"""``smmdesk rule add|list|rm|move|test|apply|undo``: a brand's moderation rules.

Rules live in the brand's brief (``[[rules]]`` in ``brief edit``); the work is done by
``inbox.rules``, whose module text is the grammar of ``--if`` and ``--then``.
"""

from __future__ import annotations

import argparse
import json

from smmdesk.brand.brands import list_brands
from smmdesk.cli.common import add_brand_option, pick_brand
from smmdesk.cli.output import emit_json, say
from smmdesk.inbox import rules
from smmdesk.inbox.rules import RuleSpec
from smmdesk.store.db import Store
from smmdesk.store.models import Brand
from smmdesk.textsafe import one_line

GRAMMAR = (
    "conditions: keywords[ any|all]: a, stem*, a phrase · regex: PATTERN · language: uk, en · "
    "band: negative · compound: -1..-0.5 · question[: no] · platform: telegram · "
    "has: link, email, phone · emoji-only · mentions-only · words: ..3 · author: NAME · "
    "post: ID · goal: SLUG.  actions: label: a, b · assign: NAME · flag · "
    "status: spam|resolved|ignored · tier: 0|1|2 · suggest: TEMPLATE · auto-reply: TEMPLATE · "
    "continue"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "rule",
        help="moderation rules of a brand: add, list, rm, move, test, apply, undo",
        description="Rules run in order on new comments (import and sync); the first that "
        "matches applies, and the next only after `continue`. " + GRAMMAR,
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a rule (last, or --at N)", description=GRAMMAR)
    add.add_argument("name", help="the rule's name: lowercase letters, digits, - or _")
    add.add_argument(
        "--if",
        dest="when",
        action="extend",
        nargs="+",
        required=True,
        metavar="COND",
        help="a condition, e.g. 'keywords: refund, поверн*' (repeat: all must hold)",
    )
    add.add_argument(
        "--then",
        action="extend",
        nargs="+",
        required=True,
        metavar="ACTION",
        help="an action, e.g. 'label: refund' or continue (repeat: all are done)",
    )
    add.add_argument("--at", type=int, metavar="N", help="its place in the order (1: tried first)")
    listing = actions.add_parser("list", help="the brand's rules, in the order they are tried")
    listing.add_argument("--json", action="store_true", help="as JSON")
    rm = actions.add_parser("rm", help="remove a rule")
    rm.add_argument("name", help="the rule's name")
    move = actions.add_parser("move", help="move a rule to another place in the order")
    move.add_argument("name", help="the rule's name")
    move.add_argument("position", type=int, help="its new place (1: tried first)")
    test = actions.add_parser(
        "test", help="a dry run on the open comments: how many match, five examples"
    )
    test.add_argument("name", help="the rule's name")
    test.add_argument("--json", action="store_true", help="as JSON")
    apply = actions.add_parser(
        "apply", help="run the rules on the open comments (every brand unless --brand)"
    )
    undo = actions.add_parser("undo", help="take back the newest run of a rule")
    undo.add_argument("name", help="the rule's name")
    for sub in (add, listing, rm, move, test, apply, undo):
        add_brand_option(sub)
    parser.set_defaults(func=cmd_rule)


def cmd_rule(args: argparse.Namespace, store: Store) -> int:
    if args.action == "apply":
        brands = [pick_brand(store, args.brand)] if args.brand else list_brands(store)
        for brand in brands:
            say(f"{brand.slug}: {rules.apply_rules(store, brand).line()}")
        return 0
    brand = pick_brand(store, args.brand)
    if args.action == "add":
        rules.add_rule(store, brand, RuleSpec(args.name, args.when, args.then), args.at)
        say(f"rule {args.name.strip()} added to {brand.slug}; `smmdesk rule test` tries it")
        return _list(store, brand, as_json=False)
    if args.action == "rm":
        rules.remove_rule(store, brand, args.name)
        say(f"rule {args.name.strip()} removed from {brand.slug}")
        return 0
    if args.action == "move":
        rules.move_rule(store, brand, args.name, args.position)
        return _list(store, brand, as_json=False)
    if args.action == "test":
        return _test(store, args)
    if args.action == "undo":
        outcome = rules.undo_rule(store, rules.rule_named(store, brand, args.name).name)
        say(outcome.message() if outcome else f"rule {args.name.strip()}: nothing to undo")
        return 0
    return _list(store, brand, as_json=args.json)


def _list(store: Store, brand: Brand, *, as_json: bool) -> int:
    specs = rules.list_rules(store, brand)
    if as_json:
        data = [{"name": s.name, "if": s.when, "then": s.then} for s in specs]
        emit_json(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    for number, spec in enumerate(specs, 1):
        say(f"{number}. {spec.name}: {rules.describe(spec)}")
    if not specs:
        say("no rules yet; add one: smmdesk rule add NAME --if COND --then ACTION")
    return 0


def _test(store: Store, args: argparse.Namespace) -> int:
    brand = pick_brand(store, args.brand)
    result = rules.dry_run(store, brand, args.name)
    if args.json:
        examples = [{"id": c.id, "author": c.author, "text": c.text} for c in result.examples]
        data = {"rule": result.rule, "matched": result.matched, "examples": examples}
        emit_json(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    say(f"rule {result.rule} matches {result.matched} open comments of {brand.slug}")
    for comment in result.examples:
        say(f"  #{comment.id} {comment.author}: {one_line(comment.text)[:100]}")
    return 0
