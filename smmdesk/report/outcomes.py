"""Outcomes per post or campaign: typed in, or imported from a web-analytics CSV.

CSV columns (names matched case-insensitively, in any order): ``post_id`` or
``utm_campaign`` / ``campaign`` (one of them per row), ``date`` (YYYY-MM-DD;
empty: lifetime figures), ``reach``, ``clicks``, ``leads``, ``sales``,
``revenue``, ``spend`` (missing columns and empty cells count 0). A campaign
is matched to the posts whose UTM campaign it is (the post's campaign, else
its goal). A row replaces the stored one of the same post/campaign and date.
A file is stored whole or not at all: the first bad row raises a UserError
naming the file, the line and the column.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

from smmdesk.calendar.posts import utm_value
from smmdesk.errors import UserError
from smmdesk.files import text_stream
from smmdesk.store import outcomes as sql
from smmdesk.store.brands import Brand
from smmdesk.store.db import Store
from smmdesk.store.outcomes import FIGURES

__all__ = [
    "FIGURES",
    "add_outcome",
    "import_outcomes",
    "parse_figure",
    "posts_by_campaign",
    "read_outcomes",
    "utm_value",
]

INTEGER_FIGURES = ("reach", "clicks", "leads", "sales")
ALIASES = {
    "post_id": ("post_id", "post", "post id"),
    "campaign": ("utm_campaign", "campaign", "utm campaign"),
    "day": ("date", "day"),
    **{name: (name,) for name in FIGURES},
}
_NUMBER = re.compile(r"^[+]?\d+(\.\d+)?$")
MAX_FIGURE = 10**15  # far above any real figure, well inside SQLite's INTEGER


# A row of the outcomes table: post_id, campaign, day, the FIGURES, source.
OutcomeRow = dict[str, int | float | str | None]


def parse_figure(name: str, text: str) -> int | float:
    """``1,234`` / ``1 234`` / ``€12.50`` → a number ≥ 0; raises ValueError with the reason."""
    cleaned = (text or "").strip().replace(",", "").replace(" ", "").replace("\u00a0", "")
    cleaned = cleaned.lstrip("$€£₴")
    if not cleaned:
        return 0
    if not _NUMBER.match(cleaned):
        raise ValueError(f"{name} must be a number ≥ 0 ({text.strip()!r})")
    if float(cleaned) > MAX_FIGURE:
        raise ValueError(f"{name} is over {MAX_FIGURE:,} ({text.strip()!r})")
    if name in INTEGER_FIGURES:
        value = float(cleaned)
        if value != int(value):
            raise ValueError(f"{name} must be a whole number ({text.strip()!r})")
        return int(value)
    return round(float(cleaned), 2)


def posts_by_campaign(posts: Iterable[sqlite3.Row]) -> dict[str, list[sqlite3.Row]]:
    """Posts (``store.outcomes.post_keys`` rows) by their UTM campaign: the post's campaign,
    else its goal, as ``utm_value`` writes it; an outcome's campaign is matched by this."""
    by_campaign: dict[str, list[sqlite3.Row]] = {}
    for row in posts:
        by_campaign.setdefault(utm_value(row["campaign"] or row["goal_slug"]), []).append(row)
    return by_campaign


def _post_index(
    store: Store, brand: Brand | None
) -> tuple[dict[int, sqlite3.Row], dict[str, list[sqlite3.Row]]]:
    posts = {row["id"]: row for row in sql.post_keys(store, brand.id if brand else None)}
    return posts, posts_by_campaign(posts.values())


def _resolve(
    posts: dict[int, sqlite3.Row],
    by_campaign: dict[str, list[sqlite3.Row]],
    post_text: str,
    campaign_text: str,
    brand: Brand | None,
) -> tuple[int | None, str | None]:
    """(post_id, None) for a post, or (None, campaign) for a campaign of several posts."""
    if post_text:
        if not post_text.isdigit() or int(post_text) not in posts:
            scope = f" of brand {brand.slug}" if brand else ""
            raise ValueError(f"no post{scope} with id {post_text!r}")
        return int(post_text), None
    if campaign_text:
        key = utm_value(campaign_text)
        matched = by_campaign.get(key)
        if not matched:
            scope = f" of brand {brand.slug}" if brand else ""
            raise ValueError(f"no post{scope} with UTM campaign {campaign_text!r}")
        if len(matched) == 1:
            post_id: int = matched[0]["id"]
            return post_id, None
        return None, key
    raise ValueError("a row needs a post_id or a utm_campaign")


def read_outcomes(
    store: Store, lines: Iterable[str], source: str, *, brand: Brand | None = None
) -> list[OutcomeRow]:
    """Check every row of a CSV; return the rows to store (raises UserError on the first bad one)."""
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise UserError(f"file is empty, {source}") from None
    except csv.Error as exc:
        raise UserError(f"cannot read CSV ({exc}), {source}:line 1") from None
    names = [h.strip().lower().lstrip("\ufeff") for h in header]
    columns: dict[str, int] = {}
    for field, aliases in ALIASES.items():
        for alias in aliases:
            if alias in names:
                columns[field] = names.index(alias)
                break
    if "post_id" not in columns and "campaign" not in columns:
        raise UserError(
            f"no post_id or utm_campaign column (found: {', '.join(names)}), {source}:line 1"
        )
    if not any(name in columns for name in FIGURES):
        raise UserError(f"no figure columns ({', '.join(FIGURES)}), {source}:line 1")
    posts, by_campaign = _post_index(store, brand)
    rows: dict[tuple[int | None, str | None, str | None], OutcomeRow] = {}
    line = 1
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue

            def cell(field: str, record: list[str] = record) -> str:
                index = columns.get(field)
                return record[index].strip() if index is not None and index < len(record) else ""

            def title(field: str) -> str:
                return header[columns[field]].strip() if field in columns else field

            column = title(
                "campaign" if not cell("post_id") and "campaign" in columns else "post_id"
            )
            try:
                post_id, campaign = _resolve(
                    posts, by_campaign, cell("post_id"), cell("campaign"), brand
                )
                column = title("day")
                day = _day(cell("day"))
                values: dict[str, int | float] = {}
                for name in FIGURES:
                    column = title(name)
                    values[name] = parse_figure(name, cell(name))
            except ValueError as exc:
                raise UserError(f"{exc}, {source}:line {line}: {column}") from None
            row: OutcomeRow = {
                "post_id": post_id,
                "campaign": campaign,
                "day": day,
                **values,
                "source": source,
            }
            rows[(post_id, campaign, day)] = row  # a later row for the same key wins
    except csv.Error as exc:
        raise UserError(f"cannot read CSV ({exc}), {source}:line {line}") from None
    return list(rows.values())


def _day(text: str) -> str | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise ValueError(f"date must be YYYY-MM-DD ({text!r})") from None


def import_outcomes(store: Store, path: str | Path, *, brand: Brand | None = None) -> int:
    """Read and store a CSV of outcomes, all or nothing; return how many rows were stored."""
    path = Path(path)
    handle = text_stream(path, str(path), "outcomes")  # a regular file, size-capped
    rows = read_outcomes(store, handle, path.name, brand=brand)
    return sql.replace_outcomes(store, rows)


def add_outcome(
    store: Store,
    post_id: int,
    day: str | None,
    values: Mapping[str, str | float],
    *,
    source: str = "typed",
) -> OutcomeRow:
    """Store figures typed for one post (and day); replaces what that post/day had."""
    posts, _ = _post_index(store, None)
    if post_id not in posts:
        raise UserError(f"no post with id {post_id}, post")
    try:
        parsed_day = _day(day or "")
    except ValueError as exc:
        raise UserError(f"{exc}, date") from None
    figures: dict[str, int | float] = {}
    for name in FIGURES:
        try:
            figures[name] = parse_figure(name, str(values.get(name, "") or ""))
        except ValueError as exc:
            raise UserError(f"{exc}, {name}") from None
    unknown = set(values) - set(FIGURES)
    if unknown:
        raise UserError(
            f"unknown figure {sorted(unknown)[0]!r} (known: {', '.join(FIGURES)}), figures"
        )
    row: OutcomeRow = {
        "post_id": post_id,
        "campaign": None,
        "day": parsed_day,
        **figures,
        "source": source,
    }
    sql.replace_outcomes(store, [row])
    return row
