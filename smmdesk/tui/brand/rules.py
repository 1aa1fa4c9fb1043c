"""The Brand section's rules: the brand's moderation rules in order, added, removed, moved, tried.

The rules are ``inbox.rules``'s (the grammar of ``smmdesk rule add --if --then``); every
change goes through the app's write queue, a mistake shows in the dialog, one line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from smmdesk.errors import UserError
from smmdesk.inbox import rules
from smmdesk.inbox.rules import RuleSpec
from smmdesk.store.models import Brand
from smmdesk.textsafe import one_line, visible
from smmdesk.tui import keys
from smmdesk.tui.widgets.safe import SafeInput, shown
from smmdesk.tui.writes import Write

if TYPE_CHECKING:
    from smmdesk.tui.app import SmmdeskApp

RULES_HINT = (
    ("rules.add", "add"),
    ("rules.remove", "remove"),
    ("rules.up", "up"),
    ("rules.down", "down"),
    ("rules.test", "test"),
    ("rules.close", "close"),
)
IF_HINT = "keywords: refund, поверн* ; platform: telegram"
THEN_HINT = "label: refund ; assign: olha ; continue"


def _short(text: str, width: int = 66) -> str:
    """One example on one line of the smallest dialog."""
    return text if len(text) <= width else text[: width - 1] + "…"


class RuleForm(ModalScreen):
    """A new rule: its name, its conditions and its actions as ``rule add`` takes them."""

    app: SmmdeskApp  # for mypy: Textual types it App, this is the one it runs in
    BINDINGS = [
        Binding("ctrl+s", "save", "Save rule", priority=True, id="rule.save"),
        Binding("escape", "cancel", "Cancel", id="rule.cancel"),
    ]

    def __init__(self, store, brand: Brand):
        super().__init__()
        self.store = store
        self.brand = brand
        self.pending: Write | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="rule-form"):
            yield Label(Text(f"New rule for {visible(self.brand.name)}"), classes="dialog-title")
            yield Label("Name (lowercase letters, digits, - or _)")
            yield SafeInput(placeholder="refunds", id="rule-name")
            yield Label("If (every condition must hold; ; between them)")
            yield SafeInput(placeholder=IF_HINT, id="rule-if")
            yield Label("Then (; between actions; continue: the next rule applies too)")
            yield SafeInput(placeholder=THEN_HINT, id="rule-then")
            with Vertical(classes="foot"):
                yield Static("", id="rule-error", classes="error")
                yield Static(
                    keys.hint(self, (("rule.save", "save"), ("rule.cancel", "cancel")))
                    + " · README: Moderation rules",
                    classes="hint",
                )

    def value(self, key: str) -> str:
        return self.query_one(f"#rule-{key}", SafeInput).data

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_save(self) -> None:
        if self.pending is not None and self.pending.pending:
            return
        spec = RuleSpec(
            self.value("name").strip(),
            rules.split_parts(self.value("if")),
            rules.split_parts(self.value("then")),
        )
        store, brand = self.store, self.brand
        self.pending = self.app.write(
            f"adding the rule {spec.name}",
            lambda: rules.add_rule(store, brand, spec),
            lambda _: self.dismiss(spec.name),
            failed=self.show_error,
            owner=self,
        )

    def show_error(self, exc: UserError) -> None:
        self.query_one("#rule-error", Static).update(Text(visible(str(exc)), style="bold red"))

    def action_cancel(self) -> None:
        if self.pending is not None and self.pending.pending:
            self.pending.cancel()
        self.dismiss(None)


class RulesScreen(ModalScreen):
    """The brand's rules in the order they are tried; the highlighted one is the one acted on."""

    app: SmmdeskApp  # for mypy: Textual types it App, this is the one it runs in
    BINDINGS = [
        Binding("a", "add", "Add rule", id="rules.add"),
        Binding("d", "remove", "Remove rule", id="rules.remove"),
        Binding("K", "move(-1)", "Move up", tooltip="Tried earlier", id="rules.up"),
        Binding("J", "move(1)", "Move down", tooltip="Tried later", id="rules.down"),
        Binding(
            "t",
            "test",
            "Test rule",
            tooltip="How many open comments it matches, and five of them",
            id="rules.test",
        ),
        Binding("escape", "close", "Close", id="rules.close"),
    ]

    def __init__(self, store, brand: Brand):
        super().__init__()
        self.store = store
        self.brand = brand
        self.specs: list[RuleSpec] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="rules-dialog"):
            yield Label(
                Text(
                    f"Rules of {visible(self.brand.name)}: tried in order, the first match applies"
                ),
                classes="dialog-title",
            )
            yield OptionList(id="rules-list")
            yield Static("", id="rules-info")
            with Vertical(classes="foot"):
                yield Static("", id="rules-error", classes="error")
                yield Static(keys.hint(self, RULES_HINT), classes="hint")

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#rules-list", OptionList).focus()

    def reload(self, highlight: str | None = None) -> None:
        self.specs = rules.list_rules(self.store, self.brand)
        listing = self.query_one("#rules-list", OptionList)
        listing.clear_options()
        listing.add_options(
            [
                Option(shown(f"{n}. {spec.name}: {rules.describe(spec)}"), id=spec.name)
                for n, spec in enumerate(self.specs, 1)
            ]
        )
        if not self.specs:
            self.info(f"No rules yet: {keys.key(self, 'rules.add')} adds one")
        names = [s.name for s in self.specs]
        if names:
            listing.highlighted = names.index(highlight) if highlight in names else 0

    def current(self) -> RuleSpec | None:
        index = self.query_one("#rules-list", OptionList).highlighted
        return self.specs[index] if index is not None and index < len(self.specs) else None

    def info(self, text: str) -> None:
        self.query_one("#rules-info", Static).update(shown(text))

    def show_error(self, exc: UserError) -> None:
        self.query_one("#rules-error", Static).update(Text(visible(str(exc)), style="bold red"))

    def changed(self, highlight: str | None = None) -> None:
        self.query_one("#rules-error", Static).update("")
        self.reload(highlight)

    def action_add(self) -> None:
        def done(name: str | None) -> None:
            if name is not None:
                self.info(
                    f"Rule {name} added: it runs on new comments ({keys.key(self, 'rules.test')} tries it)"
                )
                self.changed(name)

        self.app.push_screen(RuleForm(self.store, self.brand), done)

    def action_remove(self) -> None:
        from smmdesk.tui.widgets.modals import ConfirmScreen

        spec = self.current()
        if spec is None:
            return
        store, brand = self.store, self.brand

        def answer(yes: bool | None) -> None:
            if yes:
                self.app.write(
                    f"removing the rule {spec.name}",
                    lambda: rules.remove_rule(store, brand, spec.name),
                    lambda _: self.changed(),
                    failed=self.show_error,
                    owner=self,
                )

        self.app.push_screen(ConfirmScreen(f"Remove the rule {spec.name}?"), answer)

    def action_move(self, by: int) -> None:
        spec = self.current()
        if spec is None:
            return
        to = self.specs.index(spec) + 1 + by
        if not 1 <= to <= len(self.specs):
            return
        store, brand = self.store, self.brand
        self.app.write(
            f"moving the rule {spec.name}",
            lambda: rules.move_rule(store, brand, spec.name, to),
            lambda _: self.changed(spec.name),
            failed=self.show_error,
            owner=self,
        )

    def action_test(self) -> None:
        spec = self.current()
        if spec is None:
            return
        try:
            result = rules.dry_run(self.store, self.brand, spec.name)
        except UserError as exc:
            self.show_error(exc)
            return
        lines = [f"{result.rule} matches {result.matched} open comments"]
        lines += [f"  {_short(one_line(f'{c.author}: {c.text}'))}" for c in result.examples]
        self.info("\n".join(lines))

    def action_close(self) -> None:
        self.dismiss(None)
