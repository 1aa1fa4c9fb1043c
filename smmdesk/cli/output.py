"""Everything the command line prints goes through here: user text shown, never obeyed.

- ``say``: text for people (lists, views, confirmations, ``brief show``, the text and
  Markdown reports, errors) passes ``textsafe.visible``, newlines kept; markup is
  never parsed, so ``[bold]`` prints as typed.
- ``emit_json``: JSON whose every DEL, C1, bidi or separator character is a
  ``\\uXXXX`` escape: the same data for a program, harmless on a terminal.
- ``emit_data``: CSV, ICS and TOML keep their exact bytes in a pipe or file (so
  they round-trip); on a terminal they are shown through ``visible`` too.

``tests/test_cli_hostile.py`` checks that the cli modules print nothing any other way.
"""

from __future__ import annotations

import re
import sys
from typing import TextIO

from smmdesk.textsafe import BIDI_CONTROLS, visible

_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u2028\u2029\ud800-\udfff" + "".join(sorted(BIDI_CONTROLS)) + "]"
)


def say(text: object = "", *, end: str = "\n", file: TextIO | None = None) -> None:
    stream = file or sys.stdout
    stream.write(visible(str(text), keep_newlines=True) + end)


def json_text(text: str) -> str:
    """JSON (already serialised; json escapes C0 itself) with what a terminal would obey escaped."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def emit_json(text: str) -> None:
    sys.stdout.write(json_text(text) + "\n")


def emit_data(data: bytes | str) -> None:
    out = sys.stdout
    if out.isatty():
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        out.write(visible(text.replace("\r\n", "\n"), keep_newlines=True))
        out.flush()
        return
    if not hasattr(out, "buffer"):  # a text-only stream: the same characters
        out.write(data.decode("utf-8") if isinstance(data, bytes) else data)
        return
    raw = data.encode("utf-8") if isinstance(data, str) else data
    out.flush()
    out.buffer.write(raw)
    out.buffer.flush()
