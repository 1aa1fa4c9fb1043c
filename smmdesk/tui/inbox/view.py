"""The Inbox section: the queue (one page at a time), the detail pane and triage keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import ColumnKey

from smmdesk.errors import UserError
from smmdesk.inbox import queue, triage
from smmdesk.inbox.bands import BAND_STYLE, BAND_SYMBOL, SUSPECT_STYLE, SUSPECT_SYMBOL, badge
from smmdesk.inbox.queue import QueueItem
from smmdesk.store.models import SORTS, QueueFilter
from smmdesk.sync import moderation, outbox
from smmdesk.sync.outbox import Outgoing
from smmdesk.textsafe import one_line, visible
from smmdesk.timeutil import from_iso, humanize_age, local_zone, to_local, utc_now
from smmdesk.tui import keys
from smmdesk.tui.background import QUIET_S, Debounced
from smmdesk.tui.section import CountsChanged, SectionView
from smmdesk.tui.widgets.safe import SafeInput
from smmdesk.tui.widgets.table import StableTable

if TYPE_CHECKING:
    from smmdesk.tui.app import SmmdeskApp

PAGE = 100
# The chips bar's hint when no filter is on: (binding id, what it does).
CHIPS_HINT = (
    ("inbox.search", "search"),
    ("inbox.filter", "filter"),
    ("inbox.sort", "sort"),
    ("inbox.next_brand", "brand"),
    ("inbox.clear_filters", "clear"),
)
PREFETCH_MARGIN = 15
# (key, header, width); the comment column takes what is left.
# "due": the real response deadline (created + the brand's target), never the rank's.
COLUMNS = (
    ("sel", " ", 1),
    ("due", "due", 7),
    ("band", "tone", 6),
    ("age", "age", 4),
    ("platform", "platform", 9),
    ("brand", "brand", 12),
    ("author", "author", 16),
    ("text", "comment", None),
)
# Below NARROW_BELOW columns (80x24), these columns give up width to the comment.
NARROW_BELOW = 100
NARROW = {"platform": 5, "brand": 8, "author": 10}


def column_widths(screen_width: int) -> dict[str, int]:
    """Every column's width at this terminal width; the comment takes what is left."""
    widths = {key: width for key, _, width in COLUMNS if width}
    if screen_width < NARROW_BELOW:
        widths.update(NARROW)
    fixed = sum(width + 2 for width in widths.values()) + 2 + 2  # cell padding, scrollbar
    widths["text"] = max(20, screen_width - fixed)
    return widths


def age_style(ratio: float) -> str:
    if ratio >= 1:
        return "bold red"
    return "yellow" if ratio >= 0.5 else "green"


class QueueTable(StableTable):
    """The queue: vim keys on top of DataTable's arrows; a triage key redraws little."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="inbox.down"),
        Binding("k", "cursor_up", "Up", show=False, id="inbox.up"),
        Binding("g", "scroll_top", "First", show=False, id="inbox.first"),
        Binding("G", "scroll_bottom", "Last", show=False, id="inbox.last"),
        Binding("ctrl+d", "page_down", "Page down", show=False, id="inbox.page_down"),
        Binding("ctrl+u", "page_up", "Page up", show=False, id="inbox.page_up"),
    ]


class InboxView(SectionView):
    """Queue on the left, detail on the right. Actions apply to the selection, else the row."""

    app: SmmdeskApp  # for mypy: Textual types it App, this is the one it runs in
    BINDINGS = [
        Binding("r", "reply", "Reply", tooltip="Reply with a saved reply", id="inbox.reply"),
        Binding("e,a", "resolve", "Resolve", key_display="e", id="inbox.resolve"),
        Binding("x", "spam", "Spam", id="inbox.spam"),
        Binding(
            "X",
            "not_spam",
            "Not spam",
            tooltip="A suspect (⊘) is not spam: back to its place; the detector learns it",
            id="inbox.not_spam",
        ),
        Binding("s", "snooze", "Snooze", id="inbox.snooze"),
        Binding("A", "assign", "Assign", id="inbox.assign"),
        Binding("l", "label", "Label", id="inbox.label"),
        Binding("F", "flag", "Flag", id="inbox.flag"),
        Binding("u", "undo", "Undo", id="inbox.undo"),
        Binding(
            "H",
            "hide",
            "Hide on platform",
            tooltip="Hide the comment on its platform at the next sync (asks first)",
            show=False,
            id="inbox.hide",
        ),
        Binding(
            "R",
            "retry_reply",
            "Retry reply",
            tooltip="Send a failed or unsure reply again with the next sync",
            show=False,
            id="inbox.retry_reply",
        ),
        Binding(
            "E",
            "edit_reply",
            "Edit reply",
            tooltip="Edit a failed or unsure reply, then send it with the next sync",
            show=False,
            id="inbox.edit_reply",
        ),
        Binding(
            "M",
            "reply_sent",
            "Mark sent",
            tooltip="An unsure reply is on the platform: mark it sent",
            show=False,
            id="inbox.reply_sent",
        ),
        Binding("v,space", "select", "Select", key_display="v", id="inbox.select"),
        Binding("slash", "search", "Search", key_display="/", id="inbox.search"),
        Binding("f,backslash", "filter", "Filter", key_display="f", id="inbox.filter"),
        Binding("escape", "clear_filters", "Clear", show=False, id="inbox.clear_filters"),
        Binding("n", "next_row", "Next", show=False, id="inbox.next_match"),
        Binding("N", "previous_row", "Previous", show=False, id="inbox.previous_match"),
        Binding(
            "o", "sort", "Sort", tooltip="Priority, newest first, oldest first", id="inbox.sort"
        ),
        Binding(
            "b",
            "brand",
            "Brand",
            tooltip="Show one brand, then the next, then all",
            id="inbox.next_brand",
        ),
        Binding("i", "import", "Import", id="inbox.import"),
        Binding(
            "W",
            "word_list",
            "Words",
            tooltip="The brand's extra sentiment words (rescores)",
            id="inbox.word_list",
        ),
        Binding("enter", "open_detail", "Detail", show=False, id="inbox.detail"),
    ]

    def __init__(self, store, **kwargs):
        super().__init__(**kwargs)
        self.store = store
        self.filter = QueueFilter()  # the view's one filter value (sort included), replaced whole
        self.items: list[QueueItem] = []
        self.exhausted = False
        self.selected: set[int] = set()
        self.unwritten: set[int] = set()  # off the screen by a key whose write has not landed
        self.in_view: int | None = None
        self.view_counter = Debounced(self, self.count_in_view)
        # How the keys since the header last heard moved its counts; None: not known (recount).
        self.header_delta: dict[str, int] | None = {}
        self.detail_of: int | None = None  # the comment the detail pane shows
        self.due: set[str] = set()  # what follows the next frame (``later``)

    def compose(self) -> ComposeResult:
        with Vertical(id="queue-pane"):
            yield Static("", id="chips")
            yield QueueTable(id="queue", cursor_type="row", zebra_stripes=True)
            yield SafeInput(
                placeholder='search: words, "a phrase", prefix*, OR, NOT — Enter to apply, Esc to cancel',
                id="search",
            )
        with VerticalScroll(id="detail"):
            yield Static("", id="detail-body")

    def on_mount(self) -> None:
        table = self.query_one(QueueTable)
        widths = column_widths(self.app.size.width)
        for key, label, _ in COLUMNS:
            table.add_column(label, key=key, width=widths[key])
        self.query_one("#search", Input).display = False
        self.reload()
        table.focus()

    def focus_main(self) -> None:
        self.table.focus()

    # --- loading -------------------------------------------------------------------------

    @property
    def table(self) -> QueueTable:
        return self.query_one(QueueTable)

    def reload(self, keep: int | None = None) -> None:
        """Fetch the first page(s) again; keep the cursor on comment ``keep`` if still there."""
        wanted = max(PAGE, len(self.items))
        self.in_view = None
        self.header_delta = None  # this reload recounts: a delta of the old rows would count twice
        self.items = []
        self.exhausted = False
        self.table.clear()
        self.fetch_more(wanted)
        # The selection is exactly what is shown: rows that left the view (a filter, a sort,
        # another process) are no longer selected, so an action never hits a hidden comment.
        self.selected &= {item.id for item in self.items}
        self.show_chips()
        self.recount()
        if keep is not None:
            for index, item in enumerate(self.items):
                if item.id == keep:
                    self.table.move_cursor(row=index)
                    break
        self.post_message(CountsChanged(self.filter.brand_id))
        self.later("detail")

    def fetch_more(self, limit: int = PAGE) -> None:
        if self.exhausted:
            return
        after = self.items[-1] if self.items else None
        try:
            page = queue.page(self.store, self.filter, limit=limit, after=after)
        except UserError as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            self.filter = replace(self.filter, search=None)
            page = queue.page(self.store, self.filter, limit=limit, after=after)
        self.exhausted = len(page) < limit
        for item in page:
            if item.id in self.unwritten:  # a key took it off; the database has not yet
                continue
            self.items.append(item)
            self.table.add_row(*self.cells(item), key=str(item.id))

    def cells(self, item: QueueItem) -> list[Text]:
        symbol, style = badge(item.band, item.spam_suspect)
        mark = "●" if item.id in self.selected else ("⚑" if item.flagged else " ")
        return [
            Text(mark, style="bold magenta"),
            Text(item.due_short, style="bold red" if item.overdue_hours >= 0 else ""),
            Text(
                symbol + ("" if item.spam_suspect else "?" if item.is_question else " "),
                style=style,
            ),
            Text(humanize_age(item.age_seconds), style=age_style(item.age_ratio)),
            Text(visible(item.platform), no_wrap=True, overflow="ellipsis"),
            Text(visible(item.brand), no_wrap=True, overflow="ellipsis"),
            Text(visible(item.author), no_wrap=True, overflow="ellipsis"),
            Text(one_line(item.text)[:300], no_wrap=True, overflow="ellipsis"),
        ]

    def on_resize(self) -> None:
        table = self.table
        widths = column_widths(self.app.size.width)
        changed = False
        for key, width in widths.items():
            column = table.columns.get(ColumnKey(key))
            if column is not None and column.width != width:
                column.width = width
                changed = True
        if changed:
            current = self.current()
            self.reload(keep=current.id if current else None)

    def current(self) -> QueueItem | None:
        row = self.table.cursor_row
        return self.items[row] if 0 <= row < len(self.items) else None

    def targets(self) -> list[int]:
        if self.selected:
            return sorted(self.selected)
        item = self.current()
        return [item.id] if item else []

    @on(DataTable.RowHighlighted, "#queue")
    def on_highlight(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= len(self.items) - PREFETCH_MARGIN:
            self.fetch_more()
        self.later("detail")

    # --- after the frame ------------------------------------------------------------------

    def later(self, part: str) -> None:
        """Draw ``part`` ("detail": the pane; "counts": chips, header, in view) right after
        the frame that shows the key (the row gone, the cursor moved): a key never waits for
        them, and keys pressed before that frame ask once."""
        if not self.due:
            self.call_after_frame(self.draw_due)
        self.due.add(part)

    def call_after_frame(self, callback) -> None:
        """After the frame that shows what a key changed in the queue (``after_drawn``); the
        write queue asks this of its owner too (``tui/writes``)."""
        self.table.after_drawn(callback)

    def draw_due(self) -> None:
        due, self.due = self.due, set()
        if not self.is_attached:
            return
        if "counts" in due:
            self.post_message(CountsChanged(self.filter.brand_id, self.header_delta))
            self.header_delta = {}
            self.show_chips()
            # Triage keys took what left off in_view already: the true count once they pause.
            self.view_counter.request(self.filter, delay=QUIET_S)
        if "detail" in due:
            self.show_detail()

    # --- detail --------------------------------------------------------------------------

    def show_detail(self) -> None:
        body = self.query_one("#detail-body", Static)
        item = self.current()
        if item is None:
            body.update(
                Text(
                    "Inbox zero: nothing waiting here.\n\n"
                    f"Press {self.key_of('app.sync')} to sync the connected accounts, "
                    f"or {keys.key(self, 'inbox.import')} to import an export file.",
                    style="dim",
                )
            )
            return
        if item.id != self.detail_of:  # another comment: from its top
            self.detail_of = item.id
            self.query_one("#detail", VerticalScroll).scroll_home(animate=False)
        info = queue.detail(self.store, item.id)
        if info is None:
            body.update(Text("(gone)"))
            return
        replies = outbox.of_comment(self.store, item.id)
        hidden = moderation.history(self.store, item.id)
        body.update(render_detail(info, replies, self.key_of, hidden))

    def key_of(self, binding_id: str) -> str:
        """A key as bound now, of this view or of the app (``app.sync``)."""
        return keys.key(self.app if binding_id.startswith("app.") else self, binding_id)

    def action_open_detail(self) -> None:
        self.query_one("#detail").focus()

    @on(DataTable.RowSelected, "#queue")
    def on_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on the queue (the table takes the key itself): the detail pane, to scroll."""
        event.stop()
        self.action_open_detail()

    # --- triage --------------------------------------------------------------------------

    def act(
        self,
        name: str,
        run,
        ids: list[int] | None = None,
        *,
        move_on: bool = False,
        reorder: bool = False,
        shows: str | None = None,
    ) -> None:
        """Run a triage action on ``ids`` (default: the selection, else the row).

        ``move_on``: the cursor goes to the next comment (resolve, spam, snooze: the row is
        done with); otherwise it stays on the comment it was on, so the next key hits it too.
        ``reorder``: the comments change place in the queue (not spam): the page is read again
        and the cursor follows the first of them. ``shows``: the status the action sets; the
        key's frame shows it at once and the write follows that frame (``shown_first``).
        It goes through the app's write queue: while another process (an import)
        holds the write lock it waits, in the order the keys were pressed, instead
        of freezing the screen; it is never dropped.
        """
        ids = ids if ids is not None else self.targets()
        if not ids:
            self.app.notify("Nothing to act on", severity="warning")
            return
        if shows is not None and not reorder and self.shown_first(name, run, ids, shows, move_on):
            return

        def done(outcome) -> None:
            self.unselect(ids)
            if reorder:
                self.reload(keep=outcome.done[0] if outcome.done else None)
                self.app.notify(outcome.message(), markup=False)
            else:
                self.after_action(outcome, move_on=move_on)

        self.app.write(name, lambda: run(ids), done, owner=self)

    def shown_first(self, name: str, run, ids: list[int], status: str, move_on: bool) -> bool:
        """The key's frame shows ``ids`` at ``status`` (``queue.with_status``: gone from the
        view, the cursor on the next one) and the write is applied right after that frame, in
        its place in the queue: the key does not wait for SQLite (pages read meanwhile leave
        those rows out: ``unwritten``). Where the write finds otherwise (changed elsewhere
        first, a failure), the page is read again; where it waited for a busy database, its
        rows and the counts are. False: the write goes first, as other keys' do (not all of
        ``ids`` are shown, or the page would be read further before it lands)."""
        wanted = set(ids)
        before = {item.id: item for item in self.items if item.id in wanted}
        fresh = {cid: queue.with_status(item, status) for cid, item in before.items()}
        leaving = {cid for cid, item in fresh.items() if not _still_matches(item, self.filter)}
        if len(before) != len(ids) or len(self.items) - len(leaving) < PREFETCH_MARGIN:
            return False

        def read_again() -> None:
            current = self.current()
            self.reload(keep=current.id if current else None)

        def landed(outcome) -> None:
            self.unwritten -= leaving
            if outcome.conflicts or len(outcome.done) != len(ids):
                read_again()
            elif write.told or outcome.others:
                self.refresh_rows(ids)  # counted meanwhile, or other comments changed too
            self.toast_outcome(outcome)

        def failed(error: UserError) -> None:
            self.unwritten -= leaving
            self.app.notify(str(error), severity="error", markup=False)
            read_again()

        write = self.app.write(
            name, lambda: run(ids), landed, failed=failed, owner=self, after_frame=True, shown=True
        )
        self.unwritten |= leaving  # a page read before it lands leaves them out
        self.unselect(ids)
        self.show_rows(ids, fresh, move_on=move_on, exact=True)
        return True

    def clear_selection(self) -> None:
        """Unselect all, and take the marks off the rows that still show them."""
        self.unselect(self.selected)

    def unselect(self, ids) -> None:
        """Take ``ids`` out of the selection (a key pressed while a write waited may have
        selected others), and their marks off the rows that still show them."""
        gone = self.selected & set(ids)
        self.selected = self.selected - gone
        for item in self.items:
            if item.id in gone:
                self.table.update_cell(str(item.id), "sel", self.cells(item)[0])

    def after_action(self, outcome, *, move_on: bool = False) -> None:
        """Drop what left the view, redraw what stayed; move on only when asked."""
        self.refresh_rows(outcome.done, move_on=move_on, exact=not outcome.others)
        # The toast after the frame too: mounting it costs a layout of the screen.
        self.call_after_frame(lambda: self.toast_outcome(outcome))

    def toast_outcome(self, outcome) -> None:
        severity = "warning" if outcome.conflicts else "information"
        self.app.notify(outcome.message(), severity=severity)

    def refresh_rows(self, ids: list[int], *, move_on: bool = False, exact: bool = False) -> None:
        """Drop what left the view, redraw what stayed, place the cursor: what the key's frame
        shows. The counts and the detail pane follow that frame (``later``). ``exact``: the
        write changed ``ids`` alone, so the header moves by their change without a recount."""
        fresh = {item.id: item for item in queue.items_by_id(self.store, ids)}
        self.show_rows(ids, fresh, move_on=move_on, exact=exact)

    def show_rows(
        self, ids: list[int], fresh: dict[int, QueueItem], *, move_on: bool, exact: bool
    ) -> None:
        """``refresh_rows`` with the comments' new state given (read, or foreseen by a key)."""
        current = self.current()
        here = current.id if current else None
        order = [item.id for item in self.items]
        shown = set(order)
        gone = {
            i
            for i in ids
            if i in shown and (i not in fresh or not _still_matches(fresh[i], self.filter))
        }
        self.move_header(ids, fresh, exact)
        for cid in gone:
            self.table.remove_row(str(cid))
        if self.in_view is not None:  # until the recount lands: what left, taken off
            self.in_view = max(0, self.in_view - len(gone))
        self.items = [i for i in self.items if i.id not in gone]
        for index, item in enumerate(self.items):
            if item.id in fresh:
                self.items[index] = fresh[item.id]
                for (key, _, _), cell in zip(COLUMNS, self.cells(fresh[item.id]), strict=True):
                    self.table.update_cell(str(item.id), key, cell)
        if len(self.items) < PREFETCH_MARGIN:
            self.fetch_more()
        if self.items:
            self.table.move_cursor(
                row=self.cursor_after(here, order, moved=move_on and here in ids)
            )
        self.later("counts")
        self.later("detail")

    def move_header(self, ids: list[int], fresh: dict[int, QueueItem], exact: bool) -> None:
        """Add what this write moved to ``header_delta``; a comment not shown: not known."""
        wanted = set(ids)
        before = [item for item in self.items if item.id in wanted]
        if not exact or self.header_delta is None or len(before) != len(wanted):
            self.header_delta = None
            return
        for key, value in queue.counts_delta(before, list(fresh.values())).items():
            self.header_delta[key] = self.header_delta.get(key, 0) + value

    def cursor_after(self, here: int | None, order: list[int], *, moved: bool) -> int:
        """The row for the cursor after rows changed: still on comment ``here`` when it is
        shown and not ``moved`` on, else on the first comment after it that is still shown."""
        rows = {item.id: index for index, item in enumerate(self.items)}
        if here in rows and not moved:
            return rows[here]
        start = order.index(here) + 1 if here in order else 0
        return next((rows[cid] for cid in order[start:] if cid in rows), len(self.items) - 1)

    def seen_status(self) -> str | None:
        """What this view showed: acting on a comment changed elsewhere since is refused."""
        return "open" if self.filter.status in ("open", "snoozed") else None

    def action_resolve(self) -> None:
        self.act(
            "resolve",
            lambda ids: triage.resolve(self.store, ids, expect_status=self.seen_status()),
            move_on=True,
            shows="resolved",
        )

    def action_spam(self) -> None:
        """Spam; with ``[sync] hide_spam`` also hidden on the platform by the next sync."""

        def spam(ids: list[int]):
            with self.store.transaction():  # both or neither: a busy retry repeats the whole
                outcome = triage.mark_spam(self.store, ids, expect_status=self.seen_status())
                if self.app.config.hide_spam and outcome.done:
                    asked = moderation.request(self.store, outcome.done, "hide")
                    outcome = SpamHidden(
                        outcome.action, outcome.done, outcome.conflicts, outcome.others, asked
                    )
            return outcome

        self.act("spam", spam, move_on=True, shows="spam")

    def action_not_spam(self) -> None:
        """Not spam: the suspect returns to its place in the queue (the cursor goes with it)."""
        self.act(
            "not spam",
            lambda ids: triage.not_spam(self.store, ids, expect_status=self.seen_status()),
            reorder=True,
        )

    def action_flag(self) -> None:
        self.act(
            "flag",
            lambda ids: triage.toggle_flag(self.store, ids, expect_status=self.seen_status()),
        )

    def action_undo(self) -> None:
        def done(undone) -> None:
            outcome, withdrawn = undone
            if outcome is None:
                self.app.notify("Nothing to undo", severity="warning")
                return
            self.reload(keep=outcome.done[0] if outcome.done else None)
            taken_back = f"; {withdrawn} hide on the platform taken back" if withdrawn else ""
            self.app.notify(outcome.message() + taken_back, markup=False)

        def undo():
            withdrawn = 0
            with self.store.transaction():
                outcome = triage.undo(self.store)
                # Spam undone: a hide it queued (``hide_spam``) and the sync has not done yet
                # is taken back too.
                if outcome is not None and outcome.action == "undo spam":
                    withdrawn = moderation.withdraw(self.store, outcome.done, "hide")
            return outcome, withdrawn

        self.app.write("undo", undo, done, owner=self)

    def action_hide(self) -> None:
        """Hide on the platform, after a confirmation; the next sync does it."""
        from smmdesk.tui.widgets.modals import ConfirmScreen

        ids = self.targets()
        if not ids:
            self.app.notify("Nothing to hide", severity="warning")
            return
        shown = {item.id: item for item in self.items}
        platforms = sorted({shown[i].platform for i in ids if i in shown})
        where = ", ".join(visible(p) for p in platforms) or "its platform"
        count = f"{len(ids)} comment{'s' * (len(ids) != 1)}"
        question = f"Hide {count} on {where} with the next sync?"
        if "telegram" in platforms:
            question += " Telegram deletes it: that cannot be undone."

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.write(
                    "hide on the platform",
                    lambda: moderation.request(self.store, ids, "hide"),
                    hide_asked,
                    owner=self,
                )

        def hide_asked(asked: moderation.Requested) -> None:
            self.app.notify(
                asked.message("hide"), severity="warning" if asked.no_account else "information"
            )
            self.show_detail()  # the pane lists the hide asked

        self.app.push_screen(ConfirmScreen(question), answered)

    def settle_reply(self) -> Outgoing | None:
        """The current comment's newest failed or unsure reply (None, and says so)."""
        item = self.current()
        found = outbox.of_comment(self.store, item.id) if item else []
        stuck = [o for o in found if o.reply.state in outbox.RETRYABLE]
        if not stuck:
            self.app.notify("No failed or unsure reply on this comment", severity="warning")
            return None
        return stuck[-1]

    def reply_changed(self, done: Outgoing, message: str) -> None:
        self.refresh_rows([done.comment_id])
        self.app.notify(message, markup=False)

    def action_retry_reply(self) -> None:
        from smmdesk.tui.inbox.reply import queued_message

        found = self.settle_reply()
        if found is None:
            return
        self.app.write(
            "retry the reply",
            lambda: outbox.retry(self.store, found.reply.id),
            lambda done: self.reply_changed(done, queued_message(self, done.account)),
            owner=self,
        )

    def action_edit_reply(self) -> None:
        from smmdesk.tui.inbox.reply import ReplyScreen

        found = self.settle_reply()
        item = self.current()
        if found is None or item is None:
            return

        def done(result) -> None:
            if result:
                self.refresh_rows(result.done)
                self.app.notify(result.message, markup=False)

        self.app.push_screen(ReplyScreen(self.store, item, [item.id], retry=found), done)

    def action_reply_sent(self) -> None:
        found = self.settle_reply()
        if found is None:
            return
        if found.reply.state != "unsure":
            self.app.notify(
                f"That reply failed ({visible(found.reply.error or '')}): "
                f"{keys.key(self, 'inbox.retry_reply')} sends it again",
                severity="warning",
            )
            return
        self.app.write(
            "mark the reply sent",
            lambda: outbox.mark_sent(self.store, found.reply.id),
            lambda done: self.reply_changed(done, "reply marked sent"),
            owner=self,
        )

    def action_select(self) -> None:
        item = self.current()
        if item is None:
            return
        self.selected ^= {item.id}  # toggles the row under the cursor; the cursor stays
        self.table.update_cell(str(item.id), "sel", self.cells(item)[0])
        self.show_chips()

    def action_next_row(self) -> None:
        self.table.action_cursor_down()

    def action_previous_row(self) -> None:
        self.table.action_cursor_up()

    def action_snooze(self) -> None:
        from smmdesk.tui.widgets.modals import PromptScreen

        self.app.push_screen(
            PromptScreen(
                "Snooze until",
                value="3h",
                parse=parse_snooze,
                hint="30m, 3h, 2d, tomorrow 9:00, fri 18:00, 2026-12-01 10:00, завтра 9:00, пт 18:00",
            ),
            lambda until: (
                until
                and self.act(
                    "snooze",
                    lambda ids: triage.snooze(
                        self.store, ids, until, expect_status=self.seen_status()
                    ),
                    move_on=True,
                )
            ),
        )

    def action_assign(self) -> None:
        from smmdesk.tui.widgets.modals import PromptScreen

        item = self.current()
        self.app.push_screen(
            PromptScreen("Assign to (empty: nobody)", value=(item.assignee or "") if item else ""),
            lambda person: (
                None
                if person is None
                else self.act("assign", lambda ids: triage.assign(self.store, ids, person))
            ),
        )

    def action_label(self) -> None:
        from smmdesk.inbox.facets import all_labels
        from smmdesk.tui.widgets.modals import PromptScreen

        known = ", ".join(all_labels(self.store)) or "none yet"
        self.app.push_screen(
            PromptScreen(
                "Labels: +add -remove (space separated)",
                placeholder="+delivery -vip",
                hint=f"known labels: {known}",
                parse=parse_label_edit,
            ),
            lambda change: (
                change
                and self.act(
                    "label",
                    lambda ids: triage.label(self.store, ids, add=change[0], remove=change[1]),
                )
            ),
        )

    def action_reply(self) -> None:
        from smmdesk.tui.inbox.reply import ReplyScreen

        item = self.current()
        if item is None:
            return
        ids = self.targets()

        def done(result) -> None:
            if result:
                self.clear_selection()
                self.refresh_rows(result.done)
                self.app.notify(
                    result.message,
                    severity="warning" if result.conflicts else "information",
                    markup=False,
                )

        self.app.push_screen(ReplyScreen(self.store, item, ids), done)

    def action_import(self) -> None:
        from smmdesk.tui.inbox.importer import ImportScreen

        self.app.push_screen(ImportScreen(self.store), lambda changed: changed and self.reload())

    # --- search and filters ----------------------------------------------------------------

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = self.filter.search or ""
        search.display = True
        search.focus()

    @on(Input.Submitted, "#search")
    def apply_search(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip() or None
        if text:
            from smmdesk.inbox.facets import check_search

            try:
                check_search(self.store, text)
            except UserError as exc:
                self.app.notify(str(exc), severity="error", markup=False)
                return
        self.filter = replace(self.filter, search=text)
        self.close_search()
        self.reload()

    def close_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = False
        self.table.focus()

    def on_key(self, event) -> None:
        if event.key == "escape" and self.query_one("#search", Input).has_focus:
            event.stop()
            self.close_search()
        elif event.key == "escape" and self.query_one("#detail").has_focus:
            event.stop()  # back to the queue
            self.table.focus()

    def action_filter(self) -> None:
        from smmdesk.tui.inbox.filters import FilterScreen

        def apply(flt: QueueFilter | None) -> None:
            if flt is not None:  # the dialog's new value: the sort and the search kept
                self.filter = flt
                self.reload()

        self.app.push_screen(FilterScreen(self.store, self.filter), apply)

    def action_word_list(self) -> None:
        from smmdesk.brand.brands import brand_by_id, list_brands
        from smmdesk.tui.inbox.word_list import WordListScreen

        brands = list_brands(self.store)
        current = self.current()
        if self.filter.brand_id is not None:
            brand = next((b for b in brands if b.id == self.filter.brand_id), None)
        elif len(brands) == 1:
            brand = brands[0]
        else:
            brand = brand_by_id(self.store, current.brand_id) if current else None
        if brand is None:
            self.app.notify(
                f"no brand here: pick one with {keys.key(self, 'inbox.next_brand')}, "
                "or import comments first",
                severity="warning",
                markup=False,
            )
            return

        def done(changed: bool | None) -> None:
            if changed:
                self.reload(keep=current.id if current else None)

        self.app.push_screen(WordListScreen(self.store, brand), done)

    def action_sort(self) -> None:
        orders = list(SORTS)
        sort = orders[(orders.index(self.filter.sort) + 1) % len(orders)]
        self.filter = replace(self.filter, sort=sort)
        self.reload()

    def action_brand(self) -> None:
        brand_id = self.next_brand_id(self.filter.brand_id)
        self.filter = replace(self.filter, brand_id=brand_id)
        self.reload()

    def action_clear_filters(self) -> None:
        if self.selected:
            self.clear_selection()
            self.show_chips()
            return
        if self.filter != QueueFilter():
            self.filter = QueueFilter()
            self.reload()

    def show_chips(self) -> None:
        """Active filters as chips (Esc clears them), the selection, and how many are in view.

        The count runs in a thread (a large inbox takes a while); until it comes, the last one shows.
        """
        active = filter_chips(self.store, self.filter)
        total = "…" if self.in_view is None else f"{self.in_view}"
        if not active and not self.selected:
            shown = keys.hint(self, CHIPS_HINT)
            hint_text = f"{total} in view · {shown}"
            self.query_one("#chips", Static).update(Text(hint_text, style="dim"), layout=False)
        else:
            chips = Text()
            for name, value in active:
                chips.append(f" {name}: ", style="bold reverse")
                chips.append(f"{visible(value)} ", style="reverse")
                chips.append(" ")
            if self.selected:
                chips.append(f" {len(self.selected)} selected ", style="bold magenta reverse")
            chips.append(f" {total} in view", style="dim")
            self.query_one("#chips", Static).update(chips, layout=False)  # one line (app.tcss)

    def recount(self) -> None:
        self.view_counter.request(self.filter)

    def count_in_view(self, flt: QueueFilter) -> None:
        """In a worker thread: count what the filter shows, then show it on the main thread."""
        with self.store.reader() as reader:
            try:
                total = queue.count(reader, flt)
            except UserError:
                return
        self.app.call_from_thread(self.counted, flt, total)

    def counted(self, flt: QueueFilter, total: int) -> None:
        # The answer may arrive after the filter changed, or while the app is closing; or miss
        # a key's write the screen shows already (it counts again once the write lands).
        if flt == self.filter and self.query("#chips") and not self.app.writes.shown_ahead:
            self.in_view = total
            self.show_chips()


def _still_matches(item: QueueItem, flt: QueueFilter) -> bool:
    """Whether a comment changed by an action still belongs in this view."""
    if flt.status == "open":
        return item.status == "open" and not item.snoozed
    if flt.status == "snoozed":
        return item.status == "open" and item.snoozed
    return flt.status == "all" or item.status == flt.status


def filter_chips(store, flt: QueueFilter) -> list[tuple[str, str]]:
    from smmdesk.brand.brands import list_brands

    chips = []
    if flt.brand_id is not None:
        names = {b.id: b.name for b in list_brands(store)}
        chips.append(("brand", names.get(flt.brand_id, "?")))
    for name in ("platform", "band", "language", "label", "assignee", "search"):
        value = getattr(flt, name)
        if value:
            chips.append((name, str(value)))
    if flt.status != "open":
        chips.append(("status", flt.status))
    if flt.sort != "priority":
        chips.append(("sort", f"{flt.sort} first"))
    if flt.since:
        chips.append(("since", flt.since[:10]))
    if flt.until:
        chips.append(("until", flt.until[:10]))
    return chips


def parse_snooze(text: str):
    """``30m``/``3h``/``2d`` from now, or any time the calendar understands."""
    text = text.strip()
    now = utc_now()
    units = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
    if len(text) >= 2 and text[:-1].isdigit() and text[-1].lower() in units:
        return now + timedelta(**{units[text[-1].lower()]: int(text[:-1])})
    from smmdesk.calendar.timeparse import parse_when

    return parse_when(text, now, local_zone())


def parse_label_edit(text: str) -> tuple[list[str], list[str]]:
    add, remove = [], []
    for word in text.split():
        if word.startswith("-") and len(word) > 1:
            remove.append(word[1:])
        elif word.lstrip("+"):
            add.append(word.lstrip("+"))
    if not add and not remove:
        raise UserError("type labels to add (+name or name) or remove (-name), labels")
    return add, remove


@dataclass
class SpamHidden(triage.ActionResult):
    """Spam, and hiding on the platform queued (``[sync] hide_spam``)."""

    asked: moderation.Requested = field(default_factory=moderation.Requested)

    def message(self) -> str:
        return f"{super().message()}; {self.asked.message('hide')}"


STATE_STYLES = {
    "queued": "yellow",
    "sending": "yellow",
    "sent": "green",
    "failed": "bold red",
    "unsure": "bold yellow",
}


def local_minute(at: str) -> str:
    """A stored instant (UTC ISO) in the user's zone, to the minute: ``2026-11-28 09:05``."""
    return to_local(from_iso(at)).strftime("%Y-%m-%d %H:%M")


def reply_state(reply: Outgoing, key: Callable[[str], str]) -> str | None:
    """How a reply of ours stands on its way out, and what to do; None: posted by hand."""
    state, error = reply.reply.state, visible(reply.reply.error or "")
    account = visible(reply.account)
    retry, edit = key("inbox.retry_reply"), key("inbox.edit_reply")
    if state == "queued":
        return f"◷ queued for {account}: goes out with the next sync ({key('app.sync')})"
    if state == "sending":
        return "⟳ sending (a sync that stopped meanwhile is settled by the next)"
    if state == "sent":
        when = f" {local_minute(reply.reply.sent_at)}" if reply.reply.sent_at else ""
        return f"✓ sent{when} by {account}"
    if state == "failed":
        return f"✗ failed: {error} · {retry} retry · {edit} edit"
    if state == "unsure":
        return (
            f"? unsure: the sync stopped while sending it. Look in the thread on "
            f"{visible(reply.platform)}: there, {key('inbox.reply_sent')} marks it sent; "
            f"not there, {retry} sends it again ({edit} edits it first)"
        )
    return None


def render_detail(
    info: queue.Detail,
    replies: list[Outgoing] | None = None,
    key: Callable[[str], str] = lambda binding_id: binding_id,
    hidden: list[moderation.Moderation] | None = None,
) -> Text:
    comment = info.comment
    text = Text()
    text.append(visible(comment.author) or "(no name)", style="bold")
    when = to_local(comment.created_at).strftime("%a %d %b %H:%M")
    text.append(
        f"  ·  {visible(comment.platform)}  ·  {visible(comment.brand)}  ·  {when}\n", style="dim"
    )
    text.append(BAND_SYMBOL[comment.band], style=BAND_STYLE[comment.band])
    if comment.language:
        text.append(f"  {comment.language}", style="dim")
    if comment.compound is not None:
        text.append(f"  compound {comment.compound:+.2f}", style="dim")
    if comment.is_question:
        text.append("  · question", style="cyan")
    text.append(f"  · {comment.status}")
    latest = replies[-1] if replies else None
    if latest is not None and latest.reply.state in STATE_STYLES:  # where our reply stands
        text.append(f"  · reply {latest.reply.state}", style=STATE_STYLES[latest.reply.state])
    if comment.assignee:
        text.append(f"  · @{visible(comment.assignee)}", style="magenta")
    if comment.flagged:
        text.append("  · ⚑ flagged", style="bold magenta")
    if comment.spam_suspect:
        text.append(
            f"  · {SUSPECT_SYMBOL} suspected ({key('inbox.not_spam')}: not spam)",
            style=SUSPECT_STYLE,
        )
    if info.labels:
        text.append("  · " + " ".join(f"#{visible(label)}" for label in info.labels), style="cyan")
    text.append("\n\n")
    text.append(visible(comment.text, keep_newlines=True))
    text.append("\n")
    if comment.permalink:
        text.append(visible(comment.permalink) + "\n", style="dim underline")
    if info.post is not None:
        post = info.post
        text.append("On post ", style="dim")
        text.append(f"#{post['id']} {visible(post['title'])}", style="bold")
        text.append(
            f"  · goal {visible(post['goal_name'])} · {visible(post['channel_name'])}\n",
            style="dim",
        )
    if replies:
        text.append("\nOur replies\n", style="bold")
        for out in replies:
            reply = out.reply
            text.append(f"  {local_minute(reply.at)} {visible(reply.actor)}: ", style="dim")
            text.append(visible(reply.text, keep_newlines=True) + "\n")
            state = reply_state(out, key)
            if state is not None:
                text.append(f"    {state}\n", style=STATE_STYLES[reply.state])
    if hidden:
        text.append("\nOn the platform\n", style="bold")
        for asked in hidden:
            when = local_minute(asked.done_at or asked.at)
            state = {"queued": "queued for the next sync", "done": "done"}.get(
                asked.state, f"failed: {visible(asked.error or '')}"
            )
            text.append(
                f"  {when} {visible(asked.actor)}: {asked.action} {state}\n",
                style="bold red" if asked.state == "failed" else "dim",
            )
    text.append("\nWhy it ranks here\n", style="bold")
    for line in info.why:
        text.append(f"  {line}\n")
    if info.thread:
        text.append("\nThread\n", style="bold")
        for other in info.thread:
            mark = "↑ " if other.external_id == comment.parent_external_id else "↳ "
            text.append(
                mark + visible(other.author) + ": ",
                style="bold green" if other.is_ours else "bold",
            )
            text.append(one_line(other.text)[:200] + "\n")
    if info.history:
        text.append("\nHistory\n", style="bold")
        for entry in info.history:
            undone = " (undone)" if entry.undone_by else ""
            text.append(
                f"  {local_minute(entry.at)}  {visible(entry.actor)}  {entry.action}{undone}\n",
                style="dim",
            )
    return text
