"""Brands, their goals and channels."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from smmdesk.errors import UserError
from smmdesk.store.db import Store
from smmdesk.timeutil import to_iso, utc_now

# The method's goals, seeded with every new brand and editable per brand.
# (slug, name, kind, colour, target share)
DEFAULT_GOALS: list[tuple[str, str, str, str, float]] = [
    ("sales", "Sales", "organic", "green", 0.30),
    ("questions", "Answering questions", "organic", "dodger_blue1", 0.40),
    ("recognition", "Recognition", "organic", "magenta", 0.30),
    ("ad-new-audience", "Ad: new audience", "ad", "yellow", 0.0),
    ("ad-win-back", "Ad: win back", "ad", "dark_orange", 0.0),
    ("ad-recognition", "Ad: recognition", "ad", "orchid", 0.0),
]

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


@dataclass(frozen=True)
class Brand:
    id: int
    slug: str
    name: str
    handles: tuple[str, ...]


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40]
    return slug or "brand"


def _brand(row: sqlite3.Row) -> Brand:
    handles = tuple(h.strip() for h in row["handles"].split(",") if h.strip())
    return Brand(row["id"], row["slug"], row["name"], handles)


def list_brands(store: Store) -> list[Brand]:
    rows = store.conn.execute("SELECT * FROM brands ORDER BY name").fetchall()
    return [_brand(row) for row in rows]


def find_brand(store: Store, slug_or_name: str) -> Brand | None:
    row = store.conn.execute(
        "SELECT * FROM brands WHERE slug = ? OR name = ? COLLATE NOCASE",
        (slug_or_name, slug_or_name),
    ).fetchone()
    return _brand(row) if row else None


def get_brand(store: Store, slug_or_name: str) -> Brand:
    brand = find_brand(store, slug_or_name)
    if brand is None:
        known = ", ".join(b.slug for b in list_brands(store)) or "none yet"
        raise UserError(f"no brand {slug_or_name!r} (known: {known}), --brand")
    return brand


def create_brand(
    store: Store, name: str, *, slug: str | None = None, handles: tuple[str, ...] = ()
) -> Brand:
    """Create a brand with the default goals; call inside or outside a transaction."""
    slug = slug or slugify(name)
    if not SLUG_RE.match(slug):
        raise UserError(f"brand slug must be lowercase letters, digits, - or _, {slug!r}")
    conn = store.conn
    with store.transaction():
        cur = conn.execute(
            "INSERT INTO brands (slug, name, handles, created_at) VALUES (?, ?, ?, ?)",
            (slug, name, ",".join(handles), to_iso(utc_now())),
        )
        brand_id = cur.lastrowid
        conn.executemany(
            "INSERT INTO goals (brand_id, slug, name, kind, colour, target_share) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(brand_id, *goal) for goal in DEFAULT_GOALS],
        )
    return Brand(brand_id, slug, name, tuple(handles))


def ensure_brand(store: Store, slug_or_name: str) -> Brand:
    return find_brand(store, slug_or_name) or create_brand(store, slug_or_name)


def add_channel(store: Store, brand: Brand, name: str, platform: str = "", kind: str = "page") -> int:
    with store.transaction():
        store.conn.execute(
            "INSERT OR IGNORE INTO channels (brand_id, name, platform, kind) VALUES (?, ?, ?, ?)",
            (brand.id, name, platform, kind),
        )
    row = store.conn.execute(
        "SELECT id FROM channels WHERE brand_id = ? AND name = ?", (brand.id, name)
    ).fetchone()
    return row[0]
