"""What can go wrong talking to a platform, as the sync decides what to do next.

Every message is one line that names the account and never holds a token or a URL
with one (the Telegram Bot API puts the token in the path).
"""

from __future__ import annotations


class SyncError(Exception):
    """A call to a platform failed; ``str()`` is the line to show, without the account's name
    (the engine puts that in front)."""

    # How the sync goes on: "account" stops this account (the others go on), "reply" fails
    # only the reply being sent.
    scope = "account"
    # A mistake the user fixes (a bad token, a missing permission): exit status 2, not 3.
    users_mistake = False


class AuthFailed(SyncError):
    """The token is invalid, expired or revoked (Graph 190, YouTube 401, Telegram 401)."""

    users_mistake = True


class NoPermission(SyncError):
    """The token works but may not do this (Graph 10/200, YouTube insufficientPermissions,
    Telegram 403: the bot is not an admin)."""

    users_mistake = True


class RateLimited(SyncError):
    """The platform asks us to wait (Graph 4/17/32/613, YouTube quotaExceeded or
    rateLimitExceeded, Telegram 429). The position is kept; the next sync resumes."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Unreachable(SyncError):
    """No answer: no network, a dropped connection, a timeout, 5xx after the retries."""


class Unsure(SyncError):
    """A write may or may not have happened (the connection dropped after the request went
    out): the reply stays ``sending`` and the next sync looks for it before sending again."""


class ReplyRefused(SyncError):
    """The platform refused this one reply (the comment was deleted, the text is too long):
    that reply fails with the reason, the others go on."""

    scope = "reply"


class BadResponse(SyncError):
    """The platform answered with something that is not the documented shape."""
