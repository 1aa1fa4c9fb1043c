"""The calendar feed: one ICS file of every brand that calendar programs subscribe to.

Its path is ``[calendar] feed`` in config.toml (a setting that wins) or the one
``export ics --feed PATH`` last named (kept in the settings table). ``refresh`` rewrites it
whole (a temporary file, then a rename) after every change a command or the app makes:
events carry their post's SEQUENCE, deleted posts stay as STATUS:CANCELLED, and
``feed_alarm_minutes`` adds a VALARM that many minutes before each post.
"""

from __future__ import annotations

import os
from pathlib import Path

from smmdesk.calendar import exports
from smmdesk.calendar.posts import list_posts
from smmdesk.errors import UserError
from smmdesk.files import refuse_held
from smmdesk.store.brands import list_brands
from smmdesk.store.db import Store
from smmdesk.store.posts import deleted_posts, feed_fingerprint

FEED = "calendar.feed"
ALARM = "calendar.feed_alarm_minutes"
NAME = "smmdesk"


def feed_path(store: Store) -> Path | None:
    value = store.setting(FEED)
    return Path(value).expanduser() if value else None


def alarm_minutes(store: Store) -> int | None:
    value = store.setting(ALARM)
    return int(value) if value not in (None, "") else None


def remember(store: Store, path: Path, alarm: int | None) -> None:
    """The feed goes on at ``path`` (with ``alarm`` minutes, or none) after every change."""
    store.set_setting(FEED, str(path.expanduser().absolute()))
    store.set_setting(ALARM, "" if alarm is None else str(alarm))


def feed_ics(store: Store, alarm: int | None = None) -> bytes:
    names = {brand.slug: brand.name for brand in list_brands(store)}
    return exports.export_ics(
        list_posts(store),
        name=NAME,
        brand_names=names,
        cancelled=deleted_posts(store),
        alarm_minutes=alarm,
    )


def write_feed(store: Store, path: Path) -> None:
    """The feed written whole to ``path``, or not at all (one line naming the file)."""
    refuse_held(path, str(path))
    data = feed_ics(store, alarm_minutes(store))
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"cannot write the calendar feed ({exc.strerror}), {path}") from None


_written: dict[str, tuple[object, ...]] = {}  # feed path: what this process last wrote


def refresh(store: Store, *, force: bool = False) -> Path | None:
    """Rewrite the feed if there is one and its posts changed since this process wrote it."""
    path = feed_path(store)
    if path is None:
        return None
    state = (alarm_minutes(store), *feed_fingerprint(store))
    if force or _written.get(str(path)) != state:
        write_feed(store, path)
        _written[str(path)] = state
    return path
