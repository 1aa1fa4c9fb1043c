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
        band="negative", compound=-0.5)


def test_explanation_lists_the_parts():
    lines = priority.explain(created_at=NOW, band="negative", compound=-0.8, question=True,
                             likes=10).lines(NOW)
    text = "\n".join(lines)
    assert "response target (negative)" in text
    assert "negativity" in text and "question" in text and "reach" in text
    assert "effective deadline" in text
