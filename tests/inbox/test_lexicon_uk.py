"""The Ukrainian lexicon through VADER's rules: stems, negation, intensifiers, emoji."""

import pytest

from smmdesk.inbox.scoring import analyzer, plain_analyzer, read_lexicon, score_text


def compound(text: str) -> float:
    return analyzer().polarity_scores(text)["compound"]


def test_lexicon_is_large_enough():
    from importlib import resources

    text = (resources.files("smmdesk.inbox") / "lexicons" / "uk.tsv").read_text(encoding="utf-8")
    entries = [(e, v) for e, v in read_lexicon(text) if v != 0]
    assert len(entries) >= 400
    assert all(-4 <= v <= 4 for _, v in entries)


@pytest.mark.parametrize(
    "word", ["жахливий", "жахлива", "жахливо", "жахливі", "жахливого", "ЖАХЛИВО"]
)
def test_stems_match_inflected_forms(word):
    assert compound(word) < -0.4


def test_longest_stem_wins_and_zero_stems_stop():
    assert compound("добрий") > 0
    assert compound("добрався") == 0  # добрав* 0 stops добр*
    assert compound("незадоволена") < 0 < compound("задоволена")


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("добре", "positive"),
        ("не добре", "negative"),
        ("не дуже добре", "negative"),
        ("зовсім не погано", "positive"),
        ("ніколи не рекомендую", "negative"),
        ("ніхто не відповідає", "negative"),  # negative concord counts once
        ("нічого не працює", "negative"),
        ("без проблем", "positive"),
        ("Ні, все добре", "positive"),  # the comma ends the negation's reach
        ("Смачно, але дуже дорого", "negative"),  # але weighs the second half, like but
        # issue 19: double negation counts once, negations after the word, bare negations
        ("без жодної помилки", "positive"),
        ("Без жодних проблем, все прийшло вчасно", "positive"),
        ("Проблем немає", "positive"),
        ("Нарікань не має", "positive"),
        ("претензій ніяких", "positive"),
        ("Проблем немає, все працює", "positive"),
        ("Дякую, нема за що", "positive"),  # the negation is not after дякую's clause end
        ("Дякую нема за що", "positive"),  # nor at the end of one
        ("ніхто нічого не пояснив", "negative"),
        ("Посилка не прийшла", "negative"),  # a bare не: a mild complaint
        ("не ловить жодного каналу", "negative"),
        ("Ні", "neutral"),  # an answer, not a complaint
        ("Чи не могли б ви підказати розмір?", "neutral"),  # a polite question
        ("Не знаю, що обрати", "neutral"),
        ("Не можу дочекатися нової колекції!", "positive"),
        ("Не пошкодуєте!", "positive"),
    ],
)
def test_negation(text, band):
    assert score_text(text).band == band


def test_double_negation_is_not_a_double_flip():
    # "without a single mistake": both без and жодної are negations, applied once
    assert compound("без жодної помилки") > 0 > compound("помилка")
    assert compound("без жодної помилки") == compound("без помилки")


def test_bare_negation_is_milder_than_a_complaint_word():
    assert compound("Жахливо") < compound("не працює") < compound("не відкриває") < 0
    assert compound("не дуже") < 0  # an intensifier is not a sentiment word
    assert compound("не дуже добре") < 0 < compound("добре")


def test_concord_keeps_a_negation_that_reaches_a_word_first():
    # ничого negates доброго; the не after it is another clause's
    assert compound("нічого доброго не буде") < 0


@pytest.mark.parametrize(
    "text",
    [
        "ніякої відповіді",
        "Вони не відповідають",
        "Магазин відмовився міняти",
        "відмовилися повертати гроші",
        "Перестав заряджатися",
        "вийшов з ладу за тиждень",
        "Краще б купив в іншому місці",
        "Здох за місяць",
        "нікуди не годиться",
    ],
)
def test_complaint_words_and_phrases(text):
    assert score_text(text).band == "negative"


def test_intensifiers_and_dampeners():
    assert compound("дуже погано") < compound("погано") < compound("трохи погано") < 0
    assert compound("надто дорого") < compound("дорого") < 0
    assert compound("дуже добре") > compound("добре") > compound("трохи добре") > 0


def test_phrases_count_as_one():
    assert score_text("не працює").band == "negative"
    assert score_text("Де моє замовлення?").band == "negative"
    assert compound("не працює") < compound("не добре")


@pytest.mark.parametrize("emoji", ["😡", "👎", "🤬", "🤮", "🤡", "💔", "👎🏻"])
def test_negative_emoji(emoji):
    assert score_text(emoji).band == "negative"
    assert score_text(f"Доставка {emoji}").band == "negative"


@pytest.mark.parametrize("emoji", ["❤️", "❤", "😍", "👍", "🔥", "🥰"])
def test_positive_emoji(emoji):
    assert score_text(emoji).band == "positive"


def test_fire_is_not_negative_any_more():
    assert plain_analyzer().polarity_scores("🔥")["compound"] < 0
    assert score_text("🔥").band != "negative"


def test_emoji_without_a_valence_of_ours_is_unknown():
    # VADER would read the words of its name: "game die" -> die -> -2.9
    assert plain_analyzer().polarity_scores("🎲")["compound"] < -0.5
    assert analyzer().polarity_scores("🎲")["compound"] == 0
    assert score_text("🎲").band == "unscored"
    assert score_text("👀").band == "unscored"
    assert compound("Дякую 🎲") == compound("Дякую")
    assert compound("Thanks 🎲🪦") == compound("Thanks")
    assert score_text("😁").band == "positive"  # one of ours


ENGLISH = [
    "My order arrived broken, terrible service",
    "Love it, great quality!",
    "The parcel came on Tuesday",
    "VADER is not smart, handsome, nor funny.",
    "At least it isn't a horrible book.",
    "The book was only kind of good.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today SUX!",
    "Today only kinda sux! But I'll get by, lol",
    "Make sure you :) or :D today!",
    "Not bad at all",
    "Sentiment analysis has never been this good!",
    "Most automated sentiment analysis tools are shit.",
    "With VADER, sentiment analysis is the shit!",
    "On the other hand, VADER is quite bad ass",
    "Without a doubt, excellent idea.",
    "Roger Dodger is one of the least compelling variations on this theme.",
    "No problem, no worries at all",
    "I did not like it, no",
    "It was one of the worst movies I've seen, despite good reviews. VERY BAD movie!",
]


@pytest.mark.parametrize("text", ENGLISH)
def test_english_scores_exactly_as_plain_vader(text):
    assert analyzer().polarity_scores(text) == plain_analyzer().polarity_scores(text)
