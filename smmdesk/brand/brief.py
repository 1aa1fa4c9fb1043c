"""A brand's brief checked: tone, words, response targets, names, goals and handles.

The brief's shape (``Brief``, ``Audience``, ...) and its rows live in
``smmdesk.store.brief``; this is the rule for what a brief may hold, one for
every way a brief arrives (TOML, the Brand section, the demo).
"""

from __future__ import annotations

from collections.abc import Sequence

from smmdesk.calendar.goals import DEFAULT_COLOUR, colour_problem, shares_over_full
from smmdesk.errors import UserError
from smmdesk.inbox.rules import check_rules
from smmdesk.inbox.scoring import MIN_STEM
from smmdesk.store.brands import MAX_HANDLE, clean_handles, is_slug
from smmdesk.store.brief import (
    TARGET_BANDS,
    Audience,
    Brief,
    BriefError,
    ChannelSpec,
    Competitor,
    GoalSpec,
)
from smmdesk.store.rules import RuleSpec

TONES = ("formal", "friendly", "playful")
MAX_TARGET_MIN = 60 * 24 * 30


TARGETS_FORMAT = f"minutes per band: band=minutes (negative=30, question=120), or in order ({', '.join(TARGET_BANDS)})"


def parse_response_targets(value: object) -> dict[str, int]:
    """Response targets as a user writes them, wherever they write them (TOML, the form).

    A TOML table (``{negative = 30}``) is taken as it is; text is either
    ``negative=30, question=120`` or minutes in the order of ``TARGET_BANDS``
    (``30, 120, 240, 1440``: negative, question, unscored, neutral; the rest keep
    their defaults). The values are checked by :func:`validate`, like every brief.
    """
    path = ("policy", "response_targets")
    if isinstance(value, dict):
        return dict(value)
    if not isinstance(value, str):
        raise BriefError(f"response_targets must be a table of {TARGETS_FORMAT}", path)
    parts = [part.strip() for part in value.split(",") if part.strip()]
    named = [part for part in parts if "=" in part]
    if named and len(named) != len(parts):
        raise BriefError(f"write all targets as band=minutes or none, not {value.strip()!r}", path)
    if len(parts) > len(TARGET_BANDS):
        raise BriefError(
            f"{len(parts)} targets for {len(TARGET_BANDS)} bands ({', '.join(TARGET_BANDS)})", path
        )
    targets: dict[str, int] = {}
    for index, part in enumerate(parts):
        band, _, minutes = part.partition("=") if named else (TARGET_BANDS[index], "=", part)
        band, minutes = band.strip().lower(), minutes.strip().lower().removesuffix("min").strip()
        if not minutes.isdigit():
            raise BriefError(f"write {TARGETS_FORMAT}; not {part!r}", (*path, band))
        targets[band] = int(minutes)
    return targets


def _unique_names(items: Sequence[object], attr: str, section: str) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        value = getattr(item, attr).strip()
        if not value:
            raise BriefError(f"each of {section} needs a {attr}", (section, i, attr))
        if value.casefold() in seen:
            raise BriefError(f"{section} lists {value!r} twice", (section, i, attr))
        seen.add(value.casefold())


def _words(words: list[str], key: str) -> list[str]:
    out, seen = [], set()
    for i, word in enumerate(words):
        if not isinstance(word, str):
            raise BriefError(f"{key} holds words (text), not {word!r}", ("policy", key, i))
        cleaned = " ".join(word.split())
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            out.append(cleaned)
    return out


def _check_stems(entry: str, path: tuple[str | int, ...]) -> None:
    """A never-use word may end in ``*`` (every form: "дешев*"), as in the word lists."""
    for word in entry.split():
        if "*" in word[:-1]:
            raise BriefError(f"* may only end a word ({word!r})", path)
        if word.endswith("*") and len(word) <= MIN_STEM:
            raise BriefError(f"a stem needs at least {MIN_STEM} letters before * ({word!r})", path)


def validate(brief: Brief) -> Brief:
    """Check a brief; returns it with words de-duplicated and names stripped."""
    if brief.tone not in TONES:
        raise BriefError(
            f"tone must be formal, friendly or playful, not {brief.tone!r}", ("policy", "tone")
        )
    brief.never_words = _words(brief.never_words, "never_words")
    for i, word in enumerate(brief.never_words):
        _check_stems(word, ("policy", "never_words", i))
    brief.preferred_words = _words(brief.preferred_words, "preferred_words")
    clash = {w.casefold() for w in brief.never_words} & {
        w.casefold() for w in brief.preferred_words
    }
    if clash:
        raise BriefError(
            f"{sorted(clash)[0]!r} is both a never-use and a preferred word",
            ("policy", "preferred_words"),
        )
    for band, minutes in brief.response_targets.items():
        path = ("policy", "response_targets", band)
        if band not in TARGET_BANDS:
            raise BriefError(
                f"response targets are for {', '.join(TARGET_BANDS)}, not {band!r}", path
            )
        if (
            isinstance(minutes, bool)
            or not isinstance(minutes, int)
            or not 1 <= minutes <= MAX_TARGET_MIN
        ):
            raise BriefError(
                f"response target for {band} must be whole minutes, 1 to {MAX_TARGET_MIN}, "
                f"not {minutes!r}",
                path,
            )
    _unique_names(brief.audiences, "name", "audiences")
    _unique_names(brief.competitors, "name", "competitors")
    _unique_names(brief.channels, "name", "channels")
    _unique_names(brief.goals, "slug", "goals")
    for i, goal in enumerate(brief.goals):
        if not is_slug(goal.slug):
            raise BriefError(
                f"goal slug must be lowercase letters, digits, - or _, {goal.slug!r}",
                ("goals", i, "slug"),
            )
        if not goal.name.strip():
            raise BriefError("each goal needs a name", ("goals", i, "name"))
        if goal.kind not in ("organic", "ad"):
            raise BriefError(
                f"goal kind must be organic or ad, {goal.kind!r}", ("goals", i, "kind")
            )
        colour = goal.colour if isinstance(goal.colour, str) else repr(goal.colour)
        problem = colour_problem(colour or DEFAULT_COLOUR)
        if problem:
            raise BriefError(problem, ("goals", i, "colour"))
        goal.colour = (colour or DEFAULT_COLOUR).strip().lower()
        share = goal.target_share
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
            raise BriefError(
                f"target_share must be a number from 0 to 1 (0.3 = 30 %), {share!r}",
                ("goals", i, "target_share"),
            )
    over = shares_over_full(brief.goals)
    if over is not None:
        kind, total = over
        last = max(i for i, g in enumerate(brief.goals) if g.kind == kind)
        raise BriefError(
            f"targets of {kind} goals add up to {total:.0%}, over 100 %",
            ("goals", last, "target_share"),
        )
    named: list[Audience | Competitor | ChannelSpec | GoalSpec] = [
        *brief.audiences,
        *brief.competitors,
        *brief.channels,
        *brief.goals,
    ]
    for item in named:
        item.name = item.name.strip()
    if brief.handles is not None:
        for i, handle in enumerate(brief.handles):
            if not isinstance(handle, str):
                raise BriefError(
                    f"handles holds account names (text), not {handle!r}", ("handles", i)
                )
            if "," in handle:
                raise BriefError(
                    f"a handle cannot hold a comma, {handle.strip()!r}", ("handles", i)
                )
            if len(handle.strip()) > MAX_HANDLE:
                raise BriefError(f"a handle is at most {MAX_HANDLE} characters", ("handles", i))
        brief.handles = list(clean_handles(brief.handles))
    if brief.rules is not None:
        brief.rules = _rules(brief.rules)
    return brief


def _rules(rules: list[RuleSpec]) -> list[RuleSpec]:
    """Each rule parsed by the one grammar (``inbox.rules``); a mistake names the rule."""
    for i, rule in enumerate(rules):
        try:
            check_rules([rule])
        except UserError as exc:
            key = "if" if ", if " in str(exc) else "then" if ", then " in str(exc) else "name"
            raise BriefError(str(exc), ("rules", i, key)) from None
    try:
        return check_rules(rules)
    except UserError as exc:
        raise BriefError(str(exc), ("rules",)) from None
