"""Demo briefs: each brand's strategy, so the Brand section and the tone check show real work."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from smmdesk.brand.save import write_brief
from smmdesk.store import Store
from smmdesk.store.brands import Brand
from smmdesk.store.brief import Audience, Competitor, load_brief

# Per brand slug: the Brief fields the demo fills in (keyword arguments of ``replace``).
BRIEFS: dict[str, dict[str, Any]] = {
    "kava-lab": dict(
        value_proposition="Freshly roasted speciality coffee from a small Lviv roastery, "
        "delivered within two days, with brewing help from real baristas.",
        tone="friendly",
        address="ти (informal you); first names",
        sign_off="Kava Lab",
        never_words=["cheap", "unfortunately", "policy"],
        preferred_words=["fresh", "together"],
        audiences=[
            Audience(
                "Home brewers",
                "25–40, office workers who brew at home",
                "consistent taste, simple recipes",
                "Instagram, YouTube",
            ),
            Audience(
                "Cafés",
                "small café owners",
                "stable supply, wholesale prices",
                "Facebook group, newsletter",
            ),
        ],
        competitors=[
            Competitor(
                "Big Bean", "price, supermarket shelves", "stale beans, no support", "Instagram"
            )
        ],
    ),
    "trailhead": dict(
        value_proposition="Outdoor gear tested on Carpathian trails, with free repairs for a year.",
        tone="playful",
        address="you; first names",
        sign_off="Trailhead Outfitters",
        never_words=["cheap", "guarantee"],
        preferred_words=["trail", "repair"],
        audiences=[
            Audience(
                "Weekend hikers", "city people, 20–45", "light, reliable kit", "Instagram, YouTube"
            )
        ],
        competitors=[
            Competitor("PeakMart", "wide range", "slow returns", "Facebook page, website")
        ],
    ),
}


def build_demo_briefs(store: Store, brands: list[Brand]) -> None:
    for brand in brands:
        fields = BRIEFS.get(brand.slug)
        if fields:
            write_brief(store, brand, replace(load_brief(store, brand), **fields))
