"""The client class of each platform, imported when an account of it syncs."""

from __future__ import annotations

from functools import cache
from importlib import import_module

from smmdesk.errors import UserError
from smmdesk.sync.base import Client

CLIENTS = {
    "telegram": ("smmdesk.sync.telegram", "TelegramClient"),
    "youtube": ("smmdesk.sync.youtube", "YouTubeClient"),
    "facebook": ("smmdesk.sync.graph", "FacebookClient"),
    "instagram": ("smmdesk.sync.graph", "InstagramClient"),
}


@cache  # the calendar's board asks once per post shown (does it need an image?)
def client_class(platform: str) -> type[Client]:
    try:
        module, name = CLIENTS[platform]
    except KeyError:
        raise UserError(f"no client for {platform!r}; one of {', '.join(CLIENTS)}") from None
    found: type[Client] = getattr(import_module(module), name)
    return found
