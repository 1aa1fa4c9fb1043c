"""Demo links and outcomes, so the report shows real figures. Deterministic for a ``now``.

- Facebook comments of day D (permalink ``.../posts/YYYYMMDD``) are linked to the
  brand's latest published Facebook page post at or before the end of day D (those written
  before it stay unlinked); YouTube comments
  (post ref ``<brand>-video``) to the brand's latest published YouTube post.
- Two past ads per brand in one campaign (``autumn-2026``), with daily spend,
  clicks, leads and sales for the campaign.
- Lifetime reach, clicks, leads, sales and revenue for every published post.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from smmdesk.calendar.links import add_post_link
from smmdesk.calendar.posts import create_post, list_posts
from smmdesk.store import Store
from smmdesk.store.brands import Brand
from smmdesk.store.outcomes import replace_outcomes
from smmdesk.timeutil import local_zone

PRICE = {"kava-lab": 18.0, "trailhead": 95.0}
AUTUMN_ADS = (
    (6, "Ad: autumn tasting box", "Four coffees for cosy evenings.", "/shop/autumn-box"),
    (
        3,
        "Ad: autumn tasting box (video)",
        "Forty seconds of pour-over, one box.",
        "/shop/autumn-box",
    ),
)
CAMPAIGN = "{brand}-autumn-2026"  # campaigns are matched by name: one per brand
LINK_DAYS = 7


def build_demo_outcomes(store: Store, brands: list[Brand], now: datetime, seed: int = 7) -> None:
    rng = random.Random(seed * 31 + 1)
    zone = local_zone()
    today = now.astimezone(zone).date()
    for brand in brands:
        campaign = CAMPAIGN.format(brand=brand.slug)
        site = (
            "https://kavalab.example" if brand.slug == "kava-lab" else "https://trailhead.example"
        )
        ads = [
            create_post(
                store,
                brand,
                title=title,
                body=body,
                goal="ad-new-audience",
                channel="Facebook page",
                status="published",
                campaign=campaign,
                when=datetime.combine(today - timedelta(days=ago), time(19, 30), tzinfo=zone),
                link=f"{site}{path}",
                now=now,
            )
            for ago, title, body, path in AUTUMN_ADS
        ]
        published = [
            p
            for p in list_posts(store, brand)
            if p.status == "published" and not p.is_series and p.scheduled_at <= now
        ]
        _link(store, brand, published, today, zone)
        rows = []
        price = PRICE.get(brand.slug, 40.0)
        for post in published:
            if post.kind == "ad":
                continue
            reach = rng.randint(400, 3000)
            rate = {"sales": 0.05, "questions": 0.02}.get(post.goal, 0.01)
            clicks = round(reach * rate * rng.uniform(0.6, 1.4))
            leads = round(clicks * (0.25 if post.goal == "sales" else 0.08) * rng.uniform(0.5, 1.5))
            sales = round(leads * 0.5 * rng.uniform(0.4, 1.4)) if post.goal == "sales" else 0
            rows.append(
                {
                    "post_id": post.id,
                    "campaign": None,
                    "day": None,
                    "reach": reach,
                    "clicks": clicks,
                    "leads": leads,
                    "sales": sales,
                    "revenue": round(sales * price, 2),
                    "spend": 0.0,
                    "source": "demo",
                }
            )
        first_ad = min(ad.scheduled_at for ad in ads).astimezone(zone).date()
        day = first_ad
        while day < today:
            clicks = rng.randint(40, 90)
            leads = rng.randint(3, 9)
            sales = rng.randint(1, leads)
            rows.append(
                {
                    "post_id": None,
                    "campaign": campaign,
                    "day": day.isoformat(),
                    "reach": rng.randint(2000, 5000),
                    "clicks": clicks,
                    "leads": leads,
                    "sales": sales,
                    "revenue": round(sales * price, 2),
                    "spend": float(rng.randint(20, 35)),
                    "source": "demo",
                }
            )
            day += timedelta(days=1)
        replace_outcomes(store, rows)


def _link(store: Store, brand: Brand, published: list, today, zone) -> None:
    """Link the last days' Facebook page posts by url, and the brand video by its id."""
    for ago in range(LINK_DAYS, -1, -1):
        day = today - timedelta(days=ago)
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
        before = [
            p
            for p in published
            if p.scheduled_at < end and p.kind == "organic" and p.channel == "Facebook page"
        ]
        if not before:
            continue
        post = before[-1]
        add_post_link(
            store,
            post.id,
            platform="facebook",
            url=f"https://facebook.com/{brand.slug}/posts/{day:%Y%m%d}",
        )
    videos = [p for p in published if p.channel == "YouTube channel"]
    if videos:
        add_post_link(store, videos[-1].id, platform="youtube", external_id=f"{brand.slug}-video")
