from datetime import timedelta

import pytest

from smmdesk.errors import UserError
from smmdesk.inbox import queue, triage
from smmdesk.store import comments as q
from smmdesk.store.comments import QueueFilter
from tests.conftest import NOW
from tests.inbox.helpers import load, raw


@pytest.fixture
def three(store, brand):
    load(
        store,
        brand,
        [
            raw("Awful, broken", id="1", minutes_ago=120),
            raw("Where is it?", id="2", minutes_ago=60),
            raw("Love it", id="3", minutes_ago=30),
        ],
    )
    return [1, 2, 3]


def status(store, cid):
    return q.get_comment(store, cid).status


def open_ids(store):
    return [i.id for i in queue.page(store, QueueFilter(), now=NOW)]


def test_resolve_then_undo_restores_exactly(store, three):
    before = q.get_comment(store, 1)
    triage.resolve(store, [1], now=NOW)
    assert status(store, 1) == "resolved" and 1 not in open_ids(store)
    outcome = triage.undo(store, now=NOW)
    assert outcome.done == [1]
    assert q.get_comment(store, 1) == before
    assert triage.undo(store, now=NOW) is None


@pytest.mark.parametrize(
    "act",
    [
        lambda s, ids: triage.mark_spam(s, ids, now=NOW),
        lambda s, ids: triage.set_status(s, ids, "ignored", now=NOW),
        lambda s, ids: triage.assign(s, ids, "olena", now=NOW),
        lambda s, ids: triage.toggle_flag(s, ids, now=NOW),
        lambda s, ids: triage.label(s, ids, add=["delivery", "vip"], now=NOW),
        lambda s, ids: triage.snooze(s, ids, NOW + timedelta(hours=2), now=NOW),
        lambda s, ids: triage.reply(s, ids, "Sorry {author}!", now=NOW),
    ],
)
def test_every_action_undoes_exactly(store, three, act):
    before = q.get_comments(store, three)
    labels = [q.labels_of(store, c) for c in three]
    act(store, three[:2])
    triage.undo(store, now=NOW)
    assert q.get_comments(store, three) == before
    assert [q.labels_of(store, c) for c in three] == labels
    assert store.conn.execute("SELECT count(*) FROM replies").fetchone()[0] == 0


def test_bulk_action_is_one_undo(store, three):
    triage.resolve(store, three, now=NOW)
    assert open_ids(store) == []
    triage.undo(store, now=NOW)
    assert sorted(open_ids(store)) == three


def test_snooze_hides_until_due(store, three):
    triage.snooze(store, [1], NOW + timedelta(hours=1), now=NOW)
    assert 1 not in open_ids(store)
    later = [i.id for i in queue.page(store, QueueFilter(), now=NOW + timedelta(hours=2))]
    assert 1 in later
    with pytest.raises(UserError, match="past"):
        triage.snooze(store, [2], NOW - timedelta(hours=1), now=NOW)


def test_labels_filter(store, three):
    triage.label(store, [2], add=["delivery"], now=NOW)
    assert [i.id for i in queue.page(store, QueueFilter(label="delivery"), now=NOW)] == [2]


def test_flag_moves_up(store, three):
    rank = open_ids(store).index(3)
    triage.toggle_flag(store, [3], now=NOW)
    assert open_ids(store).index(3) < rank


def test_reply_records_text_and_tone(store, three):
    triage.reply(store, [1], "We're so sorry, this is terrible and awful", now=NOW)
    row = q.replies_of(store, 1)[0]
    assert status(store, 1) == "replied"
    assert row.tone < 0


def test_conflict_when_another_session_changed_it(store, three):
    triage.resolve(store, [1], now=NOW, actor="other")
    # This session still believes comment 1 is open: simulate by resolving from a stale view.
    q.update_comment(store, 1, {"status": "open"})
    q.update_comment(store, 1, {"status": "spam"}, expect={"status": "open"})
    assert status(store, 1) == "spam"
    assert not q.update_comment(store, 1, {"status": "resolved"}, expect={"status": "open"})


def test_undo_is_per_actor(store, three):
    triage.resolve(store, [1], now=NOW, actor="someone-else")
    assert triage.undo(store, now=NOW) is None


def response_by_band(store):
    """Time to first response per band, from the action log, as the report computes it."""
    from smmdesk.report.figures import build_report
    from smmdesk.report.period import Period
    from smmdesk.timeutil import local_zone

    period = Period(NOW.date() - timedelta(days=1), NOW.date(), local_zone())
    return {
        r.band: r for r in build_report(store, period, now=NOW + timedelta(hours=2)).inbox.response
    }


def test_response_times_from_the_log(store, three):
    triage.reply(store, [1], "On it", now=NOW)  # 120 min after
    triage.reply(store, [2], "Tomorrow", now=NOW + timedelta(minutes=60))  # 120 min after
    triage.reply(store, [3], "Thanks", now=NOW)  # 30 min after
    triage.undo(store, now=NOW)  # the last reply no longer counts
    figures = response_by_band(store)
    assert figures["negative"].answered == 1 and figures["negative"].median_min == 120
    assert figures["neutral"].answered == 1 and figures["neutral"].median_min == 120
    assert figures["positive"].answered == 0


def test_reply_before_the_comment_counts_as_zero(store, three):
    triage.reply(store, [3], "Early", now=NOW - timedelta(hours=5))
    assert response_by_band(store)["positive"].median_min == 0


def test_nothing_selected(store, three):
    with pytest.raises(UserError, match="nothing selected"):
        triage.resolve(store, [], now=NOW)
