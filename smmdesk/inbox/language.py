"""Which language a comment is in, offline, in one short call.

Short comments defeat statistical detectors ("Дякую, все супер!" reads as
Russian to most of them), so cheap rules run first and the detector
only settles what they leave open:

1. Script. A text whose words are at least a third Cyrillic is Ukrainian or
Russian (our users' audiences; Latin words in them are brand names and
borrowed English: "refund", "order"). Otherwise it is a Latin-script
language.
2. Letters, words and endings only one of the two languages has: і ї є ґ
(or a Latin i typed for і), an apostrophe inside a word, "дякую", "саме",
"це", "що", -ння... for Ukrainian; ы э ъ ё and "спасибо", "очень", "это",
-ая, -ое, -ие... for Russian. Surzhyk ("шо", "вообще") mixes them; the side
with more cues wins.
3. English function words ("the", "is", "you"...) making up half a Latin-script
   text settle it as English without the model; so does an ASCII text with a
   word only English writes ("the", "your", "than") and a third of its words
   English (VADER's lexicon or ``scoring.COMMON_ENGLISH``). Most English
   comments end here: the model is 0.7 s to load and ~0.15 ms a text.
4. The detector, py3langid (langid.py's model, shipped inside the package,
~4.5 MB plus numpy): restricted to uk/ru for Cyrillic text and to the
Latin-script languages below for the rest, which makes it far more
accurate on short texts than choosing among all 97 languages.

Links, #hashtags, @mentions and "RT" are removed first: they are not the
comment's language (a Russian tweet with a link was called Polish).

The model loads on first use (~0.9 s), once per process. Returns an ISO
639-1 code, or None for a text without letters (emoji only, numbers).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
UK_LETTERS = frozenset("іїєґ")
RU_LETTERS = frozenset("ыэъё")
# Frequent words of one language that the other does not use (in either spelling).
UK_WORDS = frozenset(
    """дякую дякуємо дуже це цей ця ці що шо як але чи вже буде будь коли який яка яке які
    щось ще теж тільки лише можна треба зараз сьогодні мені мене ваша ваше було була були
    немає нема тиждень тижні гроші гривень добре погано жахливо чудово де чому скільки
    якщо тому бо навіть зовсім трохи привіт вітаю нарешті досі ніколи нічого жодного жодної
    його її їх або щоб замовлення доставку саме також ось вона воно вони задоволений
    задоволена задоволені задоволення гарний гарна гарно отримав отримала отримали замовив
    замовила купив купила зробив працює працюють довго вогонь тримає раджу
    """.split()
)
RU_WORDS = frozenset(
    """спасибо очень это этот эта эти что как но или уже будет когда какой какая какое какие
    еще тоже только можно надо сейчас сегодня мне меня было была были нет неделю недели
    деньги хорошо плохо ужасно отлично где почему сколько если потому даже совсем немного
    привет наконец ничего никогда здесь его чтобы заказ вообще пришел пришёл спс
    огонь доволен довольна довольны держит долго сломался сломалось пользуюсь советую
    жалею купил получил сделал работает работают она они оно вот всем мой цену данному
    почти год года
    """.split()
)
# English words no other Latin-script language we tell apart writes the same way: a text
# that is half these is English without asking the model (most English comments).
EN_WORDS = frozenset(
    """the and is it its you your my this that with for of to was are be been have has had
    not but so i me we our they them what when where how why who will would can could do
    does did don't please thanks thank love great good bad order just very still any
    there here all really got get from about after again too at an if or""".split()
)
# Of those, the ones another Latin-script language writes too (Dutch is, we, of; German so,
# was, will, an; Polish i, my, to; Spanish me, has; Turkish can): they count towards half of a
# text, but none of them alone is a sign of English.
SHARED_EN_WORDS = frozenset(
    "i me we my an at is so of to do was will has had can bad still or".split()
)
# Words only English writes: one of them in an ASCII text that is a third English words
# settles it (checked on labelled sentences, word pairs and words of all the languages of
# LATIN_LANGUAGES: no answer of the model's that was right changed; see bench/PROFILE.md).
EN_ONLY_WORDS = (EN_WORDS - SHARED_EN_WORDS) | frozenset(
    """than now made came always which were should their because some more only other then
    into out up one like know think time people make well way day never much many""".split()
)
# Endings only one of the two writes: замовлення (ru заказ, внимание), хорошая, другое,
# более, какие.
UK_ENDINGS = ("ння",)
RU_ENDINGS = ("ая", "яя", "ое", "ее", "ие")
# An apostrophe inside a word (м'ясо, комп'ютер) is Ukrainian; Russian writes ъ.
UK_APOSTROPHE_RE = re.compile("[\u0400-\u04ff]['’ʼ`][\u0400-\u04ff]")
LATIN_LANGUAGES = ("en", "es", "pl", "de", "fr", "it", "pt", "nl", "cs", "tr", "ro")
CYRILLIC_LANGUAGES = ("uk", "ru")


CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
# Links, #hashtags, @mentions and a retweet's "RT" say nothing about the language a comment
# is written in (a Russian tweet with a link was called Polish or Dutch).
NOISE_RE = re.compile(r"https?://\S*|www\.\S*|[#@]\w+|\bRT\b", re.UNICODE)
NOISE_MARKS = ("://", "www.", "#", "@", "RT")  # what every match of NOISE_RE holds


def strip_noise(text: str) -> str:
    """``text`` without links, hashtags, mentions and "RT": what detection reads."""
    if not any(mark in text for mark in NOISE_MARKS):  # most comments: nothing to take out
        return text
    return NOISE_RE.sub(" ", text)


def _is_cyrillic(word: str) -> bool:
    return CYRILLIC_RE.search(word) is not None


@cache
def _identifier() -> Any:
    """py3langid's identifier limited to the languages we tell apart; built once per process."""
    from py3langid import langid

    ident = langid.LanguageIdentifier.from_modelpath(
        langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=False
    )
    ident.set_languages([*CYRILLIC_LANGUAGES, *LATIN_LANGUAGES])
    return ident


def _best_of(text: str, allowed: tuple[str, ...]) -> str:
    for lang, _ in _identifier().rank(text):
        if lang in allowed:
            value: str = lang
            return value
    return allowed[0]


def detect(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when it has no words."""
    text = strip_noise(text)
    words = WORD_RE.findall(text.lower())
    if not words:
        return None
    if text.isascii():  # most comments: no Cyrillic to look for
        return _latin(words)
    cyrillic = [w for w in words if _is_cyrillic(w)]
    if len(cyrillic) * 3 >= len(words):
        uk, ru = _cues(text, cyrillic)
        if uk != ru:
            return "uk" if uk > ru else "ru"
        return _best_of(" ".join(cyrillic), CYRILLIC_LANGUAGES)
    return _latin([w for w in words if not _is_cyrillic(w)])


def _cues(text: str, cyrillic: list[str]) -> tuple[int, int]:
    """How many Ukrainian-only and Russian-only cues the Cyrillic words carry."""
    letters = set("".join(cyrillic))
    # A Latin i typed inside a Cyrillic word stands for the Ukrainian і.
    uk = int(bool(letters & UK_LETTERS or "i" in letters)) + int(
        bool(UK_APOSTROPHE_RE.search(text))
    )
    ru = int(bool(letters & RU_LETTERS))
    for word in cyrillic:
        uk += word in UK_WORDS or word.endswith(UK_ENDINGS)
        ru += word in RU_WORDS or word.endswith(RU_ENDINGS)
    return uk, ru


def _latin(words: list[str]) -> str:
    if len([w for w in words if w in EN_WORDS]) * 2 >= len(words) or _clearly_english(words):
        return "en"
    return _best_of(" ".join(words), LATIN_LANGUAGES)


def _clearly_english(words: list[str]) -> bool:
    """An English-only word, no letter outside ASCII, and a third of the words English."""
    if EN_ONLY_WORDS.isdisjoint(words) or not "".join(words).isascii():
        return False
    vocabulary = _english_vocabulary()
    # One-letter words ("a", "i") are shared with too many languages to count.
    return len([w for w in words if len(w) > 1 and w in vocabulary]) * 3 >= len(words)


@cache
def _english_vocabulary() -> frozenset[str]:
    """The English words scoring already knows: VADER's lexicon and its common words."""
    from smmdesk.inbox.scoring import COMMON_ENGLISH, plain_analyzer

    words = (w for w in plain_analyzer().lexicon if w.isascii() and w.isalpha())
    return frozenset(words) | COMMON_ENGLISH | EN_WORDS | EN_ONLY_WORDS
