"""Comments edited on the platform (``importer.apply_edits``): rescored, judged for spam and
ranked again from all they hold, and the brand's rules run on those no person has triaged."""

from smmdesk.inbox import rules, triage
from smmdesk.inbox.importer import apply_edits
from smmdesk.inbox.rules import RuleSpec
from smmdesk.store import comments as q
from tests.conftest import NOW
from tests.inbox.helpers import load, raw


def edit(store, brand, *records):
    return apply_edits(store, list(records), brand, now=NOW)


def labels(store, cid):
    return q.labels_of(store, cid)


def test_a_rule_applies_to_an_edited_comment_as_to_a_new_one(store, brand):
    rules.save_rules(
        store,
        brand,
        [
            RuleSpec("refund", ["keywords: refund"], ["label: refund", "continue"]),
            RuleSpec("urgent", ["keywords: refund"], ["assign: olha"]),
            RuleSpec("late", ["keywords: refund"], ["label: never"]),  # after a match
        ],
    )
    load(store, brand, [raw("Lovely cups", id="1"), raw("Nice", id="2")])
    assert labels(store, 1) == []
    assert edit(store, brand, raw("Broken cup, I want a refund", id="1")) == 1
    comment = q.get_comment(store, 1)
    assert comment.band == "negative" and comment.tier == 0
    assert (labels(store, 1), comment.assignee) == (["refund"], "olha")
    assert {a.actor for a in q.history_of(store, 1)} == {"rule:refund", "rule:urgent"}
    assert labels(store, 2) == []  # not edited: not run again
    # The same text offered again (a platform without edit times) changes nothing.
    assert edit(store, brand, raw("Broken cup, I want a refund", id="1")) == 0


def test_a_persons_triage_stands_through_an_edit(store, brand):
    rules.save_rules(
        store, brand, [RuleSpec("refund", ["keywords: refund"], ["assign: olha", "label: r"])]
    )
    load(store, brand, [raw("Lovely", id="1"), raw("Lovely", id="2"), raw("Fine", id="3")])
    triage.assign(store, [1], "ivan", now=NOW, actor="ivan")
    triage.resolve(store, [2], now=NOW, actor="ivan")
    edit(
        store,
        brand,
        raw("I want a refund", id="1"),
        raw("I want a refund", id="2"),
        raw("I want a refund", id="3"),
    )
    first, second, third = (q.get_comment(store, i) for i in (1, 2, 3))
    assert (first.assignee, labels(store, 1)) == ("ivan", [])  # a person assigned it
    assert (second.status, labels(store, 2)) == ("resolved", [])  # and closed this one
    assert (third.assignee, labels(store, 3)) == ("olha", ["r"])  # nobody had touched it


def test_an_edit_keeps_the_flag_our_reply_and_a_rules_tier(store, brand):
    rules.save_rules(store, brand, [RuleSpec("vip", ["keywords: vip"], ["tier: 1"])])
    load(store, brand, [raw("Nice", id="1"), raw("vip here", id="2")])
    triage.toggle_flag(store, [1], now=NOW, actor="ivan")
    assert q.get_comment(store, 1).tier == 0
    edit(store, brand, raw("Nice, thanks", id="1"), raw("vip here, lovely", id="2"))
    assert q.get_comment(store, 1).tier == 0  # flagged: still first
    assert q.get_comment(store, 2).tier == 1


def test_an_edit_that_turns_spam_is_suspected_unless_cleared(store, brand):
    load(store, brand, [raw("Nice cups", id="1"), raw("Subscribe to my channel", id="2")])
    assert q.get_comment(store, 2).spam_suspect
    triage.not_spam(store, [2], now=NOW, actor="ivan")
    spam_text = "Subscribe to my channel, earn $500 a day: http://x.xyz"
    edit(store, brand, raw(spam_text, id="1"), raw(spam_text, id="2"))
    assert q.get_comment(store, 1).spam_suspect and q.get_comment(store, 1).tier == 3
    cleared = q.get_comment(store, 2)
    assert not cleared.spam_suspect and cleared.tier != 3  # "not spam" holds for good
    edit(store, brand, raw("Nice cups, really", id="1"))
    assert not q.get_comment(store, 1).spam_suspect  # the spam edited away: back in place


def test_a_rule_taken_back_does_not_apply_again_on_an_edit(store, brand):
    """``rule undo`` is a person's decision about the comments it touched: an edit does not
    run the rules on them again (before: the undo was logged as the rule's, so the comment
    still read as untouched and the rule labelled it again)."""
    rules.save_rules(store, brand, [RuleSpec("refund", ["keywords: refund"], ["label: refund"])])
    load(store, brand, [raw("A refund, please", id="1"), raw("A refund too", id="2")])
    assert labels(store, 1) == labels(store, 2) == ["refund"]
    assert rules.undo_rule(store, "refund") is not None
    assert labels(store, 1) == labels(store, 2) == []
    edit(store, brand, raw("A refund, please, now", id="1"))
    assert labels(store, 1) == []  # taken back: it stays taken back
    # A comment the rule never touched still gets it on an edit.
    load(store, brand, [raw("Lovely", id="3")])
    edit(store, brand, raw("Lovely, but a refund", id="3"))
    assert labels(store, 3) == ["refund"]
