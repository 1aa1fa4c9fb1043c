"""What a comment's text holds, read the same way by every rule that asks (spam, moderation).

Plain functions of the text alone: no store, no language model. Bounded: a comment's text is
capped at import, and every pattern here is linear in it.
"""

from __future__ import annotations

import re
import unicodedata

from smmdesk.inbox.scoring import normal_phrase

MAX_TEXT = 10_000  # characters read of one comment by a rule: a comment is a few hundred

# A link as people write one: a scheme, www., or a bare domain with a common ending.
LINK = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|biz|io|co|ly|me|ru|ua|su|pl|tk|gl|be|to|us|uk"
    r"|de|xyz|site|online|shop|store|club|link|click|top)\b(?:/\S*)?",
    re.IGNORECASE,
)
# What every link above holds, found faster: most comments have none, and then LINK never runs.
# One dot, then an ending or the "www" before it: a pattern that starts with a plain character
# is searched for that character first (an alternation of "://|www.|..." tried every place).
LINK_HINT = re.compile(
    r"\.(?:(?:com|net|org|info|biz|io|co|ly|me|ru|ua|su|pl|tk|gl|be|to|us|uk|de|xyz|site"
    r"|online|shop|store|club|link|click|top)\b|(?<=[wW]{3}\.))",
    re.IGNORECASE,
)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.IGNORECASE)
# A run of digits with the separators people type (+380 (67) 123-45-67); its digits counted.
_PHONE_RUN = re.compile(r"(?<![\w+])\+?\d[\d \t().-]{6,22}\d(?!\w)")
PHONE_DIGITS = (9, 15)  # a national number without its code .. the longest international one
_NINE_DIGITS = re.compile(rf"(?:\D*+\d){{{PHONE_DIGITS[0]}}}")  # anywhere in the text; linear
MENTION = re.compile(r"(?<![\w@])@[\w.]{2,64}")
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def bounded(text: str) -> str:
    return text[:MAX_TEXT]


# A word as the lexicon's phrases are written: letters, joined by apostrophes (п'ять, don't).
LETTER_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


def words(text: str) -> list[str]:
    """The text's words as the lexicon matches them: lower case, apostrophes as one."""
    return LETTER_WORD.findall(normal_phrase(bounded(text)))


def has_link(text: str) -> bool:
    """An address of a page (an e-mail address is not one: ``has_email``)."""
    if "://" not in text and ("." not in text or LINK_HINT.search(text) is None):
        return False
    return LINK.search(EMAIL.sub(" ", text) if "@" in text else text) is not None


def has_email(text: str) -> bool:
    return "@" in text and EMAIL.search(text) is not None


def has_phone(text: str) -> bool:
    """A phone number: 9 to 15 digits in one run of digits, spaces, dashes and brackets."""
    text = bounded(text)
    if _NINE_DIGITS.match(text) is None:  # most texts: no run is looked for
        return False
    for match in _PHONE_RUN.finditer(text):
        if PHONE_DIGITS[0] <= sum(ch.isdigit() for ch in match.group()) <= PHONE_DIGITS[1]:
            return True
    return False


def word_count(text: str) -> int:
    """Words of letters or digits, links, mentions and emails left out."""
    rest = LINK.sub(" ", text) if has_link(text) else text
    if "@" in rest:
        rest = MENTION.sub(" ", EMAIL.sub(" ", rest))
    return len(WORD.findall(rest))


def is_mentions_only(text: str) -> bool:
    """Only @names (and punctuation or emoji between them)."""
    return (
        "@" in text
        and MENTION.search(text) is not None
        and not has_link(text)
        and word_count(text) == 0
    )


def is_emoji_only(text: str) -> bool:
    """Only emoji, symbols and spaces: no letter, digit, link or mention."""
    stripped = "".join(ch for ch in text if not ch.isspace())
    if not stripped or has_link(text) or MENTION.search(text):
        return False
    return all(unicodedata.category(ch)[0] in "SMCP" or ch == "\u200d" for ch in stripped) and any(
        unicodedata.category(ch) == "So" for ch in stripped
    )
