"""Build the demo desk in a store: brands, channels, saved replies, comments, history, posts."""

from __future__ import annotations

import random
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from smmdesk.demo.exports import BRANDS, write_demo_exports
from smmdesk.inbox import triage
from smmdesk.inbox.importer import ImportSummary, import_file
from smmdesk.inbox.replies import DEFAULT_TEMPLATES
from smmdesk.store import Store
from smmdesk.store import comments as q
from smmdesk.store.brands import Brand, add_channel, create_brand, find_brand

CHANNELS = [
    ("Instagram page", "instagram", "page"),
    ("Facebook page", "facebook", "page"),
    ("Facebook group", "facebook", "group"),
    ("YouTube channel", "youtube", "page"),
    ("Website blog", "website", "website"),
    ("Newsletter", "email", "newsletter"),
]
DEMO_ACTOR = "demo"


def build_demo(
    store: Store, now: datetime, *, seed: int = 7, exports_dir: Path | None = None
) -> list[ImportSummary]:
    """Fill an empty store with the demo desk; deterministic for a given ``now`` and seed."""
    brands = {slug: _brand(store, slug, info["handle"]) for slug, info in BRANDS.items()}
    for name, language, text in DEFAULT_TEMPLATES:
        q.add_template(store, name, text, language=language)
    with tempfile.TemporaryDirectory() as tmp:
        folder = exports_dir or Path(tmp)
        summaries = [
            import_file(store, path, brands[slug], now=now)
            for slug, path in write_demo_exports(folder, now, seed=seed)
        ]
    _some_history(store, now, random.Random(seed))
    from smmdesk.demo.posts import build_demo_posts

    build_demo_posts(store, list(brands.values()), now, random.Random(seed))
    from smmdesk.demo.briefs import build_demo_briefs

    build_demo_briefs(store, list(brands.values()))
    from smmdesk.demo.outcomes import build_demo_outcomes

    build_demo_outcomes(store, list(brands.values()), now, seed)
    return summaries


def _brand(store: Store, slug: str, handle: str) -> Brand:
    brand = find_brand(store, slug) or create_brand(store, handle, slug=slug, handles=(handle,))
    for name, platform, kind in CHANNELS:
        add_channel(store, brand, name, platform, kind)
    return brand


def _some_history(store: Store, now: datetime, rng: random.Random) -> None:
    """Answer and resolve some of the older comments so response times have data."""
    rows = q.open_comments(store)
    from smmdesk.timeutil import from_iso

    for row in rows:
        created = from_iso(row["created_at"])
        # Most of what is over a day old has been handled; the night's comments wait.
        if now - created < timedelta(hours=20) or rng.random() > 0.85:
            continue
        minutes = rng.randint(20, 90) if row["band"] == "negative" else rng.randint(30, 600)
        at = created + timedelta(minutes=minutes)
        if row["band"] == "negative" or rng.random() < 0.5:
            triage.reply(
                store,
                [row["id"]],
                "Thanks for letting us know — we're on it!",
                now=at,
                actor=DEMO_ACTOR,
            )
        else:
            triage.resolve(store, [row["id"]], now=at, actor=DEMO_ACTOR)
    # One labelled, one assigned, one flagged, so those columns show something.
    open_rows = [r["id"] for r in rows[:40]]
    triage.label(store, open_rows[:3], add=["delivery"], now=now, actor=DEMO_ACTOR)
    triage.assign(store, open_rows[3:5], "olena", now=now, actor=DEMO_ACTOR)
