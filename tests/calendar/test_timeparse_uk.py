"""Times typed in Ukrainian: the same grammar as the English forms, one parser."""

import contextlib
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smmdesk.calendar.timeparse import WEEKDAYS, parse_day, parse_delta, parse_when
from smmdesk.errors import UserError

from .conftest import KYIV, NOW, local

# NOW is Friday 2026-03-20 12:00 in Kyiv (UTC+2).

UK_WEEKDAYS = {
    0: ["пн", "понеділок", "в понеділок"],
    1: ["вт", "вівторок", "у вівторок"],
    2: ["ср", "середа", "в середу"],
    3: ["чт", "четвер", "у четвер"],
    4: ["пт", "п'ятниця", "в п'ятницю", "в п’ятницю", "у пʼятницю"],
    5: ["сб", "субота", "в суботу"],
    6: ["нд", "неділя", "у неділю"],
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("завтра 9:30", local(2026, 3, 21, 9, 30)),
        ("Завтра о 9:30", local(2026, 3, 21, 9, 30)),
        ("завтра", local(2026, 3, 21, 9, 0)),
        ("сьогодні 15:00", local(2026, 3, 20, 15, 0)),
        ("завтра об 11:00", local(2026, 3, 21, 11, 0)),
        ("післязавтра", local(2026, 3, 22, 9, 0)),
        ("післязавтра 18:30", local(2026, 3, 22, 18, 30)),
        ("пт 18:00", local(2026, 3, 27, 18, 0)),  # the next Friday, never today
        ("в п'ятницю", local(2026, 3, 27, 9, 0)),
        ("у середу о 10:00", local(2026, 3, 25, 10, 0)),
        ("понеділок 8:15", local(2026, 3, 23, 8, 15)),
        ("наступного тижня", local(2026, 3, 23, 9, 0)),  # Monday of next week
        ("наступного тижня о 14:00", local(2026, 3, 23, 14, 0)),
        ("через 2 дні", local(2026, 3, 22, 12, 0)),
        ("через 5 днів", local(2026, 3, 25, 12, 0)),
        ("через 3 години", local(2026, 3, 20, 15, 0)),
        ("через годину", local(2026, 3, 20, 13, 0)),
        ("через 30 хвилин", local(2026, 3, 20, 12, 30)),
        ("через тиждень", local(2026, 3, 27, 12, 0)),
        ("через 2 тижні", local(2026, 4, 3, 12, 0)),
        ("через 2 дні о 10:00", local(2026, 3, 22, 10, 0)),
        ("in 2 days 10:00", local(2026, 3, 22, 10, 0)),  # the same for the English form
        ("+2д", local(2026, 3, 22, 12, 0)),
        ("+3год", local(2026, 3, 20, 15, 0)),
        ("+30 хв", local(2026, 3, 20, 12, 30)),
        ("+1тиж 10:00", local(2026, 3, 27, 10, 0)),
        ("15 січня 19:30", local(2027, 1, 15, 19, 30)),  # no year: the next 15 January
        ("15 січня 2027 року о 19:30", local(2027, 1, 15, 19, 30)),
        ("1 квітня", local(2026, 4, 1, 9, 0)),
        ("3 травень 10:00", local(2026, 5, 3, 10, 0)),
        ("25 груд 9:00", local(2026, 12, 25, 9, 0)),
        ("о 18:00", local(2026, 3, 20, 18, 0)),
        ("зараз", local(2026, 3, 20, 12, 0)),
    ],
)
def test_ukrainian_forms(text, expected):
    assert parse_when(text, NOW, KYIV) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("наступної п'ятниці", "ambiguous"),
        ("наступну середу 10:00", "ambiguous"),
        ("в наступний понеділок", "ambiguous"),
        ("01/02 10:00", "ambiguous"),  # still refused, whatever the language around it
        ("вчора", "understand"),
        ("бла-бла", "understand"),
        ("лютий", "day and a month"),
        ("завтра 25:00", "no such time"),
        ("завтра 9", "time of day"),
        ("через 2 роки", "unknown unit"),
        ("через 3 години 10:00", "days or weeks"),
        ("сьогодні 9:00", "past"),
    ],
)
def test_ukrainian_mistakes_are_one_line(text, fragment):
    with pytest.raises(UserError) as caught:
        parse_when(text, NOW, KYIV)
    assert fragment in str(caught.value)
    assert text.strip().lower() in str(caught.value)  # the message quotes what was typed


def test_days_and_steps_in_ukrainian():
    assert parse_day("в пт", NOW, KYIV) == date(2026, 3, 27)
    assert parse_day("завтра", NOW, KYIV) == date(2026, 3, 21)
    assert parse_day("наступного тижня", NOW, KYIV) == date(2026, 3, 23)
    assert parse_delta("+2 дні").days == 2
    assert parse_delta("-3год") == timedelta(hours=-3)
    assert parse_delta("30 хв") == timedelta(minutes=30)


def test_every_ukrainian_weekday_form_is_a_weekday_name_of_the_grammar():
    for weekday, forms in UK_WEEKDAYS.items():
        for form in forms:
            bare = form.split()[-1].replace("’", "'").replace("ʼ", "'")
            assert WEEKDAYS[bare] == weekday


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([(day, form) for day, forms in UK_WEEKDAYS.items() for form in forms]),
    st.integers(min_value=0, max_value=23),
    st.integers(min_value=0, max_value=59),
    st.sampled_from(["", "о ", "об "]),
)
def test_a_weekday_and_a_time_is_that_weekday_in_the_coming_week(day_form, hour, minute, at):
    weekday, form = day_form
    moment = parse_when(f"{form} {at}{hour}:{minute:02d}", NOW, KYIV)
    today = NOW.astimezone(KYIV).date()
    assert moment.weekday() == weekday
    assert (moment.hour, moment.minute) == (hour, minute)
    assert 1 <= (moment.date() - today).days <= 7
    assert moment > NOW


UK_WORDS = [
    "завтра", "сьогодні", "післязавтра", "через", "о", "об", "в", "у", "пт", "нд", "середу",
    "п'ятницю", "наступного", "наступної", "тижня", "тиждень", "дні", "години", "хвилин",
    "січня", "грудень", "року", "р.", "зараз", "+", "-", ":", "/", ".",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(UK_WORDS), st.integers(0, 10**6).map(str), st.text(max_size=4)),
        max_size=6,
    )
)
def test_ukrainian_words_in_any_order_give_a_time_or_a_user_error(parts):
    with contextlib.suppress(UserError):
        moment = parse_when(" ".join(parts), NOW, KYIV)
        assert moment.tzinfo is not None and moment >= NOW


def test_post_add_when_in_ukrainian(store, brand, capsys, monkeypatch):
    import argparse

    from smmdesk.calendar.posts import get_post
    from smmdesk.cli.calendar import register

    monkeypatch.setenv("SMMDESK_NOW", NOW.isoformat())
    monkeypatch.setenv("SMMDESK_TZ", "Europe/Kyiv")
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    argv = ["post", "add", "Акція", "--when", "в п'ятницю о 18:00", "--goal", "sales",
            "--channel", "Website"]  # fmt: skip
    args = parser.parse_args(argv)
    assert args.func(args, store) == 0
    assert get_post(store, 1).scheduled_at.astimezone(KYIV) == local(2026, 3, 27, 18, 0)
    args = parser.parse_args([*argv[:4], "наступної п'ятниці", *argv[5:]])
    with pytest.raises(UserError, match="ambiguous"):
        args.func(args, store)
