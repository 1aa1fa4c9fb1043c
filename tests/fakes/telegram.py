"""A fake Telegram Bot API: one bot, one channel, its linked discussion group.

Shapes as the Bot API documents them (``{"ok": true, "result": ...}``, ``Update``,
``Message`` with ``chat``, ``from``, ``sender_chat``, ``reply_to_message`` (one level, as
the real one sends it), ``message_thread_id``, ``is_automatic_forward``). getUpdates forgets
every update below the offset it is called with; the bot's own messages are never updates.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.server import FakeApp, Request

TOKEN = "123456:AAEfakeTOKENfakeTOKENfakeTOKEN"
BOT = {"id": 123456, "is_bot": True, "first_name": "Desk", "username": "desk_bot"}
CHANNEL = {"id": -1001111111111, "type": "channel", "title": "Acme News", "username": "acme"}
GROUP = {"id": -1002222222222, "type": "supergroup", "title": "Acme Chat"}
START = 1_764_000_000  # epoch seconds of the first message


class FakeTelegram(FakeApp):
    def __init__(self, token: str = TOKEN, group: dict[str, Any] | None = None) -> None:
        self.token = token
        self.group = dict(group or GROUP)
        self.updates: list[dict[str, Any]] = []
        self.messages: dict[int, dict[str, Any]] = {}
        self.sent: list[dict[str, Any]] = []  # what the bot sent (sendMessage)
        self.deleted: list[int] = []
        self.next_update = 1
        self.next_message = 10
        self.next_channel_post = 500  # the channel's own message ids
        self.channel_posts: dict[int, int] = {}  # a forward in the group -> the channel post
        self.member_status = "administrator"
        self.channel_admin = True  # the bot may post in the channel
        self.published: list[dict[str, Any]] = []  # channel posts the bot made (sendMessage,
        # sendPhoto)
        self.channel_messages: dict[int, dict[str, Any]] = {}  # the channel's, by id
        self.photo_fetchable = True  # Telegram can fetch the photo's address
        self.clock = START

    # Building the chat ------------------------------------------------------

    def _message(self, **fields: Any) -> dict[str, Any]:
        self.next_message += 1
        self.clock += 60
        message = {
            "message_id": self.next_message,
            "date": self.clock,
            "chat": dict(self.group),
            **fields,
        }
        self.messages[message["message_id"]] = message
        return message

    def _update(self, kind: str, message: dict[str, Any]) -> None:
        self.updates.append({"update_id": self.next_update, kind: message})
        self.next_update += 1

    def post(self, text: str) -> int:
        """A channel post: its automatic forward into the group. Returns the forward's id."""
        return self._channel_post(text)[1]

    def _channel_post(self, text: str, photo: str | None = None) -> tuple[dict[str, Any], int]:
        """A message in the channel and its automatic forward: (the channel's, the forward's id).
        A photo's message has ``photo`` (its sizes) and its words as ``caption``."""
        self.next_channel_post += 1
        content: dict[str, Any] = {"text": text}
        if photo is not None:
            sizes = [
                {"file_id": f"AgAC{self.next_channel_post}{w}", "file_unique_id": f"AQAD{w}",
                 "width": w, "height": w * 3 // 4, "file_size": w * 100}
                for w in (90, 320, 800)
            ]  # fmt: skip
            content = {"photo": sizes, **({"caption": text} if text else {})}
        channel_message = {
            "message_id": self.next_channel_post,
            "date": self.clock,
            "chat": dict(CHANNEL),
            "sender_chat": dict(CHANNEL),
            **content,
        }
        self.channel_messages[self.next_channel_post] = channel_message
        forward = self._message(
            sender_chat=dict(CHANNEL),
            **content,
            is_automatic_forward=True,
            forward_origin={
                "type": "channel",
                "chat": dict(CHANNEL),
                "message_id": self.next_channel_post,
                "date": self.clock,
            },
        )
        self.channel_posts[forward["message_id"]] = self.next_channel_post
        self._update("message", forward)
        return channel_message, int(forward["message_id"])

    def comment(
        self, text: str, reply_to: int, *, user: int = 777, name: str = "Olena", as_channel=False
    ) -> int:
        parent = self.messages[reply_to]
        thread = parent.get("message_thread_id") or parent["message_id"]
        sender = (
            {"sender_chat": dict(CHANNEL)}
            if as_channel
            else {"from": {"id": user, "is_bot": False, "first_name": name}}
        )
        shallow = {k: v for k, v in parent.items() if k != "reply_to_message"}
        message = self._message(
            text=text, reply_to_message=shallow, message_thread_id=thread, **sender
        )
        self._update("message", message)
        return int(message["message_id"])

    def edit(self, message_id: int, text: str) -> None:
        message = dict(self.messages[message_id], text=text, edit_date=self.clock + 5)
        self.messages[message_id] = message
        self._update("edited_message", message)

    def delete(self, message_id: int) -> None:
        self.messages.pop(message_id, None)

    def delete_channel_post(self, channel_post: int) -> None:
        """An admin deletes a channel post (and its forward goes from the group). A bot gets
        no update for it: the Bot API has none for deleted messages."""
        self.channel_messages.pop(channel_post, None)
        for forward, post in list(self.channel_posts.items()):
            if post == channel_post:
                self.messages.pop(forward, None)

    def elsewhere(self, text: str) -> None:
        """A message in another chat the bot is in."""
        message = self._message(
            text=text, **{"from": {"id": 5, "is_bot": False, "first_name": "X"}}
        )
        message["chat"] = {"id": -1009999, "type": "supergroup", "title": "Other"}
        self._update("message", message)

    # Serving ---------------------------------------------------------------

    def handle(self, request: Request) -> tuple[int, Any]:
        prefix = f"/bot{self.token}/"
        if not request.path.startswith(prefix):
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = request.path[len(prefix) :]
        handler = getattr(self, f"_{method}", None)
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        return handler(request)

    @staticmethod
    def _ok(result: Any) -> tuple[int, Any]:
        return 200, {"ok": True, "result": result}

    def _getMe(self, request: Request) -> tuple[int, Any]:
        return self._ok(dict(BOT, can_join_groups=True, can_read_all_group_messages=True))

    def _getChat(self, request: Request) -> tuple[int, Any]:
        if int(request.param("chat_id") or 0) != self.group["id"]:
            return 400, {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: chat not found",
            }
        return self._ok(dict(self.group, linked_chat_id=CHANNEL["id"]))

    def _getChatMember(self, request: Request) -> tuple[int, Any]:
        rights = {"can_delete_messages": True, "can_manage_chat": True}
        return self._ok({"status": self.member_status, "user": BOT, **rights})

    def _getUpdates(self, request: Request) -> tuple[int, Any]:
        offset = int(request.param("offset") or 0)
        limit = int(request.param("limit") or 100)
        confirmed = 0  # updates below the offset are forgotten, as Telegram does
        while confirmed < len(self.updates) and self.updates[confirmed]["update_id"] < offset:
            confirmed += 1
        del self.updates[:confirmed]
        return self._ok(self.updates[:limit])

    def _sendMessage(self, request: Request) -> tuple[int, Any]:
        import json

        if int(request.param("chat_id") or 0) == CHANNEL["id"]:  # a post in the channel
            if not self.channel_admin:
                return 403, {
                    "ok": False,
                    "error_code": 403,
                    "description": "Forbidden: bot is not a member of the channel chat",
                }
            if not request.param("text"):
                return 400, {
                    "ok": False,
                    "error_code": 400,
                    "description": "Bad Request: message text is empty",
                }
            message, forward = self._channel_post(request.param("text") or "")
            self.published.append(message)
            return self._ok(message)
        reply = json.loads(request.param("reply_parameters") or "{}")
        target = reply.get("message_id")
        if target not in self.messages:
            return 400, {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: message to be replied not found",
            }
        message = self._message(
            text=request.param("text"),
            reply_to_message=self.messages[target],
            **{"from": dict(BOT)},
        )
        self.sent.append(message)
        return self._ok(message)

    def _sendPhoto(self, request: Request) -> tuple[int, Any]:
        """A photo in the channel, by its HTTP URL (the Bot API also takes a file_id or an
        upload; the desk sends addresses); ``caption`` 0-1024 characters."""
        if int(request.param("chat_id") or 0) != CHANNEL["id"]:
            return _bad("chat not found")
        if not self.channel_admin:
            return 403, {
                "ok": False,
                "error_code": 403,
                "description": "Forbidden: bot is not a member of the channel chat",
            }
        photo = request.param("photo") or ""
        if not photo.startswith(("http://", "https://")):
            return _bad("wrong file identifier/HTTP URL specified")
        if not self.photo_fetchable:
            return _bad("failed to get HTTP URL content")
        caption = request.param("caption") or ""
        if len(caption.encode("utf-16-le")) // 2 > 1024:
            return _bad("message caption is too long")
        message, _forward = self._channel_post(caption, photo=photo)
        self.published.append(message)
        return self._ok(message)

    def _deleteMessage(self, request: Request) -> tuple[int, Any]:
        message_id = int(request.param("message_id") or 0)
        if message_id not in self.messages:
            return 400, {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: message to delete not found",
            }
        self.deleted.append(message_id)
        self.messages.pop(message_id)
        return self._ok(True)


def _bad(what: str) -> tuple[int, Any]:
    return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {what}"}
