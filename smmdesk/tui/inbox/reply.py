"""Reply editor: pick a saved reply (the comment's language first, fuzzy), placeholders and
the brief's form of address filled, live tone check."""

from __future__ import annotations

from dataclasses import dataclass, field
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
from smmdesk.inbox.lexicon import brand_lexicon_of
from smmdesk.inbox.queue import QueueItem
from smmdesk.inbox.replies import fill, first_name, form_of_address, offer_order, tone_of
from smmdesk.inbox.rules import suggested_template
from smmdesk.store.models import Template
from smmdesk.sync import outbox
from smmdesk.sync.outbox import Outgoing
from smmdesk.textsafe import one_line, visible
from smmdesk.tui.keys import key
from smmdesk.tui.widgets.safe import SafeInput, SafeTextArea, shown
from smmdesk.tui.writes import Write

if TYPE_CHECKING:
    from smmdesk.tui.app import SmmdeskApp


def queued_message(node, account: str) -> str:
    """What a reply on its way out is told: where it goes, and when."""
    return (
        f"queued for {visible(account)}: goes out with the next sync ({key(node.app, 'app.sync')})"
    )


@dataclass(frozen=True)
class Saved:
    """What the editor saved: the comments it changed and what to tell the user."""

    message: str
    done: list[int] = field(default_factory=list)
    conflicts: bool = False


class ReplyScreen(ModalScreen):
    """A new reply; with ``retry`` (a failed or unsure one), that reply's text to edit and
    queue again (``outbox.retry``)."""

    app: SmmdeskApp  # for mypy: Textual types it App, this is the one it runs in
    BINDINGS = [
        Binding("ctrl+s", "save", "Save reply", priority=True, id="reply.save"),
        Binding("escape", "cancel", "Cancel", id="reply.cancel"),
    ]

    def __init__(self, store, item: QueueItem, ids: list[int], retry: Outgoing | None = None):
        super().__init__()
        self.store = store
        self.item = item
        self.ids = ids
        self.retry = retry
        # Where a reply goes: the account the outbox queues it for, else by hand.
        self.account = retry.account if retry else outbox.account_for(store, item.id)
        self.pending: Write | None = None
        self.templates = q.list_templates(store, item.brand_id)
        brand = brand_by_id(store, item.brand_id)
        self.brief = load_brief(store, brand) if brand else None
        self.form = form_of_address(self.brief.address, self.brief.tone) if self.brief else None
        self.brand_lexicon = brand_lexicon_of(store, item.brand_id)
        self.warned_draft: str | None = None  # the draft whose tone problems were shown once

    def compose(self) -> ComposeResult:
        count = f" ({len(self.ids)} comments)" if len(self.ids) > 1 else ""
        title = "Edit the reply to" if self.retry else "Reply to"
        with Vertical(classes="dialog wide"):
            language = f" · {self.item.language}" if self.item.language else ""
            yield Label(
                Text(f"{title} {visible(self.item.author)}{count}{language}"),
                classes="dialog-title",
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
                yield Static(Text(self.save_hint()), classes="hint")

    def save_hint(self) -> str:
        save, cancel = key(self, "reply.save"), key(self, "reply.cancel")
        if self.account is None:
            return f"{save} save (also copies it to the clipboard) · {cancel} cancel"
        sync = key(self.app, "app.sync")
        return (
            f"{save} save: queued for {visible(self.account)}, the next sync ({sync}) sends it "
            f"· {cancel} cancel"
        )

    def options(self, query: str) -> list[Option]:
        """The saved replies to offer: the comment's language first, each with its own."""
        offered = offer_order(self.templates, self.item.language, query)
        return [Option(self.label(template), id=str(template.id)) for template in offered]

    @staticmethod
    def label(template: Template) -> Text:
        return Text.assemble(shown(template.name), (f"  {template.language or 'any'}", "dim"))

    def on_mount(self) -> None:
        if self.retry is not None:
            draft = self.query_one("#draft", SafeTextArea)
            draft.text = self.retry.reply.text
            draft.cursor_location = draft.document.end
            draft.focus()
        elif (suggested := suggested_template(self.store, self.item.id)) in {
            t.id for t in self.templates
        }:
            self.use_template(str(suggested))  # a rule's `suggest:` for this comment
            self.query_one("#draft", SafeTextArea).focus()
        else:
            self.query_one("#template-search", Input).focus()
        # With no saved replies the list is empty: hidden, so Tab goes on to the draft.
        templates = self.query_one("#templates", OptionList)
        templates.display = bool(self.templates)
        if templates.option_count:
            templates.highlighted = 0  # Enter takes the first offered: in the comment's language
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

    def use_template(self, option_id: str | None) -> None:
        template = next((t for t in self.templates if str(t.id) == option_id), None)
        if template is None:
            return
        text = fill(
            template.text,
            form=self.form,
            author=self.item.author,
            first_name=first_name(self.item.author),
            brand=self.item.brand,
            platform=self.item.platform,
        )
        self.template_id = template.id
        draft = self.query_one("#draft", SafeTextArea)
        draft.text = text
        draft.cursor_location = draft.document.end  # go on typing after the filled template

    def tone(self, draft: str):
        brief = self.brief
        if brief is None:
            return tone_of(draft, brand_lexicon=self.brand_lexicon)
        return tone_of(
            draft,
            never_words=brief.never_words,
            sign_off=brief.sign_off,
            brand_lexicon=self.brand_lexicon,
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
        elif not tone.scored:
            language = f" ({tone.language})" if tone.language else ""
            tone_line.update(
                Text(f"tone not read{language}: words and sign-off checked", style="yellow")
            )
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

        retry = self.retry

        def run():
            if retry is not None:
                return outbox.retry(self.store, retry.reply.id, draft)
            return triage.reply(
                self.store,
                self.ids,
                draft,
                template_id=getattr(self, "template_id", None),
                expect_status=self.item.status,
            )

        def saved(result) -> None:
            if retry is not None:
                self.dismiss(Saved(queued_message(self, result.account), [result.comment_id]))
            else:
                self.dismiss(self.saved(result, draft))

        self.pending = self.app.write(
            "the reply",
            run,
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

    def saved(self, outcome, draft: str) -> Saved:
        """Queued replies are told where they go; one to post by hand is on the clipboard."""
        queued: dict[str, int] = {}
        by_hand = 0
        for comment_id in outcome.done:
            latest = outbox.latest_for(self.store, comment_id)
            if latest is not None and latest.reply.state == "queued":
                queued[latest.account] = queued.get(latest.account, 0) + 1
            else:
                by_hand += 1
        notes = [outcome.message()]
        several = len(outcome.done) > 1
        for account, count in queued.items():
            notes.append((f"{count} " if several else "") + queued_message(self, account))
        if by_hand:
            self.app.copy_to_clipboard(draft)
            notes.append(
                (f"{by_hand} " if several and queued else "")
                + "copied to the clipboard, to post by hand"
            )
        return Saved(" · ".join(notes), list(outcome.done), bool(outcome.conflicts))

    def action_cancel(self) -> None:
        if self.pending is not None and self.pending.pending:
            self.pending.cancel()
            self.app.notify("The reply was not saved", severity="warning")
        self.dismiss(None)
