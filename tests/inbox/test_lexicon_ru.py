"""The Russian lexicon through VADER's rules: stems, negation, intensifiers, phrases, curses."""

from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smmdesk.inbox.language import detect
from smmdesk.inbox.scoring import analyzer, read_lexicon, score_text


def compound(text: str) -> float:
    return analyzer().polarity_scores(text)["compound"]


def test_lexicon_is_large_enough():
    text = (resources.files("smmdesk.inbox") / "lexicons" / "ru.tsv").read_text(encoding="utf-8")
    entries = [(e, v) for e, v in read_lexicon(text) if v != 0]
    assert len(entries) >= 500
    assert all(-4 <= v <= 4 for _, v in entries)


@pytest.mark.parametrize("word", ["ужасный", "ужасная", "ужасно", "ужасные", "УЖАСНО"])
def test_stems_match_inflected_forms(word):
    assert compound(word) < -0.4


def test_zero_stems_stop_shorter_ones():
    assert compound("страшно") < 0
    assert compound("страховка") == 0  # страхов* 0 stops страх*
    assert compound("зависит от погоды") == 0  # зависит* 0 stops завис*


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("хорошо", "positive"),
        ("не хорошо", "negative"),
        ("не очень хорошо", "negative"),
        ("совсем не плохо", "positive"),
        ("Никто не отвечает", "negative"),  # concord: никто не counts once
        ("Без единой ошибки", "positive"),
        ("без никаких проблем", "positive"),  # double negation counts once
        ("Проблем нет, всё работает", "positive"),  # negation after the word
        ("Нет, всё хорошо", "positive"),  # the comma ends the negation's reach
        ("Вкусно, но очень дорого", "negative"),  # но weighs the second half
        ("Заказ так и не пришёл", "negative"),
        ("Спасибо большое, всё отлично", "positive"),
        ("Курьер опять опоздал на два часа", "negative"),
        ("Не только быстро, но и качественно", "positive"),  # "not only" is no complaint
        ("Не подскажете, когда будет?", "neutral"),
        ("Нет.", "neutral"),
    ],
)
def test_bands(text, band):
    assert score_text(text).band == band


def test_intensifiers_and_dampeners():
    assert compound("очень плохо") < compound("плохо") < compound("немного плохо") < 0
    assert compound("слишком дорого") < compound("дорого") < 0
    assert compound("очень хорошо") > compound("хорошо") > compound("чуть хорошо") > 0


@pytest.mark.parametrize(
    "text",
    [
        "Не отвечают уже неделю",
        "верните деньги",
        "Это обман и развод",
        "мошенники",
        "не могу дозвониться",
        "деньги не вернули",
        "Приложение опять не работает",
        "оставляет желать лучшего",
    ],
)
def test_service_complaints(text):
    assert score_text(text).band == "negative"


def test_russian_curse_scores_whatever_the_detected_language():
    # A Russian curse in a comment with Ukrainian cues: detected uk, still negative.
    text = "Це що, ебучий сервіс?"
    assert detect(text) == "uk"
    assert score_text(text).band == "negative"
    assert score_text("Пошёл ты на хер").band == "negative"


def test_russian_without_sentiment_is_neutral_not_unscored():
    score = score_text("Когда будет доставка?")
    assert score.band == "neutral" and score.is_question and score.language == "ru"


WORDS = "не ни нет без никто никак жодної немає очень дуже хорошо добре плохо погано проблем но але , . ! ?".split()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12))
def test_rules_never_fail_and_stay_in_range(words):
    """Any mix of negations, intensifiers, sentiment words and punctuation scores in range."""
    scores = analyzer().polarity_scores(" ".join(words))
    assert -1 <= scores["compound"] <= 1


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=80))
def test_ascii_text_scores_exactly_as_plain_vader(text):
    from smmdesk.inbox.scoring import plain_analyzer

    assert analyzer().polarity_scores(text) == plain_analyzer().polarity_scores(text)
