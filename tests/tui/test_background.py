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
