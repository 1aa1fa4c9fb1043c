"""Repeating posts: RFC 5545 rules, expanded in local wall time.

A series is one post row whose ``rrule`` holds the rule (``FREQ=WEEKLY;BYDAY=MO``)
and whose ``scheduled_at`` is the first occurrence. The rule is expanded with
``dateutil.rrule`` from the first occurrence *in the post's zone* (``tz``), so a
weekly 10:00 post stays at 10:00 when the clocks change. ``UNTIL`` is kept in
UTC (``...Z``), as RFC 5545 asks when DTSTART has a zone. Skipped occurrences
are UTC instants in ``exdates``.

Nothing here touches the database.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import rrule as dateutil_rrule
from dateutil import tz as dateutil_tz

from smmdesk.errors import UserError

FREQUENCIES = {"daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY", "yearly": "YEARLY"}
RULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Parts that pin a rule to days of the month or year: such a rule cannot be moved by days.
DAY_PINNED_PARTS = ("BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH")
KNOWN_PARTS = {
    "FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYYEARDAY",
    "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST",
}  # fmt: skip
MAX_OCCURRENCES_PER_WINDOW = 5000  # a guard, not a limit anyone should meet


def zone(name: str) -> tzinfo:
    """The zone named ``name`` (``Europe/Kyiv``); a UserError for an unknown name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise UserError(f"unknown time zone {name!r}, tz") from None


def local_zone_name() -> str:
    """The user's zone as an IANA name, for the ``tz`` column of new posts.

    ``SMMDESK_TZ`` or ``TZ`` if set, else the system's ``/etc/localtime`` link,
    else ``UTC``.
    """
    for name in (os.environ.get("SMMDESK_TZ"), os.environ.get("TZ")):
        if name and _is_zone(name.lstrip(":")):
            return name.lstrip(":")
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        name = target.split("zoneinfo/", 1)[1]
        if _is_zone(name):
            return name
    return "UTC"


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return False
    return True


# --- rules as text ---


def _parts(rule: str) -> dict[str, str]:
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:") :]
    parts: dict[str, str] = {}
    for chunk in filter(None, text.split(";")):
        key, sep, value = chunk.partition("=")
        key = key.strip().upper()
        if not sep or not value.strip():
            raise UserError(f"rule part {chunk!r} is not NAME=VALUE, rrule")
        if key not in KNOWN_PARTS:
            raise UserError(f"rule part {key!r} is not supported, rrule")
        parts[key] = value.strip().upper()
    if "FREQ" not in parts:
        raise UserError(f"a rule needs FREQ (DAILY, WEEKLY, MONTHLY), {rule!r}")
    return parts


def _join(parts: dict[str, str]) -> str:
    ordered = {"FREQ": parts["FREQ"], **parts}
    return ";".join(f"{key}={value}" for key, value in ordered.items())


def build_rule(
    frequency: str,
    start: datetime,
    *,
    interval: int = 1,
    weekdays: Sequence[int] = (),
    until: date | None = None,
    count: int | None = None,
) -> str:
    """A rule from friendly parts: ``weekly`` on Mon and Wed until a (local) date, or N times.

    ``start`` is the first occurrence, aware in the post's zone; ``until`` is
    inclusive: occurrences on that local day still happen.
    """
    freq = FREQUENCIES.get(frequency.lower())
    if freq is None:
        raise UserError(f"repeat must be daily, weekly or monthly, {frequency!r}")
    if until is not None and count is not None:
        raise UserError("give either an end date or a number of times, not both, --until/--count")
    if interval < 1:
        raise UserError(f"interval must be 1 or more, {interval}")
    parts = {"FREQ": freq}
    if interval != 1:
        parts["INTERVAL"] = str(interval)
    if weekdays:
        if freq not in ("WEEKLY", "DAILY"):
            raise UserError("days of the week go with a daily or weekly repeat, --on")
        parts["BYDAY"] = ",".join(RULE_DAYS[d] for d in sorted(set(weekdays)))
    if count is not None:
        if count < 1:
            raise UserError(f"number of times must be 1 or more, {count}")
        parts["COUNT"] = str(count)
    if until is not None:
        if until < start.date():
            raise UserError(f"end date is before the first post, {until}")
        parts["UNTIL"] = _until_text(until, start.tzinfo)
    return _join(parts)


def repeat_rule(
    repeat: str | None,
    when: datetime,
    tz_name: str,
    *,
    every: int = 1,
    on: str = "",
    until: str | None = None,
    count: int | None = None,
    now: datetime,
    user_zone: tzinfo,
    field: str = "repeat",
) -> str | None:
    """The rule a user asks for, the same way from the CLI (``post add --repeat``) and the form.

    ``repeat`` is a frequency (``weekly``), or None / ``none`` for a single post;
    ``when`` the first time, kept on the wall clock of ``tz_name``; ``on`` weekdays
    as typed (``mon,fri``); ``until`` a last day as typed (``2026-12-31``, ``fri``,
    read in ``user_zone`` at ``now``) or ``count`` a number of times. Days, an end or a
    count without a repeat are a mistake (``field`` names the repeat in the error).
    """
    from smmdesk.calendar.timeparse import parse_day

    if not repeat or repeat == "none":
        if on.strip() or (until or "").strip() or count is not None:
            raise UserError(
                f"days of the week, an end or a number of times go with a repeat, {field}"
            )
        return None
    start = when.astimezone(zone(tz_name))
    last = parse_day(until, now, user_zone) if until and until.strip() else None
    weekdays = parse_weekdays(on) if on.strip() else ()
    return build_rule(repeat, start, interval=every, weekdays=weekdays, until=last, count=count)


def _until_text(until: date, wall_zone: tzinfo | None) -> str:
    end_of_day = datetime.combine(until, time(23, 59, 59), tzinfo=wall_zone)
    return end_of_day.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def parse_weekdays(text: str) -> list[int]:
    """``mon,wed`` or ``MO,WE`` → [0, 2]."""
    from smmdesk.calendar.timeparse import WEEKDAYS

    days = []
    for word in filter(None, (w.strip().lower() for w in text.split(","))):
        if word.upper() in RULE_DAYS:
            days.append(RULE_DAYS.index(word.upper()))
        elif word in WEEKDAYS:
            days.append(WEEKDAYS[word])
        else:
            raise UserError(f"not a day of the week {word!r}, --on")
    return days


def normalize_rule(rule: str, start: datetime) -> str:
    """Check ``rule`` against its first occurrence ``start`` (aware); return it tidied."""
    parts = _parts(rule)
    if parts["FREQ"] not in FREQUENCIES.values():
        raise UserError(f"repeat must be DAILY, WEEKLY, MONTHLY or YEARLY, {rule!r}")
    if "UNTIL" in parts and not parts["UNTIL"].endswith("Z"):
        raise UserError(f"UNTIL must be a UTC time ending in Z (20261231T235959Z), {rule!r}")
    text = _join(parts)
    _rrule(text, start)
    return text


def _rrule(rule: str, start: datetime) -> dateutil_rrule.rrule | dateutil_rrule.rruleset:
    try:
        return dateutil_rrule.rrulestr(rule, dtstart=start)
    except (ValueError, TypeError, OverflowError, KeyError, IndexError) as exc:
        raise UserError(f"not a valid repeat rule ({exc}), {rule!r}") from None


@lru_cache(maxsize=1024)
def _cached_rrule(
    rule: str, first: datetime, tz_name: str
) -> dateutil_rrule.rrule | dateutil_rrule.rruleset:
    """A series' rule with its occurrences cached: paging months walks each series once."""
    start = first.astimezone(zone(tz_name))
    try:
        return dateutil_rrule.rrulestr(rule, dtstart=start, cache=True)
    except (ValueError, TypeError, OverflowError, KeyError, IndexError) as exc:
        raise UserError(f"not a valid repeat rule ({exc}), {rule!r}") from None


def first_occurrence(rule: str, start: datetime) -> datetime | None:
    """The first occurrence at or after ``start``: a series starts on a day its rule allows."""
    found = _rrule(rule, start).after(start, inc=True)
    return _real(found) if found else None


# --- expansion ---


def expand(
    rule: str,
    first: datetime,
    tz_name: str,
    window_start: datetime,
    window_end: datetime,
    exdates: Iterable[datetime] = (),
) -> list[datetime]:
    """Occurrences (UTC) of a series starting at ``first`` within [window_start, window_end)."""
    wall_zone = zone(tz_name)
    recurrence = _cached_rrule(rule, first, tz_name)
    skipped = {moment.astimezone(UTC) for moment in exdates}
    # A day of slack each side: rrule compares wall times, the window is instants.
    low = (window_start - timedelta(days=1)).astimezone(wall_zone)
    high = (window_end + timedelta(days=1)).astimezone(wall_zone)
    found = []
    for index, moment in enumerate(recurrence.xafter(low, inc=True)):
        if moment > high or index > MAX_OCCURRENCES_PER_WINDOW:
            break
        instant = _real(moment).astimezone(UTC)
        if window_start <= instant < window_end and instant not in skipped:
            found.append(instant)
    return found


def next_occurrence(
    rule: str,
    first: datetime,
    tz_name: str,
    after: datetime,
    exdates: Iterable[datetime] = (),
) -> datetime | None:
    """The first occurrence (UTC) at or after ``after``, or None when the series has ended."""
    wall_zone = zone(tz_name)
    recurrence = _rrule(rule, first.astimezone(wall_zone))
    skipped = {moment.astimezone(UTC) for moment in exdates}
    low = (after - timedelta(days=1)).astimezone(wall_zone)
    for index, moment in enumerate(recurrence.xafter(low, inc=True)):
        instant = _real(moment).astimezone(UTC)
        if instant >= after and instant not in skipped:
            return instant
        if index > MAX_OCCURRENCES_PER_WINDOW:
            break
    return None


def _real(moment: datetime) -> datetime:
    """A wall time skipped by DST (02:30 on the spring-forward night) moves forward."""
    if not dateutil_tz.datetime_exists(moment):
        return dateutil_tz.resolve_imaginary(moment)
    return moment


def is_occurrence(
    rule: str, first: datetime, tz_name: str, moment: datetime, exdates: Iterable[datetime] = ()
) -> bool:
    window_end = moment + timedelta(seconds=1)
    return moment in expand(rule, first, tz_name, moment, window_end, exdates)


# --- moving a series ---


def shift_rule(rule: str, day_shift: int, until_shift: timedelta) -> str:
    """The rule of a series whose first occurrence moved by ``day_shift`` local days."""
    parts = _parts(rule)
    if day_shift % 7 and "BYDAY" in parts:
        parts["BYDAY"] = ",".join(_shift_day(day, day_shift) for day in parts["BYDAY"].split(","))
    if day_shift and any(part in parts for part in DAY_PINNED_PARTS):
        raise UserError(
            "this series repeats on fixed dates; change its rule instead of moving it by days, "
            f"{rule!r}"
        )
    if "UNTIL" in parts:
        until = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        parts["UNTIL"] = (until + until_shift).strftime("%Y%m%dT%H%M%SZ")
    return _join(parts)


def floating_until(rule: str, wall_zone: tzinfo) -> str:
    """The rule with UNTIL as a wall time, for a DTSTART without zone (RFC 5545 3.3.10)."""
    parts = _parts(rule)
    if "UNTIL" in parts:
        until = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        parts["UNTIL"] = until.astimezone(wall_zone).strftime("%Y%m%dT%H%M%S")
    return _join(parts)


def count_as_until(
    rule: str, first: datetime, tz_name: str, exdates: Iterable[datetime] = ()
) -> str:
    """A rule with COUNT written with UNTIL instead: its last occurrence not skipped (UTC).

    The same occurrences by RFC 5545 (EXDATE removes from the set COUNT makes), but not to
    every program: calcurse 4.7 turns COUNT into an end date that ignores the EXDATEs and
    shows occurrences past the end. With UNTIL, calcurse, khal and the agenda agree.
    """
    parts = _parts(rule)
    if "COUNT" not in parts:
        return rule
    skipped = {moment.astimezone(UTC) for moment in exdates}
    kept = [
        instant
        for moment in _cached_rrule(rule, first, tz_name)
        if (instant := _real(moment).astimezone(UTC)) not in skipped
    ]
    if not kept:
        return rule
    del parts["COUNT"]
    parts["UNTIL"] = kept[-1].strftime("%Y%m%dT%H%M%SZ")
    return _join(parts)


def _shift_day(day: str, shift: int) -> str:
    prefix, name = day[:-2], day[-2:]  # "-1FR" → "-1", "FR"
    if name not in RULE_DAYS:
        raise UserError(f"not a day in the rule {day!r}, rrule")
    return prefix + RULE_DAYS[(RULE_DAYS.index(name) + shift) % 7]


def describe_rule(rule: str, wall_zone: tzinfo | None = None) -> str:
    """Short words for a rule: ``weekly on Mon, Wed, 10 times``."""
    try:
        parts = _parts(rule)
    except UserError:
        return rule
    unit = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
    interval = parts.get("INTERVAL", "1")
    freq = parts["FREQ"]
    words = freq.lower() if interval == "1" else f"every {interval} {unit.get(freq, freq)}s"
    if "BYDAY" in parts:
        names = [
            DAY_NAMES[RULE_DAYS.index(d[-2:])] if d[-2:] in RULE_DAYS else d
            for d in parts["BYDAY"].split(",")
        ]
        words += " on " + ", ".join(names)
    if "COUNT" in parts:
        words += f", {parts['COUNT']} times"
    if "UNTIL" in parts:
        try:
            until = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            words += f", until {until.astimezone(wall_zone or UTC):%Y-%m-%d}"
        except ValueError:
            words += f", until {parts['UNTIL']}"
    return words
