"""Saved replies in the comment's language: the order they are offered in, {first_name}, the
brief's form of address, and the tone check of Ukrainian and Russian drafts."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smmdesk.errors import UserError
from smmdesk.inbox import answers
from smmdesk.inbox.replies import (
    DEFAULT_TEMPLATES,
    check_language,
    check_template,
    fill,
    first_name,
    form_of_address,
    never_used,
    offer_order,
    tone_of,
)
from smmdesk.store.models import Template

UK_APOLOGY = "{ти:Привіт|ви:Вітаємо}, {first_name}! {ти:Напиши|ви:Напишіть} нам. — {brand}"


def template(id, name, language=None, brand_id=None):
    return Template(id=id, brand_id=brand_id, name=name, text=name, language=language)


TEMPLATES = [
    template(1, "Apology", "en"),
    template(2, "Вибачення", "uk"),
    template(3, "Any", None),
    template(4, "Извинение", "ru"),
    template(5, "Thanks", "en"),
    template(6, "Дякуємо", "uk"),
]


def names(templates):
    return [t.name for t in templates]


def test_the_comments_language_first_then_any_then_the_others():
    assert names(offer_order(TEMPLATES, "uk")) == [
        "Вибачення",
        "Дякуємо",
        "Any",
        "Apology",
        "Извинение",
        "Thanks",
    ]
    assert names(offer_order(TEMPLATES, "en"))[:3] == ["Apology", "Thanks", "Any"]
    # A comment without a language (emoji only): the ones for any language first.
    assert names(offer_order(TEMPLATES, None))[0] == "Any"


def test_an_english_template_is_never_offered_first_to_a_ukrainian_comment():
    for name, language, text in DEFAULT_TEMPLATES:
        assert language in ("en", "uk") and check_template(name, text)
    demo = [template(i, name, language) for i, (name, language, _) in enumerate(DEFAULT_TEMPLATES)]
    first = offer_order(demo, "uk")[0]
    assert first.language == "uk"


def test_a_search_keeps_the_language_order_and_fuzzy_within_it():
    assert names(offer_order(TEMPLATES, "uk", "дя")) == ["Дякуємо"]
    assert names(offer_order(TEMPLATES, "uk", "a")) == ["Any", "Thanks", "Apology"]  # shorter first


def test_a_brands_own_reply_wins_over_one_of_the_same_name_for_every_brand():
    both = [template(1, "Thanks", "en"), template(2, "Thanks", "uk", brand_id=7)]
    (only,) = offer_order(both, "en")
    assert only.id == 2


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("Olena Kovalenko", "Olena"),
        ("Олена Коваленко", "Олена"),
        ("Mark O'Brien", "Mark"),
        ("Анна-Марія", "Анна-Марія"),
        ("@olena", ""),
        ("olena_k", ""),
        ("k.olena", ""),
        ("olena", ""),  # a user name, not a name
        ("[bold]Totally Real[/bold]", ""),
        ("Dmytro2000", ""),
        ("", ""),
        ("   ", ""),
    ],
)
def test_first_name_is_a_display_names_first_word_never_a_handle(author, expected):
    assert first_name(author) == expected


def test_an_empty_first_name_takes_its_comma_with_it():
    assert fill("Привіт, {first_name}!", first_name="") == "Привіт!"
    assert fill("Hi {first_name}, we're on it", first_name="") == "Hi, we're on it"
    assert fill("Дякуємо, {first_name}, за відгук", first_name="") == "Дякуємо за відгук"
    assert fill("{first_name}, дякуємо!", first_name="") == "дякуємо!"
    assert fill("Привіт, {first_name}!", first_name="Олена") == "Привіт, Олена!"


def test_the_form_of_address_follows_the_policy():
    filled = {
        form: fill(UK_APOLOGY, form=form, first_name="Олена", brand="Kava Lab")
        for form in ("informal", "formal", None)
    }
    assert filled["informal"] == "Привіт, Олена! Напиши нам. — Kava Lab"
    assert filled["formal"] == "Вітаємо, Олена! Напишіть нам. — Kava Lab"
    assert filled[None] == filled["informal"]  # no policy: the first one written
    # Formal first works the same way round.
    assert fill("{ви:Дякуємо вам|ти:Дякую тобі}", form="informal") == "Дякую тобі"
    assert fill("{formal:Dear {author}|informal:Hi {author}}", form="formal", author="Ann") == (
        "Dear Ann"
    )


@pytest.mark.parametrize(
    ("address", "tone", "expected"),
    [
        ("ти (informal you); first names", "friendly", "informal"),
        ("ви, на «ви» завжди", "friendly", "formal"),
        ("Ви; ти лише з постійними", "friendly", "formal"),  # the first one named
        ("formal", "playful", "formal"),
        ("informal", "formal", "informal"),
        ("вы", "friendly", "formal"),
        ("you; first names", "formal", "formal"),  # the tone when the address says nothing
        ("you; first names", "friendly", None),
        ("", "friendly", None),
    ],
)
def test_form_of_address_from_the_brief(address, tone, expected):
    assert form_of_address(address, tone) == expected


@pytest.mark.parametrize(
    "text",
    [
        "{ти:Привіт}",  # one form only
        "{ти:Привіт|ти:Здоров}",  # the same form twice
        "{ви:Вітаємо {x|ти:Привіт}",
        " ",
        "x" * 2001,
    ],
)
def test_a_bad_saved_reply_is_refused(text):
    with pytest.raises(UserError):
        check_template("Name", text)


def test_language_codes_are_iso_639_1():
    assert check_language(" UK ") == "uk"
    assert check_language(None) is None and check_language("any") is None
    assert check_language("") is None
    for bad in ("ukr", "ua", "u", "english", "1"):
        with pytest.raises(UserError):
            check_language(bad)


def test_templates_are_stored_with_their_language(store):
    answers.add_template(store, "Вибачення", UK_APOLOGY, language="uk")
    answers.add_template(store, "Any", "Hi {first_name}!")
    by_name = {t.name: t.language for t in answers.list_templates(store)}
    assert by_name == {"Вибачення": "uk", "Any": None}
    with pytest.raises(UserError):
        answers.add_template(store, "Bad", "text", language="xx")
    assert "Bad" not in {t.name for t in answers.list_templates(store)}


def test_never_use_words_with_stems_in_ukrainian_and_russian():
    never = ["дешев*", "на жаль", "к сожалению", "политик*"]
    assert never_used("Це дешево, але якісно", never) == ["дешев*"]
    assert never_used("Дешевий — не про нас", never) == ["дешев*"]
    assert never_used("На  жаль, ні", never) == ["на жаль"]
    assert never_used("К сожалению, наша политика такова", never) == [
        "к сожалению",
        "политик*",
    ]
    assert never_used("Нажаль", never) == []  # a phrase is its words, whole
    assert never_used("п’ятниця", ["п'ятниц*"]) == ["п'ятниц*"]  # either apostrophe


def test_the_sign_off_is_found_in_cyrillic_whatever_the_dash_or_apostrophe():
    sign_off = "— Команда Кав’ярні"
    assert tone_of("Дякуємо! Команда кав'ярні", sign_off=sign_off).warning is None
    assert tone_of("Дякуємо!\n— Команда\nКав’ярні", sign_off=sign_off).warning is None
    assert "missing sign-off" in tone_of("Дякуємо!", sign_off=sign_off).warning


def test_a_ukrainian_draft_reads_negative_with_its_words():
    tone = tone_of("Це жахливо, вибачте. — Kava Lab", sign_off="Kava Lab")
    assert tone.language == "uk" and tone.scored
    assert tone.warning.startswith("reads negative") and "жахливо" in tone.warning
    assert tone_of("Щиро дякуємо, Олено! — Kava Lab", sign_off="Kava Lab").warning is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.text(max_size=30), st.sampled_from(["informal", "formal", None]))
def test_fill_and_first_name_never_crash(text, author, form):
    filled = fill(text, form=form, author=author, first_name=first_name(author))
    assert isinstance(filled, str)
    assert " " not in first_name(author)


def test_the_brief_checks_its_never_use_stems():
    from smmdesk.brand.brief import validate
    from smmdesk.store.brief import Brief

    assert validate(Brief(never_words=["дешев*", "на жаль"])).never_words == ["дешев*", "на жаль"]
    for bad in ("de*", "a*b"):
        with pytest.raises(UserError, match=r"policy\.never_words\[1\]"):
            validate(Brief(never_words=[bad]))
