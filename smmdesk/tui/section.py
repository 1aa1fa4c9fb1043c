"""The sections of the app: one registry, one base class, the messages they send up.

``SECTIONS`` is the only place a section is declared: the tabs, the F-keys
(``app.section.<name>`` bindings) and the command palette (one provider per
section, ``smmdesk.tui.palette``) are all made from it. A section's view is a
``SectionView``; it never reaches into the app: it posts ``CountsChanged``,
``BrandChanged`` or ``PublishNow`` and the app does the rest; the app calls its
``data_changed`` after a sync.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.widget import Widget

if TYPE_CHECKING:
    from smmdesk.store import Store


@dataclass(frozen=True)
class Section:
    """One section: its tab, its F-key, its palette commands and how it is built."""

    name: str
    title: str
    key: str
    tooltip: str
    module: str  # imported on first visit: startup only pays for the inbox
    view: str

    @property
    def binding_id(self) -> str:
        return f"app.section.{self.name}"

    def view_class(self) -> type[SectionView]:
        return getattr(importlib.import_module(self.module), self.view)

    def make(self, store: Store) -> SectionView:
        view: Any = self.view_class()  # each takes (store, id=...)
        return view(store, id=self.name)


SECTIONS = (
    Section("inbox", "Inbox", "f1", "The feedback inbox", "smmdesk.tui.inbox.view", "InboxView"),
    Section(
        "calendar",
        "Calendar",
        "f2",
        "The content calendar",
        "smmdesk.tui.calendar.view",
        "CalendarView",
    ),
    Section(
        "report",
        "Report",
        "f3",
        "Response times and sentiment",
        "smmdesk.tui.report.view",
        "ReportView",
    ),
    Section(
        "brand",
        "Brand",
        "f4",
        "The brand's brief: strategy, tone, targets",
        "smmdesk.tui.brand.view",
        "BriefView",
    ),
)


def section_named(name: str) -> Section:
    return next(section for section in SECTIONS if section.name == name)


class CountsChanged(Message):
    """The inbox changed what it shows or what is open: the header counts again.

    ``delta``: how triage keys moved the counts (inbox.queue.counts_delta), when known: the
    header adjusts by it at once and recounts only once the keys pause.
    """

    def __init__(self, brand_id: int | None, delta: dict[str, int] | None = None) -> None:
        super().__init__()
        self.brand_id = brand_id
        self.delta = delta


class BrandChanged(Message):
    """A section now shows ``brand_id`` (None: all brands)."""

    def __init__(self, section: str, brand_id: int | None) -> None:
        super().__init__()
        self.section = section
        self.brand_id = brand_id


class PublishNow(Message):
    """Publish post ``post_id`` now (the user confirmed): the app runs it like a sync."""

    def __init__(self, post_id: int, title: str) -> None:
        super().__init__()
        self.post_id = post_id
        self.title = title


def next_brand(
    current: int | None, brand_ids: Sequence[int], *, all_brands: bool = True
) -> int | None:
    """What ``b`` shows next, the same in every section: all brands, then each brand, then
    all again. A section that shows one brand at a time (the brief) skips "all"."""
    order: list[int | None] = [None, *brand_ids] if all_brands else list(brand_ids)
    if not order:
        return None
    index = order.index(current) if current in order else -1
    return order[(index + 1) % len(order)]


class SectionView(Widget):
    """What every section is: it can take the focus, refresh when shown, and go to the next brand."""

    ALL_BRANDS = True  # False: the section shows one brand at a time
    store: Store

    def focus_main(self) -> None:
        self.focus()

    def on_show_section(self) -> None:
        """Shown again (its tab or F-key): read what may have changed."""

    def data_changed(self) -> None:
        """A sync (or a publish) changed the desk while this section was shown: read again."""

    def next_brand_id(self, current: int | None) -> int | None:
        from smmdesk.brand.brands import list_brands

        ids = [brand.id for brand in list_brands(self.store)]
        chosen = next_brand(current, ids, all_brands=self.ALL_BRANDS)
        self.post_message(BrandChanged(self.id or type(self).__name__, chosen))
        return chosen
