"""The spam detector's fast path gives exactly what it gave before (issue 18).

``spam_reference`` is the detector's pure part before the speed work (needles tested once
per text, every signal on its own). For every text and platform ``judge``, ``signals``,
``features`` and ``text_key`` must agree with it: the same score, reasons and key. Texts:
the bench's comments, the strings of the spam tests, drawn texts made of the patterns'
words and signs, any unicode, and the public labelled sets when on this machine.
"""

from __future__ import annotations

import ast
import csv
import json
import os
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.data import texts as bench_texts
from smmdesk.inbox import spam, textfeatures
from tests.inbox import spam_reference as reference

PLATFORMS = ("", "telegram", "youtube", "instagram", "facebook")
COUNTS = {"check": (9, 1), "free": (7, 3), "love": (1, 12), "[link]": (11, 0), "the": (20, 25)}
MODELS = (
    (spam.UNTRAINED, reference.UNTRAINED),
    (spam.Model(12, 14, dict(COUNTS)), reference.Model(12, 14, dict(COUNTS))),
)
# As in test_spam_public.py: the YouTube Spam Collection's CSVs in SMMDESK_SPAM_DATA, the
# ScamSpot comments in SMMDESK_SPAM_INSTAGRAM (never downloaded, never in the repository).
PUBLIC = Path(os.environ.get("SMMDESK_SPAM_DATA", "/nonexistent"))
INSTAGRAM = Path(os.environ.get("SMMDESK_SPAM_INSTAGRAM", PUBLIC / "comments_extracted.json"))


def assert_same(text: str) -> None:
    for name in ("has_link", "has_phone", "has_email", "word_count", "is_mentions_only"):
        assert getattr(textfeatures, name)(text) == getattr(reference, name)(text), (name, text)
    assert spam.text_key(text) == reference.text_key(text), text
    assert spam.features(text) == reference.features(text), text
    for platform in PLATFORMS:
        ours = spam.signals(text, platform=platform)
        theirs = reference.signals(text, platform=platform)
        assert [(s.name, s.weight) for s in ours] == [(s.name, s.weight) for s in theirs], text
        for repeated in (False, True):
            for model, ref_model in MODELS:
                got = spam.judge(text, model, repeated=repeated, platform=platform)
                want = reference.judge(text, ref_model, repeated=repeated, platform=platform)
                assert (got.score, got.reasons) == (want.score, want.reasons), (text, platform)


@cache
def spam_test_strings() -> tuple[str, ...]:
    """Every string constant of the spam tests (their spam and real comments)."""
    found: list[str] = []
    for name in ("test_spam.py", "test_spam_scams.py", "test_textfeatures.py"):
        tree = ast.parse((Path(__file__).parent / name).read_text(encoding="utf-8"))
        found += [
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        ]
    return tuple(found)


def public_texts() -> list[str]:
    found: list[str] = []
    for path in sorted(PUBLIC.glob("Youtube*.csv")):
        with path.open(encoding="utf-8", newline="") as file:
            found += [row["CONTENT"] for row in csv.DictReader(file)]
    if INSTAGRAM.is_file():
        found += _strings_in(json.loads(INSTAGRAM.read_text(encoding="utf-8")))
    return found


def _strings_in(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings_in(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings_in(v)]
    return []


def test_the_tests_strings_are_judged_as_before():
    assert len(spam_test_strings()) > 100
    for text in spam_test_strings():
        assert_same(text)


def test_bench_comments_are_judged_as_before():
    for text in dict.fromkeys(bench_texts(3000)):
        assert_same(text)


@pytest.mark.slow
def test_public_sets_are_judged_as_before():
    """The YouTube Spam Collection and the ScamSpot comments, when on this machine."""
    texts = public_texts()
    if not texts:
        pytest.skip("no public spam sets here (set SMMDESK_SPAM_DATA, SMMDESK_SPAM_INSTAGRAM)")
    for text in dict.fromkeys(texts):
        assert_same(text)


# The patterns' words and signs: texts made of them reach every phrase and signal.
WORDS = sorted(
    {needle for needles in spam.NEEDLES.values() for needle in needles}
    | {"my", "our", "me", "to", "channel", "out", "check", "this", "video", "@abc_fx", "#_x"}
    | {
        "http://x.com",
        "bit.ly/x",
        "www.a.net",
        "a@b.com",
        "+380 67 123 45 67",
        "123456789",
        "WwW.",
        "://",
        ".Com",
        ".coм",
        "$1,000",
        "5",
    }
    | {
        "subscribe",
        "earn",
        "make",
        "get",
        "money",
        "me",
        "new",
        "song",
        "free",
        "here",
        "now",
        "on",
        "dot",
        "com",
        ". ",
        "k",
    }
    | {
        "SUB",
        "Ch",
        "ſ",
        "ß",
        "K",
        "ё",
        "İ",
        "ı",
        "１",
        "٣",
        "-",
        "'",
        "’",
        "_",
        "\n",
        "\u00a0",
        "ᴡᴏᴡ",
    }
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=14), st.sampled_from([" ", "", "  ", ", "]))
def test_drawn_texts_are_judged_as_before(words, sep):
    assert_same(sep.join(words))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=120))
def test_any_unicode_is_judged_as_before(text):
    assert_same(text)
