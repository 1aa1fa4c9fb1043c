"""Small modal screens: a prompt, a confirmation, the help screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from smmdesk.errors import UserError
from smmdesk.tui.keys import find, prose
from smmdesk.tui.keys import shown as key_shown
from smmdesk.tui.widgets.safe import SafeInput, shown
from smmdesk.tui.writes import Write

if TYPE_CHECKING:
    from smmdesk.tui.app import SmmdeskApp


class PromptScreen(ModalScreen):
    """Ask for one line. ``parse`` turns it into a value or raises UserError (shown inline).

    With ``write`` (what it does, for the toast) ``parse`` also writes, and runs
    through the app's write queue: while the database is busy the prompt stays
    open and waits; Esc gives up.
    """

    app: SmmdeskApp  # for mypy: Textual types it App, this is the one it runs in
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(
        self,
        title: str,
        *,
        value: str = "",
        placeholder: str = "",
        hint: str = "",
        parse: Callable[[str], object] | None = None,
        write: str | None = None,
    ):
        super().__init__()
        self.prompt_title = title
        self.value = value
        self.placeholder = placeholder
        self.hint = hint
        self.parse = parse or (lambda text: text)
        self.write_name = write
        self.pending: Write | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(shown(self.prompt_title), classes="dialog-title")
            yield SafeInput(self.value, placeholder=self.placeholder, id="prompt-input")
            with Vertical(classes="foot"):
                yield Static("", id="prompt-error", classes="error")
                yield Static(shown(self.hint), id="prompt-hint", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = self.query_one("#prompt-input", SafeInput).data  # the stored text when untouched
        if self.write_name is not None:
            if self.pending is None or not self.pending.pending:
                self.pending = self.app.write(
                    self.write_name,
                    lambda: self.parse(text),
                    self.dismiss,
                    failed=self.show_error,
                    owner=self,
                    waiting=lambda: self.query_one("#prompt-error", Static).update(
                        Text(
                            "The database is busy (another process is writing): saved as soon as it is free "
                            "(Esc gives up)"
                        )
                    ),
                )
            return
        try:
            result = self.parse(text)
        except UserError as exc:
            self.show_error(exc)
            return
        self.dismiss(result)

    def show_error(self, exc: UserError) -> None:
        self.query_one("#prompt-error", Static).update(shown(str(exc)))

    def action_cancel(self) -> None:
        if self.pending is not None and self.pending.pending:
            self.pending.cancel()
            self.app.notify(f"Not done: {self.write_name}", severity="warning", markup=False)
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    app: SmmdeskApp  # for mypy: Textual types it App, this is the one it runs in
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", id="confirm.no"),
        Binding("escape", "answer(False)", "Cancel", id="confirm.cancel"),
    ]

    def __init__(self, question: str):
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(shown(self.question), classes="dialog-title")
            with Vertical(classes="foot"):
                yes = key_shown(self.app.keymap, find(self, "confirm.yes"), every=True)
                no = [find(self, "confirm.no"), find(self, "confirm.cancel")]
                no_keys = " / ".join(key_shown(self.app.keymap, b, every=True) for b in no)
                yield Static(f"{yes}: yes   {no_keys}: no", classes="hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class HelpScreen(ModalScreen):
    """Every key of the place you came from, and the app-wide ones."""

    app: SmmdeskApp  # for mypy: Textual types it App, this is the one it runs in

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", id="help.close")]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]):
        super().__init__()
        self.sections = sections

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.dismiss()

    def compose(self) -> ComposeResult:
        text = Text()
        for title, keys in self.sections:
            text.append(f"{title}\n", style="bold")
            for key, description in keys:
                text.append(f"  {key:<16}", style="bold cyan")
                text.append(f"{description}\n")
            text.append("\n")
        close = key_shown(self.app.keymap, find(self, "help.close"))
        palette = prose(self.app.COMMAND_PALETTE_BINDING)
        text.append(f"{close} closes this help · {palette} opens the command palette", style="dim")
        with Vertical(classes="dialog help"):
            yield Label("Keys", classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(text)
