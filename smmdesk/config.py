"""``config.toml``: the user's keymap, theme, response targets, calendar gap, sync, publishing.

It lives in the user config directory (``platformdirs.user_config_path("smmdesk")``);
``SMMDESK_CONFIG`` names another file. ``load`` reads it (through ``files``: a regular
file, at most 256 KB) into a frozen ``Config``; every mistake is a ``UserError`` of one
line, ``config.toml:line N: <what>``, and whoever loads it starts on the defaults
(``load_or_defaults``). No Textual here: the app and the CLI pass the values in.

    theme = "nord"                # kept when you pick a theme in the palette (ctrl+p)

    [keymap]                      # binding id = "keys", comma-separated alternatives
    "inbox.resolve" = "z"
    "app.section.inbox" = "f1,ctrl+1"

    [targets]                     # response targets in minutes; a brand's brief overrides them
    negative = 30
    question = 120

    [calendar]
    min_gap_minutes = 90          # the shortest time between two posts on one channel

    [sync]                        # the connected accounts (smmdesk account add)
    every_minutes = 15            # sync in the background while the app is open (off if absent)
    hide_spam = true              # x (spam) also hides the comment on its platform

    [publish]
    grace_minutes = 120           # a post more than this past its time waits for a yes (late)
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from smmdesk.errors import UserError
from smmdesk.files import read_text

ENV = "SMMDESK_CONFIG"
TARGET_BANDS = ("negative", "question", "unscored", "neutral", "positive")
MAX_MINUTES = 60 * 24 * 366
MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
NAMED_KEYS = frozenset(
    {"escape", "enter", "tab", "space", "backspace", "delete", "insert", "home", "end"}
    | {"pageup", "pagedown", "up", "down", "left", "right"}
    | {f"f{n}" for n in range(1, 25)}
)
THEME_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
MAX_SYNC_MINUTES = 60 * 24
TABLES = {"keymap", "targets", "calendar", "sync", "publish"}
TEMPLATE = """\
# smmdesk settings. A mistake is reported with its line; the app then starts on the defaults.

# The colour theme; picking one in the command palette (ctrl+p, "theme") writes it here.
# theme = "textual-dark"

[keymap]
# binding id = "keys" (comma-separated alternatives). The ids are in README.md, "Keys".
# "inbox.resolve" = "z"

[targets]
# Response targets in minutes; a brand's brief (smmdesk brief edit) overrides them.
# negative = 60
# question = 240
# unscored = 240
# neutral = 1440

[calendar]
# The shortest time between two posts on one channel, in minutes.
# min_gap_minutes = 120
# An ICS file of every brand, rewritten after every change (calendar programs subscribe to it),
# with a reminder N minutes before each post.
# feed = "~/calendars/smmdesk.ics"
# feed_alarm_minutes = 30

[sync]
# Sync the connected accounts (smmdesk account add) every N minutes while the app is
# open; without it, only S (or `smmdesk sync`) syncs.
# every_minutes = 15
# Marking a comment spam (x) also hides it on its platform at the next sync
# (Telegram deletes it: that cannot be undone there). H hides one whenever asked.
# hide_spam = false

[publish]
# A scheduled post goes out by itself (sync, `smmdesk publish`, S) until it is this many
# minutes past its time; later it is late and waits for a yes (P in the calendar,
# `smmdesk publish --late`). The default is 120.
# grace_minutes = 120
"""


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    theme: str | None = None
    keymap: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    targets: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    min_gap_minutes: int | None = None
    feed: str | None = None  # the calendar feed's path (export ics --feed)
    feed_alarm_minutes: int | None = None
    sync_every_minutes: int | None = None  # None: no background sync
    hide_spam: bool = False
    publish_grace_minutes: int | None = None  # None: the default (2 h)

    def settings(self) -> dict[str, str]:
        """The values as the store's settings (``Store.overrides``): ``target.negative``..."""
        out = {f"target.{band}": str(minutes) for band, minutes in self.targets.items()}
        if self.min_gap_minutes is not None:
            out["calendar.min_gap_minutes"] = str(self.min_gap_minutes)
        if self.feed is not None:
            out["calendar.feed"] = self.feed
        if self.feed_alarm_minutes is not None:
            out["calendar.feed_alarm_minutes"] = str(self.feed_alarm_minutes)
        if self.publish_grace_minutes is not None:
            out["publish.grace_minutes"] = str(self.publish_grace_minutes)
        return out


def config_path() -> Path:
    named = os.environ.get(ENV)
    if named:
        return Path(named).expanduser()
    from platformdirs import user_config_path

    return user_config_path("smmdesk", appauthor=False) / "config.toml"


def _mistake(path: Path, line: int | None, what: str) -> UserError:
    where = f"{path.name}:line {line}" if line else path.name
    return UserError(f"{where}: {what}")


def line_of(text: str, table: str | None, dotted: str) -> int | None:
    """The line that sets ``dotted`` (``inbox.resolve``) in ``[table]`` (None: top level)."""
    current: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            current = stripped.strip("[] \t").split("]")[0].strip().strip("\"'")
            continue
        if "=" not in stripped or stripped.startswith("#"):
            continue
        name = stripped.split("=", 1)[0]
        name = re.sub(r"[\s\"']", "", name)
        if current == table and name == dotted:
            return number
        if table is None and current is None and name.split(".")[0] == dotted:
            return number
    if table is not None:  # the table's header, when the key is not found
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip().strip("[] \t") == table:
                return number
    return None


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in table.items():
        dotted = f"{prefix}{name}"
        if isinstance(value, dict):
            out.update(_flatten(value, f"{dotted}."))
        else:
            out[dotted] = value
    return out


def key_ok(key: str) -> bool:
    """``z``, ``G``, ``ctrl+s``, ``f5``, ``escape``, ``question_mark``, ``?``."""
    *mods, last = key.split("+") if key != "+" else ["+"]
    if any(m not in MODIFIERS for m in mods):
        return False
    if len(last) == 1:
        return last.isprintable() and not last.isspace()
    if last in NAMED_KEYS:
        return True
    try:
        unicodedata.lookup(last.replace("_", " "))
    except KeyError:
        return False
    return True


def parse(
    text: str,
    path: Path,
    *,
    binding_ids: Collection[str] | None = None,
    themes: Collection[str] | None = None,
) -> Config:
    """The file's text as a Config; the first mistake is a UserError naming its line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column \d+\)", message)
        what = re.sub(r"\s*\(at line \d+, column \d+\)", "", message) or "not TOML"
        raise _mistake(path, int(found.group(1)) if found else None, what) from None

    def fail(table: str | None, name: str, what: str) -> UserError:
        return _mistake(path, line_of(text, table, name), what)

    for name, value in data.items():
        if name == "theme":
            continue
        if name not in TABLES:
            raise fail(
                None, name, f"unknown setting {name!r} (known: theme, {', '.join(sorted(TABLES))})"
            )
        if not isinstance(value, dict):
            raise fail(None, name, f"{name} must be a table: [{name}]")

    theme = data.get("theme")
    if theme is not None:
        if not isinstance(theme, str) or not THEME_NAME.fullmatch(theme):
            raise fail(None, "theme", 'theme must be a theme name, like theme = "nord"')
        if themes is not None and theme not in themes:
            raise fail(
                None, "theme", f"unknown theme {theme!r} (known: {', '.join(sorted(themes))})"
            )

    keymap: dict[str, str] = {}
    for binding_id, keys in _flatten(data.get("keymap", {})).items():
        if binding_ids is not None and binding_id not in binding_ids:
            raise fail(
                "keymap", binding_id, f"unknown binding id {binding_id!r} (see README.md, Keys)"
            )
        if not isinstance(keys, str) or not keys.strip():
            raise fail("keymap", binding_id, f'{binding_id} needs keys as text, like "z" or "e,a"')
        parts = [k.strip() for k in keys.split(",")]
        bad = [k for k in parts if not key_ok(k)]
        if bad:
            raise fail(
                "keymap", binding_id, f"not a key: {bad[0]!r} (like z, G, ctrl+s, f5, escape)"
            )
        keymap[binding_id] = ",".join(parts)

    targets: dict[str, int] = {}
    for band, minutes in data.get("targets", {}).items():
        if band not in TARGET_BANDS:
            raise fail("targets", band, f"unknown band {band!r} (known: {', '.join(TARGET_BANDS)})")
        if (
            isinstance(minutes, bool)
            or not isinstance(minutes, int)
            or not 1 <= minutes <= MAX_MINUTES
        ):
            raise fail("targets", band, f"{band} must be whole minutes from 1 to {MAX_MINUTES}")
        targets[band] = minutes

    calendar = data.get("calendar", {})
    gap = None
    feed: str | None = None
    feed_alarm: int | None = None
    for name, value in calendar.items():
        if name == "feed":
            if not isinstance(value, str) or not value.strip():
                raise fail("calendar", name, "feed must be a file path in quotes")
            feed = value.strip()
            continue
        if name == "feed_alarm_minutes":
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or not 0 <= value <= MAX_MINUTES
            ):
                raise fail(
                    "calendar",
                    name,
                    f"feed_alarm_minutes must be whole minutes from 0 to {MAX_MINUTES}",
                )
            feed_alarm = value
            continue
        if name != "min_gap_minutes":
            raise fail(
                "calendar",
                name,
                f"unknown setting {name!r} (known: min_gap_minutes, feed, feed_alarm_minutes)",
            )
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_MINUTES:
            raise fail(
                "calendar", name, f"min_gap_minutes must be whole minutes from 0 to {MAX_MINUTES}"
            )
        gap = value

    every: int | None = None
    hide_spam = False
    for name, value in data.get("sync", {}).items():
        if name == "every_minutes":
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or not 1 <= value <= MAX_SYNC_MINUTES
            ):
                raise fail(
                    "sync",
                    name,
                    f"every_minutes must be whole minutes from 1 to {MAX_SYNC_MINUTES}",
                )
            every = value
        elif name == "hide_spam":
            if not isinstance(value, bool):
                raise fail("sync", name, "hide_spam must be true or false")
            hide_spam = value
        else:
            raise fail("sync", name, f"unknown setting {name!r} (known: every_minutes, hide_spam)")

    grace: int | None = None
    for name, value in data.get("publish", {}).items():
        if name != "grace_minutes":
            raise fail("publish", name, f"unknown setting {name!r} (known: grace_minutes)")
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_MINUTES:
            raise fail(
                "publish", name, f"grace_minutes must be whole minutes from 0 to {MAX_MINUTES}"
            )
        grace = value

    return Config(
        path=path,
        theme=theme,
        keymap=MappingProxyType(keymap),
        targets=MappingProxyType(targets),
        min_gap_minutes=gap,
        feed=feed,
        feed_alarm_minutes=feed_alarm,
        sync_every_minutes=every,
        hide_spam=hide_spam,
        publish_grace_minutes=grace,
    )


def load(
    path: Path | None = None,
    *,
    binding_ids: Collection[str] | None = None,
    themes: Collection[str] | None = None,
) -> Config:
    """The file at ``path`` (default ``config_path()``); none there: the defaults. Raises UserError."""
    path = path or config_path()
    if not path.exists() and not path.is_symlink():
        return Config(path=path)
    text = read_text(path, path.name, "config")
    return parse(text, path, binding_ids=binding_ids, themes=themes)


def load_or_defaults(
    path: Path | None = None,
    *,
    binding_ids: Collection[str] | None = None,
    themes: Collection[str] | None = None,
) -> tuple[Config, str | None]:
    """``(config, None)``, or ``(the defaults, the mistake's one line)``."""
    path = path or config_path()
    try:
        return load(path, binding_ids=binding_ids, themes=themes), None
    except UserError as error:
        return Config(path=path), str(error)


def with_theme(text: str, theme: str) -> str:
    """``text`` with its top-level ``theme = …`` line set to ``theme``; every other line kept."""
    lines = text.splitlines(keepends=True)
    line = f'theme = "{theme}"\n'
    first_table = len(lines)
    for index, current in enumerate(lines):
        stripped = current.strip()
        if stripped.startswith("["):
            first_table = index
            break
        if re.match(r"""["']?theme["']?\s*=""", stripped):
            lines[index] = line
            return "".join(lines)
    if lines and first_table == len(lines) and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    lines.insert(first_table, line)
    return "".join(lines)


def save_theme(path: Path, theme: str) -> None:
    """Set ``theme`` in the file at ``path`` (made if missing); the rest of the file stays."""
    if not THEME_NAME.fullmatch(theme):
        raise UserError(f"not a theme name: {theme!r}, theme")
    text = read_text(path, path.name, "config") if path.exists() else ""
    write_text(path, with_theme(text, theme))


def write_text(path: Path, text: str) -> None:
    """Replace the file in one step (a crash leaves the old file or the new one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UserError(f"cannot write the config ({error.strerror or error}), {path}") from None


def ensure_template(path: Path) -> bool:
    """Create ``path`` with the commented template if missing; True when created."""
    if path.exists():
        return False
    write_text(path, TEMPLATE)
    return True
