"""Sentiment for every comment, in English, Ukrainian and Russian, plus ``unscored`` and questions.

VADER's rules do the scoring, in our own implementation of them (:class:`LexiconAnalyzer`:
VADER 3.3.2's lexicon and rules, rule for rule, several times faster than its own class),
which reads more words through those rules instead of scoring beside them:

- Ukrainian and Russian lexicons (``lexicons/uk.tsv``, ``lexicons/ru.tsv``:
  words, stems and phrases with VADER valences), both for every comment:
  surzhyk mixes them, and a Russian curse in a comment detected as Ukrainian
  still counts (where both have an entry the Ukrainian one is kept). Every
  token is looked up by its longest matching stem, so жахливий, жахлива and
  жахливо all find ``жахлив*``;
- Ukrainian and Russian negations, intensifiers and contrast words are rewritten
  to the English words VADER already handles (не → not, дуже/очень → very,
  трохи → slightly, але/но → but), so "не дуже добре" is scored exactly like
  "not very good": negative. Negative concord counts once (ніхто не відповів,
  без жодної помилки, ни одной проблемы);
- emoji valences of our own (``lexicons/emoji.tsv``), in every language; an
  emoji we have no valence for is unknown (VADER would score the words of its
  name: 🎲 "game die" −2.9);
- a brand's word list (``brand_lexicon``), in the same syntax, over all that.

English text is scored exactly as by plain VADER unless a brand word or an
emoji of ours is in it.

A comment with no sentiment word in a language we cannot score is
``unscored``: it ranks as needing a look instead of passing for neutral.
"""

from __future__ import annotations

import copy
import math
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, cast

from smmdesk.textsafe import BIDI_CONTROLS

if TYPE_CHECKING:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

NEGATIVE_BELOW = -0.05  # VADER's own published thresholds
POSITIVE_ABOVE = 0.05
# A text in these languages with no sentiment word is neutral; in any other, unscored.
SCORED_LANGUAGES = frozenset({"en", "uk", "ru"})

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
    r"как|что|где|когда|почему|зачем|сколько|кто|какой|какая|какое|какие|"
    r"cómo|como|qué|que|dónde|donde|cuándo|cuando|por qué|quién)\b",
    re.IGNORECASE,
)
WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)

# Ukrainian and Russian mapped onto VADER's rule words.
NEGATIONS = {
    "не": "not",
    "ні": "not",
    "нє": "not",
    "немає": "not",
    "немае": "not",
    "нема": "not",
    "без": "without",
    "ніколи": "never",
    "нічого": "nothing",
    "ніде": "nowhere",
    "ніхто": "not",
    "нет": "not",
    "нету": "not",
    "ни": "not",
    "никогда": "never",
    "ничего": "nothing",
    "никто": "not",
    "нигде": "nowhere",
    "ничуть": "not",
    "нисколько": "not",
}
NEGATION_STEMS = ("жодн", "ніяк", "никак")  # жоден, жодного, ніякої...
# Negations that follow what they negate: "нарікань немає", "проблем нет", "претензій
# ніяких", "нарікань не має". VADER looks for a negation before a word only.
POSTPOSED = frozenset({"немає", "немае", "нема", "нет", "нету"})
POSTPOSED_VERBS = frozenset({"має", "було", "виникло", "виникало", "было", "возникло"})
INTENSIFIERS = {
    w: "very"
    for w in """дуже надто занадто зовсім абсолютно повністю цілком геть вкрай
    страшенно неймовірно надзвичайно реально справді дійсно шалено максимально настільки
    взагалі найбільш такий така таке такі очень слишком совсем вообще реально капец
    крайне весьма чрезвычайно безумно дико совершенно полностью абсолютно настолько столь
    сильно самый самая самое самые такой такая такое такие""".split()
}
DAMPENERS = {
    w: "slightly"
    for w in """трохи трішки трошки злегка ледь ледве майже дещо частково
    відносно немного чуть слегка почти едва довольно отчасти частично относительно""".split()
}
CONTRAST = {w: "but" for w in "але проте однак зате но однако".split()}
RULE_WORDS = {**NEGATIONS, **INTENSIFIERS, **DAMPENERS, **CONTRAST}
# Invisible parts of emoji sequences: variation selectors, zero-width joiner, skin tones.
EMOJI_MODIFIERS = frozenset({"\ufe0e", "\ufe0f", "\u200d", *map(chr, range(0x1F3FB, 0x1F400))})
PUNCT = string.punctuation + "«»„“”‘’‹›…—–·•"
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "′": "'"})
# Invisible in a word (zero-width, soft hyphen, bidi marks, BOM): "жах\u200bливо" is жахливо.
# Not the joiner U+200D, which ties emoji sequences together.
INVISIBLE_CHARS = BIDI_CONTROLS | set("\u00ad\u200b\u200c\u2060\ufeff")
INVISIBLE = str.maketrans(dict.fromkeys(map(ord, INVISIBLE_CHARS)))
# str.translate looks every character up: a search for the few that matter is ~10x faster.
HAS_INVISIBLE = re.compile("[" + "".join(map(re.escape, sorted(INVISIBLE_CHARS))) + "]")
MIN_STEM = 3
BARE_VALENCE = -0.6
PHRASE_HEAD, NEGATION_WORD = 1, 4  # token flags
CLAUSE_END = frozenset(",.;:!?…")
FILLER = "| |"  # between clauses, so that a negation does not reach past a comma; never a
# token of the text itself, which is split on whitespace
_MISSING = object()

BrandLexicon = tuple[tuple[str, float], ...]
Candidates = list[tuple[tuple[str, ...], str]] | tuple[()]


NEGATIVE_STARS = 2


@dataclass(frozen=True)
class Score:
    compound: float | None
    pos: float | None
    neu: float | None
    neg: float | None
    band: str  # negative, neutral, positive, unscored
    is_question: bool
    language: str | None = None  # ISO 639-1, None when the text has no words

    def stored(self) -> tuple[float | None, float | None, float | None, float | None, str, int]:
        """compound, pos, neu, neg, band, is_question as a comment's row holds them, in that
        order (the import's insert and a rescore's update both write them so)."""
        return (self.compound, self.pos, self.neu, self.neg, self.band, int(self.is_question))


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def read_lexicon(text: str) -> list[tuple[str, float]]:
    """(entry, valence) pairs of a lexicon file: ``entry<TAB>valence``, ``#`` comments."""
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        entry, _, rest = line.partition("\t")
        try:
            entries.append((entry.strip(), float(rest.split("\t")[0])))
        except ValueError:
            raise ValueError(f"lexicon line {number}: {line!r}") from None
    return entries


def read_emoji(text: str) -> dict[str, float]:
    return dict(read_lexicon(text))


@cache
def _lexicon_files() -> tuple[list[tuple[str, float]], dict[str, float]]:
    folder = resources.files("smmdesk.inbox") / "lexicons"
    # Russian first: an entry both files have keeps its Ukrainian valence.
    words = [
        *read_lexicon((folder / "ru.tsv").read_text(encoding="utf-8")),
        *read_lexicon((folder / "uk.tsv").read_text(encoding="utf-8")),
    ]
    emoji = read_emoji((folder / "emoji.tsv").read_text(encoding="utf-8"))
    return words, emoji


def normal_phrase(phrase: str) -> str:
    """How an entry is matched: lower case, single spaces, one kind of apostrophe."""
    return " ".join(phrase.translate(INVISIBLE).translate(APOSTROPHES).lower().split())


# --- VADER's rules, our own implementation -----------------------------------------------
# VADER 3.3.2's polarity_scores (tokens, boosters, negation, ALL CAPS, "no", "least",
# "kind of", idioms, "but", ! and ?, normalisation), rule for rule and in the same order
# of arithmetic, so that every text scores exactly as through VADER's own class with our
# rewrite between its tokenising and its scoring (tests/inbox/test_scoring_equivalence.py
# checks it against that class). What makes it faster: each whitespace token is looked at
# once per process (its VADER form, our rewrite, what the rules read of it: a _Token),
# nothing is lower-cased or copied again per sentiment word, and the rules run only where
# a text has what they look for (the marks of its tokens).

# What a text holds, as the OR of its tokens' marks: a rule whose words a text lacks is
# not asked. NEAR_NEGATION: a word _negation_check looks for (a negation, "so", "this").
SENTIMENT, BUT, IDIOM, FILLER_MARK, UPPER, NOT_UPPER, REWRITE = 1, 2, 4, 8, 16, 32, 64
NO, LEAST, NEAR_NEGATION, BOOSTER = 128, 256, 512, 1024
CACHE_SIZE = 100_000  # tokens (and words) kept per analyzer


@dataclass(frozen=True)
class VaderRules:
    """VADER's own data: its lexicon and emoji names, and the constants of its rules."""

    lexicon: dict[str, float]
    emojis: dict[str, str]
    boosters: dict[str, float]
    negate: frozenset[str]
    special_cases: dict[str, float]
    idiom_words: frozenset[str]  # every word of SPECIAL_CASES and of the n-gram boosters
    idiom_anchors: frozenset[str]  # one word of each: a text without any has none of them
    c_incr: float
    n_scalar: float


@cache
def vader_rules() -> VaderRules:
    from vaderSentiment.vaderSentiment import (
        BOOSTER_DICT,
        C_INCR,
        N_SCALAR,
        NEGATE,
        SPECIAL_CASES,
    )

    plain = plain_analyzer()
    phrases = [p.split() for p in [*SPECIAL_CASES, *BOOSTER_DICT] if " " in p]
    return VaderRules(
        lexicon=dict(plain.lexicon),
        emojis=dict(plain.emojis),
        boosters=dict(BOOSTER_DICT),
        negate=frozenset(NEGATE),
        special_cases=dict(SPECIAL_CASES),
        idiom_words=frozenset(word for phrase in phrases for word in phrase),
        # the first uncommon word of each ("kiss of death": kiss), else its first
        idiom_anchors=frozenset(
            next((w for w in phrase if w not in COMMON_ENGLISH), phrase[0]) for phrase in phrases
        ),
        c_incr=float(C_INCR),
        n_scalar=float(N_SCALAR),
    )


class _Word:
    """What VADER's rules read of one token they see (a word after our rewrite)."""

    __slots__ = ("caps", "low", "marks", "negates", "scalar", "text", "valence")

    def __init__(self, text: str, rules: VaderRules, lexicon: Mapping[str, float]) -> None:
        low = text.lower()
        self.text = text
        self.low = low
        self.valence: float | None = lexicon.get(low)  # None: not in the lexicon
        self.scalar = rules.boosters.get(low, 0.0)  # as a booster of the word after it
        self.caps = text.isupper()
        self.negates = low in rules.negate or "n't" in low  # VADER's negated([low])
        booster = low in rules.boosters
        self.marks = (
            (SENTIMENT if self.valence is not None and not booster else 0)
            | (BUT if low == "but" else 0)
            | (IDIOM if low in rules.idiom_anchors else 0)
            | (FILLER_MARK if low == FILLER else 0)
            | (NO if low == "no" else 0)
            | (LEAST if low == "least" else 0)
            | (NEAR_NEGATION if self.negates or low in ("so", "this") else 0)
            | (BOOSTER if self.scalar else 0)
        )


class _Token:
    """One whitespace token of a text: VADER's form of it and our rewrite of that."""

    __slots__ = ("flags", "marks", "plain", "word")

    def __init__(self, plain: str, flags: int, upper: bool, word: _Word) -> None:
        self.plain = plain  # stripped, lower case: what our words and phrases match
        self.flags = flags  # PHRASE_HEAD | NEGATION_WORD
        self.word = word  # the word VADER's rules see
        # upper: VADER's form is ALL CAPS (for its "cap differential")
        self.marks = word.marks | (UPPER if upper else NOT_UPPER) | (REWRITE if flags else 0)


_EMPTY = {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
_NEUTRAL = {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": 0.0}


class LexiconAnalyzer:
    """VADER with the Ukrainian and Russian lexicons, our emoji valences and brand words."""

    def __init__(self) -> None:
        rules = vader_rules()
        self.rules = rules
        self.lexicon: dict[str, float] = dict(rules.lexicon)
        self.words: dict[str, str] = dict(RULE_WORDS)  # exact token -> token VADER sees
        self.stems: dict[str, str | None] = {}  # stem -> lexicon key; None stops
        self.max_stem = 0
        # first word -> second word (or stem*) -> [(words, lexicon key)], longest first
        self.phrases: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = {}
        self.latin_stems = False
        self.cache: dict[str, _Token] = {}  # whitespace token -> what it is
        self.seen: dict[str, _Word] = {}  # word VADER sees -> what its rules read
        # (first word, second word) -> the phrases they may start; many start with не
        self.phrase_cache: dict[tuple[str, str], Candidates] = {}
        words, emoji = _lexicon_files()
        for entry, valence in words:
            self.add_entry(entry, valence)
        self.lexicon[BARE_NEGATION] = BARE_VALENCE
        emojis = dict(rules.emojis)
        for char, valence in emoji.items():
            self.lexicon[char] = valence
            emojis[char] = f"{char} "
        # Ours stay themselves (their valence is in the lexicon); any other emoji VADER
        # knows becomes a space instead of the words of its name, which VADER would score
        # ("game die" -2.9); modifiers vanish. VADER replaces single characters only.
        self.emoji_table = {
            ord(char): f" {char} " if char in emoji else " " for char in emojis if len(char) == 1
        }
        self.emoji_table.update({ord(char): "" for char in EMOJI_MODIFIERS})
        # What may be one of them: the few below U+2100, and anything from there on
        # (a class of a thousand characters outside the BMP is searched slowly).
        below = "".join(re.escape(chr(c)) for c in sorted(self.emoji_table) if c < 0x2100)
        self.may_have_emoji = re.compile(f"[{below}\u2100-\U0010ffff]")

    def add_entry(self, entry: str, valence: float) -> None:
        """A word, a ``stem*`` or a phrase of words and stems, with its valence."""
        entry = normal_phrase(entry)
        parts = tuple(entry.split())
        if len(parts) > 1:
            key = "_".join(parts)
            self.lexicon[key] = valence
            following = self.phrases.setdefault(parts[0], {}).setdefault(parts[1], [])
            following[:] = [p for p in following if p[0] != parts]
            following.append((parts, key))
            following.sort(key=lambda p: -len(p[0]))
        elif entry.endswith("*") and len(entry) > MIN_STEM:
            stem = entry[:-1]
            if valence == 0:
                self.stems[stem] = None
            else:
                self.stems[stem] = entry
                self.lexicon[entry] = valence
            self.max_stem = max(self.max_stem, len(stem))
            self.latin_stems = self.latin_stems or not _is_cyrillic(stem)
        elif entry:
            self.words[entry] = entry
            self.lexicon[entry] = valence
        self.cache.clear()
        self.seen.clear()
        self.phrase_cache.clear()

    def with_entries(self, entries: Iterable[tuple[str, float]]) -> LexiconAnalyzer:
        """A copy with more entries (a brand's words); this analyzer is unchanged."""
        other = copy.copy(self)
        other.lexicon = dict(self.lexicon)
        other.words = dict(self.words)
        other.stems = dict(self.stems)
        other.phrases = {k: {w: list(p) for w, p in v.items()} for k, v in self.phrases.items()}
        other.cache = {}
        other.seen = {}
        other.phrase_cache = {}
        for entry, valence in entries:
            other.add_entry(entry, valence)
        return other

    # --- tokens ------------------------------------------------------------------------

    def _token(self, piece: str) -> _Token:
        """A whitespace token: VADER's form (punctuation stripped unless that leaves two
        characters or fewer: an emoticon), then our rewrite of it."""
        stripped = piece.strip(string.punctuation)
        token = piece if len(stripped) <= 2 else stripped
        plain = token.strip(PUNCT).lower().translate(APOSTROPHES) or token
        seen = self.words.get(plain)
        if seen is None and plain.startswith(NEGATION_STEMS):
            seen = "not"
        if seen is None and (self.latin_stems or _is_cyrillic(plain)):
            stems = self.stems
            for size in range(min(len(plain), self.max_stem), MIN_STEM - 1, -1):
                key = stems.get(plain[:size], _MISSING)
                if key is not _MISSING:  # a stem's lexicon key, or None: stop
                    seen = cast("str | None", key)
                    break
        if seen is None:
            seen = token
        elif token.isupper() and len(plain) > 1:
            seen = seen.upper()  # ALL CAPS emphasis survives the rewrite
        negation = plain in NEGATIONS or plain.startswith(NEGATION_STEMS)
        flags = (PHRASE_HEAD if plain in self.phrases else 0) | (NEGATION_WORD if negation else 0)
        found = _Token(plain, flags, token.isupper(), self._word(seen))
        if len(self.cache) < CACHE_SIZE:
            self.cache[piece] = found
        return found

    def _word(self, text: str) -> _Word:
        word = self.seen.get(text)
        if word is None:
            word = _Word(text, self.rules, self.lexicon)
            if len(self.seen) < CACHE_SIZE:
                self.seen[text] = word
        return word

    def _rewrite(self, tokens: list[_Token], raw: list[str]) -> list[_Word]:
        """Negations and phrases of ours, for a text that has any (``raw``: its whitespace
        tokens, with their punctuation)."""
        flags = 0
        for token in tokens:
            flags |= token.flags
        if not flags & NEGATION_WORD and not self._phrase_may_start(tokens):
            return [t.word for t in tokens]  # only words that start phrases elsewhere
        pairs = [(t.plain, t.word.text, t.flags) for t in tokens]
        if flags & NEGATION_WORD:
            pairs = _postposed(pairs, raw, self.lexicon)
            pairs = _close_clauses(pairs, raw)
        if flags & PHRASE_HEAD:
            pairs = self._join_phrases(pairs)
        if flags & NEGATION_WORD:
            pairs = _bare(_concord(pairs, self.lexicon), self.lexicon)
        return [self._word(seen) for _, seen, _ in pairs]

    def _phrase_may_start(self, tokens: list[_Token]) -> bool:
        """Whether a phrase's first two words are in the text (na, в, все, дякую start
        phrases of ours, and most texts have one of them)."""
        return any(
            token.flags & PHRASE_HEAD and self._phrases_of(token.plain, after.plain)
            for token, after in zip(tokens, tokens[1:], strict=False)
        )

    def _phrases_of(self, first: str, second: str) -> Candidates:
        candidates = self.phrase_cache.get((first, second))
        if candidates is None:
            candidates = self._candidates(self.phrases.get(first, {}), second)
            if len(self.phrase_cache) < CACHE_SIZE:
                self.phrase_cache[first, second] = candidates
        return candidates

    def _join_phrases(self, pairs: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
        out = []
        i = 0
        while i < len(pairs):
            first = pairs[i][0]
            following = self.phrases.get(first)
            if following and i + 1 < len(pairs):
                candidates = self._phrases_of(first, pairs[i + 1][0])
                for parts, key in candidates:
                    end = i + len(parts)
                    if end <= len(pairs) and all(
                        word_matches(part, pairs[i + k][0]) for k, part in enumerate(parts[2:], 2)
                    ):
                        out.append((key, key, 0))
                        i = end
                        break
                else:
                    out.append(pairs[i])
                    i += 1
                continue
            out.append(pairs[i])
            i += 1
        return out

    @staticmethod
    def _candidates(
        following: dict[str, list[tuple[tuple[str, ...], str]]], second: str
    ) -> Candidates:
        """Phrases whose second word is ``second`` or one of its stems, longest first."""
        found = following.get(second)
        for word, phrases in following.items():
            if word[-1] == "*" and second.startswith(word[:-1]):
                found = phrases if found is None else [*found, *phrases]
        if found is None:
            return ()
        return sorted(found, key=lambda p: -len(p[0])) if len(found) > 1 else found

    # --- scores ------------------------------------------------------------------------

    def polarity_scores(self, text: str) -> dict[str, float]:
        """VADER's four scores of ``text``: neg, neu, pos and compound."""
        plain_text = text
        if not text.isascii() and self.may_have_emoji.search(text):
            plain_text = text.translate(self.emoji_table)
        raw = plain_text.split()
        cache = self.cache
        tokens = []
        marks = 0
        for piece in raw:
            token = cache.get(piece) or self._token(piece)
            tokens.append(token)
            marks |= token.marks
        # VADER's cap differential: some of its tokens are ALL CAPS, not all.
        caps_diff = marks & (UPPER | NOT_UPPER) == UPPER | NOT_UPPER
        if marks & REWRITE:
            words = self._rewrite(tokens, raw)
            marks = 0
            for word in words:
                marks |= word.marks
        else:
            words = [t.word for t in tokens]
        if not words:
            return dict(_EMPTY)
        if not marks & SENTIMENT:
            return dict(_NEUTRAL)  # every valence 0, whatever the punctuation
        return self._scores(words, marks, caps_diff, text)

    def _scores(
        self, words: list[_Word], marks: int, caps_diff: bool, text: str
    ) -> dict[str, float]:
        lows = [w.low for w in words]
        last = len(words) - 1
        sentiments = [0.0] * len(words)
        for i, word in enumerate(words):
            if word.marks & SENTIMENT and not (
                word.low == "kind" and i < last and lows[i + 1] == "of"
            ):
                sentiments[i] = self._valence(i, words, lows, caps_diff, marks)
        if marks & BUT:
            _but_check(sentiments, lows.index("but"))
        if marks & FILLER_MARK:
            sentiments = [v for v, low in zip(sentiments, lows, strict=True) if low != FILLER]
        return _score_valence(sentiments, text)

    def _valence(
        self, i: int, words: list[_Word], lows: list[str], caps_diff: bool, marks: int
    ) -> float:
        """VADER's sentiment_valence of the lexicon word ``words[i]``; ``marks``: the text's."""
        rules = self.rules
        c_incr, n_scalar = rules.c_incr, rules.n_scalar
        word = words[i]
        base = cast(float, word.valence)
        valence = base
        if marks & NO:
            if word.low == "no" and i != len(words) - 1 and words[i + 1].valence is not None:
                valence = 0.0  # "no" negates the next lexicon word instead
            if (
                (i > 0 and lows[i - 1] == "no")
                or (i > 1 and lows[i - 2] == "no")
                or (i > 2 and lows[i - 3] == "no" and lows[i - 1] in ("or", "nor"))
            ):
                valence = base * n_scalar
        if word.caps and caps_diff:
            valence = valence + c_incr if valence > 0 else valence - c_incr
        if not marks & (BOOSTER | NEAR_NEGATION | IDIOM | LEAST):
            return valence  # what follows would add 0.0 three times
        for start_i in range(3):
            if i <= start_i:
                break
            before = words[i - (start_i + 1)]
            if before.valence is not None:
                continue
            scalar = before.scalar  # VADER's scalar_inc_dec
            if scalar:
                if valence < 0:
                    scalar = -scalar
                if before.caps and caps_diff:
                    scalar = scalar + c_incr if valence > 0 else scalar - c_incr
                if start_i == 1:
                    scalar = scalar * 0.95
                elif start_i == 2:
                    scalar = scalar * 0.9
            valence = valence + scalar
            if marks & NEAR_NEGATION:
                valence = _negation_check(valence, words, lows, start_i, i, n_scalar)
            if (
                start_i == 2
                and marks & IDIOM
                and not rules.idiom_words.isdisjoint(lows[i - 3 : i + 3])
            ):
                valence = _special_idioms_check(valence, lows, i, rules)
        return _least_check(valence, words, lows, i, n_scalar) if marks & LEAST else valence


def word_matches(part: str, plain: str) -> bool:
    return plain.startswith(part[:-1]) if part.endswith("*") else plain == part


def _close_clauses(pairs: list[tuple[str, str, int]], raw: list[str]) -> list[tuple[str, str, int]]:
    """After a Ukrainian negation, a comma or full stop ends its reach ("Ні, все добре")."""
    out = []
    since = 99
    for pair, token in zip(pairs, raw, strict=True):
        out.append(pair)
        since = 0 if pair[2] & NEGATION_WORD else since + 1
        if since < 3 and token[-1] in CLAUSE_END:
            out += [(FILLER, FILLER, 0)] * 3
            since = 99
    return out


def _postposed(
    pairs: list[tuple[str, str, int]], raw: list[str], lexicon: Mapping[str, float]
) -> list[tuple[str, str, int]]:
    """A sentiment word goes after the negation that follows it at the end of a clause
    ("проблем немає." is scored as "немає проблем"), so that VADER's look-back negation
    reaches it. ``raw``: the tokens with their punctuation; "Дякую, нема за що" and
    "Дякую нема за що" stay as they are."""
    out = list(pairs)
    last = len(raw) - 1

    def ends(k: int) -> bool:
        return k == last or raw[k][-1] in CLAUSE_END

    j = 1
    while j < len(out):  # j: a negation, i: the word before it
        i, plain = j - 1, out[j][0]
        if out[j][2] & NEGATION_WORD and out[i][1].lower() in lexicon and not ends(i):
            if (plain in POSTPOSED or plain.startswith(NEGATION_STEMS)) and ends(j):
                out[i : j + 1] = [out[j], out[i]]
                j += 2
                continue
            if (
                plain == "не"
                and j < last
                and out[j + 1][0] in POSTPOSED_VERBS
                and not ends(j)
                and ends(j + 1)
            ):
                out[i : j + 2] = [out[j], out[j + 1], out[i]]
                j += 3
                continue
        j += 1
    return out


BARE_NEGATION = "не_"  # lexicon key: a negation with no sentiment word after it


def _bare(
    pairs: list[tuple[str, str, int]], lexicon: Mapping[str, float]
) -> list[tuple[str, str, int]]:
    """A negation with no sentiment word in the three after it ("не ловить", "не встиг")
    is a mild complaint of its own: customers mostly write "не" about what went wrong.
    Not a "Ні," or "Нет." answering a question."""
    out = list(pairs)
    for i, (plain, seen, flags) in enumerate(pairs):
        after = pairs[i + 1 : i + 4]
        if (
            flags & NEGATION_WORD
            and seen != plain  # not a negation that concord already made a plain word
            and not (plain in ANSWERS and (not after or after[0][0] == FILLER))
            and not any(p[1].lower() in lexicon or p[1] in BARE_STOP for p in after)
        ):
            out[i] = (plain, BARE_NEGATION, 0)
    return out


BARE_STOP = frozenset({"not", "but"})
ANSWERS = frozenset({"ні", "нє", "нет"})


def _negates(pair: tuple[str, str, int]) -> bool:
    """A negation word, or a phrase of ours that starts with one ("не_відповіда*")."""
    return bool(pair[2] & NEGATION_WORD) or pair[0].partition("_")[0] in NEGATIONS


def _concord(
    pairs: list[tuple[str, str, int]], lexicon: Mapping[str, float]
) -> list[tuple[str, str, int]]:
    """Negative concord: in "ніхто не відповів", "без жодної помилки", "ни одной проблемы
    не было" the negation counts once. Of negations within three words of each other only
    the last, nearest the sentiment word, stays one for VADER (unless a sentiment word
    stands between them)."""
    out = list(pairs)
    for i, (plain, _, flags) in enumerate(pairs):
        if flags & NEGATION_WORD:
            for p in pairs[i + 1 : i + 4]:
                if _negates(p):
                    out[i] = (plain, plain, 0)
                    break
                if p[1].lower() in lexicon:
                    break  # "ничего хорошего не будет": ничего negates хорошего
    return out


def _negation_check(
    valence: float, words: list[_Word], lows: list[str], start_i: int, i: int, n_scalar: float
) -> float:
    negates = words[i - (start_i + 1)].negates
    if start_i == 0:
        if negates:
            valence = valence * n_scalar
    elif start_i == 1:
        if lows[i - 2] == "never" and lows[i - 1] in ("so", "this"):
            valence = valence * 1.25
        elif lows[i - 2] == "without" and lows[i - 1] == "doubt":
            pass
        elif negates:
            valence = valence * n_scalar
    else:
        if (lows[i - 3] == "never" and lows[i - 2] in ("so", "this")) or lows[i - 1] in (
            "so",
            "this",
        ):
            valence = valence * 1.25
        elif lows[i - 3] == "without" and (lows[i - 2] == "doubt" or lows[i - 1] == "doubt"):
            pass
        elif negates:
            valence = valence * n_scalar
    return valence


def _least_check(
    valence: float, words: list[_Word], lows: list[str], i: int, n_scalar: float
) -> float:
    """ "least" before a word negates it, unless "at least" or "very least"."""
    if i > 1 and words[i - 1].valence is None and lows[i - 1] == "least":
        if lows[i - 2] != "at" and lows[i - 2] != "very":
            valence = valence * n_scalar
    elif i > 0 and words[i - 1].valence is None and lows[i - 1] == "least":
        valence = valence * n_scalar
    return valence


def _special_idioms_check(valence: float, lower: list[str], i: int, rules: VaderRules) -> float:
    special, boosters = rules.special_cases, rules.boosters
    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in special:
            valence = special[seq]
            break
    if len(lower) - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in special:
            valence = special[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in special:
            valence = special[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in boosters:
            valence = valence + boosters[n_gram]
    return valence


def _but_check(sentiments: list[float], but: int) -> None:
    """After a "but" a valence counts 1.5 times, before it half, in place; as VADER does
    it: each value is changed where it *first* occurs in the list as changed so far, so in
    [3.8, but, 1.9] the 3.8 is halved to 1.9, then the 1.9 after the "but" halves that one
    again and is not raised itself. Kept: it is what VADER scores."""
    for k in range(len(sentiments)):
        sentiment = sentiments[k]
        if not sentiment:
            continue  # 0 stays 0 wherever it is
        first = sentiments.index(sentiment)
        if first < but:
            sentiments[first] = sentiment * 0.5
        elif first > but:
            sentiments[first] = sentiment * 1.5


def _score_valence(sentiments: list[float], text: str) -> dict[str, float]:
    """VADER's score_valence: ! and ? emphasis, the normalised compound and the shares."""
    if not sentiments:
        return dict(_EMPTY)
    sum_s = float(sum(sentiments))
    exclamations = text.count("!")
    marks = (exclamations if exclamations < 4 else 4) * 0.292
    questions = text.count("?")
    if questions > 1:
        marks = marks + (questions * 0.18 if questions <= 3 else 0.96)
    if sum_s > 0:
        sum_s += marks
    elif sum_s < 0:
        sum_s -= marks
    compound = sum_s / math.sqrt(sum_s * sum_s + 15)  # VADER's normalize, alpha 15
    if compound > 1.0:
        compound = 1.0
    elif compound < -1.0:
        compound = -1.0
    pos_sum = 0.0
    neg_sum = 0.0
    valences = [v for v in sentiments if v]
    neu_count = len(sentiments) - len(valences)
    for sentiment in valences:
        if sentiment > 0:
            pos_sum += float(sentiment) + 1  # compensates for neutral words that are counted as 1
        else:
            neg_sum += float(sentiment) - 1
    # abs() of a float is math.fabs(), without the look-up
    if pos_sum > abs(neg_sum):
        pos_sum += marks
    elif pos_sum < abs(neg_sum):
        neg_sum -= marks
    total = pos_sum + abs(neg_sum) + neu_count
    return {
        "neg": round(abs(neg_sum / total), 3),
        "neu": round(abs(neu_count / total), 3),
        "pos": round(abs(pos_sum / total), 3),
        "compound": round(compound, 4),
    }


@cache
def analyzer() -> LexiconAnalyzer:
    """One analyzer per process: building it reads the lexicons (~60 ms)."""
    return LexiconAnalyzer()


@cache
def plain_analyzer() -> SentimentIntensityAnalyzer:
    """VADER as shipped, for comparisons (and its lexicon and emoji names for ours)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def freeze_lexicon(
    entries: Mapping[str, float] | Iterable[tuple[str, float]] | None,
) -> BrandLexicon:
    """A brand's word list as a hashable, picklable tuple of (phrase, valence)."""
    if not entries:
        return ()
    pairs = entries.items() if isinstance(entries, Mapping) else entries
    return tuple(sorted((normal_phrase(p), float(v)) for p, v in pairs))


@lru_cache(maxsize=32)
def analyzer_for(brand_lexicon: BrandLexicon = ()) -> LexiconAnalyzer:
    """The analyzer with a brand's words over ours (built once per word list and process)."""
    base = analyzer()
    return base.with_entries(brand_lexicon) if brand_lexicon else base


def rated(score: Score, rating: int | None) -> Score:
    """A review's stars over its words: one or two stars are negative whatever the text says;
    three and more (or no rating) leave the text's band."""
    if rating is not None and rating <= NEGATIVE_STARS and score.band != "negative":
        return replace(score, band="negative")
    return score


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
    lexicon = vader_rules().lexicon
    # One-letter words ("a", "i") are shared with too many languages to count.
    known = sum(1 for w in words if len(w) > 1 and (w in COMMON_ENGLISH or w in lexicon))
    return known > 0 and known * 5 >= len(words)


def is_question(text: str) -> bool:
    return "?" in text or "¿" in text or bool(QUESTION_WORDS.match(text))


def score_text(
    text: str,
    *,
    brand_lexicon: Mapping[str, float] | Iterable[tuple[str, float]] | None = None,
) -> Score:
    """Score one comment; ``brand_lexicon``: the brand's extra words, phrases and stems."""
    from smmdesk.inbox.language import detect

    lexicon = brand_lexicon if isinstance(brand_lexicon, tuple) else freeze_lexicon(brand_lexicon)
    if not text.isascii() and HAS_INVISIBLE.search(text):
        text = text.translate(INVISIBLE)
    scores = analyzer_for(lexicon).polarity_scores(text)
    question = is_question(text)
    language = detect(text)
    found_sentiment = scores["pos"] > 0 or scores["neg"] > 0
    if not found_sentiment and language not in SCORED_LANGUAGES and not looks_english(text):
        return Score(None, None, None, None, "unscored", question, language)
    compound = scores["compound"]
    return Score(
        compound, scores["pos"], scores["neu"], scores["neg"], band_of(compound), question, language
    )
