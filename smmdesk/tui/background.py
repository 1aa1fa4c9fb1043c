"""Slow reads off the main thread: debounced, and never more than one at a time."""

from __future__ import annotations

from collections.abc import Callable

from textual.dom import DOMNode
from textual.timer import Timer

DELAY_S = 0.15


class Debounced:
    """Run ``job(*args)`` in a thread ``DELAY_S`` after the last request, one run at a time.

    A burst of key presses asks once; a request made while a run is under way
    runs it again afterwards with the newest arguments, so the last answer is
    always fresh and a large database is never counted twice at once.
    """

    def __init__(self, node: DOMNode, job: Callable[..., None], delay: float = DELAY_S):
        self.node = node
        self.job = job
        self.delay = delay
        self.args: tuple = ()
        self.timer: Timer | None = None
        self.running = False
        self.again = False

    @property
    def idle(self) -> bool:
        return self.timer is None and not self.running

    def request(self, *args) -> None:
        if not self.node.is_attached:
            return
        self.args = args
        if self.timer is not None:
            self.timer.stop()
        self.timer = self.node.set_timer(self.delay, self._start)

    def _start(self) -> None:
        self.timer = None
        if self.running:
            self.again = True
            return
        self.running = True
        self.node.run_worker(lambda: self._run(self.args), thread=True, group="background-read")

    def _run(self, args: tuple) -> None:
        try:
            self.job(*args)
        finally:
            if self.node.app.is_running:      # the app may have closed meanwhile
                self.node.app.call_from_thread(self._finished)

    def _finished(self) -> None:
        self.running = False
        if self.again and self.node.is_attached:
            self.again = False
            self._start()
