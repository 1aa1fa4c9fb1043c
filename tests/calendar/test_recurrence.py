from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from smmdesk.calendar import recurrence
from smmdesk.calendar.posts import (
    create_post,
    delete_post,
    draft_of,
    edit_occurrence,
    find_post,
    move_occurrence,
    move_post,
    skip_occurrence,
)
from smmdesk.calendar.timeparse import parse_delta
from smmdesk.calendar.views import occurrences_between
from smmdesk.errors import UserError

from .conftest import KYIV, NEW_YORK, NOW, local

SPRING = (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC))


def series(store, brand, rule, when, tz="Europe/Kyiv", **extra):
    return create_post(
        store, brand, title="Weekly tips", goal="questions", channel="Facebook page",
        when=when, rrule=rule, tz=tz, now=NOW, **extra,
    )  # fmt: skip


def local_times(store, zone, window=SPRING):
    return [item.at.astimezone(zone) for item in occurrences_between(store, *window)]


@pytest.mark.parametrize(
    ("tz_name", "zone", "first", "dst_day"),
    [
        ("Europe/Kyiv", KYIV, date(2026, 3, 16), date(2026, 3, 29)),
        ("America/New_York", NEW_YORK, date(2026, 3, 2), date(2026, 3, 8)),
    ],
)
def test_weekly_post_keeps_its_wall_time_across_dst(store, brand, tz_name, zone, first, dst_day):
    start = datetime.combine(first, datetime.min.time().replace(hour=10), tzinfo=zone)
    rule = recurrence.build_rule("weekly", start, count=4)
    series(store, brand, rule, start, tz=tz_name)
    times = local_times(store, zone)
    assert len(times) == 4
    assert {t.time().isoformat() for t in times} == {"10:00:00"}
    offsets = {t.utcoffset() for t in times}
    assert len(offsets) == 2  # the UTC instant moved by an hour, the wall time did not
    assert any(t.date() < dst_day for t in times) and any(t.date() > dst_day for t in times)


def test_fall_back_in_new_york_keeps_wall_time(store, brand):
    start = local(2026, 10, 20, 9, 30, tz=NEW_YORK)  # DST ends 2026-11-01
    series(store, brand, recurrence.build_rule("daily", start, count=20), start,
           tz="America/New_York")  # fmt: skip
    window = (datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))
    times = local_times(store, NEW_YORK, window)
    assert len(times) == 20
    assert {t.strftime("%H:%M") for t in times} == {"09:30"}


def test_weekly_on_days_until_a_date(store, brand):
    start = local(2026, 3, 17, 10, 0)  # a Tuesday: the series starts on the first allowed day
    rule = recurrence.build_rule("weekly", start, weekdays=[0, 2], until=date(2026, 4, 1))
    post = series(store, brand, rule, start)
    assert post.scheduled_at.astimezone(KYIV) == local(2026, 3, 18, 10, 0)
    days = [t.date() for t in local_times(store, KYIV)]
    assert days == [date(2026, 3, 18), date(2026, 3, 23), date(2026, 3, 25), date(2026, 3, 30),
                    date(2026, 4, 1)]  # fmt: skip


def test_monthly_n_times(store, brand):
    start = local(2026, 1, 31, 12, 0)
    rule = recurrence.build_rule("monthly", start, count=3)
    series(store, brand, rule, start)
    window = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
    # RFC 5545: months without a 31st are skipped.
    assert [t.date() for t in local_times(store, KYIV, window)] == [
        date(2026, 1, 31), date(2026, 3, 31), date(2026, 5, 31)
    ]  # fmt: skip


def test_build_rule_refusals():
    start = local(2026, 3, 16, 10, 0)
    with pytest.raises(UserError, match="either"):
        recurrence.build_rule("weekly", start, until=date(2026, 4, 1), count=3)
    with pytest.raises(UserError, match="before the first"):
        recurrence.build_rule("weekly", start, until=date(2026, 3, 1))
    with pytest.raises(UserError, match="daily, weekly or monthly"):
        recurrence.build_rule("hourly", start)
    with pytest.raises(UserError, match="not a day"):
        recurrence.parse_weekdays("mon,funday")
    assert recurrence.parse_weekdays("mon, WE,fri") == [0, 2, 4]


def test_skip_one_occurrence(store, brand):
    start = local(2026, 3, 16, 10, 0)
    post = series(store, brand, recurrence.build_rule("weekly", start, count=3), start)
    second = local(2026, 3, 23, 10, 0)
    skipped = skip_occurrence(store, post.id, second, now=NOW)
    assert skipped.exdates == (second.astimezone(UTC),)
    assert [t.date() for t in local_times(store, KYIV)] == [date(2026, 3, 16), date(2026, 3, 30)]
    with pytest.raises(UserError, match="no occurrence"):
        skip_occurrence(store, post.id, second, now=NOW)  # already skipped
    with pytest.raises(UserError, match="no occurrence"):
        skip_occurrence(store, post.id, local(2026, 3, 24, 10, 0), now=NOW)


def test_edit_one_occurrence(store, brand):
    start = local(2026, 3, 16, 10, 0)
    post = series(store, brand, recurrence.build_rule("weekly", start, count=3), start)
    second = local(2026, 3, 23, 10, 0)
    draft = replace(draft_of(post, second), title="Special")
    edited = edit_occurrence(store, post.id, second, draft, now=NOW)
    assert edited.series_id == post.id
    assert edited.occurrence_at == second.astimezone(UTC)
    assert edited.rrule is None
    items = occurrences_between(store, *SPRING)
    assert [(i.post.title, i.at.astimezone(KYIV).day) for i in items] == [
        ("Weekly tips", 16), ("Special", 23), ("Weekly tips", 30)
    ]  # fmt: skip
    delete_post(store, post.id)
    assert find_post(store, edited.id) is None  # the series takes its edits with it


def test_move_one_occurrence(store, brand):
    start = local(2026, 3, 16, 10, 0)
    post = series(store, brand, recurrence.build_rule("weekly", start, count=3), start)
    moved = move_occurrence(store, post.id, local(2026, 3, 30, 10, 0), parse_delta("+2h"), now=NOW)
    assert moved.scheduled_at.astimezone(KYIV) == local(2026, 3, 30, 12, 0)
    assert [t.strftime("%d %H") for t in local_times(store, KYIV)] == ["16 10", "23 10", "30 12"]


def test_move_whole_series_by_a_day_moves_its_weekdays_and_skips(store, brand):
    start = local(2026, 3, 16, 10, 0)  # Monday
    rule = recurrence.build_rule("weekly", start, weekdays=[0], until=date(2026, 4, 6))
    post = series(store, brand, rule, start)
    skip_occurrence(store, post.id, local(2026, 3, 23, 10, 0), now=NOW)
    moved = move_post(store, post.id, parse_delta("+1d"), now=NOW)
    assert "BYDAY=TU" in moved.rrule
    times = local_times(store, KYIV)
    assert [t.strftime("%a %d %H:%M") for t in times] == [
        "Tue 17 10:00", "Tue 31 10:00", "Tue 07 10:00"
    ]  # fmt: skip


def test_series_fixed_to_month_days_cannot_move_by_days(store, brand):
    start = local(2026, 3, 16, 10, 0)
    post = series(store, brand, "FREQ=MONTHLY;BYMONTHDAY=16", start)
    with pytest.raises(UserError, match="fixed dates"):
        move_post(store, post.id, parse_delta("+1d"), now=NOW)
    assert move_post(store, post.id, parse_delta("+1h"), now=NOW).rrule == post.rrule


def test_skip_needs_a_series(store, brand):
    post = create_post(store, brand, title="One", goal="sales", channel="Website",
                       when=local(2026, 3, 25, 10, 0), tz="Europe/Kyiv", now=NOW)  # fmt: skip
    with pytest.raises(UserError, match="does not repeat"):
        skip_occurrence(store, post.id, post.scheduled_at, now=NOW)


def test_describe_rule():
    assert (
        recurrence.describe_rule("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4") == "weekly on Mon, Wed, 4 times"
    )
    assert recurrence.describe_rule("FREQ=DAILY;INTERVAL=2;UNTIL=20260401T205959Z", KYIV) == (
        "every 2 days, until 2026-04-01"
    )


def test_local_zone_name_from_env(monkeypatch):
    monkeypatch.setenv("SMMDESK_TZ", "America/New_York")
    assert recurrence.local_zone_name() == "America/New_York"
    monkeypatch.setenv("SMMDESK_TZ", "Not/AZone")
    monkeypatch.setenv("TZ", "Europe/Kyiv")
    assert recurrence.local_zone_name() == "Europe/Kyiv"


def test_expansion_window_is_half_open():
    first = datetime(2026, 3, 16, 8, 0, tzinfo=UTC)
    found = recurrence.expand("FREQ=DAILY", first, "UTC", first, first + timedelta(days=2))
    assert found == [first, first + timedelta(days=1)]
