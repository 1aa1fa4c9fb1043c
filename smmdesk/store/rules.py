"""SQL for a brand's moderation rules (part of its brief) and what applying them reads.

A rule is stored as written: its name, its conditions and its actions as lists of the one
grammar ``inbox.rules`` parses; ``position`` keeps their order (the first match applies).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from smmdesk.store.db import Store

RULE_ACTOR = "rule:"  # the action log's actor of a rule's change: rule:NAME


@dataclass
class RuleSpec:
    """A rule as a brief holds it: ``when`` (conditions, all must hold) and ``then`` (actions)."""

    name: str
    when: list[str] = field(default_factory=list)
    then: list[str] = field(default_factory=list)


def list_rules(store: Store, brand_id: int) -> list[RuleSpec]:
    rows = store.conn.execute(
        "SELECT name, conditions, actions FROM rules WHERE brand_id = ? ORDER BY position, id",
        (brand_id,),
    )
    return [RuleSpec(r[0], json.loads(r[1]), json.loads(r[2])) for r in rows]


def replace_rules(store: Store, brand_id: int, rules: Sequence[RuleSpec]) -> None:
    """The brand's rules become exactly these, in this order (one transaction)."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM rules WHERE brand_id = ?", (brand_id,))
        conn.executemany(
            "INSERT INTO rules (brand_id, position, name, conditions, actions) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (
                    brand_id,
                    position,
                    rule.name,
                    json.dumps(rule.when, ensure_ascii=False),
                    json.dumps(rule.then, ensure_ascii=False),
                )
                for position, rule in enumerate(rules)
            ],
        )


@dataclass(frozen=True, slots=True)
class RuleTarget:
    """What rules read of a comment: the fields their conditions test and their actions
    compare (read by position, a few columns: rules run on every comment of an import)."""

    id: int
    external_id: str
    text: str
    language: str | None
    band: str
    compound: float | None
    is_question: bool
    platform: str
    author: str
    post_id: int | None
    flagged: bool
    assignee: str | None
    status: str
    snoozed_until: str | None
    tier: int
    pinned_tier: int | None
    suggested_template_id: int | None
    post_ref: str | None
    parent_external_id: str | None


_TARGET_COLUMNS = ", ".join(RuleTarget.__dataclass_fields__)


def open_comments_since(
    store: Store, brand_id: int, since_id: int = 0, chunk: int = 2000
) -> Iterator[list[RuleTarget]]:
    """The brand's open comments (not ours) with id > ``since_id``, in chunks, oldest first
    (by id: ``+`` keeps SQLite on the id range, new rows of an import are a short one)."""
    last = since_id
    while True:
        rows = store.conn.execute(
            f"SELECT {_TARGET_COLUMNS} FROM comments WHERE id > ? AND +brand_id = ? "
            "AND +status = 'open' AND is_ours = 0 ORDER BY id LIMIT ?",
            (last, brand_id, chunk),
        ).fetchall()
        if not rows:
            return
        yield [_target(r) for r in rows]
        last = rows[-1][0]


def untouched_open_among(store: Store, brand_id: int, ids: Sequence[int]) -> list[RuleTarget]:
    """The brand's open comments (not ours) among ``ids`` that no person has triaged: every
    change in their log, if any, was a rule's and stands (an edited comment: ``inbox.rules``).
    A rule's change taken back (``rule undo``: logged under the rule's name) is a person's
    decision too."""
    out: list[RuleTarget] = []
    for start in range(0, len(ids), 500):
        part = list(ids[start : start + 500])
        marks = ", ".join("?" * len(part))
        rows = store.conn.execute(
            f"SELECT {_TARGET_COLUMNS} FROM comments c WHERE c.id IN ({marks}) "
            "AND c.brand_id = ? AND c.status = 'open' AND c.is_ours = 0 AND NOT EXISTS ("
            "SELECT 1 FROM actions a WHERE a.comment_id = c.id "
            "AND (a.actor NOT LIKE ? OR a.undone_by IS NOT NULL)) "
            "ORDER BY c.id",
            (*part, brand_id, RULE_ACTOR + "%"),
        ).fetchall()
        out += [_target(r) for r in rows]
    return out


def _target(row: tuple[object, ...]) -> RuleTarget:
    values = list(row)
    values[6] = bool(values[6])  # is_question
    values[10] = bool(values[10])  # flagged
    return RuleTarget(*values)  # type: ignore[arg-type]


def goals_of_posts(store: Store, brand_id: int) -> dict[int, str]:
    """Post id -> its goal's slug, for the brand's posts."""
    rows = store.conn.execute(
        "SELECT p.id, g.slug FROM posts p JOIN goals g ON g.id = p.goal_id WHERE p.brand_id = ?",
        (brand_id,),
    )
    return {r[0]: r[1] for r in rows}


def auto_replied_threads(store: Store, brand_id: int, since: str) -> set[tuple[str, str, str]]:
    """(platform, author, thread) the rules' automatic replies answered since ``since``; a
    thread is the post a comment is on, else the comment it answers, else none."""
    rows = store.conn.execute(
        "SELECT c.platform, lower(c.author), coalesce(c.post_ref, c.parent_external_id, '') "
        "FROM replies r JOIN comments c ON c.id = r.comment_id "
        "WHERE c.brand_id = ? AND r.actor LIKE ? AND r.at >= ?",
        (brand_id, RULE_ACTOR + "%", since),
    )
    return {(r[0], r[1], r[2]) for r in rows}


def suggested_template(store: Store, comment_id: int) -> int | None:
    """The id of the saved reply a rule suggested for this comment, if any."""
    row = store.conn.execute(
        "SELECT suggested_template_id FROM comments WHERE id = ?", (comment_id,)
    ).fetchone()
    return None if row is None or row[0] is None else int(row[0])
