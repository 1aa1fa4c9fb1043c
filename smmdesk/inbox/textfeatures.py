"""What a comment's text holds, read the same way by every caller (moderation rules, spam).

Links, e-mail addresses, phone numbers, emoji-only and mentions-only texts, and the words
themselves (lower case, one kind of apostrophe, Cyrillic and Latin alike: the lexicon's
``normal_phrase``). Every pattern here is linear in the text's length; callers bound the
text they pass (``MAX_TEXT``) all the same.
"""

from __future__ import annotations

import re
import unicodedata

from smmdesk.inbox.scoring import EMOJI_MODIFIERS, PUNCT, normal_phrase

MAX_TEXT = 10_000  # characters read of one comment: a comment is a few hundred

# A word: letters, joined by apostrophes (п'ять, don't), as the lexicon's phrases are written.
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_TLDS = (
    "com|net|org|info|biz|io|me|ly|co|ua|ru|by|kz|pl|de|uk|eu|us|shop|store|online|site|"
    "top|xyz|club|app|link|click|live|pro|tv|cc|gg"
)
LINK = re.compile(
    rf"(?:https?://|www\.)\S|\bt\.me/\w|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:{_TLDS})(?![a-z0-9-])",
    re.IGNORECASE,
)
_DOTTED = re.compile(r"\w\.\w")  # every address has a dot between two letters or digits
EMAIL = re.compile(r"[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}", re.IGNORECASE)
# A run of digits with the separators people type (+380 (67) 123-45-67); counted below.
_PHONE_RUN = re.compile(r"(?<![\w+])\+?\d[\d \t().-]{6,22}\d(?!\w)")
PHONE_DIGITS = (9, 15)  # a national number without its code .. the longest international one
MENTION = re.compile(r"(?<![\w@])@[\w](?:[\w.]*\w)?")
_EMOJI_EXTRA = frozenset({*EMOJI_MODIFIERS, "\u20e3"})  # keycap ¹⃣ joins a digit


def bounded(text: str) -> str:
    return text[:MAX_TEXT]


def words(text: str) -> list[str]:
    """The text's words as the lexicon matches them: lower case, apostrophes as one."""
    return WORD.findall(normal_phrase(bounded(text)))


def word_count(text: str) -> int:
    return len(words(text))


def has_link(text: str) -> bool:
    """An address of a page: a scheme, www., t.me/, or a domain name with a known ending."""
    if "." not in text or _DOTTED.search(text) is None:  # a quick no for most comments
        return False
    text = bounded(text)
    return LINK.search(EMAIL.sub(" ", text) if "@" in text else text) is not None


def has_email(text: str) -> bool:
    return "@" in text and EMAIL.search(bounded(text)) is not None


def has_phone(text: str) -> bool:
    """A phone number: 9 to 15 digits in one run of digits, spaces, dashes and brackets."""
    for match in _PHONE_RUN.finditer(bounded(text)):
        digits = sum(ch.isdigit() for ch in match.group())
        if PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
            return True
    return False


def is_emoji(ch: str) -> bool:
    return (
        unicodedata.category(ch) == "So" or ch in _EMOJI_EXTRA or "\U0001f1e6" <= ch <= "\U0001f1ff"
    )


def is_emoji_only(text: str) -> bool:
    """Only emoji (and spaces): at least one, no letter, digit or punctuation."""
    text = bounded(text)
    seen = False
    for ch in text:
        if ch.isspace():
            continue
        if not is_emoji(ch):
            return False
        seen = seen or ch not in _EMOJI_EXTRA
    return seen


def is_mentions_only(text: str) -> bool:
    """Only @mentions (with spaces, punctuation or emoji between them): at least one."""
    if "@" not in text:
        return False
    rest, found = MENTION.subn(" ", bounded(text))
    return found > 0 and all(ch.isspace() or ch in PUNCT or is_emoji(ch) for ch in rest)
