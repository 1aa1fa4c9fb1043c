"""Saved replies with placeholders, in a language, and a tone check of the draft.

A saved reply's text may hold:

- placeholders: ``{author}`` (the comment's author as shown), ``{first_name}`` (the first
  word of a display name; empty for a handle like ``@olena_k``, and then the comma or space
  before it goes too: "Привіт, {first_name}!" becomes "Привіт!"), ``{brand}``,
  ``{platform}``; any other ``{name}`` stays as typed;
- both forms of address, informal first or formal first: ``{ти:Дякую тобі|ви:Дякуємо вам}``
  (also ``ты``/``вы`` and ``informal``/``formal``), placeholders allowed inside. The brief's
  form of address (``form_of_address``) picks one; without one, the first is used.

A saved reply has a language (ISO 639-1) or none (any language); the reply editor offers
the comment's language first, then the ones for any language, then the others
(``offer_order``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from smmdesk.errors import UserError
from smmdesk.inbox.scoring import (
    PUNCT,
    BrandLexicon,
    analyzer_for,
    normal_phrase,
    score_text,
    word_matches,
)
from smmdesk.store.comment_models import Template

TONE_WARN_BELOW = -0.05
PLACEHOLDERS = ("author", "first_name", "brand", "platform")
MAX_NAME = 80
MAX_TEXT = 2000
MAX_FIRST_NAME = 40

# ISO 639-1, the codes comments.language holds.
LANGUAGES = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy
    da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu
    hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb
    lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om
    or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw
    ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu""".split()
)

# Forms of address, as a brief or a saved reply names them.
FORMS = {
    "ти": "informal", "ты": "informal", "informal": "informal",
    "ви": "formal", "вы": "formal", "formal": "formal",
}  # fmt: skip
_FORM_KEY = "|".join(FORMS)
_FORM_PART = r"(?:[^{}|]|\{\w+\})*"  # text, or placeholders, but no other braces or bars
FORM_RE = re.compile(
    rf"\{{(?P<k1>{_FORM_KEY}):(?P<v1>{_FORM_PART})\|(?P<k2>{_FORM_KEY}):(?P<v2>{_FORM_PART})\}}",
    re.IGNORECASE,
)
FORM_START_RE = re.compile(rf"\{{(?:{_FORM_KEY}):", re.IGNORECASE)
ADDRESS_RE = re.compile(rf"(?<!\w)({_FORM_KEY})(?!\w)", re.IGNORECASE)
PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")
NAME_RE = re.compile(r"[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*")
WORD_RE = re.compile(r"[\w']+")  # words of a draft, after normal_phrase
ENTRY_WORD_RE = re.compile(r"[\w']+\*?")  # words and stems of a never-use entry

# (name, language, text): the demo's saved replies, in English and Ukrainian.
DEFAULT_TEMPLATES = [
    (
        "Apology",
        "en",
        "Hi {author}, we're sorry about this. Please send us a direct message with your "
        "order number and we'll sort it out today. — {brand} team",
    ),
    ("Thanks", "en", "Thank you so much, {author}! We're glad you like it. — {brand}"),
    (
        "Where is my order",
        "en",
        "Hi {author}, thanks for asking! Orders ship within 2 working days; "
        "your tracking link is in the confirmation email. — {brand}",
    ),
    (
        "Price question",
        "en",
        "Hi {author}, great question! Current prices are on our website; "
        "message us and we'll help you pick. — {brand}",
    ),
    (
        "Taking it offline",
        "en",
        "Hi {author}, we hear you. Could you message us directly so we can "
        "look into your case personally? — {brand}",
    ),
    (
        "Вибачення",
        "uk",
        "{ти:Привіт|ви:Вітаємо}, {first_name}! Просимо вибачення. {ти:Напиши|ви:Напишіть} нам, "
        "будь ласка, в особисті номер замовлення, і ми все владнаємо сьогодні. — {brand}",
    ),
    (
        "Дякуємо",
        "uk",
        "Щиро дякуємо, {first_name}! Раді, що {ти:тобі|ви:вам} сподобалося. — {brand}",
    ),
    (
        "Де моє замовлення",
        "uk",
        "{ти:Привіт|ви:Вітаємо}, {first_name}! Дякуємо за запитання. Замовлення відправляємо "
        "протягом 2 робочих днів; посилання для відстеження є в листі-підтвердженні. — {brand}",
    ),
    (
        "Питання про ціну",
        "uk",
        "{ти:Привіт|ви:Вітаємо}, {first_name}! Гарне питання. Актуальні ціни є на нашому сайті; "
        "{ти:напиши|ви:напишіть} нам, і ми допоможемо обрати. — {brand}",
    ),
]


@dataclass(frozen=True)
class Tone:
    compound: float
    warning: str | None
    language: str | None = None  # the draft's, as the scorer detected it
    scored: bool = True  # False: a language the scorer cannot read; words still checked


# --- saved replies: checked, ordered, filled -------------------------------------------


def check_language(code: str | None, where: str = "language") -> str | None:
    """An ISO 639-1 code as stored (lower case), or None for any language."""
    if code is None or code.strip().lower() in ("", "any"):
        return None
    cleaned = code.strip().lower()
    if cleaned not in LANGUAGES:
        shown = code.strip()[:20]
        raise UserError(f"not an ISO 639-1 language code like uk, en or ru: {shown!r}", where)
    return cleaned


def check_template(name: str, text: str) -> tuple[str, str]:
    """The name (stripped) and text of a saved reply, or a UserError."""
    name = name.strip()
    if not name or len(name) > MAX_NAME or any(ch in name for ch in "\r\n\t"):
        raise UserError(f"a saved reply's name is one line of 1 to {MAX_NAME} characters", "name")
    if not text.strip():
        raise UserError("a saved reply needs text", "text")
    if len(text) > MAX_TEXT:
        raise UserError(f"a saved reply is at most {MAX_TEXT} characters", "text")
    for match in FORM_RE.finditer(text):
        if FORMS[match["k1"].lower()] == FORMS[match["k2"].lower()]:
            raise UserError(f"{match[0][:40]!r} gives the same form twice: {{ти:…|ви:…}}", "text")
    if FORM_START_RE.search(FORM_RE.sub("", text)):
        raise UserError("write both forms of address as {ти:informal text|ви:formal text}", "text")
    return name, text


def offer_order(
    templates: Sequence[Template], language: str | None, query: str = ""
) -> list[Template]:
    """The saved replies to offer for a comment in ``language``: that language first, then
    the ones for any language, then the others; fuzzy-matched by ``query`` and tightest
    first within each. A brand's own reply wins over one of the same name for every brand."""
    by_name: dict[str, Template] = {}
    for template in templates:
        if template.name not in by_name or template.brand_id is not None:
            by_name[template.name] = template
    ranked = [by_name[name] for name in fuzzy_rank(query, list(by_name))]

    def group(template: Template) -> int:
        if language and template.language == language:
            return 0
        return 1 if template.language is None else 2

    return sorted(ranked, key=group)  # stable: fuzzy order within a group


def form_of_address(address: str, tone: str = "") -> str | None:
    """``informal`` or ``formal`` as the brief's policy says: the first of ти/ви (ты/вы,
    informal/formal) its forms of address name ("ви; ти only for regulars" is formal), else
    formal for a formal tone; None when it says neither."""
    match = ADDRESS_RE.search(address)
    if match:
        return FORMS[match[1].lower()]
    return "formal" if tone == "formal" else None


def first_name(author: str) -> str:
    """The first word of a display name ("Olena Kovalenko" → "Olena"); empty for a handle
    (@olena, olena_k, k.olena), a lower-case user name or anything but a name."""
    words = author.split()
    if not words:
        return ""
    first = words[0]
    if len(first) > MAX_FIRST_NAME or not NAME_RE.fullmatch(first) or not first[0].isupper():
        return ""
    return first


def fill(template: str, *, form: str | None = None, **values: str) -> str:
    """The form of address ``form`` chose, then known placeholders filled (an empty one
    with the comma or space before it); unknown ``{names}`` and stray braces stay as typed."""
    text = FORM_RE.sub(lambda match: _chosen(match, form), template)
    known = {k: v for k, v in values.items() if k in PLACEHOLDERS}
    for name, value in known.items():
        if not value.strip():
            text = _drop_placeholder(text, name)

    def substitute(match: re.Match[str]) -> str:
        value: str = known.get(match.group(1), match.group(0))
        return value

    return PLACEHOLDER_RE.sub(substitute, text)


def _chosen(match: re.Match[str], form: str | None) -> str:
    if form is not None and FORMS[match["k2"].lower()] == form:
        return match["v2"]
    return match["v1"]


def _drop_placeholder(text: str, name: str) -> str:
    """An empty ``{name}`` goes with its punctuation: "Дякуємо, {x}, за…" → "Дякуємо за…",
    "{x}, дякуємо" → "дякуємо", "Hi {x}, we…" → "Hi, we…"."""
    p = re.escape("{" + name + "}")
    text = re.sub(rf",[ \t]*{p}[ \t]*,[ \t]*", " ", text)
    text = re.sub(rf"(?m)^[ \t]*{p}[ \t]*[,!]?[ \t]*", "", text)
    return re.sub(rf"[ \t]*,?[ \t]*{p}", "", text)


# --- the tone check ----------------------------------------------------------------------


def tone_of(
    draft: str,
    *,
    never_words: Sequence[str] = (),
    sign_off: str | None = None,
    brand_lexicon: BrandLexicon = (),
) -> Tone:
    """The draft's tone, by the comments' scorer (English, Ukrainian and what else it reads);
    the brief's policy adds never-use words (stems with ``*``) and a missing sign-off."""
    score = score_text(draft, brand_lexicon=brand_lexicon)
    compound = score.compound if score.compound is not None else 0.0
    problems = []
    if score.band == "negative":
        words = ", ".join(_negative_words(draft, brand_lexicon)) or "its wording"
        problems.append(f"reads negative ({compound:+.2f}): {words}")
    banned = never_used(draft, never_words)
    if banned:
        problems.append("never-use words: " + ", ".join(banned))
    if sign_off and sign_off.strip() and not _holds(draft, sign_off):
        problems.append(f"missing sign-off {sign_off.strip()!r}")
    scored = score.band != "unscored"
    return Tone(compound, "; ".join(problems) or None, score.language, scored)


def never_used(draft: str, never_words: Sequence[str]) -> list[str]:
    """The brief's never-use words (or phrases) the draft holds, as whole words in any
    case; an entry's word ending in ``*`` is a stem, as in the word lists ("дешев*" finds
    дешево, дешевий)."""
    words = _draft_words(draft)
    found = []
    for entry in never_words:
        parts = ENTRY_WORD_RE.findall(normal_phrase(entry))
        if parts and _find_parts(words, parts):
            found.append(entry.strip())
    return found


def _draft_words(text: str) -> list[str]:
    return [w.strip("'") or w for w in WORD_RE.findall(normal_phrase(text))]


def _find_parts(words: list[str], parts: list[str]) -> bool:
    size = len(parts)
    return any(
        all(word_matches(part, words[i + k]) for k, part in enumerate(parts))
        for i in range(len(words) - size + 1)
    )


def _holds(draft: str, sign_off: str) -> bool:
    """The sign-off's words, in order, in the draft: dashes, apostrophes (’ or '), case and
    line breaks aside."""
    parts = _draft_words(sign_off)
    if not parts:
        return sign_off.strip().casefold() in draft.casefold()
    return _find_parts(_draft_words(draft), parts)


def _negative_words(text: str, brand_lexicon: BrandLexicon = ()) -> list[str]:
    """The draft's words the scorer reads as negative on their own (stems found too)."""
    scorer = analyzer_for(brand_lexicon)
    found: list[str] = []
    for token in text.split():
        word = token.strip(PUNCT)
        if word and word not in found and scorer.polarity_scores(word)["neg"] > 0:
            found.append(word)
    return found[:5]


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
