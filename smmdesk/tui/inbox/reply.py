"""Reply editor: pick a saved reply (fuzzy), placeholders filled, live tone check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from smmdesk.brand.brands import brand_by_id, load_brief
from smmdesk.inbox import answers as q
from smmdesk.inbox import triage
from smmdesk.inbox.queue import QueueItem
from smmdesk.inbox.replies import fill, fuzzy_rank, tone_of
from smmdesk.textsafe import one_line, visible
from smmdesk.tui.widgets.safe import SafeInput, SafeTextArea, shown
from smmdesk.tui.writes import Write

if TYPE_CHECKING:
    from smmdesk.tui.app import SmmdeskApp


class ReplyScreen(ModalScreen):
    app: SmmdeskApp  # for mypy: Textual types it App, this is the one it runs in
    BINDINGS = [
        Binding("ctrl+s", "save", "Save reply", priority=True, id="reply.save"),
        Binding("escape", "cancel", "Cancel", id="reply.cancel"),
    ]

    def __init__(self, store, item: QueueItem, ids: list[int]):
        super().__init__()
        self.store = store
        self.item = item
        self.ids = ids
        self.pending: Write | None = None
        self.templates = {template.name: template for template in q.list_templates(store)}
        brand = brand_by_id(store, item.brand_id)
        self.brief = load_brief(store, brand) if brand else None
        self.warned_draft: str | None = None  # the draft whose tone problems were shown once

    def compose(self) -> ComposeResult:
        count = f" ({len(self.ids)} comments)" if len(self.ids) > 1 else ""
        with Vertical(classes="dialog wide"):
            yield Label(
                Text(f"Reply to {visible(self.item.author)}{count}"), classes="dialog-title"
            )
            yield Static(Text(one_line(self.item.text)[:200], style="italic"), classes="quote")
            yield SafeInput(
                placeholder="type to find a saved reply (fuzzy), Enter to use it",
                id="template-search",
            )
            yield OptionList(*self.options(""), id="templates")
            yield SafeTextArea("", id="draft", soft_wrap=True)
            with Vertical(classes="foot"):
                yield Static("", id="tone")
                yield Static(
                    "ctrl+s save (also copies it to the clipboard) · Esc cancel", classes="hint"
                )

    def options(self, query: str) -> list[Option]:
        return [Option(shown(name), id=name) for name in fuzzy_rank(query, list(self.templates))]

    def on_mount(self) -> None:
        self.query_one("#template-search", Input).focus()
        self.update_tone()

    @on(Input.Changed, "#template-search")
    def search_templates(self, event: Input.Changed) -> None:
        options = self.query_one("#templates", OptionList)
        options.clear_options()
        options.add_options(self.options(event.value))
        if options.option_count:
            options.highlighted = 0

    @on(Input.Submitted, "#template-search")
    def take_highlighted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one("#templates", OptionList)
        if options.highlighted is not None:
            self.use_template(options.get_option_at_index(options.highlighted).id)
        self.query_one("#draft", SafeTextArea).focus()

    @on(OptionList.OptionSelected, "#templates")
    def pick(self, event: OptionList.OptionSelected) -> None:
        self.use_template(event.option.id)
        self.query_one("#draft", SafeTextArea).focus()

    def use_template(self, name: str | None) -> None:
        if name is None:
            return
        text = fill(
            self.templates[name].text,
            author=self.item.author,
            brand=self.item.brand,
            platform=self.item.platform,
        )
        self.template_id = self.templates[name].id
        draft = self.query_one("#draft", SafeTextArea)
        draft.text = text
        draft.cursor_location = draft.document.end  # go on typing after the filled template

    def tone(self, draft: str):
        brief = self.brief
        return (
            tone_of(draft, never_words=brief.never_words, sign_off=brief.sign_off)
            if brief
            else tone_of(draft)
        )

    @on(SafeTextArea.Changed, "#draft")
    def update_tone(self, event=None) -> None:
        draft = self.query_one("#draft", SafeTextArea).text
        tone_line = self.query_one("#tone", Static)
        if not draft.strip():
            tone_line.update(Text("tone: (empty draft)", style="dim"))
            return
        tone = self.tone(draft)
        if tone.warning:
            tone_line.update(Text(f"⚠ tone {tone.warning}", style="bold red"))
        else:
            tone_line.update(Text(f"✓ tone {tone.compound:+.2f}", style="green"))

    def action_save(self) -> None:
        if self.pending is not None and self.pending.pending:
            return  # saved once already; it waits for the database
        draft = self.query_one("#draft", SafeTextArea).text
        tone_line = self.query_one("#tone", Static)
        warning = self.tone(draft).warning if draft.strip() else None
        if warning and self.warned_draft != draft:
            # Ask once: the problems stay on screen; the same draft saved again goes through.
            self.warned_draft = draft
            tone_line.update(
                Text.assemble(
                    (f"⚠ tone {warning}\n", "bold red"),
                    (
                        "ctrl+s again to save anyway · edit the draft to fix it · Esc cancel",
                        "bold yellow",
                    ),
                )
            )
            return

        def saved(outcome) -> None:
            self.app.copy_to_clipboard(draft)
            self.dismiss(outcome)

        self.pending = self.app.write(
            "the reply",
            lambda: triage.reply(
                self.store,
                self.ids,
                draft,
                template_id=getattr(self, "template_id", None),
                expect_status=self.item.status,
            ),
            saved,
            failed=lambda exc: tone_line.update(shown(str(exc), style="bold red")),
            waiting=lambda: tone_line.update(
                Text(
                    "The database is busy (another process is writing): the reply is saved as soon as it is free "
                    "(Esc gives up)",
                    style="bold yellow",
                )
            ),
            owner=self,
        )

    def action_cancel(self) -> None:
        if self.pending is not None and self.pending.pending:
            self.pending.cancel()
            self.app.notify("The reply was not saved", severity="warning")
        self.dismiss(None)
