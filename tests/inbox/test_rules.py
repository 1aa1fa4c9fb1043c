"""Moderation rules: each condition and action, order and continue, undo, bad rules refused."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smmdesk.errors import UserError
from smmdesk.inbox import lexicon, rules, triage
from smmdesk.inbox.rules import RuleSpec
from smmdesk.store import comments as q
from smmdesk.store.rules import RuleTarget
from tests.conftest import NOW
from tests.inbox.helpers import load, raw


def rule(name, when, then):
    return RuleSpec(name, list(when), list(then))


def matches(store, brand, *conditions, texts=None, records=None):
    """Which of the comments (1..n) a rule with these conditions matches."""
    records = records or [raw(t, id=str(i)) for i, t in enumerate(texts, 1)]
    load(store, brand, records)
    rules.add_rule(store, brand, rule("probe", conditions, ["label: hit"]))
    found = rules.dry_run(store, brand, "probe", examples=100)
    return sorted(int(c.external_id) for c in found.examples)


TEXTS = [
    "Коли ви ПОВЕРНЕТЕ гроші?",  # 1
    "I want a refund today",  # 2
    "refunds are slow",  # 3: "refund" is a whole word, not a prefix
    "great stuff, thanks",  # 4
]


@pytest.mark.parametrize(
    "condition, expected",
    [
        ("keywords: поверн*, refund", [1, 2]),
        ("keywords any: refund*", [2, 3]),
        ("keywords all: refund, today", [2]),
        ("keywords: ВЕРНЕТЕ", []),
        ("keywords: want a refund", [2]),
        ("regex: slow$", [3]),
        ("regex: гро[шс]", [1]),
        ("question", [1]),
        ("question: no", [2, 3, 4]),
        ("words: ..3", [3, 4]),
        ("words: >=4", [1, 2]),
        ("band: positive", [2, 4]),
        ("band: negative, neutral", [1, 3]),
        ("compound: 0.5..1", [4]),
        ("language: uk", [1]),
    ],
)
def test_text_conditions(store, brand, condition, expected):
    assert matches(store, brand, condition, texts=TEXTS) == expected


def test_features_platform_and_author(store, brand):
    records = [
        raw("cheap pills at pills-shop.com", id="1", platform="telegram", author="@Spammer"),
        raw("mail me olha@mail.com", id="2"),
        raw("call +380 67 123 45 67", id="3"),
        raw("🔥🔥", id="4"),
        raw("@olha @ivan", id="5", platform="telegram"),
    ]
    assert matches(store, brand, "has: link", records=records) == [1]
    assert rules.dry_run(store, brand, "probe").matched == 1
    for condition, expected in [
        ("has: email, phone", [2, 3]),
        ("emoji-only", [4]),
        ("mentions-only", [5]),
        ("platform: telegram", [1, 5]),
        ("author: spammer", [1]),
    ]:
        rules.save_rules(store, brand, [rule("probe", [condition], ["flag"])])
        found = rules.dry_run(store, brand, "probe")
        assert sorted(int(c.external_id) for c in found.examples) == expected, condition


def test_every_condition_holds(store, brand):
    records = [raw("refund now", id="1", platform="telegram"), raw("refund now", id="2")]
    assert matches(store, brand, "keywords: refund", "platform: telegram", records=records) == [1]


def test_post_and_goal(store, brand):
    load(store, brand, [raw("hello", id="1"), raw("hello", id="2")])
    goal_id, slug = store.conn.execute("SELECT id, slug FROM goals ORDER BY id").fetchone()
    channel = store.conn.execute("SELECT id FROM channels").fetchone()[0]
    post = store.conn.execute(
        "INSERT INTO posts (brand_id, title, channel_id, scheduled_at, goal_id, created_at, "
        "updated_at) VALUES (?, 't', ?, ?, ?, ?, ?)",
        (brand.id, channel, NOW.isoformat(), goal_id, NOW.isoformat(), NOW.isoformat()),
    ).lastrowid
    store.conn.execute("UPDATE comments SET post_id = ? WHERE external_id = '1'", (post,))
    rules.add_rule(store, brand, rule("bypost", [f"post: {post}"], ["flag"]))
    rules.add_rule(store, brand, rule("bygoal", [f"goal: {slug.upper()}"], ["flag"]))
    for name in ("bypost", "bygoal"):
        assert [c.external_id for c in rules.dry_run(store, brand, name).examples] == ["1"]


def labels(store, cid):
    return q.labels_of(store, cid)


def test_actions_through_triage_as_the_rule(store, brand):
    thanks = q.add_template(store, "thanks", "Thank you, {author}!")
    rules.save_rules(
        store,
        brand,
        [
            rule(
                "refunds",
                ["keywords: refund"],
                ["label: refund, money", "assign: olha", "flag", "tier: 1", "suggest: thanks"],
            )
        ],
    )
    load(store, brand, [raw("I want a refund", id="1"), raw("nice", id="2")])
    first = q.get_comment(store, 1)
    assert labels(store, 1) == ["money", "refund"]
    assert (first.assignee, first.flagged, first.tier, first.pinned_tier) == ("olha", True, 1, 1)
    assert rules.suggested_template(store, 1) == thanks
    assert rules.suggested_template(store, 2) is None
    actors = {a.actor for a in q.history_of(store, 1)}
    assert actors == {"rule:refunds"}
    assert len({a.batch for a in q.history_of(store, 1)}) == 1  # one run, one batch
    # The rule's tier sticks through rescoring (and any writer of tier: the trigger).
    lexicon.add_word(store, brand, "refund", -3)
    assert q.get_comment(store, 1).tier == 1
    from smmdesk.inbox.queue import explain_comment

    assert "tier 1 (moved there by a rule)" in explain_comment(store, 1, now=NOW)


@pytest.mark.parametrize("status", ["spam", "resolved", "ignored"])
def test_status(store, brand, status):
    rules.save_rules(
        store, brand, [rule("s", ["keywords: buy"], ["label: x", f"status: {status}"])]
    )
    load(store, brand, [raw("buy now", id="1")])
    assert q.get_comment(store, 1).status == status
    assert labels(store, 1) == ["x"]


def test_first_match_applies_unless_continue(store, brand):
    rules.save_rules(
        store,
        brand,
        [
            rule("one", ["keywords: refund"], ["label: one", "continue"]),
            rule("two", ["keywords: refund"], ["label: two"]),
            rule("three", ["keywords: refund"], ["label: three"]),
        ],
    )
    load(store, brand, [raw("refund", id="1")])
    assert labels(store, 1) == ["one", "two"]
    rules.move_rule(store, brand, "three", 1)
    assert [r.name for r in rules.list_rules(store, brand)] == ["three", "one", "two"]
    load(store, brand, [raw("refund", id="2")])
    assert labels(store, 2) == ["three"]


def test_the_first_status_stands(store, brand):
    rules.save_rules(
        store,
        brand,
        [
            rule("spam", ["has: link"], ["status: spam", "continue"]),
            rule("done", ["keywords: buy"], ["status: resolved", "label: seen"]),
        ],
    )
    load(store, brand, [raw("buy at pills.com", id="1"), raw("buy more", id="2")])
    assert [q.get_comment(store, i).status for i in (1, 2)] == ["spam", "resolved"]
    assert labels(store, 1) == ["seen"]  # the later rule's other actions still land
    rules.undo_rule(store, "spam")
    assert q.get_comment(store, 1).status == "open"


def test_apply_runs_on_open_comments_once(store, brand):
    load(store, brand, [raw("refund", id="1"), raw("refund", id="2")])
    triage.resolve(store, [2], now=NOW)
    rules.add_rule(store, brand, rule("r", ["keywords: refund"], ["label: r"]))
    assert rules.apply_rules(store, brand, now=NOW).changed == 1
    assert labels(store, 1) == ["r"] and labels(store, 2) == []
    assert rules.apply_rules(store, brand, now=NOW).changed == 0  # nothing left to change


def test_undo_of_a_rule_takes_back_its_run(store, brand):
    load(store, brand, [raw("refund", id="1"), raw("refund", id="2")])
    rules.add_rule(store, brand, rule("r", ["keywords: refund"], ["label: r", "status: resolved"]))
    rules.apply_rules(store, brand, now=NOW)
    assert triage.undo(store, now=NOW) is None  # a person's undo is a person's
    outcome = rules.undo_rule(store, "r")
    assert sorted(set(outcome.done)) == [1, 2]
    for cid in (1, 2):
        assert (q.get_comment(store, cid).status, labels(store, cid)) == ("open", [])


def test_auto_reply_needs_an_account_and_is_once_a_day(store, brand):
    from smmdesk.store.accounts import add_account

    q.add_template(store, "hi", "Hi {author}, we answer in DMs")
    rules.add_rule(store, brand, rule("auto", ["question"], ["auto-reply: hi"]))
    load(store, brand, [raw("price?", id="f1", author="Ann")])
    assert q.replies_of(store, 1) == []  # from a file: no account can post it
    account = add_account(
        store,
        brand_id=brand.id,
        platform="telegram",
        name="bot",
        api_base=None,
        options={},
        secret_ref="x",
        at=NOW.isoformat(),
    ).id
    records = [
        raw("price?", id="c/1", author="Bo", platform="telegram"),
        raw("and delivery?", id="c/2", author="Bo", platform="telegram"),
        raw("colour?", id="c/3", author="Cy", platform="telegram"),
    ]
    from smmdesk.inbox.importer import ImportSummary, import_records

    import_records(
        store, iter(records), brand, ImportSummary("s", "telegram"), now=NOW, account_id=account
    )
    sent = store.conn.execute(
        "SELECT c.author, r.text, r.state, r.actor FROM replies r JOIN comments c "
        "ON c.id = r.comment_id ORDER BY r.id"
    ).fetchall()
    assert [tuple(r) for r in sent] == [
        ("Bo", "Hi Bo, we answer in DMs", "queued", "rule:auto"),
        ("Cy", "Hi Cy, we answer in DMs", "queued", "rule:auto"),
    ]


def test_rules_are_stored_as_written(store, brand):
    rules.add_rule(store, brand, rule("a", [" keywords: x "], ["flag"]))
    row = store.conn.execute("SELECT conditions, actions FROM rules").fetchone()
    assert json.loads(row[0]) == ["keywords: x"] and json.loads(row[1]) == ["flag"]


@pytest.mark.parametrize(
    "when, then, says",
    [
        (["colour: red"], ["flag"], "unknown condition 'colour'"),
        (["regex: (a+)+$"], ["flag"], "can take seconds"),
        (["regex: ([a-z"], ["flag"], "bad regular expression"),
        (["regex: a.*b.*c"], ["flag"], "more than one open-ended repeat"),
        (["keywords: a*"], ["flag"], "a stem needs at least"),
        (["band: awful"], ["flag"], "band is one of"),
        (["words: 5..2"], ["flag"], "write a range"),
        (["question"], ["shout"], "unknown action 'shout'"),
        (["question"], ["status: open"], "status: spam, resolved, ignored"),
        (["question"], ["tier: 7"], "tier: one of 0, 1, 2"),
        (["question"], ["continue"], "at least one action"),
        ([], ["flag"], "at least one condition"),
        (["question"], ["suggest: nope"], "no saved reply named 'nope'"),
    ],
)
def test_bad_rules_are_refused_in_one_line(store, brand, when, then, says):
    with pytest.raises(UserError) as caught:
        rules.add_rule(store, brand, rule("bad", when, then))
    assert says in str(caught.value) and "rule bad" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert rules.list_rules(store, brand) == []


def test_names(store, brand):
    with pytest.raises(UserError, match="rule's name"):
        rules.add_rule(store, brand, rule("Bad Name", ["question"], ["flag"]))
    rules.add_rule(store, brand, rule("a", ["question"], ["flag"]))
    with pytest.raises(UserError, match="has a rule 'a' already"):
        rules.add_rule(store, brand, rule("a", ["question"], ["flag"]))
    with pytest.raises(UserError, match="no rule 'b'"):
        rules.remove_rule(store, brand, "b")
    with pytest.raises(UserError, match="position is from 1 to 1"):
        rules.move_rule(store, brand, "a", 3)
    assert rules.remove_rule(store, brand, "a") == []


@given(st.text(max_size=80), st.text(max_size=80))
@settings(max_examples=200, deadline=None)
def test_any_text_is_a_rule_or_one_line(when, then):
    try:
        rule = rules.compile_rule(RuleSpec("any", [when], [then]))
    except UserError as exc:
        assert "\n" not in str(exc).replace(when, "").replace(then, "")
        return
    comment = RuleTarget(
        1,
        "x",
        when,
        "uk",
        "neutral",
        0.0,
        True,
        "telegram",
        "@a",
        None,
        False,
        None,
        "open",
        None,
        2,
        None,
        None,
        None,
        None,
    )
    assert rule.matches(rules.facts_of(comment, {})) in (True, False)
