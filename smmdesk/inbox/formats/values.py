"""Turn raw field values (CSV cells or JSON values) into RawComment fields.

Coercions raise ``ValueError`` with a short reason; the readers turn that into a
``UserError`` naming the file, the record and the field via ``Context.error``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any

from dateutil.parser import isoparse
from dateutil.parser import parse as parse_loosely

from smmdesk.errors import UserError

EPOCH_NUMBER = re.compile(r"[+-]?\d+(\.\d*)?")
DAY_FIRST = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}\b")  # 05.06.2024 is 5 June in Europe
GROUPED_DIGITS = re.compile(r"\d{1,3}(?:[ ,\u00a0\u202f]\d{3})+")  # "1,234" or "1 234"
MILLISECONDS_FROM = 100_000_000_000  # as seconds that is the year 5138: surely milliseconds
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
LONGEST_QUOTED = 60
LONGEST_DATE = 100
# No real value comes near these; beyond them a value is refused, not stored.
FIELD_LIMIT = 1 << 16  # characters in one text field (Facebook allows 8,000 in a comment)
MAX_COUNT = 10**12  # likes or replies (SQLite's integers end at 9.2e18)
ISO_ENDINGS = frozenset("Z0123456789")  # "...Z", "...+02:00", "...+0000"
# Short names people type, mapped to the names the API formats use, so that the
# same comment imported from a CSV and from the API has the same identity.
PLATFORM_ALIASES = {"fb": "facebook", "ig": "instagram", "insta": "instagram", "yt": "youtube"}


class OutOfRange(ValueError):
    """A value of the right kind that cannot be stored (its message says the range)."""


def date_problem(value: Any, error: ValueError) -> str:
    """How a message describes a date that did not parse."""
    what = f"bad date {quoted(value)}"
    return f"{what} ({error})" if isinstance(error, OutOfRange) else what


MISSING_DATE = ("refuse", "skip")  # what a file's records without a date do to it


@dataclass
class Dates:
    """Records of one file that had no date, counted while it is read."""

    missing: int = 0
    first: str = ""  # where the first one is, and its column: "line 2: created_at"


@dataclass(frozen=True)
class Context:
    """What every record of one file shares: its name in messages, zone and platform."""

    label: str
    zone: tzinfo
    platform: str | None = None
    mapping: tuple[tuple[str, str], ...] = ()  # (field, header) from `--map`: tabular files
    missing_date: str = "refuse"  # one of MISSING_DATE
    dates: Dates = field(default_factory=Dates)

    def check_dates(self, noun: str = "rows") -> None:
        """At the end of a file: its records without a date refuse it, unless skipped."""
        count = self.dates.missing
        if count and self.missing_date != "skip":
            verb = "has" if count == 1 else "have"
            noun = noun if count != 1 else noun.removesuffix("s")
            raise self.error(
                f"{count:,} {noun} {verb} no date (the first: {self.dates.first}; "
                "use --missing-date skip to import the rest)"
            )

    def error(self, what: str, where: str = "", field: str | None = None) -> UserError:
        place = f"{self.label}:{where}" if where else self.label
        return UserError(f"{what}, {place}: {field}" if field else f"{what}, {place}")


def quoted(value: Any) -> str:
    """A value for an error message: repr-quoted, one line, not too long."""
    text = repr(value)
    return text if len(text) <= LONGEST_QUOTED else text[: LONGEST_QUOTED - 4] + "...'"


def parse_instant(value: Any, zone: tzinfo) -> datetime | None:
    """An aware UTC datetime from ISO text, loose text, epoch seconds or a datetime (an XLSX
    date cell); None when empty.

    A date without a zone is taken to be in ``zone``. Raises ``ValueError``.
    """
    try:
        if value.__class__ is str and value[-1:] in ISO_ENDINGS:
            try:  # the fast path: exports mostly hold ISO 8601 with a zone
                moment = datetime.fromisoformat(value)
            except ValueError:
                pass
            else:
                if moment.tzinfo is not None:
                    return moment.astimezone(UTC)
        return _parse_instant_slowly(value, zone)
    except OverflowError as error:
        # Years 1-9999 only: "9999-12-31T23:00:00-05:00" is in the year 10000 in UTC.
        raise OutOfRange("out of range: years 1-9999 in UTC") from error


def _parse_instant_slowly(value: Any, zone: tzinfo) -> datetime | None:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        if len(value) > LONGEST_DATE:
            raise ValueError("not a date")
        moment = _parse_date_text(value)
        if moment is None:
            return _from_epoch(float(value))
    elif isinstance(value, datetime):  # a spreadsheet's date cell
        moment = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        return _from_epoch(value)
    elif value is None:
        return None
    else:
        raise ValueError("not a date")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def _parse_date_text(text: str) -> datetime | None:
    """Parse a date string; None when it is a plain number (epoch seconds)."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    if EPOCH_NUMBER.fullmatch(text):
        return None
    try:
        return isoparse(text)
    except ValueError:
        pass
    return parse_loosely(text, dayfirst=bool(DAY_FIRST.match(text)), tzinfos=_zone_by_name)


def _zone_by_name(name: str | None, offset: int | None) -> tzinfo | None:
    """Numeric offsets and UTC/GMT/Z only: a zone name like "EST" is ambiguous, so refused."""
    if offset is not None:
        return UTC if offset == 0 else timezone(timedelta(seconds=offset))
    if name is None:
        return None
    raise ValueError(f"unknown time zone {name!r}")


def _from_epoch(seconds: float) -> datetime:
    if abs(seconds) >= MILLISECONDS_FROM:
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OSError, ValueError) as error:  # platform limits on timestamps, years beyond 9999
        raise OutOfRange("out of range: years 1-9999 in UTC") from error


def parse_count(value: Any) -> int:
    """A likes/replies count: a non-negative integer; empty means 0."""
    if value.__class__ is str and value.isdigit() and value.isascii() and len(value) <= 12:
        return int(value)  # the usual CSV cell
    if value.__class__ is int and 0 <= value <= MAX_COUNT:
        return value
    if value is None:
        return 0
    if isinstance(value, bool):
        raise ValueError("not a whole number")
    if isinstance(value, int):
        count = value
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")) or not value.is_integer():
            raise ValueError("not a whole number")
        count = int(value)
    elif isinstance(value, str):
        count = _count_from_text(value.strip())
    else:
        raise ValueError("not a whole number")
    if count < 0:
        raise ValueError("negative")
    if count > MAX_COUNT:
        raise OutOfRange(f"too large, over {MAX_COUNT:,}")
    return count


def _count_from_text(text: str) -> int:
    if not text:
        return 0
    if GROUPED_DIGITS.fullmatch(text):
        text = re.sub(r"\D", "", text)
    if not text.lstrip("+-").isascii():  # int() would accept other scripts' digits
        raise ValueError("not a whole number")
    try:
        return int(text)
    except ValueError:
        raise ValueError("not a whole number") from None


def as_text(value: Any) -> str | None:
    """A string field; numbers (JSON ids) become their text. None stays None."""
    if value is None:
        return value
    if isinstance(value, str):
        return check_length(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    raise ValueError("expected text")


def check_length(text: str) -> str:
    if len(text) > FIELD_LIMIT:
        raise ValueError(f"longer than {FIELD_LIMIT:,} characters")
    return text


def optional_text(value: Any) -> str | None:
    """Like ``as_text`` but empty means absent."""
    text = as_text(value)
    return text if text else None


def platform_name(value: str | None) -> str | None:
    """A platform argument or cell: lower case, short names expanded; None when empty."""
    name = (value or "").strip().lower()
    return PLATFORM_ALIASES.get(name, name) or None


def normalise_newlines(text: str) -> str:
    if "\r" in text:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def replace_lone_surrogates(value: Any) -> Any:
    """JSON can escape half an emoji (\\ud83d alone); such a string cannot be stored as UTF-8."""
    if isinstance(value, str):
        return LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [replace_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {
            replace_lone_surrogates(key): replace_lone_surrogates(item)
            for key, item in value.items()
        }
    return value
