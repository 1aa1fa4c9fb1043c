"""The Textual app: Inbox, Calendar and Report sections under one header and footer."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Header, Tab, Tabs

from smmdesk.inbox import queue
from smmdesk.store import Store
from smmdesk.textsafe import visible
from smmdesk.tui.background import Debounced
from smmdesk.tui.inbox.view import InboxView
from smmdesk.tui.writes import Write, Writes

EXTERNAL_CHECK_S = 2.0
QUIT_AGAIN_S = 5.0
WRITE_BUSY_TIMEOUT_MS = 50
SECTIONS = (
    ("inbox", "Inbox", "f1"),
    ("calendar", "Calendar", "f2"),
    ("report", "Report", "f3"),
    ("brand", "Brand", "f4"),
)


class SmmdeskApp(App):
    TITLE = "smmdesk"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("f1", "section('inbox')", "Inbox", tooltip="The feedback inbox"),
        Binding("f2", "section('calendar')", "Calendar", tooltip="The content calendar"),
        Binding("f3", "section('report')", "Report", tooltip="Response times and sentiment"),
        Binding(
            "f4", "section('brand')", "Brand", tooltip="The brand's brief: strategy, tone, targets"
        ),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, store: Store):
        super().__init__()
        self.store = store
        # A write waits at most this long for another process's lock (enough for a
        # small commit to finish), then waits in the write queue (tui/writes.py),
        # retried from a timer: the screen never freezes on a busy file.
        store.set_busy_timeout(WRITE_BUSY_TIMEOUT_MS)
        self.writes = Writes(self)
        self.crash: Exception | None = None
        self.quit_asked = False
        self.header_counter = Debounced(self, self.count_header)

    # Every toast and title passes the one sanitizer; a toast's markup is never parsed.
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity="information",
        timeout=None,
        markup: bool = False,
    ) -> None:
        super().notify(
            visible(str(message), keep_newlines=True),
            title=visible(str(title)),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def validate_title(self, title) -> str:
        return visible(str(title))

    def validate_sub_title(self, sub_title) -> str:
        return visible(str(sub_title))

    def write(
        self,
        name: str,
        run: Callable[[], Any],
        done: Callable[[Any], object] | None = None,
        **callbacks,
    ) -> Write:
        """Every write of every screen: waits its turn while the database is busy (``tui/writes``)."""
        return self.writes.submit(name, run, done, **callbacks)

    async def action_quit(self) -> None:
        """Quit; if changes still wait for the database, say so first (a second q quits anyway)."""
        waiting = [w.name for w in self.writes.queue if w.pending]
        if waiting and not self.quit_asked:
            self.quit_asked = True
            self.set_timer(QUIT_AGAIN_S, lambda: setattr(self, "quit_asked", False))
            self.notify(
                f"Still waiting for the database: {', '.join(waiting)}. q again to quit without "
                f"{'it' if len(waiting) == 1 else 'them'}",
                severity="warning",
                markup=False,
            )
            return
        self.exit()

    def _handle_exception(self, error: Exception) -> None:
        """An unhandled error ends the app; the CLI writes it to a crash log (``smmdesk.crashlog``).

        Textual's own report, printed on exit, is a traceback with local variables
        (comment text, drafts): it is not printed; the CLI prints one line instead.
        """
        if self.crash is None:
            self.crash = error
        super()._handle_exception(error)
        self._exit_renderables.clear()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Tabs(
            *(Tab(f"{title} [{key.upper()}]", id=f"tab-{name}") for name, title, key in SECTIONS),
            id="sections",
        )
        with ContentSwitcher(initial="inbox", id="switcher"):
            yield InboxView(self.store, id="inbox")
        yield Footer()

    def make_section(self, name: str):
        """Calendar and Report are built on first visit: startup only pays for the inbox."""
        if name == "calendar":
            from smmdesk.tui.calendar.view import CalendarView

            return CalendarView(self.store, id="calendar")
        if name == "brand":
            from smmdesk.tui.brand.view import BriefView

            return BriefView(self.store, id="brand")
        from smmdesk.tui.report.view import ReportView

        return ReportView(self.store, id="report")

    def on_mount(self) -> None:
        self.refresh_counts()
        self.data_version = self.store.data_version()
        self.set_interval(EXTERNAL_CHECK_S, self.check_external_changes)

    def check_external_changes(self) -> None:
        """Another process (an import, a second session) committed: show it."""
        try:
            version = self.store.data_version()
        except sqlite3.Error:  # a failing read (disk I/O): the next tick tries again
            return
        if version == self.data_version:
            return
        self.data_version = version
        inbox = self.query_one(InboxView)
        current = inbox.current()
        inbox.reload(keep=current.id if current else None)

    async def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        await self.show_section((event.tab.id or "").removeprefix("tab-"))

    def action_section(self, name: str) -> None:
        self.query_one(Tabs).active = f"tab-{name}"

    async def show_section(self, name: str) -> None:
        switcher = self.query_one(ContentSwitcher)
        if not switcher.query(f"#{name}"):
            await switcher.mount(self.make_section(name))
        switcher.current = name
        view = switcher.query_one(f"#{name}")
        if hasattr(view, "on_show_section"):
            view.on_show_section()
        view.focus_main()  # type: ignore[attr-defined]  # every section view defines it

    def refresh_counts(self, brand_id: int | None = None) -> None:
        """The header: which brand the inbox shows, and its open / negative / overdue counts.

        Counting a large inbox takes a while, so it runs in a thread; keys never wait for it.
        """
        self.header_counter.request(brand_id)

    def count_header(self, brand_id: int | None) -> None:
        """In a worker thread: count, then show the counts on the main thread."""
        from smmdesk.brand.brands import list_brands
        from smmdesk.textsafe import visible

        with self.store.reader() as reader:  # SQLite connections stay in their own thread
            counts = queue.header_counts(reader, brand_id)
            brand = next(
                (visible(b.name) for b in list_brands(reader) if b.id == brand_id), "all brands"
            )
        self.call_from_thread(
            setattr,
            self,
            "sub_title",
            f"{brand} · {counts['open']} open · {counts['negative']} negative · "
            f"{counts['overdue']} overdue",
        )

    def counting_idle(self) -> bool:
        """No count waiting or running (tests wait for this before reading the header)."""
        inbox = self.query_one(InboxView)
        return self.header_counter.idle and inbox.view_counter.idle

    def action_help(self) -> None:
        from smmdesk.tui.widgets.modals import HelpScreen

        self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        switcher = self.query_one(ContentSwitcher)
        view = switcher.query_one(f"#{switcher.current}")
        sections = []
        for node in (view, *view.query("*")):
            if not type(node).__module__.startswith("smmdesk"):
                continue  # Textual's own widgets list their editing keys in the palette
            keys = self._bindings_of(node)
            if keys:
                sections.append(
                    (f"{(switcher.current or '').title()} · {type(node).__name__}", keys)
                )
        sections.append(("Everywhere", self._bindings_of(self)))
        return _dedupe(sections)

    def _bindings_of(self, node) -> list[tuple[str, str]]:
        keys = []
        for binding in getattr(node, "BINDINGS", []):
            if isinstance(binding, tuple):
                binding = Binding(*binding)
            if binding.description:
                shown = " / ".join(
                    self.get_key_display(Binding(key, "")) for key in binding.key.split(",")
                )
                keys.append((shown, binding.description))
        return keys

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every binding of the focused place is also a palette command."""
        yield from super().get_system_commands(screen)
        seen = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.action in seen or binding.system:
                continue
            seen.add(binding.action)
            node = active.node
            yield SystemCommand(
                binding.description,
                f"{binding.tooltip or binding.description} (key: {binding.key_display or key})",
                lambda action=binding.action, node=node: self.run_action(action, node),
            )


def _dedupe(sections):
    seen, out = set(), []
    for title, keys in sections:
        fresh = [k for k in keys if k not in seen]
        seen.update(fresh)
        if fresh:
            out.append((title, fresh))
    return out
