"""Issue 14: each rule is written once and every path keeps it the same way."""

import pytest

from smmdesk.brand.brief import validate
from smmdesk.calendar import goals
from smmdesk.errors import UserError
from smmdesk.store.brands import create_brand, is_slug
from smmdesk.store.brief import BriefError, GoalSpec, load_brief

GOOD = ["sales", "ad-win-back", "q_2", "0", "a" * 40]
BAD = ["", "Sales", "-sales", "_x", "a" * 41, "sales\n", "sales ", "sa les", "ü", "sales\r\n"]


@pytest.mark.parametrize("slug", GOOD)
def test_a_slug_is_lowercase_letters_digits_dash_underscore(slug):
    assert is_slug(slug)


@pytest.mark.parametrize("slug", BAD)
def test_not_a_slug(slug):
    assert not is_slug(slug)


def test_a_trailing_newline_is_no_goal_slug_in_goals_and_briefs(store, brand):
    # Each copy of the pattern ended in ``$``, which lets a trailing newline through
    # (a brand's slug is trimmed first, so only goals could be stored with one).
    assert create_brand(store, "Newline", slug=" newline\n").slug == "newline"
    with pytest.raises(UserError, match="goal slug"):
        goals.add_goal(store, brand, "leads\n", "Leads")
    brief = load_brief(store, brand)
    brief.goals.append(GoalSpec("leads\n", "Leads"))
    with pytest.raises(BriefError, match="goal slug"):
        validate(brief)


def test_shares_over_full_is_one_rule():
    spec = [GoalSpec("a", "A", "organic", target_share=0.6), GoalSpec("b", "B", "ad", 0.9)]
    assert goals.shares_over_full(spec) is None
    spec.append(GoalSpec("c", "C", "organic", target_share=0.5))
    assert goals.shares_over_full(spec) == ("organic", pytest.approx(1.1))
    # Rounding of typed percentages (33.33 % three times) is not over.
    thirds = [GoalSpec(s, s, "organic", target_share=0.3333) for s in "xyz"]
    assert goals.shares_over_full(thirds) is None


def test_brief_and_goal_targets_refuse_the_same_total(store, brand):
    # Defaults: sales 30 %, questions 40 %, recognition 30 % of organic posts.
    with pytest.raises(UserError, match="over 100 %"):
        goals.edit_goal(store, brand, "sales", target_share=0.31)
    brief = load_brief(store, brand)
    next(g for g in brief.goals if g.slug == "sales").target_share = 0.31
    with pytest.raises(BriefError, match="over 100 %"):
        validate(brief)
    goals.edit_goal(store, brand, "sales", target_share=0.3)  # exactly full is fine
