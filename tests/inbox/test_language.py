import pytest

from smmdesk.inbox.language import detect
from tests.inbox.helpers import load, raw


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Дякую, все супер!", "uk"),  # no і/ї/є: the word дякую decides
        ("Коли буде доставка?", "uk"),
        ("Жахлива якість, зламався за тиждень", "uk"),
        ("Їжа холодна", "uk"),  # ї is Ukrainian only
        ("Спасибо, всё отлично!", "ru"),
        ("Когда будет доставка?", "ru"),
        ("Это обман", "ru"),  # э is Russian only
        ("Where is my order?", "en"),
        ("I ❤️ it", "en"),
        ("¿Cuándo llega el pedido?", "es"),
        ("Calidad horrible", "es"),
        ("Kiedy będzie dostawa?", "pl"),
        ("Хочу refund, товар брак", "uk"),  # English words in a Ukrainian comment
        ("Order не прийшов вже тиждень", "uk"),
    ],
)
def test_detects_short_comments(text, language):
    assert detect(text) == language


@pytest.mark.parametrize("text", ["👍👍", "12345", "", "   ", "!!!"])
def test_no_words_no_language(text):
    assert detect(text) is None


def test_language_is_stored_at_import(store, brand):
    load(
        store,
        brand,
        [raw("Дякую, все супер!", id="1"), raw("Thanks, great", id="2"), raw("👍", id="3")],
    )
    rows = store.conn.execute("SELECT external_id, language FROM comments ORDER BY 1").fetchall()
    assert [tuple(r) for r in rows] == [("1", "uk"), ("2", "en"), ("3", None)]


def test_language_filter(store, brand):
    from smmdesk.inbox import queue

    load(store, brand, [raw("Жахлива якість", id="1"), raw("Terrible quality", id="2")])
    flt = queue.make_filter(store, language="uk")
    assert [item.text for item in queue.page(store, flt)] == ["Жахлива якість"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Саме так!", "uk"),  # саме: Ukrainian only
        ("Я задоволена", "uk"),
        ("Замовлення", "uk"),  # -ння
        ("М'ясо холодне", "uk"),  # an apostrophe inside a word
        ("Позитивнi емоцii", "uk"),  # Latin i typed for і
        ("Хорошая цена", "ru"),  # -ая
        ("Очень доволен", "ru"),
    ],
)
def test_short_ukrainian_and_russian(text, language):
    assert detect(text) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Спасибо большое https://t.co/AbCdEf123 #sberbank @alfa_bank", "ru"),
        ("RT @nl_user: Дякую за доставку http://example.nl/dank", "uk"),
        ("Great service! #dziekuje #merci @jan_kowalski https://x.pl/a", "en"),
        ("#bonjour #merci @paris", None),  # nothing left but tags
    ],
)
def test_links_hashtags_and_mentions_do_not_decide(text, language):
    assert detect(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "Best purchase this year",
        "Worst customer service I have ever had",
        "It came in a bigger box than I expected",
        "Beautiful packaging and a lovely note 😍",
        "However, try to avoid holding your sale during holiday week",
    ],
)
def test_clear_english_is_decided_without_the_model(text, monkeypatch):
    from smmdesk.inbox import language

    def no_model(*_):
        raise AssertionError("asked the model")

    monkeypatch.setattr(language, "_best_of", no_model)
    assert detect(text) == "en"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("De sfeer is beladen.", "nl"),  # "is" is Dutch too
        ("Tot zijn overlijden was hij president van de club", "nl"),  # and "was"
        ("Has cambiado, y mucho.", "es"),  # "has": Spanish
        ("Was braucht Problem-Haut?", "de"),  # "was": German
        ("Calidad horrible", "es"),  # a VADER word, but no English-only word
        ("Dee is geboren in Zuid-Afrika want zijn vader werkte daar", "nl"),  # "want": Dutch
    ],
)
def test_words_other_languages_write_too_leave_it_to_the_model(text, language):
    assert detect(text) == language
