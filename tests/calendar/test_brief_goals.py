"""The brief's goal targets are the goal mix's targets; its channels are the post form's."""

from datetime import UTC

from smmdesk.brand.save import write_brief
from smmdesk.calendar.checks import goal_mix
from smmdesk.calendar.goals import list_goals
from smmdesk.store import posts as store_posts
from smmdesk.store.brief import ChannelSpec, load_brief


def test_goal_mix_uses_the_briefs_targets(store, brand):
    brief = load_brief(store, brand)
    shares = {"sales": 0.6, "questions": 0.2, "recognition": 0.2}
    for goal in brief.goals:
        goal.target_share = shares.get(goal.slug, 0.0)
    brief.channels.append(ChannelSpec("Newsletter", "email", "newsletter"))
    write_brief(store, brand, brief)
    goals = list_goals(store, brand)
    assert {g.slug: g.target_share for g in goals if g.kind == "organic"} == shares
    assert goal_mix([], goals, UTC) == []  # no posts yet: no periods, targets ready
    # the post form offers exactly the brief's channels (the same table)
    offered = {c.name for c in store_posts.list_channels(store, brand.id)}
    assert (
        offered == {c.name for c in load_brief(store, brand).channels} and "Newsletter" in offered
    )
