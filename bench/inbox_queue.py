"""Figure 2, the queue: first page and a filtered, searched page, against the same SQL by hand.

The app's figure is ``inbox.queue.page`` (what the inbox and ``smmdesk inbox``
call: the query plus turning rows into items). The limit is the SQL it stands
for, written out here and run with ``conn.execute(...).fetchall()``; the bench
checks that both return the same comments.

Two floors are printed for information: the store's query alone, its rows turned into typed
rows and nothing computed (``store.comments.queue_page``: what any typed page costs), and the
growth of the hand SQL itself from 10k to 1M (a search's matches grow with the desk, and
FTS5 hands them all to the IN list before the ordered walk).
"""

from __future__ import annotations

import os

from bench import data
from bench.common import Row, at_most, p50, p95, timings_ms

INFO = "none (information)"

RUNS = 60
PAGE = 100
SEARCH = "refund"  # in ~3 % of comments (negative and otherwise)
COLUMNS = (
    "c.id, c.brand_id, b.name AS brand, c.platform, c.author, c.text, c.created_at, c.band, "
    "c.compound, c.is_question, c.status, c.tier, c.urgent_at, c.likes, c.reply_count, "
    "c.flagged, c.assignee, c.snoozed_until, c.has_our_reply"
)
FIRST_SQL = (
    f"SELECT {COLUMNS} FROM comments c JOIN brands b ON b.id = c.brand_id "
    "WHERE c.status = 'open' AND (c.snoozed_until IS NULL OR c.snoozed_until <= ?) "
    "ORDER BY c.tier, c.urgent_at, c.id LIMIT ?"
)
SEARCH_SQL = (
    f"SELECT {COLUMNS} FROM comments c JOIN brands b ON b.id = c.brand_id "
    "WHERE c.status = 'open' AND (c.snoozed_until IS NULL OR c.snoozed_until <= ?) "
    "AND c.brand_id = ? AND c.band = 'negative' "
    "AND c.id IN (SELECT rowid FROM comments_fts WHERE comments_fts MATCH ?) "
    "ORDER BY c.tier, c.urgent_at, c.id LIMIT ?"
)


def measure(label: str) -> dict[str, list[float]]:
    os.environ.update(data.ENV)
    from smmdesk.inbox import queue
    from smmdesk.store import open_store
    from smmdesk.store.brands import get_brand
    from smmdesk.store.comments import QueueFilter, queue_page

    with open_store(data.database(label)) as store:
        brand = get_brand(store, data.BRAND)
        first = QueueFilter()
        searched = QueueFilter(brand_id=brand.id, band="negative", search=SEARCH)
        conn = store.conn
        hand_first = (FIRST_SQL, [data.NOW, PAGE])
        hand_search = (SEARCH_SQL, [data.NOW, brand.id, f'"{SEARCH}"*', PAGE])
        for flt, (sql, params) in ((first, hand_first), (searched, hand_search)):
            app_ids = [item.id for item in queue.page(store, flt, limit=PAGE)]
            hand_ids = [row["id"] for row in conn.execute(sql, params)]
            assert app_ids == hand_ids and app_ids, f"app and hand SQL disagree ({label})"
        return {
            "first": timings_ms(lambda: queue.page(store, first, limit=PAGE), RUNS),
            "first_sql": timings_ms(lambda: conn.execute(*hand_first).fetchall(), RUNS),
            "first_rows": timings_ms(lambda: queue_page(store, first, data.NOW, limit=PAGE), RUNS),
            "search": timings_ms(lambda: queue.page(store, searched, limit=PAGE), RUNS),
            "search_sql": timings_ms(lambda: conn.execute(*hand_search).fetchall(), RUNS),
            "search_rows": timings_ms(
                lambda: queue_page(store, searched, data.NOW, limit=PAGE), RUNS
            ),
        }


def run(sizes: list[str], log) -> list[Row]:
    rows: list[Row] = []
    found = {}
    for label in sizes:
        log(f"queue at {label}")
        found[label] = t = measure(label)
        for name, what in (("first", "first page"), ("search", "filtered+searched page")):
            for stat, fn in (("p50", p50), ("p95", p95)):
                rows.append(
                    at_most(
                        f"queue {what} {stat} @{label}",
                        fn(t[name]),
                        fn(t[name + "_sql"]),
                        "ms",
                        1.5,
                        "limit: the same SQL by hand",
                    )
                )
            rows.append(
                Row(
                    f"floor: the store's query of the {what} into typed rows, p50 @{label}",
                    p50(t[name + "_rows"]),
                    p50(t[name + "_sql"]),
                    "ms",
                    INFO,
                    None,
                    "store.comments.queue_page, nothing computed; limit: the same SQL by hand",
                )
            )
            if label == "1M":
                rows.append(at_most(f"queue {what} p50 @1M, absolute", p50(t[name]), 10, "ms", 1))
    if "10k" in found and "1M" in found:
        for name, what in (("first", "first page"), ("search", "filtered+searched page")):
            growth = p50(found["1M"][name]) / p50(found["10k"][name])
            rows.append(
                at_most(
                    f"queue {what} growth 10k->1M (p50)",
                    growth,
                    2.0,
                    "x",
                    1,
                    "value: p50 @1M / p50 @10k; limit 2x",
                )
            )
            floor = p50(found["1M"][name + "_sql"]) / p50(found["10k"][name + "_sql"])
            rows.append(
                Row(
                    f"floor: the hand SQL's growth 10k->1M, {what} (p50)",
                    floor,
                    2.0,
                    "x",
                    INFO,
                    None,
                    "the same SQL by hand, p50 @1M / p50 @10k",
                )
            )
    return rows
