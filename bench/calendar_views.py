"""Figure 6, the calendar with 50k posts (~830 a month, 40 weekly series): month grid, goal mix.

The issue sets no target here. Each figure is shown against the SQL that fetches
the same month by hand (for information), and against a budget of ours: 100 ms,
what a keystroke may take before it feels slow.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta

from bench import data
from bench.common import Row, at_most, p50, p95, timings_ms

RUNS = 20
BUDGET_MS = 100
HAND_MONTH = (
    "SELECT p.*, c.name, g.slug, g.name, g.kind, g.colour, b.slug FROM posts p "
    "JOIN channels c ON c.id = p.channel_id JOIN goals g ON g.id = p.goal_id "
    "JOIN brands b ON b.id = p.brand_id "
    "WHERE (p.rrule IS NULL AND p.scheduled_at >= ? AND p.scheduled_at < ?) "
    "OR (p.rrule IS NOT NULL AND p.scheduled_at < ?) ORDER BY p.scheduled_at, p.id"
)
HAND_MIX = (
    "SELECT brand_id, goal_id, count(*) FROM posts WHERE status != 'cancelled' "
    "AND scheduled_at >= ? AND scheduled_at < ? GROUP BY brand_id, goal_id"
)


def measure() -> dict[str, list[float]]:
    os.environ.update(data.ENV)
    from smmdesk.calendar import checks, views
    from smmdesk.calendar.goals import list_goals
    from smmdesk.store import open_store
    from smmdesk.store.brands import list_brands
    from smmdesk.timeutil import local_zone

    now = datetime.fromisoformat(data.NOW)
    zone = local_zone()
    first = now.replace(day=1, hour=0, minute=0, second=0)
    end = (first + timedelta(days=32)).replace(day=1)
    span = (first.isoformat(), end.isoformat())
    with open_store(data.database("10k")) as store:
        brands = list_brands(store)
        goals = {b.id: list_goals(store, b) for b in brands}
        items = views.occurrences_between(store, first, end)

        def mix():
            for brand in brands:
                own = [i for i in items if i.post.brand_id == brand.id]
                checks.goal_mix(own, goals[brand.id], zone, "month")

        return {
            "count": [len(items)],
            "grid": timings_ms(
                lambda: views.month_grid(store, now.year, now.month, zone=zone), RUNS
            ),
            "grid_sql": timings_ms(
                lambda: store.conn.execute(HAND_MONTH, (*span, span[1])).fetchall(), RUNS
            ),
            "mix": timings_ms(mix, RUNS),
            "mix_sql": timings_ms(lambda: store.conn.execute(HAND_MIX, span).fetchall(), RUNS),
        }


def run(sizes: list[str], log) -> list[Row]:
    log("calendar with 50k posts")
    t = measure()
    rows = []
    for name, what in (("grid", "month_grid"), ("mix", "goal_mix of the month")):
        note = f"{t['count'][0]} occurrences in the month; limit: the month's SQL by hand"
        rows.append(
            Row(
                f"calendar {what} p50 (50k posts)",
                p50(t[name]),
                p50(t[name + "_sql"]),
                "ms",
                "none (information)",
                None,
                note,
            )
        )
        rows.append(
            at_most(
                f"calendar {what} p95 (50k posts), absolute",
                p95(t[name]),
                BUDGET_MS,
                "ms",
                1,
                "our budget: 100 ms for a key",
            )
        )
    return rows
