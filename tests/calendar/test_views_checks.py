from datetime import UTC, date, datetime, timedelta

import pytest

from smmdesk.calendar import checks, recurrence, views
from smmdesk.calendar.posts import create_post
from smmdesk.store.posts import list_goals

from .conftest import KYIV, NOW, local


def add(store, brand, when, goal="questions", channel="Facebook page", **extra):
    extra.setdefault("title", f"{goal} post")
    return create_post(store, brand, goal=goal, channel=channel, when=when,
                       tz="Europe/Kyiv", now=NOW, **extra)  # fmt: skip


def items_of(days):
    return [item for day in days for item in day.items]


# --- views ---


def test_month_grid_has_whole_weeks_with_posts_in_time_order(store, brand):
    late = add(store, brand, local(2026, 4, 15, 18, 0))
    early = add(store, brand, local(2026, 4, 15, 9, 0), goal="sales")
    start = local(2026, 4, 1, 10, 0)
    add(store, brand, start, rrule=recurrence.build_rule("weekly", start, count=2))
    grid = views.month_grid(store, 2026, 4, zone=KYIV, today=date(2026, 4, 15))
    assert all(len(week) == 7 for week in grid)
    assert grid[0][0].date == date(2026, 3, 30)  # a Monday, outside April
    assert not grid[0][0].in_month
    flat = {day.date: day for week in grid for day in week}
    assert [i.post.id for i in flat[date(2026, 4, 15)].items] == [early.id, late.id]
    assert flat[date(2026, 4, 15)].is_today
    assert [i.of_series for i in flat[date(2026, 4, 8)].items] == [True]


def test_days_are_local_days(store, brand):
    # 00:30 in Kyiv is still the day before in UTC.
    post = add(store, brand, local(2026, 4, 16, 0, 30))
    days = views.week(store, date(2026, 4, 16), zone=KYIV)
    assert [d.date.weekday() for d in days] == list(range(7))
    found = {d.date: [i.post.id for i in d.items] for d in days}
    assert found[date(2026, 4, 16)] == [post.id]
    assert found[date(2026, 4, 15)] == []


def test_agenda_skips_empty_days_unless_asked(store, brand):
    add(store, brand, local(2026, 4, 2, 10, 0))
    add(store, brand, local(2026, 4, 5, 10, 0))
    add(store, brand, local(2026, 4, 20, 10, 0))
    days = views.agenda(store, date(2026, 4, 1), 7, zone=KYIV)
    assert [d.date.day for d in days] == [2, 5]
    assert len(views.agenda(store, date(2026, 4, 1), 7, zone=KYIV, skip_empty=False)) == 7


def test_views_filter_by_brand(store, brand, other_brand):
    add(store, brand, local(2026, 4, 2, 10, 0))
    add(store, other_brand, local(2026, 4, 2, 11, 0), channel="Other page")
    days = views.agenda(store, date(2026, 4, 1), 3, zone=KYIV, brand=brand)
    assert [i.post.brand for i in items_of(days)] == ["acme"]


# --- checks ---


def test_conflicts_on_one_channel_closer_than_the_interval(store, brand):
    a = add(store, brand, local(2026, 4, 2, 10, 0))
    b = add(store, brand, local(2026, 4, 2, 11, 0))
    add(store, brand, local(2026, 4, 2, 10, 30), channel="Website")  # another channel
    add(store, brand, local(2026, 4, 2, 13, 0))  # far enough from b
    add(store, brand, local(2026, 4, 2, 10, 15), status="cancelled")  # does not count
    items = views.occurrences_between(store, *_april())
    found = checks.conflicts(items, timedelta(hours=2))
    assert [(c.first.post.id, c.second.post.id) for c in found] == [(a.id, b.id)]
    assert found[0].gap == timedelta(hours=1)
    assert found[0].channel == "Facebook page"
    assert checks.conflicts(items, timedelta(minutes=30)) == []


def test_conflict_with_an_occurrence_of_a_series(store, brand):
    start = local(2026, 4, 1, 10, 0)
    add(store, brand, start, rrule=recurrence.build_rule("daily", start, count=5))
    single = add(store, brand, local(2026, 4, 3, 10, 45))
    found = checks.conflicts(views.occurrences_between(store, *_april()), timedelta(hours=1))
    assert [c.second.post.id for c in found] == [single.id]


def test_min_gap_setting(store):
    assert checks.min_gap(store) == checks.DEFAULT_MIN_GAP
    store.set_setting(checks.MIN_GAP_SETTING, "45")
    assert checks.min_gap(store) == timedelta(minutes=45)


def test_gaps(store, brand):
    add(store, brand, local(2026, 4, 1, 10, 0))
    add(store, brand, local(2026, 4, 3, 23, 30))  # still the 3rd in Kyiv
    add(store, brand, local(2026, 4, 4, 10, 0), status="cancelled")
    items = views.occurrences_between(store, *_april())
    assert checks.gaps(items, date(2026, 4, 1), date(2026, 4, 5), KYIV) == [
        date(2026, 4, 2), date(2026, 4, 4), date(2026, 4, 5)
    ]  # fmt: skip


def test_goal_mix_per_week_and_month_against_targets(store, brand):
    # Week of 6 April: 2 sales, 1 questions, 1 recognition, and an ad that must not dilute them.
    for day, goal in [(6, "sales"), (7, "sales"), (8, "questions"), (9, "recognition")]:
        add(store, brand, local(2026, 4, day, 10, 0), goal=goal)
    add(store, brand, local(2026, 4, 9, 12, 0), goal="ad-new-audience")
    # Week of 13 April: questions only.
    add(store, brand, local(2026, 4, 14, 10, 0), goal="questions")
    items = views.occurrences_between(store, *_april())
    goals = list_goals(store, brand.id)

    weeks = checks.goal_mix(items, goals, KYIV, "week")
    assert [(m.start, m.total, m.label) for m in weeks] == [
        (date(2026, 4, 6), 5, "2026-W15"), (date(2026, 4, 13), 1, "2026-W16")
    ]  # fmt: skip
    first = {s.goal: s for s in weeks[0].shares}
    assert first["sales"].posts == 2
    assert first["sales"].share == pytest.approx(0.5)
    assert first["sales"].target == pytest.approx(0.3)
    assert first["sales"].delta == pytest.approx(0.2)
    assert first["questions"].share == pytest.approx(0.25)
    assert first["ad-new-audience"].share == pytest.approx(1.0)  # ads share among ads
    second = {s.goal: s for s in weeks[1].shares}
    assert second["questions"].share == 1.0
    assert second["sales"].share == 0.0

    (month,) = checks.goal_mix(items, goals, KYIV, "month")
    assert month.label == "2026-04"
    shares = {s.goal: s.share for s in month.shares}
    assert shares["questions"] == pytest.approx(2 / 5)


def test_warnings_sales_without_link_and_past_posts(store, brand):
    no_link = add(store, brand, local(2026, 4, 2, 10, 0), goal="sales")
    add(store, brand, local(2026, 4, 2, 12, 0), goal="sales", link="https://acme.example")
    past = add(store, brand, local(2026, 3, 10, 10, 0), status="scheduled")
    add(store, brand, local(2026, 3, 11, 10, 0), status="published")
    window = (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC))
    found = checks.warnings(views.occurrences_between(store, *window), NOW)
    assert sorted((w.item.post.id, w.code) for w in found) == sorted(
        [(no_link.id, "sales-without-link"), (past.id, "in-the-past")]
    )


def _april():
    return datetime(2026, 3, 31, 21, 0, tzinfo=UTC), datetime(2026, 4, 30, 21, 0, tzinfo=UTC)
