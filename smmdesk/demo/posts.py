"""Demo posts: about a month around today for each brand.

Deterministic for a given ``now`` and ``rng``. Besides ordinary posts (a mix
of sales, questions and recognition, with a few ads) the plan holds on
purpose what the calendar is there to point out:

- a weekly series per brand (Kava Lab's "Friday Q&A" at 18:00);
- one conflict: two Kava Lab posts on the Instagram page 45 minutes apart;
- two gap days next week with nothing planned for any brand;
- one sales post without a link, and one post still "scheduled" in the past.

Times are wall times in the user's zone.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from smmdesk.calendar.posts import create_post, utm_value
from smmdesk.calendar.recurrence import build_rule
from smmdesk.store import Store
from smmdesk.store.brands import Brand
from smmdesk.timeutil import local_zone

DAYS_BEFORE = 14
DAYS_AFTER = 21
SLOTS = (time(8, 0), time(9, 30), time(11, 0), time(12, 30), time(14, 0), time(15, 30))
ORGANIC_CHANNELS = (
    "Instagram page",
    "Facebook page",
    "Facebook group",
    "YouTube channel",
    "Website blog",
    "Newsletter",
)
GOAL_WEIGHTS = (("sales", 3), ("questions", 4), ("recognition", 3))

# (goal, title, body, link path or None)
# Per goal: (title, body, link path or None) of the posts the demo plans.
KAVA_POSTS: dict[str, list[tuple[str, str, str | None]]] = {
    "sales": [
        (
            "Holiday gift box is back",
            "Three single-origin coffees, a tasting card and a mug. Ships in two days.",
            "/shop/gift-box",
        ),
        (
            "New espresso blend: Dark Orbit",
            "Chocolate, cherry, a long finish. 250 g and 1 kg bags.",
            "/shop/dark-orbit",
        ),
        (
            "Cold brew concentrate, now in 1 l",
            "Mix 1:3 with water or milk. Keeps two weeks in the fridge.",
            "/shop/cold-brew",
        ),
        (
            "V60 starter kit -15% this week",
            "Dripper, filters, scale and our Ethiopia Guji.",
            "/shop/v60-kit",
        ),
        (
            "Subscribe and save: fresh beans monthly",
            "Roasted the day we ship. Pause any time.",
            "/subscribe",
        ),
        (
            "Burr grinder restock",
            "The hand grinder everyone asked about is back in stock.",
            "/shop/grinder",
        ),
    ],
    "questions": [
        (
            "How fine should I grind for V60?",
            "Medium-fine, like table salt. Tell us your recipe and we'll help dial it in.",
            None,
        ),
        (
            "Why does my espresso taste sour?",
            "Usually under-extraction: grind finer or use hotter water. Ask us anything below.",
            None,
        ),
        (
            "How long do beans stay fresh?",
            "Best between 5 and 30 days after roasting. Store them airtight, away from light.",
            None,
        ),
        (
            "Decaf: how do we make it?",
            "Swiss Water process, no chemicals. Questions welcome.",
            None,
        ),
        (
            "Milk or oat for a flat white?",
            "Both work; oat needs a barista edition. What do you use?",
            None,
        ),
        (
            "Your brewing questions, answered",
            "Drop your questions in the comments; our head roaster answers on Friday.",
            None,
        ),
    ],
    "recognition": [
        (
            "Meet the roaster: Oksana",
            "Ten years, three continents, one rule: taste everything twice.",
            None,
        ),
        (
            "From farm to cup: our Guji partners",
            "How we buy directly from a washing station in Ethiopia.",
            None,
        ),
        ("Behind the scenes: roast day", "The 5 a.m. smell of a fresh batch, in 60 seconds.", None),
        ("Latte art Sunday", "Show us your best pour and tag us.", None),
        ("Five years of Kava Lab", "Thank you for every cup. A small party on Saturday.", None),
        ("Why we roast light", "Origin flavour over roast flavour, explained.", None),
    ],
}
TRAIL_POSTS: dict[str, list[tuple[str, str, str | None]]] = {
    "sales": [
        (
            "Winter rain jackets: new colours",
            "Fully taped seams, 20k waterproofing, pit zips.",
            "/shop/rain-jackets",
        ),
        ("Boot fitting weekend", "Book a 20-minute fitting in store; socks on us.", "/fitting"),
        (
            "Two-person tent, now 20% off",
            "1.9 kg, freestanding, up in three minutes.",
            "/shop/tents",
        ),
        (
            "Backpack sale: 30 to 50 litres",
            "Adjustable back systems, rain covers included.",
            "/shop/backpacks",
        ),
        (
            "Gift cards for the hiker who has it all",
            "Any amount, delivered by email.",
            "/gift-cards",
        ),
        ("Headlamps restocked", "400 lumen, USB-C, red light mode.", "/shop/headlamps"),
    ],
    "questions": [
        (
            "How should hiking boots fit?",
            "A thumb's width at the toe, no heel lift. What's your size struggle?",
            None,
        ),
        (
            "Re-waterproofing your jacket",
            "Wash, then tumble dry low to wake up the DWR. Questions below.",
            None,
        ),
        (
            "What to pack for a winter day hike",
            "Layers, a thermos, a headlamp. What would you add?",
            None,
        ),
        (
            "Down or synthetic?",
            "Down for dry cold, synthetic for wet. Ask us about your trip.",
            None,
        ),
        (
            "Tent condensation: why it happens",
            "Ventilation beats everything. Ask us anything.",
            None,
        ),
        ("Sizing a backpack to your torso", "Measure from C7 to your hip bones; we'll help.", None),
    ],
    "recognition": [
        (
            "Staff trip: the ridge at sunrise",
            "Our team's favourite local route, photos inside.",
            None,
        ),
        ("Leave no trace, every time", "Seven principles we live by.", None),
        ("Customer story: 1,000 km in our boots", "Marta's Carpathian traverse.", None),
        ("Trail clean-up this Saturday", "Bags and gloves provided. Coffee too.", None),
        ("Repair, don't replace", "Our free repair corner fixed 300 jackets this year.", None),
        ("Meet the shop dog, Bruno", "Chief morale officer since 2021.", None),
    ],
}
ADS = {
    "kava-lab": [
        (
            "ad-new-audience",
            "Ad: first bag -20% for new customers",
            "Try our roasts; code HELLO20.",
            "/welcome",
        ),
        (
            "ad-win-back",
            "Ad: we miss you — free shipping",
            "Come back for fresh beans, on us.",
            "/subscribe",
        ),
        ("ad-recognition", "Ad: roasted in town since 2021", "Small batches, big flavour.", None),
    ],
    "trailhead": [
        (
            "ad-new-audience",
            "Ad: gear up for winter",
            "New customers get 10% off the first order.",
            "/winter",
        ),
        (
            "ad-win-back",
            "Ad: your next trip starts here",
            "Free boot re-lacing for returning customers.",
            "/fitting",
        ),
        (
            "ad-recognition",
            "Ad: local outfitters since 2015",
            "Gear we test on our own trails.",
            None,
        ),
    ],
}
SERIES = {
    # slug: (title, body, channel, goal, weekday, time)
    "kava-lab": (
        "Friday Q&A: ask the roaster",
        "Every Friday at 18:00 our head roaster answers your questions live.",
        "Facebook group",
        "questions",
        4,
        time(18, 0),
    ),
    "trailhead": (
        "Trail Tip Tuesday",
        "One practical trail tip every week, and your questions.",
        "Instagram page",
        "questions",
        1,
        time(17, 0),
    ),
}
SITES = {"kava-lab": "https://kavalab.example", "trailhead": "https://trailhead.example"}


def demo_image(site: str, channel: str, title: str) -> str | None:
    """An Instagram post's photo (Instagram publishes one); other channels need none."""
    if channel != "Instagram page":
        return None
    return f"{site}/images/{utm_value(title)}.jpg"


def build_demo_posts(store: Store, brands: list[Brand], now: datetime, rng: random.Random) -> None:
    zone = local_zone()
    today = now.astimezone(zone).date()
    series_days = {SERIES[b.slug][4] for b in brands if b.slug in SERIES}
    gap_days = _gap_days(today, series_days)

    def at(day: date, moment: time) -> datetime:
        return datetime.combine(day, moment, tzinfo=zone)

    def status_for(when: datetime) -> str:
        if when < now:
            return "published"
        return "draft" if rng.random() < 0.25 else "scheduled"

    for brand in brands:
        pool = KAVA_POSTS if brand.slug != "trailhead" else TRAIL_POSTS
        site = SITES.get(brand.slug, "https://example.com")
        ads = ADS.get(brand.slug, ADS["kava-lab"])
        used = {goal: 0 for goal in pool}

        def add(
            goal: str,
            title: str,
            body: str,
            path: str | None,
            channel: str,
            when: datetime,
            *,
            status: str | None = None,
            campaign: str | None = None,
            brand: Brand = brand,
            site: str = site,
        ) -> None:
            create_post(
                store,
                brand,
                title=title,
                body=body,
                goal=goal,
                channel=channel,
                when=when,
                status=status or status_for(when),
                campaign=campaign,
                link=f"{site}{path}" if path else None,
                image_url=demo_image(site, channel, title),
                now=now,
            )

        for offset in range(-DAYS_BEFORE, DAYS_AFTER + 1):
            day = today + timedelta(days=offset)
            if day in gap_days:
                continue
            count = 2 if rng.random() < 0.35 else 1
            channels = rng.sample(ORGANIC_CHANNELS, count)
            slots = sorted(rng.sample(SLOTS, count))
            for channel, slot in zip(channels, slots, strict=True):
                goal = rng.choices([g for g, _ in GOAL_WEIGHTS], [w for _, w in GOAL_WEIGHTS])[0]
                title, body, path = pool[goal][used[goal] % len(pool[goal])]
                used[goal] += 1
                add(goal, title, body, path, channel, at(day, slot))

        # Ads: one of each ad goal, spread over the coming weeks.
        for index, (goal, title, body, path) in enumerate(ads):
            day = _not_in(today + timedelta(days=2 + 6 * index), gap_days)
            add(
                goal,
                title,
                body,
                path,
                "Facebook page",
                at(day, time(19, 30)),
                campaign="winter-2026",
            )

        # The weekly series, from two weeks back.
        if brand.slug in SERIES:
            title, body, channel, goal, weekday, moment = SERIES[brand.slug]
            first = today - timedelta(days=DAYS_BEFORE)
            first += timedelta(days=(weekday - first.weekday()) % 7)
            start = at(first, moment)
            rule = build_rule("weekly", start, weekdays=[weekday], count=8)
            create_post(
                store,
                brand,
                title=title,
                body=body,
                goal=goal,
                channel=channel,
                when=start,
                status="scheduled",
                rrule=rule,
                image_url=demo_image(site, channel, title),
                now=now,
            )

    if not brands:
        return
    first_brand = next((b for b in brands if b.slug == "kava-lab"), brands[0])
    site = SITES.get(first_brand.slug, "https://example.com")
    # One conflict: two Instagram posts 45 minutes apart, three days from now.
    clash = _not_in(today + timedelta(days=3), gap_days)
    create_post(
        store,
        first_brand,
        title="Story: tasting flight behind the bar",
        body="Four cups, four origins, one question: which is yours?",
        goal="recognition",
        channel="Instagram page",
        when=at(clash, time(19, 0)),
        status="scheduled",
        image_url=demo_image(site, "Instagram page", "tasting flight"),
        now=now,
    )
    create_post(
        store,
        first_brand,
        title="Reel: pour-over in 60 seconds",
        body="The whole recipe, start to finish.",
        goal="questions",
        channel="Instagram page",
        when=at(clash, time(19, 45)),
        status="draft",
        now=now,
    )
    # A sales post whose link was forgotten.
    create_post(
        store,
        first_brand,
        title="Limited: Christmas blend pre-order",
        body="Only 200 bags. Reply 'mine' to reserve one.",
        goal="sales",
        channel="Website blog",
        when=at(_not_in(today + timedelta(days=5), gap_days), time(18, 30)),
        status="scheduled",
        now=now,
    )
    # A post that should have gone out yesterday and still says scheduled.
    create_post(
        store,
        first_brand,
        title="Weekend opening hours",
        body="Open 8-20 on Saturday and Sunday.",
        goal="recognition",
        channel="Facebook page",
        when=at(today - timedelta(days=1), time(18, 0)),
        status="scheduled",
        link=f"{site}/hours",
        now=now,
    )


def _gap_days(today: date, series_days: set[int]) -> set[date]:
    """Two days in a row next week that no series touches: left empty on purpose."""
    day = today + timedelta(days=8)
    while day.weekday() in series_days or (day + timedelta(days=1)).weekday() in series_days:
        day += timedelta(days=1)
    return {day, day + timedelta(days=1)}


def _not_in(day: date, gap_days: set[date]) -> date:
    while day in gap_days:
        day += timedelta(days=1)
    return day
