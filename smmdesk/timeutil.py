"""Instants are stored as UTC ISO-8601 text with offset and shown in the user's zone.

The clock can be frozen with ``SMMDESK_NOW`` (tests, snapshots, demos).
"""

import os
from datetime import UTC, datetime, tzinfo


def utc_now() -> datetime:
    frozen = os.environ.get("SMMDESK_NOW")
    if frozen:
        return from_iso(frozen)
    return datetime.now(UTC).replace(microsecond=0)


def to_iso(moment: datetime) -> str:
    """UTC ISO text; a naive datetime is refused rather than guessed."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime cannot be stored")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_iso(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def zone_named(name: str) -> tzinfo | None:
    """An IANA zone (``Europe/Kyiv``) from the system's tz database, or None."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):  # unknown, or not a zone key at all
        return None


def local_zone() -> tzinfo:
    """The user's zone: ``SMMDESK_TZ`` or ``TZ`` if it names one, else the system's as tzlocal
    finds it (``/etc/timezone``, a copied ``/etc/localtime`` matched to its zone, systemd's),
    else UTC. One stack: zoneinfo everywhere."""
    name = os.environ.get("SMMDESK_TZ") or os.environ.get("TZ")
    zone = zone_named(name) if name else None
    if zone is not None:
        return zone
    try:
        from tzlocal import get_localzone

        return get_localzone()
    except Exception:  # tzlocal refuses a system configured in ways it cannot match
        return UTC


def to_local(moment: datetime, zone: tzinfo | None = None) -> datetime:
    return moment.astimezone(zone or local_zone())


def humanize_age(seconds: float) -> str:
    """Compact age: 45s, 12m, 3h, 5d."""
    seconds = max(0, int(seconds))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
