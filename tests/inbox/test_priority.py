from datetime import timedelta

from smmdesk.inbox import priority
from tests.conftest import NOW


def deadline(**kw):
    base = {"created_at": NOW, "band": "neutral", "compound": 0.0, "question": False}
    return priority.explain(**{**base, **kw}).urgent_at


def test_negative_before_question_before_neutral():
    assert deadline(band="negative", compound=-0.6) < deadline(question=True) < deadline()


def test_more_negative_ranks_earlier():
    assert deadline(band="negative", compound=-0.9) < deadline(band="negative", compound=-0.2)


def test_reach_and_flag_pull_earlier_answered_pushes_later():
    assert deadline(likes=50) < deadline()
    assert deadline(flagged=True) < deadline()
    assert deadline(answered=True) > deadline()


def test_old_neutral_overtakes_fresh_negative_only_when_long_overdue():
    fresh_negative = deadline(band="negative", compound=-0.5)
    day_old = deadline(created_at=NOW - timedelta(hours=20))
    week_old = deadline(created_at=NOW - timedelta(days=7))
    assert fresh_negative < day_old
    assert week_old < fresh_negative


def test_targets_are_configurable():
    assert deadline(band="negative", compound=-0.5, targets_min={"negative": 10}) < deadline(
        band="negative", compound=-0.5
    )


def test_explanation_lists_the_parts():
    lines = priority.explain(
        created_at=NOW, band="negative", compound=-0.8, question=True, likes=10
    ).lines(NOW)
    text = "\n".join(lines)
    assert "response target (negative)" in text
    assert "negativity" in text and "question" in text and "reach" in text
    assert "effective deadline" in text


def test_span_and_timing_read_as_a_person_says_them():
    at = int(NOW.timestamp())
    assert priority.timing(at + 22 * 60, NOW) == "due in 22 min"
    assert priority.timing(at - 125 * 60, NOW) == "overdue by 2 h 5 min"
    assert priority.timing(at - 30 * 3600, NOW) == "overdue by 30 h"
    assert priority.timing(at - 76 * 3600, NOW) == "overdue by 3 d 4 h"


def test_a_fresh_negative_ranks_early_but_is_not_overdue(store, brand):
    """38 minutes old, one-hour target: "due in 22 min", whatever the rank's credits."""
    from smmdesk.inbox import queue
    from tests.inbox.helpers import load, raw

    load(
        store,
        brand,
        [
            raw(
                "This is terrible, awful, the worst service. I hate it!",
                id="n",
                minutes_ago=38,
                likes=40,
            )
        ],
    )
    item = queue.page(store, queue.QueueFilter(), now=NOW)[0]
    assert item.band == "negative"
    assert item.priority_hours > 1  # ranked as if hours late ...
    assert item.overdue_hours < 0  # ... but it is not
    assert item.timing == "due in 22 min" and item.due_short == "in 22m"
    assert item.as_dict()["due"] == "due in 22 min"
    lines = queue.explain_comment(store, item.id, now=NOW)
    text = "\n".join(lines)
    assert "response target (negative): 1 h after posting, due in 22 min" in text
    assert "overdue" not in text
    assert "negativity: ranks" in text and "priority (effective deadline, ranking only)" in text
    assert queue.detail(store, item.id, now=NOW).why == lines[1:]


def test_overdue_is_past_the_brands_own_target(store, brand):
    from smmdesk.brand.save import write_brief
    from smmdesk.inbox import queue
    from smmdesk.store.brief import load_brief
    from tests.inbox.helpers import load, raw

    brief = load_brief(store, brand)
    brief.response_targets = {"negative": 30}
    write_brief(store, brand, brief)
    load(
        store,
        brand,
        [raw("This is terrible, awful, the worst service. I hate it!", id="n", minutes_ago=38)],
    )
    item = queue.page(store, queue.QueueFilter(), now=NOW)[0]
    assert item.timing == "overdue by 8 min" and item.age_ratio > 1
    assert "overdue by 8 min" in queue.explain_comment(store, item.id, now=NOW)[2]


def test_the_header_counts_overdue_by_the_real_target(store, brand):
    from smmdesk.brand.save import write_brief
    from smmdesk.inbox import queue
    from smmdesk.store.brands import create_brand
    from smmdesk.store.brief import load_brief
    from tests.inbox.helpers import load, raw

    angry = "This is terrible, awful, the worst service. I hate it!"
    other = create_brand(store, "Other")
    brief = load_brief(store, other)
    brief.response_targets = {"negative": 30}
    write_brief(store, other, brief)
    load(
        store,
        brand,
        [raw(angry, id="fresh", minutes_ago=38, likes=40), raw(angry, id="late", minutes_ago=70)],
    )
    load(store, other, [raw(angry, id="o", minutes_ago=38)], name="other.json")
    assert queue.header_counts(store, now=NOW) == {"open": 3, "negative": 3, "overdue": 2}
    assert queue.header_counts(store, brand.id, now=NOW)["overdue"] == 1
    assert queue.header_counts(store, other.id, now=NOW)["overdue"] == 1
