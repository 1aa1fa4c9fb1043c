"""Our VADER scores every text exactly as the scorer before it did (issue 18).

``scoring_reference`` is that scorer, kept for these tests: VADER's own analyzer class
with our rewrite between its tokenising and its scoring. Texts are drawn from what the
rules look at (lexicon words, boosters, negations, "but", "no", "least", "kind of",
idioms, ALL CAPS, punctuation, emoticons, emoji and their modifiers, our Ukrainian and
Russian words, stems and phrases) and from any unicode; equal means the same four floats.
"""

from __future__ import annotations

from dataclasses import astuple
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smmdesk.inbox import scoring
from tests.inbox import scoring_reference as reference

BRANDS = [
    (),
    scoring.freeze_lexicon(
        {"refund": -2.0, "scam*": -3.0, "не працює": -3.0, "розетк*": -1.0, "money back": -2.0}
    ),
    # words VADER's rules ask "in the lexicon?" about: the answer changes the rule
    scoring.freeze_lexicon({"least": 1.0, "no": -1.0, "kind": 0.5, "but": -0.5, "of": 0.2}),
    scoring.freeze_lexicon({"🎲": 2.0, "bad ass": 2.0, "very": 1.0, "не": 0.5, "бо*": 1.0}),
]
# The words VADER's rules look for around a lexicon word, and the sequences they match.
RULE_WORDS = """but no least at very kind of sort just enough or nor never so this without
doubt a the not isn't n't dont cannot nothing despite rarely uh-uh""".split()
SEQUENCES = """at least|very least|without doubt|without a doubt|never so|never this|no or|
no nor|kind of|sort of|just enough|the shit|the bomb|bad ass|bus stop|yeah right|kiss of death|
to die for|beating heart|not very|not so|never been this|no problem|no good|not bad at all|
no way nor|no love or""".replace("\n", "").split("|")
EMOTICONS = [":)", ":D", ":-(", ":(", "<3", ":P", ";)", "=D", ":'(", "(:", "^_^", "o_O"]
SUFFIXES = ["", "а", "ий", "о", "ого", "ися", "ні", "ть", "ах", "ую"]
PUNCTUATION = list(".,!?;:…\"'()-«»[]*") + ["!!", "!!!", "???", "?!", "...", "?"]


@cache
def vocabulary() -> dict[str, list[str]]:
    rules = scoring.vader_rules()
    words, emoji = scoring._lexicon_files()
    ours = [entry for entry, _ in words]
    return {
        "vader": sorted(k for k in rules.lexicon if " " not in k),
        "boosters": sorted(k for k in rules.boosters if " " not in k),
        "negate": sorted(rules.negate),
        "rules": RULE_WORDS,
        "sequences": SEQUENCES,
        "ours": sorted(e for e in ours if "*" not in e and " " not in e),
        "stems": sorted(e[:-1] for e in ours if e.endswith("*") and " " not in e),
        "phrases": sorted(e.replace("*", "") for e in ours if " " in e),
        "our_rules": sorted(scoring.RULE_WORDS),
        "emoji": sorted(emoji),
        "vader_emoji": sorted(k for k in rules.emojis if len(k) == 1)[::7],
        "modifiers": sorted(scoring.EMOJI_MODIFIERS)[:4],
    }


@st.composite
def words(draw: st.DrawFn) -> str:
    kinds = vocabulary()
    # VADER's words and the words of its rules most often: its rules look at neighbours.
    weighted = [*kinds, "vader", "vader", "vader", "rules", "rules", "rules", "sequences"]
    kind = draw(st.sampled_from([*weighted, "boosters", "stem", "emoticon", "any", "punct"]))
    if kind == "stem":
        word = draw(st.sampled_from(kinds["stems"])) + draw(st.sampled_from(SUFFIXES))
    elif kind == "emoticon":
        word = draw(st.sampled_from(EMOTICONS))
    elif kind == "any":
        word = draw(st.text(max_size=6))
    elif kind == "punct":
        word = draw(st.sampled_from(PUNCTUATION))
    else:
        word = draw(st.sampled_from(kinds[kind]))
    shape = draw(st.sampled_from(["same", "same", "same", "upper", "title", "lower"]))
    word = {"upper": word.upper(), "title": word.title(), "lower": word.lower()}.get(shape, word)
    before = draw(st.sampled_from(["", "", "", '"', "(", "«", "'", "-"]))
    after = draw(st.sampled_from(["", "", "", "", *PUNCTUATION]))
    return before + word + after


SEPARATORS = st.sampled_from([" ", " ", " ", " ", "  ", "\n", "\t", "", ", ", ". ", "\u00a0"])


@st.composite
def texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(words(), max_size=14))
    out = ""
    for part in parts:
        out += part + draw(SEPARATORS)
    return out


# A small vocabulary, so that the rules' neighbours meet often: lexicon words (some of
# them boosters, "no" and "kind" among them), rule words and our words.
FEW = """good bad great terrible love hate no kind way problem very really extremely slightly
somewhat kinda least at but not never so this without doubt the shit bomb ass or nor of sort
to die for yeah right дуже добре погано не ні але проте жодних проблем немає нет""".split()


@st.composite
def few_words(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from([*FEW, *FEW, *SEQUENCES, "!", "?", ","]), max_size=12))
    shaped = [p.upper() if draw(st.integers(0, 9)) == 0 else p for p in parts]
    return " ".join(shaped) + draw(st.sampled_from(["", "", "!", "!!!", "??", "?", "."]))


@given(text=few_words(), brand=st.sampled_from(BRANDS))
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_rules_score_as_the_reference(text, brand):
    ours = scoring.analyzer_for(brand).polarity_scores(text)
    assert ours == reference.analyzer_for(brand).polarity_scores(text)


@given(text=texts(), brand=st.sampled_from(BRANDS))
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_scores_as_the_reference(text, brand):
    ours = scoring.analyzer_for(brand).polarity_scores(text)
    assert ours == reference.analyzer_for(brand).polarity_scores(text)
    assert list(ours) == ["neg", "neu", "pos", "compound"]


@given(text=st.text(max_size=40), brand=st.sampled_from(BRANDS))
@settings(max_examples=400, deadline=None)
def test_any_unicode_scores_as_the_reference(text, brand):
    ours = scoring.analyzer_for(brand).polarity_scores(text)
    assert ours == reference.analyzer_for(brand).polarity_scores(text)


@given(text=texts(), brand=st.sampled_from(BRANDS))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_score_text_as_the_reference(text, brand):
    ours = scoring.score_text(text, brand_lexicon=brand)
    assert astuple(ours) == astuple(reference.score_text(text, brand_lexicon=brand))


def test_pure_english_scores_as_vader_itself():
    """With no emoji, brand word or word of ours, it is VADER as shipped."""
    plain = scoring.plain_analyzer()
    for text in [
        "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
        "The plot was good, but the characters are uncompelling and the dialog is not great.",
        "good good but good good",
        # VADER's "but" changes each value where it first occurs: enjoy (2.2) is halved to
        # 1.1, then well (1.1) after the "but" halves it again instead of being raised
        "I enjoy it, but well",
        "great, great and great but bad",
        "Not such a badass after all. Without a doubt, an excellent idea.",
        "At least it isn't a horrible book. It was the least good one. No problem, no!!",
        "The book was only kind of good?? Sort of nice.",
        "Today only kinda sux! But I'll get by, lol :)",
    ]:
        assert scoring.analyzer().polarity_scores(text) == plain.polarity_scores(text), text


def test_bench_texts_score_as_the_reference():
    from bench.data import texts as bench_texts

    ours, old = scoring.analyzer(), reference.analyzer()
    for text in dict.fromkeys(bench_texts(10_000)):
        assert ours.polarity_scores(text) == old.polarity_scores(text), text


def test_labelled_ukrainian_set_scores_as_the_reference():
    from tests.inbox.uk_set import load

    ours, old = scoring.analyzer(), reference.analyzer()
    for text, _ in load():
        assert ours.polarity_scores(text) == old.polarity_scores(text), text
