import pytest

from smmdesk.inbox.scoring import analyzer, score_text


def test_analyzer_is_built_once():
    assert analyzer() is analyzer()


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("My order arrived broken, terrible service", "negative"),
        ("Love it, great quality!", "positive"),
        ("The parcel came on Tuesday", "neutral"),
        ("Жахлива якість, зламався за тиждень", "negative"),
        ("Коли буде доставка?", "neutral"),  # Ukrainian is scored now
        ("Курьер опять опоздал на два часа", "negative"),  # and Russian (issue 19)
        ("👀", "unscored"),
        ("¿Hacen envíos a México?", "unscored"),
    ],
)
def test_bands(text, band):
    assert score_text(text).band == band


def test_unscored_has_no_numbers():
    score = score_text("¿Cuándo llega el pedido?")
    assert score.compound is None and score.band == "unscored"
    assert score.is_question


@pytest.mark.parametrize("text", ["Do you ship to Canada", "When is it back?", "Чи є знижки"])
def test_questions(text):
    assert score_text(text).is_question


def test_statement_is_not_a_question():
    assert not score_text("Thanks, got it").is_question
