"""Write platform-shaped export files of ~500 demo comments, deterministically.

The demo goes through the real importer, so a newcomer's desk is built the
same way as theirs will be.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypedDict

PRAISE = [
    "Absolutely love the {p}! Best purchase this year 😍",
    "The {p} arrived yesterday and it's perfect. Thank you!",
    "Great quality, fast delivery. Will order again 👍",
    "You guys are amazing, the {p} exceeded my expectations",
    "Bought the {p} for my dad, he is thrilled ❤️",
    "Super friendly support, solved my issue in minutes. Thanks!",
    "Honestly the best {p} I've tried. Recommended to all my friends",
]
COMPLAINTS = [
    "My {p} arrived broken. Terrible packaging, very disappointed 😡",
    "Still waiting for my order after 3 weeks. This is ridiculous.",
    "Worst customer service ever. Nobody answers my emails!!",
    "The {p} stopped working after two days. I want a refund.",
    "Charged twice for the same order and no one is helping. Awful.",
    "The quality of the {p} has gone down a lot, really sad about it",
    "Rude staff at the pop-up store today. Not coming back.",
    "Your app keeps crashing at checkout, so frustrating",
]
QUESTIONS = [
    "Do you ship the {p} to Canada?",
    "When will the {p} be back in stock?",
    "How long does delivery usually take?",
    "Is there a discount code for first orders?",
    "Can I change the size after ordering?",
    "What's the difference between the {p} and the pro version?",
    "Where can I find the warranty info for my {p}?",
    "Any plans to open a store in Lviv?",
]
SPAM = [
    "Earn $5000 a week from home!!! Click my profile 💰💰",
    "Follow me for free followers!! check bio 💯",
    "CRYPTO GIVEAWAY send 0.1 BTC get 1 BTC back",
]
# More spam, in every language of the desk, put in fixed places (the comments' numbers):
# the random draws, and so the rest of the demo, stay as they were.
MORE_SPAM = {
    230: "Check out my channel, daily giveaways 🎁 youtube.com/@gifts4u_daily",
    240: "Підпишись на мій канал 👉 заробіток від 500$ на тиждень без вкладень",
    246: "Пишите в личку, расскажу как заработать на крипте 💸",
    248: "bit.ly/3xFreeGift",
}
SARCASM = [
    "Oh great, another 'limited edition' {p}. Can't wait for it to break again.",
    "Wow, only 4 weeks for delivery. Truly lightning fast.",
    "Love how the support bot answers everything except my question 🙃",
]
NEUTRAL = [
    "Saw the {p} at the fair last weekend",
    "Tagging @olena_k for this one",
    "First!",
    "Is this the same {p} as last year",
    "👀",
    "🔥🔥🔥",
]
UKRAINIAN = [
    "Дуже задоволена покупкою, дякую! ❤️",
    "Жахлива якість, {p} зламався за тиждень",
    "Коли буде доставка до Києва?",
    "Чекаю замовлення вже два тижні, ніхто не відповідає",
    "Чи є знижки для постійних клієнтів?",
    "Найкраща кава в місті!",
]
SPANISH = [
    "¿Hacen envíos a México?",
    "Me encanta, muy buena calidad",
    "Pedido dañado, muy mal servicio",
]
AUTHORS = [
    "Maria Lopez",
    "John Smith",
    "Olena Kovalenko",
    "Andrii Shevchenko",
    "Priya Patel",
    "Tom Becker",
    "Sara Nilsen",
    "Iryna Melnyk",
    "Carlos Ruiz",
    "Emma Wilson",
    "Dmytro Bondar",
    "Lucy Chen",
    "Mark O'Brien",
    "Anna Novak",
    "Yusuf Demir",
    "Kateryna Lysenko",
    "[bold]Totally Real[/bold]",
    "Jake",
    "Sofia Rossi",
    "Ben Carter",
]
# (weight, pool) — about a fifth negative, plus questions that need answers.
MIX = [
    (26, PRAISE),
    (18, COMPLAINTS),
    (20, QUESTIONS),
    (4, SPAM),
    (5, SARCASM),
    (12, NEUTRAL),
    (10, UKRAINIAN),
    (5, SPANISH),
]


class DemoBrand(TypedDict):
    handle: str
    products: list[str]


BRANDS: dict[str, DemoBrand] = {
    "kava-lab": {
        "handle": "Kava Lab",
        "products": ["cold brew", "espresso blend", "grinder", "V60 kit"],
    },
    "trailhead": {
        "handle": "Trailhead Outfitters",
        "products": ["rain jacket", "hiking boots", "tent", "backpack"],
    },
}
PLATFORM_SHARE = {"facebook": 0.35, "instagram": 0.35, "youtube": 0.15, "csv": 0.15}


def _pick_text(rng: random.Random, products: list[str]) -> str:
    pool = rng.choices([pool for _, pool in MIX], weights=[w for w, _ in MIX])[0]
    return rng.choice(pool).replace("{p}", rng.choice(products))


def _comment(rng: random.Random, now: datetime, products: list[str], n: int) -> dict:
    age = timedelta(minutes=rng.randint(5, 7 * 24 * 60))
    return {
        "n": n,
        "author": rng.choice(AUTHORS),
        "text": _pick_text(rng, products),
        "time": now - age,
        "likes": rng.choice([0, 0, 0, 1, 2, 3, 5, 12, 40]),
    }


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+0000")


def facebook_export(items: list[dict], brand: str, handle: str) -> dict:
    data = []
    for item in items:
        row = {
            "id": f"{brand}_fb_{item['n']}",
            "message": item["text"],
            "created_time": _iso(item["time"]),
            "from": {"id": str(10_000 + item["n"]), "name": item["author"]},
            "like_count": item["likes"],
            "comment_count": len(item["replies"]),
            # One page post per day: the demo links each to a post of the calendar.
            "permalink_url": f"https://facebook.com/{brand}/posts/{item['time']:%Y%m%d}"
            f"?comment_id={item['n']}",
        }
        data.append(row)
        for k, reply in enumerate(item["replies"]):
            data.append(
                {
                    "id": f"{brand}_fb_{item['n']}_{k}",
                    "message": reply["text"],
                    "created_time": _iso(reply["time"]),
                    "from": {"id": "1", "name": handle if reply["ours"] else reply["author"]},
                    "like_count": 0,
                    "comment_count": 0,
                    "parent": {"id": row["id"]},
                }
            )
    return {"data": data, "paging": {"cursors": {"before": "x", "after": "y"}}}


def instagram_export(items: list[dict], brand: str, handle: str) -> dict:
    data = []
    for item in items:
        replies = [
            {
                "id": f"{brand}_ig_{item['n']}_{k}",
                "text": r["text"],
                "timestamp": _iso(r["time"]),
                "username": handle if r["ours"] else r["author"].lower().replace(" ", "_"),
                "like_count": 0,
            }
            for k, r in enumerate(item["replies"])
        ]
        data.append(
            {
                "id": f"{brand}_ig_{item['n']}",
                "text": item["text"],
                "timestamp": _iso(item["time"]),
                "username": item["author"].lower().replace(" ", "_"),
                "like_count": item["likes"],
                "replies": {"data": replies},
            }
        )
    return {"data": data}


def youtube_export(items: list[dict], brand: str, handle: str) -> dict:
    threads = []
    for item in items:
        top_id = f"{brand}_yt_{item['n']}"
        replies = [
            {
                "id": f"{top_id}.{k}",
                "snippet": {
                    "parentId": top_id,
                    "authorDisplayName": handle if r["ours"] else r["author"],
                    "textOriginal": r["text"],
                    "publishedAt": _iso(r["time"]).replace("+0000", "Z"),
                    "likeCount": 0,
                    "videoId": f"{brand}-video",
                },
            }
            for k, r in enumerate(item["replies"])
        ]
        threads.append(
            {
                "kind": "youtube#commentThread",
                "id": top_id,
                "snippet": {
                    "videoId": f"{brand}-video",
                    "totalReplyCount": len(replies),
                    "topLevelComment": {
                        "id": top_id,
                        "snippet": {
                            "authorDisplayName": item["author"],
                            "textOriginal": item["text"],
                            "publishedAt": _iso(item["time"]).replace("+0000", "Z"),
                            "likeCount": item["likes"],
                            "videoId": f"{brand}-video",
                        },
                    },
                },
                **({"replies": {"comments": replies}} if replies else {}),
            }
        )
    return {"kind": "youtube#commentThreadListResponse", "items": threads}


def csv_export(items: list[dict], brand: str, handle: str) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["comment_id", "platform", "author", "created_at", "message", "likes", "parent_id"]
    )
    for item in items:
        cid = f"{brand}_tt_{item['n']}"
        writer.writerow(
            [cid, "tiktok", item["author"], _iso(item["time"]), item["text"], item["likes"], ""]
        )
        for k, r in enumerate(item["replies"]):
            writer.writerow(
                [
                    f"{cid}_{k}",
                    "tiktok",
                    handle if r["ours"] else r["author"],
                    _iso(r["time"]),
                    r["text"],
                    0,
                    cid,
                ]
            )
    return out.getvalue()


WRITERS = {
    "facebook": facebook_export,
    "instagram": instagram_export,
    "youtube": youtube_export,
    "csv": csv_export,
}
OUR_REPLIES = [
    "Thank you! 💛",
    "Sorry to hear that — we've sent you a DM.",
    "Yes, we do! Details in bio.",
]


def write_demo_exports(
    folder: Path, now: datetime, *, seed: int = 7, per_brand: int = 250
) -> list[tuple[str, Path]]:
    """Write the export files; return (brand slug, path) pairs in import order."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for brand, info in BRANDS.items():
        items = [_comment(rng, now, info["products"], n) for n in range(per_brand)]
        for n, text in MORE_SPAM.items():
            if n < len(items):
                items[n]["text"] = text
        for item in items:
            item["replies"] = []
            if rng.random() < 0.15:
                later = item["time"] + timedelta(minutes=rng.randint(10, 300))
                if later < now:
                    ours = rng.random() < 0.5
                    text = rng.choice(OUR_REPLIES) if ours else _pick_text(rng, info["products"])
                    item["replies"].append(
                        {"text": text, "time": later, "ours": ours, "author": rng.choice(AUTHORS)}
                    )
        start = 0
        for platform, share in PLATFORM_SHARE.items():
            count = round(per_brand * share)
            chunk = items[start : start + count]
            start += count
            content = WRITERS[platform](chunk, brand, info["handle"])
            suffix = "csv" if platform == "csv" else "json"
            path = folder / f"{brand}-{platform}.{suffix}"
            text = (
                content
                if isinstance(content, str)
                else json.dumps(content, ensure_ascii=False, indent=1)
            )
            path.write_text(text, encoding="utf-8")
            written.append((brand, path))
    return written
