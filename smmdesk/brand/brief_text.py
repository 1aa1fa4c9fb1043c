"""A brief's TOML as its user wrote it, comments and all: what `brief edit` opens.

The text of every save from TOML (`brief edit`, `brief import`) is kept with the brief
(``briefs.toml``). Kept text rather than a TOML document updated in place (tomlkit): the text
the user saved is exact (comments, order, spacing), and it needs nothing new installed. The
Brand section saves values only (``brand.save.save_brief``), so the next edit merges:

- the kept text still reads as the stored brief: it is opened as it is;
- else the brief is written afresh (``to_toml``) and each of its lines takes from the kept
  text the comments above it and, where the value is the same, the line itself (a
  comment at its end, the user's spacing). A line is found by its table header and key,
  an item of an array of tables by its first key's value, so no table is named here
  and a new one (``[[rules]]``) is merged like the others;
- a kept text of lines this cannot place (a value over several lines, dotted keys), or a
  merge that would not read back as the brief, gives the fresh rendering: comments lost,
  never a wrong brief.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from smmdesk.brand.brief_toml import from_toml, line_of, to_toml
from smmdesk.brand.save import save_brief
from smmdesk.errors import UserError
from smmdesk.store.brands import Brand
from smmdesk.store.brief import Brief, BriefError, keep_toml, kept_toml, load_brief
from smmdesk.store.db import Store

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def editable_toml(store: Store, brand: Brand) -> str:
    """The brand's brief as TOML to edit or export: the user's own text where it can be."""
    brief = load_brief(store, brand)
    fresh = to_toml(brief, brand=brand.slug)
    kept = kept_toml(store, brand)
    if kept is None or kept == fresh:
        return fresh
    if _reads_as(kept, brief):
        return kept
    merged = merge_comments(kept, fresh)
    return merged if merged is not None and _reads_as(merged, brief) else fresh


def save_toml(store: Store, brand: Brand, text: str, source: str) -> Brief:
    """Parse, validate, save and keep ``text``, in one transaction; a refusal names
    ``source:line N`` and changes nothing."""
    brief = from_toml(text, source=source)
    try:
        with store.transaction():
            saved = save_brief(store, brand, brief)
            keep_toml(store, brand, text)
    except BriefError as exc:
        raise UserError(f"{exc.what}, {source}:line {line_of(text, exc.path)}") from None
    return saved


def _reads_as(text: str, brief: Brief) -> bool:
    """``text`` states the brief (its handles too: a text that leaves them out, which keeps
    the brand's, is merged, so the edit shows them)."""
    try:
        return from_toml(text) == brief
    except UserError:
        return False


# --- the merge ---


@dataclass
class _Line:
    text: str
    address: tuple[object, ...] | None  # None: a comment or blank line
    value: object = None


def merge_comments(kept: str, fresh: str) -> str | None:
    """``fresh`` with the comments of ``kept`` above the lines they were above, and kept's
    own line where its value is the same; None when ``kept`` has a line this cannot place."""
    old, new = _lines(kept), _lines(fresh)
    if old is None or new is None:
        return None
    old_blocks, old_end = _blocks(old)
    new_blocks, new_end = _blocks(new)
    was = {
        line.address: (line, block)
        for line, block in zip(old, old_blocks, strict=True)
        if line.address is not None
    }
    out: list[str] = []
    for line, block in zip(new, new_blocks, strict=True):
        if line.address is None:
            continue
        before, comments = was.get(line.address, (None, block))
        out += comments
        out.append(before.text if before is not None and before.value == line.value else line.text)
    out += old_end or new_end
    return "\n".join(out) + "\n"


def _blocks(lines: list[_Line]) -> tuple[list[list[str]], list[str]]:
    """The comment and blank lines above each addressed line (for the others: none), and
    those after the last."""
    blocks: list[list[str]] = []
    block: list[str] = []
    for line in lines:
        if line.address is None:
            block.append(line.text)
            blocks.append([])
        else:
            blocks.append(block)
            block = []
    return blocks, block


def _lines(text: str) -> list[_Line] | None:
    """Each line with its address: ``("[policy]",)``, ``(("goals", "sales", 0),)``, the
    table's address and its key; None if a line is neither that, a comment nor blank."""
    raw = text.splitlines()
    lines: list[_Line] = []
    table: tuple[object, ...] = ()
    seen: dict[tuple[object, ...], int] = {}
    for number, line in enumerate(raw):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            lines.append(_Line(line, None))
        elif header := _HEADER.match(line):
            table = _table_address(header[1], header[2], raw, number + 1, seen)
            lines.append(_Line(line, table))
        elif (key := _KEY.match(line)) and (value := _value_of(stripped)) is not None:
            lines.append(_Line(line, (*table, key[1]), value))
        else:
            return None
    return lines


def _table_address(
    brackets: str, name: str, raw: list[str], start: int, seen: dict[tuple[object, ...], int]
) -> tuple[object, ...]:
    """``[name]`` is itself; an item of ``[[name]]`` is known by its first key's value
    (``slug = "sales"``, on the lines from ``start``), the nth of its kind when two share it."""
    if brackets == "[":
        return (name,)
    first: object = None
    for index in range(start, len(raw)):  # only up to the item's first key
        line = raw[index]
        if _HEADER.match(line):
            break
        if _KEY.match(line):
            first = _value_of(line.strip())
            break
    kind = (name, repr(first))
    seen[kind] = seen.get(kind, -1) + 1
    return ((*kind, seen[kind]),)


def _value_of(line: str) -> object:
    """The value of a one-line ``key = value`` (a comment after it allowed), else None."""
    try:
        parsed = tomllib.loads(line)
    except tomllib.TOMLDecodeError:
        return None
    if len(parsed) != 1:
        return None
    return next(iter(parsed.values()))
