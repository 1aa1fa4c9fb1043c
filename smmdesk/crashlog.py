"""A crash of the app, written down: ``crash-YYYYMMDD-HHMMSS.log`` in the user state directory.

The log holds what a bug report needs and nothing a user would not share:
the versions, the time and the traceback with its source lines. No local
variables (they hold comment text, drafts and, one day, tokens) and no
environment variables. The file is private (0600): an exception's message
can still quote user text.
"""

from __future__ import annotations

import os
import platform
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path


def state_dir() -> Path:
    from platformdirs import user_state_path

    return user_state_path("smmdesk", appauthor=False)


def report(exc: BaseException, now: datetime | None = None) -> str:
    from smmdesk import __version__

    now = now or datetime.now(UTC)
    head = [
        f"smmdesk {__version__} crashed at {now:%Y-%m-%d %H:%M:%S} UTC",
        f"Python {platform.python_version()} ({sys.implementation.name}) on {platform.platform()}",
        "",
    ]
    return "\n".join(head) + "\n" + "".join(traceback.format_exception(exc))


def write_crash_log(exc: BaseException, directory: Path | None = None) -> Path:
    """Write the report of ``exc``; return its path. Raises OSError if it cannot be written."""
    now = datetime.now(UTC)
    directory = directory or state_dir()
    directory.mkdir(parents=True, exist_ok=True)
    stem = f"crash-{now:%Y%m%d-%H%M%S}"
    path, n = directory / f"{stem}.log", 1
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            break
        except FileExistsError:  # two crashes in one second
            n += 1
            path = directory / f"{stem}-{n}.log"
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(report(exc, now))
    return path
