"""A DataTable whose removing a row costs about a cursor move.

Textual's DataTable keys its rendering (cells, rows, lines) on a table-wide update
count that ``remove_row``, ``add_row`` and ``update_cell`` all bump: after one removal
every visible cell goes through Rich again (~0.25 ms each, 18 rows x 8 columns), and
the screen is laid out again. A cursor move redraws two rows.

Here, for one-line rows under a row cursor (the queue):

- a cell's rendering is kept by its row's *key*, a version bumped when that row is
  updated, and its look (zebra style, cursor, hover, width): a removal re-uses it;
- a line is put together from those cells with the mouse meta (the row's index, as
  DataTable's click and hover handlers read it) laid on afterwards, and kept by row
  key and index; what is the same for every line of a frame (the widget's style,
  the stripes, the column widths) is read once per frame;
- after a frame, the lines a removal at the cursor would show next (every row below
  the cursor one place up, in the other stripe) are put together ahead, while the
  user reads: the next triage key finds them made;
- a removal that keeps the table's size and scrollbar asks for no layout.

Anything else (row labels, fixed rows or columns, other cursors, taller rows) takes
DataTable's own path. It relies on DataTable's private parts (``_render_cell``,
``_row_locations``…) as of the pinned Textual (pyproject); tests/tui cover the look.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Self

from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from textual._segment_tools import line_crop
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.renderables.styled import Styled
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets._data_table import CellType, ColumnKey, RowKey

Lines = list[list[Segment]]
DRAWN_WITHIN = 3  # idle turns of the screen (``after_drawn``); a frame takes one


@lru_cache(maxsize=8192)
def _meta(row: int, column: int) -> Style:
    """What DataTable puts in a cell's style for the mouse: which cell is under it."""
    return Style.from_meta({"row": row, "column": column})


@lru_cache(maxsize=4096)
def _edge_meta(row: int) -> Style:
    """The meta of the blank that extends a row to the widget's edge."""
    return Style.from_meta({"row": row, "column": 0, "out_of_bounds": True})


@dataclass(frozen=True)
class _Frame:
    """What every line of one frame shares, read once per ``render_lines``."""

    base: Style  # the widget's rich style (walks the DOM: ~0.1 ms a read)
    even: Style
    odd: Style
    columns: tuple[tuple[ColumnKey, int], ...]  # (key, render width) in order
    width: int
    header: int  # lines of header
    token: tuple[object, ...]  # everything else a line's look depends on


class StableTable(DataTable[CellType]):
    """DataTable whose lines survive removals and other rows' updates."""

    _removing = False  # class defaults: DataTable.__init__ refreshes before ours has run
    _sized_from: Size | None = None

    def __init__(self, *args, **kwargs) -> None:
        # Before DataTable's own: its reactives clear the caches as they are set.
        self._cells: LRUCache[tuple[object, ...], Lines] = LRUCache(8000)  # no meta
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(2000)
        self._versions: dict[RowKey, int] = {}
        self._columns_version = 0  # the header's labels and order
        self._frame: _Frame | None = None
        self._ahead_due = False
        self._when_drawn: list[Callable[[], object]] = []
        super().__init__(*args, **kwargs)

    # --- what makes a row's rendering stale ---------------------------------------------

    def update_cell(self, row_key, column_key, value, *, update_width: bool = False) -> None:
        key = RowKey(row_key) if isinstance(row_key, str) else row_key
        self._versions[key] = self._versions.get(key, 0) + 1
        super().update_cell(row_key, column_key, value, update_width=update_width)

    def add_column(self, *args, **kwargs) -> ColumnKey:
        self._columns_version += 1
        return super().add_column(*args, **kwargs)

    def remove_column(self, column_key: ColumnKey | str) -> None:
        self._columns_version += 1
        super().remove_column(column_key)

    def clear(self, columns: bool = False) -> Self:
        self._columns_version += columns
        return super().clear(columns)

    def _clear_caches(self) -> None:  # clear(), new stripes, cursor type, padding...
        super()._clear_caches()
        self._forget()

    def notify_style_update(self) -> None:  # a theme or CSS change
        self._forget()
        super().notify_style_update()

    def _forget(self) -> None:
        self._cells.clear()
        self._strips.clear()
        self._versions.clear()

    # --- removing without a layout ------------------------------------------------------

    def remove_row(self, row_key: RowKey | str) -> None:
        self._removing = True  # a table its CSS sizes keeps its size: no layout for it
        try:
            super().remove_row(row_key)
        finally:
            self._removing = False

    def _update_dimensions(self, new_rows) -> None:
        self._sized_from = self.virtual_size
        try:
            super()._update_dimensions(new_rows)
        finally:
            self._sized_from = None

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        if layout and not recompose and self._needs_no_layout():
            layout = False
            if self._sized_from is not None:  # the scrollbar's thumb, without a layout
                self._scroll_update(self.virtual_size)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _needs_no_layout(self) -> bool:
        height = self.styles.height
        if height is None or height.is_auto:  # DataTable's default: its rows size it
            return False
        if self._removing:
            return True
        before = self._sized_from
        if before is None or not self.is_mounted:
            return False
        after = self.virtual_size
        view = self.scrollable_content_region.size
        # Only the height moved, and the vertical scrollbar is needed before and after.
        return before.width == after.width and min(before.height, after.height) > view.height

    # --- a frame ------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._pseudo_class_state = self.get_pseudo_class_state()
        self._frame = self._read_frame()
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None
            if not self._ahead_due:
                self._ahead_due = True
                self.call_after_refresh(self._render_ahead)
            if self._when_drawn:  # this frame is displayed before anything posted now runs
                self.call_later(self._drawn)

    # --- after the frame that shows a change --------------------------------------------

    def after_drawn(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the table has been drawn again: after the frame that shows a
        key's change. ``call_after_refresh`` alone does not promise that: when the screen goes
        idle before this table's update has reached it, it runs first, before the frame. A
        table not drawn within DRAWN_WITHIN idle turns of the screen (hidden, or nothing of
        it changed) runs it then."""
        self._when_drawn.append(callback)
        if len(self._when_drawn) == 1:
            self.call_after_refresh(self._not_drawn, DRAWN_WITHIN)

    def _not_drawn(self, turns: int) -> None:
        if not self._when_drawn:
            return
        if turns > 1 and self.is_attached and self.display:
            self.call_after_refresh(self._not_drawn, turns - 1)
        else:
            self._drawn()

    def _drawn(self) -> None:
        callbacks, self._when_drawn = self._when_drawn, []
        for callback in callbacks:
            callback()

    def _read_frame(self) -> _Frame | None:
        if (
            self.cursor_type != "row"
            or self.fixed_rows
            or self.fixed_columns
            or self._should_render_row_labels
        ):
            return None  # DataTable's own path
        base = self.rich_style
        striped = self.zebra_stripes
        even = self.get_component_styles("datatable--even-row").rich_style if striped else base
        odd = self.get_component_styles("datatable--odd-row").rich_style if striped else base
        columns = tuple((c.key, c.get_render_width(self)) for c in self.ordered_columns)
        token = (
            base,
            even,
            odd,
            columns,
            self.size.width,
            self.show_cursor,
            self._show_hover_cursor,
            self._pseudo_class_state,
            self.cell_padding,
        )
        header = self.header_height if self.show_header else 0
        return _Frame(base, even, odd, columns, self.size.width, header, token)

    def render_line(self, y: int) -> Strip:
        frame = self._frame
        if frame is None:
            return super().render_line(y)
        if y < frame.header:  # the same until a column or the look changes
            key = ("header", y, self._columns_version, self.scroll_x, frame.token)
            header = self._strips.get(key)
            if header is None:
                header = self._strips[key] = super().render_line(y)
            return header
        scroll_x, scroll_y = self.scroll_offset
        try:
            row_key, line_no = self._get_offsets(y + scroll_y)
        except LookupError:
            return Strip.blank(frame.width, frame.base)
        row_index = self._row_locations.get(row_key)
        if line_no or row_index is None or self.rows[row_key].height != 1:
            return super().render_line(y)
        cursor = self.cursor_coordinate.row == row_index
        hover = self.hover_coordinate.row == row_index
        return self._line(frame, row_key, row_index, cursor, hover, scroll_x)

    # --- a line, and its cells ----------------------------------------------------------

    def _line(
        self, frame: _Frame, key: RowKey, index: int, cursor: bool, hover: bool, scroll_x: int
    ) -> Strip:
        """The row ``key`` as shown at ``index`` (DataTable's ``_render_line`` of it)."""
        version = self._versions.get(key, 0)
        cache_key = (key, version, index, cursor, hover, scroll_x, frame.token)
        strip = self._strips.get(cache_key)
        if strip is not None:
            return strip
        style = frame.odd if index % 2 else frame.even
        segments: list[Segment] = []
        for column_index, (column_key, width) in enumerate(frame.columns):
            meta = _meta(index, column_index)
            lines = self._cell(frame, key, version, column_key, style, width, cursor, hover)
            segments += [Segment(text, s + meta if s else meta, c) for text, s, c in lines[0]]
        used = sum(width for _, width in frame.columns)
        extend, _ = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            False,
            False,
        )
        segments.append(
            Segment(" " * max(0, frame.width - used), style + extend + _edge_meta(index))
        )
        cropped = line_crop(segments, scroll_x, scroll_x + frame.width, frame.width)
        strip = Strip(cropped).adjust_cell_length(frame.width, frame.base).simplify()
        self._strips[cache_key] = strip
        return strip

    def _cell(
        self,
        frame: _Frame,
        key: RowKey,
        version: int,
        column_key: ColumnKey,
        style: Style,
        width: int,
        cursor: bool,
        hover: bool,
    ) -> Lines:
        """One cell as DataTable's ``_render_cell`` renders it, less the mouse meta."""
        cache_key = (key, version, column_key, style, width, cursor, hover, frame.token)
        lines = self._cells.get(cache_key)
        if lines is None:
            index = self._row_locations.get(key)  # where it is now (ahead: not where drawn)
            column_index = self._column_locations.get(column_key)
            assert index is not None and column_index is not None  # only shown rows are drawn
            cell = self._get_row_renderables(index).cells[column_index]
            component, post = self._get_styles_to_render_cell(
                False,
                False,
                False,
                hover,
                cursor,
                self.show_cursor,
                self._show_hover_cursor,
                self.cursor_foreground_priority == "css",
                self.cursor_background_priority == "css",
            )
            options = self.app.console_options.update_dimensions(width, 1).update(no_wrap=True)
            lines = self.app.console.render_lines(
                Styled(
                    Padding(cell, (0, self.cell_padding)),
                    pre_style=style + component,
                    post_style=post,
                ),
                options,
            )
            self._cells[cache_key] = lines
        return lines

    # --- ahead of the next key ----------------------------------------------------------

    def _render_ahead(self) -> None:
        """Put together the lines a removal at the cursor would show: each row below the
        cursor one place up (the stripe under it changes, the next row takes the cursor),
        down to the one that would come into view."""
        self._ahead_due = False
        if not self.is_attached or not self.row_count:
            return
        self._pseudo_class_state = self.get_pseudo_class_state()
        frame = self._read_frame()
        if frame is None:
            return
        scroll_x, scroll_y = self.scroll_offset
        cursor, hover = self.cursor_coordinate.row, self.hover_coordinate.row
        bottom = scroll_y + self.scrollable_content_region.height - frame.header
        for index in range(max(cursor, scroll_y) + 1, min(bottom + 1, self.row_count)):
            key = self._row_locations.get_key(index)
            if key is None or self.rows[key].height != 1:
                continue
            self._line(frame, key, index - 1, index - 1 == cursor, index - 1 == hover, scroll_x)
