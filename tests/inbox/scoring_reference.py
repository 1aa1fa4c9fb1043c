"""The scorer as it was before issue 18: a subclass of VADER's analyzer with our rewrite.

Kept for the tests only, unchanged but for this docstring: the scorer in
``smmdesk/inbox/scoring.py`` is our own implementation of VADER's rules and must give
exactly what this one gives, for every text (``test_scoring_equivalence.py``).
"""

from __future__ import annotations

import copy
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
INVISIBLE = str.maketrans(
    dict.fromkeys(map(ord, BIDI_CONTROLS | set("\u00ad\u200b\u200c\u2060\ufeff")))
)
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


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def _vader_class() -> type[SentimentIntensityAnalyzer]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer_class: type[SentimentIntensityAnalyzer] = SentimentIntensityAnalyzer
    return analyzer_class


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


def _make_analyzer() -> type[SentimentIntensityAnalyzer]:
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, C_INCR, N_SCALAR, SentiText

    base = _vader_class()

    # VADER ships no types (its analyzer is Any to mypy), and is imported late for startup time.
    class LexiconAnalyzer(base):  # type: ignore[misc, valid-type]
        """VADER with the Ukrainian and Russian lexicons, our emoji valences and brand words."""

        def __init__(self) -> None:
            super().__init__()
            self.words: dict[str, str] = dict(RULE_WORDS)  # exact token -> token VADER sees
            self.stems: dict[str, str | None] = {}  # stem -> lexicon key; None stops
            self.max_stem = 0
            # first word -> second word (or stem*) -> [(words, lexicon key)], longest first
            self.phrases: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = {}
            self.latin_stems = False
            self.cache: dict[str, tuple[str, str, int]] = {}
            # (first word, second word) -> the phrases they may start; many start with не
            self.phrase_cache: dict[tuple[str, str], Candidates] = {}
            words, emoji = _lexicon_files()
            for entry, valence in words:
                self.add_entry(entry, valence)
            self.lexicon[BARE_NEGATION] = BARE_VALENCE
            for char, valence in emoji.items():
                self.lexicon[char] = valence
                self.emojis[char] = f"{char} "
            # VADER's per-character emoji loop as one str.translate: ours stay themselves
            # (their valence is in the lexicon); any other emoji VADER knows becomes a space
            # instead of the words of its name, which VADER would score ("game die" -2.9);
            # modifiers vanish.
            self.emoji_table = {
                ord(char): f" {char} " if char in emoji else " "
                for char in self.emojis
                if len(char) == 1
            }
            self.emoji_table.update({ord(char): "" for char in EMOJI_MODIFIERS})

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
            self.phrase_cache.clear()

        def with_entries(self, entries: Iterable[tuple[str, float]]) -> LexiconAnalyzer:
            """A copy with more entries (a brand's words); this analyzer is unchanged."""
            other = copy.copy(self)
            other.lexicon = dict(self.lexicon)
            other.words = dict(self.words)
            other.stems = dict(self.stems)
            other.phrases = {k: {w: list(p) for w, p in v.items()} for k, v in self.phrases.items()}
            other.cache = {}
            other.phrase_cache = {}
            for entry, valence in entries:
                other.add_entry(entry, valence)
            return other

        # --- tokens ----------------------------------------------------------------------

        def _token(self, token: str) -> tuple[str, str, int]:
            """(plain form, the token VADER sees, PHRASE_HEAD | NEGATION_WORD)."""
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
            flags = (PHRASE_HEAD if plain in self.phrases else 0) | (
                NEGATION_WORD if negation else 0
            )
            found = (plain, seen, flags)
            if len(self.cache) < 100_000:
                self.cache[token] = found
            return found

        def _rewrite(self, tokens: list[str], text: str) -> list[str]:
            cache = self.cache
            pairs = []
            flags = 0
            for token in tokens:
                found = cache.get(token) or self._token(token)
                pairs.append(found)
                flags |= found[2]
            if flags & NEGATION_WORD:
                raw = text.split()  # with its punctuation, one per token
                if len(raw) == len(pairs):
                    pairs = _postposed(pairs, raw, self.lexicon)
                    pairs = _close_clauses(pairs, raw)
            if flags & PHRASE_HEAD:
                pairs = self._join_phrases(pairs)
            if flags & NEGATION_WORD:
                pairs = _bare(_concord(pairs, self.lexicon), self.lexicon)
            return [found[1] for found in pairs]

        def _join_phrases(self, pairs: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
            out = []
            i = 0
            while i < len(pairs):
                first = pairs[i][0]
                following = self.phrases.get(first)
                if following and i + 1 < len(pairs):
                    second = pairs[i + 1][0]
                    candidates = self.phrase_cache.get((first, second))
                    if candidates is None:
                        candidates = self._candidates(following, second)
                        if len(self.phrase_cache) < 100_000:
                            self.phrase_cache[first, second] = candidates
                    for parts, key in candidates:
                        end = i + len(parts)
                        if end <= len(pairs) and all(
                            word_matches(part, pairs[i + k][0])
                            for k, part in enumerate(parts[2:], 2)
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

        # --- VADER's polarity_scores with the rewrite between tokenising and scoring ------
        # The rules below are VADER 3.3.2's (sentiment_valence, _negation_check,
        # _special_idioms_check), unchanged but reading one lower-cased copy of the tokens
        # instead of lower-casing the whole text again for every sentiment word; on
        # English text the result is the same as plain VADER's (tests check it).

        def polarity_scores(self, text: str) -> dict[str, float]:
            # Every emoji and modifier is outside ASCII.
            plain_text = text if text.isascii() else text.translate(self.emoji_table)
            sentitext = SentiText(plain_text.strip())
            words = self._rewrite(sentitext.words_and_emoticons, sentitext.text)
            lower = [w.lower() for w in words]
            lexicon = self.lexicon
            is_cap_diff = sentitext.is_cap_diff
            sentiments: list[float] = []
            for i, low in enumerate(lower):
                if low in BOOSTER_DICT or (
                    low == "kind" and i < len(lower) - 1 and lower[i + 1] == "of"
                ):
                    sentiments.append(0)
                elif low in lexicon:
                    sentiments.append(self._valence(i, words, lower, is_cap_diff))
                else:
                    sentiments.append(0)
            sentiments = self._but_check(lower, sentiments)
            if FILLER in lower:
                sentiments = [v for v, w in zip(sentiments, lower, strict=True) if w != FILLER]
            scores: dict[str, float] = self.score_valence(sentiments, text)
            return scores

        def _valence(self, i: int, words: list[str], lower: list[str], is_cap_diff: bool) -> float:
            lexicon = self.lexicon
            item = words[i]
            valence = lexicon[lower[i]]
            if lower[i] == "no" and i != len(lower) - 1 and lower[i + 1] in lexicon:
                valence = 0.0
            if (
                (i > 0 and lower[i - 1] == "no")
                or (i > 1 and lower[i - 2] == "no")
                or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))
            ):
                valence = lexicon[lower[i]] * N_SCALAR
            if item.isupper() and is_cap_diff:
                valence = valence + C_INCR if valence > 0 else valence - C_INCR
            for start_i in range(3):
                if i > start_i and lower[i - (start_i + 1)] not in lexicon:
                    # scalar_inc_dec, reading the lower-cased token
                    scalar = BOOSTER_DICT.get(lower[i - (start_i + 1)], 0.0)
                    if scalar:
                        if valence < 0:
                            scalar = -scalar
                        if words[i - (start_i + 1)].isupper() and is_cap_diff:
                            scalar = scalar + C_INCR if valence > 0 else scalar - C_INCR
                        if start_i == 1:
                            scalar = scalar * 0.95
                        elif start_i == 2:
                            scalar = scalar * 0.9
                    valence = valence + scalar
                    valence = _negation_check(valence, lower, start_i, i, N_SCALAR)
                    if start_i == 2 and not _idiom_words().isdisjoint(lower[max(0, i - 3) : i + 3]):
                        valence = _special_idioms_check(valence, lower, i)
            value: float = self._least_check(valence, words, i)
            return value

    return LexiconAnalyzer


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


@cache
def _negate_words() -> frozenset[str]:
    from vaderSentiment.vaderSentiment import NEGATE

    return frozenset(NEGATE)


def negated(word: str) -> bool:
    """VADER's ``negated([word])`` for one lower-case word."""
    return word in _negate_words() or "n't" in word


def _negation_check(
    valence: float, lower: list[str], start_i: int, i: int, n_scalar: float
) -> float:
    before = lower[i - (start_i + 1)]
    if start_i == 0:
        if negated(before):
            valence = valence * n_scalar
    elif start_i == 1:
        if lower[i - 2] == "never" and lower[i - 1] in ("so", "this"):
            valence = valence * 1.25
        elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
            pass
        elif negated(before):
            valence = valence * n_scalar
    else:
        if (lower[i - 3] == "never" and lower[i - 2] in ("so", "this")) or lower[i - 1] in (
            "so",
            "this",
        ):
            valence = valence * 1.25
        elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
            pass
        elif negated(before):
            valence = valence * n_scalar
    return valence


@cache
def _idiom_words() -> frozenset[str]:
    """Every word of VADER's special-case idioms and n-gram boosters: without one of them
    near a sentiment word, ``_special_idioms_check`` cannot change its valence."""
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, SPECIAL_CASES

    phrases = [*SPECIAL_CASES, *(k for k in BOOSTER_DICT if " " in k)]
    return frozenset(word for phrase in phrases for word in phrase.split())


def _special_idioms_check(valence: float, lower: list[str], i: int) -> float:
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, SPECIAL_CASES

    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if len(lower) - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


@cache
def analyzer() -> SentimentIntensityAnalyzer:
    """One analyzer per process: building it reads the lexicons (~60 ms)."""
    return _make_analyzer()()


@cache
def plain_analyzer() -> SentimentIntensityAnalyzer:
    """VADER as shipped, for comparisons."""
    return _vader_class()()


def freeze_lexicon(
    entries: Mapping[str, float] | Iterable[tuple[str, float]] | None,
) -> BrandLexicon:
    """A brand's word list as a hashable, picklable tuple of (phrase, valence)."""
    if not entries:
        return ()
    pairs = entries.items() if isinstance(entries, Mapping) else entries
    return tuple(sorted((normal_phrase(p), float(v)) for p, v in pairs))


@lru_cache(maxsize=32)
def analyzer_for(brand_lexicon: BrandLexicon = ()) -> SentimentIntensityAnalyzer:
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
    lexicon = plain_analyzer().lexicon
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
