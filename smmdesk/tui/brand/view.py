"""The Brand section: a brand's brief (strategy and communication policy), read and edited with keys.

The brief lives in ``smmdesk.brand`` (rows in ``smmdesk.store.brief``); every save validates the whole
brief and writes it in one transaction. User text reaches widgets as
``rich.text.Text`` built from ``visible()``, never as markup.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from smmdesk.brand.brands import list_brands, load_brief, split_handles
from smmdesk.brand.brief import TONES, parse_response_targets
from smmdesk.brand.brief_toml import to_markdown
from smmdesk.brand.save import save_brief
from smmdesk.errors import UserError
from smmdesk.store.models import (
    TARGET_BANDS,
    Audience,
    Brand,
    Brief,
    ChannelSpec,
    Competitor,
)
from smmdesk.textsafe import visible
from smmdesk.tui import keys
from smmdesk.tui.section import SectionView
from smmdesk.tui.widgets.safe import SafeInput
from smmdesk.tui.writes import Write

if TYPE_CHECKING:
    from smmdesk.tui.app import SmmdeskApp

# The keys line under the brief: (binding name, what it does).
BRIEF_HINT = (
    ("next_brand", "brand"),
    ("policy", "policy"),
    ("value_proposition", "value proposition"),
    ("add_audience", "audience"),
    ("add_competitor", "competitor"),
    ("add_channel", "channel"),
    ("remove", "remove"),
    ("handles", "handles"),
    ("rules", "rules"),
)
ITEM_KINDS = {
    "audience": ("audiences", Audience, "name | who | needs | where they are"),
    "competitor": ("competitors", Competitor, "name | strengths | weaknesses | their channels"),
    "channel": ("channels", ChannelSpec, "name | platform | kind (page, group, website...)"),
}


def _words(text: str) -> list[str]:
    return [w.strip() for w in text.split(",") if w.strip()]


def editable(brief: Brief) -> Brief:
    """A copy to change and save; its handles are left out (None: kept as stored), so a
    policy or list edit never writes back handles read before someone changed them."""
    brief = copy.deepcopy(brief)
    brief.handles = None
    return brief


def parse_item(kind: str, text: str):
    _, cls, _ = ITEM_KINDS[kind]
    parts = [p.strip() for p in text.split("|")]
    if not parts[0]:
        raise UserError(f"a {kind} needs a name first, {kind}")
    if len(parts) > 4 or (cls is ChannelSpec and len(parts) > 3):
        raise UserError(f"too many | separated parts, {kind}")
    return cls(*parts)


class PolicyScreen(ModalScreen):
    """The communication policy as a form; ctrl+s saves when valid, errors show inline."""

    app: SmmdeskApp  # for mypy: Textual types it App, this is the one it runs in
    BINDINGS = [
        Binding("ctrl+s", "save", "Save policy", priority=True, id="policy.save"),
        Binding("escape", "cancel", "Cancel", id="policy.cancel"),
    ]

    def __init__(self, store, brand: Brand, brief: Brief):
        super().__init__()
        self.store = store
        self.brand = brand
        self.brief = brief
        self.pending: Write | None = None

    def compose(self) -> ComposeResult:
        brief = self.brief
        targets = ", ".join(f"{band}={m}" for band, m in brief.response_targets.items())
        fields = [
            ("tone", f"Tone ({', '.join(TONES)})", brief.tone),
            ("address", "Forms of address (ти or ви picks a saved reply's form)", brief.address),
            (
                "never",
                "Words we never use (comma-separated; cheap* or дешев* for every form)",
                ", ".join(brief.never_words),
            ),
            ("preferred", "Words we prefer (comma-separated)", ", ".join(brief.preferred_words)),
            ("sign-off", "Sign-off", brief.sign_off),
            # The form parse_response_targets reads: minutes in this order, or band=minutes.
            ("targets", f"Response targets, minutes ({', '.join(TARGET_BANDS)})", targets),
        ]
        with Vertical(classes="dialog wide", id="policy-form"):
            yield Label(
                Text(f"Communication policy of {visible(self.brand.name)}"), classes="dialog-title"
            )
            for key, title, value in fields:
                yield Label(Text(title))
                hint = (
                    "30, 120, 240, 1440, 1440  or  negative=30, question=120"
                    if key == "targets"
                    else ""
                )
                yield SafeInput(value, placeholder=hint, id=f"policy-{key}")
            with Vertical(classes="foot"):
                yield Static("", id="policy-error", classes="error")
                yield Static(
                    keys.hint(self, (("policy.save", "save"), ("policy.cancel", "cancel")))
                    + " · Tab next field",
                    classes="hint",
                )

    def value(self, key: str) -> str:
        return self.query_one(f"#policy-{key}", SafeInput).data

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_save(self) -> None:
        if self.pending is not None and self.pending.pending:
            return  # saved once already; it waits for the database
        brief = editable(self.brief)
        try:
            brief.tone = self.value("tone").strip().lower()
            brief.address = self.value("address").strip()
            brief.never_words = _words(self.value("never"))
            brief.preferred_words = _words(self.value("preferred"))
            brief.sign_off = self.value("sign-off").strip()
            brief.response_targets = parse_response_targets(self.value("targets"))
        except UserError as exc:
            self.show_error(exc)
            return
        self.pending = self.app.write(
            "saving the policy",
            lambda: save_brief(self.store, self.brand, brief),
            self.dismiss,
            failed=self.show_error,
            owner=self,
            waiting=lambda: self.query_one("#policy-error", Static).update(
                Text(
                    "The database is busy (another process is writing): saved as soon as it is free (Esc gives up)",
                    style="bold yellow",
                )
            ),
        )

    def show_error(self, exc: UserError) -> None:
        self.query_one("#policy-error", Static).update(Text(visible(str(exc)), style="bold red"))

    def action_cancel(self) -> None:
        if self.pending is not None and self.pending.pending:
            self.pending.cancel()
            self.app.notify("The policy was not saved", severity="warning")
        self.dismiss(None)


class BriefView(SectionView):
    app: SmmdeskApp  # for mypy: Textual types it App, this is the one it runs in
    ALL_BRANDS = False  # a brief is one brand's

    BINDINGS = [
        Binding(
            "b", "brand", "Brand", tooltip="Show the next brand's brief", id="brand.next_brand"
        ),
        Binding(
            "p",
            "policy",
            "Edit policy",
            tooltip="Tone, address, words, sign-off, response targets",
            id="brand.policy",
        ),
        Binding("v", "value_proposition", "Value proposition", id="brand.value_proposition"),
        Binding("a", "add('audience')", "Add audience", id="brand.add_audience"),
        Binding("c", "add('competitor')", "Add competitor", id="brand.add_competitor"),
        Binding("n", "add('channel')", "Add channel", id="brand.add_channel"),
        Binding(
            "d",
            "remove",
            "Remove",
            tooltip="Remove an audience, competitor or channel by name",
            id="brand.remove",
        ),
        Binding(
            "h",
            "handles",
            "Handles",
            tooltip="Our own account names: their comments are ours, never open work",
            id="brand.handles",
        ),
        Binding(
            "r",
            "rules",
            "Rules",
            tooltip="Moderation rules: add, remove, move, test",
            id="brand.rules",
        ),
    ]

    DEFAULT_CSS = """
    BriefView #brief-scroll { height: 1fr; }
    BriefView #brief-body { height: auto; }
    """

    def __init__(self, store, **kwargs):
        super().__init__(**kwargs)
        self.store = store
        self.brand: Brand | None = None
        self.brief: Brief | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="brief-scroll"):
            yield Static("", id="brief-body")

    def focus_main(self) -> None:
        self.query_one("#brief-scroll").focus()

    def on_show_section(self) -> None:
        self.reload()

    def reload(self) -> None:
        brands = list_brands(self.store)
        current = (
            self.brand.id if self.brand else None
        )  # read again: its name or handles may have changed
        self.brand = next((b for b in brands if b.id == current), brands[0] if brands else None)
        body = self.query_one("#brief-body", Static)
        if self.brand is None:
            self.brief = None
            body.update(
                Text(
                    "No brand yet: import comments or add one with `smmdesk brand add NAME`.",
                    style="dim",
                )
            )
            return
        self.brief = load_brief(self.store, self.brand)
        text = to_markdown(self.brief, brand=self.brand.name)
        hint = "\n" + " · ".join(
            f"[{keys.key(self, f'brand.{name}')}] {words}" for name, words in BRIEF_HINT
        )
        body.update(Text(visible(text, keep_newlines=True) + hint))

    def save(self, brief: Brief) -> None:
        assert self.brand is not None
        brand = self.brand
        self.app.write(
            "saving the brief",
            lambda: save_brief(self.store, brand, brief),
            lambda _: self.reload(),
            owner=self,
        )

    # --- keys ---

    def action_brand(self) -> None:
        chosen = self.next_brand_id(self.brand.id if self.brand else None)
        self.brand = next((b for b in list_brands(self.store) if b.id == chosen), None)
        self.reload()

    def action_policy(self) -> None:
        if self.brand is None or self.brief is None:
            return
        brand = self.brand

        def done(saved: Brief | None) -> None:
            if saved is not None:
                self.app.notify(f"Policy of {visible(brand.name)} saved", markup=False)
            self.reload()

        self.app.push_screen(PolicyScreen(self.store, self.brand, self.brief), done)

    def _prompt(self, title: str, change, *, value: str = "", placeholder: str = "") -> None:
        """Ask for one line; ``change(brief, text)`` edits a copy, which is saved when valid."""
        from smmdesk.tui.widgets.modals import PromptScreen

        if self.brand is None or self.brief is None:
            return
        brand, current = self.brand, self.brief

        def apply(text: str) -> Brief:
            brief = editable(current)
            change(brief, text)
            return save_brief(self.store, brand, brief)

        def done(saved: Brief | None) -> None:
            self.reload()

        self.app.push_screen(
            PromptScreen(
                title,
                value=value,
                placeholder=placeholder,
                parse=apply,
                write=f"saving the brief ({title.lower()})",
            ),
            done,
        )

    def action_handles(self) -> None:
        """Our own account names, comma-separated; saving re-marks the brand's comments."""
        from smmdesk.inbox.ours import apply_handles, describe
        from smmdesk.tui.widgets.modals import PromptScreen

        if self.brand is None:
            return
        brand = self.brand

        def apply(text: str) -> str:
            saved, remarked = apply_handles(self.store, brand, split_handles(text))
            return f"Handles of {saved.name}: {', '.join(saved.handles) or 'none'} ({describe(remarked)})"

        def done(message: str | None) -> None:
            if message is not None:
                self.app.notify(visible(message), markup=False)
            self.reload()

        self.app.push_screen(
            PromptScreen(
                f"Our handles on {visible(brand.name)}",
                value=", ".join(brand.handles),
                placeholder="@ourpage, Our Brand Official",
                hint="comma-separated; comments by them are ours: never open work, "
                "and the thread they answer counts as answered",
                parse=apply,
            ),
            done,
        )

    def action_rules(self) -> None:
        from smmdesk.tui.brand.rules import RulesScreen

        if self.brand is None:
            return
        self.app.push_screen(RulesScreen(self.store, self.brand), lambda _: self.reload())

    def action_value_proposition(self) -> None:
        assert self.brief is not None or self.brand is None
        current = self.brief.value_proposition if self.brief else ""
        self._prompt(
            "Value proposition",
            lambda b, text: setattr(b, "value_proposition", text.strip()),
            value=current,
            placeholder="what we offer, to whom, and why us",
        )

    def action_add(self, kind: str) -> None:
        attr, _, placeholder = ITEM_KINDS[kind]

        def change(brief: Brief, text: str) -> None:
            getattr(brief, attr).append(parse_item(kind, text))

        self._prompt(f"Add {kind}", change, placeholder=placeholder)

    def action_remove(self) -> None:
        def change(brief: Brief, text: str) -> None:
            name = text.strip().casefold()
            for attr in ("audiences", "competitors", "channels"):
                items = getattr(brief, attr)
                kept = [item for item in items if item.name.casefold() != name]
                if len(kept) != len(items):
                    setattr(brief, attr, kept)
                    return
            raise UserError(f"no audience, competitor or channel named {text.strip()!r}, name")

        self._prompt("Remove an audience, competitor or channel", change, placeholder="its name")
