"""What every command shares: the brand chosen, user text printed, files, one date grammar.

Area modules (``desk``, ``inbox``, ``calendar``, ``report``, ``lexicon``,
``brief``, ``brand``) import helpers from here, never from each other.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from smmdesk.brand.brands import find_brand, list_brands
from smmdesk.cli.args import check_day
from smmdesk.cli.output import say
from smmdesk.errors import UserError
from smmdesk.store.db import Store
from smmdesk.store.models import Brand
from smmdesk.textsafe import visible

# --- the brand ---


def pick_brand(store: Store, slug: str | None) -> Brand:
    """``--brand``, or the only brand there is."""
    if slug:
        brand = find_brand(store, slug)
        if brand is None:
            known = ", ".join(b.slug for b in list_brands(store)) or "none yet"
            raise UserError(f"no brand {slug!r} (known: {known}), --brand")
        return brand
    brands = list_brands(store)
    if len(brands) == 1:
        return brands[0]
    if not brands:
        raise UserError("no brand yet; add one with `smmdesk brand add NAME`, --brand")
    known = ", ".join(b.slug for b in brands)
    raise UserError(f"several brands, say which (one of: {known}), --brand")


def add_brand_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--brand", metavar="SLUG", help="brand (default: the only one)")


# --- user text ---


def printable(text: str | None) -> str:
    """User text made safe for a terminal: escapes, controls and bidi shown, never obeyed."""
    return visible(text) if text else ""


def note(message: str) -> None:
    """A progress note on stderr (e.g. waiting for another writer's lock)."""
    say(f"smmdesk: {message}", file=sys.stderr)
    sys.stderr.flush()


def editor_command() -> tuple[list[str], str]:
    """$VISUAL, else $EDITOR, else vi, split as a shell would: the words and the text.
    A text that splits into no command (blank, an unclosed quote) is one line."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        words, why = shlex.split(editor), "empty"
    except ValueError as exc:  # "No closing quotation"
        words, why = [], str(exc).lower()
    if not words:
        raise UserError(f"$EDITOR is no command ({why}): {editor[:80]!r}", "$EDITOR")
    return words, editor


# --- files ---


def read_user_file(path: Path, kind: str) -> str:
    """A user's text file: a regular file, size-capped for ``kind`` (see ``smmdesk.files``)."""
    from smmdesk.files import read_text

    return read_text(path, str(path), kind)


def write_user_file(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` whole or not at all; a failure is one line naming the file.

    Never over the open database (``--out`` naming the desk would replace it).
    """
    from smmdesk.files import refuse_held

    refuse_held(path, str(path))
    tmp = path.with_name(path.name + ".tmp")
    try:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            tmp.write_text(data, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"cannot write file ({exc.strerror}), {path}") from None


# --- days ---


def day_arg(text: str) -> str:
    """The ``type=`` of every day a command takes (--from, --to, --since, --until, ...).

    The calendar's grammar (``calendar.timeparse.parse_day``): 2026-12-04, fri,
    tomorrow, +7d, read in the user's zone; the day must fall between
    ``args.FIRST_DAY`` and ``args.LAST_DAY``. Given back as YYYY-MM-DD.
    """
    from smmdesk.calendar.timeparse import parse_day
    from smmdesk.timeutil import local_zone, utc_now

    try:
        parsed = parse_day(text, utc_now(), local_zone())
    except UserError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    except (ValueError, OverflowError):
        raise argparse.ArgumentTypeError(f"date out of range, {text.strip()!r}") from None
    return check_day(parsed, text).isoformat()
