"""The brief in the inbox: the reply tone check and the response targets."""

from smmdesk.brand.save import write_brief
from smmdesk.inbox import queue
from smmdesk.inbox.priority import DEFAULT_TARGETS_MIN, targets_for
from smmdesk.inbox.replies import never_used, tone_of
from smmdesk.store.brands import create_brand
from smmdesk.store.brief import load_brief
from tests.conftest import NOW
from tests.inbox.helpers import load, raw


def test_never_use_words_are_flagged_as_whole_words():
    tone = tone_of("Our cheap plan is great! — Acme", never_words=["cheap", "unfortunately"])
    assert tone.warning == "never-use words: cheap"
    assert never_used("Cheapest ever", ["cheap"]) == []
    assert never_used("Sorry, UNFORTUNATELY it's late", ["cheap", "unfortunately"]) == [
        "unfortunately"
    ]
    assert never_used("no worries at all", ["no worries"]) == ["no worries"]


def test_missing_sign_off_is_flagged():
    assert (
        "missing sign-off '— Acme team'" in tone_of("Thanks a lot!", sign_off="— Acme team").warning
    )
    assert tone_of("Thanks a lot! — Acme team", sign_off="— Acme team").warning is None
    assert tone_of("Thanks a lot!", sign_off="  ").warning is None


def test_negative_and_policy_problems_are_all_listed():
    warning = tone_of("This is terrible and cheap", never_words=["cheap"], sign_off="Acme").warning
    assert warning.startswith("reads negative")
    assert "never-use words: cheap" in warning and "missing sign-off" in warning


def test_without_a_brief_the_tone_check_is_as_before():
    assert tone_of("Thank you so much!").warning is None


def test_brief_response_targets_override_settings_for_its_brand_only(store, brand):
    store.set_setting("target.negative", "90")
    other = create_brand(store, "Other")
    brief = load_brief(store, brand)
    brief.response_targets = {"negative": 15}
    write_brief(store, brand, brief)
    assert targets_for(store) == {**DEFAULT_TARGETS_MIN, "negative": 90}
    assert targets_for(store, brand.id) == {**DEFAULT_TARGETS_MIN, "negative": 15}
    assert targets_for(store, other.id) == {**DEFAULT_TARGETS_MIN, "negative": 90}


def test_the_queue_ranks_with_the_brands_targets(store, brand):
    other = create_brand(store, "Other")
    brief = load_brief(store, brand)
    brief.response_targets = {"neutral": 10}
    write_brief(store, brand, brief)
    load(store, brand, [raw("The shop opens at nine.", id="a", minutes_ago=30)])
    load(store, other, [raw("The shop opens at nine.", id="b", minutes_ago=30)], name="other.json")
    items = queue.page(store, queue.QueueFilter(), now=NOW)
    by_id = {item.brand: item for item in items}
    # 30 minutes old: past the brief's 10-minute target, well inside the default day
    assert by_id["Acme"].overdue_hours > 0 > by_id["Other"].overdue_hours
    assert items[0].brand == "Acme"
    lines = queue.explain_comment(store, items[0].id, now=NOW)
    assert any(
        "response target (neutral): 10 min after posting, overdue by 20 min" in line
        for line in lines
    )


def test_an_invisible_character_hides_no_never_use_word():
    assert never_used("Це деш\u200bево і швидко", ["дешев*"]) == ["дешев*"]
    assert never_used("che\u00adap!", ["cheap"]) == ["cheap"]


def test_never_use_words_match_whether_yo_is_written_or_not():
    # Russian writes ё as е as often as not: the stem finds either spelling.
    assert never_used("Это дешёвый товар", ["дешев*"]) == ["дешев*"]
    assert never_used("Это дешевый товар", ["дешёв*"]) == ["дешёв*"]
    assert never_used("ЁЛКА", ["елка"]) == ["елка"]
