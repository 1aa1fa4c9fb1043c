"""SQL for brand word lists (``brand_lexicon``) and for rescoring a brand's open comments."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from smmdesk.store.comment_models import Comment
from smmdesk.store.db import Store


def list_entries(store: Store, brand_id: int) -> list[sqlite3.Row]:
    return store.conn.execute(
        "SELECT id, phrase, valence FROM brand_lexicon WHERE brand_id = ? ORDER BY phrase",
        (brand_id,),
    ).fetchall()


def upsert_entry(store: Store, brand_id: int, phrase: str, valence: float) -> None:
    store.conn.execute(
        "INSERT INTO brand_lexicon (brand_id, phrase, valence) VALUES (?, ?, ?) "
        "ON CONFLICT (brand_id, phrase) DO UPDATE SET valence = excluded.valence",
        (brand_id, phrase, valence),
    )


def delete_entry(store: Store, brand_id: int, phrase: str) -> int:
    return store.conn.execute(
        "DELETE FROM brand_lexicon WHERE brand_id = ? AND phrase = ?", (brand_id, phrase)
    ).rowcount


def open_comments_of_brand(store: Store, brand_id: int) -> list[Comment]:
    """Every open comment of a brand, in id order (for rescoring)."""
    rows = store.conn.execute(
        "SELECT * FROM comments WHERE brand_id = ? AND status = 'open' ORDER BY id", (brand_id,)
    )
    return [Comment.from_row(row) for row in rows]


RESCORE_COLUMNS = (
    "compound",
    "pos",
    "neu",
    "neg",
    "band",
    "is_question",
    "language",
    "tier",
    "urgent_at",
)


def update_scores(store: Store, rows: Iterable[Sequence[object]]) -> int:
    """Rows of RESCORE_COLUMNS values followed by the comment id; only open comments change."""
    sets = ", ".join(f"{name} = ?" for name in RESCORE_COLUMNS)
    return store.conn.executemany(
        f"UPDATE comments SET {sets} WHERE id = ? AND status = 'open'", list(rows)
    ).rowcount
