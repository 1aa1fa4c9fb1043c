"""What every delimited file of the app shares: the separator and the header names.

The comment exports (``inbox/formats/tabular``) and the posts CSV (``calendar/exports``) both
read files that Excel wrote: a ``sep=;`` first line, ``;`` where the decimal mark is a comma,
headers in any case. One rule for both, here.
"""

from __future__ import annotations

import re

EXCEL_SEPARATOR_LINE = "sep="  # Excel may write "sep=;" above the header
DELIMITERS = (",", ";", "|")  # comma first: it wins a tie
SEPARATORS = re.compile(r"[\s\-]+")


def excel_separator(head: str) -> str | None:
    """The X of a first line "sep=X" that Excel may write above the header."""
    first_line = head.split("\n", 1)[0].strip()
    if first_line.startswith(EXCEL_SEPARATOR_LINE) and len(first_line) == 5:
        return first_line[4]
    return None


def csv_delimiter(head: str) -> str:
    """Comma; semicolon as Excel writes CSV where the decimal mark is a comma; or the pipe
    some tools and databases export with: whichever the header holds most of."""
    header = head.split("\n", 1)[0]
    return max(DELIMITERS, key=header.count)


def normalise_name(name: str) -> str:
    """'Created At ' -> 'created_at': how headers and keys are matched."""
    return SEPARATORS.sub("_", name.strip().lower())
