"""Import from inside the app: a path, a brand, a worker with a progress bar, then a toast."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, ProgressBar, Static
from textual.worker import get_current_worker

from smmdesk.brand.brands import list_brands
from smmdesk.errors import UserError
from smmdesk.inbox.formats import FORMATS
from smmdesk.store.db import is_busy, user_error_for
from smmdesk.tui.widgets.safe import SafeInput, shown

# The import's own connection waits this long for another writer, then says so and waits again.
IMPORT_BUSY_TIMEOUT_MS = 2000


class ImportScreen(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "close", "Close", id="import.close")]

    def __init__(self, store):
        super().__init__()
        self.store = store
        self.imported = False
        self.running = False

    def compose(self) -> ComposeResult:
        brands = list_brands(self.store)
        with Vertical(classes="dialog wide"):
            yield Label("Import comments", classes="dialog-title")
            yield SafeInput(
                placeholder=f"path to an export file ({', '.join(FORMATS)})", id="import-path"
            )
            yield SafeInput(
                brands[0].slug if brands else "",
                placeholder="brand (slug or name; created if new)",
                id="import-brand",
            )
            yield SafeInput(
                placeholder="preset (optional: a column mapping from `smmdesk preset add`)",
                id="import-preset",
            )
            yield ProgressBar(total=None, show_eta=False, id="import-progress")
            known = ", ".join(b.slug for b in brands) or "none yet"
            with Vertical(classes="foot"):
                yield Static("", id="import-status")
                yield Static(
                    Text(f"brands: {known} · Enter to import · Esc to close"), classes="hint"
                )

    def on_mount(self) -> None:
        self.query_one("#import-progress").display = False
        self.query_one("#import-path", Input).focus()

    @on(Input.Submitted)
    def start(self, event: Input.Submitted) -> None:
        event.stop()
        if self.running:
            return
        path = self.query_one("#import-path", Input).value.strip()
        brand = self.query_one("#import-brand", Input).value.strip()
        preset = self.query_one("#import-preset", Input).value.strip()
        if not path or not brand:
            self.status("type a file path and a brand", error=True)
            return
        self.running = True
        self.query_one("#import-progress").display = True
        self.status(f"importing {path}…")
        self.run_import(Path(path).expanduser(), brand, preset)

    @work(thread=True, exclusive=True)
    def run_import(self, path: Path, brand_name: str, preset: str = "") -> None:
        # The worker has its own connection: SQLite connections stay in their thread.
        from smmdesk.inbox.importer import import_files
        from smmdesk.inbox.presets import preset_mapping
        from smmdesk.store import open_store

        def progress(done: int, total: int | None) -> None:
            self.app.call_from_thread(self.show_progress, done, total)

        worker = get_current_worker()
        told = False
        while True:
            try:
                with open_store(self.store.path) as store:
                    store.set_busy_timeout(IMPORT_BUSY_TIMEOUT_MS)
                    # The brand is created in the import's transaction: a failure leaves neither.
                    mapping = preset_mapping(store, preset) if preset else ()
                    summary = import_files(
                        store, [path], brand_name, progress=progress, mapping=mapping
                    )[0]
                break
            except UserError as exc:
                self.app.call_from_thread(self.finished, str(exc), True)
                return
            except sqlite3.Error as exc:
                # Another process writes; nothing of this file is stored yet (one transaction).
                if not (isinstance(exc, sqlite3.OperationalError) and is_busy(exc)):
                    mapped = user_error_for(exc, self.store.path)  # damaged file, disk full
                    if mapped is None:
                        raise
                    self.app.call_from_thread(self.finished, str(mapped), True)
                    return
                if worker.is_cancelled:  # the app is closing
                    return
                if not told:
                    told = True
                    self.app.call_from_thread(
                        self.status,
                        "The database is busy (another process is writing): "
                        "the import starts as soon as it is free",
                    )
        self.app.call_from_thread(self.finished, summary.line(), False)

    def show_progress(self, done: int, total: int | None) -> None:
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=total, progress=done)

    def finished(self, message: str, error: bool) -> None:
        self.running = False
        self.query_one("#import-progress").display = False
        self.status(message, error=error)
        if not error:
            self.imported = True
            self.app.notify(message, title="Import", markup=False)
            self.dismiss(True)

    def status(self, message: str, *, error: bool = False) -> None:
        self.query_one("#import-status", Static).update(
            shown(message, style="bold red" if error else "")
        )

    def action_close(self) -> None:
        if not self.running:
            self.dismiss(self.imported)
