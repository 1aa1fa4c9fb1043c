"""User text into widgets, through one sanitizer (``textsafe.visible``) and never as markup.

``shown`` builds a label or option prompt; ``options`` a Select's choices.
``SafeInput`` and ``SafeTextArea`` never hold an escape, control or bidi
character, whether pre-filled, typed or pasted. Their ``data`` is what was put
in when the field was left as shown, so opening a form and saving it untouched
changes nothing; an edited field keeps the visible escapes as typed text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import Input

from smmdesk.textsafe import editable, visible

if TYPE_CHECKING:
    from smmdesk.tui.widgets.safe_text_area import SafeTextArea

__all__ = ["SafeInput", "SafeTextArea", "options", "shown"]


def __getattr__(name: str) -> Any:
    """``SafeTextArea`` is imported on first use: Textual's TextArea (the reply editor, the
    post form) is not on the app's first frame."""
    if name == "SafeTextArea":
        from smmdesk.tui.widgets.safe_text_area import SafeTextArea

        return SafeTextArea
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def shown(text: str, style: str = "") -> Text:
    """One piece of user text (or a message holding some) for a Label, Static or Option."""
    return Text(visible(text, keep_newlines=True), style=style)


def options(pairs: Iterable[tuple[str, Any]]) -> list[tuple[Text, Any]]:
    """Select choices from (name, value) pairs; the names are data, never markup."""
    return [(Text(visible(name)), value) for name, value in pairs]


class SafeInput(Input):
    def __init__(self, value: str | None = None, *args, **kwargs):
        self.original = value or ""
        super().__init__(editable(self.original), *args, **kwargs)

    def validate_value(self, value: str) -> str:
        return editable(value)

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(editable(text), start, end)

    @property
    def data(self) -> str:
        return self.original if self.value == editable(self.original) else self.value
