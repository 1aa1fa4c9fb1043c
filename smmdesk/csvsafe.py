"""Every CSV the app writes goes through one writer, which neutralises formulas.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return as a formula (``=HYPERLINK("http://…")`` from an
imported author name would become a link, or worse). Following OWASP's CSV
injection advice, such a *text* cell gets a leading single quote, which
spreadsheets show as text. Numbers we write as numbers (``-5``, ``-0.25``)
stay numbers: only ``str`` cells are guarded.

A cell that already begins with quotes before such a character gets one
quote more, so ``unguard`` (used when the app reads its own CSV back, as
``post import`` does) removes exactly the one quote the writer added and the
round trip gives back every text as it was.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

_GUARDED = re.compile(r"'*[=+\-@\t\r]")
_OURS = re.compile(r"'+[=+\-@\t\r]")


def guard(value: Any) -> Any:
    """A cell as written: text a spreadsheet would run is prefixed with a single quote."""
    if isinstance(value, str) and _GUARDED.match(value):
        return "'" + value
    return value


def unguard(value: Any) -> Any:
    """A cell as read back from our own CSV: the writer's quote taken off."""
    if isinstance(value, str) and _OURS.match(value):
        return value[1:]
    return value


class Writer:
    """``csv.writer`` whose rows are guarded."""

    def __init__(self, out: TextIO, **options: Any):
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([guard(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class DictWriter(csv.DictWriter):
    """``csv.DictWriter`` whose rows (and header) are guarded."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({k: guard(v) for k, v in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for row in rowdicts:
            self.writerow(row)
