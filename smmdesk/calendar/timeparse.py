"""Times typed the way people type them, turned into aware datetimes.

Forms understood (case-insensitive, in the user's zone):

- ``2026-12-01 10:00``, ``2026-12-01``, ``1 dec 18:00``, ``dec 1 2026 6pm``,
  ``25/12 9:30`` — absolute dates via dateutil; a numeric date whose day and
  month could be swapped (``01/02``) is refused as ambiguous;
- ``today 15:00``, ``tomorrow 9:30``;
- ``fri 18:00``, ``friday`` — the next such day, never today (say ``today``
  for today);
- ``next week`` — Monday of next week (a planner's "put it next week"),
  ``next week 14:00`` for another time;
- ``+2d``, ``+3h``, ``+30m``, ``+1w``, ``in 2 days``, ``in 3 hours`` — from now;
  day and week steps keep the wall-clock time, ``+2d 10:00`` sets it;
- ``18:00`` alone — today at that time.

A day without a time means ``DEFAULT_TIME`` (09:00). A year left out means
the next such date. Times in the past are refused (unless ``allow_past``).
A wall time skipped by a DST change is refused; a repeated one means the
first of the two.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime, time, timedelta, tzinfo

from dateutil import tz as dateutil_tz
from dateutil.relativedelta import relativedelta

from smmdesk.errors import UserError

DEFAULT_TIME = time(9, 0)

WEEKDAYS = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip

# Units of a step: minutes and hours are elapsed time, days and weeks wall-clock steps.
UNITS = {
    "m": "minutes", "min": "minutes", "mins": "minutes", "minute": "minutes", "minutes": "minutes",
    "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours",
    "d": "days", "day": "days", "days": "days",
    "w": "weeks", "wk": "weeks", "wks": "weeks", "week": "weeks", "weeks": "weeks",
}  # fmt: skip

MAX_STEP = 100_000  # keeps "+99999999999d" an error message, not an OverflowError

_TIME = r"(?:at\s+)?(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<ampm>am|pm)?"
TIME_RE = re.compile(rf"^{_TIME}$")
STEP_RE = re.compile(r"^(?P<sign>[+-])?\s*(?P<n>\d{1,9})\s*(?P<unit>[a-z]+)$")
PLUS_RE = re.compile(r"^\+\s*(?P<n>\d{1,9})\s*(?P<unit>[a-z]+)(?:\s+(?P<time>.+))?$")
IN_RE = re.compile(r"^in\s+(?P<n>\d{1,9})\s*(?P<unit>[a-z]+)$")
DAYWORD_RE = re.compile(r"^(?P<day>today|tomorrow|next week|[a-z]+)(?:\s+(?P<time>.+))?$")
MONTH_NAME_RE = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b")
NUMERIC_DATE_RE = re.compile(r"\b(\d{1,4})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?\b")
ISO_DATE_RE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")


def parse_when(text: str, now: datetime, zone: tzinfo, *, allow_past: bool = False) -> datetime:
    """The instant ``text`` names, aware in ``zone``; a UserError if it names none."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    cleaned = _clean(text)
    local_now = now.astimezone(zone)
    try:
        moment = _parse(cleaned, local_now, zone)
    except OverflowError:
        raise UserError(f"date out of range, {text.strip()!r}") from None
    if not allow_past and moment < now:
        shown = moment.strftime("%Y-%m-%d %H:%M")
        raise UserError(f"time is in the past ({shown}), {text.strip()!r}")
    return moment


def parse_day(text: str, now: datetime, zone: tzinfo) -> date:
    """A calendar day: the date part of what ``parse_when`` understands, past days allowed."""
    cleaned = _clean(text)
    local_now = now.astimezone(zone)
    day = _parse_day_word(cleaned, local_now)
    if day is not None:
        return day
    try:
        return _parse(cleaned, local_now, zone).date()
    except OverflowError:
        raise UserError(f"date out of range, {text.strip()!r}") from None


def parse_delta(text: str) -> relativedelta | timedelta:
    """A signed step to move a post by: ``+2h``, ``-1d``, ``+1w``, ``30m``, ``3 days``.

    Days and weeks are a ``relativedelta`` (wall-clock steps), hours and minutes
    a ``timedelta`` (elapsed time) — see ``shift``.
    """
    match = STEP_RE.match(_clean(text))
    if not match:
        raise UserError(f"not a step like +2h, -1d or +1w, {text.strip()!r}")
    sign = -1 if match["sign"] == "-" else 1
    return _step(int(match["n"]) * sign, match["unit"], text)


def _clean(text: str) -> str:
    cleaned = " ".join(text.lower().split())
    if not cleaned:
        raise UserError("no time given, ''")
    return cleaned


def _parse(cleaned: str, local_now: datetime, zone: tzinfo) -> datetime:
    if cleaned == "now":
        return local_now
    for parser in (_parse_plus, _parse_in, _parse_day_and_time, _parse_time_today):
        moment = parser(cleaned, local_now, zone)
        if moment is not None:
            return moment
    return _parse_absolute(cleaned, local_now, zone)


def _step(n: int, unit: str, text: str) -> relativedelta | timedelta:
    name = UNITS.get(unit)
    if name is None:
        raise UserError(f"unknown unit {unit!r} (use m, h, d or w), {text.strip()!r}")
    if abs(n) > MAX_STEP:
        raise UserError(f"step too large, {text.strip()!r}")
    if name in ("minutes", "hours"):
        return timedelta(**{name: n})
    # The stub's positional dt1 would take a **mapping; ``name`` is one of relativedelta's keywords.
    return relativedelta(**{name: n})  # type: ignore[arg-type]


def _apply_step(local_now: datetime, step: relativedelta | timedelta, zone: tzinfo) -> datetime:
    if isinstance(step, timedelta):
        return (local_now.astimezone(dateutil_tz.UTC) + step).astimezone(zone)
    # Day steps keep the wall-clock time: +1d from 10:00 is 10:00 tomorrow, DST or not.
    wall = local_now.replace(tzinfo=None) + step
    return _localize(wall, zone, wall.strftime("%Y-%m-%d %H:%M"))


def _parse_plus(cleaned: str, local_now: datetime, zone: tzinfo) -> datetime | None:
    match = PLUS_RE.match(cleaned)
    if not match:
        return None
    step = _step(int(match["n"]), match["unit"], cleaned)
    if match["time"] is None:
        return _apply_step(local_now, step, zone)
    if isinstance(step, timedelta):
        raise UserError(f"a time of day goes with a step in days or weeks, {cleaned!r}")
    day = _safe_add(local_now.date(), step, cleaned)
    return _at(day, _parse_time(match["time"], cleaned), zone)


def _parse_in(cleaned: str, local_now: datetime, zone: tzinfo) -> datetime | None:
    match = IN_RE.match(cleaned)
    if not match:
        return None
    return _apply_step(local_now, _step(int(match["n"]), match["unit"], cleaned), zone)


def _parse_day_word(cleaned: str, local_now: datetime) -> date | None:
    """today, tomorrow, a weekday, next week, +Nd — the day only, or None."""
    match = PLUS_RE.match(cleaned)
    if match and match["time"] is None:
        step = _step(int(match["n"]), match["unit"], cleaned)
        if isinstance(step, relativedelta):
            return _safe_add(local_now.date(), step, cleaned)
    return _day_of_word(cleaned, local_now.date())


def _day_of_word(word: str, today: date) -> date | None:
    if word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    if word == "next week":
        return today + timedelta(days=7 - today.weekday())
    if word in WEEKDAYS:
        ahead = (WEEKDAYS[word] - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    return None


def _parse_day_and_time(cleaned: str, local_now: datetime, zone: tzinfo) -> datetime | None:
    if cleaned.startswith("next ") and cleaned.split()[1] in WEEKDAYS:
        weekday = cleaned.split()[1]
        raise UserError(
            f"'next {weekday}' is ambiguous (this coming one or the week after?): "
            f"say '{weekday}' for the coming one or give a date, {cleaned!r}"
        )
    match = DAYWORD_RE.match(cleaned)
    if not match:
        return None
    day = _day_of_word(match["day"], local_now.date())
    if day is None:
        return None
    at = _parse_time(match["time"], cleaned) if match["time"] else DEFAULT_TIME
    return _at(day, at, zone)


def _parse_time_today(cleaned: str, local_now: datetime, zone: tzinfo) -> datetime | None:
    if not TIME_RE.match(cleaned) or not (":" in cleaned or "m" in cleaned):
        return None
    return _at(local_now.date(), _parse_time(cleaned, cleaned), zone)


def _parse_time(text: str, whole: str) -> time:
    match = TIME_RE.match(text.strip())
    if not match or not (match["minute"] or match["ampm"]):
        raise UserError(f"not a time of day like 9:30 or 6pm, {whole!r}")
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise UserError(f"hour must be 1-12 with am/pm, {whole!r}")
        hour = hour % 12 + (12 if match["ampm"] == "pm" else 0)
    if hour > 23 or minute > 59:
        raise UserError(f"no such time of day, {whole!r}")
    return time(hour, minute)


def _parse_absolute(cleaned: str, local_now: datetime, zone: tzinfo) -> datetime:
    dayfirst = _check_date_order(cleaned)
    from dateutil import parser

    # Parse twice with defaults that differ in every field: a field that comes
    # out different was not typed. (Both default years are leap years.)
    early, late = datetime(2000, 1, 1, 0, 0), datetime(2004, 2, 2, 1, 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", parser.UnknownTimezoneWarning)
            first = parser.parse(cleaned, default=early, dayfirst=dayfirst)
            second = parser.parse(cleaned, default=late, dayfirst=dayfirst)
    except parser.UnknownTimezoneWarning:
        raise UserError(f"unknown time zone name, {cleaned!r}") from None
    except (ValueError, OverflowError, TypeError, IndexError):
        raise UserError(f"not a time I understand (try 2026-12-01 10:00), {cleaned!r}") from None
    if first.month != second.month or first.day != second.day:
        raise UserError(f"a date needs a day and a month, {cleaned!r}")
    if first.tzinfo is not None:
        return first.astimezone(zone)
    at = time(first.hour, first.minute) if first.hour == second.hour else DEFAULT_TIME
    if first.year != second.year:
        return _next_yearly(first.month, first.day, at, local_now, zone, cleaned)
    return _at(first.date(), at, zone)


def _check_date_order(cleaned: str) -> bool:
    """Refuse input that is not clearly a date; return dateutil's ``dayfirst``."""
    if MONTH_NAME_RE.search(cleaned) or ISO_DATE_RE.match(cleaned):
        return False
    match = NUMERIC_DATE_RE.search(cleaned)
    if not match:
        raise UserError(
            f"not a time I understand (try 2026-12-01 10:00, tomorrow 9:30, fri 18:00, +2d), "
            f"{cleaned!r}"
        )
    first, second = match[1], match[2]
    if len(first) == 4:
        return False
    a, b = int(first), int(second)
    if a <= 12 and b <= 12 and a != b:
        raise UserError(
            f"ambiguous date {match[0]!r} (day/month or month/day?): "
            f"write it as year-month-day, {cleaned!r}"
        )
    return a > 12


def _next_yearly(
    month: int, day: int, at: time, local_now: datetime, zone: tzinfo, cleaned: str
) -> datetime:
    """A date typed without a year: the next time it comes round."""
    for year in range(local_now.year, local_now.year + 9):
        try:
            candidate = _at(date(year, month, day), at, zone)
        except ValueError:  # 29 Feb in a common year
            continue
        if candidate >= local_now:
            return candidate
    raise UserError(f"no such date, {cleaned!r}")


def _safe_add(day: date, step: relativedelta, cleaned: str) -> date:
    try:
        return day + step
    except (OverflowError, ValueError):
        raise UserError(f"date out of range, {cleaned!r}") from None


def _at(day: date, at: time, zone: tzinfo) -> datetime:
    return _localize(datetime.combine(day, at), zone, f"{day} {at:%H:%M}")


def _localize(wall: datetime, zone: tzinfo, shown: str) -> datetime:
    moment = wall.replace(tzinfo=zone, fold=0)
    if not dateutil_tz.datetime_exists(moment):
        raise UserError(f"time skipped by a clock change (DST), {shown}")
    return moment


def shift(moment: datetime, step: relativedelta | timedelta, zone: tzinfo) -> datetime:
    """``moment`` moved by ``step``: a ``relativedelta``'s years, months, days and
    weeks on the wall clock of ``zone`` (a 10:00 post moved by a day stays at
    10:00 across DST), its hours and minutes — and any ``timedelta`` — as
    elapsed time. A wall time skipped by DST moves forward."""
    try:
        if isinstance(step, timedelta):
            return (moment.astimezone(dateutil_tz.UTC) + step).astimezone(zone)
        calendar_part = relativedelta(years=step.years, months=step.months, days=step.days)
        clock_part = timedelta(hours=step.hours, minutes=step.minutes, seconds=step.seconds)
        local = moment.astimezone(zone)
        if calendar_part:
            wall = local.replace(tzinfo=None) + calendar_part
            local = wall.replace(tzinfo=zone, fold=0)
            if not dateutil_tz.datetime_exists(local):
                local = dateutil_tz.resolve_imaginary(local)
        return (local.astimezone(dateutil_tz.UTC) + clock_part).astimezone(zone)
    except (OverflowError, ValueError):
        raise UserError(f"date out of range, {moment:%Y-%m-%d} moved by {step}") from None
