"""``SafeTextArea``: a TextArea through the one sanitizer (see ``safe``, which hands it out)."""

from __future__ import annotations

from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from smmdesk.textsafe import editable


class SafeTextArea(TextArea):
    def __init__(self, text: str = "", *args, **kwargs):
        self.original = text
        super().__init__(editable(text, multiline=True), *args, **kwargs)

    def load_text(self, text: str) -> None:
        super().load_text(editable(text, multiline=True))

    def edit(self, edit: Edit) -> EditResult:
        edit.text = editable(edit.text, multiline=True)
        return super().edit(edit)

    @property
    def data(self) -> str:
        return self.original if self.text == editable(self.original, multiline=True) else self.text
