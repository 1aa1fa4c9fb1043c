"""Moderation rules: a brand's ordered "if these hold, do that", run on new and open comments.

One grammar for every way a rule arrives (the brief's TOML ``[[rules]]``, ``rule add --if
--then``, the Brand section): a condition or an action is ``kind: value`` (a flag alone:
``question``, ``flag``), alternatives separated by commas::

    keywords: refund, поверн*, money back     any of them, whole words, any case (stems*)
    keywords all: refund, today               every one of them
    regex: order\\s*#?\\d{6}                   Python syntax, any case; no nested quantifiers
    language: uk, en       band: negative, unscored      compound: -1..-0.5
    question  (question: no)                  platform: telegram, youtube
    has: link, email, phone                   emoji-only        mentions-only
    words: ..3  (3..10, 5.., <4, >=10, 7)     author: spammer1, @spammer2
    post: 12, 14  (post ids)                  goal: sales, questions (the post's goal)

    label: refund, urgent      assign: olha      flag      status: spam | resolved | ignored
    tier: 0 | 1 | 2 | 3        suggest: TEMPLATE (the reply editor starts with it)
    auto-reply: TEMPLATE       (queued for the account, one per author and thread a day)
    continue                   (the next matching rule applies too)

Every condition must hold. The first matching rule applies, and the next only after a
``continue``. A rule is compiled once (``compile_rules``) and matched in memory; its changes
go through ``inbox.triage`` as the actor ``rule:NAME``, one batch per rule and run, so the
action log, undo and the report read them like a person's.
"""

from __future__ import annotations

import importlib
import math
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from smmdesk.errors import UserError
from smmdesk.inbox import priority, triage
from smmdesk.inbox.lexicon import check_phrase
from smmdesk.inbox.replies import fill, first_name, form_of_address
from smmdesk.inbox.scoring import normal_phrase
from smmdesk.inbox.textfeatures import (
    has_email,
    has_link,
    has_phone,
    is_emoji_only,
    is_mentions_only,
    words,
)
from smmdesk.store import Store
from smmdesk.store import rules as q
from smmdesk.store.accounts import account_for_comment
from smmdesk.store.brands import Brand, is_slug
from smmdesk.store.brief import load_brief
from smmdesk.store.comment_models import Template
from smmdesk.store.comments import labels_by_comment, list_templates
from smmdesk.store.rules import RuleSpec, RuleTarget
from smmdesk.timeutil import to_iso, utc_now

__all__ = ["RuleSpec", "Rule", "compile_rule", "compile_rules", "apply_rules"]

MAX_RULES = 100
MAX_PARTS = 20  # conditions or actions of one rule
MAX_PART = 500  # characters of one condition or action
MAX_REGEX_TEXT = 1000  # characters a regular expression reads of a comment
MAX_REGEX_CHOICES = 50  # lengths a pattern's bounded repeats may try, multiplied
SET_STATUSES = ("spam", "resolved", "ignored")
BANDS = ("negative", "neutral", "positive", "unscored")
HAS = {"link": has_link, "email": has_email, "phone": has_phone}
AUTO_REPLY_EVERY = timedelta(days=1)

Test = Callable[["Facts"], bool]


class Facts:
    """A comment as the conditions read it; its words are read once, if a rule asks."""

    def __init__(self, comment: RuleTarget, goal: str | None):
        self.comment = comment
        self.goal = goal

    @cached_property
    def words(self) -> tuple[str, ...]:
        return tuple(words(self.comment.text))

    @cached_property
    def joined(self) -> str:
        """The words between single spaces, with one before and after."""
        return " " + " ".join(self.words) + " "


@dataclass(frozen=True)
class Action:
    kind: str  # label, assign, flag, status, tier, suggest, auto-reply
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    name: str
    tests: tuple[Test, ...]
    actions: tuple[Action, ...]
    go_on: bool  # ``continue``: the next matching rule applies too
    spec: RuleSpec

    @property
    def actor(self) -> str:
        return f"{q.RULE_ACTOR}{self.name}"

    def matches(self, facts: Facts) -> bool:
        return all(test(facts) for test in self.tests)


# --- the grammar ------------------------------------------------------------------------


def _split(text: str, where: str) -> tuple[str, str, tuple[str, ...]]:
    """``kind[ mode]: a, b`` -> (kind, mode, values)."""
    if len(text) > MAX_PART:
        raise UserError(f"a condition or action is at most {MAX_PART} characters, {where}")
    head, colon, rest = text.partition(":")
    kind, _, mode = " ".join(head.lower().split()).partition(" ")
    values = tuple(v.strip() for v in rest.split(",") if v.strip()) if colon else ()
    if colon and not values:
        raise UserError(f"{kind}: needs a value, {where}")
    return kind, mode, values


def _kind(text: str) -> str:
    return (text.partition(":")[0].split() or [""])[0].lower()


def _keywords(mode: str, values: tuple[str, ...], where: str) -> Test:
    if mode not in ("", "any", "all"):
        raise UserError(f"keywords any or keywords all, not {mode!r}, {where}")
    phrases = [check_phrase(v, where) for v in values]
    pattern = [_phrase_pattern(p) for p in phrases]
    if mode == "all":
        return lambda f: all(p.search(f.joined) for p in pattern)
    one = re.compile("|".join(p.pattern for p in pattern))
    return lambda f: one.search(f.joined) is not None


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A phrase over the text's words joined by single spaces: whole words, stems by ``*``."""
    parts = []
    for word in phrase.split():
        tokens = [re.escape(t) for t in words(word.rstrip("*"))]
        if tokens and word.endswith("*"):
            tokens[-1] += "[^ ]*"
        parts += tokens
    return re.compile(" " + " ".join(parts or [re.escape(phrase)]) + " ")


def check_regex(pattern: str, where: str) -> re.Pattern[str]:
    """Compile a user's pattern, refusing what can backtrack for seconds on one comment:
    a repeat inside a repeat (``(a+)+``), alternatives under a repeat (``(a|aa)*``), a back
    reference, more than one open-ended repeat (``a.*b.*c``) or too many choices of length."""
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError) as exc:
        raise UserError(f"bad regular expression ({exc}), {where}") from None
    repeats: list[int] = []  # choices of length of each repeat (0: open-ended)
    if _backtracks(_parse(pattern), False, repeats):
        raise UserError(
            "regular expression that can take seconds on one comment (a repeat or "
            f"alternatives inside a repeat, or a back reference), {where}"
        )
    open_ended = repeats.count(0)
    choices = math.prod(n for n in repeats if n)
    if open_ended > 1 or choices > MAX_REGEX_CHOICES:
        raise UserError(
            "regular expression with more than one open-ended repeat (*, +) or too many "
            f"{{m,n}}: write ? or a count ({{3}}) where you can, {where}"
        )
    return compiled


def _parse(pattern: str) -> Any:
    # The standard library's own reading of the pattern (untyped, hence Any).
    return importlib.import_module("re._parser").parse(pattern, re.IGNORECASE)


def _backtracks(tree: Any, under_repeat: bool, repeats: list[int]) -> bool:
    """Whether the parsed pattern holds an exponential construct; collects its repeats."""
    c = importlib.import_module("re._constants")
    for op, arg in tree:
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, high, sub = arg
            if high is c.MAXREPEAT or high > low:
                repeats.append(0 if high is c.MAXREPEAT else high - low + 1)
            if under_repeat and (high is c.MAXREPEAT or high > 1):
                return True
            if _backtracks(sub, under_repeat or high is c.MAXREPEAT or high > 1, repeats):
                return True
        elif op == c.BRANCH:
            if under_repeat or any(_backtracks(b, under_repeat, repeats) for b in arg[1]):
                return True
        elif op == c.SUBPATTERN:
            if _backtracks(arg[-1], under_repeat, repeats):
                return True
        elif op in (c.ASSERT, c.ASSERT_NOT):
            if _backtracks(arg[1], under_repeat, repeats):
                return True
        elif op in (c.GROUPREF, c.GROUPREF_EXISTS):
            return True
    return False


def parse_range(text: str, where: str, *, whole: bool = False) -> tuple[float, float]:
    """``a..b``, ``..b``, ``a..``, ``<n``, ``<=n``, ``>n``, ``>=n``, ``n``: inclusive bounds."""
    read: Callable[[str], float] = int if whole else float
    text = text.replace(" ", "")
    inf = math.inf

    def below(v: float) -> float:
        return v - 1 if whole else math.nextafter(v, -inf)

    def above(v: float) -> float:
        return v + 1 if whole else math.nextafter(v, inf)

    try:
        if text.startswith("<="):
            return -inf, read(text[2:])
        if text.startswith(">="):
            return read(text[2:]), inf
        if text.startswith("<"):
            return -inf, below(read(text[1:]))
        if text.startswith(">"):
            return above(read(text[1:])), inf
        if ".." in text:
            start, _, end = text.partition("..")
            low, high = read(start) if start else -inf, read(end) if end else inf
        else:
            low = high = read(text)
        if low > high or math.isnan(low) or math.isnan(high):
            raise ValueError
        return low, high
    except ValueError:
        raise UserError(
            f"write a range as 3..10, ..3, 5.., <4 or >=10, not {text!r}, {where}"
        ) from None


def _in(values: Iterable[str]) -> frozenset[str]:
    return frozenset(v.casefold().lstrip("@") for v in values)


def _condition(text: str, where: str) -> Test:
    kind, mode, values = _split(text, where)
    flags: dict[str, Test] = {
        "question": lambda f: f.comment.is_question,
        "emoji-only": lambda f: is_emoji_only(f.comment.text),
        "mentions-only": lambda f: is_mentions_only(f.comment.text),
    }
    if kind in flags and not values:
        return flags[kind]
    if kind == "question" and len(values) == 1 and values[0].lower() in ("yes", "no"):
        wanted = values[0].lower() == "yes"
        return lambda f: f.comment.is_question is wanted
    if kind in flags:
        raise UserError(
            f"{kind} takes no value{' (question: yes or no)' * (kind == 'question')}, {where}"
        )
    if not values:
        raise UserError(f"unknown condition {kind!r} (known: {', '.join(CONDITIONS)}), {where}")
    if mode and kind != "keywords":
        raise UserError(f"unknown condition {kind + ' ' + mode!r}, {where}")
    if kind == "keywords":
        return _keywords(mode, values, where)
    if kind == "regex":
        pattern = check_regex(text.partition(":")[2].strip(), where)
        return lambda f: pattern.search(f.comment.text[:MAX_REGEX_TEXT]) is not None
    if kind == "band":
        bands = _in(values)
        if not bands <= set(BANDS):
            raise UserError(f"band is one of {', '.join(BANDS)}, {where}")
        return lambda f: f.comment.band in bands
    if kind == "compound":
        low, high = parse_range(values[0], where)
        return lambda f: f.comment.compound is not None and low <= f.comment.compound <= high
    if kind == "words":
        low, high = parse_range(values[0], where, whole=True)
        return lambda f: low <= len(f.words) <= high
    if kind == "has":
        unknown = _in(values) - set(HAS)
        if unknown:
            raise UserError(f"has: link, email or phone, not {sorted(unknown)[0]!r}, {where}")
        tests = [HAS[v] for v in sorted(_in(values))]
        return lambda f: any(t(f.comment.text) for t in tests)
    if kind == "post":
        if not all(v.isdigit() for v in values):
            raise UserError(f"post: the ids of posts (smmdesk calendar shows them), {where}")
        posts = frozenset(int(v) for v in values)
        return lambda f: f.comment.post_id in posts
    one_of = _in(values)
    fields: dict[str, Callable[[Facts], str | None]] = {
        "language": lambda f: f.comment.language,
        "platform": lambda f: f.comment.platform,
        "author": lambda f: f.comment.author.lstrip("@"),
        "goal": lambda f: f.goal,
    }
    if kind not in fields:
        raise UserError(f"unknown condition {kind!r} (known: {', '.join(CONDITIONS)}), {where}")
    read = fields[kind]
    return lambda f: (read(f) or "").casefold() in one_of


CONDITIONS = (
    "keywords",
    "regex",
    "language",
    "band",
    "compound",
    "question",
    "platform",
    "has",
    "emoji-only",
    "mentions-only",
    "words",
    "author",
    "post",
    "goal",
)
COST = {"keywords": 1, "words": 1, "regex": 2, "has": 2, "emoji-only": 2, "mentions-only": 2}
ACTIONS = ("label", "assign", "flag", "status", "tier", "suggest", "auto-reply", "continue")


def _action(text: str, where: str) -> Action:
    kind, mode, values = _split(text, where)
    if kind not in ACTIONS or mode:
        raise UserError(f"unknown action {text.strip()!r} (known: {', '.join(ACTIONS)}), {where}")
    if kind in ("flag", "continue"):
        if values:
            raise UserError(f"{kind} takes no value, {where}")
        return Action(kind)
    if not values:
        raise UserError(f"{kind}: needs a value, {where}")
    if kind in ("suggest", "auto-reply", "assign"):
        values = (text.partition(":")[2].strip(),)  # one name, commas and all
    if kind == "status" and (len(values) != 1 or values[0].lower() not in SET_STATUSES):
        raise UserError(f"status: {', '.join(SET_STATUSES)}, {where}")
    if kind == "tier" and (len(values) != 1 or not values[0].isdigit()):
        raise UserError(f"tier: one of {', '.join(map(str, priority.TIER_NAMES))}, {where}")
    if kind == "tier" and int(values[0]) not in priority.TIER_NAMES:
        raise UserError(f"tier: one of {', '.join(map(str, priority.TIER_NAMES))}, {where}")
    return Action(kind, tuple(v.lower() if kind == "status" else v for v in values))


def compile_rule(spec: RuleSpec, where: str = "rule") -> Rule:
    """Parse and check one rule; a mistake is one UserError naming the rule and the part."""
    name = spec.name.strip()
    if not is_slug(name):
        raise UserError(
            f"a rule's name is lowercase letters, digits, - or _ (up to 40), not {name!r}, {where}"
        )
    where = f"rule {name}"
    if not spec.when:
        raise UserError(f"a rule needs at least one condition (--if), {where}")
    if len(spec.when) > MAX_PARTS or len(spec.then) > MAX_PARTS:
        raise UserError(f"a rule has at most {MAX_PARTS} conditions and actions, {where}")
    # Cheap tests first (a field, then the words, then the text's patterns): all() stops early.
    ordered = sorted(spec.when, key=lambda c: COST.get(_kind(c), 0))
    tests = tuple(_condition(c, f"{where}, if {c.strip()!r}") for c in ordered)
    actions = tuple(_action(a, f"{where}, then {a.strip()!r}") for a in spec.then)
    doing = tuple(a for a in actions if a.kind != "continue")
    if not doing:
        raise UserError(f"a rule needs at least one action (--then), {where}")
    statuses = [a for a in doing if a.kind == "status"]
    if len(statuses) > 1 or (statuses and any(a.kind == "auto-reply" for a in doing)):
        raise UserError(f"a rule sets one status, and not with auto-reply, {where}")
    clean = RuleSpec(name, [c.strip() for c in spec.when], [a.strip() for a in spec.then])
    return Rule(name, tests, doing, len(doing) != len(actions), clean)


def check_rules(specs: Sequence[RuleSpec]) -> list[RuleSpec]:
    """The rules as stored (names unique, each one compiled once to check it)."""
    if len(specs) > MAX_RULES:
        raise UserError(f"a brand has at most {MAX_RULES} rules, rules")
    seen: set[str] = set()
    out = []
    for spec in specs:
        rule = compile_rule(spec)
        if rule.name in seen:
            raise UserError(f"two rules are named {rule.name}, rule {rule.name}")
        seen.add(rule.name)
        out.append(rule.spec)
    return out


def compile_rules(store: Store, brand: Brand) -> list[Rule]:
    return [compile_rule(spec) for spec in q.list_rules(store, brand.id)]


def check_templates(store: Store, brand: Brand, specs: Sequence[RuleSpec]) -> None:
    """Every saved reply a rule names exists for the brand."""
    names = {normal_phrase(t.name) for t in list_templates(store, brand.id)}
    for spec in specs:
        for action in compile_rule(spec).actions:
            if (
                action.kind in ("suggest", "auto-reply")
                and normal_phrase(action.values[0]) not in names
            ):
                raise UserError(
                    f"no saved reply named {action.values[0]!r} (templates list shows them), "
                    f"rule {spec.name}"
                )


# --- running them -----------------------------------------------------------------------


@dataclass
class Applied:
    """What a run of the rules did: comments changed per rule."""

    matched: dict[str, int] = field(default_factory=dict)
    changed: int = 0

    def line(self) -> str:
        if not self.matched:
            return "no rule matched"
        matched = ", ".join(f"{name} matched {n}" for name, n in self.matched.items())
        return f"{matched}; {self.changed} change{'s' * (self.changed != 1)}"


def facts_of(comment: RuleTarget, goals: dict[int, str]) -> Facts:
    return Facts(comment, goals.get(comment.post_id) if comment.post_id is not None else None)


def matching(rules: Sequence[Rule], facts: Facts) -> list[Rule]:
    """The rules that apply to a comment: the first match, and more after each continue."""
    out = []
    for rule in rules:
        if rule.matches(facts):
            out.append(rule)
            if not rule.go_on:
                break
    return out


@dataclass
class _Run:
    """One run of a brand's rules: what every action reads, and the comments given a status
    in it (the first rule's status stands; no automatic reply goes to them)."""

    store: Store
    brand: Brand
    now: datetime
    templates: dict[str, Template]
    replied: set[tuple[str, str, str]]  # (platform, author, thread) answered in the last day
    closed: set[int] = field(default_factory=set)


def apply_rules(
    store: Store,
    brand: Brand,
    *,
    since_id: int = 0,
    now: datetime | None = None,
    edited: Sequence[int] | None = None,
) -> Applied:
    """Run the brand's rules on its open comments with id > ``since_id`` (import: the new ones).

    ``edited``: instead, on these comments, edited on the platform since they were stored,
    those still open that no person has triaged (every change in their log was a rule's, and
    none was taken back with ``rule undo``): a manager's decision stands, and an edit cannot
    undo it. Rules only add (a label from the old
    text stays), and the rest holds as for new comments: the first match, ``continue``, at most
    one automatic reply per author and thread a day.

    The comments are read and matched in chunks, then each rule's actions are written in
    bulk, one batch a rule (``rule:NAME``), in the rules' order.
    """
    rules = compile_rules(store, brand)
    applied = Applied()
    if not rules:
        return applied
    now = now or utc_now()
    with store.transaction():  # immediate: what is read here is what gets changed
        goals = q.goals_of_posts(store, brand.id)
        hits: dict[str, list[RuleTarget]] = {rule.name: [] for rule in rules}
        chunks = (
            [q.untouched_open_among(store, brand.id, edited)]
            if edited is not None
            else q.open_comments_since(store, brand.id, since_id)
        )
        for chunk in chunks:
            for comment in chunk:
                for rule in matching(rules, facts_of(comment, goals)):
                    hits[rule.name].append(comment)
        run = _Run(
            store,
            brand,
            now,
            {normal_phrase(t.name): t for t in list_templates(store, brand.id)},
            q.auto_replied_threads(store, brand.id, to_iso(now - AUTO_REPLY_EVERY)),
        )
        for rule in rules:
            found = hits[rule.name]
            if not found:
                continue
            applied.matched[rule.name] = len(found)
            batch = uuid.uuid4().hex
            for action in rule.actions:
                applied.changed += _run(run, rule, action, found, batch)
    return applied


def _run(run: _Run, rule: Rule, action: Action, found: list[RuleTarget], batch: str) -> int:
    """One action of a rule on the comments it matched, only where it changes something."""
    kind, values = action.kind, action.values
    kw: triage.Options = {"actor": rule.actor, "now": run.now, "batch": batch}
    if kind == "flag":
        ids = [c.id for c in found if not c.flagged]  # re-ranked by triage, one by one
        return sum(
            len(triage.toggle_flag(run.store, ids[i : i + 500], **kw).done)
            for i in range(0, len(ids), 500)
        )
    if kind == "status":
        found = [c for c in found if c.id not in run.closed]
        run.closed.update(c.id for c in found)
    template = None
    if kind in ("suggest", "auto-reply"):
        template = run.templates.get(normal_phrase(values[0]))
        if template is None:
            return 0  # removed since the rule was written: the rule does the rest
    if kind == "auto-reply":
        assert template is not None
        return _auto_reply(run, [c for c in found if c.id not in run.closed], template, kw)
    name, changes = _changes(run.store, kind, values, found, template)
    result = triage.record(run.store, name, changes, actor=rule.actor, now=run.now, batch=batch)
    return len(result.done)


def _changes(
    store: Store,
    kind: str,
    values: tuple[str, ...],
    found: list[RuleTarget],
    template: Template | None,
) -> tuple[str, list[triage.Change]]:
    """The log's name of an action and its changes: before and after, where they differ."""
    Change = triage.Change
    if kind == "label":
        have = {
            cid: set(labels)
            for cid, labels in labels_by_comment(store, [c.id for c in found]).items()
        }
        wanted = {c.id: have.get(c.id, set()) | set(values) for c in found}
        return "label", [
            Change(
                c.id, {"labels": sorted(have.get(c.id, set()))}, {"labels": sorted(wanted[c.id])}
            )
            for c in found
            if wanted[c.id] != have.get(c.id, set())
        ]
    if kind == "status":
        status = values[0]
        return triage.status_action(status), [
            Change(
                c.id,
                {"status": c.status, "snoozed_until": c.snoozed_until},
                {"status": status, "snoozed_until": None},
            )
            for c in found
        ]
    out = []
    for c in found:
        old: triage.Fields
        new: triage.Fields
        if kind == "assign":
            old, new = {"assignee": c.assignee}, {"assignee": values[0]}
        elif kind == "tier":  # the stored tier too; the trigger keeps it there
            old = {"pinned_tier": c.pinned_tier, "tier": c.tier}
            new = {"pinned_tier": int(values[0]), "tier": int(values[0])}
        else:
            old = {"suggested_template_id": c.suggested_template_id}
            new = {"suggested_template_id": template.id if template else None}
        if old != new:
            out.append(Change(c.id, old, new))
    return kind, out


def _auto_reply(run: _Run, found: list[RuleTarget], template: Template, kw: triage.Options) -> int:
    """Queue the saved reply for the account that can post it: at most one a day per author
    and thread; a comment no account can answer is left for a person."""
    brief = load_brief(run.store, run.brand)
    form = form_of_address(brief.address, brief.tone)  # ти or ви, as the reply editor fills
    done = 0
    for comment in found:
        thread = (
            comment.platform,
            comment.author.casefold(),
            comment.post_ref or comment.parent_external_id or "",
        )
        if thread in run.replied or account_for_comment(run.store, comment.id) is None:
            continue
        text = fill(
            template.text,
            form=form,
            author=comment.author,
            first_name=first_name(comment.author),
            brand=run.brand.name,
            platform=comment.platform,
        )
        result = triage.reply(run.store, [comment.id], text, template_id=template.id, **kw)
        done += len(result.done)
        run.replied.add(thread)
    return done


# --- a dry run ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DryRun:
    rule: str
    matched: int
    examples: tuple[RuleTarget, ...]


def dry_run(store: Store, brand: Brand, name: str, examples: int = 5) -> DryRun:
    """How many of the brand's open comments the rule matches on its own, and a few of them."""
    spec = rule_named(store, brand, name)
    rule = compile_rule(spec)
    goals = q.goals_of_posts(store, brand.id)
    count, shown = 0, list[RuleTarget]()
    for chunk in q.open_comments_since(store, brand.id):
        for comment in chunk:
            if rule.matches(facts_of(comment, goals)):
                count += 1
                if len(shown) < examples:
                    shown.append(comment)
    return DryRun(rule.name, count, tuple(shown))


# --- the brand's list ---------------------------------------------------------------------


def list_rules(store: Store, brand: Brand) -> list[RuleSpec]:
    return q.list_rules(store, brand.id)


def rule_named(store: Store, brand: Brand, name: str) -> RuleSpec:
    for spec in q.list_rules(store, brand.id):
        if spec.name == name.strip():
            return spec
    raise UserError(f"{brand.slug} has no rule {name.strip()!r}, rule")


def save_rules(store: Store, brand: Brand, specs: Sequence[RuleSpec]) -> list[RuleSpec]:
    """Check and store the brand's whole list of rules, in order, all or nothing."""
    checked = check_rules(specs)
    check_templates(store, brand, checked)
    q.replace_rules(store, brand.id, checked)
    return checked


def add_rule(
    store: Store, brand: Brand, spec: RuleSpec, position: int | None = None
) -> list[RuleSpec]:
    """Add a rule (last, or at ``position``, 1 = first)."""
    specs = q.list_rules(store, brand.id)
    if any(s.name == spec.name.strip() for s in specs):
        raise UserError(f"{brand.slug} has a rule {spec.name.strip()!r} already, rule")
    at = len(specs) if position is None else _position(position, len(specs) + 1)
    return save_rules(store, brand, [*specs[:at], spec, *specs[at:]])


def remove_rule(store: Store, brand: Brand, name: str) -> list[RuleSpec]:
    gone = rule_named(store, brand, name)
    return save_rules(
        store, brand, [s for s in q.list_rules(store, brand.id) if s.name != gone.name]
    )


def move_rule(store: Store, brand: Brand, name: str, position: int) -> list[RuleSpec]:
    """Move a rule to ``position`` (1 = first: it is tried before the others)."""
    moved = rule_named(store, brand, name)
    rest = [s for s in q.list_rules(store, brand.id) if s.name != moved.name]
    at = _position(position, len(rest) + 1)
    return save_rules(store, brand, [*rest[:at], moved, *rest[at:]])


def _position(position: int, count: int) -> int:
    if not 1 <= position <= count:
        raise UserError(f"position is from 1 to {count}, position")
    return position - 1


def undo_rule(store: Store, name: str) -> triage.ActionResult | None:
    """Take back the newest run of a rule (every change it made then, on every comment)."""
    return triage.undo(store, actor=f"{q.RULE_ACTOR}{name.strip()}")


def suggested_template(store: Store, comment_id: int) -> int | None:
    """The saved reply (its id) the editor starts with on this comment (a rule's ``suggest:``)."""
    return q.suggested_template(store, comment_id)


def split_parts(text: str) -> list[str]:
    """Conditions or actions typed on one line (the Brand section's form): ``;`` between them."""
    return [part.strip() for part in text.split(";") if part.strip()]


def describe(spec: RuleSpec) -> str:
    """One line: ``if A and B then C, D``."""
    return f"if {' and '.join(spec.when)} then {', '.join(spec.then)}"
