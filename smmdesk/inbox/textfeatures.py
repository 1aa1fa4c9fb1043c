"""What a comment's text holds, read the same way by every rule that asks (spam, moderation).

Plain functions of the text alone: no store, no language model. Bounded: a comment's text is
capped at import, and every pattern here is linear in it.
"""

from __future__ import annotations

import re
import unicodedata

# A link as people write one: a scheme, www., or a bare domain with a common ending.
LINK = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|biz|io|co|ly|me|ru|ua|su|pl|tk|gl|be|to|us|uk"
    r"|de|xyz|site|online|shop|store|club|link|click|top)\b(?:/\S*)?",
    re.IGNORECASE,
)
# What every link above holds, found faster: most comments have none, and then LINK never runs.
LINK_HINT = re.compile(
    r"://|www\.|\.(?:com|net|org|info|biz|io|co|ly|me|ru|ua|su|pl|tk|gl|be|to|us|uk|de|xyz|site"
    r"|online|shop|store|club|link|click|top)\b",
    re.IGNORECASE,
)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.IGNORECASE)
# Ten or more digits, maybe with a leading + and separators: a phone number, not a price.
PHONE = re.compile(r"(?<![\w+])\+?\d(?:[\s().-]?\d){9,14}(?!\w)")
MENTION = re.compile(r"(?<![\w@])@[\w.]{2,64}")
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def has_link(text: str) -> bool:
    return LINK_HINT.search(text) is not None and LINK.search(text) is not None


def has_email(text: str) -> bool:
    return "@" in text and EMAIL.search(text) is not None


def has_phone(text: str) -> bool:
    return PHONE.search(text) is not None


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
