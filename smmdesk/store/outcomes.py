"""SQL for outcomes: what a post or a campaign brought (reach, clicks, leads, sales...).

One row per (post, campaign, day): writing a row for a key that is stored
already replaces it, so importing the same analytics export twice counts once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping

from smmdesk.store.db import Store
from smmdesk.store.scope import and_brand

FIGURES = ("reach", "clicks", "leads", "sales", "revenue", "spend")
COLUMNS = ("post_id", "campaign", "day", *FIGURES, "source")


def replace_outcomes(store: Store, rows: Iterable[Mapping[str, object]]) -> int:
    """Store ``rows`` (dicts with COLUMNS), each replacing the row of the same key; atomic."""
    count = 0
    with store.transaction() as conn:
        for row in rows:
            conn.execute(
                "DELETE FROM outcomes WHERE post_id IS ? AND campaign IS ? AND day IS ?",
                (row["post_id"], row["campaign"], row["day"]),
            )
            conn.execute(
                f"INSERT INTO outcomes ({', '.join(COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(COLUMNS))})",
                [row.get(c, 0 if c in FIGURES else None) for c in COLUMNS],
            )
            count += 1
    return count


def all_outcomes(store: Store) -> list[sqlite3.Row]:
    return store.conn.execute("SELECT * FROM outcomes ORDER BY id").fetchall()


def outcomes_of_post(store: Store, post_id: int) -> list[sqlite3.Row]:
    return store.conn.execute(
        "SELECT * FROM outcomes WHERE post_id = ? ORDER BY day", (post_id,)
    ).fetchall()


def post_keys(store: Store, brand_id: int | None = None) -> list[sqlite3.Row]:
    """Every post with what outcomes are matched and grouped by: brand, goal, campaign, kind."""
    sql = (
        "SELECT p.id, p.brand_id, p.title, p.kind, p.campaign, p.scheduled_at, p.status, "
        "p.series_id, g.slug AS goal_slug, g.name AS goal_name, g.kind AS goal_kind, "
        "c.name AS channel_name FROM posts p JOIN goals g ON g.id = p.goal_id "
        "JOIN channels c ON c.id = p.channel_id"
    )
    brand_sql, params = and_brand(brand_id, "p.brand_id")
    return store.conn.execute(sql + " WHERE 1" + brand_sql + " ORDER BY p.id", params).fetchall()
