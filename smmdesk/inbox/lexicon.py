"""Brand word lists: extra words and phrases with valences, per brand.

An entry is scored like the Ukrainian lexicon's (see ``lexicons/uk.tsv``): a
word ("refund"), a stem ending in ``*`` ("розетк*" for every form of a
competitor's name) or a phrase of words ("не працює", "money back"), with a
valence on VADER's -4..+4 scale. Adding, changing or removing an entry
rescores the brand's open comments in the same transaction; triaged comments
keep the score they were handled with.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from smmdesk.errors import UserError
from smmdesk.inbox import priority
from smmdesk.inbox.scoring import MIN_STEM, BrandLexicon, freeze_lexicon, normal_phrase, score_text
from smmdesk.store import Store
from smmdesk.store import lexicon as q
from smmdesk.store.brands import Brand

MAX_PHRASE = 100
VALENCE_MIN, VALENCE_MAX = -4.0, 4.0


@dataclass(frozen=True)
class Entry:
    phrase: str
    valence: float


@dataclass(frozen=True)
class Change:
    entry: Entry | None  # None after a removal
    rescored: int  # open comments scored again
    changed_band: int  # of which changed band (negative, neutral, ...)


def brand_lexicon_of(store: Store, brand_id: int) -> BrandLexicon:
    """The brand's word list as the scorer takes it (hashable, picklable)."""
    return freeze_lexicon(
        (row["phrase"], row["valence"]) for row in q.list_entries(store, brand_id)
    )


def list_words(store: Store, brand: Brand) -> list[Entry]:
    return [Entry(row["phrase"], row["valence"]) for row in q.list_entries(store, brand.id)]


def parse_valence(value: float | str, where: str = "valence") -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise UserError(f"valence must be a number from -4 to 4, not {value!r}, {where}") from None
    if not math.isfinite(number) or not VALENCE_MIN <= number <= VALENCE_MAX:
        raise UserError(f"valence must be from -4 to 4, not {value!r}, {where}")
    return number


def check_phrase(phrase: str, where: str = "phrase") -> str:
    """The phrase as stored (lower case, single spaces), or a UserError."""
    if any(ch in phrase for ch in "\t\r\n"):
        raise UserError(f"a phrase is one line without tabs, {where}")
    normal = normal_phrase(phrase)
    if not normal or not normal.replace("*", ""):
        raise UserError(f"a phrase needs at least one word, {where}")
    if len(normal) > MAX_PHRASE:
        raise UserError(f"a phrase is at most {MAX_PHRASE} characters, {where}")
    words = normal.split()
    for number, word in enumerate(words):
        if "*" in word[:-1]:
            raise UserError(f"* may only end a word ({word!r}), {where}")
        if word.endswith("*") and len(word) <= MIN_STEM:
            raise UserError(
                f"a stem needs at least {MIN_STEM} letters before * ({word!r}), {where}"
            )
        if number == 0 and word.endswith("*") and len(words) > 1:
            raise UserError(f"a phrase starts with a whole word, not a stem ({word!r}), {where}")
    return normal


def add_word(store: Store, brand: Brand, phrase: str, valence: float | str) -> Change:
    """Add or change an entry and rescore the brand's open comments, all or nothing."""
    normal = check_phrase(phrase)
    number = parse_valence(valence)
    with store.transaction():
        q.upsert_entry(store, brand.id, normal, number)
        rescored, changed = rescore_open(store, brand)
    return Change(Entry(normal, number), rescored, changed)


def remove_word(store: Store, brand: Brand, phrase: str) -> Change:
    normal = normal_phrase(phrase)
    with store.transaction():
        if not q.delete_entry(store, brand.id, normal):
            raise UserError(f"no word {phrase!r} in the list of {brand.slug}, phrase")
        rescored, changed = rescore_open(store, brand)
    return Change(None, rescored, changed)


def rescore_open(store: Store, brand: Brand) -> tuple[int, int]:
    """Score the brand's open comments again with its current word list.

    Recomputes band, scores, tier and urgent_at (``priority.rank``) in one
    transaction; comments already triaged are left as they were handled.
    Returns (comments rescored, of which changed band).
    """
    words = brand_lexicon_of(store, brand.id)
    targets = priority.targets_for(store, brand.id)
    updates = []
    changed = 0
    with store.transaction():
        for comment in q.open_comments_of_brand(store, brand.id):
            score = score_text(comment.text, brand_lexicon=words)
            rescored = replace(
                comment,
                compound=score.compound,
                band=score.band,
                is_question=score.is_question,
            )
            rank = priority.rank(rescored, targets)
            changed += comment.band != score.band
            updates.append(
                (
                    *score.stored(),
                    score.language,
                    rank.tier,
                    rank.urgent_at,
                    comment.id,
                )
            )
        q.update_scores(store, updates)
    return len(updates), changed
