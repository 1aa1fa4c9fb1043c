"""Deterministic bench data: comment exports, databases of 10k/100k/1M comments, 50k posts.

Record ``i`` is the same whatever the file size (each block of 10k records has
its own seed), so the 10k file is the first 10k lines of the 1M one. The 1M
database is built once, through the real ``smmdesk import`` command, and the
smaller ones are copied from it (first N rows); everything is cached in
``bench/.data/`` (ignored by git). Delete that folder to rebuild.
"""

from __future__ import annotations

import csv
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

DATA = Path(__file__).parent / ".data"
NOW = "2026-11-28T09:00:00+00:00"  # frozen clock for every run (SMMDESK_NOW)
ENV = {"SMMDESK_NOW": NOW, "SMMDESK_TZ": "UTC", "SMMDESK_USER": "bench"}
BLOCK = 10_000
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
POSTS = 50_000
BRAND = "bench"
FIELDS = ("id", "platform", "author", "text", "created_at", "likes", "post_id", "parent_id")

NEGATIVE = [
    "the delivery was late again",
    "worst customer service I have ever had",
    "my order arrived broken",
    "I want a refund now",
    "this is a scam",
    "terrible quality, very disappointed",
    "still waiting for a reply after a week",
    "the app keeps crashing at checkout",
    "never buying here again",
    "awful taste, way too bitter",
    "you charged me twice and nobody answers",
    "the package was lost and support is useless",
    "rude staff at the shop today",
]
POSITIVE = [
    "love it",
    "great coffee, thank you",
    "amazing service as always",
    "best purchase this year",
    "so happy with my order",
    "the new blend is fantastic",
    "thanks for the quick delivery",
    "beautiful packaging and a lovely note",
    "you made my morning",
    "excellent quality for the price",
]
NEUTRAL = [
    "just ordered the new blend",
    "we tried it at the weekend",
    "my friend recommended you",
    "saw this on your page",
    "ordered on Tuesday",
    "picked it up at the shop on Main street",
    "it came in a bigger box than I expected",
    "my sister works near your store",
    "I usually take the dark roast",
    "we had a tasting at the office",
]
QUESTIONS = [
    "when will it be back in stock?",
    "do you ship to Canada?",
    "how much is delivery?",
    "what are your opening hours?",
    "is there a discount for students?",
    "can I change my order?",
    "where is my parcel?",
    "does it contain nuts?",
]
FOREIGN = [
    "Доставка знову запізнилася, дуже прикро",
    "Дякую, все чудово",
    "Коли буде знову в наявності",
    "¿Cuándo llega mi pedido?",
    "Muy rico, gracias",
    "El paquete llegó roto",
    "Sehr lecker, danke schön",
    "Wann kommt meine Bestellung an",
    "Trop bon, merci beaucoup",
    "Zamówienie jeszcze nie dotarło",
    "Consegna veloce, grazie mille",
]
EMOJI = ["😍", "🔥", "👍", "😡", "☕", "🙏", "💔", "😂", "🤔", "👏", "😢", "❤️"]
NAMES = ["olena", "marco", "sam_k", "ana.lima", "dmytro", "julie", "kofi", "mei", "liam", "sofia"]
PLATFORMS = ["facebook", "instagram", "youtube"]
# class -> (share, phrase pool)
CLASSES = [(0.20, NEGATIVE), (0.10, FOREIGN), (0.15, QUESTIONS), (0.33, POSITIVE), (0.22, NEUTRAL)]


def comment_text(rng: random.Random) -> str:
    """Realistic lengths: many one-liners, some paragraphs, a few long rants."""
    roll, pool = rng.random(), NEUTRAL
    for share, phrases in CLASSES:
        if roll < share:
            pool = phrases
            break
        roll -= share
    size = rng.random()
    count = 1 if size < 0.45 else rng.randint(2, 4) if size < 0.85 else rng.randint(6, 14)
    parts = []
    for n in range(count):
        phrase = rng.choice(pool if n == 0 or pool is FOREIGN or rng.random() < 0.5 else NEUTRAL)
        parts.append(phrase[0].upper() + phrase[1:])
    text = ". ".join(parts)
    if rng.random() < 0.3:
        text += " " + "".join(rng.choices(EMOJI, k=rng.randint(1, 3)))
    return text


def records(count: int):
    """Record dicts 0..count-1 (each block of 10k seeded on its own)."""
    now = datetime.fromisoformat(NOW)
    for block in range(0, count, BLOCK):
        rng = random.Random(f"smmdesk-bench-{block // BLOCK}")
        for i in range(block, min(block + BLOCK, count)):
            created = now - timedelta(seconds=rng.randint(0, 90 * 86400))
            yield {
                "id": f"c{i}",
                "platform": rng.choice(PLATFORMS),
                "author": f"{rng.choice(NAMES)}{rng.randint(1, 999)}",
                "text": comment_text(rng),
                "created_at": created.isoformat(),
                "likes": rng.choice((0, 0, 0, 1, 2, 5, 40)),
                "post_id": f"p{i // 40}",
                "parent_id": f"c{rng.randint(0, i - 1)}" if i and rng.random() < 0.1 else "",
            }


def texts(count: int) -> list[str]:
    return [r["text"] for r in records(count)]


def export(count: int, fmt: str) -> Path:
    """A JSON Lines or CSV export of ``count`` records (cached)."""
    path = DATA / f"comments-{count}.{fmt}"
    if path.exists():
        return path
    DATA.mkdir(exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as out:
        if fmt == "jsonl":
            for rec in records(count):
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            writer = csv.writer(out)
            writer.writerow(FIELDS)
            writer.writerows([rec[f] for f in FIELDS] for rec in records(count))
    tmp.rename(path)
    return path


def child_env() -> dict[str, str]:
    return {**os.environ, **ENV}


def database(label: str, log=print) -> Path:
    """The database of SIZES[label] comments and 50k posts (cached)."""
    count = SIZES[label]
    path = DATA / f"desk-{label}.db"
    if path.exists():
        return path
    full = DATA / "desk-1M.db"
    if not full.exists():
        _build_full(full, log)
    if count != SIZES["1M"]:
        log(f"  copying the first {count} comments into {path.name}")
        _copy_prefix(full, path, count)
    return path


def _build_full(path: Path, log) -> None:
    source = export(SIZES["1M"], "jsonl")
    tmp = path.with_suffix(".tmp")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    log(f"  building {path.name}: smmdesk import of {source.name} (once; cached)")
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "smmdesk",
            "--db",
            str(tmp),
            "import",
            str(source),
            "--brand",
            BRAND,
        ],
        check=True,
        env=child_env(),
        stdout=subprocess.DEVNULL,
    )
    log(f"  imported 1M comments in {time.perf_counter() - started:.0f} s; adding {POSTS} posts")
    add_posts(tmp)
    _checkpoint(tmp)
    tmp.rename(path)


def add_posts(path: Path, count: int = POSTS) -> None:
    """``count`` posts over five years, 4 brands x 5 channels, all goals; 40 weekly series."""
    os.environ.update(ENV)
    from smmdesk.store import open_store
    from smmdesk.store.brands import add_channel, create_brand, find_brand

    rng = random.Random("smmdesk-bench-posts")
    now = datetime.fromisoformat(NOW)
    with open_store(path) as store:
        brands = [find_brand(store, BRAND)] + [
            create_brand(store, f"Bench {n}", slug=f"bench-{n}") for n in range(2, 5)
        ]
        channels = {
            b.id: [add_channel(store, b, f"Channel {n}", PLATFORMS[n % 3]) for n in range(5)]
            for b in brands
        }
        goals = {
            b.id: store.conn.execute(
                "SELECT id, kind FROM goals WHERE brand_id = ?", (b.id,)
            ).fetchall()
            for b in brands
        }
        rows = []
        for n in range(count):
            brand = rng.choice(brands)
            goal_id, kind = rng.choice(goals[brand.id])
            at = now + timedelta(minutes=rng.randint(-3 * 365 * 1440, 2 * 365 * 1440))
            series = n < 40
            rows.append(
                (
                    brand.id,
                    f"Post {n}: {rng.choice(POSITIVE + NEUTRAL)}",
                    "",
                    rng.choice(channels[brand.id]),
                    kind,
                    at.isoformat(timespec="seconds"),
                    rng.choice(("draft", "scheduled", "published")),
                    None,
                    rng.choice((None, "https://example.com/shop")),
                    goal_id,
                    "FREQ=WEEKLY" if series else None,
                    "[]",
                    "UTC",
                    NOW,
                    NOW,
                )
            )
        with store.transaction() as conn:
            conn.executemany(
                "INSERT INTO posts (brand_id, title, body, channel_id, kind, scheduled_at, status, "
                "campaign, link, goal_id, rrule, exdates, tz, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )


def _copy_prefix(full: Path, path: Path, count: int) -> None:
    os.environ.update(ENV)
    from smmdesk.store import open_store

    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    with open_store(tmp) as store:
        store.conn.execute("ATTACH ? AS full", (str(full),))
        with store.transaction() as conn:
            for table in ("brands", "channels", "goals", "posts"):
                conn.execute(f"INSERT INTO {table} SELECT * FROM full.{table}")
            conn.execute("INSERT INTO comments SELECT * FROM full.comments WHERE id <= ?", (count,))
            conn.execute("INSERT INTO comments_fts (comments_fts) VALUES ('rebuild')")
        store.conn.execute("DETACH full")
    _checkpoint(tmp)
    tmp.rename(path)


def _checkpoint(path: Path) -> None:
    """Fold the WAL into the file so the cached database is one file."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
