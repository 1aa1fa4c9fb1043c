"""The Calendar section (being built)."""

from textual.widget import Widget
from textual.widgets import Static


class CalendarView(Widget):
    def __init__(self, store, **kwargs):
        super().__init__(**kwargs)
        self.store = store

    def compose(self):
        yield Static("calendar")

    def focus_main(self) -> None:
        pass
