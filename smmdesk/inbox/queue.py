"""The queue as the screens and the CLI see it: filters, pages, detail, explanation."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from smmdesk.errors import UserError
from smmdesk.inbox import priority
from smmdesk.inbox.bands import BAND_SYMBOL
from smmdesk.store import Store
from smmdesk.store import comments as q
from smmdesk.store.brands import get_brand
from smmdesk.store.comments import QueueFilter
from smmdesk.store.links import post_of_comment
from smmdesk.store.models import STATUSES, Action, Comment, Reply
from smmdesk.timeutil import from_iso, humanize_age, local_zone, to_iso, utc_now

# What a queue can show (filter dialog, CLI --status): every status, "open" split into due
# and snoozed, and "all".
FILTER_STATUSES = ("open", "snoozed", *(s for s in STATUSES if s != "open"), "all")


@dataclass(frozen=True)
class QueueItem:
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
            f"{self.id:>6}  {self.due_short:>7}  {BAND_SYMBOL[self.band]}  "
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


def to_item(comment: Comment, now: datetime, targets: BrandTargets) -> QueueItem:
    rank = priority.rank(comment, targets(comment.brand_id))
    age = (now - comment.created_at).total_seconds()
    return QueueItem(
        id=comment.id,
        brand_id=comment.brand_id,
        brand=comment.brand,
        platform=comment.platform,
        author=comment.author,
        text=comment.text,
        band=comment.band,
        compound=comment.compound,
        is_question=comment.is_question,
        created_at=comment.created_at,
        tier=comment.tier,
        urgent_at=comment.urgent_at,
        status=comment.status,
        likes=comment.likes,
        flagged=comment.flagged,
        assignee=comment.assignee,
        target_key=rank.target_key,
        age_seconds=age,
        snoozed=bool(comment.snoozed_until) and from_iso(comment.snoozed_until or "") > now,
        due_at=rank.due_at,
        overdue_hours=priority.overdue_seconds(rank.due_at, now) / priority.HOUR,
        priority_hours=priority.priority_hours(comment.urgent_at, now),
        age_ratio=age / rank.target_seconds,
        now=now,
        language=comment.language,
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
    comments = q.queue_page(store, flt, to_iso(now), limit=limit, after=key)
    return [to_item(c, now, targets) for c in comments]


def items_by_id(store: Store, ids: list[int], now: datetime | None = None) -> list[QueueItem]:
    """Fresh items for these comments, whatever their status (to redraw rows after an action)."""
    now = now or utc_now()
    targets = BrandTargets(store)
    comments = [q.get_comment(store, cid) for cid in ids]
    return [to_item(c, now, targets) for c in comments if c is not None]


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
    return explanation(store, comment).lines(now, status=comment.status)


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
