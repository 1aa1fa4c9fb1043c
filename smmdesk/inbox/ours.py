"""Our own comments: a brand's handles say which comments the brand wrote itself.

A comment by one of the handles (any case, trimmed, with or without ``@``) is
*ours*: never open work, and the comment it answers is answered: replied, not open work
(``has_our_reply``; its deadline moves ``priority.ANSWERED_HOURS`` later).
Import marks new comments as they arrive (``importer.build_row``), then the threads
they belong to from every stored reply of ours, whichever came first
(``store.comments.mark_answered_since``); when the handles change, ``remark``
brings the brand's stored comments in line. The CLI
(``brand handles``, ``brief``) and the TUI (Brand section) both come here.
"""

from __future__ import annotations

from collections.abc import Iterable

from smmdesk.inbox import priority
from smmdesk.store import Store
from smmdesk.store import comments as q
from smmdesk.store.brands import Brand, find_brand, is_our_author, set_handles
from smmdesk.store.comments import Remarked

__all__ = ["Remarked", "apply_handles", "describe", "remark"]


def remark(store: Store, brand: Brand) -> Remarked:
    """Mark the brand's comments ours (or not) by its stored handles; re-mark its threads."""
    brand = find_brand(store, brand.slug) or brand  # the handles as saved, not as passed
    mine = [a for a in q.authors_of_brand(store, brand.id) if is_our_author(a, brand.handles)]
    return q.remark_ours(store, brand.id, mine, priority.ANSWERED_HOURS * priority.HOUR)


def apply_handles(store: Store, brand: Brand, handles: Iterable[object]) -> tuple[Brand, Remarked]:
    """Store new handles and re-mark the brand's comments, all in one transaction."""
    with store.transaction():
        brand = set_handles(store, brand, handles)
        return brand, remark(store, brand)


def describe(remarked: Remarked) -> str:
    parts = []
    if remarked.ours:
        parts.append(f"{remarked.ours} comments now ours")
    if remarked.not_ours:
        parts.append(f"{remarked.not_ours} no longer ours")
    if remarked.answered:
        parts.append(f"{remarked.answered} threads answered")
    if remarked.unanswered:
        parts.append(f"{remarked.unanswered} threads no longer answered")
    return ", ".join(parts) or "no comment changed"
