"""Brands, their goals and channels."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from smmdesk.errors import UserError
from smmdesk.store.db import Store, inserted_id
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

# The one slug rule, for brands and goals alike (``fullmatch``: no trailing newline).
SLUG_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
MAX_NAME = 200
MAX_HANDLE = 100


@dataclass(frozen=True)
class Brand:
    id: int
    slug: str
    name: str
    handles: tuple[str, ...]


def is_slug(text: str) -> bool:
    """Lowercase letters, digits, ``-`` or ``_``, 1 to 40 of them, not starting with - or _."""
    return SLUG_RE.fullmatch(text) is not None


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


def brand_by_id(store: Store, brand_id: int) -> Brand | None:
    row = store.conn.execute("SELECT * FROM brands WHERE id = ?", (brand_id,)).fetchone()
    return _brand(row) if row else None


def get_brand(store: Store, slug_or_name: str) -> Brand:
    brand = find_brand(store, slug_or_name)
    if brand is None:
        known = ", ".join(b.slug for b in list_brands(store)) or "none yet"
        raise UserError(f"no brand {slug_or_name!r} (known: {known}), --brand")
    return brand


def create_brand(
    store: Store, name: str, *, slug: str | None = None, handles: tuple[str, ...] | list[str] = ()
) -> Brand:
    """Create a brand with the default goals; call inside or outside a transaction."""
    name = _check_name(name)
    slug = _check_slug(slug.strip() if slug else slugify(name))
    handles = clean_handles(handles)
    _check_free(store, name, slug)
    conn = store.conn
    with store.transaction():
        cur = conn.execute(
            "INSERT INTO brands (slug, name, handles, created_at) VALUES (?, ?, ?, ?)",
            (slug, name, ",".join(handles), to_iso(utc_now())),
        )
        brand_id = inserted_id(cur)
        conn.executemany(
            "INSERT INTO goals (brand_id, slug, name, kind, colour, target_share) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(brand_id, *goal) for goal in DEFAULT_GOALS],
        )
    return Brand(brand_id, slug, name, handles)


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise UserError("a brand needs a name, name")
    if len(name) > MAX_NAME:
        raise UserError(f"a brand name is at most {MAX_NAME} characters, name")
    return name


def _check_slug(slug: str) -> str:
    if not is_slug(slug):
        raise UserError(f"brand slug must be lowercase letters, digits, - or _, {slug!r}")
    return slug


def _check_free(store: Store, name: str, slug: str, *, other_than: int | None = None) -> None:
    """No other brand answers to this name or slug (``--brand`` takes either)."""
    for value in (slug, name):
        rows = store.conn.execute(
            "SELECT slug FROM brands WHERE (slug = ? OR name = ? COLLATE NOCASE) AND id IS NOT ?",
            (value, value, other_than),
        ).fetchall()
        if rows:
            raise UserError(f"brand {rows[0]['slug']!r} already answers to {value!r}, brand")


# --- our own accounts ---


def handle_key(name: str) -> str:
    """What a handle and an author name are compared by: trimmed, no leading @, any case."""
    return " ".join(name.split()).lstrip("@").strip().casefold()


def clean_handles(handles: Iterable[object]) -> tuple[str, ...]:
    """Handles as stored: trimmed, no empty ones, no duplicates (by ``handle_key``)."""
    out: list[str] = []
    seen: set[str] = set()
    for handle in handles:
        if not isinstance(handle, str):
            raise UserError(f"a handle is text, not {handle!r}, handles")
        cleaned = " ".join(handle.split())
        if "," in cleaned:
            raise UserError(f"a handle cannot hold a comma, {cleaned!r}")
        if len(cleaned) > MAX_HANDLE:
            raise UserError(f"a handle is at most {MAX_HANDLE} characters, {cleaned[:20]!r}...")
        key = handle_key(cleaned)
        if key and key not in seen:
            seen.add(key)
            out.append(cleaned)
    return tuple(out)


def split_handles(text: str) -> list[str]:
    """``"@kavalab, Kava Lab"`` -> the handles it names."""
    return [part for part in text.split(",") if part.strip()]


def is_our_author(author: str, handles: tuple[str, ...]) -> bool:
    """Whether a comment by ``author`` was written by the brand (one of its handles)."""
    key = handle_key(author or "")
    return bool(key) and key in {handle_key(h) for h in handles}


def set_handles(store: Store, brand: Brand, handles: Iterable[object]) -> Brand:
    """Store the brand's own account names. Callers re-mark its comments (``inbox.ours``)."""
    handles = clean_handles(handles)
    store.conn.execute("UPDATE brands SET handles = ? WHERE id = ?", (",".join(handles), brand.id))
    return Brand(brand.id, brand.slug, brand.name, handles)


# --- brand list, rename, remove ---


@dataclass(frozen=True)
class BrandCounts:
    brand: Brand
    comments: int
    posts: int


def brands_with_counts(store: Store) -> list[BrandCounts]:
    counts = {}
    for table in ("comments", "posts"):
        for row in store.conn.execute(f"SELECT brand_id, count(*) FROM {table} GROUP BY brand_id"):
            counts[(table, row[0])] = row[1]
    return [
        BrandCounts(b, counts.get(("comments", b.id), 0), counts.get(("posts", b.id), 0))
        for b in list_brands(store)
    ]


def rename_brand(store: Store, brand: Brand, name: str, *, slug: str | None = None) -> Brand:
    """A new name (and, when given, a new slug); the slug is kept otherwise."""
    name = _check_name(name)
    slug = _check_slug(slug.strip()) if slug else brand.slug
    _check_free(store, name, slug, other_than=brand.id)
    with store.transaction():
        store.conn.execute(
            "UPDATE brands SET name = ?, slug = ? WHERE id = ?", (name, slug, brand.id)
        )
    return Brand(brand.id, slug, name, brand.handles)


def remove_brand(store: Store, brand: Brand, *, force: bool = False) -> BrandCounts:
    """Delete a brand with its goals, channels and brief; its comments and posts only with ``force``."""
    counts = next(c for c in brands_with_counts(store) if c.brand.id == brand.id)
    if (counts.comments or counts.posts) and not force:
        raise UserError(
            f"brand {brand.slug!r} has {counts.comments} comments and {counts.posts} posts; "
            "add --force to delete them with it, brand rm"
        )
    with store.transaction() as conn:
        # One undo can span brands: another brand's actions stay undone, pointing at an undo
        # entry that survives (of the same batch, else themselves) instead of one deleted here.
        conn.execute(
            "UPDATE actions SET undone_by = coalesce((SELECT min(s.id) FROM actions s "
            "JOIN comments sc ON sc.id = s.comment_id WHERE sc.brand_id != :b "
            "AND s.batch = (SELECT u.batch FROM actions u WHERE u.id = actions.undone_by)), actions.id) "
            "WHERE undone_by IN (SELECT a.id FROM actions a JOIN comments c ON c.id = a.comment_id "
            "WHERE c.brand_id = :b) AND comment_id NOT IN (SELECT id FROM comments WHERE brand_id = :b)",
            {"b": brand.id},
        )
        conn.execute("DELETE FROM comments WHERE brand_id = ?", (brand.id,))
        conn.execute("DELETE FROM posts WHERE brand_id = ? AND series_id IS NOT NULL", (brand.id,))
        conn.execute("DELETE FROM posts WHERE brand_id = ?", (brand.id,))
        conn.execute("DELETE FROM brands WHERE id = ?", (brand.id,))
    return counts


def ensure_brand(store: Store, slug_or_name: str) -> Brand:
    return find_brand(store, slug_or_name) or create_brand(store, slug_or_name)


def add_channel(
    store: Store, brand: Brand, name: str, platform: str = "", kind: str = "page"
) -> int:
    with store.transaction():
        store.conn.execute(
            "INSERT OR IGNORE INTO channels (brand_id, name, platform, kind) VALUES (?, ?, ?, ?)",
            (brand.id, name, platform, kind),
        )
    row = store.conn.execute(
        "SELECT id FROM channels WHERE brand_id = ? AND name = ?", (brand.id, name)
    ).fetchone()
    value: int = row[0]
    return value
