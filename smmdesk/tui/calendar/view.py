"""The Calendar section: month, week and agenda views of the content plan, and its checks.

The data is ``calendar.views``' (the view model): the days shown, and the whole
month of the selected day for the goal mix, are one ``views.window`` (one query,
grouped by local day); the month, week and agenda are read from it and drawn
here. Moving the selection within what is loaded queries nothing.

Each post's way out (scheduled, due, late, publishing, published with its link, failed,
unsure) is ``sync.publish``'s ``Board``, read with the window; ``P`` publishes the selected
post now, after a yes (the app runs it like a sync, on its own connection).

A day can hold several posts; ``J``/``K`` move the post cursor within it.
Acting on an occurrence of a repeating series (edit, move, delete) acts on
that occurrence only; ``E``/``D`` act on the whole series.
"""

from __future__ import annotations

import sqlite3
import textwrap
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from smmdesk.brand.brands import list_brands
from smmdesk.calendar import checks, recurrence, views
from smmdesk.calendar import posts as post_ops
from smmdesk.calendar.goals import list_goals
from smmdesk.calendar.timeparse import parse_day
from smmdesk.calendar.views import Day, Occurrence, Window
from smmdesk.errors import UserError
from smmdesk.store.models import Brand
from smmdesk.sync import publish
from smmdesk.textsafe import one_line, visible
from smmdesk.timeutil import local_zone, utc_now
from smmdesk.tui import keys
from smmdesk.tui.calendar.post_form import safe_colour
from smmdesk.tui.section import PublishNow, SectionView

if TYPE_CHECKING:
    from smmdesk.tui.app import SmmdeskApp

VIEWS = ("month", "week", "agenda")
AGENDA_DAYS = 14
STATE_TICK_S = 30.0  # the calendar is drawn again this often (no read): due, late follow the clock
# The days the calendar can show: every view of one (a month grid with its leading and
# trailing week, a 14-day agenda, local midnight in any zone) stays inside years 1-9999.
FIRST_DAY = date(1, 2, 1)
LAST_DAY = date(9999, 11, 30)
WINDOWS_KEPT = 12  # windows read (with their board) kept, for a key that comes back to them
READ_AHEAD = 3  # periods read ahead of the view, the way the last period key went
READ_WAIT_S = 2.0  # a key waits this long at most for the read-ahead of its window
SIDE_LIMIT = 6  # lines per list in the side panel
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SELECTED_DAY = Style(bgcolor="grey23")
SELECTED_POST = Style(reverse=True, bold=True)
TODAY = Style(bold=True, underline=True, color="yellow")
GHOST = Style(bold=True, color="black", bgcolor="yellow")
DIM = Style(dim=True)
BOLD = Style(bold=True)
YELLOW = Style(color="yellow")
MORE = Style(dim=True, italic=True)
STATE_STYLES = {
    "missed": Style(dim=True),
    "scheduled": Style(dim=True),
    "by hand": Style(dim=True),
    "draft": Style(dim=True, italic=True),
    "cancelled": Style(dim=True),
    "due": Style(color="cyan"),
    "publishing": Style(color="cyan", bold=True),
    "published": Style(color="green"),
    "gone": Style(color="red", dim=True),
    "late": Style(color="yellow", bold=True),
    "failed": Style(color="red", bold=True),
    "unsure": Style(color="red", bold=True),
}
SHORT_WARNINGS = {"sales-without-link": "sales, no link", "in-the-past": "{status}, past"}


def goal_style(item: Occurrence) -> Style:
    return _goal_style(item.post.goal_colour, item.post.status)


@lru_cache(maxsize=256)  # a few goals' colours, a few statuses: asked for every post drawn
def _goal_style(colour: str, status: str) -> Style:
    style = Style(color=safe_colour(colour) or None)
    if status == "draft":
        style += Style(italic=True)
    elif status == "cancelled":
        style += Style(strike=True, dim=True)
    return style


@lru_cache(maxsize=1024)
def cell_style(base: Style, in_view: bool, cursor: bool, selected_day: bool) -> Style:
    """A post's line in a month or week cell: dim underneath (the grid's look), dimmer
    outside the month, reversed under the post cursor, on the selected day's background."""
    style = DIM + base
    if not in_view:
        style += DIM
    if cursor:
        style += SELECTED_POST
    return style + SELECTED_DAY if selected_day else style


def fit(text: Text, width: int, style: Style | None = None) -> Text:
    """Exactly ``width`` cells: cut with an ellipsis or padded."""
    out = text.copy()
    out.truncate(max(0, width), overflow="ellipsis", pad=True)
    if style is not None:
        out.stylize(style)
    return out


def fit_plain(text: str, width: int) -> str:
    """``fit`` for one run of text: exactly ``width`` cells, cut with an ellipsis or padded."""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…"
    return text + " " * (width - length)


def crop_runs(runs: list[tuple[str, Style]], width: int) -> list[Segment]:
    """Runs of styled text as segments, cropped to ``width`` cells (padded if short)."""
    out: list[Segment] = []
    room = width
    for text, style in runs:
        if room <= 0:
            break
        length = cell_len(text)
        if length > room:
            text, length = set_cell_size(text, room), room
        out.append(Segment(text, style))
        room -= length
    if room > 0:
        out.append(Segment(" " * room))
    return out


def joined(parts: list[list[Segment]], separator: Segment) -> list[Segment]:
    """Segment runs side by side, ``separator`` between each two."""
    out = list(parts[0])
    for part in parts[1:]:
        out.append(separator)
        out.extend(part)
    return out


def out_of_range(day: date, typed: str | None = None) -> str:
    edge = (
        f"ends at {LAST_DAY.isoformat()}"
        if day > LAST_DAY
        else f"starts at {FIRST_DAY.isoformat()}"
    )
    return f"the calendar {edge}, {(typed or day.isoformat()).strip()!r}"


def within_calendar(day: date, typed: str) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise UserError(out_of_range(day, typed))
    return day


@dataclass
class Reading:
    """A window a thread is reading ahead: for which key and data generation; its result."""

    key: tuple
    generation: int
    done: threading.Event = field(default_factory=threading.Event)
    found: tuple[Window, publish.Board] | None = None


class CalendarGrid(Widget, can_focus=True):
    """Draws the current view line by line (Textual's line API: no markup, no reflow).

    The keys live on CalendarView; ``refresh()`` drops the cached lines. ``show(look)``
    draws what ``prepare(look, ...)`` drew ahead (the next month, after a frame), if anything.
    """

    def __init__(self, lines: Callable[[int, int], list[Text | list[Segment]]], **kwargs):
        super().__init__(**kwargs)
        self.lines = lines  # what to draw, at a width and height: the view's, never reached for
        self._strips: list[Strip] | None = None
        self.look: tuple | None = None  # what is shown, as the view names it (None: unnamed)
        self._ahead: tuple[tuple, list[Strip]] | None = None  # (look and size, its strips)

    def refresh(self, *args, **kwargs):
        self._strips = None
        return super().refresh(*args, **kwargs)

    def show(self, look: tuple | None) -> None:
        self.look = look
        self.refresh()

    def prepare(self, look: tuple, lines: list[Text | list[Segment]]) -> None:
        self._ahead = ((look, *self.size), self.strips(lines))

    def prepared(self, look: tuple) -> bool:
        return self._ahead is not None and self._ahead[0] == (look, *self.size)

    def strips(self, lines: list[Text | list[Segment]]) -> list[Strip]:
        width, console, base = self.size.width, self.app.console, self.rich_style
        return [
            Strip(Segment.apply_style(line, base)).adjust_cell_length(width, base)
            if isinstance(line, list)  # a month or week row: segments, ``width`` cells
            else Strip(
                Segment.apply_style(line.render(console), base), line.cell_len
            ).adjust_cell_length(width, base)
            for line in lines
        ]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self._strips is None or (self._strips and self._strips[0].cell_length != width):
            if self.look is not None and self.prepared(self.look):
                assert self._ahead is not None
                self._strips = self._ahead[1]
            else:
                self._strips = self.strips(self.lines(width, self.size.height))
            self._ahead = None
        if y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width, self.rich_style)


class CalendarView(SectionView):
    app: SmmdeskApp  # for mypy: Textual types it App, this is the one it runs in
    BINDINGS = [
        Binding("h,left", "step(-1)", "Day ←", show=False, id="calendar.previous_day"),
        Binding("l,right", "step(1)", "Day →", show=False, id="calendar.next_day"),
        Binding("j,down", "down", "Week ↓", show=False, id="calendar.next_week"),
        Binding("k,up", "up", "Week ↑", show=False, id="calendar.previous_week"),
        Binding(
            "left_square_bracket",
            "period(-1)",
            "Previous month/week",
            show=False,
            id="calendar.previous_month",
        ),
        Binding(
            "right_square_bracket",
            "period(1)",
            "Month ±",
            key_display="[ ]",
            tooltip="Next month (week view: next week); [ goes back",
            id="calendar.next_month",
        ),
        Binding("full_stop", "today", "Today", key_display=".", id="calendar.today"),
        Binding("g", "goto", "Go to", id="calendar.goto"),
        Binding("enter", "drop", "Drop here", id="calendar.drop"),
        Binding("escape", "cancel_move", "Cancel move", id="calendar.cancel_move"),
        Binding("n,a", "new", "New", key_display="n", id="calendar.new"),
        Binding("enter,e", "edit", "Edit", key_display="e", id="calendar.edit"),
        Binding("E", "edit_series", "Edit series", show=False, id="calendar.edit_series"),
        Binding("J", "post(1)", "Post ↓", key_display="J/K", id="calendar.next_post"),
        Binding("K", "post(-1)", "Post ↑", show=False, id="calendar.previous_post"),
        Binding("m", "move", "Move", id="calendar.move"),
        Binding("c", "copy", "Copy", id="calendar.copy"),
        Binding("p", "paste", "Paste", id="calendar.paste"),
        Binding("d", "delete", "Delete", id="calendar.delete"),
        Binding("D", "delete_series", "Delete series", show=False, id="calendar.delete_series"),
        Binding(
            "P",
            "publish",
            "Publish now",
            show=False,
            tooltip="Publish the selected post now, through its account (asks first)",
            id="calendar.publish",
        ),
        Binding(
            "R",
            "publish_retry",
            "Retry publishing",
            show=False,
            tooltip="A failed or unsure post is not on the platform: due again (unsure: asks first)",
            id="calendar.publish_retry",
        ),
        Binding(
            "M",
            "publish_done",
            "Mark published",
            show=False,
            tooltip="An unsure post is on the platform (you looked): mark it published",
            id="calendar.publish_done",
        ),
        Binding("1", "view('month')", "Month view", show=False, id="calendar.month_view"),
        Binding("2", "view('week')", "Week view", show=False, id="calendar.week_view"),
        Binding("3", "view('agenda')", "Agenda view", show=False, id="calendar.agenda_view"),
        Binding(
            "tab",
            "cycle_view",
            "View",
            key_display="1-3/tab",
            tooltip="Month, week, agenda (shift+tab still moves focus)",
            id="calendar.cycle_view",
        ),
        Binding("b", "brand", "Brand", id="calendar.next_brand"),
    ]
    # What stays possible while a post is being moved.
    MOVE_ACTIONS = frozenset(
        {"step", "down", "up", "period", "today", "drop", "cancel_move", "view", "cycle_view"}
    )

    def __init__(self, store, **kwargs):
        super().__init__(**kwargs)
        self.store = store
        self.zone = local_zone()
        self.mode = "month"
        self.day = self.today()
        self.post_index = 0
        self.brand: Brand | None = None
        self.brands: list[Brand] = []
        self.goals: dict[int, list] = {}
        self.loaded: Window | None = None
        self.loaded_key: tuple | None = None  # (first, last, brand id) of ``loaded``
        self.board: publish.Board | None = None  # each loaded post's way out
        # Windows read before or ahead of time (``prefetch``), by key, the newest last; any
        # change of the data forgets them all (``generation``: a read under way is dropped).
        self.windows: OrderedDict[tuple, tuple[Window, publish.Board]] = OrderedDict()
        self.generation = 0
        self.prefetching: Reading | None = None  # the read ahead under way
        self.just_read = False  # on_mount read: the first on_show_section need not
        self.heading = 1  # the way the last period key went: the next window read first
        self.side_due = False
        self.moving: Occurrence | None = None
        self.move_origin: date | None = None
        self.clipboard: Occurrence | None = None
        self._footer_moving = False
        self._cell_look: tuple = (None, None, "", 0)  # what ``_cells`` were drawn for
        self._cells: dict[tuple, list[list[Segment]]] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="cal-body"):
            with Vertical(id="cal-main"):
                yield Static("", id="cal-title")
                yield CalendarGrid(self.grid_lines, id="cal-grid")
                yield Static("", id="cal-status")
            yield Static("", id="cal-side")

    def on_mount(self) -> None:
        self.load_brands()
        self.reload()
        self.just_read = True
        self.set_interval(STATE_TICK_S, self.tick)

    def on_show_section(self) -> None:
        if self.just_read:  # mounted to be shown: read a moment ago, its read-ahead under way
            self.just_read = False
            return
        self.load_brands()
        self.reload(force=True)

    def data_changed(self) -> None:
        """After a sync or a publish: read again, the same post selected. A published post's
        time is the real one now: it may move within its day, or to today (published before
        its time); the selection follows it while it is in what the view loaded."""
        kept = self.current()
        self.load_brands()
        self.reload(force=True)
        if kept is None or self.moving is not None or self.loaded is None:
            return

        def same(item: Occurrence) -> bool:
            return item.post.id == kept.post.id and (not item.of_series or item.at == kept.at)

        found = next((item for item in self.loaded.items if same(item)), None)
        if found is None:
            return
        day = found.at.astimezone(self.zone).date()
        if day != self.day:
            self.select(day, found.post.id)
            return
        index = next(i for i, item in enumerate(self.day_items(day)) if same(item))
        if index != self.post_index:
            self.post_index = index
            self.redraw()

    def tick(self) -> None:
        """A post's state follows the clock (scheduled, then due, then late): drawn again,
        from what is loaded, while the calendar is shown."""
        if self.display and self.loaded is not None and self.app.screen is self.screen:
            self.redraw()

    def focus_main(self) -> None:
        self.query_one(CalendarGrid).focus()

    def load_brands(self) -> None:
        self.brands = list_brands(self.store)
        self.goals = {b.id: list_goals(self.store, b) for b in self.brands}
        if self.brand is not None and all(b.id != self.brand.id for b in self.brands):
            self.brand = None

    def brand_name(self, brand_id: int) -> str:
        return visible(next((b.name for b in self.brands if b.id == brand_id), "?"))

    def today(self) -> date:
        return utc_now().astimezone(self.zone).date()

    # --- data ------------------------------------------------------------------------------

    def view_range(self, day: date | None = None) -> tuple[date, date]:
        day = day or self.day
        if self.mode == "month":
            return views.month_range(day)
        if self.mode == "week":
            return views.week_range(day)
        return views.agenda_range(day, AGENDA_DAYS)

    def window_key(self, day: date) -> tuple:
        """(first, last, brand id) of the window the view of ``day`` needs: its range and
        its month (for the goal mix)."""
        first, last = self.view_range(day)
        month_first, month_last = views.month_range(day)
        return (
            min(first, month_first),
            max(last, month_last),
            self.brand.id if self.brand else None,
        )

    def read_window(self, store, key: tuple, brand: Brand | None) -> tuple[Window, publish.Board]:
        window = views.window(store, key[0], key[1], zone=self.zone, brand=brand)
        return window, publish.board(store, [item.post for item in window.items])

    def reload(self, *, force: bool = False) -> None:
        """Show the view's window: kept or read ahead if it was, else read now; redraw.
        Then, after the frame, the windows the next keys want are read in a thread."""
        if force:
            self.forget()
        key = self.window_key(self.day)
        if force or self.loaded is None or self.loaded_key != key:
            if key not in self.windows:
                self.keep(key, self.read_now(key))
            self.windows.move_to_end(key)
            self.loaded, self.board = self.windows[key]
            self.loaded_key = key
        self.clamp_post()
        self.redraw()
        self.call_after_refresh(self.prefetch)

    def read_now(self, key: tuple) -> tuple[Window, publish.Board]:
        """A window the key needs and nothing kept: the thread's if it is reading that one now
        (the rest of its read, waited for, not a second read beside it), else read here."""
        reading = self.prefetching
        if (
            reading is not None
            and (reading.key, reading.generation) == (key, self.generation)
            and reading.done.wait(READ_WAIT_S)
            and reading.found is not None
        ):
            return reading.found
        return self.read_window(self.store, key, self.brand)

    def forget(self) -> None:
        self.windows.clear()
        self.generation += 1

    def keep(self, key: tuple, read: tuple[Window, publish.Board]) -> None:
        self.windows[key] = read
        while len(self.windows) > WINDOWS_KEPT:
            self.windows.popitem(last=False)

    def step_day(self, day: date, sign: int) -> date:
        """The day a period key (``[``/``]``) goes to."""
        if self.mode == "month":
            return day + relativedelta(months=sign)
        return day + timedelta(days=7 * sign)

    def prefetch(self) -> None:
        """Read the window of the next period the keys want (the way they go first, three
        ahead and one behind) in a thread, on its own connection, so that ``]`` or ``[``
        only draws; one window at a time, each landing asks for the next from where the
        view is then (a held key never leaves the thread reading months already passed)."""
        if self.prefetching is not None or not self.is_attached:
            return
        key = next((key for key in self.wanted() if key not in self.windows), None)
        if key is None:
            return
        reading = self.prefetching = Reading(key, self.generation)
        brand = self.brand

        def read() -> None:
            try:
                with self.store.reader() as reader:
                    reading.found = self.read_window(reader, key, brand)
            except (sqlite3.Error, UserError):
                pass  # read ahead or not: the key reads what it lacks itself
            finally:
                reading.done.set()
                if self.app.is_running:
                    self.app.call_from_thread(self.prefetched, reading)

        self.run_worker(read, thread=True, group="calendar-prefetch")

    def wanted(self) -> list[tuple]:
        """The windows of the periods around the view's, the likeliest next key first."""
        out = []
        for sign in (*(n * self.heading for n in range(1, READ_AHEAD + 1)), -self.heading):
            try:  # near the first or last day the calendar shows, there is no period beyond
                day = self.step_day(self.day, sign)
            except (ValueError, OverflowError):
                continue
            if FIRST_DAY <= day <= LAST_DAY:
                out.append(self.window_key(day))
        return out

    def prefetched(self, reading: Reading) -> None:
        self.prefetching = None
        if reading.generation != self.generation:  # the data changed meanwhile: read again
            self.prefetch()
        elif reading.found is not None:  # (a failed read is not tried again before the next key)
            if reading.key not in self.windows:
                self.keep(reading.key, reading.found)
            self.draw_ahead()
            self.prefetch()

    def day_items(self, day: date) -> list[Occurrence]:
        return self.loaded.on(day) if self.loaded else []

    def clamp_post(self) -> None:
        count = len(self.day_items(self.day))
        self.post_index = max(0, min(self.post_index, count - 1))

    def current(self) -> Occurrence | None:
        items = self.day_items(self.day)
        return items[self.post_index] if 0 <= self.post_index < len(items) else None

    def select(self, day: date, post_id: int | None = None) -> None:
        if not FIRST_DAY <= day <= LAST_DAY:  # a post saved for 9999-12-31: saved, not shown
            self.app.notify(out_of_range(day), severity="warning", markup=False)
            self.reload(force=True)
            return
        self.day = day
        self.post_index = 0
        self.reload(force=True)
        if post_id is not None:
            for index, item in enumerate(self.day_items(day)):
                if item.post.id == post_id:
                    self.post_index = index
                    self.redraw()
                    break

    # --- drawing ---------------------------------------------------------------------------

    def redraw(self) -> None:
        # Every part has a fixed size (see app.tcss), so no layout pass is needed.
        self.query_one("#cal-title", Static).update(self.title_text(), layout=False)
        self.query_one("#cal-status", Static).update(self.status_text(), layout=False)
        grid = self.query_one(CalendarGrid)
        grid.show(self.grid_look(self.day, self.post_index) if self.mode != "agenda" else None)
        # The side panel (goal mix, conflicts, gaps) right after the frame that shows the
        # grid: a key never waits for it; keys pressed before that frame ask once.
        if not self.side_due:
            self.side_due = True
            self.call_after_refresh(self.draw_side)
        moving = self.moving is not None
        if moving != self._footer_moving:  # the Footer only changes with move mode
            self._footer_moving = moving
            self.refresh_bindings()

    def title_text(self) -> Text:
        if self.mode == "month":
            period = f"{self.day:%B %Y}"
        elif self.mode == "week":
            first, last = self.view_range()
            period = f"week {self.day:%G-W%V} · {first:%d %b} – {last:%d %b %Y}"
        else:
            first, last = self.view_range()
            period = f"agenda {first:%a %d %b} – {last:%a %d %b %Y}"
        text = Text()
        text.append(f" ◀ {period} ▶ ", style="bold")
        for name in VIEWS:
            key = str(VIEWS.index(name) + 1)
            text.append(f" {key} {name} ", style="reverse" if name == self.mode else "dim")
        brand = visible(self.brand.name) if self.brand else "all brands"
        text.append(f"  brand: {brand} ({keys.key(self, 'calendar.next_brand')})", style="dim")
        return text

    def status_text(self) -> Text:
        text = Text()
        if self.moving is not None:
            post = self.moving.post
            when = self.moving.at.astimezone(self.zone)
            target = datetime.combine(self.day, when.time())
            which = "this occurrence" if self.moving.of_series else "post"
            text.append(" MOVE ", style="bold black on yellow")
            text.append(f" {when:%a %d %b %H:%M} → {target:%a %d %b %H:%M} ", style="bold")
            text.append(f"{which} “{one_line(post.title)[:40]}”\n")
            moves = "/".join(
                keys.key(self, f"calendar.{name}")
                for name in ("previous_day", "next_week", "previous_week", "next_day")
            )
            text.append(
                f" arrows/{moves} move it · {keys.key(self, 'calendar.drop')} drops it here · "
                f"{keys.key(self, 'calendar.cancel_move')} cancels",
                style="dim",
            )
            return text
        items = self.day_items(self.day)
        item = self.current()
        if item is None:
            text.append(f" {self.day:%a %d %b %Y} · nothing planned", style="bold")
            paste = f", {keys.key(self, 'calendar.paste')} pastes" if self.clipboard else ""
            text.append(f" — {keys.key(self, 'calendar.new')} adds a post{paste}", style="dim")
            return text
        post = item.post
        when = item.at.astimezone(self.zone)
        text.append(f" {when:%a %d %b %H:%M} ", style="bold")
        text.append(one_line(post.title)[:70], style=goal_style(item) + Style(bold=True))
        text.append(
            f"  ({self.post_index + 1}/{len(items)}, {self.post_keys()})\n"
            if len(items) > 1
            else "\n",
            style="dim",
        )
        if item.of_series:
            words = recurrence.describe_rule(post.rrule or "", self.zone)
            one = "/".join(keys.key(self, f"calendar.{n}") for n in ("edit", "move", "delete"))
            whole = "/".join(
                keys.key(self, f"calendar.{n}") for n in ("edit_series", "delete_series")
            )
            text.append(
                f" ⟳ {words}: {one} act on this occurrence, {whole} on the series ·", style="cyan"
            )
        elif post.series_id is not None:
            text.append(" ⟳ edited occurrence of a series ·", style="cyan")
        details = [
            self.brand_name(post.brand_id),
            visible(post.channel),
            visible(post.goal_name),
            post.kind,
        ]
        shown = self.state_of(item)
        if shown is None:  # else the next line says it
            details.append(post.status)
        if post.link:
            details.append(visible(post.link))
        text.append(" " + " · ".join(details) + "\n", style="dim")
        if shown is not None:
            text.append(" " + shown.state, style=STATE_STYLES.get(shown.state))
            if shown.url:
                text.append(f" {visible(shown.url)}", style=STATE_STYLES.get(shown.state))
            hint = self.state_hint(shown.state)
            if hint:
                text.append(f" — {hint}", style="bold")
            text.append(f" · {visible(shown.detail)}", style="dim")
        return text

    def state_of(self, item: Occurrence) -> publish.Shown | None:
        """The post's way out, from what ``reload`` read (nothing is read here)."""
        if self.board is None:
            return None
        return self.board.of(item.post, item.at, utc_now())

    def state_hint(self, state: str) -> str:
        publish_key = keys.key(self, "calendar.publish")
        retry = keys.key(self, "calendar.publish_retry")
        if state in ("late", "scheduled"):
            return f"{publish_key} publishes it now"
        if state == "due":
            return f"{keys.key(self.app, 'app.sync')} syncs now"
        if state == "failed":
            return f"{retry} tries again"
        if state == "unsure":
            return (
                f"look on the channel: {keys.key(self, 'calendar.publish_done')} it is there, "
                f"{retry} it is not"
            )
        return ""

    def post_keys(self) -> str:
        return f"{keys.key(self, 'calendar.next_post').split('/')[0]}/{keys.key(self, 'calendar.previous_post')}"

    def grid_lines(self, width: int, height: int) -> list[Text | list[Segment]]:
        if self.loaded is None or width < 14 or height < 3:
            return []
        if self.mode == "agenda":
            return list(self.render_agenda(width, height))
        weeks = self.weeks(self.loaded, self.day)
        return list(self.render_weeks(weeks, width, height, self.cell))

    def weeks(self, window: Window, day: date) -> list[list[Day]]:
        """The month's weeks (or the week) that show ``day``."""
        if self.mode == "week":
            return [window.week(day, today=self.today())]
        return window.month(day, today=self.today())

    def grid_look(self, day: date, post_index: int) -> tuple:
        """All that the month or week grid shows with ``day`` selected depends on (its size
        aside): what was read, the view, the selection, a move under way, today."""
        moving = one_line(self.moving.post.title) if self.moving else None
        key = self.window_key(day)
        return (self.generation, key, self.mode, day, post_index, moving, self.today())

    def draw_ahead(self) -> None:
        """After the frame: the grid the next period key shows, drawn now if its window is read
        (the day it lands on, its first post), so that ``]`` or ``[`` only shows it."""
        if self.mode == "agenda" or self.moving is not None or not self.is_attached:
            return
        try:
            day = self.step_day(self.day, self.heading)
        except (ValueError, OverflowError):
            return
        if not FIRST_DAY <= day <= LAST_DAY:  # (no window reaches past the calendar's edges)
            return
        found = self.windows.get(self.window_key(day))
        grid = self.query_one(CalendarGrid)
        look = self.grid_look(day, 0)
        width, height = grid.size
        if found is None or grid.prepared(look) or width < 14 or height < 3:
            return

        def cell(cell: Day, width: int, count: int) -> list[list[Segment]]:
            return self.cell_lines(cell, width, count, cell.date == day, 0)

        grid.prepare(look, list(self.render_weeks(self.weeks(found[0], day), width, height, cell)))

    def render_weeks(
        self,
        weeks: list[list[Day]],
        width: int,
        height: int,
        cell: Callable[[Day, int, int], list[list[Segment]]],
    ) -> list[list[Segment]]:
        """Columns of days; each week starts with a rule that carries the day numbers. Rows are
        segments, not Text: a new month draws ~40 cells of a few lines, on the key's frame."""
        col = max(3, (width - 6) // 7)
        widths = [col] * 6 + [max(3, width - 6 - col * 6)]
        lines_per_week = max(2, (height - 1) // len(weeks))
        heads = [[Segment(fit_plain(WEEKDAYS[n], widths[n]), BOLD)] for n in range(7)]
        out = [joined(heads, Segment("│"))]
        rule, side = Segment("┼", DIM), Segment("│", DIM)
        for week in weeks:
            cells = [cell(day, widths[n], lines_per_week) for n, day in enumerate(week)]
            for row in range(lines_per_week):
                out.append(joined([cell[row] for cell in cells], rule if row == 0 else side))
        return out

    def cell(self, day: Day, width: int, count: int) -> list[list[Segment]]:
        """``cell_lines``, kept for the window and look drawn: moving the selection within a
        month draws again only the days it leaves and enters."""
        drawn = self._cell_look
        if not (
            drawn[0] is self.loaded and drawn[1] is self.moving and drawn[2:] == (self.mode, count)
        ):
            self._cell_look, self._cells = (self.loaded, self.moving, self.mode, count), {}
        selected = day.date == self.day
        key = (day.date, width, day.in_month, day.is_today, self.post_index if selected else None)
        found = self._cells.get(key)
        if found is None:
            found = self._cells[key] = self.cell_lines(day, width, count, selected, self.post_index)
        return found

    def cell_lines(
        self, cell: Day, width: int, count: int, selected: bool, post_index: int
    ) -> list[list[Segment]]:
        """One day's cell: a rule with its number, then its posts (the post cursor on
        ``post_index`` if the day is selected), then "+N more"; each line ``width`` cells."""
        day = cell.date
        back = SELECTED_DAY if selected else None
        in_view = cell.in_month  # a month grid's leading and trailing days are dim
        label = f"{day.day}" + (f" {day:%b}" if day.day == 1 or self.mode == "week" else "")
        runs = [("─", DIM), (label, TODAY if cell.is_today else (BOLD if in_view else DIM))]
        if cell.is_today:
            runs.append((" today", YELLOW))
        runs.append(("─" * width, DIM))
        # Every line of a cell is dim underneath (the look of the grid), the rule's number too.
        lines = [[Segment(s.text, DIM + s.style + back) for s in crop_runs(runs, width)]]
        items = cell.items
        ghost = self.moving is not None and selected
        if ghost and self.moving is not None:
            title = fit_plain("» " + one_line(self.moving.post.title), width)
            lines.append([Segment(title, DIM + GHOST + back)])
        per_post = 2 if self.mode == "week" else 1  # week view: time and title over two lines
        room = (count - len(lines)) // per_post
        shown, start = items, 0
        if len(items) > room:
            shown_count = max(0, (count - len(lines) - 1) // per_post)
            if selected and post_index >= shown_count:
                start = post_index - shown_count + 1
            shown = items[start : start + shown_count]
        for offset, item in enumerate(shown):
            index = start + offset
            cursor = selected and index == post_index and not self.moving
            style = cell_style(goal_style(item), in_view, cursor, selected)
            title = one_line(item.post.title)
            if self.mode == "week":
                words = f"{item.at.astimezone(self.zone):%H:%M} {title}"
                parts = textwrap.wrap(words, width, max_lines=2, placeholder="…") or [words]
                parts += [""] * (2 - len(parts))
            else:
                parts = [title]
            lines.extend([Segment(fit_plain(part, width), style)] for part in parts)
        hidden = len(items) - len(shown)
        if hidden > 0:
            lines.append([Segment(fit_plain(f"+{hidden} more", width), MORE + back)])
        blank = [Segment(" " * width, DIM + back)]
        lines += [blank] * (count - len(lines))
        return lines[:count]

    def render_agenda(self, width: int, height: int) -> list[Text]:
        assert self.loaded is not None
        lines: list[Text] = []
        for cell in self.loaded.agenda(self.day, AGENDA_DAYS, today=self.today(), skip_empty=False):
            if len(lines) >= height:
                break
            day = cell.date
            selected = day == self.day
            head = Text(f"{day:%a %d %b %Y}", style=Style(bold=True))
            if cell.is_today:
                head.append("  today", style="yellow")
            lines.append(fit(head, width, SELECTED_DAY if selected else None))
            items = cell.items
            if not items:
                lines.append(Text("   — nothing planned", style=DIM))
            for index, item in enumerate(items):
                post = item.post
                line = Text(f"   {item.at.astimezone(self.zone):%H:%M}  ")
                line.append("■ ", style=goal_style(item))
                line.append(one_line(post.title), style=goal_style(item))
                brand = "" if self.brand else f" · {self.brand_name(post.brand_id)}"
                shown = self.state_of(item)  # its way out first: the rest is in the grid too
                line.append("  · ", style=DIM)
                if shown is None:
                    line.append(post.status, style=DIM)
                else:
                    line.append(shown.state, style=STATE_STYLES.get(shown.state, DIM))
                    if shown.url:
                        line.append(f" {visible(shown.url)}", style=DIM)
                line.append(
                    f" · {visible(post.channel)} · {visible(post.goal_name)}{brand}"
                    + (" · ⟳" if item.of_series else ""),
                    style=DIM,
                )
                if selected and index == self.post_index and not self.moving:
                    line.stylize(SELECTED_POST)
                lines.append(fit(line, width))
            if selected and self.moving is not None:
                lines.append(fit(Text("   » " + one_line(self.moving.post.title)), width, GHOST))
        return lines[:height]

    # --- side panel ------------------------------------------------------------------------

    def visible_items(self) -> tuple[list[Occurrence], date, date]:
        """The occurrences of what the view shows (the month's own days in month view)."""
        first, last = views.month_days(self.day) if self.mode == "month" else self.view_range()
        return (self.loaded.between(first, last) if self.loaded else []), first, last

    def side_text(self) -> Text:
        if self.loaded is None:
            return Text("")
        text = Text(no_wrap=True, overflow="ellipsis")
        month_first, month_last = views.month_days(self.day)
        month_items = self.loaded.between(month_first, month_last)
        text.append(f"Goal mix · {month_first:%B %Y}\n", style="bold")
        brands = [self.brand] if self.brand else self.brands
        for brand in brands:
            if len(brands) > 1:
                text.append(visible(brand.name) + "\n", style="underline")
            own = [i for i in month_items if i.post.brand_id == brand.id]
            mixes = checks.goal_mix(own, self.goals.get(brand.id, []), self.zone, "month")
            if not mixes:
                text.append("  no posts this month\n", style=DIM)
                continue
            for share in mixes[0].shares:
                if not share.posts and not share.target:
                    continue
                text.append("  ■ ", style=safe_colour(share.colour))
                text.append(
                    f"{visible(share.name)[:13]:<13}{share.posts:>3} {share.share:>4.0%}"
                    f"/{share.target:<3.0%}"
                )
                if share.delta <= -0.1:
                    text.append(" ▼", style="bold red")
                elif share.delta >= 0.1 and share.target:
                    text.append(" ▲", style="yellow")
                text.append("\n")
        text.append("  ▼ short of target ▲ over\n", style=DIM)
        items, first, last = self.visible_items()
        found = checks.conflicts(items, checks.min_gap(self.store))
        text.append(f"\nConflicts ({len(found)})\n", style="bold")
        for conflict in found[:SIDE_LIMIT]:
            a = conflict.first.at.astimezone(self.zone)
            b = conflict.second.at.astimezone(self.zone)
            text.append(
                f"  {a:%a %d} {a:%H:%M}/{b:%H:%M} {visible(conflict.channel)}\n", style="red"
            )
        start = max(first, self.today())
        empty = checks.gaps(items, start, last, self.zone) if start <= last else []
        text.append(f"\nEmpty days ahead ({len(empty)})\n", style="bold")
        if empty:
            shown = ", ".join(f"{d:%a %d}" for d in empty[:8]) + (" …" if len(empty) > 8 else "")
            text.append(f"  {shown}\n", style="yellow")
        notes = checks.warnings(items, utc_now())
        text.append(f"\nTo look at ({len(notes)})\n", style="bold")
        for note in notes[:SIDE_LIMIT]:
            at = note.item.at.astimezone(self.zone)
            short = SHORT_WARNINGS.get(note.code, note.message).format(status=note.item.post.status)
            text.append(f"  {at:%a %d %H:%M} {short}\n", style="yellow")
            text.append(f"    {one_line(note.item.post.title)}\n", style=DIM)
        return text

    # --- keys: moving around ---------------------------------------------------------------

    def draw_side(self) -> None:
        self.side_due = False
        if self.is_attached:
            self.query_one("#cal-side", Static).update(self.side_text(), layout=False)
            self.draw_ahead()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("drop", "cancel_move"):
            return self.moving is not None
        return self.moving is None or action in self.MOVE_ACTIONS

    def go(self, day: date) -> None:
        if not FIRST_DAY <= day <= LAST_DAY:
            self.app.notify(out_of_range(day), severity="warning", markup=False)
            return
        self.day = day
        self.post_index = 0
        self.reload()

    def action_step(self, days: int) -> None:
        self.go(self.day + timedelta(days=days))  # FIRST_DAY and LAST_DAY leave room for a step

    def action_down(self) -> None:
        self.action_step(1 if self.mode == "agenda" else 7)

    def action_up(self) -> None:
        self.action_step(-1 if self.mode == "agenda" else -7)

    def action_period(self, sign: int) -> None:
        self.heading = sign
        self.go(self.step_day(self.day, sign))

    def action_today(self) -> None:
        self.go(self.today())

    def action_goto(self) -> None:
        from smmdesk.tui.widgets.modals import PromptScreen

        self.app.push_screen(
            PromptScreen(
                "Go to date",
                placeholder="2026-12-24 · fri · next week · +2w",
                hint="a date, a weekday, today, tomorrow, next week, +3d, завтра, пт",
                parse=lambda text: within_calendar(parse_day(text, utc_now(), self.zone), text),
            ),
            lambda day: day and self.go(day),
        )

    def action_post(self, step: int) -> None:
        count = len(self.day_items(self.day))
        if count:
            self.post_index = (self.post_index + step) % count
            self.redraw()

    def action_view(self, name: str) -> None:
        self.mode = name
        self.reload()

    def action_cycle_view(self) -> None:
        self.action_view(VIEWS[(VIEWS.index(self.mode) + 1) % len(VIEWS)])

    def action_brand(self) -> None:
        chosen = self.next_brand_id(self.brand.id if self.brand else None)
        self.brand = next((b for b in self.brands if b.id == chosen), None)
        self.post_index = 0
        self.reload()

    # --- keys: changing posts --------------------------------------------------------------

    def notify_error(self, exc: UserError) -> None:
        self.app.notify(str(exc), severity="error", markup=False)

    def need_post(self) -> Occurrence | None:
        item = self.current()
        if item is None:
            self.app.notify(f"No post on {self.day:%a %d %b}", severity="warning", markup=False)
        return item

    def after_save(self, post) -> None:
        if post is None:
            return
        self.load_brands()
        day = post.scheduled_at.astimezone(self.zone).date()
        self.select(day, post.id)
        self.app.notify(
            f"Saved “{one_line(post.title)}” ({post.status}, "
            f"{post.scheduled_at.astimezone(self.zone):%a %d %b %H:%M})",
            markup=False,
        )

    def action_new(self) -> None:
        from smmdesk.tui.calendar.post_form import PostForm

        if not self.brands:
            self.app.notify(
                "No brand yet: add one with `smmdesk brand add NAME`", severity="warning"
            )
            return
        self.app.push_screen(
            PostForm(self.store, self.brands, brand=self.brand, day=self.day), self.after_save
        )

    def action_edit(self) -> None:
        from smmdesk.tui.calendar.post_form import PostForm

        item = self.need_post()
        if item is None:
            return
        mode = "occurrence" if item.of_series else "edit"
        self.app.push_screen(
            PostForm(self.store, self.brands, post=item.post, mode=mode, at=item.at),
            self.after_save,
        )

    def action_edit_series(self) -> None:
        from smmdesk.tui.calendar.post_form import PostForm

        item = self.need_post()
        if item is None:
            return
        post = item.post
        if post.series_id is not None:
            try:
                post = post_ops.get_post(self.store, post.series_id)
            except UserError as exc:
                self.notify_error(exc)
                return
        self.app.push_screen(
            PostForm(self.store, self.brands, post=post, mode="edit"), self.after_save
        )

    def action_move(self) -> None:
        item = self.need_post()
        if item is None:
            return
        self.moving = item
        self.move_origin = self.day
        self.redraw()

    def action_cancel_move(self) -> None:
        origin = self.move_origin
        self.moving = None
        self.move_origin = None
        if origin is not None:
            self.go(origin)

    def action_drop(self) -> None:
        item, origin = self.moving, self.move_origin
        self.moving = None
        self.move_origin = None
        if item is None or origin is None:
            return
        days = (self.day - origin).days
        if days == 0:
            self.redraw()
            return
        step = relativedelta(days=days)
        what = "occurrence" if item.of_series else "post"
        target = self.day

        def run():
            if item.of_series:
                return post_ops.move_occurrence(self.store, item.post.id, item.at, step)
            return post_ops.move_post(self.store, item.post.id, step)

        def done(moved) -> None:
            self.select(target, moved.id)
            self.app.notify(
                f"Moved the {what} “{one_line(moved.title)}” to "
                f"{moved.scheduled_at.astimezone(self.zone):%a %d %b %H:%M}",
                markup=False,
            )

        def failed(exc: UserError) -> None:
            self.notify_error(exc)
            self.redraw()

        self.app.write(
            f"moving “{one_line(item.post.title)}”", run, done, failed=failed, owner=self
        )

    def action_copy(self) -> None:
        item = self.need_post()
        if item is None:
            return
        self.clipboard = item
        self.app.notify(
            f"Copied “{one_line(item.post.title)}” — {keys.key(self, 'calendar.paste')} pastes it "
            "on the selected day",
            markup=False,
        )

    def action_paste(self) -> None:
        if self.clipboard is None:
            self.app.notify(
                f"Nothing copied: {keys.key(self, 'calendar.copy')} copies the selected post",
                severity="warning",
            )
            return
        source, day = self.clipboard.post, self.day

        def done(copy) -> None:
            self.select(day, copy.id)
            self.app.notify(
                f"Pasted a draft of “{one_line(copy.title)}” at "
                f"{copy.scheduled_at.astimezone(self.zone):%a %d %b %H:%M}",
                markup=False,
            )

        self.app.write(
            f"pasting “{one_line(source.title)}”",
            lambda: post_ops.copy_post(self.store, source.id, day),
            done,
            failed=self.notify_error,
            owner=self,
        )

    def action_delete(self) -> None:
        from smmdesk.tui.widgets.modals import ConfirmScreen

        item = self.need_post()
        if item is None:
            return
        title = one_line(item.post.title)
        when = item.at.astimezone(self.zone)
        if item.of_series:
            question = (
                f"Skip the {when:%a %d %b %H:%M} occurrence of “{title}”? "
                "The rest of the series stays (D deletes the whole series)."
            )

            done = f"Skipped the {when:%a %d %b} occurrence of “{title}”"
            name = f"skipping the {when:%a %d %b} occurrence of “{title}”"

            def run():
                return post_ops.skip_occurrence(self.store, item.post.id, item.at)
        else:
            question = f"Delete “{title}” ({when:%a %d %b %H:%M})?"
            done = f"Deleted “{title}”"
            name = f"deleting “{title}”"

            def run():
                return post_ops.delete_post(self.store, item.post.id)

        self.app.push_screen(
            ConfirmScreen(question), lambda yes: yes and self.apply(run, done, name)
        )

    def action_delete_series(self) -> None:
        from smmdesk.tui.widgets.modals import ConfirmScreen

        item = self.need_post()
        if item is None:
            return
        series_id = item.post.series_id if item.post.series_id is not None else item.post.id
        try:
            series = post_ops.get_post(self.store, series_id)
        except UserError as exc:
            self.notify_error(exc)
            return
        if not series.is_series:
            self.action_delete()
            return
        title = one_line(series.title)
        words = recurrence.describe_rule(series.rrule or "", self.zone)
        question = f"Delete the whole series “{title}” ({words}) and its edited occurrences?"
        self.app.push_screen(
            ConfirmScreen(question),
            lambda yes: (
                yes
                and self.apply(
                    lambda: post_ops.delete_post(self.store, series_id),
                    f"Deleted the series “{title}”",
                    f"deleting the series “{title}”",
                )
            ),
        )

    def action_publish(self) -> None:
        """``P``: the selected post, now, through its account, after a yes; a post that cannot
        go (a draft, a series, no account, already tried) is the domain's one line."""
        from smmdesk.tui.widgets.modals import ConfirmScreen

        item = self.need_post()
        if item is None:
            return
        try:
            wanted = publish.wanted(self.store, item.post.id)
        except UserError as exc:
            self.notify_error(exc)
            return
        post = wanted.post
        title = one_line(post.title)
        when = item.at.astimezone(self.zone)
        now = utc_now()
        shown = self.state_of(item)
        if item.at > now:
            timing = f"It is planned for {when:%a %d %b %H:%M}; it goes out now instead."
        elif shown is not None and shown.state == "late":
            timing = f"It is late: it was due {when:%a %d %b %H:%M}, past the grace."
        else:
            timing = f"It was due {when:%a %d %b %H:%M}."
        via = wanted.account.name if wanted.account else "?"
        question = (
            f"Publish “{title}” now on {one_line(post.channel)} through {one_line(via)}? {timing}"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.post_message(PublishNow(post.id, title))

        self.app.push_screen(ConfirmScreen(question), answered)

    def stuck(self) -> tuple[Occurrence, publish.Shown] | None:
        """The selected post if its publication failed or is unsure (else None, and says so)."""
        item = self.need_post()
        if item is None:
            return None
        shown = self.state_of(item)
        if shown is None or shown.state not in ("failed", "unsure"):
            state = shown.state if shown else item.post.status
            self.app.notify(
                f"“{one_line(item.post.title)}” is {state}: only a failed or unsure "
                "publication is retried or marked published",
                severity="warning",
                markup=False,
            )
            return None
        return item, shown

    def action_publish_retry(self) -> None:
        """``R``: a failed or unsure post is due again (the next sync, or P, publishes it).
        An unsure one may be on the channel already: asked first, as retrying may post it twice."""
        from smmdesk.tui.widgets.modals import ConfirmScreen

        found = self.stuck()
        if found is None:
            return
        item, shown = found
        post_id, title = item.post.id, one_line(item.post.title)
        sync_key, publish_key = keys.key(self.app, "app.sync"), keys.key(self, "calendar.publish")
        message = f"“{title}” is due again: {sync_key} publishes it ({publish_key} now)"

        def go() -> None:
            self.app.write(
                f"retrying “{title}”",
                lambda: publish.retry(self.store, post_id),
                lambda _post: self.settled(message),
                failed=self.notify_error,
                owner=self,
            )

        if shown.state == "failed":  # the platform refused it: nothing is out there
            go()
            return
        question = (
            f"Is “{title}” missing from {one_line(item.post.channel)}? The sync stopped while "
            "publishing it, so it may be there already: look first. Publish it again?"
        )
        self.app.push_screen(ConfirmScreen(question), lambda yes: yes and go())

    def action_publish_done(self) -> None:
        """``M``: an unsure post is on the platform (the user looked): published."""
        found = self.stuck()
        if found is None:
            return
        item, shown = found
        title = one_line(item.post.title)
        if shown.state != "unsure":
            self.app.notify(
                f"“{title}” failed ({visible(shown.detail)}): nothing went out; "
                f"{keys.key(self, 'calendar.publish_retry')} tries again",
                severity="warning",
                markup=False,
            )
            return
        post_id = item.post.id
        self.app.write(
            f"marking “{title}” published",
            lambda: publish.mark_done(self.store, post_id),
            lambda _done: self.settled(f"“{title}” marked published"),
            failed=self.notify_error,
            owner=self,
        )

    def settled(self, message: str) -> None:
        self.data_changed()
        self.app.notify(message, markup=False)

    def apply(self, run, message: str, name: str) -> None:
        def done(_) -> None:
            self.reload(force=True)
            self.app.notify(message, markup=False)

        self.app.write(name, run, done, failed=self.notify_error, owner=self)
