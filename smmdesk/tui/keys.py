"""Keys as data: every binding has an id; hints, help and the palette read the bindings.

A user remaps a binding in ``config.toml`` ``[keymap]`` (binding id = "keys"); the app
passes that to ``App.set_keymap``. Nothing here writes a key in prose: a hint asks
``key(node, "inbox.filter")`` and shows whatever key that binding has now.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from textual.binding import Binding
from textual.dom import DOMNode

# How a key is written in prose (hints, help, README); the rest as Textual shows them.
PROSE = {
    "escape": "Esc",
    "enter": "Enter",
    "space": "Space",
    "tab": "Tab",
    "delete": "Del",
    "backspace": "Backspace",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
}
SYMBOLS = {
    "slash": "/",
    "backslash": "\\",
    "question_mark": "?",
    "full_stop": ".",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "plus": "+",
    "minus": "-",
    "equals_sign": "=",
    "exclamation_mark": "!",
}


def prose(key: str) -> str:
    """One key as a person writes it: ``Esc``, ``ctrl+s``, ``F1``, ``/``, ``G``."""
    key = key.strip()
    if key in PROSE:
        return PROSE[key]
    if key in SYMBOLS:
        return SYMBOLS[key]
    if len(key) in (2, 3) and key[0] == "f" and key[1:].isdigit():
        return key.upper()
    return key


def bindings_of(cls: type) -> Iterator[Binding]:
    """The bindings a class declares itself (not its bases')."""
    for binding in cls.__dict__.get("BINDINGS", []):
        yield binding if isinstance(binding, Binding) else Binding(*binding)


def keys(keymap: dict[str, str], binding: Binding) -> list[str]:
    """The keys that fire ``binding`` now: the keymap's if it remaps it, else its own."""
    text = keymap.get(binding.id or "") or binding.key
    return [k.strip() for k in text.split(",") if k.strip()]


def shown(keymap: dict[str, str], binding: Binding, *, every: bool = False) -> str:
    """``binding``'s keys in prose: the first (its ``key_display`` unless remapped), or all."""
    found = keys(keymap, binding)
    if not every:
        if binding.key_display and binding.id not in keymap:
            return binding.key_display
        return prose(found[0])
    return " / ".join(prose(k) for k in found)


def find(node: DOMNode, binding_id: str) -> Binding:
    for cls in type(node).__mro__:
        for binding in bindings_of(cls):
            if binding.id == binding_id:
                return binding
    raise KeyError(binding_id)


def keymap_of(node: DOMNode) -> dict[str, str]:
    try:
        return dict(getattr(node.app, "keymap", {}) or {})
    except Exception:  # not mounted yet: the defaults
        return {}


def key(node: DOMNode, binding_id: str) -> str:
    """The key of binding ``binding_id`` of ``node`` (or its bases), as a hint shows it."""
    return shown(keymap_of(node), find(node, binding_id))


def hint(node: DOMNode, pairs: Iterable[tuple[str, str]], sep: str = " · ") -> str:
    """``key words · key words`` for ``(binding id, words)`` pairs."""
    return sep.join(f"{key(node, binding_id)} {words}" for binding_id, words in pairs)


def all_bindings() -> list[tuple[type, Binding]]:
    """Every binding every screen and widget of the app declares (imports them all)."""
    import importlib
    import inspect
    import pkgutil

    import smmdesk.tui

    found: list[tuple[type, Binding]] = []
    for info in pkgutil.walk_packages(smmdesk.tui.__path__, "smmdesk.tui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and isinstance(cls, type):
                found.extend((cls, binding) for binding in bindings_of(cls))
    return found


def binding_ids() -> set[str]:
    return {binding.id for _, binding in all_bindings() if binding.id}
