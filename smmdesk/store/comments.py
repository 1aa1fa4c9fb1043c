"""SQL for comments: bulk insert, the queue (keyset-paged), detail, triage writes, the log."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from smmdesk.errors import UserError
from smmdesk.store.comment_models import Action, Comment, QueueRow, Reply, Template
from smmdesk.store.db import Store, inserted_id
from smmdesk.store.scope import and_brand

INSERT_COLUMNS = (
    "brand_id",
    "platform",
    "external_id",
    "parent_external_id",
    "post_ref",
    "author",
    "author_id",
    "text",
    "created_at",
    "imported_at",
    "permalink",
    "likes",
    "reply_count",
    "language",
    "compound",
    "pos",
    "neu",
    "neg",
    "band",
    "is_question",
    "is_ours",
    "status",
    "tier",
    "urgent_at",
    "source_file",
    "account_id",
    "spam_suspect",
    "text_key",
)
# A new comment's insert row: its values in INSERT_COLUMNS order (``COLUMN[name]`` is where
# each one is). A tuple binds by position (~10 % less of the insert than a mapping by name)
# and pickles smaller from the import's scoring pool.
CommentRow = tuple[object, ...]
COLUMN = {name: place for place, name in enumerate(INSERT_COLUMNS)}
INSERT_SQL = (
    f"INSERT INTO comments ({', '.join(INSERT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(INSERT_COLUMNS))}) "
    "ON CONFLICT (brand_id, platform, external_id) DO NOTHING"
)
# Fields triage may change; undo restores exactly these.


def insert_comments(store: Store, rows: Iterable[CommentRow], *, index: bool = True) -> int:
    """Insert rows (``CommentRow``) and index their text; return how many were new.
    ``index=False``: the caller indexes them itself, in the same transaction and before
    anything updates or deletes them (``index_text_after``), e.g. once for a whole file.

    Inside the caller's transaction it opens no savepoint of its own: a failed insert fails the
    caller's block, which undoes it with the rest (a savepoint per chunk of an import copied
    each page it first changed to a sub-journal: ~2 writes a row, ~10 % of the insert)."""
    with nullcontext(store.conn) if store.conn.in_transaction else store.transaction() as conn:
        last_id = conn.execute("SELECT coalesce(max(id), 0) FROM comments").fetchone()[0]
        inserted = conn.executemany(INSERT_SQL, rows).rowcount
        if index:
            index_text_after(store, last_id)
    return inserted


def index_text_after(store: Store, last_id: int) -> None:
    """Index for search the text of the comments inserted after ``last_id`` (unindexed ones:
    the triggers only keep updates and deletes in step). One statement for many rows: ~20 %
    less than a statement per chunk of 2,000."""
    store.conn.execute(
        "INSERT INTO comments_fts (rowid, text, author) "
        "SELECT id, text, author FROM comments WHERE id > ?",
        (last_id,),
    )


def existing_ids(
    store: Store, brand_id: int, keys: Sequence[tuple[str, str]]
) -> set[tuple[str, str]]:
    """Which (platform, external_id) pairs the brand has stored already (an id is unique on
    one platform account, so only within a brand)."""
    found: set[tuple[str, str]] = set()
    by_platform: dict[str, list[str]] = {}
    for platform, external_id in keys:
        by_platform.setdefault(platform, []).append(external_id)
    for platform, ids in by_platform.items():
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            rows = store.conn.execute(
                f"SELECT external_id FROM comments WHERE brand_id = ? AND platform = ? "
                f"AND external_id IN ({','.join('?' * len(part))})",
                [brand_id, platform, *part],
            )
            found.update((platform, row[0]) for row in rows)
    return found


# The one rule of an answered comment (``priority.rank``'s "thread already answered"): a
# comment that one of its own brand's replies answers directly (``is_ours``, same brand and
# platform, ``parent_external_id`` = its id; another brand's reply never counts) gets
# ``has_our_reply``, its effective deadline moves ``later_by`` seconds later, its tier stays,
# and it is no longer open work: open -> replied (its first response is our reply's time, as
# the report reads it). When no reply of ours answers it any more, it goes back to open only
# if nobody triaged it (no action logged). Import (``mark_answered_since``) and re-marking
# (``remark_ours``) both write it from here.
_OUR_REPLY = (
    "EXISTS (SELECT 1 FROM comments o WHERE o.brand_id = comments.brand_id "
    "AND o.platform = comments.platform AND o.parent_external_id = comments.external_id "
    "AND o.is_ours = 1)"
)
_UNTRIAGED = "NOT EXISTS (SELECT 1 FROM actions a WHERE a.comment_id = comments.id)"
_ANSWERED = (
    "has_our_reply = 1, urgent_at = urgent_at + ?, "
    "status = CASE status WHEN 'open' THEN 'replied' ELSE status END"
)
_UNANSWERED = (
    "has_our_reply = 0, urgent_at = urgent_at - ?, "
    f"status = CASE WHEN status = 'replied' AND {_UNTRIAGED} THEN 'open' ELSE status END"
)


def texts_by_external(
    store: Store, brand_id: int, platform: str, external_ids: Sequence[str]
) -> dict[str, tuple[int, str]]:
    """The stored comments among these platform ids: platform id -> (our id, its text)."""
    if not external_ids:
        return {}
    marks = ", ".join("?" * len(external_ids))
    rows = store.conn.execute(
        f"SELECT external_id, id, text FROM comments WHERE brand_id = ? AND platform = ? "
        f"AND external_id IN ({marks})",
        [brand_id, platform, *external_ids],
    )
    return {r[0]: (r[1], r[2]) for r in rows}


def mark_answered_since(store: Store, brand_id: int, since_id: int, later_by: int) -> int:
    """Mark answered the brand's threads that rows inserted after ``since_id`` belong to, from
    every stored reply of ours, whichever arrived first: a new comment one of our replies
    answers (stored earlier, in another file or chunk), or a comment a new reply of ours answers.
    Returns how many comments became answered. (``+brand_id``: the new rows are found by their
    id range, not by scanning the brand's index.)"""
    return store.conn.execute(
        f"UPDATE comments SET {_ANSWERED} WHERE id IN ("
        "SELECT id FROM comments WHERE id > ? AND +brand_id = ? "
        "UNION SELECT p.id FROM comments o JOIN comments p ON p.brand_id = o.brand_id "
        "AND p.platform = o.platform AND p.external_id = o.parent_external_id "
        "WHERE o.id > ? AND +o.brand_id = ? AND o.is_ours = 1"
        f") AND has_our_reply = 0 AND {_OUR_REPLY}",
        (later_by, since_id, brand_id, since_id, brand_id),
    ).rowcount


def authors_of_brand(store: Store, brand_id: int) -> list[str]:
    return [
        row[0]
        for row in store.conn.execute(
            "SELECT DISTINCT author FROM comments WHERE brand_id = ?", (brand_id,)
        )
    ]


@dataclass(frozen=True)
class Remarked:
    ours: int  # comments that became ours (open ones set resolved)
    not_ours: int  # comments that stopped being ours (reopened when never triaged)
    answered: int  # threads that now hold our reply
    unanswered: int  # threads that no longer do


def remark_ours(store: Store, brand_id: int, our_authors: Sequence[str], later_by: int) -> Remarked:
    """Set ``is_ours`` of the brand's comments from ``our_authors`` (exact author names), then
    ``has_our_reply`` of every thread by the brand's own replies, moving deadlines ``later_by``
    seconds as import does (``mark_answered_since``).

    A comment that becomes ours is no longer open work (open -> resolved, as import stores
    ours); one that stops being ours is reopened only when nobody triaged it (no action logged).
    A comment our reply answers is replied (see ``_ANSWERED``), and reopened, untriaged, when
    that reply stops being ours.
    """
    authors = json.dumps(list(our_authors), ensure_ascii=False)
    # A synced comment's "ours" is the platform's word (who sent it), never a display name.
    mine = "author IN (SELECT value FROM json_each(?)) AND account_id IS NULL"
    with store.transaction() as conn:
        ours = conn.execute(
            "UPDATE comments SET is_ours = 1, "
            "status = CASE status WHEN 'open' THEN 'resolved' ELSE status END "
            f"WHERE brand_id = ? AND is_ours = 0 AND {mine}",
            (brand_id, authors),
        ).rowcount
        not_ours = conn.execute(
            "UPDATE comments SET is_ours = 0, "
            f"status = CASE WHEN status = 'resolved' AND {_UNTRIAGED} THEN 'open' ELSE status END "
            f"WHERE brand_id = ? AND is_ours = 1 AND account_id IS NULL AND NOT ({mine})",
            (brand_id, authors),
        ).rowcount
        answered = conn.execute(
            f"UPDATE comments SET {_ANSWERED} "
            f"WHERE brand_id = ? AND has_our_reply = 0 AND {_OUR_REPLY}",
            (later_by, brand_id),
        ).rowcount
        unanswered = conn.execute(
            f"UPDATE comments SET {_UNANSWERED} "
            f"WHERE brand_id = ? AND has_our_reply = 1 AND NOT {_OUR_REPLY}",
            (later_by, brand_id),
        ).rowcount
    return Remarked(ours, not_ours, answered, unanswered)


@dataclass(frozen=True)
class QueueFilter:
    """Which comments the queue shows, and in which order: one value, replaced, never changed."""

    brand_id: int | None = None
    platform: str | None = None
    status: str = "open"  # "open" shows due snoozes; "snoozed", or any status, or "all"
    label: str | None = None
    assignee: str | None = None
    band: str | None = None
    language: str | None = None  # ISO 639-1 as detected at import
    since: str | None = None  # UTC ISO bounds on created_at
    until: str | None = None
    search: str | None = None
    flagged: bool | None = None
    spam_suspect: bool | None = None  # True: the suspects only (inbox.spam)
    sort: str = "priority"  # priority, newest, oldest (see SORTS)


def _where(flt: QueueFilter, now_iso: str) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if flt.status == "open":
        clauses.append("c.status = 'open' AND (c.snoozed_until IS NULL OR c.snoozed_until <= ?)")
        params.append(now_iso)
    elif flt.status == "snoozed":
        clauses.append("c.status = 'open' AND c.snoozed_until > ?")
        params.append(now_iso)
    elif flt.status != "all":
        clauses.append("c.status = ?")
        params.append(flt.status)
    for column, value in (
        ("brand_id", flt.brand_id),
        ("platform", flt.platform),
        ("assignee", flt.assignee),
        ("band", flt.band),
        ("language", flt.language),
    ):
        if value is not None:
            clauses.append(f"c.{column} = ?")
            params.append(value)
    if flt.flagged is not None:
        clauses.append("c.flagged = ?")
        params.append(int(flt.flagged))
    if flt.spam_suspect is not None:
        clauses.append("c.spam_suspect = ?")
        params.append(int(flt.spam_suspect))
    if flt.since:
        clauses.append("c.created_at >= ?")
        params.append(flt.since)
    if flt.until:
        clauses.append("c.created_at < ?")
        params.append(flt.until)
    if flt.label:
        clauses.append("c.id IN (SELECT comment_id FROM comment_labels WHERE label = ?)")
        params.append(flt.label)
    if flt.search:
        clauses.append("c.id IN (SELECT rowid FROM comments_fts WHERE comments_fts MATCH ?)")
        params.append(fts_query(flt.search))
    return (" AND ".join(clauses) or "1"), params


def fts_query(search: str) -> str:
    """Plain words become prefix terms; text with FTS syntax passes as typed."""
    if any(ch in search for ch in '"():*^') or any(
        op in search.split() for op in ("AND", "OR", "NOT", "NEAR")
    ):
        return search
    words = [w.replace('"', "") for w in search.split()]
    return " ".join(f'"{w}"*' for w in words if w)


# Orders the queue can be read in: the columns of the keyset, and the direction.
SORTS = {
    "priority": (("tier", "urgent_at", "id"), "ASC"),
    "newest": (("created_at", "id"), "DESC"),
    "oldest": (("created_at", "id"), "ASC"),
}


# A queue page's columns: the fields of comment_models.QueueRow, in order.
QUEUE_COLUMNS = ", ".join(
    "b.name" if field == "brand" else f"c.{field}" for field in QueueRow._fields
)
_QUEUE_FROM = "FROM comments c JOIN brands b ON b.id = c.brand_id"


def queue_page(
    store: Store,
    flt: QueueFilter,
    now_iso: str,
    *,
    limit: int = 100,
    after: tuple[object, ...] | None = None,
) -> list[QueueRow]:
    """One page in ``flt.sort`` order; ``after``: the last row's values of the sort columns."""
    where, params = _where(flt, now_iso)
    columns, direction = SORTS[flt.sort]
    if after is not None:
        keys = ", ".join(f"c.{c}" for c in columns)
        where += (
            f" AND ({keys}) {'<' if direction == 'DESC' else '>'} ({', '.join('?' * len(columns))})"
        )
        params += list(after)
    order = ", ".join(f"c.{c} {direction}" for c in columns)
    sql = f"SELECT {QUEUE_COLUMNS} {_QUEUE_FROM} WHERE {where} ORDER BY {order} LIMIT ?"
    return list(map(QueueRow._make, _run_query(store, sql, [*params, limit], flt.search)))


def queue_rows(store: Store, ids: Sequence[int]) -> list[QueueRow]:
    """These comments as a queue lists them, whatever their status, in the order of ``ids``."""
    marks = ",".join("?" * len(ids))
    sql = f"SELECT {QUEUE_COLUMNS} {_QUEUE_FROM} WHERE c.id IN ({marks})"
    found = {row.id: row for row in map(QueueRow._make, _run_query(store, sql, list(ids), None))}
    return [found[cid] for cid in ids if cid in found]


def queue_count(store: Store, flt: QueueFilter, now_iso: str) -> int:
    where, params = _where(flt, now_iso)
    sql = f"SELECT count(*) FROM comments c WHERE {where}"
    if flt.search:  # a count of no candidate never runs the search: check it first
        check_search(store, flt.search)
    value: int = _run_query(store, sql, params, None)[0][0]
    return value


def _run_query(
    store: Store, sql: str, params: list[object], search: str | None
) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` as plain tuples (no lookups by name); a search FTS5 cannot read is
    a UserError. The search is checked on its own only when the query failed or found
    nothing (a query whose filters leave no candidate never runs the search)."""
    try:
        cursor = store.conn.execute(sql, params)
        cursor.row_factory = None
        rows = cursor.fetchall()
    except sqlite3.OperationalError:
        if search:
            check_search(store, search)
        raise
    if search and not rows:
        check_search(store, search)
    return rows


def check_search(store: Store, search: str) -> None:
    """Refuse a search FTS5 cannot read, with a message instead of an exception."""
    try:
        store.conn.execute(
            "SELECT rowid FROM comments_fts WHERE comments_fts MATCH ? LIMIT 1",
            (fts_query(search),),
        ).fetchall()
    except sqlite3.OperationalError as exc:
        raise UserError(
            f'cannot read search {search!r} ({exc}); use words, "a phrase", OR, NOT, prefix*, search'
        ) from None


# The response-target key of a row, in the order inbox.priority.target_key decides it.
_TARGET_KEY_CASE = (
    "CASE WHEN band = 'negative' THEN ? WHEN is_question THEN ? "
    "WHEN band = 'unscored' THEN ? WHEN band = 'neutral' THEN ? ELSE ? END"
)
TARGET_KEY_ORDER = ("negative", "question", "unscored", "neutral", "positive")


def header_counts(
    store: Store,
    now_iso: str,
    cutoffs: dict[int | None, dict[str, str]],
    brand_id: int | None = None,
) -> dict[str, int]:
    """Open, negative and overdue counts; overdue: posted before its target's cutoff. A suspect of
    spam (inbox.spam) is open, but neither negative nor overdue work.

    ``cutoffs[None]`` maps each target key to ``now - target`` (UTC ISO text);
    ``cutoffs[brand_id]``, when present, holds that brand's own (its brief's targets).
    """

    def case(keys: dict[str, str]) -> tuple[str, list[object]]:
        return _TARGET_KEY_CASE, [keys[k] for k in TARGET_KEY_ORDER]

    cutoff_sql, cutoff_params = case(cutoffs[None])
    brands = [(bid, keys) for bid, keys in cutoffs.items() if bid is not None]
    if brands:
        whens, params = [], []
        for bid, keys in brands:
            sql, values = case(keys)
            whens.append(f"WHEN ? THEN {sql}")
            params += [bid, *values]
        cutoff_sql = f"CASE brand_id {' '.join(whens)} ELSE {cutoff_sql} END"
        cutoff_params = params + cutoff_params
    brand_sql, brand_params = and_brand(brand_id)
    row = store.conn.execute(
        "SELECT count(*), coalesce(sum(band = 'negative' AND spam_suspect = 0), 0), "
        f"coalesce(sum(created_at <= {cutoff_sql} AND spam_suspect = 0), 0) "
        "FROM comments WHERE status = 'open' AND (snoozed_until IS NULL OR snoozed_until <= ?)"
        + brand_sql,
        [*cutoff_params, now_iso, *brand_params],
    ).fetchone()
    return {"open": row[0], "negative": row[1], "overdue": row[2]}


def get_comment(store: Store, comment_id: int) -> Comment | None:
    row = store.conn.execute(
        "SELECT c.*, b.name AS brand FROM comments c JOIN brands b ON b.id = c.brand_id "
        "WHERE c.id = ?",
        (comment_id,),
    ).fetchone()
    return Comment.from_row(row) if row is not None else None


def get_comments(store: Store, ids: Sequence[int]) -> list[Comment]:
    marks = ",".join("?" * len(ids))
    rows = store.conn.execute(f"SELECT * FROM comments WHERE id IN ({marks})", list(ids))
    return [Comment.from_row(row) for row in rows]


def thread_of(store: Store, comment: Comment, limit: int = 50) -> list[Comment]:
    """The parent (if stored) and the replies of a comment, oldest first."""
    rows: list[sqlite3.Row] = []
    if comment.parent_external_id:
        rows += store.conn.execute(
            "SELECT * FROM comments WHERE brand_id = ? AND platform = ? AND external_id = ?",
            (comment.brand_id, comment.platform, comment.parent_external_id),
        ).fetchall()
    rows += store.conn.execute(
        "SELECT * FROM comments WHERE brand_id = ? AND platform = ? AND parent_external_id = ? "
        "ORDER BY created_at LIMIT ?",
        (comment.brand_id, comment.platform, comment.external_id, limit),
    ).fetchall()
    return [Comment.from_row(row) for row in rows]


def labels_of(store: Store, comment_id: int) -> list[str]:
    rows = store.conn.execute(
        "SELECT label FROM comment_labels WHERE comment_id = ? ORDER BY label", (comment_id,)
    ).fetchall()
    return [r[0] for r in rows]


def labels_by_comment(store: Store, ids: Sequence[int]) -> dict[int, list[str]]:
    """Labels of many comments: id -> sorted labels (every id, maybe none)."""
    found: dict[int, list[str]] = {cid: [] for cid in ids}
    for start in range(0, len(ids), 500):
        part = list(ids[start : start + 500])
        rows = store.conn.execute(
            f"SELECT comment_id, label FROM comment_labels "
            f"WHERE comment_id IN ({','.join('?' * len(part))}) ORDER BY label",
            part,
        )
        for comment_id, label in rows:
            found[comment_id].append(label)
    return found


def set_labels(store: Store, comment_id: int, labels: Iterable[str]) -> None:
    store.conn.execute("DELETE FROM comment_labels WHERE comment_id = ?", (comment_id,))
    store.conn.executemany(
        "INSERT INTO comment_labels (comment_id, label) VALUES (?, ?)",
        [(comment_id, label) for label in sorted(set(labels))],
    )


def all_labels(store: Store) -> list[str]:
    return [
        r[0] for r in store.conn.execute("SELECT DISTINCT label FROM comment_labels ORDER BY 1")
    ]


def update_comment(
    store: Store,
    comment_id: int,
    changes: Mapping[str, object],
    expect: Mapping[str, object] | None = None,
) -> bool:
    """Apply ``changes``; with ``expect``, only if those fields still hold those values.

    Returns False when another session changed the comment first.
    """
    sets = ", ".join(f"{name} = ?" for name in changes)
    params = list(changes.values())
    where = "id = ?"
    params.append(comment_id)
    for name, value in (expect or {}).items():
        where += f" AND {name} IS ?"
        params.append(value)
    cur = store.conn.execute(f"UPDATE comments SET {sets} WHERE {where}", params)
    return cur.rowcount == 1


def update_many(store: Store, changes: Sequence[tuple[int, Mapping[str, object]]]) -> None:
    """Apply many (comment id, fields) changes: one statement a set of field names."""
    by_names: dict[tuple[str, ...], list[list[object]]] = {}
    for comment_id, fields in changes:
        by_names.setdefault(tuple(fields), []).append([*fields.values(), comment_id])
    for names, params in by_names.items():
        sets = ", ".join(f"{name} = ?" for name in names)
        store.conn.executemany(f"UPDATE comments SET {sets} WHERE id = ?", params)


def set_labels_many(store: Store, labels: Sequence[tuple[int, Iterable[str]]]) -> None:
    ids = [(comment_id,) for comment_id, _ in labels]
    store.conn.executemany("DELETE FROM comment_labels WHERE comment_id = ?", ids)
    store.conn.executemany(
        "INSERT INTO comment_labels (comment_id, label) VALUES (?, ?)",
        [(comment_id, name) for comment_id, names in labels for name in sorted(set(names))],
    )


def log_actions(store: Store, entries: Sequence[Mapping[str, object]]) -> None:
    """Log many actions (``log_action``'s fields, ``before`` and ``after`` as mappings)."""
    store.conn.executemany(
        "INSERT INTO actions (batch, comment_id, action, actor, at, before, after) "
        "VALUES (:batch, :comment_id, :action, :actor, :at, :before, :after)",
        [
            {**e, "before": json.dumps(e["before"]), "after": json.dumps(e["after"])}
            for e in entries
        ],
    )


def log_action(
    store: Store,
    *,
    batch: str,
    comment_id: int,
    action: str,
    actor: str,
    at: str,
    before: Mapping[str, object],
    after: Mapping[str, object],
) -> int:
    cur = store.conn.execute(
        "INSERT INTO actions (batch, comment_id, action, actor, at, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (batch, comment_id, action, actor, at, json.dumps(before), json.dumps(after)),
    )
    return inserted_id(cur)


def last_batch(store: Store, actor: str | None = None) -> list[Action]:
    """The newest batch of actions not yet undone (and not itself an undo)."""
    actor_sql = " AND actor = ?" if actor else ""
    row = store.conn.execute(
        "SELECT batch FROM actions WHERE undone_by IS NULL AND action != 'undo' "
        "AND action NOT LIKE '%:conflict'"
        f"{actor_sql} ORDER BY id DESC LIMIT 1",
        [actor] if actor else [],
    ).fetchone()
    if row is None:
        return []
    rows = store.conn.execute("SELECT * FROM actions WHERE batch = ? ORDER BY id", (row[0],))
    return [Action.from_row(r) for r in rows]


def mark_undone(store: Store, action_ids: Sequence[int], undo_id: int) -> None:
    store.conn.executemany(
        "UPDATE actions SET undone_by = ? WHERE id = ?", [(undo_id, i) for i in action_ids]
    )


def history_of(store: Store, comment_id: int) -> list[Action]:
    rows = store.conn.execute(
        "SELECT * FROM actions WHERE comment_id = ? ORDER BY id", (comment_id,)
    )
    return [Action.from_row(r) for r in rows]


def add_reply(
    store: Store,
    *,
    comment_id: int,
    action_id: int,
    text: str,
    actor: str,
    at: str,
    template_id: int | None,
    tone: float | None,
    account_id: int | None = None,
) -> int:
    """Record our reply: queued for the account that can post it, else to post by hand."""
    state = "queued" if account_id is not None else "manual"
    cur = store.conn.execute(
        "INSERT INTO replies (comment_id, action_id, template_id, text, actor, at, tone, "
        "state, account_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (comment_id, action_id, template_id, text, actor, at, tone, state, account_id),
    )
    return inserted_id(cur)


def delete_replies_of_action(store: Store, action_id: int) -> None:
    store.conn.execute("DELETE FROM replies WHERE action_id = ?", (action_id,))


def delete_reply(store: Store, reply_id: int) -> None:
    store.conn.execute("DELETE FROM replies WHERE id = ?", (reply_id,))


def replies_of_action(store: Store, action_id: int) -> list[Reply]:
    rows = store.conn.execute("SELECT * FROM replies WHERE action_id = ?", (action_id,))
    return [Reply.from_row(r) for r in rows]


def replies_of(store: Store, comment_id: int) -> list[Reply]:
    rows = store.conn.execute(
        "SELECT * FROM replies WHERE comment_id = ? ORDER BY at", (comment_id,)
    )
    return [Reply.from_row(r) for r in rows]


def list_templates(store: Store, brand_id: int | None = None) -> list[Template]:
    rows = store.conn.execute(
        "SELECT * FROM reply_templates WHERE brand_id IS NULL OR brand_id = ? ORDER BY name",
        (brand_id,),
    )
    return [Template.from_row(r) for r in rows]


def add_template(
    store: Store, name: str, text: str, brand_id: int | None = None, language: str | None = None
) -> int:
    """Add a saved reply, or replace the text and language of the one of that name."""
    # UNIQUE (brand_id, name) never meets a NULL brand (NULLs are distinct): look first.
    found = store.conn.execute(
        "SELECT id FROM reply_templates WHERE brand_id IS ? AND name = ?", (brand_id, name)
    ).fetchone()
    if found is not None:
        store.conn.execute(
            "UPDATE reply_templates SET text = ?, language = ? WHERE id = ?",
            (text, language, found["id"]),
        )
        template_id: int = found["id"]
        return template_id
    cur = store.conn.execute(
        "INSERT INTO reply_templates (brand_id, name, text, language) VALUES (?, ?, ?, ?)",
        (brand_id, name, text, language),
    )
    return inserted_id(cur)


def open_count_between(
    store: Store, older: str | None, newer: str, now_iso: str, brand_id: int | None = None
) -> int:
    """Open comments created in [older, newer)."""
    sql = (
        "SELECT count(*) FROM comments WHERE status = 'open' "
        "AND (snoozed_until IS NULL OR snoozed_until <= ?) AND created_at < ?"
    )
    params: list[object] = [now_iso, newer]
    if older:
        sql += " AND created_at >= ?"
        params.append(older)
    brand_sql, brand_params = and_brand(brand_id)
    sql += brand_sql
    params += brand_params
    value: int = store.conn.execute(sql, params).fetchone()[0]
    return value


def languages(store: Store) -> list[str]:
    """The languages detected among stored comments (for the filter's choices)."""
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT DISTINCT language FROM comments WHERE language IS NOT NULL ORDER BY 1"
        )
    ]


def platforms(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT DISTINCT platform FROM comments ORDER BY 1")]


def open_comments(store: Store) -> list[sqlite3.Row]:
    """Every open comment in id order (small stores only: the demo builder)."""
    return store.conn.execute(
        "SELECT id, created_at, band, spam_suspect FROM comments WHERE status = 'open' ORDER BY id"
    ).fetchall()


def delete_template(store: Store, name: str) -> int:
    return store.conn.execute("DELETE FROM reply_templates WHERE name = ?", (name,)).rowcount


def replies_to_post(
    store: Store, since: str | None = None, brand_id: int | None = None
) -> list[sqlite3.Row]:
    """Our recorded replies with where to post them, oldest first."""
    sql = (
        "SELECT r.at, r.actor, r.text AS reply, r.state, c.platform, c.permalink, c.external_id, "
        "c.author, c.text AS comment, b.slug AS brand FROM replies r "
        "JOIN comments c ON c.id = r.comment_id JOIN brands b ON b.id = c.brand_id WHERE 1"
    )
    params: list[object] = []
    if since:
        sql += " AND r.at >= ?"
        params.append(since)
    brand_sql, brand_params = and_brand(brand_id, "c.brand_id")
    sql += brand_sql
    params += brand_params
    return store.conn.execute(sql + " ORDER BY r.at, r.id", params).fetchall()
