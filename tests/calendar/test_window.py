"""calendar.views is the TUI's view model too: one window, read as a month, a week, an agenda."""

from datetime import date

from smmdesk.calendar import recurrence, views
from smmdesk.calendar.posts import create_post

from .conftest import KYIV, NOW, local


def add(store, brand, when, **extra):
    return create_post(store, brand, title="Post", goal="questions", channel="Facebook page",
                       when=when, tz="Europe/Kyiv", now=NOW, **extra)  # fmt: skip


def test_ranges_of_the_views():
    wed = date(2026, 4, 15)
    assert views.week_start(wed) == date(2026, 4, 13)
    assert views.week_range(wed) == (date(2026, 4, 13), date(2026, 4, 19))
    assert views.month_days(wed) == (date(2026, 4, 1), date(2026, 4, 30))
    assert views.month_range(wed) == (date(2026, 3, 30), date(2026, 5, 3))
    assert views.agenda_range(wed, 14) == (wed, date(2026, 4, 28))


def test_one_window_serves_month_week_agenda_like_the_queries(store, brand, monkeypatch):
    add(store, brand, local(2026, 4, 15, 9, 0))
    add(store, brand, local(2026, 4, 15, 23, 30))  # still the 15th in Kyiv
    start = local(2026, 4, 1, 10, 0)
    add(store, brand, start, rrule=recurrence.build_rule("weekly", start, count=6))
    today = date(2026, 4, 15)
    first, last = views.month_range(today)
    queries = []
    real = views.occurrences_between
    monkeypatch.setattr(views, "occurrences_between", lambda *a: queries.append(a) or real(*a))
    window = views.window(store, first, last, zone=KYIV)
    assert len(queries) == 1
    month = window.month(today, today=today)
    week = window.week(today, today=today)
    agenda = window.agenda(today, 14, today=today)
    assert len(queries) == 1  # reading the window asks the database nothing
    assert month == views.month_grid(store, 2026, 4, zone=KYIV, today=today)
    assert week == views.week(store, today, zone=KYIV, today=today)
    assert agenda == views.agenda(store, today, 14, zone=KYIV, today=today)
    assert [len(d.items) for d in week] == [0, 0, 3, 0, 0, 0, 0]
    assert [d.date for d in agenda] == [today, date(2026, 4, 22)]  # 14 days: to the 28th
    assert window.between(*views.month_days(today)) == [
        i for d in views.days_between(store, date(2026, 4, 1), date(2026, 4, 30), zone=KYIV)
        for i in d.items
    ]  # fmt: skip
