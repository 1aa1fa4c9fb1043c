"""Argument types shared by every command: bounded whole numbers and ISO days.

argparse calls a ``type=`` function on the text typed; an ``ArgumentTypeError``
becomes the parser's one-line error (``smmdesk: error: argument --limit: ...``),
so an out-of-range value never reaches SQLite, ``timedelta`` or ``date`` as an
overflow. Every number a command takes goes through one of these; every day through
``cli.common.day`` (built on ``check_day``), or ``iso_day`` for a stored day key.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date

MAX_ROW_ID = 2**63 - 1  # SQLite's largest INTEGER
MAX_LIMIT = 1_000_000  # rows printed by one command
MAX_DAYS = 3660  # ten years of days in one view or report
MAX_MINUTES = 7 * 24 * 60  # a week, in minutes
MAX_REPEAT = 10_000  # the count or step of a repeating post
# Days a user can name: wide enough for any real plan or history, narrow enough
# that a period of MAX_DAYS days and any time zone stay inside ``date``'s range.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """A ``type=`` for a whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}, not {text.strip()}")
        return value

    parse.__name__ = "whole number"
    return parse


row_id = bounded_int(1, MAX_ROW_ID)
limit = bounded_int(1, MAX_LIMIT)
days = bounded_int(1, MAX_DAYS)
minutes = bounded_int(1, MAX_MINUTES)
repeat = bounded_int(1, MAX_REPEAT)


def check_day(day: date, text: str) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(
            f"day must be from {FIRST_DAY} to {LAST_DAY}, not {text.strip()}"
        )
    return day


def iso_day(text: str) -> str:
    """A ``type=`` for a day written YYYY-MM-DD; gives it back as YYYY-MM-DD."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"cannot read date {text!r} (use YYYY-MM-DD)") from None
    return check_day(day, text).isoformat()
