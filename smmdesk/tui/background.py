"""Slow reads off the main thread: debounced, never more than one at a time, retried if they fail."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from textual.dom import DOMNode
from textual.timer import Timer

DELAY_S = 0.15
# A read that fails (``disk I/O error``, a reader that cannot open) is run again after
# these pauses; each run opens a fresh connection (``Store.reader``), never reuses the bad one.
RETRY_DELAYS_S = (0.2, 1.0, 5.0)
# After triage keys, whose counts move by what each write changed: the recount from SQL
# (~0.3 s of the second core at 1M) waits until the keys pause this long.
QUIET_S = 2.0


class Debounced:
    """Run ``job(*args)`` in a thread ``DELAY_S`` after the last request, one run at a time.

    A burst of key presses asks once; a request made while a run is under way
    runs it again afterwards with the newest arguments, so the last answer is
    always fresh and a large database is never counted twice at once.

    ``job`` opens its own connection each run. If it fails with an SQLite error
    the app carries on: the run is repeated from a timer (``RETRY_DELAYS_S``),
    and after the last try a toast says so; the next request starts afresh.
    """

    def __init__(
        self,
        node: DOMNode,
        job: Callable[..., None],
        delay: float = DELAY_S,
        *,
        gave_up: str = "could not read the database ({error}); the counts may be out of date",
    ):
        self.node = node
        self.job = job
        self.delay = delay
        self.gave_up = gave_up  # the toast after the last try, ``{error}`` the last failure
        self.args: tuple = ()
        self.timer: Timer | None = None
        self.waiting = delay  # the pending timer's delay
        self.running = False
        self.again = False

    @property
    def idle(self) -> bool:
        return self.timer is None and not self.running

    def request(self, *args, delay: float | None = None) -> None:
        """Run after ``delay`` (default: the instance's) with these arguments; a newer request
        replaces an older one not yet started, but never puts off a sooner one (a recount
        asked for by a reload is not held back by the pause a triage key waits for)."""
        if not self.node.is_attached:
            return
        self.args = args
        wait = self.delay if delay is None else delay
        if self.timer is not None:
            if self.waiting <= self.delay < wait:  # a sooner request is pending: it answers
                return
            self.timer.stop()
        self.waiting = wait
        self.timer = self.node.set_timer(wait, self._start)

    def _start(self, attempt: int = 0) -> None:
        self.timer = None
        if self.running:
            self.again = True
            return
        self.running = True
        args = self.args
        self.node.run_worker(lambda: self._run(args, attempt), thread=True, group="background-read")

    def _run(self, args: tuple, attempt: int) -> None:
        failed: sqlite3.Error | None = None
        try:
            self.job(*args)
        except sqlite3.Error as exc:  # the connection is closed by the job's ``with``
            failed = exc
        finally:
            if self.node.app.is_running:  # the app may have closed meanwhile
                self.node.app.call_from_thread(self._finished, failed, attempt)

    def _finished(self, failed: sqlite3.Error | None = None, attempt: int = 0) -> None:
        self.running = False
        if not self.node.is_attached:
            return
        if self.again:  # a newer request: it is the one to answer
            self.again = False
            self._start()
            return
        if failed is None:
            return
        if attempt < len(RETRY_DELAYS_S):
            self.timer = self.node.set_timer(
                RETRY_DELAYS_S[attempt], lambda: self._start(attempt + 1)
            )
            return
        self.node.app.notify(
            self.gave_up.format(error=failed),
            title="Database",
            severity="warning",
            markup=False,
        )
