"""User text shown in a terminal: shown literally, never obeyed.

Comment text, author names and post titles may hold ANSI escapes, C0/C1
controls, bidi overrides or towers of combining marks. ``visible`` turns
every such character into a visible escape so it can neither act on the
terminal nor reorder or break the layout. Markup is not this module's
job: callers build ``rich.text.Text`` objects, which never parse markup.
"""

import unicodedata

# Bidi embeddings, overrides and isolates reorder what follows them on screen.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
MAX_COMBINING = 2


def visible(text: str, *, keep_newlines: bool = False) -> str:
    if text.isascii() and text.isprintable():  # no control, tab, newline or mark: as it is
        return text
    out: list[str] = []
    combining = 0
    for ch in text:
        if ch == "\n" and keep_newlines:
            out.append(ch)
            combining = 0
            continue
        if ch == "\t":
            out.append("    " if keep_newlines else " ")
            continue
        category = unicodedata.category(ch)
        # Cs: half an emoji alone (a file name's bytes that are not UTF-8 come as one), which
        # cannot be written to a terminal.
        if category in ("Cc", "Cs", "Zl", "Zp") or ch in BIDI_CONTROLS:
            out.append(_escape(ch))
            combining = 0
            continue
        if category.startswith("M"):
            combining += 1
            if combining > MAX_COMBINING:
                continue
        else:
            combining = 0
        out.append(ch)
    return "".join(out)


def editable(text: str, *, multiline: bool = False) -> str:
    """User text put into an editor: one line for an Input, lines kept for a TextArea.

    The same escapes as ``visible``: what an editor holds can be drawn as is.
    """
    if multiline:
        return visible(text.replace("\r\n", "\n"), keep_newlines=True)
    return visible(text)


def one_line(text: str) -> str:
    """The first non-empty line, made visible: for tables and toasts."""
    for line in text.splitlines():
        if line.strip():
            return visible(line.strip())
    return ""


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch == "\n":
        return "⏎"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
