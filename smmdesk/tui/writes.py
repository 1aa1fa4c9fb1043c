"""Every write of the app goes through one queue: a busy database waits its turn, a mistake is a toast.

SQLite has one writer at a time. While another process (an import, the CLI, a
second session) holds the lock, a write here gives up quickly (the app's
connection has a short busy timeout) and waits in the queue, which is retried
from a timer: the screen never freezes and nothing is dropped. Writes are
applied in the order they were asked for, so a key pressed behind a waiting
one waits behind it too (resolve, then spam, then undo stay in that order).

A ``UserError`` is the user's to fix: shown by ``failed`` (inline, in a form)
or as a toast; so is a failure of the file itself (damaged, disk full, read-only:
``store.db.user_error_for``). Any other error is a bug and is not hidden here.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from smmdesk.errors import UserError
from smmdesk.store.db import is_busy, user_error_for

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.timer import Timer

BUSY_RETRY_S = 0.5


@dataclass(eq=False)
class Write:
    """One write: ``run()`` does it; ``done(result)`` or ``failed(error)`` follows on the main thread."""

    name: str
    run: Callable[[], Any]
    done: Callable[[Any], object] | None = None
    failed: Callable[[UserError], object] | None = None
    waiting: Callable[[], object] | None = None
    owner: DOMNode | None = None  # the screen or widget asking; gone, its callbacks are skipped
    after_frame: bool = False  # not what the key shows: applied once the next frame is drawn
    shown: bool = False  # its change is on the screen already: a count read meanwhile misses it
    told: bool = False
    finished: bool = False
    cancelled: bool = False

    @property
    def pending(self) -> bool:
        """Asked for and not yet applied, refused or cancelled."""
        return not (self.finished or self.cancelled)

    def cancel(self) -> None:
        """Withdraw a write still waiting (the form that asked was closed). A done write stays done."""
        self.cancelled = True


class Writes:
    def __init__(self, app: App):
        self.app = app
        self.queue: deque[Write] = deque()
        self.timer: Timer | None = None
        self.draining = False
        self.frame_due = False  # the head waits for the next frame (``after_frame``), not a lock

    @property
    def idle(self) -> bool:
        return not any(w.pending for w in self.queue)

    @property
    def shown_ahead(self) -> bool:
        """A write the screen shows is not applied yet: counts read now would contradict it
        (they are counted again once it lands)."""
        return any(w.shown and w.pending for w in self.queue)

    def submit(
        self,
        name: str,
        run: Callable[[], Any],
        done: Callable[[Any], object] | None = None,
        *,
        failed: Callable[[UserError], object] | None = None,
        waiting: Callable[[], object] | None = None,
        owner: DOMNode | None = None,
        after_frame: bool = False,
        shown: bool = False,
    ) -> Write:
        """Apply ``run`` now if nothing waits, else after the writes before it; ``after_frame``:
        after the next frame too (the rest of a key's work, in its place in the queue);
        ``shown``: the screen shows its change before it lands (``shown_ahead``)."""
        write = Write(name, run, done, failed, waiting, owner, after_frame=after_frame, shown=shown)
        behind = any(w.pending for w in self.queue)
        self.queue.append(write)
        if self.draining or self.frame_due:
            return write  # the loop takes it next, or once the frame is drawn
        if behind:
            self._tell_waiting(write)  # the head is waiting for the lock; so is this one
            if self.timer is None:
                self.timer = self.app.set_timer(BUSY_RETRY_S, self._retry)
        else:
            self.drain()
        return write

    def _retry(self) -> None:
        self.timer = None  # this timer has fired
        self.drain()

    def drain(self) -> None:
        """Apply the queue in order until it is empty or the database is busy."""
        if self.timer is not None:  # called before the retry came round: one timer at most
            self.timer.stop()
            self.timer = None
        self.frame_due = False
        self.draining = True
        try:
            while self.queue:
                write = self.queue[0]
                if write.cancelled:
                    self.queue.popleft()
                    continue
                if write.after_frame:
                    write.after_frame = False
                    self.frame_due = True
                    self._after_frame(write.owner)
                    return
                try:
                    result = write.run()
                except sqlite3.OperationalError as exc:
                    if not is_busy(exc):
                        self.queue.popleft()
                        write.finished = True
                        self._call(write, write.failed or self.toast, self._file_error(exc))
                        continue
                    self._tell_waiting(write)
                    self.timer = self.app.set_timer(BUSY_RETRY_S, self._retry)
                    return
                except sqlite3.DatabaseError as exc:  # a damaged file: say so, point to restore
                    self.queue.popleft()
                    write.finished = True
                    self._call(write, write.failed or self.toast, self._file_error(exc))
                    continue
                except UserError as exc:
                    self.queue.popleft()
                    write.finished = True
                    self._call(write, write.failed or self.toast, exc)
                    continue
                self.queue.popleft()
                write.finished = True
                self._refresh_feed()
                if write.done is not None:
                    self._call(write, write.done, result)
        finally:
            self.draining = False

    def _after_frame(self, owner: DOMNode | None) -> None:
        """Drain again after the next frame: asked of the owner, as its own deferred parts are
        (asked of the app, the screen can go idle before the widgets' updates reach it, and
        run it first); an owner that knows which widget shows its keys' changes says when that
        one is drawn (``call_after_frame``)."""
        node = owner if owner is not None and self._alive(owner) else self.app
        later = getattr(node, "call_after_frame", None) or node.call_after_refresh
        later(self.drain)

    def _refresh_feed(self) -> None:
        """The calendar feed follows every write (rewritten only when its posts changed)."""
        store = getattr(self.app, "store", None)
        if store is None:
            return
        from smmdesk.calendar import feed

        try:
            feed.refresh(store)
        except UserError as exc:
            self.toast(exc)
        except sqlite3.OperationalError:
            pass  # busy: the next write writes it

    def _file_error(self, exc: sqlite3.Error) -> UserError:
        """The file's own failure (damaged, disk full, read-only) as one line; anything else is a bug."""
        mapped = user_error_for(exc, getattr(getattr(self.app, "store", None), "path", None))
        if mapped is None:
            raise exc
        return mapped

    def toast(self, exc: UserError) -> None:
        self.app.notify(str(exc), severity="error", markup=False)

    def _tell_waiting(self, write: Write) -> None:
        if write.told:
            return
        write.told = True
        self.app.notify(
            f"The database is busy (another process is writing): {write.name} will be "
            "applied as soon as it is free",
            title="Waiting",
            severity="warning",
            markup=False,
        )
        if write.waiting is not None and self._alive(write.owner):
            write.waiting()

    def _call(self, write: Write, callback: Callable[[Any], object], arg: Any) -> None:
        if self._alive(write.owner):
            callback(arg)
        elif isinstance(arg, UserError):
            self.toast(arg)
        elif write.told:
            self.app.notify(f"Applied: {write.name}", markup=False)

    def _alive(self, owner: DOMNode | None) -> bool:
        from textual.screen import Screen

        if owner is None:
            return True
        if isinstance(owner, Screen):
            return owner in self.app.screen_stack
        return owner.is_attached
