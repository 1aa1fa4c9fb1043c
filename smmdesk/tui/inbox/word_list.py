"""The brand word list dialog (``W`` in the Inbox): extra sentiment words, phrases and stems.

Type ``phrase valence`` (``refund -2``, ``не працює -3``, ``розетк* -1``) and
Enter to add or change an entry; ``d`` removes the highlighted one. Every change
rescores the brand's open comments at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static

from smmdesk.errors import UserError
from smmdesk.inbox import lexicon
from smmdesk.store.models import Brand
from smmdesk.textsafe import visible
from smmdesk.tui.widgets.safe import SafeInput, shown
from smmdesk.tui.writes import Write

if TYPE_CHECKING:
    from smmdesk.tui.app import SmmdeskApp


def parse_line(line: str) -> tuple[str, str]:
    """``phrase valence`` -> (phrase, valence text); the valence is the last word."""
    phrase, _, valence = line.strip().rpartition(" ")
    if not phrase or not valence:
        raise UserError(
            "type a word or phrase, then its valence from -4 to 4 (refund -2), word list"
        )
    return phrase, valence


class WordListScreen(ModalScreen[bool]):
    """Dismisses with True when the list changed (the queue is then reloaded)."""

    app: SmmdeskApp  # for mypy: Textual types it App, this is the one it runs in
    BINDINGS = [
        Binding("escape", "close", "Close", id="words.close"),
        Binding(
            "d,delete", "remove", "Remove", tooltip="Remove the highlighted word", id="words.remove"
        ),
    ]

    def __init__(self, store, brand: Brand):
        super().__init__()
        self.store = store
        self.brand = brand
        self.changed = False
        self.pending: list[Write] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Text(f"Word list of {visible(self.brand.name)}"), classes="dialog-title")
            yield DataTable(id="words", cursor_type="row", zebra_stripes=True)
            yield SafeInput(
                placeholder="phrase valence — refund -2, не працює -3, розетк* -1", id="word-input"
            )
            with Vertical(classes="foot"):
                yield Static("", id="word-status", classes="hint")
                yield Static("", id="word-error", classes="error")
                yield Static(
                    "Enter add or change · d remove · Esc close · valence -4..4, * ends a stem",
                    classes="hint",
                )

    def on_mount(self) -> None:
        table = self.query_one("#words", DataTable)
        table.add_column("valence", key="valence", width=8)
        table.add_column("word or phrase", key="phrase")
        self.fill()
        self.query_one("#word-input", Input).focus()

    def fill(self) -> None:
        table = self.query_one("#words", DataTable)
        table.clear()
        for entry in lexicon.list_words(self.store, self.brand):
            style = "red" if entry.valence < 0 else "green"
            table.add_row(
                Text(f"{entry.valence:+.1f}", style=style),
                Text(visible(entry.phrase)),
                key=entry.phrase,
            )

    def report(self, change: lexicon.Change, what: str) -> None:
        self.changed = True
        self.query_one("#word-error", Static).update("")
        self.query_one("#word-status", Static).update(
            Text(
                f"{what}; {change.rescored} open comments rescored, {change.changed_band} changed tone"
            )
        )
        self.fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            phrase, valence = parse_line(event.value)
        except UserError as exc:
            self.show_error(exc)
            return

        def done(change: lexicon.Change) -> None:
            if event.input.value == event.value:
                event.input.value = ""
            assert change.entry is not None
            self.report(change, f"{visible(change.entry.phrase)} {change.entry.valence:+.1f}")

        self.write(
            f"adding {visible(phrase)!r} to the word list",
            lambda: lexicon.add_word(self.store, self.brand, phrase, valence),
            done,
        )

    def action_remove(self) -> None:
        table = self.query_one("#words", DataTable)
        if self.focused is not table or table.row_count == 0:
            if self.focused is not table:
                table.focus()
            return
        phrase = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if phrase is None:  # every row is added with its phrase as its key
            return
        self.write(
            f"removing {visible(phrase)!r} from the word list",
            lambda: lexicon.remove_word(self.store, self.brand, phrase),
            lambda change: self.report(change, f"{visible(phrase)} removed"),
        )

    def write(self, name: str, run, done) -> None:
        """Through the app's write queue: a busy database waits, in order; a mistake shows inline."""
        self.pending = [w for w in self.pending if w.pending]
        self.pending.append(
            self.app.write(
                name,
                run,
                done,
                failed=self.show_error,
                owner=self,
                waiting=lambda: self.query_one("#word-status", Static).update(
                    Text(
                        f"The database is busy (another process is writing): {name} as soon as it is free"
                    )
                ),
            )
        )

    def show_error(self, exc: UserError) -> None:
        self.query_one("#word-error", Static).update(shown(str(exc)))

    def action_close(self) -> None:
        waiting = [w for w in self.pending if w.pending]
        for write in waiting:
            write.cancel()
        if waiting:
            self.app.notify(
                f"Not done: {', '.join(w.name for w in waiting)}", severity="warning", markup=False
            )
        self.dismiss(self.changed)
