"""The Textual app: Inbox, Calendar and Report sections."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from smmdesk.store import Store


class SmmdeskApp(App):
    TITLE = "smmdesk"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, store: Store):
        super().__init__()
        self.store = store

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("inbox")
        yield Footer()
