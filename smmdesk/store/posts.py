"""SQL for posts, goals and channels. The calendar domain validates; this only stores.

The database still guards the one rule no path may break: a post without a
goal (``goal_id NOT NULL REFERENCES goals``) cannot be stored.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from smmdesk.store.brands import Brand, _brand
from smmdesk.store.db import Store
from smmdesk.store.scope import and_brand

# Columns a caller may write; id, created_at and updated_at are the store's business.
POST_FIELDS = (
    "brand_id", "title", "body", "channel_id", "kind", "scheduled_at", "status",
    "campaign", "link", "goal_id", "rrule", "exdates", "series_id", "occurrence_at", "tz",
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


def _columns(values: dict) -> list[str]:
    unknown = set(values) - set(POST_FIELDS)
    if unknown:
        raise ValueError(f"not post columns: {sorted(unknown)}")
    return list(values)


# --- posts ---


def insert_post(store: Store, values: dict, *, at: str) -> int:
    """Insert one post; ``at`` (UTC ISO) is its created_at and updated_at."""
    columns = _columns(values)
    names = ", ".join([*columns, "created_at", "updated_at"])
    marks = ", ".join("?" * (len(columns) + 2))
    with store.transaction() as conn:
        cur = conn.execute(
            f"INSERT INTO posts ({names}) VALUES ({marks})",
            [*(values[c] for c in columns), at, at],
        )
    return cur.lastrowid


def update_post(store: Store, post_id: int, values: dict, *, at: str) -> None:
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


def get_post(store: Store, post_id: int) -> sqlite3.Row | None:
    return store.conn.execute(f"{_POST_SELECT} WHERE p.id = ?", (post_id,)).fetchone()


def single_posts_between(
    store: Store, start: str, end: str, brand_id: int | None = None
) -> list[sqlite3.Row]:
    """Posts that do not repeat, scheduled in [start, end) (UTC ISO text sorts as time)."""
    sql = f"{_POST_SELECT} WHERE p.rrule IS NULL AND p.scheduled_at >= ? AND p.scheduled_at < ?"
    brand_sql, brand_params = and_brand(brand_id, "p.brand_id")
    sql += brand_sql
    params: list = [start, end, *brand_params]
    return store.conn.execute(sql + " ORDER BY p.scheduled_at, p.id", params).fetchall()


def series_starting_before(
    store: Store, end: str, brand_id: int | None = None
) -> list[sqlite3.Row]:
    """Repeating posts whose first occurrence is before ``end``."""
    sql = f"{_POST_SELECT} WHERE p.rrule IS NOT NULL AND p.scheduled_at < ?"
    brand_sql, brand_params = and_brand(brand_id, "p.brand_id")
    sql += brand_sql
    params: list = [end, *brand_params]
    return store.conn.execute(sql + " ORDER BY p.scheduled_at, p.id", params).fetchall()


def all_posts(store: Store, brand_id: int | None = None) -> list[sqlite3.Row]:
    brand_sql, params = and_brand(brand_id, "p.brand_id")
    sql = _POST_SELECT + " WHERE 1" + brand_sql
    return store.conn.execute(sql + " ORDER BY p.scheduled_at, p.id", params).fetchall()


def occurrence_edits(store: Store, series_id: int) -> list[sqlite3.Row]:
    """The posts that replace single occurrences of a series."""
    return store.conn.execute(
        f"{_POST_SELECT} WHERE p.series_id = ? ORDER BY p.occurrence_at", (series_id,)
    ).fetchall()


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
    return Goal(cur.lastrowid, brand_id, slug, name, kind, colour, target_share)


def update_goal(store: Store, goal_id: int, values: dict) -> None:
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
