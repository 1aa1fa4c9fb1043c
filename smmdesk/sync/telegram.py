"""Telegram Bot API: comments live in the channel's linked discussion group.

The bot is an admin of that group, so ``getUpdates`` brings every message there. The channel's
posts arrive in the group as automatic forwards (``is_automatic_forward``): each is a post,
never a comment, and the channel post it copies (``forward_origin.message_id``: the id in
``t.me/<channel>/<id>``, and what publishing a post records) is the ``post_ref`` of the comments
under it. A message replying to a forward is a top-level comment; one replying
to a comment is a reply in that post's thread (``message_thread_id`` names the forward).
Messages sent as the channel or as the group itself (an anonymous admin) are ours; the bot's
own messages never come back as updates.

Cursor: ``{"offset": last update_id + 1, "posts": {forward id: channel post id}}`` (the
newest ``MAX_POSTS``: a comment can come a sync after its post). Telegram forgets an update once getUpdates is
called with a greater offset, and keeps the others 24 hours: a page stored with its offset
is confirmed by the next call, a page lost in a crash is delivered again.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, TypeGuard

from smmdesk.calendar.posts import TELEGRAM_CAPTION_MAX, telegram_length
from smmdesk.errors import UserError
from smmdesk.inbox.formats.values import FIELD_LIMIT, check_length, normalise_newlines
from smmdesk.inbox.records import RawComment
from smmdesk.store.accounts import Outgoing
from smmdesk.sync.base import Client, Identity, Outpost, Page, Published
from smmdesk.sync.errors import (
    AuthFailed,
    BadResponse,
    NoPermission,
    RateLimited,
    ReplyRefused,
    SyncError,
)
from smmdesk.sync.http import Response
from smmdesk.sync.secrets import Secret

PAGE = 100  # getUpdates' largest limit
POST = re.compile(r"-?\d{1,20}/\d{1,20}")  # a post as stored: <channel>/<id>
MAX_POSTS = 1000  # forwards the cursor remembers the channel post of
MAX_PAGES = 500  # pages of one pull: a flood (or a server making updates up) ends; the next
# sync goes on from the stored offset (Telegram keeps updates 24 hours)
CHANNEL_BASE = 1_000_000_000_000  # Bot API ids of channels and supergroups: -100<id>
GONE = ("message to be replied not found", "message to delete not found", "message can't be")
USERNAME = re.compile(r"[A-Za-z0-9_]{1,64}")  # a public chat's name, as t.me links hold it
RIGHTS = ("rights", "not a member", "administrator")  # a post refused: the bot may not post
MAX_WAIT = 86_400  # seconds of a retry_after we believe


class TelegramClient(Client):
    platform = "telegram"
    default_base = "https://api.telegram.org"
    required = ("chat",)
    renew_hint = "get a new token from @BotFather (/token), then: smmdesk account add telegram …"
    can_check_sent = False  # a bot cannot read a chat's history, nor see its own messages
    # Publishing: sendMessage (sendPhoto with an image) to the channel (the account's
    # ``channel``); the bot is an admin of the channel allowed to post. It cannot read the channel's history either.
    no_publishing = None
    can_find_published = False
    publish_option = "channel"

    def _call(
        self,
        method: str,
        payload: Mapping[str, Any] | None = None,
        *,
        repeatable: bool = True,
        publishing: bool = False,
    ) -> Any:
        response = self.http.call(
            "POST",
            f"/bot{self.secret.token}/{method}",
            json=dict(payload or {}),
            repeatable=repeatable,
        )
        return _result(response, method, self.secret, publishing)

    @property
    def chat(self) -> int:
        return _chat_id(self.options["chat"])

    @classmethod
    def check_options(cls, options: Mapping[str, str]) -> None:
        super().check_options(options)
        for key in ("chat", "channel"):
            if key in options:
                _chat_id(options[key], key)

    def identity(self) -> Identity:
        me = _object(self._call("getMe"), "getMe")
        chat = _object(self._call("getChat", {"chat_id": self.chat}), "getChat")
        member = _object(
            self._call("getChatMember", {"chat_id": self.chat, "user_id": me.get("id")}),
            "getChatMember",
        )
        rights = [name for name, value in member.items() if name.startswith("can_") and value]
        admin = member.get("status") in ("administrator", "creator")
        missing: tuple[str, ...] = () if admin else ("administrator of the discussion group",)
        if admin and "can_delete_messages" not in rights:
            missing += ("can_delete_messages (to remove spam)",)
        title = _text(chat.get("title")) or str(self.chat)
        return Identity(
            name=f"@{_text(me.get('username'))} in {title}",
            permissions=(str(member.get("status")), *rights),
            user_id=str(me.get("id")),
            missing=missing,
        )

    def pull(self, cursor: Mapping[str, Any]) -> Iterator[Page]:
        offset = _int(cursor.get("offset"))
        threads: dict[str, str] = {}  # a message id -> the forward its thread is on
        posts = _posts(cursor.get("posts"))  # a forward's id in the group -> the channel post
        for _ in range(MAX_PAGES):
            updates = self._call(
                "getUpdates",
                {
                    "offset": offset,
                    "limit": PAGE,
                    "timeout": 0,
                    "allowed_updates": ["message", "edited_message"],
                },
            )
            if not isinstance(updates, list):
                raise BadResponse("getUpdates did not return a list")
            if not updates:
                return
            page_from = offset
            page = Page(records=[], cursor={}, label=f"updates from {offset}")
            for update in updates:
                if not isinstance(update, dict) or not _is_int(update.get("update_id")):
                    raise BadResponse("an update without an update_id")
                offset = max(offset, update["update_id"] + 1)
                self._take(update, page, threads, posts)
            if offset == page_from:  # every update below the offset asked: it was ignored
                raise BadResponse(f"getUpdates answered no update from {offset} on")
            page.cursor = {"offset": offset, "posts": dict(list(posts.items())[-MAX_POSTS:])}
            yield page
            if len(updates) < PAGE:
                return

    def _take(
        self, update: dict[str, Any], page: Page, threads: dict[str, str], posts: dict[str, str]
    ) -> None:
        edited = "edited_message" in update
        message = update.get("edited_message") if edited else update.get("message")
        if not isinstance(message, dict) or _chat_of(message) != self.chat:
            return  # another chat the bot is in, or an update kind we did not ask for
        if message.get("is_automatic_forward"):
            forward = str(message.get("message_id"))
            threads[forward] = forward
            posts[forward] = _channel_post(message) or self._qualified(forward)
            return
        record = self._comment(message, threads)
        if record.post_ref is not None:  # the channel's post, as t.me/<channel>/<id> names it
            record.post_ref = posts.get(record.post_ref, self._qualified(record.post_ref))
        (page.edits if edited else page.records).append(record)

    def _qualified(self, message_id: object) -> str:
        """A message id is unique only within its chat: stored as ``<chat>/<id>`` (the path
        of its t.me/c link), so two groups of one brand keep their own comments."""
        return f"{_bare(self.chat)}/{message_id}"

    def _comment(self, message: dict[str, Any], threads: dict[str, str]) -> RawComment:
        message_id = message.get("message_id")
        date = message.get("date")
        if not _is_int(message_id) or not _is_int(date):
            raise BadResponse("a message without message_id or date")
        try:
            created = datetime.fromtimestamp(date, UTC)
        except (OverflowError, OSError, ValueError):
            raise BadResponse(f"message {message_id}: a date out of range") from None
        parent_message = message.get("reply_to_message")
        parent: str | None = None
        post: str | None = None
        if isinstance(parent_message, dict):
            if parent_message.get("is_automatic_forward"):
                post = str(parent_message.get("message_id"))
            else:
                parent = str(parent_message.get("message_id"))
                post = threads.get(parent)
        thread = message.get("message_thread_id")  # in a discussion group: the forward's id
        if post is None and _is_int(thread):
            post = str(thread)
        if post is not None:
            threads[str(message_id)] = post
        author, author_id, ours = self._author(message)
        try:
            text = normalise_newlines(
                check_length(_text(message.get("text") or message.get("caption")))
            )
        except ValueError as exc:
            raise BadResponse(f"message {message_id}: text {exc}") from None
        return RawComment(
            platform=self.platform,
            external_id=self._qualified(message_id),
            text=text,
            author=author,
            created_at=created,
            author_id=author_id,
            parent_external_id=self._qualified(parent) if parent is not None else None,
            post_ref=post,
            permalink=_permalink(message.get("chat"), message_id, post),
            where=f"message {message_id}",
            ours=ours,
        )

    def _author(self, message: dict[str, Any]) -> tuple[str, str | None, bool]:
        sender_chat = message.get("sender_chat")
        if isinstance(sender_chat, dict):
            chat_id = sender_chat.get("id")
            known = _is_int(chat_id)  # -100….0 equals the chat's id, and is not it
            ours = known and chat_id in (self.chat, self._channel())
            return (
                _text(sender_chat.get("title")),
                f"channel{_bare(chat_id)}" if known else None,
                ours,
            )
        sender = message.get("from")
        if not isinstance(sender, dict):
            return "", None, False
        name = " ".join(
            part
            for part in (_text(sender.get("first_name")), _text(sender.get("last_name")))
            if part
        ) or _text(sender.get("username"))
        user_id = sender.get("id")
        return name, f"user{user_id}" if _is_int(user_id) else None, False

    def _channel(self) -> int | None:
        channel = self.options.get("channel")
        return _chat_id(channel, "channel") if channel else None

    def send(self, reply: Outgoing) -> str:
        sent = self._call(
            "sendMessage",
            {
                "chat_id": self.chat,
                "text": reply.reply.text,
                "reply_parameters": {
                    "message_id": _message_number(reply.external_id),
                    "allow_sending_without_reply": False,
                },
            },
            repeatable=False,
        )
        message_id = _object(sent, "sendMessage").get("message_id")
        if not _is_int(message_id):
            raise BadResponse("sendMessage returned no message_id")
        return str(message_id)

    def find_sent(self, reply: Outgoing) -> str | None:
        raise NotImplementedError("a bot cannot read the chat's history")

    def publish(self, post: Outpost) -> Published:
        """``sendMessage`` to the channel: the text, then the tracked link on a line of its
        own; with an image, ``sendPhoto`` (the photo by its https address, the same words as
        its caption). Stored as ``<channel>/<id>``, what the comments under it name as their
        post. One call either way, so the intent covers it."""
        channel = self._channel()
        if channel is None:
            raise UserError(
                f"account {self.account.name} has no --channel: add the account again with it"
            )
        words = post.words
        if post.image_url:
            if telegram_length(words) > TELEGRAM_CAPTION_MAX:  # scheduled before the rule
                raise ReplyRefused(
                    f"a photo's caption is at most {TELEGRAM_CAPTION_MAX} characters on "
                    "Telegram: shorten the post or drop its image, then retry it"
                )
            method = "sendPhoto"
            payload: dict[str, Any] = {"chat_id": channel, "photo": post.image_url}
            if words:
                payload["caption"] = words
        else:
            method, payload = "sendMessage", {"chat_id": channel, "text": words}
        sent = _object(self._call(method, payload, repeatable=False, publishing=True), method)
        message_id = sent.get("message_id")
        if not _is_int(message_id):
            raise BadResponse(f"{method} returned no message_id")
        chat = sent.get("chat")
        return Published(
            f"{_bare(channel)}/{message_id}",
            _permalink(chat if isinstance(chat, dict) else {"id": channel}, message_id, None),
        )

    def find_published(self, post: Outpost) -> Published | None:
        raise NotImplementedError("a bot cannot read the channel's history")

    def hide(self, external_id: str, hidden: bool) -> None:
        if not hidden:
            raise ReplyRefused("Telegram cannot bring back a deleted message")
        self._call(
            "deleteMessage",
            {"chat_id": self.chat, "message_id": _message_number(external_id)},
            repeatable=False,
        )


def _result(response: Response, method: str, secret: Secret, publishing: bool = False) -> Any:
    """The ``result`` of an ``ok`` answer; an error answer as the SyncError it means."""
    body = response.data if isinstance(response.data, dict) else {}
    if response.ok and body.get("ok") is True:
        return body.get("result")
    code = body.get("error_code", response.status)
    described = body.get("description")
    description = secret.hide(described if isinstance(described, str) else "")
    description = description[:200] or f"HTTP {response.status}"
    lowered = description.lower()
    if code == 401 or code == 404 and not body:
        raise AuthFailed(f"the bot token was refused ({description}); {TelegramClient.renew_hint}")
    if code == 429:
        parameters = body.get("parameters") if isinstance(body.get("parameters"), dict) else {}
        retry = parameters.get("retry_after") if parameters else None
        wait = float(retry) if isinstance(retry, int | float) else None
        wait = wait if wait is not None and math.isfinite(wait) and 0 <= wait <= MAX_WAIT else None
        raise RateLimited(f"Telegram asks to wait {int(wait or 0)} s ({description})", wait)
    if code == 409:
        raise NoPermission(
            f"{description}: another program reads this bot's updates "
            "(a webhook or a second getUpdates); give smmdesk its own bot"
        )
    if code == 403 or publishing and any(w in lowered for w in RIGHTS):
        where = (
            "an admin of the channel allowed to post messages"
            if publishing
            else "an admin of the discussion group"
        )
        raise NoPermission(f"{description}: make the bot {where}")
    if code == 400 and "chat not found" in lowered:
        flag = (
            "--channel and that the bot is in the channel"
            if publishing
            else ("--chat and that the bot is in the group")
        )
        raise NoPermission(f"{description}: check {flag}")
    if code == 400 and publishing:
        raise ReplyRefused(f"Telegram refused the post ({description})")
    if code == 400 and method in ("sendMessage", "deleteMessage"):
        if any(gone in lowered for gone in GONE):
            raise ReplyRefused("the comment was deleted on Telegram")
        raise ReplyRefused(f"Telegram refused it ({description})")
    raise SyncError(f"{method} failed ({description})")


def _int(value: Any) -> int:
    """A count or id that is not negative, else 0."""
    return value if _is_int(value) and value >= 0 else 0


def _posts(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items() if str(k).isdigit() and POST.fullmatch(str(v))}


def _channel_post(forward: dict[str, Any]) -> str | None:
    """The channel message an automatic forward copies, as ``<channel>/<id>`` (``forward_origin``;
    older servers: ``forward_from_chat`` and ``forward_from_message_id``)."""
    origin = forward.get("forward_origin")
    if isinstance(origin, dict):
        number, chat = origin.get("message_id"), origin.get("chat")
    else:
        number, chat = forward.get("forward_from_message_id"), forward.get("forward_from_chat")
    channel = chat.get("id") if isinstance(chat, dict) else None
    if not _int(number) or not _is_int(channel):
        return None
    return f"{_bare(channel)}/{number}"


def _message_number(external_id: str) -> int:
    """The message id in its chat, from a stored ``<chat>/<id>`` (or a bare id, from an export)."""
    try:
        return int(external_id.rsplit("/", 1)[-1])
    except ValueError:
        raise ReplyRefused(f"not a Telegram message id: {external_id[:40]!r}") from None


def _object(value: Any, method: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadResponse(f"{method} did not return an object")
    return value


def _text(value: Any) -> str:
    """A name or title from the server: text, bounded as a comment's text is."""
    if not isinstance(value, str):
        return ""
    if len(value) > FIELD_LIMIT:
        raise BadResponse(f"a name longer than {FIELD_LIMIT:,} characters")
    return value


def _is_int(value: object) -> TypeGuard[int]:
    return type(value) is int  # not a bool, which isinstance takes for one


def _chat_id(value: object, flag: str = "chat") -> int:
    """A chat's id as the account was given it; not a number is the user's mistake."""
    text = str(value).strip()
    try:
        return int(text)
    except ValueError:
        raise UserError(
            f"--{flag} must be the chat's numeric id (-100…), not {text[:40]!r}"
        ) from None


def _chat_of(message: dict[str, Any]) -> int | None:
    chat = message.get("chat")
    chat_id = chat.get("id") if isinstance(chat, dict) else None
    return chat_id if _is_int(chat_id) else None


def _bare(chat_id: object) -> str:
    """A channel's id as Telegram Desktop exports write it: without the -100 prefix."""
    if _is_int(chat_id) and chat_id < -CHANNEL_BASE:
        return str(-chat_id - CHANNEL_BASE)
    return str(chat_id)


def _permalink(chat: object, message_id: int, post: str | None) -> str | None:
    if not isinstance(chat, dict):
        return None
    thread = f"?thread={post}" if post else ""
    username = chat.get("username")
    if isinstance(username, str) and USERNAME.fullmatch(username):
        return f"https://t.me/{username}/{message_id}{thread}"
    return f"https://t.me/c/{_bare(chat.get('id'))}/{message_id}{thread}"
