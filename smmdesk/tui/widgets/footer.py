"""The footer: Textual's, recomposed only when the keys it shows change.

Textual's ``Footer`` answers every bindings signal (a focus move, a mount, the app getting
focus) with a full recompose after the next refresh: every key a new widget, styled anew.
At startup that was three recomposes of the same keys, most of the time between the first
frame and the drawn inbox. Here the signals before one refresh ask once, and the footer is
rebuilt only when what it would show differs from what it shows.

Each key also restyled itself twice as it mounted (its ``compact`` reactive defaults to True,
then the footer's False arrives through a data binding: two CSS passes per key); the keys
bound to it are handed its value and class before they mount instead.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class DeskFooter(Footer):
    _shown: Hashable = None
    _asked = False

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            # The palette's key is not bound to the footer's compact: it keeps its own.
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)  # no watcher: no restyle
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._asked:
            self._asked = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._asked = False
        shown = self.keys_shown()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()

    def keys_shown(self) -> Hashable:
        """Everything ``Footer.compose`` reads: the screen's active bindings (frozen, so
        comparable), each key as displayed (the keymap may change it), enabled or not,
        its tooltip; and the footer's own switches."""
        display = self.app.get_key_display
        return (
            self.compact,
            self.show_command_palette,
            self.combine_groups,
            tuple(
                (binding, display(binding), enabled, tooltip)
                for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            ),
        )
