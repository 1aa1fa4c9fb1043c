"""The queue as the screens and the CLI see it: filters, pages, detail, explanation."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from smmdesk.errors import UserError
from smmdesk.inbox import priority
from smmdesk.inbox.bands import badge
from smmdesk.store import Store
from smmdesk.store import comments as q
from smmdesk.store.brands import get_brand
from smmdesk.store.comments import QueueFilter
from smmdesk.store.links import post_of_comment
from smmdesk.store.models import STATUSES, Action, Comment, QueueRow, Reply
from smmdesk.timeutil import from_iso, humanize_age, local_zone, to_iso, utc_now

# What a queue can show (filter dialog, CLI --status): every status, "open" split into due
# and snoozed, and "all".
FILTER_STATUSES = ("open", "snoozed", *(s for s in STATUSES if s != "open"), "all")


class QueueItem(NamedTuple):
    """A comment as a queue shows it, with its deadlines at ``now``.

    A NamedTuple (immutable, typed) rather than a frozen dataclass: a page builds a hundred,
    and a frozen dataclass's ``__init__`` of this many fields was most of a page's time.
    """

    id: int
    brand_id: int
    brand: str  # its display name
    platform: str
    author: str
    text: str
    band: str
    compound: float | None
    is_question: bool
    created_at: datetime
    tier: int
    urgent_at: int
    status: str
    likes: int
    flagged: bool
    assignee: str | None
    target_key: str
    snoozed: bool
    age_seconds: float
    due_at: int  # the real response deadline: created_at + the brand's target
    overdue_hours: float  # past due_at (negative: time left); the truth about lateness
    priority_hours: float  # past the effective deadline: a rank, never shown as "overdue"
    age_ratio: float  # age / response target: >1 means the target is missed
    now: datetime
    language: str | None = None  # detected, ISO 639-1: the reply editor offers saved replies in it
    spam_suspect: bool = False  # the detector suspects spam (inbox.spam): ranks last

    @property
    def timing(self) -> str:
        """ "overdue by 2 h" or "due in 22 min", from the real target (priority.timing)."""
        return priority.timing(self.due_at, self.now)

    @property
    def due_short(self) -> str:
        """The same, short for a column: "2h ago" (overdue) or "in 22m"."""
        late = self.overdue_hours * priority.HOUR
        return f"{humanize_age(late)} ago" if late >= 0 else f"in {humanize_age(-late)}"

    @property
    def first_line(self) -> str:
        return self.text.strip().splitlines()[0] if self.text.strip() else ""

    def line(self) -> str:
        return (
            f"{self.id:>6}  {self.due_short:>7}  {badge(self.band, self.spam_suspect)[0]:<6} "
            f"{humanize_age(self.age_seconds):>4}  {self.platform:<9} {self.brand:<12} "
            f"{self.author[:16]:<16}  {self.first_line[:60]}"
        )

    def sort_key(self, sort: str) -> tuple[object, ...]:
        """The keyset position of this item in a queue read in ``sort`` order."""
        values = {
            "tier": self.tier,
            "urgent_at": self.urgent_at,
            "id": self.id,
            "created_at": to_iso(self.created_at),
        }
        return tuple(values[column] for column in q.SORTS[sort][0])

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "brand": self.brand,
            "platform": self.platform,
            "author": self.author,
            "text": self.text,
            "band": self.band,
            "compound": self.compound,
            "question": self.is_question,
            "created_at": to_iso(self.created_at),
            "status": self.status,
            "overdue_hours": round(self.overdue_hours, 2),
            "due": self.timing,
            "priority_hours": round(self.priority_hours, 2),
            "target": self.target_key,
            "spam_suspect": self.spam_suspect,
            "assignee": self.assignee,
            "flagged": self.flagged,
        }


def parse_date_bound(text: str | None, where: str) -> str | None:
    if not text:
        return None
    from dateutil import parser

    try:
        moment = parser.parse(text)
    except (ValueError, OverflowError):
        raise UserError(f"cannot read date {text!r}, {where}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local_zone())
    return to_iso(moment)


def make_filter(
    store: Store,
    *,
    brand: str | None = None,
    platform: str | None = None,
    status: str = "open",
    label: str | None = None,
    assignee: str | None = None,
    band: str | None = None,
    since: str | None = None,
    until: str | None = None,
    search: str | None = None,
    language: str | None = None,
    spam_suspect: bool | None = None,
) -> QueueFilter:
    brand_id = get_brand(store, brand).id if brand else None
    return QueueFilter(
        brand_id=brand_id,
        platform=platform,
        status=status,
        label=label,
        assignee=assignee,
        band=band,
        language=(language or "").strip().lower() or None,
        since=parse_date_bound(since, "--since"),
        until=parse_date_bound(until, "--until"),
        search=(search or "").strip() or None,
        spam_suspect=spam_suspect,
    )


class BrandTargets:
    """Response targets per brand (``priority.targets_for``), read once each."""

    def __init__(self, store: Store):
        self.store = store
        self.known: dict[int, dict[str, int]] = {}

    def __call__(self, brand_id: int) -> dict[str, int]:
        if brand_id not in self.known:
            self.known[brand_id] = priority.targets_for(self.store, brand_id)
        return self.known[brand_id]


def to_item(row: QueueRow, now: datetime, targets: BrandTargets) -> QueueItem:
    created_at = from_iso(row.created_at)
    question = bool(row.is_question)
    key, target, due_at = priority.deadline(row.band, question, created_at, targets(row.brand_id))
    age = (now - created_at).total_seconds()
    snoozed_until = row.snoozed_until
    return QueueItem(
        id=row.id,
        brand_id=row.brand_id,
        brand=row.brand,
        platform=row.platform,
        author=row.author,
        text=row.text,
        band=row.band,
        compound=row.compound,
        is_question=question,
        created_at=created_at,
        tier=row.tier,
        urgent_at=row.urgent_at,
        status=row.status,
        likes=row.likes,
        flagged=bool(row.flagged),
        assignee=row.assignee,
        target_key=key,
        age_seconds=age,
        snoozed=bool(snoozed_until) and from_iso(snoozed_until or "") > now,
        due_at=due_at,
        overdue_hours=priority.overdue_seconds(due_at, now) / priority.HOUR,
        priority_hours=priority.priority_hours(row.urgent_at, now),
        age_ratio=age / target,
        now=now,
        language=row.language,
        spam_suspect=bool(row.spam_suspect),
    )


def page(
    store: Store,
    flt: QueueFilter,
    *,
    limit: int = 100,
    after: QueueItem | None = None,
    now: datetime | None = None,
) -> list[QueueItem]:
    now = now or utc_now()
    targets = BrandTargets(store)
    key = after.sort_key(flt.sort) if after else None
    rows = q.queue_page(store, flt, to_iso(now), limit=limit, after=key)
    return [to_item(row, now, targets) for row in rows]


def items_by_id(store: Store, ids: list[int], now: datetime | None = None) -> list[QueueItem]:
    """Fresh items for these comments, whatever their status (to redraw rows after an action)."""
    now = now or utc_now()
    targets = BrandTargets(store)
    return [to_item(row, now, targets) for row in q.queue_rows(store, ids)]


def with_status(item: QueueItem, status: str) -> QueueItem:
    """``item`` as ``triage.set_status(..., status)`` leaves it (a snooze ends with it), not
    read again: what a triage key shows in its own frame, before its write lands."""
    return item._replace(status=status, snoozed=False)


def labels_of(store: Store, items: list[QueueItem]) -> dict[int, list[str]]:
    """Each item's labels, in one query."""
    return q.labels_by_comment(store, [item.id for item in items])


def count(store: Store, flt: QueueFilter, now: datetime | None = None) -> int:
    return q.queue_count(store, flt, to_iso(now or utc_now()))


def header_counts(
    store: Store, brand_id: int | None = None, now: datetime | None = None
) -> dict[str, int]:
    """Open / negative / overdue; overdue is past the real response target, as in :func:`to_item`."""
    from datetime import timedelta

    from smmdesk.store.brands import list_brands

    now = now or utc_now()

    def cutoffs(targets: dict[str, int]) -> dict[str, str]:
        return {key: to_iso(now - timedelta(minutes=minutes)) for key, minutes in targets.items()}

    defaults = priority.targets_for(store)
    by_brand: dict[int | None, dict[str, str]] = {None: cutoffs(defaults)}
    for brand in list_brands(store):
        if brand_id is None or brand.id == brand_id:
            own = priority.targets_for(store, brand.id)
            if own != defaults:
                by_brand[brand.id] = cutoffs(own)
    return q.header_counts(store, to_iso(now), by_brand, brand_id)


HEADER_COUNTS = ("open", "negative", "overdue")


def header_share(item: QueueItem, now: datetime) -> tuple[int, int, int]:
    """What one comment adds to :func:`header_counts` at ``now``: the same rule, in Python."""
    if item.status != "open" or item.snoozed:
        return (0, 0, 0)
    work = not item.spam_suspect  # a suspect is open, but neither negative nor overdue work
    late = priority.overdue_seconds(item.due_at, now) >= 0
    return (1, int(work and item.band == "negative"), int(work and late))


def counts_delta(
    before: list[QueueItem], after: list[QueueItem], now: datetime | None = None
) -> dict[str, int]:
    """How the header counts move when comments ``before`` became ``after`` (a triage write;
    a comment missing from ``after`` is gone), so a key adjusts them without a recount."""
    now = now or utc_now()
    delta = [0, 0, 0]
    for sign, items in ((-1, before), (1, after)):
        for item in items:
            for index, value in enumerate(header_share(item, now)):
                delta[index] += sign * value
    return dict(zip(HEADER_COUNTS, delta, strict=True))


def explanation(store: Store, comment: Comment) -> priority.Explanation:
    return priority.rank(comment, priority.targets_for(store, comment.brand_id))


def explain_comment(store: Store, comment_id: int, now: datetime | None = None) -> list[str]:
    comment = q.get_comment(store, comment_id)
    if comment is None:
        raise UserError(f"no comment with id {comment_id}, --explain")
    head = f"comment {comment.id} by {comment.author} ({comment.platform}, {comment.band}"
    head += f", compound {comment.compound:+.3f})" if comment.compound is not None else ")"
    return [head, *why(store, comment, now or utc_now())]


def why(store: Store, comment: Comment, now: datetime) -> list[str]:
    """The explanation's lines; a comment no longer open says so instead of a deadline."""
    return explanation(store, comment).lines(now, status=comment.status) + spam_lines(
        store, comment
    )


def spam_lines(store: Store, comment: Comment) -> list[str]:
    """Why a suspect is one (or that the manager cleared it)."""
    if comment.spam_cleared:
        return ["not spam: the manager said so"]
    if not comment.spam_suspect:
        return []
    from smmdesk.inbox import spam  # here: its patterns compile on import, the app's start skips it

    verdict = spam.explain(store, comment)
    why = ", ".join(verdict.reasons) or "the same text from many authors"
    return [f"suspected spam: {why} (score {verdict.score:.1f}, from {spam.THRESHOLD:.0f})"]


@dataclass
class Detail:
    comment: Comment
    thread: list[Comment]
    labels: list[str]
    history: list[Action]
    replies: list[Reply]
    why: list[str]
    post: sqlite3.Row | None = None  # the post it is about (title, goal, channel), if linked


def detail(store: Store, comment_id: int, now: datetime | None = None) -> Detail | None:
    comment = q.get_comment(store, comment_id)
    if comment is None:
        return None
    return Detail(
        comment=comment,
        thread=q.thread_of(store, comment),
        labels=q.labels_of(store, comment_id),
        history=q.history_of(store, comment_id),
        replies=q.replies_of(store, comment_id),
        why=why(store, comment, now or utc_now()),
        post=post_of_comment(store, comment_id) if comment.post_id is not None else None,
    )
