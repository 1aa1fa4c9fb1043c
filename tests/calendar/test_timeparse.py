import contextlib
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smmdesk.calendar.timeparse import parse_day, parse_delta, parse_when, shift
from smmdesk.errors import UserError

from .conftest import KYIV, NEW_YORK, NOW, local

# NOW is Friday 2026-03-20 12:00 in Kyiv (UTC+2).


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01 10:00", local(2026, 12, 1, 10, 0)),
        ("2026-12-01T10:00", local(2026, 12, 1, 10, 0)),
        ("2026-12-01", local(2026, 12, 1, 9, 0)),
        ("1 dec 18:00", local(2026, 12, 1, 18, 0)),
        ("Dec 1 2026 6pm", local(2026, 12, 1, 18, 0)),
        ("25/12 9:30", local(2026, 12, 25, 9, 30)),
        ("12/25/2026 9:30", local(2026, 12, 25, 9, 30)),
        ("2026/12/05 08:15", local(2026, 12, 5, 8, 15)),
        ("today 15:00", local(2026, 3, 20, 15, 0)),
        ("tomorrow 9:30", local(2026, 3, 21, 9, 30)),
        ("Tomorrow  at 9:30", local(2026, 3, 21, 9, 30)),
        ("tomorrow", local(2026, 3, 21, 9, 0)),
        ("tomorrow 6:30pm", local(2026, 3, 21, 18, 30)),
        ("fri 18:00", local(2026, 3, 27, 18, 0)),  # the next Friday, never today
        ("friday", local(2026, 3, 27, 9, 0)),
        ("mon 10:00", local(2026, 3, 23, 10, 0)),
        ("sat 7am", local(2026, 3, 21, 7, 0)),
        ("next week", local(2026, 3, 23, 9, 0)),  # Monday of next week
        ("next week 14:00", local(2026, 3, 23, 14, 0)),
        ("+2d", local(2026, 3, 22, 12, 0)),
        ("+3h", local(2026, 3, 20, 15, 0)),
        ("+30m", local(2026, 3, 20, 12, 30)),
        ("+1w", local(2026, 3, 27, 12, 0)),
        ("+2d 10:00", local(2026, 3, 22, 10, 0)),
        ("in 2 days", local(2026, 3, 22, 12, 0)),
        ("in 3 hours", local(2026, 3, 20, 15, 0)),
        ("18:00", local(2026, 3, 20, 18, 0)),
        ("now", local(2026, 3, 20, 12, 0)),
        ("2026-12-01 10:00+00:00", local(2026, 12, 1, 12, 0)),
    ],
)
def test_forms_people_type(text, expected):
    result = parse_when(text, NOW, KYIV)
    assert result == expected
    assert result.tzinfo is not None


def test_a_date_without_year_is_the_next_one():
    assert parse_when("1 mar", NOW, KYIV) == local(2027, 3, 1, 9, 0)


def test_day_steps_keep_wall_time_across_dst():
    # Kyiv moves clocks forward on 2026-03-29: +1w from Friday noon is still noon.
    assert parse_when("+10d", NOW, KYIV) == local(2026, 3, 30, 12, 0)
    assert parse_when("+10d", NOW, KYIV).utcoffset() == timedelta(hours=3)
    # Hours are elapsed time.
    assert parse_when("+240h", NOW, KYIV) == local(2026, 3, 30, 13, 0)


def test_new_york_zone():
    assert parse_when("tomorrow 9:30", NOW, NEW_YORK) == local(2026, 3, 21, 9, 30, tz=NEW_YORK)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("01/02", "ambiguous"),
        ("03.04.2026 10:00", "ambiguous"),
        ("next fri", "ambiguous"),
        ("2026-01-01 10:00", "past"),
        ("today 9:00", "past"),
        ("yesterday", "understand"),
        ("", "no time"),
        ("   ", "no time"),
        ("blah", "understand"),
        ("dec", "day and a month"),
        ("2026", "understand"),
        ("+2x", "unknown unit"),
        ("+3h 10:00", "days or weeks"),
        ("+99999999d", "too large"),
        ("tomorrow 25:00", "no such time"),
        ("tomorrow 9", "time of day"),
        ("tomorrow 13pm", "1-12"),
        ("2026-02-30 10:00", "understand"),
        ("2026-03-29 03:30", "clock change"),  # skipped by DST in Kyiv
        ("2026-12-01 10:00 XYZT", "understand"),
    ],
)
def test_bad_input_is_a_clear_user_error(text, fragment):
    with pytest.raises(UserError) as caught:
        parse_when(text, NOW, KYIV)
    message = str(caught.value)
    assert fragment in message
    assert "\n" not in message


def test_past_allowed_when_asked():
    assert parse_when("2026-01-01 10:00", NOW, KYIV, allow_past=True) == local(2026, 1, 1, 10, 0)


def test_naive_now_is_a_programming_error():
    with pytest.raises(ValueError):
        parse_when("tomorrow", datetime(2026, 3, 20), KYIV)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_gives_a_time_or_a_user_error(text):
    try:
        result = parse_when(text, NOW, KYIV)
    except UserError:
        return
    assert result.tzinfo is not None
    assert result >= NOW


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["", "+", "-", "in ", "next ", "tomorrow ", "fri ", "2026-"]),
    st.integers(min_value=0, max_value=10**12),
    st.sampled_from(["", "d", "h", "w", "m", "/", ":", " days", "/12", ".13"]),
)
def test_number_heavy_text_never_crashes(prefix, number, suffix):
    with contextlib.suppress(UserError):
        parse_when(f"{prefix}{number}{suffix}", NOW, KYIV)


def test_parse_day():
    assert parse_day("fri", NOW, KYIV) == date(2026, 3, 27)
    assert parse_day("today", NOW, KYIV) == date(2026, 3, 20)
    assert parse_day("+7d", NOW, KYIV) == date(2026, 3, 27)
    assert parse_day("2026-01-05", NOW, KYIV) == date(2026, 1, 5)  # past days are fine here
    with pytest.raises(UserError):
        parse_day("01/02", NOW, KYIV)


def test_parse_delta():
    assert parse_delta("+2h") == timedelta(hours=2)
    assert parse_delta("-90m") == timedelta(minutes=-90)
    assert parse_delta("-1d").days == -1
    assert parse_delta("+1w").days == 7
    assert parse_delta("3 days").days == 3
    for bad in ("", "2", "+2y", "soon"):
        with pytest.raises(UserError):
            parse_delta(bad)


def test_shift_by_days_keeps_wall_time_and_hours_are_elapsed():
    before = local(2026, 3, 28, 10, 0)
    assert shift(before, parse_delta("+1d"), KYIV) == local(2026, 3, 29, 10, 0)
    assert shift(before, parse_delta("+24h"), KYIV) == local(2026, 3, 29, 11, 0)
    # A wall time skipped by DST moves forward.
    night = local(2026, 3, 28, 3, 30)
    assert shift(night, parse_delta("+1d"), KYIV).astimezone(UTC) == datetime(
        2026, 3, 29, 1, 30, tzinfo=UTC
    )
