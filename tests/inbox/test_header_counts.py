"""The header counts a triage key moves (inbox.queue.counts_delta) are a fresh count's."""

from datetime import timedelta

from smmdesk.errors import UserError
from smmdesk.inbox import queue, triage
from tests.conftest import NOW
from tests.inbox.helpers import load, raw

ANGRY = "This is terrible, awful, the worst service. I hate it!"
TEXTS = (ANGRY, "Thanks, lovely!", "When do you open?", "ok", "Win free crypto at scam.example")


def test_every_triage_write_moves_the_counts_as_a_recount_does(store, brand):
    records = [
        raw(TEXTS[n % len(TEXTS)], id=f"c{n}", minutes_ago=5 + 37 * n, author=f"a{n}")
        for n in range(24)
    ]
    load(store, brand, records)
    ids = [item.id for item in queue.page(store, queue.QueueFilter(status="all"), now=NOW)]
    steps = [
        lambda c: triage.resolve(store, c, now=NOW),
        lambda c: triage.snooze(store, c, NOW + timedelta(hours=2), now=NOW),
        lambda c: triage.mark_spam(store, c, now=NOW),
        lambda c: triage.not_spam(store, c, now=NOW),
        lambda c: triage.set_status(store, c, "open", now=NOW),
        lambda c: triage.undo(store, now=NOW),
    ]
    changed = 0
    for n in range(40):
        chosen = [ids[(n * 7 + k) % len(ids)] for k in range(1 + n % 3)]
        counted = queue.header_counts(store, now=NOW)
        before = {item.id: item for item in queue.items_by_id(store, ids, now=NOW)}
        try:
            result = steps[n % len(steps)](chosen)
        except UserError:  # e.g. "not spam" of no suspect: nothing changed
            continue
        if result is None or result.others:  # a lesson cleared other suspects: a recount
            continue
        done = result.done  # as the inbox knows them: undo's are an earlier key's comments
        after = queue.items_by_id(store, done, now=NOW)
        delta = queue.counts_delta([before[i] for i in done], after, NOW)
        moved = {key: counted[key] + delta[key] for key in counted}
        assert moved == queue.header_counts(store, now=NOW), n
        changed += any(delta.values())
    assert changed > 10


def test_a_deleted_comment_leaves_the_counts(store, brand):
    load(store, brand, [raw(ANGRY, id="x", minutes_ago=90)])
    (item,) = queue.page(store, queue.QueueFilter(), now=NOW)
    assert queue.counts_delta([item], [], NOW) == {"open": -1, "negative": -1, "overdue": -1}


def test_with_status_foresees_what_set_status_leaves(store, brand):
    """What ``e`` and ``x`` show before their write lands (``queue.with_status``) is the item
    read again after it: open, snoozed and already closed comments, each status a key sets."""
    records = [
        raw(TEXTS[n % len(TEXTS)], id=f"c{n}", minutes_ago=5 + 37 * n, author=f"a{n}")
        for n in range(12)
    ]
    load(store, brand, records)
    ids = [item.id for item in queue.page(store, queue.QueueFilter(status="all"), now=NOW)]
    triage.snooze(store, ids[:4], NOW + timedelta(hours=2), now=NOW)
    triage.resolve(store, ids[4:6], now=NOW)
    for status in ("resolved", "spam", "open"):
        before = queue.items_by_id(store, ids, now=NOW)
        triage.set_status(store, ids, status, now=NOW)
        after = queue.items_by_id(store, ids, now=NOW)
        assert [queue.with_status(item, status) for item in before] == after, status
        triage.undo(store, now=NOW)
