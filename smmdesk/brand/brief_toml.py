"""A brief as TOML (import, export, ``brief edit``) and as Markdown (``brief show``).

Reading uses the standard library's ``tomllib``; writing is this small writer
for the brief's flat shape (strings, lists of strings, one table, arrays of tables).
Every mistake names its line: ``<what>, brief.toml:line N``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields
from typing import TypeVar

from smmdesk.brand.brief import parse_response_targets, validate
from smmdesk.errors import UserError
from smmdesk.store.brief import (
    TARGET_BANDS,
    Audience,
    Brief,
    BriefError,
    ChannelSpec,
    Competitor,
    FieldPath,
    GoalSpec,
)
from smmdesk.store.rules import RuleSpec
from smmdesk.textsafe import BIDI_CONTROLS

T = TypeVar("T")

POLICY_KEYS = ("tone", "address", "never_words", "preferred_words", "sign_off", "response_targets")
TABLES = {
    "audiences": Audience,
    "competitors": Competitor,
    "channels": ChannelSpec,
    "goals": GoalSpec,
}
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _str(value: str) -> str:
    out = []
    for ch in value:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif (
            ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or ch in BIDI_CONTROLS or ch in "\u2028\u2029"
        ):
            out.append(f"\\u{ord(ch):04X}")  # the same string, and nothing a terminal obeys
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _value(value: object) -> str:
    if isinstance(value, str):
        return _str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def to_toml(brief: Brief, *, brand: str = "") -> str:
    lines = [
        f"# smmdesk brief{' for ' + brand if brand else ''}",
        "# tone: formal, friendly or playful; response targets in minutes per band",
        f"# ({', '.join(TARGET_BANDS)}); goal target_share from 0 to 1 (0.3 = 30 %)",
        "",
        f"value_proposition = {_str(brief.value_proposition)}",
        "# handles: our own account names; comments by them are ours, never open work",
        f"handles = {_value(list(brief.handles or []))}",
        "",
        "[policy]",
    ]
    for key in POLICY_KEYS[:-1]:
        lines.append(f"{key} = {_value(getattr(brief, key))}")
    lines += ["", "[policy.response_targets]"]
    lines += [f"{band} = {minutes}" for band, minutes in brief.response_targets.items()]
    for table, cls in TABLES.items():
        for item in getattr(brief, table):
            lines += ["", f"[[{table}]]"]
            lines += [f"{f.name} = {_value(getattr(item, f.name))}" for f in fields(cls)]
    if brief.rules:
        lines += ["", RULES_COMMENT]
    for rule in brief.rules or []:
        lines += ["", "[[rules]]", f"name = {_str(rule.name)}"]
        lines += [f"if = {_value(rule.when)}", f"then = {_value(rule.then)}"]
    return "\n".join(lines) + "\n"


RULES_COMMENT = (
    '# rules, tried in order (the first that matches applies, unless it says "continue"):\n'
    "# if = every condition must hold, then = what it does (README: Moderation rules)"
)
RULE_KEYS = ("name", "if", "then")


def _rules_of(value: object) -> list[RuleSpec]:
    items = _expect(value, list, ("rules",), "an array of tables ([[rules]])")
    rules = []
    for i, item in enumerate(items):
        _expect(item, dict, ("rules", i), "a table")
        for key, part in item.items():
            if key not in RULE_KEYS:
                raise BriefError(
                    f"unknown key {key!r} in rules (known: {', '.join(RULE_KEYS)})",
                    ("rules", i, key),
                )
            if key == "name":
                _expect(part, str, ("rules", i, key), "text")
            else:
                parts = _expect(part, list, ("rules", i, key), "a list of texts")
                for entry in parts:
                    _expect(entry, str, ("rules", i, key), "a list of texts")
        if "name" not in item:
            raise BriefError("each of rules needs a name", ("rules", i))
        rules.append(RuleSpec(item["name"], list(item.get("if", [])), list(item.get("then", []))))
    return rules


def from_toml(text: str, *, source: str = "brief.toml") -> Brief:
    """Parse and validate; any mistake is a ``UserError`` naming ``source:line N``."""
    _check_toml_limits(text, source)
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise UserError(f"not valid TOML (nested too deeply), {source}") from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        what = re.sub(r"\s*\(at line.*\)", "", str(exc)) or "not valid TOML"
        where = f"{source}:line {match.group(1)}" if match else source
        raise UserError(f"{what}, {where}") from None
    try:
        return validate(_brief_of(data))
    except BriefError as exc:
        raise UserError(f"{exc.what}, {source}:line {line_of(text, exc.path)}") from None


# A brief has tens of keys; tomllib takes quadratic time in a key's dotted parts
# (100,000 of them: minutes), so keys are counted before it runs.
MAX_KEY_PARTS = 16
MAX_KEYS = 10_000
_KEY_LINE = re.compile(
    r"""^[ \t]*(\[{1,2})?[ \t]*([A-Za-z0-9_\-."' \t]+?)[ \t]*(?:=|\]{1,2})""", re.MULTILINE
)


def _check_toml_limits(text: str, source: str) -> None:
    """Refuse keys with too many dotted parts, or too many keys, naming the line."""
    for count, match in enumerate(_KEY_LINE.finditer(text), 1):
        if match.group(2).count(".") >= MAX_KEY_PARTS:
            line = text.count("\n", 0, match.start()) + 1
            raise UserError(
                f"key with more than {MAX_KEY_PARTS} dotted parts, {source}:line {line}"
            )
        if count > MAX_KEYS:
            line = text.count("\n", 0, match.start()) + 1
            raise UserError(f"more than {MAX_KEYS:,} keys (a brief has tens), {source}:line {line}")


def _expect(value: object, kind: type[T] | tuple[type[T], ...], path: FieldPath, what: str) -> T:
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise BriefError(f"{path[-1] if path else 'value'} must be {what}", path)
    return value


def _brief_of(data: dict[str, object]) -> Brief:
    brief = Brief()
    for key in data:
        if key not in ("value_proposition", "handles", "policy", *TABLES, "rules"):
            raise BriefError(
                f"unknown key {key!r} (known: value_proposition, handles, policy, "
                f"{', '.join(TABLES)}, rules)",
                (key,),
            )
    brief.value_proposition = _expect(
        data.get("value_proposition", ""), str, ("value_proposition",), "text"
    )
    if "handles" in data:  # left out: the brand keeps the handles it has
        brief.handles = list(
            _expect(data["handles"], list, ("handles",), "a list of account names")
        )
    policy = _expect(data.get("policy", {}), dict, ("policy",), "a table")
    for key, value in policy.items():
        path = ("policy", key)
        if key not in POLICY_KEYS:
            raise BriefError(f"unknown policy key {key!r} (known: {', '.join(POLICY_KEYS)})", path)
        if key in ("never_words", "preferred_words"):
            setattr(brief, key, list(_expect(value, list, path, "a list of words")))
        elif key == "response_targets":
            brief.response_targets = parse_response_targets(value)
        else:
            setattr(brief, key, _expect(value, str, path, "text"))
    for table, cls in TABLES.items():
        items = _expect(data.get(table, []), list, (table,), f"an array of tables ([[{table}]])")
        known = {f.name: f for f in fields(cls)}
        parsed = []
        for i, item in enumerate(items):
            _expect(item, dict, (table, i), "a table")
            for key, value in item.items():
                if key not in known:
                    raise BriefError(
                        f"unknown key {key!r} in {table} (known: {', '.join(known)})",
                        (table, i, key),
                    )
                if key == "target_share":
                    _expect(value, (int, float), (table, i, key), "a number from 0 to 1")
                else:
                    _expect(value, str, (table, i, key), "text")
            first = next(iter(known))
            if first not in item:
                raise BriefError(f"each of {table} needs a {first}", (table, i))
            if cls is GoalSpec and "name" not in item:
                raise BriefError("each goal needs a name", (table, i))
            parsed.append(cls(**item))
        setattr(brief, table, parsed)
    brief.rules = _rules_of(data.get("rules", []))  # the whole brief: like its other tables
    return brief


_HEADER = re.compile(r"^\s*\[(\[)?\s*([A-Za-z0-9_.\-]+)\s*\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def line_of(text: str, path: FieldPath) -> int:
    """The line of the field at ``path`` (its table's header, or line 1, when the key is absent)."""
    if not path:
        return 1
    table: str | int
    index: int | None
    key: str | int | None
    if path[0] in ("value_proposition", "handles"):
        table, index, key = "", None, path[0]
    elif path[0] == "policy":
        rest = path[1:]
        if len(rest) >= 2 and rest[0] == "response_targets":
            table, index, key = "policy.response_targets", None, rest[1]
        else:
            table, index, key = "policy", None, rest[0] if rest else None
    else:
        table = path[0]
        index = path[1] if len(path) > 1 and isinstance(path[1], int) else None
        key = path[2] if len(path) > 2 else None
    current, count, header_line = "", -1, None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            current = header.group(2)
            if current == table:
                count += 1
                if header_line is None and (index is None or count == index):
                    if key is None:
                        return number
                    header_line = number
            continue
        match = _KEY.match(line)
        in_place = match and current == table and (index is None or count == index)
        if match and in_place and (key is None or match.group(1) == key):
            return number
        # a table written inline under [policy]: response_targets = { ... }
        if (
            match
            and table == "policy.response_targets"
            and current == "policy"
            and match.group(1) == "response_targets"
        ):
            header_line = header_line or number
    return header_line or 1


def to_markdown(brief: Brief, *, brand: str = "") -> str:
    """A readable rendering (``brief show --format md``); user text is printed as written."""

    def cell(text: str) -> str:
        return " ".join(text.split()).replace("|", "\\|")

    lines = [
        f"# Brief{': ' + brand if brand else ''}",
        "",
        "## Value proposition",
        "",
        brief.value_proposition or "(not written yet)",
        "",
        f"Our handles: {', '.join(brief.handles or []) or '(none: set them to keep our replies out of the inbox)'}",
        "",
        "## Communication policy",
        "",
        f"- Tone: {brief.tone}",
        f"- Address: {brief.address or '-'}",
        f"- Never use: {', '.join(brief.never_words) or '-'}",
        f"- Prefer: {', '.join(brief.preferred_words) or '-'}",
        f"- Sign-off: {brief.sign_off or '-'}",
        "- Response targets: "
        + (
            ", ".join(f"{band} {m} min" for band, m in brief.response_targets.items())
            or "the desk's defaults"
        ),
    ]
    sections = [
        (
            "Audiences",
            ["Name", "Who", "Needs", "Where they are"],
            [[a.name, a.who, a.needs, a.where_they_are] for a in brief.audiences],
        ),
        (
            "Competitors",
            ["Name", "Strengths", "Weaknesses", "Channels"],
            [[c.name, c.strengths, c.weaknesses, c.channels] for c in brief.competitors],
        ),
        (
            "Channels",
            ["Name", "Platform", "Kind"],
            [[c.name, c.platform, c.kind] for c in brief.channels],
        ),
        (
            "Goals",
            ["Goal", "Name", "Kind", "Target"],
            [[g.slug, g.name, g.kind, f"{g.target_share:.0%}"] for g in brief.goals],
        ),
    ]
    for title, header, rows in sections:
        lines += ["", f"## {title}", ""]
        if not rows:
            lines.append("(none)")
            continue
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    lines += ["", "## Moderation rules (in order: the first that matches applies)", ""]
    lines += [
        f"{n}. {cell(rule.name)}: if {cell(' and '.join(rule.when))} then {cell(', '.join(rule.then))}"
        for n, rule in enumerate(brief.rules or [], 1)
    ] or ["(none)"]
    return "\n".join(lines) + "\n"
