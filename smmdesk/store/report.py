"""SQL for the report: incoming comments of a range with their first response."""

from __future__ import annotations

import sqlite3

from smmdesk.store.db import Store
from smmdesk.store.scope import and_brand


def comments_with_first_response(
    store: Store, since: str, until: str, brand_id: int | None = None
) -> list[sqlite3.Row]:
    """Comments not written by us, created in [since, until), each with the time of its first
    response: our first reply recorded in the app (undo removes it; one that went out through an
    account counts from when it was sent, one still in the outbox not yet) or, from the export,
    our first answer in its thread — whichever is earlier."""
    sql = (
        "SELECT c.id, c.brand_id, c.band, c.compound, c.is_question, c.status, c.created_at, "
        "c.post_id, nullif(min("
        "  coalesce((SELECT min(CASE r.state WHEN 'manual' THEN r.at WHEN 'sent' THEN r.sent_at "
        "            END) FROM replies r WHERE r.comment_id = c.id), '9999'),"
        "  coalesce((SELECT min(o.created_at) FROM comments o WHERE o.brand_id = c.brand_id "
        "            AND o.platform = c.platform "
        "            AND o.parent_external_id = c.external_id AND o.is_ours = 1), '9999')"
        "), '9999') AS first_at "
        "FROM comments c WHERE c.is_ours = 0 AND c.created_at >= ? AND c.created_at < ?"
    )
    brand_sql, brand_params = and_brand(brand_id, "c.brand_id")
    params: list[object] = [since, until, *brand_params]
    sql += brand_sql
    return store.conn.execute(sql + " ORDER BY c.created_at, c.id", params).fetchall()
