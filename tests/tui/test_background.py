"""Debounced: which request a pending timer answers (no clock: timers are recorded)."""

from smmdesk.tui.background import DELAY_S, QUIET_S, Debounced


class FakeTimer:
    def __init__(self, delay):
        self.delay = delay
        self.stopped = False

    def stop(self):
        self.stopped = True


class FakeNode:
    is_attached = True

    def __init__(self):
        self.timers = []

    def set_timer(self, delay, callback):
        self.timers.append(FakeTimer(delay))
        return self.timers[-1]


def pending(node):
    return [t.delay for t in node.timers if not t.stopped]


def test_a_burst_waits_for_its_last_request():
    node = FakeNode()
    counter = Debounced(node, lambda *args: None)
    for brand in (1, 2, 3):
        counter.request(brand)
    assert pending(node) == [DELAY_S] and len(node.timers) == 3 and counter.args == (3,)
    for _ in range(3):
        counter.request(3, delay=QUIET_S)
    assert pending(node) == [DELAY_S]  # a sooner recount is pending: the pause never delays it


def test_the_quiet_recount_is_put_off_by_each_key_and_hurried_by_a_reload():
    node = FakeNode()
    counter = Debounced(node, lambda *args: None)
    counter.request(None, delay=QUIET_S)
    counter.request(None, delay=QUIET_S)
    assert pending(node) == [QUIET_S] and len(node.timers) == 2
    counter.request(None)
    assert pending(node) == [DELAY_S]


def test_after_the_last_try_the_toast_says_what_the_job_was_for():
    """A job that keeps failing is retried (``RETRY_DELAYS_S``), then its own toast is shown:
    the counts' by default, the checkpoint's its own."""
    import sqlite3

    from smmdesk.tui.background import RETRY_DELAYS_S

    class App:
        def __init__(self):
            self.toasts = []

        def notify(self, message, **_):
            self.toasts.append(message)

    for kwargs, expected in (
        ({}, "could not read the database (disk I/O error); the counts may be out of date"),
        (
            {"gave_up": "could not copy the log ({error})"},
            "could not copy the log (disk I/O error)",
        ),
    ):
        node = FakeNode()
        node.app = App()
        job = Debounced(node, lambda: None, **kwargs)
        failure = sqlite3.OperationalError("disk I/O error")
        for attempt in range(len(RETRY_DELAYS_S)):
            job._finished(failure, attempt)
            assert node.app.toasts == []
        job._finished(failure, len(RETRY_DELAYS_S))
        assert node.app.toasts == [expected]
