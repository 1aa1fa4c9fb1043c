"""VADER sentiment for every comment, plus the ``unscored`` rule and question detection.

VADER only knows English. A comment in which it finds no sentiment and that
does not look English is ``unscored``: it ranks as needing a look instead of
passing for neutral.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

NEGATIVE_BELOW = -0.05   # VADER's own published thresholds
POSITIVE_ABOVE = 0.05

# Frequent English words: a text with none of them (and no VADER word) is not English.
COMMON_ENGLISH = frozenset(
    """a an the and or but if of to in on at for with from by about as is are was were be been
    am do does did have has had i you he she it we they me my your our their this that these
    those what where when why who how which can could would should will shall may might must
    not no yes please thanks thank hi hello order product service price delivery help any
    there here just get got still need want know one time day first new same last year
    all more some very much really also again today tomorrow week when
    """.split()
)
QUESTION_WORDS = re.compile(
    r"^\s*(how|what|where|when|why|who|which|can|could|do|does|did|is|are|will|would|any|"
    r"як|що|де|коли|чому|чи|скільки|хто|який|яка|яке|коли|"
    r"cómo|como|qué|que|dónde|donde|cuándo|cuando|por qué|quién)\b",
    re.IGNORECASE,
)
WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Score:
    compound: float | None
    pos: float | None
    neu: float | None
    neg: float | None
    band: str            # negative, neutral, positive, unscored
    is_question: bool


@cache
def analyzer() -> SentimentIntensityAnalyzer:
    """One analyzer per process: building it reads the lexicon (~50 ms)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def band_of(compound: float) -> str:
    if compound <= NEGATIVE_BELOW:
        return "negative"
    if compound >= POSITIVE_ABOVE:
        return "positive"
    return "neutral"


def looks_english(text: str) -> bool:
    words = WORD_RE.findall(text.lower())
    if not words:
        return False
    latin = sum(1 for w in words if w.isascii())
    if latin * 2 < len(words):
        return False
    lexicon = analyzer().lexicon
    # One-letter words ("a", "i") are shared with too many languages to count.
    known = sum(1 for w in words if len(w) > 1 and (w in COMMON_ENGLISH or w in lexicon))
    return known > 0 and known * 5 >= len(words)


def is_question(text: str) -> bool:
    return "?" in text or "¿" in text or bool(QUESTION_WORDS.match(text))


def score_text(text: str) -> Score:
    scores = analyzer().polarity_scores(text)
    question = is_question(text)
    found_sentiment = scores["pos"] > 0 or scores["neg"] > 0
    if not found_sentiment and not looks_english(text):
        return Score(None, None, None, None, "unscored", question)
    compound = scores["compound"]
    return Score(compound, scores["pos"], scores["neu"], scores["neg"], band_of(compound), question)
