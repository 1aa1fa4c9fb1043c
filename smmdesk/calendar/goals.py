"""A brand's goals: the method's defaults (seeded with the brand), editable per brand."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from smmdesk.calendar.posts import KINDS
from smmdesk.errors import UserError
from smmdesk.store import posts as store_posts
from smmdesk.store.brands import Brand, is_slug
from smmdesk.store.db import Store
from smmdesk.store.posts import Goal

HEX_COLOUR_RE = re.compile(r"^#(?:[0-9a-f]{3}|[0-9a-f]{6})$")
DEFAULT_COLOUR = "white"


def colour_problem(colour: str) -> str | None:
    """Why ``colour`` cannot be a goal's colour, or ``None``: a terminal colour name
    (``green``, ``dodger_blue1``: the 256 names Rich knows) or ``#rgb`` / ``#rrggbb``."""
    from rich.color import ANSI_COLOR_NAMES  # a table of names; no terminal involved

    cleaned = colour.strip().lower()
    if cleaned in ANSI_COLOR_NAMES or HEX_COLOUR_RE.match(cleaned):
        return None
    shown = colour if len(colour) <= 40 else colour[:40] + "…"
    return f"goal colour must be a colour name (green, dodger_blue1...) or #rrggbb, not {shown!r}"


def check_colour(colour: str | None) -> str:
    """``colour`` as stored (trimmed, lower case; empty is the default) or a UserError."""
    cleaned = (colour or "").strip().lower() or DEFAULT_COLOUR
    problem = colour_problem(cleaned)
    if problem:
        raise UserError(f"{problem}, colour")
    return cleaned


# 100 %, with room for the rounding of typed percentages (33.33 % three times).
FULL = 1.0001


class _Targeted(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def target_share(self) -> float: ...


def shares_over_full(goals: Iterable[_Targeted]) -> tuple[str, float] | None:
    """The first kind whose goals' target shares add up to over 100 %, with that total.

    The one rule for a brief (``brand.brief.validate``) and a goal's target
    (``edit_goal``, ``add_goal``): the shares of one kind split that kind's posts.
    """
    listed = list(goals)
    for kind in KINDS:
        total = sum(g.target_share for g in listed if g.kind == kind)
        if total > FULL:
            return kind, total
    return None


def list_goals(store: Store, brand: Brand) -> list[Goal]:
    return store_posts.list_goals(store, brand.id)


def parse_share(text: str) -> float:
    """``30%``, ``30`` or ``0.3`` → 0.3."""
    cleaned = text.strip().rstrip("%").strip()
    try:
        value = float(cleaned)
    except ValueError:
        raise UserError(f"target share must be a percentage like 30%, {text!r}") from None
    if text.strip().endswith("%") or value > 1:
        value /= 100
    if not 0 <= value <= 1:
        raise UserError(f"target share must be between 0 and 100 %, {text!r}")
    return round(value, 4)


def _check_total(store: Store, brand: Brand, kind: str, changed: Goal) -> None:
    others = [
        g for g in store_posts.list_goals(store, brand.id) if g.kind == kind and g.id != changed.id
    ]
    over = shares_over_full([*others, changed])
    if over is not None:
        raise UserError(
            f"targets of {kind} goals would add up to {over[1]:.0%}, over 100 %, target"
        )


def edit_goal(
    store: Store,
    brand: Brand,
    slug: str,
    *,
    name: str | None = None,
    colour: str | None = None,
    target_share: float | None = None,
) -> Goal:
    goal = store_posts.find_goal(store, brand.id, slug)
    if goal is None:
        known = ", ".join(g.slug for g in store_posts.list_goals(store, brand.id))
        raise UserError(f"no goal {slug!r} for brand {brand.slug} (known: {known}), goal")
    values: dict[str, object] = {}
    if name is not None:
        if not name.strip():
            raise UserError("a goal needs a name, name")
        values["name"] = name.strip()
    if colour is not None:
        values["colour"] = check_colour(colour)
    if target_share is not None:
        if not 0 <= target_share <= 1:
            raise UserError(f"target share must be between 0 and 100 %, {target_share}")
        _check_total(store, brand, goal.kind, _with_share(goal, target_share))
        values["target_share"] = target_share
    store_posts.update_goal(store, goal.id, values)
    updated = store_posts.get_goal(store, goal.id)
    assert updated is not None
    return updated


def add_goal(
    store: Store,
    brand: Brand,
    slug: str,
    name: str,
    *,
    kind: str = "organic",
    colour: str = "white",
    target_share: float = 0.0,
) -> Goal:
    if not is_slug(slug):
        raise UserError(f"goal slug must be lowercase letters, digits, - or _, {slug!r}")
    if kind not in KINDS:
        raise UserError(f"goal kind must be organic or ad, {kind!r}")
    if store_posts.find_goal(store, brand.id, slug):
        raise UserError(f"brand {brand.slug} already has a goal {slug!r}, goal")
    if not name.strip():
        raise UserError("a goal needs a name, name")
    colour = check_colour(colour)
    draft = Goal(0, brand.id, slug, name.strip(), kind, colour, target_share)
    _check_total(store, brand, kind, draft)
    return store_posts.insert_goal(store, brand.id, slug, name.strip(), kind, colour, target_share)


def _with_share(goal: Goal, share: float) -> Goal:
    return Goal(goal.id, goal.brand_id, goal.slug, goal.name, goal.kind, goal.colour, share)
