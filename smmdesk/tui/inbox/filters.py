"""The filter dialog: brand, platform, tone, language, status, label, assignee, dates."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from smmdesk.brand.brands import list_brands
from smmdesk.errors import UserError
from smmdesk.inbox.bands import BANDS
from smmdesk.inbox.facets import all_labels, languages
from smmdesk.inbox.facets import platforms as comment_platforms
from smmdesk.inbox.queue import FILTER_STATUSES, parse_date_bound
from smmdesk.store.models import QueueFilter
from smmdesk.tui.widgets.safe import SafeInput, options, shown


class FilterScreen(ModalScreen):
    BINDINGS = [
        Binding("ctrl+s", "apply", "Apply", priority=True, id="filter.apply"),
        Binding("escape", "cancel", "Cancel", id="filter.cancel"),
    ]

    def __init__(self, store, current: QueueFilter):
        """``current``: the view's filter; the dialog dismisses with a new value made from it
        (``dataclasses.replace``: the sort, the search and the flag filter are kept)."""
        super().__init__()
        self.store = store
        self.current = current

    def compose(self) -> ComposeResult:
        flt = self.current
        platforms = comment_platforms(self.store)
        brands = options((b.name, b.id) for b in list_brands(self.store))
        with Vertical(classes="dialog wide"):
            yield Label("Filter the queue", classes="dialog-title")
            with Grid(id="filter-grid"):
                yield Label("brand")
                yield Select(brands, value=flt.brand_id or Select.NULL, id="f-brand")
                yield Label("platform")
                yield Select(
                    options((p, p) for p in platforms),
                    value=flt.platform or Select.NULL,
                    id="f-platform",
                )
                yield Label("tone")
                yield Select([(b, b) for b in BANDS], value=flt.band or Select.NULL, id="f-band")
                yield Label("language")
                yield Select(
                    options((x, x) for x in languages(self.store)),
                    value=flt.language or Select.NULL,
                    id="f-language",
                )
                yield Label("status")
                yield Select(
                    [(s, s) for s in FILTER_STATUSES],
                    value=flt.status,
                    allow_blank=False,
                    id="f-status",
                )
                yield Label("label")
                yield Select(
                    options((x, x) for x in all_labels(self.store)),
                    value=flt.label or Select.NULL,
                    id="f-label",
                )
                yield Label("assignee")
                yield SafeInput(flt.assignee or "", id="f-assignee")
                yield Label("since")
                yield SafeInput((flt.since or "")[:10], placeholder="2026-11-20", id="f-since")
                yield Label("until")
                yield SafeInput((flt.until or "")[:10], placeholder="2026-11-28", id="f-until")
            with Vertical(classes="foot"):
                yield Static("", id="filter-error", classes="error")
                yield Static("ctrl+s or Enter apply · Esc cancel", classes="hint")

    def value(self, selector: str):
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_apply()

    def action_apply(self) -> None:
        try:
            flt = replace(
                self.current,
                brand_id=self.value("#f-brand"),
                platform=self.value("#f-platform"),
                band=self.value("#f-band"),
                language=self.value("#f-language"),
                status=self.value("#f-status") or "open",
                label=self.value("#f-label"),
                assignee=self.query_one("#f-assignee", SafeInput).data.strip() or None,
                since=parse_date_bound(self.query_one("#f-since", Input).value.strip(), "since"),
                until=parse_date_bound(self.query_one("#f-until", Input).value.strip(), "until"),
            )
        except UserError as exc:
            self.query_one("#filter-error", Static).update(shown(str(exc)))
            return
        self.dismiss(flt)

    def action_cancel(self) -> None:
        self.dismiss(None)
