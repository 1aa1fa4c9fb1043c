"""Demo posts: a month around today for each brand (filled once the calendar lands)."""

from __future__ import annotations

import random
from datetime import datetime

from smmdesk.store import Store
from smmdesk.store.brands import Brand


def build_demo_posts(store: Store, brands: list[Brand], now: datetime, rng: random.Random) -> None:
    return None
