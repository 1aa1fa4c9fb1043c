"""Texts a stranger may write, to make sure they are shown and never obeyed."""

HOSTILE = [
    "[b]bold?[/b]",
    "[bold red on white]loud[/]",
    "[link=https://evil.example]click[/link]",
    "[@click=app.quit]quit[/]",
    "[@click=app.bell]bell[/] [/] [/unbalanced]",
    "[",
    "\\[escaped] [[double]]",
    "\x1b[2J\x1b[H cleared?",
    "\x1b[31mred\x1b[0m",
    "\x1b]52;c;ZXZpbCBjbGlwYm9hcmQ=\x07 clipboard write",
    "\x1b]0;new title\x07 title change",
    "\x1b]8;;https://evil.example\x1b\\hyperlink\x1b]8;;\x1b\\",
    "bell\x07 backspace\x08 null?\x0b vt\x0c ff",
    "c1 \x85 nel \x9b csi \x9d osc",
    "abc\u202egnp.exe\u202c right-to-left override",
    "\u2066isolate\u2069 \u200fmark",
    "zero\u200dwidth\u200bjoiners",
    "Z" + "\u0335\u0336\u0337" * 40 + "algo",
    "x" * 5000,
    "👨‍👩‍👧‍👦 🏳️‍🌈 ❤️‍🔥 🇺🇦 👍🏽",
    "line one\r\nline two\rline three\u2028sep\u2029para",
    "tab\there",
]

# A few texts that stand for the whole corpus in every field of a form or command.
ESCAPES = "\x1b]52;c;ZXZpbCBjbGlwYm9hcmQ=\x07 clip \x1b]0;owned\x07 \x1b[31mred \x9b csi \u202eevil"
MARKUP = "[bold red]loud[/] [@click=app.quit]q[/] [/]"
SAMPLE = f"{MARKUP} {ESCAPES}"

# What must never reach a terminal: C0 controls but newline, DEL and C1, bidi controls,
# and the line and paragraph separators.
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u2028\u2029")


def forbidden(text: str, *, allow: str = "\n") -> set[str]:
    """The characters of ``text`` that would act on a terminal (none, when it is safe)."""
    return {
        ch
        for ch in text
        if ch not in allow and (ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or ch in _BIDI)
    }
