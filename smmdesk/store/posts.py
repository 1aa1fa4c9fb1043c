"""SQL for posts, goals and channels. The calendar domain validates; this only stores.

The database still guards the one rule no path may break: a post without a
goal (``goal_id NOT NULL REFERENCES goals``) cannot be stored.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from smmdesk.store.brands import Brand, _brand
from smmdesk.store.db import Store, inserted_id
from smmdesk.store.scope import and_brand
from smmdesk.timeutil import from_iso

# Columns a caller may write; id, created_at and updated_at are the store's business.
POST_FIELDS = (
    "brand_id", "title", "body", "channel_id", "kind", "scheduled_at", "status",
    "campaign", "link", "goal_id", "rrule", "exdates", "series_id", "occurrence_at", "tz",
    "image_url",
)  # fmt: skip

# A post row with the names the calendar shows next to it.
_POST_SELECT = """
    SELECT p.*, c.name AS channel_name, g.slug AS goal_slug, g.name AS goal_name,
           g.kind AS goal_kind, g.colour AS goal_colour, b.slug AS brand_slug
    FROM posts p
    JOIN channels c ON c.id = p.channel_id
    JOIN goals g ON g.id = p.goal_id
    JOIN brands b ON b.id = p.brand_id
"""


@dataclass(frozen=True, slots=True)
class Post:
    """A stored post with the names the calendar shows next to it (every post query returns these)."""

    id: int
    brand_id: int
    brand: str  # slug
    title: str
    body: str
    channel_id: int
    channel: str  # the touchpoint's name
    kind: str  # organic or ad
    scheduled_at: datetime  # UTC; for a series, its first occurrence
    status: str
    campaign: str | None
    link: str | None  # as typed; ``calendar.posts.tracked_link`` adds the UTM parameters
    goal_id: int
    goal: str  # slug
    goal_name: str
    goal_colour: str
    rrule: str | None
    exdates: tuple[datetime, ...]
    series_id: int | None  # set on an edited occurrence of a series
    occurrence_at: datetime | None  # ...and which occurrence it replaces
    tz: str  # wall-time zone of the series
    created_at: datetime
    updated_at: datetime
    sequence: int = 0  # raised by every change (the ICS SEQUENCE)
    image_url: str | None = None  # https; what Instagram publishes

    @property
    def is_series(self) -> bool:
        return self.rrule is not None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Post:
        """A row of ``_POST_SELECT``."""
        return cls.from_values(row, positions(row.keys()))

    @classmethod
    def from_values(cls, row: Sequence[Any], at: Mapping[str, int]) -> Post:
        """A row of ``_POST_SELECT`` as plain values, ``at`` each column's position (one map
        per query: a Row found by name compares names one by one; a month has ~1000 posts)."""
        occurrence = row[at["occurrence_at"]]
        exdates = row[at["exdates"]]
        return cls(
            id=row[at["id"]],
            brand_id=row[at["brand_id"]],
            brand=row[at["brand_slug"]],
            title=row[at["title"]],
            body=row[at["body"]],
            channel_id=row[at["channel_id"]],
            channel=row[at["channel_name"]],
            kind=row[at["kind"]],
            scheduled_at=from_iso(row[at["scheduled_at"]]),
            status=row[at["status"]],
            campaign=row[at["campaign"]],
            link=row[at["link"]],
            goal_id=row[at["goal_id"]],
            goal=row[at["goal_slug"]],
            goal_name=row[at["goal_name"]],
            goal_colour=row[at["goal_colour"]],
            rrule=row[at["rrule"]],
            exdates=()
            if exdates in (None, "[]")
            else tuple(from_iso(t) for t in json.loads(exdates)),
            series_id=row[at["series_id"]],
            occurrence_at=from_iso(occurrence) if occurrence else None,
            tz=row[at["tz"]],
            created_at=from_iso(row[at["created_at"]]),
            updated_at=from_iso(row[at["updated_at"]]),
            sequence=row[at["sequence"]],
            image_url=row[at["image_url"]],
        )


def positions(names: Sequence[str]) -> dict[str, int]:
    """Each column's position in a row, by name."""
    return {name: index for index, name in enumerate(names)}


@dataclass(frozen=True)
class Goal:
    id: int
    brand_id: int
    slug: str
    name: str
    kind: str  # organic or ad
    colour: str
    target_share: float  # 0..1 of the plan


@dataclass(frozen=True)
class Channel:
    id: int
    brand_id: int
    name: str
    platform: str
    kind: str  # page, group, website, newsletter...


def _goal(row: sqlite3.Row) -> Goal:
    return Goal(
        row["id"], row["brand_id"], row["slug"], row["name"], row["kind"],
        row["colour"], row["target_share"],
    )  # fmt: skip


def _channel(row: sqlite3.Row) -> Channel:
    return Channel(row["id"], row["brand_id"], row["name"], row["platform"], row["kind"])


def _columns(values: Mapping[str, object]) -> list[str]:
    unknown = set(values) - set(POST_FIELDS)
    if unknown:
        raise ValueError(f"not post columns: {sorted(unknown)}")
    return list(values)


# --- posts ---


def insert_post(store: Store, values: Mapping[str, object], *, at: str) -> int:
    """Insert one post; ``at`` (UTC ISO) is its created_at and updated_at."""
    columns = _columns(values)
    names = ", ".join([*columns, "created_at", "updated_at"])
    marks = ", ".join("?" * (len(columns) + 2))
    with store.transaction() as conn:
        cur = conn.execute(
            f"INSERT INTO posts ({names}) VALUES ({marks})",
            [*(values[c] for c in columns), at, at],
        )
    return inserted_id(cur)


def update_post(store: Store, post_id: int, values: Mapping[str, object], *, at: str) -> None:
    columns = _columns(values)
    assignments = ", ".join(f"{c} = ?" for c in [*columns, "updated_at"])
    with store.transaction() as conn:
        conn.execute(
            f"UPDATE posts SET {assignments} WHERE id = ?",
            [*(values[c] for c in columns), at, post_id],
        )


def delete_post(store: Store, post_id: int) -> bool:
    """Delete a post (a series takes its edited occurrences with it)."""
    with store.transaction() as conn:
        cur = conn.execute("DELETE FROM posts WHERE id = ?", (post_id,))
    return cur.rowcount > 0


@dataclass(frozen=True)
class DeletedPost:
    """A post deleted since the feed began: its event stays, cancelled."""

    id: int
    brand: str  # slug
    title: str
    scheduled_at: datetime
    sequence: int
    deleted_at: datetime


def deleted_posts(store: Store) -> list[DeletedPost]:
    rows = store.conn.execute(
        "SELECT d.*, b.slug AS brand_slug FROM deleted_posts d "
        "JOIN brands b ON b.id = d.brand_id ORDER BY d.id"
    )
    return [
        DeletedPost(
            id=row["id"],
            brand=row["brand_slug"],
            title=row["title"],
            scheduled_at=from_iso(row["scheduled_at"]),
            sequence=row["sequence"],
            deleted_at=from_iso(row["deleted_at"]),
        )
        for row in rows
    ]


def feed_fingerprint(store: Store) -> tuple[object, ...]:
    """Changes whenever an event of the calendar feed would: posts (their SEQUENCE),
    deleted posts, and the names of brands, channels and goals."""
    row = store.conn.execute(
        "SELECT (SELECT count(*) FROM posts), (SELECT total(sequence) FROM posts), "
        "(SELECT count(*) FROM deleted_posts), (SELECT total(sequence) FROM deleted_posts), "
        "(SELECT group_concat(id || ':' || slug || ':' || name, char(10)) FROM brands), "
        "(SELECT group_concat(id || ':' || name, char(10)) FROM channels), "
        "(SELECT group_concat(id || ':' || slug, char(10)) FROM goals)"
    ).fetchone()
    return tuple(row)


def get_post(store: Store, post_id: int) -> Post | None:
    row = store.conn.execute(f"{_POST_SELECT} WHERE p.id = ?", (post_id,)).fetchone()
    return Post.from_row(row) if row else None


def _posts(store: Store, sql: str, params: list[object] | tuple[object, ...]) -> list[Post]:
    cursor = store.conn.execute(sql, params)
    at = positions([column[0] for column in cursor.description])
    return [Post.from_values(row, at) for row in cursor]


def single_posts_between(
    store: Store, start: str, end: str, brand_id: int | None = None
) -> list[Post]:
    """Posts that do not repeat, scheduled in [start, end) (UTC ISO text sorts as time)."""
    sql = f"{_POST_SELECT} WHERE p.rrule IS NULL AND p.scheduled_at >= ? AND p.scheduled_at < ?"
    brand_sql, brand_params = and_brand(brand_id, "p.brand_id")
    sql += brand_sql
    params: list[object] = [start, end, *brand_params]
    return _posts(store, sql + " ORDER BY p.scheduled_at, p.id", params)


def series_starting_before(store: Store, end: str, brand_id: int | None = None) -> list[Post]:
    """Repeating posts whose first occurrence is before ``end``."""
    # The index of series alone (migration 15), named: the planner's other choice is the time
    # index over every post before ``end``, one row lookup each (bench: the calendar's ``]``).
    indexed = _POST_SELECT.replace("FROM posts p", "FROM posts p INDEXED BY posts_series")
    sql = f"{indexed} WHERE p.rrule IS NOT NULL AND p.scheduled_at < ?"
    brand_sql, brand_params = and_brand(brand_id, "p.brand_id")
    sql += brand_sql
    params: list[object] = [end, *brand_params]
    return _posts(store, sql + " ORDER BY p.scheduled_at, p.id", params)


def all_posts(store: Store, brand_id: int | None = None) -> list[Post]:
    brand_sql, brand_params = and_brand(brand_id, "p.brand_id")
    sql = _POST_SELECT + " WHERE 1" + brand_sql
    return _posts(store, sql + " ORDER BY p.scheduled_at, p.id", list(brand_params))


def occurrence_edits(store: Store, series_id: int) -> list[Post]:
    """The posts that replace single occurrences of a series."""
    return _posts(
        store, f"{_POST_SELECT} WHERE p.series_id = ? ORDER BY p.occurrence_at", (series_id,)
    )


# --- goals ---


def list_goals(store: Store, brand_id: int) -> list[Goal]:
    rows = store.conn.execute(
        "SELECT * FROM goals WHERE brand_id = ? ORDER BY kind DESC, id", (brand_id,)
    ).fetchall()
    return [_goal(row) for row in rows]


def find_goal(store: Store, brand_id: int, slug: str) -> Goal | None:
    row = store.conn.execute(
        "SELECT * FROM goals WHERE brand_id = ? AND slug = ?", (brand_id, slug)
    ).fetchone()
    return _goal(row) if row else None


def get_goal(store: Store, goal_id: int) -> Goal | None:
    row = store.conn.execute("SELECT * FROM goals WHERE id = ?", (goal_id,)).fetchone()
    return _goal(row) if row else None


def insert_goal(
    store: Store, brand_id: int, slug: str, name: str, kind: str, colour: str, target_share: float
) -> Goal:
    with store.transaction() as conn:
        cur = conn.execute(
            "INSERT INTO goals (brand_id, slug, name, kind, colour, target_share) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (brand_id, slug, name, kind, colour, target_share),
        )
    return Goal(inserted_id(cur), brand_id, slug, name, kind, colour, target_share)


def update_goal(store: Store, goal_id: int, values: Mapping[str, object]) -> None:
    allowed = {"name", "colour", "target_share", "kind"}
    if set(values) - allowed:
        raise ValueError(f"not goal columns: {sorted(set(values) - allowed)}")
    if not values:
        return
    assignments = ", ".join(f"{c} = ?" for c in values)
    with store.transaction() as conn:
        conn.execute(f"UPDATE goals SET {assignments} WHERE id = ?", [*values.values(), goal_id])


# --- channels and brands ---


def list_channels(store: Store, brand_id: int) -> list[Channel]:
    rows = store.conn.execute(
        "SELECT * FROM channels WHERE brand_id = ? ORDER BY name", (brand_id,)
    ).fetchall()
    return [_channel(row) for row in rows]


def find_channel(store: Store, brand_id: int, name: str) -> Channel | None:
    row = store.conn.execute(
        "SELECT * FROM channels WHERE brand_id = ? AND name = ? COLLATE NOCASE",
        (brand_id, name),
    ).fetchone()
    return _channel(row) if row else None


def get_channel(store: Store, channel_id: int) -> Channel | None:
    row = store.conn.execute("SELECT * FROM channels WHERE id = ?", (channel_id,)).fetchone()
    return _channel(row) if row else None


def get_brand_by_id(store: Store, brand_id: int) -> Brand | None:
    row = store.conn.execute("SELECT * FROM brands WHERE id = ?", (brand_id,)).fetchone()
    return _brand(row) if row else None
