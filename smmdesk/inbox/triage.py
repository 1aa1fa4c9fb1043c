"""Triage actions on comments. Each key press is one batch in the action log; undo reverts it.

Writes are conditional on the state the user saw, so when two sessions act on
the same comment one wins and the other is told (``Conflict``), and the log
keeps both attempts.
"""

from __future__ import annotations

import getpass
import json
import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from smmdesk.errors import UserError
from smmdesk.inbox import priority
from smmdesk.store import Store
from smmdesk.store import comments as q
from smmdesk.store.accounts import account_for_comment
from smmdesk.store.models import STATUSES, Action, Comment
from smmdesk.timeutil import to_iso, utc_now

if TYPE_CHECKING:
    from smmdesk.inbox.spam import Label

__all__ = ["STATUSES", "ActionResult"]

# A comment's fields as a change sets them (status, snoozed_until, labels, ...), by name.
Fields = dict[str, Any]


class Options(TypedDict, total=False):
    """What every triage action takes besides the ids (``**kw``)."""

    now: datetime | None
    actor: str | None
    expect_status: str | None
    batch: str | None  # join an earlier call's batch (a rule's run is one batch: one undo)


@dataclass
class ActionResult:
    action: str
    done: list[int] = field(default_factory=list)
    conflicts: list[int] = field(default_factory=list)  # changed by someone else first
    others: int = 0  # comments not in ``done`` it changed too (suspects the lesson cleared)

    def message(self) -> str:
        what = self.action.replace("_", " ")  # not_spam, as the log names it
        text = f"{what}: {len(self.done)} comment{'s' * (len(self.done) != 1)}"
        if self.conflicts:
            text += f"; {len(self.conflicts)} changed elsewhere first, left as they are"
        return text


def current_actor() -> str:
    return os.environ.get("SMMDESK_USER") or getpass.getuser()


def _apply(
    store: Store,
    ids: Sequence[int],
    action: str,
    change: Callable[[Comment], Fields],
    *,
    now: datetime | None = None,
    actor: str | None = None,
    extra: Callable[[Comment, int, str, str], None] | None = None,
    expect_status: str | None = None,
    batch: str | None = None,
) -> ActionResult:
    """Run ``change(row) -> dict of new field values`` for each comment, logging each.

    ``expect_status`` is the status the user saw: a comment another session has
    moved on since is left alone, and the attempt is logged as a conflict.
    """
    if not ids:
        raise UserError(f"nothing selected, {action}")
    at = to_iso(now or utc_now())
    actor = actor or current_actor()
    batch = batch or uuid.uuid4().hex
    result = ActionResult(action)
    with store.transaction():
        for row in q.get_comments(store, ids):
            after = change(row)
            before = {name: _stored(getattr(row, name)) for name in after if name != "labels"}
            if "labels" in after:
                before["labels"] = q.labels_of(store, row.id)
            fields = {k: v for k, v in after.items() if k != "labels"}
            stale = expect_status is not None and row.status != expect_status
            if stale or (
                fields and not q.update_comment(store, row.id, fields, expect=before_fields(before))
            ):
                q.log_action(
                    store,
                    batch=batch,
                    comment_id=row.id,
                    action=f"{action}:conflict",
                    actor=actor,
                    at=at,
                    before=before,
                    after=after,
                )
                result.conflicts.append(row.id)
                continue
            if "labels" in after:
                q.set_labels(store, row.id, after["labels"])
            action_id = q.log_action(
                store,
                batch=batch,
                comment_id=row.id,
                action=action,
                actor=actor,
                at=at,
                before=before,
                after=after,
            )
            if extra:
                extra(row, action_id, at, actor)
            result.done.append(row.id)
    return result


def _stored(value: object) -> object:
    """A model's value as the column holds it (flags are 0/1 in the log, as in the table)."""
    return int(value) if isinstance(value, bool) else value


def before_fields(before: Fields) -> Fields:
    return {k: v for k, v in before.items() if k != "labels"}


@dataclass(frozen=True)
class Change:
    """One comment's change worked out by the caller: the fields before and after."""

    comment_id: int
    before: Fields
    after: Fields


def record(
    store: Store,
    action: str,
    changes: Sequence[Change],
    *,
    actor: str,
    now: datetime | None = None,
    batch: str | None = None,
) -> ActionResult:
    """Many changes at once, logged as ``_apply`` logs them (undo reverts them the same way).

    For a caller that read the comments in the transaction it writes in (the moderation
    rules: it holds the write lock, so nothing can change them in between): the writes go
    in bulk, one statement a kind, instead of a check and a write a comment.
    """
    at = to_iso(now or utc_now())
    batch = batch or uuid.uuid4().hex
    with store.transaction():
        fields = [(c.comment_id, f) for c in changes if (f := before_fields(c.after))]
        q.update_many(store, fields)
        q.set_labels_many(
            store, [(c.comment_id, c.after["labels"]) for c in changes if "labels" in c.after]
        )
        q.log_actions(
            store,
            [
                {"batch": batch, "comment_id": c.comment_id, "action": action, "actor": actor}
                | {"at": at, "before": c.before, "after": c.after}
                for c in changes
            ],
        )
    return ActionResult(action, done=[c.comment_id for c in changes])


def status_action(status: str) -> str:
    """The log's name of a change of status."""
    if status not in STATUSES:
        raise UserError(f"unknown status {status!r} (one of {', '.join(STATUSES)}), status")
    names = {"resolved": "resolve", "spam": "spam", "ignored": "ignore", "open": "reopen"}
    return names.get(status, status)


def set_status(
    store: Store, ids: Sequence[int], status: str, **kw: Unpack[Options]
) -> ActionResult:
    name = status_action(status)
    return _apply(store, ids, name, lambda row: {"status": status, "snoozed_until": None}, **kw)


# What an action teaches the brand's spam model (``inbox.spam``), and undo takes back: spam is
# spam; "not spam", a reply and resolve say the comment was real (a suspect resolved says
# nothing: it may have been dismissed as the spam it is).
LESSONS: dict[str, Label] = {
    "spam": "spam",
    "not_spam": "ham",
    "reply": "ham",
    "resolve": "ham",
}


def _teach(store: Store, action: str, comments: Sequence[Comment], *, forget: bool = False) -> int:
    """Teach the spam model; returns how many of the brands' suspects it cleared."""
    label = LESSONS.get(action)
    if label is None:
        return 0
    if action == "resolve":
        comments = [c for c in comments if not c.spam_suspect]
    from smmdesk.inbox import spam  # here: its patterns compile on import, the app's start skips it

    spam.learn(store, comments, label, forget=forget)
    return sum(spam.rescore_suspects(store, b) for b in sorted({c.brand_id for c in comments}))


def _taught(store: Store, result: ActionResult) -> ActionResult:
    """After an action: its lesson to the spam model, and the brands' suspects judged again."""
    result.others += _teach(store, result.action, q.get_comments(store, result.done))
    return result


def resolve(store: Store, ids: Sequence[int], **kw: Unpack[Options]) -> ActionResult:
    """Resolved: the brand's spam model learns the comments were real."""
    with store.transaction():
        return _taught(store, set_status(store, ids, "resolved", **kw))


def mark_spam(store: Store, ids: Sequence[int], **kw: Unpack[Options]) -> ActionResult:
    """Spam: it leaves the queue, and the brand's model learns it."""
    with store.transaction():
        return _taught(store, set_status(store, ids, "spam", **kw))


def not_spam(store: Store, ids: Sequence[int], **kw: Unpack[Options]) -> ActionResult:
    """A suspect (or a comment marked spam) is real: cleared for good, back to its place in the
    queue (a spam one is open again), and the brand's model learns it."""
    rows = q.get_comments(store, ids)
    chosen = [c.id for c in rows if c.spam_suspect or c.status == "spam"]
    if not chosen:
        raise UserError("not a suspected spam comment, not spam")
    targets: dict[int, dict[str, int]] = {}

    def change(comment: Comment) -> Fields:
        if comment.brand_id not in targets:
            targets[comment.brand_id] = priority.targets_for(store, comment.brand_id)
        rank = priority.rank(replace(comment, spam_suspect=False), targets[comment.brand_id])
        status = "open" if comment.status == "spam" else comment.status
        return {
            "spam_suspect": 0,
            "spam_cleared": 1,
            "status": status,
            "tier": rank.tier,
            "urgent_at": rank.urgent_at,
        }

    with store.transaction():
        return _taught(store, _apply(store, chosen, "not_spam", change, **kw))


def snooze(
    store: Store, ids: Sequence[int], until: datetime, **kw: Unpack[Options]
) -> ActionResult:
    now = kw.get("now") or utc_now()
    if until <= now:
        raise UserError(f"snooze time is in the past ({to_iso(until)}), snooze")
    return _apply(store, ids, "snooze", lambda row: {"snoozed_until": to_iso(until)}, **kw)


def assign(
    store: Store, ids: Sequence[int], person: str | None, **kw: Unpack[Options]
) -> ActionResult:
    person = (person or "").strip() or None
    return _apply(store, ids, "assign", lambda row: {"assignee": person}, **kw)


def label(
    store: Store,
    ids: Sequence[int],
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
    **kw: Unpack[Options],
) -> ActionResult:
    add = [a.strip() for a in add if a.strip()]

    def change(row: Comment) -> Fields:
        labels = (set(q.labels_of(store, row.id)) | set(add)) - set(remove)
        return {"labels": sorted(labels)}

    return _apply(store, ids, "label", change, **kw)


def toggle_flag(store: Store, ids: Sequence[int], **kw: Unpack[Options]) -> ActionResult:
    targets: dict[int, dict[str, int]] = {}

    def change(comment: Comment) -> Fields:
        if comment.brand_id not in targets:
            targets[comment.brand_id] = priority.targets_for(store, comment.brand_id)
        flagged = not comment.flagged
        rank = priority.rank(replace(comment, flagged=flagged), targets[comment.brand_id])
        return {"flagged": int(flagged), "tier": rank.tier, "urgent_at": rank.urgent_at}

    return _apply(store, ids, "flag", change, **kw)


def reply(
    store: Store,
    ids: Sequence[int],
    text: str,
    *,
    template_id: int | None = None,
    **kw: Unpack[Options],
) -> ActionResult:
    """Record our reply: queued in the outbox when a connected account can post it (the next
    sync sends it), else recorded to post by hand (the TUI copies it to the clipboard)."""
    if not text.strip():
        raise UserError("reply is empty, reply")
    from smmdesk.inbox.replies import tone_of

    tone = tone_of(text).compound

    def record(row: Comment, action_id: int, at: str, actor: str) -> None:
        q.add_reply(
            store,
            comment_id=row.id,
            action_id=action_id,
            text=text,
            actor=actor,
            at=at,
            template_id=template_id,
            tone=tone,
            account_id=account_for_comment(store, row.id),
        )

    with store.transaction():
        result = _apply(
            store,
            ids,
            "reply",
            lambda row: {"status": "replied", "snoozed_until": None},
            extra=record,
            **kw,
        )
        return _taught(store, result)


def _refuse_sent(store: Store, batch: Sequence[Action]) -> None:
    """A reply the platform has (or may have) taken cannot be taken back from here."""
    for entry in batch:
        if entry.action != "reply":
            continue
        for sent in q.replies_of_action(store, entry.id):
            if sent.state in ("sending", "sent", "unsure"):
                raise UserError(
                    "that reply has gone out to the platform; undo cannot take it back "
                    "(delete it there), undo"
                )


def undo(
    store: Store, *, actor: str | None = None, now: datetime | None = None
) -> ActionResult | None:
    """Revert the newest batch exactly (fields, labels, recorded replies). None: nothing to undo."""
    actor = actor or current_actor()
    batch = q.last_batch(store, actor)
    if not batch:
        return None

    at = to_iso(now or utc_now())
    result = ActionResult(f"undo {batch[0].action.split(':')[0]}")
    _refuse_sent(store, batch)
    with store.transaction():
        undo_batch = uuid.uuid4().hex
        for entry in reversed(batch):
            if entry.action.endswith(":conflict"):
                continue
            before, after = json.loads(entry.before), json.loads(entry.after)
            fields = before_fields(before)
            if fields:
                q.update_comment(store, entry.comment_id, fields)
            if "labels" in before:
                q.set_labels(store, entry.comment_id, before["labels"])
            if entry.action == "reply":
                q.delete_replies_of_action(store, entry.id)
            comments = q.get_comments(store, [entry.comment_id])
            result.others += _teach(store, entry.action, comments, forget=True)
            undo_id = q.log_action(
                store,
                batch=undo_batch,
                comment_id=entry.comment_id,
                action="undo",
                actor=actor,
                at=at,
                before=after,
                after=before,
            )
            result.done.append(entry.comment_id)
        q.mark_undone(store, [e.id for e in batch], undo_id)
    return result
