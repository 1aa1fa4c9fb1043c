"""SQL of the spam detector: each brand's naive Bayes counts, repeated texts, suspects."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from smmdesk.store.comment_models import Comment
from smmdesk.store.db import Store

DOCS = ""  # the feature whose counts are the comments learnt from


def feature_counts(store: Store, brand_id: int) -> dict[str, tuple[int, int]]:
    """The brand's model: feature -> (spam, ham) counts; ``DOCS`` -> comments learnt."""
    rows = store.conn.execute(
        "SELECT feature, spam, ham FROM spam_features WHERE brand_id = ?", (brand_id,)
    )
    return {row[0]: (row[1], row[2]) for row in rows}


def add_counts(store: Store, brand_id: int, deltas: Mapping[str, tuple[int, int]]) -> None:
    """Add (spam, ham) to each feature's counts (negative: forget), never below zero."""
    with store.transaction() as conn:
        conn.executemany(
            "INSERT OR IGNORE INTO spam_features (brand_id, feature) VALUES (?, ?)",
            [(brand_id, feature) for feature in deltas],
        )
        conn.executemany(
            "UPDATE spam_features SET spam = max(spam + ?, 0), ham = max(ham + ?, 0) "
            "WHERE brand_id = ? AND feature = ?",
            [(s, h, brand_id, feature) for feature, (s, h) in deltas.items()],
        )
        conn.executemany(
            "DELETE FROM spam_features WHERE brand_id = ? AND feature = ? AND spam = 0 AND ham = 0",
            [(brand_id, feature) for feature in deltas],
        )


class OpenText(NamedTuple):
    """An open comment's text, where it was posted: what a spam verdict reads."""

    id: int
    text: str
    platform: str


def repeated_open(store: Store, brand_id: int, since_id: int, authors: int) -> list[OpenText]:
    """Open comments, not suspected yet nor cleared, whose text (``text_key``) one of the rows
    inserted after ``since_id`` shares, and that ``authors`` or more authors wrote; on the
    ``comments_text_key`` index, never pairwise: each new key's authors counted by that index,
    then its comments read by it (not the brand's open comments scanned for the keys: at 100k,
    0.35 -> 0.19 s for a whole import's keys, 0.17 -> 0.03 s for the last 1000 rows')."""
    rows = store.conn.execute(
        "WITH fresh AS MATERIALIZED (SELECT DISTINCT text_key FROM comments "
        "WHERE id > ?1 AND +brand_id = ?2 AND text_key IS NOT NULL), "
        "many AS MATERIALIZED (SELECT text_key FROM fresh WHERE (SELECT count(DISTINCT author) "
        "FROM comments c WHERE c.brand_id = ?2 AND c.text_key = fresh.text_key) >= ?3) "
        "SELECT c.id, c.text, c.platform FROM many CROSS JOIN comments c "
        "ON c.brand_id = ?2 AND c.text_key = many.text_key WHERE +c.status = 'open' "
        "AND c.spam_suspect = 0 AND c.spam_cleared = 0 AND c.is_ours = 0 ORDER BY c.id",
        (since_id, brand_id, authors),
    )
    return [OpenText(*row) for row in rows]


def authors_of_text(store: Store, brand_id: int, text_key: str) -> int:
    """How many authors of the brand wrote this text."""
    value: int = store.conn.execute(
        "SELECT count(DISTINCT author) FROM comments WHERE brand_id = ? AND text_key = ?",
        (brand_id, text_key),
    ).fetchone()[0]
    return value


def open_suspects(store: Store, brand_id: int) -> list[Comment]:
    rows = store.conn.execute(
        "SELECT * FROM comments WHERE brand_id = ? AND status = 'open' AND spam_suspect = 1 "
        "ORDER BY id",
        (brand_id,),
    )
    return [Comment.from_row(row) for row in rows]


SUSPECT_COLUMNS = ("spam_suspect", "tier", "urgent_at")


def set_suspects(store: Store, rows: Iterable[Sequence[object]], *, open_only: bool = True) -> int:
    """Rows of SUSPECT_COLUMNS values followed by the comment id; only open comments change
    (``open_only`` False: any, as an edit's new text is judged whatever its status)."""
    sets = ", ".join(f"{name} = ?" for name in SUSPECT_COLUMNS)
    where = "id = ? AND status = 'open'" if open_only else "id = ?"
    return store.conn.executemany(f"UPDATE comments SET {sets} WHERE {where}", list(rows)).rowcount
