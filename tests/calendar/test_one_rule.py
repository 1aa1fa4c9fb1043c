"""Issue 14: each rule is written once and every path keeps it the same way."""

import argparse
from datetime import UTC, datetime

import pytest

from smmdesk.brand.brief import validate
from smmdesk.calendar import goals, recurrence
from smmdesk.calendar.posts import get_post
from smmdesk.cli.calendar import register
from smmdesk.errors import UserError
from smmdesk.store.brands import create_brand, is_slug
from smmdesk.store.brief import BriefError, GoalSpec, load_brief

from .conftest import KYIV

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


# --- the repeat rule: one function for `post add --repeat ...` and the post form ---

NOW = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)  # Fri 12:00 in Kyiv
WHEN = datetime(2026, 3, 23, 8, 0, tzinfo=UTC)  # Mon 10:00 in Kyiv


def rule(repeat, **kw):
    return recurrence.repeat_rule(repeat, WHEN, "Europe/Kyiv", now=NOW, user_zone=KYIV, **kw)


def test_repeat_rule_from_friendly_parts():
    assert rule(None) is None and rule("none") is None
    assert rule("weekly", on="mon, fri", count=4) == "FREQ=WEEKLY;BYDAY=MO,FR;COUNT=4"
    assert rule("weekly", every=2) == "FREQ=WEEKLY;INTERVAL=2"
    # The last day is read like every other day (on a Friday, fri is the next one), inclusive,
    # to the end of that day on the series' wall clock (Kyiv, UTC+2 then).
    assert rule("daily", until="fri") == "FREQ=DAILY;UNTIL=20260327T215959Z"
    assert rule("daily", until="2026-04-02") == "FREQ=DAILY;UNTIL=20260402T205959Z"


def test_repeat_rule_refusals():
    # Days, an end or a count with no repeat were dropped by the form, refused by the CLI.
    for extra in ({"on": "mon"}, {"until": "fri"}, {"count": 3}):
        with pytest.raises(UserError, match="go with a repeat, repeat$"):
            rule("none", **extra)
    with pytest.raises(UserError, match="not a day of the week"):
        rule("weekly", on="mon,funday")
    with pytest.raises(UserError, match="not both"):
        rule("weekly", until="fri", count=3)


def test_cli_and_form_build_the_same_rule(store, brand, monkeypatch):
    monkeypatch.setenv("SMMDESK_NOW", "2026-03-20T10:00:00+00:00")
    monkeypatch.setenv("SMMDESK_TZ", "Europe/Kyiv")
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    argv = ["post", "add", "Tips", "--when", "2026-03-23 10:00", "--goal", "questions",
            "--channel", "Website", "--repeat", "weekly", "--on", "mon,fri", "--until", "2026-04-30"]  # fmt: skip
    args = parser.parse_args(argv)
    args.func(args, store)
    assert get_post(store, 1).rrule == rule("weekly", on="mon,fri", until="2026-04-30")
    args = parser.parse_args([*argv[:9], "--on", "mon"])
    with pytest.raises(UserError, match="go with a repeat, --repeat$"):
        args.func(args, store)


# --- the write API takes ids; the CLI turns names into ids at its edge ---


def test_cli_names_become_ids_with_the_one_line_errors(store, brand, monkeypatch):
    monkeypatch.setenv("SMMDESK_NOW", "2026-03-20T10:00:00+00:00")
    monkeypatch.setenv("SMMDESK_TZ", "Europe/Kyiv")
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))

    def run(*argv):
        args = parser.parse_args(argv)
        return args.func(args, store)

    base = ["post", "add", "Tips", "--when", "2026-03-23 10:00"]
    with pytest.raises(UserError, match=r"^a post needs a goal \(no goal, no post; one of: sales"):
        run(*base, "--channel", "Website")
    with pytest.raises(UserError, match=r"^no goal 'salez' for brand acme \(known: .*\), goal$"):
        run(*base, "--goal", "salez", "--channel", "Website")
    with pytest.raises(
        UserError, match=r"^a post needs a channel \(known: Facebook page, Website\)"
    ):
        run(*base, "--goal", "sales")
    with pytest.raises(UserError, match=r"^no channel 'Radio' for brand acme .*, channel$"):
        run(*base, "--goal", "sales", "--channel", "Radio")
    run(*base, "--goal", "sales", "--channel", "website")  # channel names in any case
    post = get_post(store, 1)
    assert (post.goal, post.channel, post.kind) == ("sales", "Website", "organic")
    run("post", "edit", "1", "--goal", "ad-win-back", "--channel", "Facebook page")
    post = get_post(store, 1)
    assert (post.goal, post.channel, post.kind) == ("ad-win-back", "Facebook page", "ad")
    with pytest.raises(UserError, match=r"^no goal 'nope' for brand acme"):
        run("post", "edit", "1", "--goal", "nope")
