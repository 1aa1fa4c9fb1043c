"""Data for the calendar views as plain values: a month grid, a week, an agenda.

Each day holds the posts that appear on it — single posts, occurrences of
series, edited occurrences — in time order. Days are the user's local days.
"""

from __future__ import annotations

import calendar as std_calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from dateutil.tz import resolve_imaginary

from smmdesk.calendar import recurrence
from smmdesk.store import posts as store_posts
from smmdesk.store.brands import Brand
from smmdesk.store.db import Store
from smmdesk.store.posts import Post
from smmdesk.timeutil import local_zone, to_iso


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One appearance of a post on the calendar."""

    post: Post  # a single post, a series, or an edited occurrence
    at: datetime  # UTC instant of this appearance

    @property
    def of_series(self) -> bool:
        """True for an occurrence computed from a series' rule (skip/edit act on ``at``)."""
        return self.post.is_series

    def local(self, zone: tzinfo | None = None) -> datetime:
        return self.at.astimezone(zone or local_zone())


@dataclass(frozen=True, slots=True)
class Day:
    date: date
    items: tuple[Occurrence, ...]
    in_month: bool = True  # False for the leading/trailing days of a month grid
    is_today: bool = False


def occurrences_between(
    store: Store, start: datetime, end: datetime, brand: Brand | None = None
) -> list[Occurrence]:
    """Every appearance of a post in [start, end), in time order."""
    brand_id = brand.id if brand else None
    singles = store_posts.single_posts_between(store, to_iso(start), to_iso(end), brand_id)
    found = [Occurrence(post, post.scheduled_at) for post in singles]
    for series in store_posts.series_starting_before(store, to_iso(end), brand_id):
        rule = series.rrule or ""
        for moment in recurrence.expand(
            rule, series.scheduled_at, series.tz, start, end, series.exdates
        ):
            found.append(Occurrence(series, moment))
    found.sort(key=lambda item: (item.at, item.post.id))
    return found


def day_start(day: date, zone: tzinfo) -> datetime:
    """Local midnight (or the first moment of the day where DST skips midnight)."""
    return resolve_imaginary(datetime.combine(day, time(0), tzinfo=zone))


# --- ranges: what each view shows ---


def week_start(day: date) -> date:
    """The Monday of ``day``'s week (weeks start on Monday)."""
    return day - timedelta(days=day.weekday())


def week_range(day: date) -> tuple[date, date]:
    """Monday to Sunday of ``day``'s week."""
    monday = week_start(day)
    return monday, monday + timedelta(days=6)


def month_days(day: date) -> tuple[date, date]:
    """The first and last day of ``day``'s month."""
    first = day.replace(day=1)
    # monthrange, not relativedelta: the goal mix asks this once per post
    return first, first.replace(day=std_calendar.monthrange(day.year, day.month)[1])


def month_range(day: date) -> tuple[date, date]:
    """First and last day of the Monday-first grid that shows ``day``'s month."""
    weeks = std_calendar.Calendar(firstweekday=0).monthdatescalendar(day.year, day.month)
    return weeks[0][0], weeks[-1][-1]


def agenda_range(day: date, days: int) -> tuple[date, date]:
    """``days`` days from ``day``."""
    return day, day + timedelta(days=max(1, days) - 1)


def _dates(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# --- a window: the occurrences of some days, fetched once ---


@dataclass(frozen=True)
class Window:
    """The occurrences of the local days ``first`` to ``last``, from one query, by local day.

    A view's data: the month grid, a week, an agenda and the checks of any days
    inside it are read from here without asking the database again.
    """

    first: date
    last: date
    items: list[Occurrence]  # in time order
    by_day: dict[date, list[Occurrence]]

    def on(self, day: date) -> list[Occurrence]:
        return self.by_day.get(day, [])

    def between(self, first: date, last: date) -> list[Occurrence]:
        """The occurrences of the days ``first`` to ``last`` inclusive, in time order."""
        return [i for d, found in self.by_day.items() if first <= d <= last for i in found]

    def days(
        self, first: date, last: date, *, today: date | None = None, month: int | None = None
    ) -> list[Day]:
        """One Day per date; with ``month``, days of other months have ``in_month=False``."""
        return [
            Day(d, tuple(self.on(d)), month is None or d.month == month, d == today)
            for d in _dates(first, last)
        ]

    def month(self, day: date, *, today: date | None = None) -> list[list[Day]]:
        """Weeks (Monday first) covering ``day``'s month."""
        days = self.days(*month_range(day), today=today, month=day.month)
        return [days[i : i + 7] for i in range(0, len(days), 7)]

    def week(self, day: date, *, today: date | None = None) -> list[Day]:
        return self.days(*week_range(day), today=today)

    def agenda(
        self, start: date, days: int, *, today: date | None = None, skip_empty: bool = True
    ) -> list[Day]:
        if days < 1:
            return []
        found = self.days(*agenda_range(start, days), today=today)
        return [d for d in found if d.items] if skip_empty else found


def group_by_day(items: list[Occurrence], zone: tzinfo) -> dict[date, list[Occurrence]]:
    """Occurrences by the local day they fall on, each day in time order."""
    by_day: dict[date, list[Occurrence]] = {}
    for item in items:
        by_day.setdefault(item.at.astimezone(zone).date(), []).append(item)
    return by_day


def window(
    store: Store, first: date, last: date, *, zone: tzinfo | None = None, brand: Brand | None = None
) -> Window:
    """Fetch the occurrences of the local days ``first`` to ``last`` inclusive (one query)."""
    zone = zone or local_zone()
    items = occurrences_between(
        store, day_start(first, zone), day_start(last + timedelta(days=1), zone), brand
    )
    return Window(first, last, items, group_by_day(items, zone))


# --- the views, fetched and built in one call (the CLI) ---


def days_between(
    store: Store,
    first: date,
    last: date,
    *,
    zone: tzinfo | None = None,
    brand: Brand | None = None,
    today: date | None = None,
) -> list[Day]:
    """One Day for each date from ``first`` to ``last`` inclusive."""
    return window(store, first, last, zone=zone, brand=brand).days(first, last, today=today)


def month_grid(
    store: Store,
    year: int,
    month: int,
    *,
    zone: tzinfo | None = None,
    brand: Brand | None = None,
    today: date | None = None,
) -> list[list[Day]]:
    """Weeks (Monday first) covering the month; days outside it have ``in_month=False``."""
    day = date(year, month, 1)
    return window(store, *month_range(day), zone=zone, brand=brand).month(day, today=today)


def week(
    store: Store,
    day: date,
    *,
    zone: tzinfo | None = None,
    brand: Brand | None = None,
    today: date | None = None,
) -> list[Day]:
    """The seven days, Monday to Sunday, of the week that holds ``day``."""
    return window(store, *week_range(day), zone=zone, brand=brand).week(day, today=today)


def agenda(
    store: Store,
    start: date,
    days: int = 7,
    *,
    zone: tzinfo | None = None,
    brand: Brand | None = None,
    today: date | None = None,
    skip_empty: bool = True,
) -> list[Day]:
    """The next ``days`` days from ``start``; by default only the days that have posts."""
    if days < 1:
        return []
    found = window(store, *agenda_range(start, days), zone=zone, brand=brand)
    return found.agenda(start, days, today=today, skip_empty=skip_empty)
