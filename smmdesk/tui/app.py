"""The Textual app: Inbox, Calendar and Report sections under one header and footer."""

from __future__ import annotations

import gc
import sqlite3
import time
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, TypeVar

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Header, Static, Tab, Tabs
from textual.worker import get_current_worker

from smmdesk.config import Config, line_of
from smmdesk.errors import UserError
from smmdesk.inbox import queue
from smmdesk.store import Store
from smmdesk.sync.status import SyncStatus
from smmdesk.textsafe import one_line, visible
from smmdesk.timeutil import utc_now
from smmdesk.tui import keys
from smmdesk.tui.background import QUIET_S, Debounced
from smmdesk.tui.inbox.view import InboxView
from smmdesk.tui.palette import section_provider
from smmdesk.tui.section import (
    SECTIONS,
    BrandChanged,
    CountsChanged,
    PublishNow,
    SectionView,
    section_named,
)
from smmdesk.tui.widgets.footer import DeskFooter
from smmdesk.tui.writes import Write, Writes

EXTERNAL_CHECK_S = 2.0
QUIT_AGAIN_S = 5.0
WRITE_BUSY_TIMEOUT_MS = 50
CHECKPOINT_AT_PAGES = 20_000  # ~80 MB of log: only if keys never pause for QUIET_S
# The sync's own connection waits this long for another writer (a page is one transaction).
SYNC_BUSY_TIMEOUT_MS = 5000
MINUTE_S = 60.0  # [sync] every_minutes is counted in these
SYNC_AGE_EVERY_S = 30.0  # "synced 5 min ago" is redrawn this often (no read)
WARM_UP_AFTER_S = 1.0  # the first frame is long drawn; keys are not pressed this soon
# What the first triage key would import (the spam model's patterns, the calendar feed every
# write refreshes: ~70 ms): loaded once the inbox is shown, so that key does not wait for it.
WARM_UP = ("smmdesk.inbox.spam", "smmdesk.calendar.feed")
NARROW_BELOW = 100  # columns: the sync status leaves out the time when more is to say
SYNC_STYLES = {"synced": "dim", "outbox": "", "failed": "bold red", "offline": "bold red"}


W = TypeVar("W", bound=Widget)


class HeaderCounts(NamedTuple):
    """The header's counts: whose (None: all brands), its shown name, open/negative/overdue."""

    brand_id: int | None
    brand: str
    counts: dict[str, int]


class SyncCancelled(Exception):
    """The app is closing: the sync stops between two steps (each step is committed)."""


class SmmdeskApp(App):
    TITLE = "smmdesk"
    CSS_PATH = "app.tcss"
    # Textual's own commands (themes, keys, quit) and one provider per section.
    COMMANDS = App.COMMANDS | {section_provider(section) for section in SECTIONS}
    BINDINGS = [
        *(
            Binding(
                section.key,
                f"section('{section.name}')",
                section.title,
                tooltip=section.tooltip,
                id=section.binding_id,
            )
            for section in SECTIONS
        ),
        Binding(
            "S",
            "sync",
            "Sync",
            tooltip="Sync now: send the outbox, publish due posts, pull new comments",
            id="app.sync",
        ),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(self, store: Store, config: Config | None = None, config_error: str | None = None):
        super().__init__()
        self.store = store
        # config.toml (smmdesk/config.py), loaded by the CLI: None in tests that do not care.
        self.config = config or Config()
        self.config_errors = [config_error] if config_error else []
        self.keymap: dict[str, str] = dict(self.config.keymap)
        if self.config.settings():
            store.overrides.update(self.config.settings())
        if self.config.theme:
            if self.config.theme in self.available_themes:
                self.theme = self.config.theme
            else:
                line = self.config.path and line_of_theme(self.config.path)
                self.config_errors.append(
                    f"{line}: unknown theme {self.config.theme!r}; the default is used"
                )
        self.saved_theme = self.theme
        self.brands_shown: dict[str, int | None] = {}  # what each section's b chose last
        # A write waits at most this long for another process's lock (enough for a
        # small commit to finish), then waits in the write queue (tui/writes.py),
        # retried from a timer: the screen never freezes on a busy file.
        store.set_busy_timeout(WRITE_BUSY_TIMEOUT_MS)
        # The log is copied into the file when keys pause (``checkpointer``), not by the
        # commit of the key that fills it; this is the bound if they never pause.
        store.checkpoint_on_commit(CHECKPOINT_AT_PAGES)
        self.checkpointer = Debounced(
            self,
            self.store.checkpoint,
            gave_up="could not copy the database's log into it ({error}); "
            "it is tried again after the next changes",
        )
        self.written_at: float | None = None  # the last write asked, not yet checkpointed
        self.writes = Writes(self)
        self.crash: Exception | None = None
        self.quit_asked = False
        self.header_counter = Debounced(self, self.count_header)
        self.header: HeaderCounts | None = None  # the counts shown, as last counted and moved since
        self.header_moves = 0  # how many times keys moved them (a count under way may miss one)
        self.sync_status: SyncStatus | None = None  # None: no accounts (nothing shown)
        self.syncing = False

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

    # The counts live in the sub-title and move on every triage key: only the header's title
    # repaints (its watcher), not the whole screen (Textual's default for the app's titles).
    sub_title: Reactive[str] = Reactive("", compute=False, repaint=False)

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
        """Every write of every screen: waits its turn while the database is busy (``tui/writes``);
        the log is checkpointed once writes pause (``checkpoint_if_quiet``)."""
        self.written_at = time.monotonic()
        return self.writes.submit(name, run, done, **callbacks)

    def checkpoint_if_quiet(self) -> None:
        """Every QUIET_S: after writes that have paused that long, the log into the file, in a
        thread (no timer set per key: a key's path stays as short as it was)."""
        if self.written_at is not None and time.monotonic() - self.written_at >= QUIET_S:
            self.written_at = None
            self.checkpointer.request()

    async def action_quit(self) -> None:
        """Quit; if changes still wait for the database, say so first (a second q quits anyway)."""
        while self.writes.frame_due:  # keys' writes waiting for a frame, not for the lock,
            self.writes.drain()  # are applied now (a drain stops at each one)
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
        with Horizontal(id="top-bar"):
            yield Tabs(
                # Its key as bound now (a label "Inbox [F1]" was read as markup: it showed "Inbox").
                *(
                    Tab(
                        Text(f"{section.title} {keys.key(self, section.binding_id)}"),
                        id=f"tab-{section.name}",
                    )
                    for section in SECTIONS
                ),
                id="sections",
            )
            # The sync: its last time, the outbox, offline (only once the desk has accounts).
            yield Static("", id="sync-status")
        with ContentSwitcher(initial="inbox", id="switcher"):
            yield SECTIONS[0].make(self.store)
        yield DeskFooter()

    def make_section(self, name: str) -> SectionView:
        return section_named(name).make(self.store)

    def on_counts_changed(self, message: CountsChanged) -> None:
        if message.delta is not None and self.move_header(message.brand_id, message.delta):
            # The time moves overdue, and a key may queue for the outbox: once keys pause.
            self.header_counter.request(message.brand_id, delay=QUIET_S)
            return
        self.refresh_counts(message.brand_id)

    def move_header(self, brand_id: int | None, delta: dict[str, int]) -> bool:
        """Move the counts shown by what triage keys changed; False: they show another brand."""
        if self.header is None or self.header.brand_id != brand_id:
            return False
        self.header_moves += 1
        counts = {key: value + delta.get(key, 0) for key, value in self.header.counts.items()}
        self.header = self.header._replace(counts=counts)
        self.show_header()
        return True

    def on_brand_changed(self, message: BrandChanged) -> None:
        self.brands_shown[message.section] = message.brand_id

    async def run_in_section(self, name: str, action: str) -> None:
        """A palette command: go to section ``name``, then run ``action`` on its view."""
        if self.query_one(ContentSwitcher).current != name:
            self.query_one(Tabs).active = f"tab-{name}"
            await self.show_section(name)
        await self.run_action(action, self.query_one(ContentSwitcher).query_one(f"#{name}"))

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        for error in self.config_errors:
            self.notify(error, severity="error", timeout=15)
        self.theme_changed_signal.subscribe(self, self.keep_theme)
        self.refresh_counts()
        self.data_version = self.store.data_version()
        self.set_interval(EXTERNAL_CHECK_S, self.check_external_changes)
        self.query_one("#sync-status", Static).display = False
        self.set_interval(SYNC_AGE_EVERY_S, self.show_sync_status)
        if self.config.sync_every_minutes:
            self.set_interval(self.config.sync_every_minutes * MINUTE_S, self.background_sync)
        self.set_timer(WARM_UP_AFTER_S, self.warm_up)
        self.set_interval(QUIET_S, self.checkpoint_if_quiet)

    @work(thread=True, group="warm-up", exit_on_error=False)
    def warm_up(self) -> None:
        """Import what the first write needs, off the main thread (the import lock makes a
        key that needs a module meanwhile wait for it, never import it twice)."""
        import importlib

        for name in WARM_UP:
            importlib.import_module(name)

    def keep_theme(self, theme) -> None:
        """A theme picked in the palette is written back to config.toml (only its line)."""
        if self.config.path is None or theme.name == self.saved_theme:
            return
        from smmdesk.config import save_theme

        try:
            save_theme(self.config.path, theme.name)
        except UserError as error:
            self.notify(str(error), severity="error")
            return
        self.saved_theme = theme.name

    def check_external_changes(self) -> None:
        """Another process (an import, a second session) committed: show it."""
        try:
            version = self.store.data_version()
        except sqlite3.Error:  # a failing read (disk I/O): the next tick tries again
            return
        if version == self.data_version:
            return
        self.data_version = version
        try:
            inbox = self.query_one(InboxView)
            current = inbox.current()
            inbox.reload(keep=current.id if current else None)
        except NoMatches:  # the app is closing: its widgets are being removed
            return
        self.sections_changed()

    def sections_changed(self) -> None:
        """The section shown (other than the inbox, which reloads itself) reads again; the
        others do when they are shown."""
        switcher = self.main(ContentSwitcher)
        if switcher is None or switcher.current in (None, "inbox"):
            return
        for view in switcher.query_children(SectionView):
            if view.id == switcher.current:
                view.data_changed()

    async def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        await self.show_section((event.tab.id or "").removeprefix("tab-"))

    def action_section(self, name: str) -> None:
        self.query_one(Tabs).active = f"tab-{name}"

    async def show_section(self, name: str) -> None:
        switcher = self.query_one(ContentSwitcher)
        if not switcher.query(f"#{name}"):
            await switcher.mount(self.make_section(name))
            # What a section builds once (its modules, widgets, styles) leaves the cyclic
            # collector's full scans, which otherwise stopped a key now and then for 50-200 ms
            # (bench: the calendar's `]`, ~120k objects scanned, most of them built once).
            gc.freeze()
        switcher.current = name
        view = switcher.query_one(f"#{name}", SectionView)
        view.on_show_section()
        # The first tab's activation at startup finds the inbox focused already: focusing it
        # again would repaint the whole queue for nothing (Widget.focus always refreshes).
        if not view.has_focus_within:
            view.focus_main()

    def refresh_counts(self, brand_id: int | None = None) -> None:
        """The header: which brand the inbox shows, and its open / negative / overdue counts.

        Counting a large inbox takes a while, so it runs in a thread; keys never wait for it.
        """
        self.header_counter.request(brand_id)

    def count_header(self, brand_id: int | None) -> None:
        """In a worker thread: count, then show the counts on the main thread."""
        from smmdesk.brand.brands import list_brands
        from smmdesk.sync import status
        from smmdesk.textsafe import visible

        moves = self.header_moves
        with self.store.reader() as reader:  # SQLite connections stay in their own thread
            counts = queue.header_counts(reader, brand_id)
            brand = next(
                (visible(b.name) for b in list_brands(reader) if b.id == brand_id), "all brands"
            )
            sync_status = status.of(reader, brand_id)
        self.call_from_thread(
            self.header_counted, HeaderCounts(brand_id, brand, counts), sync_status, moves
        )

    def header_counted(
        self, header: HeaderCounts, sync_status: SyncStatus | None, moves: int
    ) -> None:
        # A key that moved the counts while this ran may be missing from them, and so may a
        # key's write the screen shows but the database has not yet: the recount each asks for
        # (after this one, or once the write lands) tells; until then the moved counts stay.
        if (
            self.header is None
            or self.header.brand_id != header.brand_id
            or (moves == self.header_moves and not self.writes.shown_ahead)
        ):
            self.header = header
        self.sync_status = sync_status
        self.show_header()

    def show_header(self) -> None:
        if self.header is not None:
            counts = self.header.counts
            self.sub_title = (
                f"{self.header.brand} · {counts['open']} open · {counts['negative']} negative · "
                f"{counts['overdue']} overdue"
            )
        self.show_sync_status()

    def show_sync_status(self) -> None:
        """The last sync, the outbox and the offline mark; while a sync runs, its progress."""
        if self.syncing:
            return
        shown = self.main(Static, "#sync-status")
        if shown is None:  # closing
            return
        shown.display = self.sync_status is not None
        if self.sync_status is None:
            return
        line = Text()
        parts = self.sync_status.parts(utc_now(), compact=self.size.width < NARROW_BELOW)
        for index, (words, kind) in enumerate(parts):
            if index:
                line.append(" · ", style="dim")
            line.append(words, style=SYNC_STYLES[kind])
        shown.update(line)

    def show_sync_progress(self, line: str) -> None:
        shown = self.main(Static, "#sync-status")
        if shown is None:
            return
        shown.display = True
        shown.update(Text(f"⟳ {one_line(line)}", style="bold"))

    # --- sync ------------------------------------------------------------------------------

    def action_sync(self) -> None:
        self.start_sync(quiet=False)

    def background_sync(self) -> None:
        """``[sync] every_minutes``: as S, quietly; skipped while one runs."""
        self.start_sync(quiet=True)

    def start_sync(self, *, quiet: bool) -> None:
        if self.syncing:
            if not quiet:
                self.notify("A sync is running already: its progress is at the top right")
            return
        self.syncing = True
        self.show_sync_progress("syncing…")
        self.run_sync(quiet)

    def sync_hooks(self, worker) -> tuple[Callable[[str], None], Callable[[float], None]]:
        """A sync's progress (where stopping is safe) and its backoff, for ``worker``."""

        def progress(line: str) -> None:  # between two steps: where stopping is safe
            if worker.is_cancelled:
                raise SyncCancelled
            self.call_from_thread(self.show_sync_progress, line)

        def sleep(seconds: float) -> None:
            """A backoff that ends early when the app closes (the call then fails as usual)."""
            deadline = time.monotonic() + seconds
            while not worker.is_cancelled and time.monotonic() < deadline:
                time.sleep(min(0.1, max(0.0, deadline - time.monotonic())))

        return progress, sleep

    def in_own_store(self, job: Callable[[Store], Any]) -> tuple[Any, str | None]:
        """In a worker: ``job(store)`` on a connection of its own (config.toml's settings too);
        ``(its result, None)``, or ``(None, the one line)`` of a mistake or a failing file."""
        from smmdesk.store import open_store
        from smmdesk.store.db import user_error_for

        try:
            with open_store(self.store.path) as store:
                store.set_busy_timeout(SYNC_BUSY_TIMEOUT_MS)
                store.overrides = dict(self.store.overrides)  # targets rank, the grace
                return job(store), None
        except UserError as exc:
            return None, str(exc)
        except sqlite3.Error as exc:  # what was synced before it is kept (held page by page)
            mapped = user_error_for(exc, self.store.path)  # busy, damaged, disk full
            if mapped is None:
                raise
            return None, str(mapped)

    @work(thread=True, group="sync")
    def run_sync(self, quiet: bool) -> None:
        """Sync every connected account on a connection of its own, then say what it did."""
        from smmdesk.sync import accounts, engine

        progress, sleep = self.sync_hooks(get_current_worker())

        def job(store: Store):
            chosen = accounts.chosen(store)
            return engine.sync(store, chosen, progress=progress, sleep=sleep) if chosen else None

        try:
            report, error = self.in_own_store(job)
        except SyncCancelled:
            return
        if self.is_running:
            self.call_from_thread(self.sync_finished, report, error, quiet)

    # --- publishing one post now (the calendar's P) ----------------------------------------

    def on_publish_now(self, message: PublishNow) -> None:
        if self.syncing:
            self.notify(
                f"A sync is running: “{one_line(message.title)}” was not published; "
                "ask again after it (its progress is at the top right)",
                severity="warning",
            )
            return
        self.syncing = True
        self.show_sync_progress(f"publishing “{message.title}”…")
        self.run_publish(message.post_id, message.title)

    @work(thread=True, group="sync")
    def run_publish(self, post_id: int, title: str) -> None:
        """One post, now, through its account (confirmed: late or early), on a connection of
        its own: no reply is sent and nothing pulled."""
        from smmdesk.sync import engine, publish

        progress, sleep = self.sync_hooks(get_current_worker())

        def job(store: Store):
            wanted = publish.wanted(store, post_id)
            assert wanted.account is not None  # wanted says why when there is none
            report = engine.sync(
                store,
                [wanted.account],
                send=False,
                pull=False,
                publishing=publish.Options(only=frozenset({post_id})),
                progress=progress,
                sleep=sleep,
            )
            return report, publish.state_of(store, [post_id]).get(post_id)

        try:
            outcome, error = self.in_own_store(job)
        except SyncCancelled:
            return
        if self.is_running:
            self.call_from_thread(self.publish_finished, title, outcome, error)

    def publish_finished(self, title: str, outcome, error: str | None) -> None:
        self.syncing = False
        words, heading, severity = publish_toast(title, outcome, error)
        self.notify(
            words,
            title=heading,
            severity=severity,
            timeout=None if severity == "information" else 10,
        )
        self.refresh_counts()  # the sync status: its time, offline
        self.sections_changed()

    def sync_finished(self, report, error: str | None, quiet: bool) -> None:
        self.syncing = False
        if error is not None:
            self.notify(f"sync: {error}", title="Sync", severity="error")
        elif report is None:
            if not quiet:
                self.notify(
                    "no accounts to sync: connect one with `smmdesk account add`",
                    title="Sync",
                    severity="warning",
                )
        elif not quiet or _worth_telling(report):
            lines = [report.summary()]
            troubled = False
            for result in report.results:
                trouble = result.error is not None or bool(
                    result.failed or result.warnings or result.late
                )
                troubled = troubled or trouble
                if trouble or result.hidden or result.published:
                    lines.append(result.line())
                    lines.extend(
                        f"  {line}"
                        for line in result.failed + result.warnings + result.published + result.late
                    )
            self.notify(
                "\n".join(lines),
                title="Sync",
                severity="warning" if troubled else "information",
                timeout=10 if len(lines) > 1 else None,
            )
        inbox = self.main(InboxView)
        if inbox is not None:
            current = inbox.current()
            inbox.reload(keep=current.id if current else None)  # the header counts again too
        self.sections_changed()  # the calendar: what was published

    def main(self, kind: type[W], selector: str | None = None) -> W | None:
        """The widget of ``kind`` on the main screen, under any open dialog (None: closing)."""
        if not self.screen_stack:
            return None
        screen = self.screen_stack[0]
        try:
            return screen.query_one(selector, kind) if selector else screen.query_one(kind)
        except NoMatches:
            return None

    def counting_idle(self) -> bool:
        """No count waiting or running (tests wait for this before reading the header)."""
        inbox = self.query_one(InboxView)
        return self.header_counter.idle and inbox.view_counter.idle

    def action_help(self) -> None:
        from smmdesk.tui.widgets.modals import HelpScreen

        self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The keys that work here now (the keymap applied), by the place that owns them."""
        switcher = self.query_one(ContentSwitcher)
        place = switcher.current.title() if switcher.current else ""
        by_node: dict[object, dict[str, tuple[list[str], str]]] = {}
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.system or not binding.id:
                continue  # Textual's own (no id) list their keys in the palette
            node = active.node
            entry = by_node.setdefault(node, {}).setdefault(
                binding.id or binding.action, ([], binding.description)
            )
            if keys.prose(key) not in entry[0]:
                entry[0].append(keys.prose(key))
        sections = []
        for owner, entries in by_node.items():
            title = "Everywhere" if owner is self else f"{place} · {type(owner).__name__}"
            rows = [(" / ".join(found), description) for found, description in entries.values()]
            sections.append((title, rows))
        sections.sort(key=lambda section: section[0] == "Everywhere")
        return sections

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, and the keys of an open dialog; the sections' are in
        their providers (``smmdesk.tui.palette``)."""
        yield from super().get_system_commands(screen)
        sync = keys.find(self, "app.sync")
        yield SystemCommand(
            "Sync now",
            f"{sync.tooltip} (key: {keys.shown(self.keymap, sync)})",
            self.action_sync,
        )
        if not screen.is_modal:
            return
        seen = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.action in seen or binding.system:
                continue
            if active.node is self:
                continue
            seen.add(binding.action)
            node = active.node
            yield SystemCommand(
                binding.description,
                f"{binding.tooltip or binding.description} (key: {keys.prose(key)})",
                lambda action=binding.action, node=node: self.run_action(action, node),
            )


def publish_toast(title: str, outcome, error: str | None) -> tuple[str, str, str]:
    """What P did, as (message, title, severity): published (with its link), refused, or
    stopped (and whether it may have gone out)."""
    name = f"“{one_line(title)}”"
    if error is not None:
        return f"{name} not published: {error}", "Publish", "error"
    report, publication = outcome
    if report.busy:
        return (
            f"another sync of this desk is running: {name} was not published, nothing lost",
            "Publish",
            "warning",
        )
    [result] = report.results
    if result.published:
        link = f": {publication.url}" if publication is not None and publication.url else ""
        return f"{name} published on {result.account}{link}", "Publish", "information"
    if result.failed:
        return f"{name} not published: " + "; ".join(result.failed), "Publish", "error"
    if result.error is not None:
        if publication is not None and publication.state == "publishing":
            return (
                f"{name} may have gone out ({result.error}): the next sync settles it",
                "Publish",
                "warning",
            )
        return f"{name} not published: {result.error}; it stays due", "Publish", "error"
    return f"{name} was not published", "Publish", "warning"


def _worth_telling(report) -> bool:
    """A background sync speaks when something came in, went out or failed; being offline
    is the header's to show."""
    from smmdesk.sync.errors import Unreachable

    return any(
        r.new
        or r.sent
        or r.published
        or r.failed
        or r.warnings
        or (r.error is not None and not isinstance(r.error, Unreachable))
        for r in report.results
    )


def line_of_theme(path) -> str:
    from smmdesk.files import read_text

    try:
        line = line_of(read_text(path, path.name, "config"), None, "theme")
    except UserError:
        line = None
    return f"{path.name}:line {line}" if line else path.name


def binding_ids() -> set[str]:
    return keys.binding_ids()
