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
  day and week steps keep the wall-clock time, ``+2d 10:00`` (``in 2 days 10:00``) sets it;
- ``18:00`` alone — today at that time.

And the same in Ukrainian: ``сьогодні 15:00``, ``завтра о 9:30``, ``післязавтра``;
``пт 18:00``, ``в п'ятницю``, ``у середу о 10:00`` (пн вт ср чт пт сб нд and the
full names, with the inflected forms that follow в/у); ``наступного тижня``;
``через 2 дні``, ``через 3 години``, ``через 30 хвилин``, ``через тиждень``,
``+2д``, ``+3год``, ``+30хв``; ``15 січня 19:30``, ``15 січня 2027 року о 19:30``
(months in the genitive, the nominative or short: січ, лют...); ``зараз``.
``наступної п'ятниці`` is refused as ``next fri`` is.

A day without a time means ``DEFAULT_TIME`` (09:00). A year left out means
the next such date. Times in the past are refused (unless ``allow_past``).
A wall time skipped by a DST change is refused; a repeated one means the
first of the two.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime, time, timedelta, tzinfo
from functools import cache
from typing import TYPE_CHECKING

from dateutil import tz as dateutil_tz
from dateutil.relativedelta import relativedelta

from smmdesk.errors import UserError

if TYPE_CHECKING:
    from dateutil.parser import parserinfo

DEFAULT_TIME = time(9, 0)

WEEKDAYS = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
    "пн": 0, "пон": 0, "понеділок": 0,
    "вт": 1, "вів": 1, "вівторок": 1,
    "ср": 2, "сер": 2, "середа": 2, "середу": 2,
    "чт": 3, "чет": 3, "четвер": 3,
    "пт": 4, "п'ят": 4, "п'ятниця": 4, "п'ятницю": 4,
    "сб": 5, "суб": 5, "субота": 5, "суботу": 5,
    "нд": 6, "нед": 6, "неділя": 6, "неділю": 6,
}  # fmt: skip
# Days counted from today; the words for next week (its Monday).
DAY_WORDS = {"today": 0, "сьогодні": 0, "tomorrow": 1, "завтра": 1, "післязавтра": 2}
NEXT_WEEK = frozenset({"next week", "наступного тижня", "наступний тиждень"})
# "next fri" and its Ukrainian forms: this coming one or the week after? Refused.
NEXT_WORDS = frozenset({"next", "наступний", "наступна", "наступного", "наступної", "наступну"})
WEEKDAY_GENITIVE = frozenset("понеділка вівторка середи четверга п'ятниці суботи неділі".split())
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "′": "'"})

# Units of a step: minutes and hours are elapsed time, days and weeks wall-clock steps.
UNITS = {
    "m": "minutes", "min": "minutes", "mins": "minutes", "minute": "minutes", "minutes": "minutes",
    "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours",
    "d": "days", "day": "days", "days": "days",
    "w": "weeks", "wk": "weeks", "wks": "weeks", "week": "weeks", "weeks": "weeks",
    "хв": "minutes", "хвилина": "minutes", "хвилину": "minutes", "хвилини": "minutes",
    "хвилин": "minutes",
    "год": "hours", "година": "hours", "годину": "hours", "години": "hours", "годин": "hours",
    "д": "days", "дн": "days", "день": "days", "дні": "days", "днів": "days", "дня": "days",
    "тиж": "weeks", "тиждень": "weeks", "тижні": "weeks", "тижнів": "weeks", "тижня": "weeks",
}  # fmt: skip
# Ukrainian month names for dateutil: genitive (15 січня), nominative (січень), short (січ).
UK_MONTHS = (
    ("січ", "січня", "січень"), ("лют", "лютого", "лютий"), ("бер", "березня", "березень"),
    ("квіт", "квітня", "квітень"), ("трав", "травня", "травень"), ("черв", "червня", "червень"),
    ("лип", "липня", "липень"), ("серп", "серпня", "серпень"), ("вер", "вересня", "вересень"),
    ("жовт", "жовтня", "жовтень"), ("лист", "листопада", "листопад"),
    ("груд", "грудня", "грудень"),
)  # fmt: skip

MAX_STEP = 100_000  # keeps "+99999999999d" an error message, not an OverflowError

_TIME = r"(?:(?:at|о|об)\s+)?(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<ampm>am|pm)?"
TIME_RE = re.compile(rf"^{_TIME}$")
_UNIT = r"(?P<unit>[^\W\d_]+)"  # letters of any script: d, days, дні
STEP_RE = re.compile(rf"^(?P<sign>[+-])?\s*(?P<n>\d{{1,9}})\s*{_UNIT}$")
PLUS_RE = re.compile(rf"^\+\s*(?P<n>\d{{1,9}})\s*{_UNIT}(?:\s+(?P<time>.+))?$")
# "через тиждень": a unit alone is one of it.
IN_RE = re.compile(rf"^(?:in|через)\s+(?:(?P<n>\d{{1,9}})\s*)?{_UNIT}(?:\s+(?P<time>.+))?$")
DAYWORD_RE = re.compile(
    r"^(?:(?:on|в|у)\s+)?(?P<day>next week|наступного тижня|наступний тиждень|[^\W\d_][\w']*)"
    r"(?:\s+(?P<time>.+))?$"
)
MONTH_NAME_RE = re.compile(
    r"(?<!\w)(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
    r"|січ|лют|бер|квіт|трав|черв|лип|серп|вер|жовт|лист|груд)[^\W\d_]*(?!\w)"
)
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
    cleaned = " ".join(text.lower().translate(APOSTROPHES).split())
    if not cleaned:
        raise UserError("no time given, ''")
    return cleaned


def _parse(cleaned: str, local_now: datetime, zone: tzinfo) -> datetime:
    if cleaned in ("now", "зараз"):
        return local_now
    for parser in (_parse_plus, _parse_in, _parse_day_and_time, _parse_time_today):
        moment = parser(cleaned, local_now, zone)
        if moment is not None:
            return moment
    return _parse_absolute(cleaned, local_now, zone)


def _step(n: int, unit: str, text: str) -> relativedelta | timedelta:
    name = UNITS.get(unit)
    if name is None:
        raise UserError(
            f"unknown unit {unit!r} (use m, h, d or w; хв, год, д, тиж), {text.strip()!r}"
        )
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
    return _at_step(local_now, step, match["time"], cleaned, zone)


def _at_step(
    local_now: datetime, step: relativedelta | timedelta, at: str, cleaned: str, zone: tzinfo
) -> datetime:
    """``+2d 10:00``, ``через 2 дні о 10:00``: that many days on, at that time."""
    if isinstance(step, timedelta):
        raise UserError(f"a time of day goes with a step in days or weeks, {cleaned!r}")
    day = _safe_add(local_now.date(), step, cleaned)
    return _at(day, _parse_time(at, cleaned), zone)


def _parse_in(cleaned: str, local_now: datetime, zone: tzinfo) -> datetime | None:
    match = IN_RE.match(cleaned)
    if not match or (match["n"] is None and not cleaned.startswith("через")):
        return None
    step = _step(int(match["n"] or 1), match["unit"], cleaned)
    if match["time"] is None:
        return _apply_step(local_now, step, zone)
    return _at_step(local_now, step, match["time"], cleaned, zone)


def _parse_day_word(cleaned: str, local_now: datetime) -> date | None:
    """today, tomorrow, a weekday, next week, +Nd — the day only, or None."""
    match = PLUS_RE.match(cleaned)
    if match and match["time"] is None:
        step = _step(int(match["n"]), match["unit"], cleaned)
        if isinstance(step, relativedelta):
            return _safe_add(local_now.date(), step, cleaned)
    return _day_of_word(cleaned, local_now.date())


def _day_of_word(word: str, today: date) -> date | None:
    word = _without_preposition(word)
    if word in DAY_WORDS:
        return today + timedelta(days=DAY_WORDS[word])
    if word in NEXT_WEEK:
        return today + timedelta(days=7 - today.weekday())
    if word in WEEKDAYS:
        ahead = (WEEKDAYS[word] - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    return None


def _without_preposition(word: str) -> str:
    """``в п'ятницю``, ``on fri``: the day itself."""
    first, _, rest = word.partition(" ")
    return rest if rest and first in ("on", "в", "у") else word


def _refuse_next_weekday(cleaned: str) -> None:
    words = _without_preposition(cleaned).split()
    if len(words) < 2 or words[0] not in NEXT_WORDS:
        return
    if words[1] in WEEKDAYS or words[1] in WEEKDAY_GENITIVE:
        said = " ".join(words[:2])
        alone = repr(words[1]) if words[1] in WEEKDAYS else "the weekday alone"
        raise UserError(
            f"{said!r} is ambiguous (this coming one or the week after?): "
            f"say {alone} for the coming one or give a date, {cleaned!r}"
        )


def _parse_day_and_time(cleaned: str, local_now: datetime, zone: tzinfo) -> datetime | None:
    _refuse_next_weekday(cleaned)
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
            info = _parser_info()
            first = parser.parse(cleaned, info, default=early, dayfirst=dayfirst)
            second = parser.parse(cleaned, info, default=late, dayfirst=dayfirst)
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


@cache
def _parser_info() -> parserinfo:
    """dateutil's words and the Ukrainian ones: months, and words that stand between the
    parts (``15 січня 2027 року о 19:30``)."""
    from dateutil import parser

    class Info(parser.parserinfo):
        JUMP = [*parser.parserinfo.JUMP, "о", "об", "року", "р"]
        MONTHS = [
            (*english, *ukrainian)
            for english, ukrainian in zip(parser.parserinfo.MONTHS, UK_MONTHS, strict=True)
        ]

    info: parserinfo = Info()
    return info


def _check_date_order(cleaned: str) -> bool:
    """Refuse input that is not clearly a date; return dateutil's ``dayfirst``."""
    if MONTH_NAME_RE.search(cleaned) or ISO_DATE_RE.match(cleaned):
        return False
    match = NUMERIC_DATE_RE.search(cleaned)
    if not match:
        raise UserError(
            f"not a time I understand (try 2026-12-01 10:00, tomorrow 9:30, fri 18:00, +2d, "
            f"завтра 9:30, пт 18:00, через 2 дні), "
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
