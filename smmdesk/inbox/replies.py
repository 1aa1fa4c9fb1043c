"""Saved replies with placeholders, and a tone check of the draft."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from smmdesk.inbox.scoring import score_text

TONE_WARN_BELOW = -0.05
PLACEHOLDERS = ("author", "brand", "platform")

DEFAULT_TEMPLATES = [
    (
        "Apology",
        "Hi {author}, we're sorry about this. Please send us a direct message with your "
        "order number and we'll sort it out today. — {brand} team",
    ),
    ("Thanks", "Thank you so much, {author}! We're glad you like it. — {brand}"),
    (
        "Where is my order",
        "Hi {author}, thanks for asking! Orders ship within 2 working days; "
        "your tracking link is in the confirmation email. — {brand}",
    ),
    (
        "Price question",
        "Hi {author}, great question! Current prices are on our website; "
        "message us and we'll help you pick. — {brand}",
    ),
    (
        "Taking it offline",
        "Hi {author}, we hear you. Could you message us directly so we can "
        "look into your case personally? — {brand}",
    ),
]


@dataclass(frozen=True)
class Tone:
    compound: float
    warning: str | None


def fill(template: str, **values: str) -> str:
    """Fill known placeholders; unknown ``{names}`` and stray braces stay as typed."""
    known = {k: v for k, v in values.items() if k in PLACEHOLDERS}

    def substitute(match: re.Match[str]) -> str:
        value: str = known.get(match.group(1), match.group(0))
        return value

    return re.sub(r"\{(\w+)\}", substitute, template)


def tone_of(draft: str, *, never_words: Sequence[str] = (), sign_off: str | None = None) -> Tone:
    """The draft's tone; the brief's policy adds never-use words and a missing sign-off."""
    score = score_text(draft)
    compound = score.compound if score.compound is not None else 0.0
    problems = []
    if score.band == "negative":
        words = ", ".join(_negative_words(draft)) or "its wording"
        problems.append(f"reads negative ({compound:+.2f}): {words}")
    banned = never_used(draft, never_words)
    if banned:
        problems.append("never-use words: " + ", ".join(banned))
    if sign_off and sign_off.strip() and sign_off.strip().casefold() not in draft.casefold():
        problems.append(f"missing sign-off {sign_off.strip()!r}")
    return Tone(compound, "; ".join(problems) or None)


def never_used(draft: str, never_words: Sequence[str]) -> list[str]:
    """The brief's never-use words (or phrases) the draft holds, matched as whole words."""
    found = []
    for word in never_words:
        word = word.strip()
        if word and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", draft, re.IGNORECASE):
            found.append(word)
    return found


def _negative_words(text: str) -> list[str]:
    from smmdesk.inbox.scoring import analyzer

    lexicon = analyzer().lexicon
    return [w for w in re.findall(r"[\w']+", text.lower()) if lexicon.get(w, 0) < 0][:5]


def fuzzy_rank(query: str, names: list[str]) -> list[str]:
    """Names whose letters contain the query's in order, best (tightest) first."""
    query = query.lower().strip()
    if not query:
        return list(names)
    scored = []
    for name in names:
        span = _subsequence_span(query, name.lower())
        if span is not None:
            scored.append((span, len(name), name))
    return [name for *_, name in sorted(scored)]


def _subsequence_span(query: str, text: str) -> int | None:
    start = text.find(query[0])
    best = None
    while start != -1:
        pos = start
        for ch in query[1:]:
            pos = text.find(ch, pos + 1)
            if pos == -1:
                break
        else:
            span = pos - start
            best = span if best is None else min(best, span)
        start = text.find(query[0], start + 1)
    return best
