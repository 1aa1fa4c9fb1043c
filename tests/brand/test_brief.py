"""The brand brief: storage, validation, TOML round trip and bad TOML."""

import pytest

from smmdesk.brand.brief_toml import from_toml, to_markdown, to_toml
from smmdesk.brand.save import write_brief
from smmdesk.errors import UserError
from smmdesk.store import posts as store_posts
from smmdesk.store.brief import (
    Audience,
    BriefError,
    ChannelSpec,
    Competitor,
    load_brief,
    response_targets,
)


def full_brief(store, brand):
    brief = load_brief(store, brand)
    brief.value_proposition = 'Coffee roasted "this week", delivered\nin two days'
    brief.tone = "playful"
    brief.address = "ти, informal"
    brief.never_words = ["cheap", "  Unfortunately ", "cheap"]
    brief.preferred_words = ["fresh"]
    brief.sign_off = "— Acme team"
    brief.response_targets = {"negative": 30, "question": 120}
    brief.audiences = [
        Audience("Office managers", "25-40", "reliable supply", "Facebook, LinkedIn")
    ]
    brief.competitors = [Competitor("BeanCo", "price", "slow [bold]support", "Instagram")]
    brief.channels.append(ChannelSpec("Website", "web", "website"))
    return brief


def test_new_brand_has_defaults_and_its_goals_and_channels(store, brand):
    brief = load_brief(store, brand)
    assert brief.tone == "friendly" and brief.never_words == [] and brief.response_targets == {}
    assert [c.name for c in brief.channels] == ["Instagram page"]
    assert [g.slug for g in brief.goals][:3] == ["sales", "questions", "recognition"]


def test_save_and_load_round_trip(store, brand):
    saved = write_brief(store, brand, full_brief(store, brand))
    assert saved.never_words == ["cheap", "Unfortunately"]
    again = load_brief(store, brand)
    assert again == saved
    assert response_targets(store, brand.id) == {"negative": 30, "question": 120}
    # the brief's channels are the post form's channels
    assert [c.name for c in store_posts.list_channels(store, brand.id)] == [
        "Instagram page",
        "Website",
    ]


def test_goal_targets_in_the_brief_are_the_goals_table(store, brand):
    brief = load_brief(store, brand)
    for goal in brief.goals:
        goal.target_share = {"sales": 0.5, "questions": 0.2, "recognition": 0.3}.get(goal.slug, 0.0)
    write_brief(store, brand, brief)
    assert store_posts.find_goal(store, brand.id, "sales").target_share == 0.5


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda b: setattr(b, "tone", "rude"), "policy.tone"),
        (lambda b: setattr(b, "response_targets", {"angry": 10}), "policy.response_targets.angry"),
        (
            lambda b: setattr(b, "response_targets", {"negative": 0}),
            "policy.response_targets.negative",
        ),
        (lambda b: b.audiences.append(Audience(" ")), "audiences[2].name"),
        (lambda b: setattr(b, "goals", [*b.goals[:1], *b.goals]), "goals[2].slug"),
        (lambda b: setattr(b.goals[0], "target_share", 0.9), "goals"),
        (lambda b: setattr(b, "preferred_words", ["cheap"]), "policy.preferred_words"),
    ],
)
def test_bad_briefs_are_refused_and_nothing_changes(store, brand, change, field):
    write_brief(store, brand, full_brief(store, brand))
    before = load_brief(store, brand)
    bad = load_brief(store, brand)
    change(bad)
    with pytest.raises(BriefError) as caught:
        write_brief(store, brand, bad)
    assert field in str(caught.value)
    assert load_brief(store, brand) == before


def test_a_channel_with_posts_cannot_be_dropped(store, brand):
    channel = store_posts.list_channels(store, brand.id)[0]
    goal = store_posts.find_goal(store, brand.id, "sales")
    store_posts.insert_post(
        store,
        {
            "brand_id": brand.id,
            "title": "Hi",
            "channel_id": channel.id,
            "scheduled_at": "2026-12-01T10:00:00+00:00",
            "goal_id": goal.id,
        },
        at="2026-11-28T10:00:00+00:00",
    )
    brief = load_brief(store, brand)
    brief.channels = []
    with pytest.raises(UserError, match="has 1 posts"):
        write_brief(store, brand, brief)
    assert [c.name for c in store_posts.list_channels(store, brand.id)] == ["Instagram page"]


def test_toml_round_trip_keeps_everything(store, brand):
    saved = write_brief(store, brand, full_brief(store, brand))
    text = to_toml(saved, brand="acme")
    assert from_toml(text) == saved


def test_toml_round_trip_of_hostile_text(store, brand):
    brief = full_brief(store, brand)
    brief.value_proposition = "tab\there \x1b[31m esc \\ back \"q\" ''' \x7f [bold]x[/]"
    brief.sign_off = "line\r\nbreak"
    assert from_toml(to_toml(brief)).value_proposition == brief.value_proposition
    assert from_toml(to_toml(brief)).sign_off == brief.sign_off


def test_bad_toml_names_the_line():
    text = 'value_proposition = "x"\n[policy]\ntone = "friendly\n'
    with pytest.raises(UserError, match=r"brief\.toml:line 3"):
        from_toml(text)


@pytest.mark.parametrize(
    "text, line, what",
    [
        (
            'value_proposition = "x"\n\n[policy]\naddress = "you"\ntone = "rude"\n',
            5,
            "tone must be",
        ),
        (
            '[policy]\ntone = "formal"\n\n[policy.response_targets]\nnegative = 30\nangry = 5\n',
            6,
            "angry",
        ),
        ('[[audiences]]\nname = "A"\n\n[[audiences]]\nwho = "x"\n', 4, "needs a name"),
        (
            '[[goals]]\nslug = "sales"\nname = "Sales"\ntarget_share = "30%"\n',
            4,
            "number from 0 to 1",
        ),
        ('colour = "red"\n', 1, "unknown key"),
        ('[policy]\nnever_words = "cheap"\n', 2, "list of words"),
        ('[[competitors]]\nname = "B"\nprice = 3\n', 3, "unknown key 'price'"),
    ],
)
def test_bad_values_name_their_line(text, line, what):
    with pytest.raises(UserError) as caught:
        from_toml(text)
    message = str(caught.value)
    assert what in message and message.endswith(f"brief.toml:line {line}")


def test_response_targets_are_read_one_way_from_the_form_and_from_toml():
    from smmdesk.brand.brief import parse_response_targets
    from smmdesk.brand.brief_toml import from_toml
    from smmdesk.store.brief import BriefError

    in_order = {"negative": 30, "question": 120, "unscored": 240, "neutral": 1440}
    assert parse_response_targets("30, 120, 240, 1440") == in_order
    assert parse_response_targets("30,120,240,1440 min") == in_order
    assert parse_response_targets("negative=30, question = 120") == {
        "negative": 30,
        "question": 120,
    }
    assert parse_response_targets("  ") == {}
    assert parse_response_targets({"negative": 30}) == {"negative": 30}
    for bad in ("negative=30, 120", "1, 2, 3, 4, 5, 6", "soon", "negative=soon"):
        with pytest.raises(BriefError):
            parse_response_targets(bad)
    assert (
        from_toml('[policy]\nresponse_targets = "30, 120, 240, 1440"\n').response_targets
        == in_order
    )
    assert from_toml("[policy.response_targets]\nnegative = 30\n").response_targets == {
        "negative": 30
    }


RULES_TOML = """
[policy]
tone = "friendly"

[[rules]]
name = "refunds"
if = ["keywords: refund, поверн*"]
then = ["label: refund", "continue"]

[[rules]]
name = "links"
if = ["has: link", "regex: (a+)+$"]
then = ["status: spam"]
"""


def test_rules_in_the_brief_round_trip(store, brand):
    from smmdesk.store.rules import RuleSpec

    text = RULES_TOML.replace(', "regex: (a+)+$"', "")
    saved = write_brief(store, brand, from_toml(text))
    assert saved.rules == [
        RuleSpec("refunds", ["keywords: refund, поверн*"], ["label: refund", "continue"]),
        RuleSpec("links", ["has: link"], ["status: spam"]),
    ]
    assert from_toml(to_toml(saved)).rules == saved.rules
    assert "2. links: if has: link then status: spam" in to_markdown(saved)


def test_a_bad_rule_names_itself_and_its_line(store, brand):
    with pytest.raises(UserError) as caught:
        from_toml(RULES_TOML, source="b.toml")
    message = str(caught.value)
    assert "rule links" in message and "can take seconds" in message
    assert message.endswith("b.toml:line 12")  # its `if`
