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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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
    zone = zone or local_zone()
    items = occurrences_between(
        store, day_start(first, zone), day_start(last + timedelta(days=1), zone), brand
    )
    by_day: dict[date, list[Occurrence]] = {}
    for item in items:
        by_day.setdefault(item.at.astimezone(zone).date(), []).append(item)
    count = (last - first).days + 1
    dates = [first + timedelta(days=n) for n in range(count)]
    return [Day(d, tuple(by_day.get(d, ())), True, d == today) for d in dates]


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
    weeks = std_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    days = days_between(store, weeks[0][0], weeks[-1][-1], zone=zone, brand=brand, today=today)
    marked = [Day(d.date, d.items, d.date.month == month, d.is_today) for d in days]
    return [marked[i : i + 7] for i in range(0, len(marked), 7)]


def week(
    store: Store,
    day: date,
    *,
    zone: tzinfo | None = None,
    brand: Brand | None = None,
    today: date | None = None,
) -> list[Day]:
    """The seven days, Monday to Sunday, of the week that holds ``day``."""
    monday = day - timedelta(days=day.weekday())
    return days_between(
        store, monday, monday + timedelta(days=6), zone=zone, brand=brand, today=today
    )


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
    found = days_between(
        store, start, start + timedelta(days=days - 1), zone=zone, brand=brand, today=today
    )
    return [d for d in found if d.items] if skip_empty else found
