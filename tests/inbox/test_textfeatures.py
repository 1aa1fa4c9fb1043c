"""The one reading of what a text holds: links, e-mails, phones, emoji, mentions, words."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smmdesk.inbox import textfeatures as tf


@pytest.mark.parametrize(
    "text",
    ["see https://x.example/a", "www.shop.ua sale", "join t.me/deals", "visit cheap-pills.com now"],
)
def test_links(text):
    assert tf.has_link(text)


@pytest.mark.parametrize("text", ["no link here", "ok.thanks", "write me at olha@mail.com"])
def test_not_links(text):
    assert not tf.has_link(text)


def test_email_and_phone():
    assert tf.has_email("пишіть на olha.k+shop@mail.com.ua")
    assert not tf.has_email("@olha hi")
    assert tf.has_phone("дзвоніть +380 (67) 123-45-67")
    assert tf.has_phone("0671234567")
    assert not tf.has_phone("order 12345 on 2026-11-28")


def test_emoji_and_mentions_only():
    assert tf.is_emoji_only("❤️❤️ 🔥")
    assert tf.is_emoji_only("👍🏽")
    assert not tf.is_emoji_only("❤️ nice")
    assert not tf.is_emoji_only("   ")
    assert tf.is_mentions_only("@olha @ivan.k, 🔥")
    assert not tf.is_mentions_only("@olha look at this")
    assert not tf.is_mentions_only("")


def test_words_are_cyrillic_aware():
    assert tf.words("Коли ПОВЕРНЕТЕ гроші? Don’t wait, п'ять днів!") == [
        "коли",
        "повернете",
        "гроші",
        "don't",
        "wait",
        "п'ять",
        "днів",
    ]
    assert len(tf.words("1 2 3 ok 👍")) == 1  # letters only (a rule's word count)


@given(st.text(max_size=300))
def test_any_text_is_read(text):
    for check in (tf.has_link, tf.has_email, tf.has_phone, tf.is_emoji_only, tf.is_mentions_only):
        assert check(text) in (True, False)
    assert tf.word_count(text) >= 0
