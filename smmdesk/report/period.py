"""The range a report covers: whole local days, first to last inclusive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from smmdesk.calendar.views import day_start
from smmdesk.errors import UserError
from smmdesk.timeutil import local_zone, utc_now

LENGTHS = (7, 14, 28, 91)  # what + and - step through, in days


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    zone: tzinfo

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def start(self) -> datetime:
        """Local midnight starting ``first`` (an aware datetime)."""
        return day_start(self.first, self.zone)

    @property
    def end(self) -> datetime:
        """Local midnight after ``last``: the range is [start, end)."""
        return day_start(self.last + timedelta(days=1), self.zone)

    def dates(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range(self.days)]

    @property
    def label(self) -> str:
        if self.first.year == self.last.year:
            return f"{self.first:%d %b} – {self.last:%d %b %Y} ({self.days} days)"
        return f"{self.first:%d %b %Y} – {self.last:%d %b %Y} ({self.days} days)"

    def shifted(self, steps: int) -> Period:
        """The previous (-1) or next (+1) period of the same length."""
        delta = timedelta(days=self.days * steps)
        return Period(self.first + delta, self.last + delta, self.zone)

    def resized(self, step: int) -> Period:
        """Next longer (+1) or shorter (-1) length of LENGTHS, keeping the last day."""
        longer = [n for n in LENGTHS if n > self.days]
        shorter = [n for n in LENGTHS if n < self.days]
        if step > 0:
            days = longer[0] if longer else self.days
        else:
            days = shorter[-1] if shorter else self.days
        return Period(self.last - timedelta(days=days - 1), self.last, self.zone)


def last_days(days: int, now: datetime | None = None, zone: tzinfo | None = None) -> Period:
    """The ``days`` local days ending today."""
    zone = zone or local_zone()
    today = (now or utc_now()).astimezone(zone).date()
    return Period(today - timedelta(days=days - 1), today, zone)


def parse_period(
    first: str | None,
    last: str | None,
    *,
    now: datetime | None = None,
    zone: tzinfo | None = None,
    default_days: int = 7,
) -> Period:
    """``--from`` / ``--to`` as dates (YYYY-MM-DD); either may be left out."""
    zone = zone or local_zone()
    end = _date(last, "--to") if last else None
    begin = _date(first, "--from") if first else None
    if end is None:
        end = (
            (begin + timedelta(days=default_days - 1))
            if begin
            else (now or utc_now()).astimezone(zone).date()
        )
    if begin is None:
        begin = end - timedelta(days=default_days - 1)
    if begin > end:
        raise UserError(f"--from ({begin}) is after --to ({end}), --from")
    return Period(begin, end, zone)


def _date(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"cannot read date {text!r} (use YYYY-MM-DD), {where}") from None
