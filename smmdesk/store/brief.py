"""A brand's brief as the store keeps it: value proposition, audiences,
competitors, channels, goals and the communication policy (tone, address,
never/preferred words, sign-off, response targets per band).

What a brief may hold is checked in ``smmdesk.brand.brief``; saving one goes
through ``smmdesk.brand.save``.

Channels and goals are the same tables the calendar uses: the brief's lists
*are* the post form's choices and the goal mix's targets.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from smmdesk.errors import UserError
from smmdesk.store.brands import Brand, set_handles
from smmdesk.store.db import Store
from smmdesk.store.rules import RuleSpec, list_rules, replace_rules
from smmdesk.timeutil import to_iso, utc_now

# The inbox's response-target keys (inbox.priority.DEFAULT_TARGETS_MIN), in minutes.
# Where a value sits in a brief: ``("audiences", 1, "name")``.
FieldPath = tuple[str | int, ...]

TARGET_BANDS = ("negative", "question", "unscored", "neutral", "positive")


class BriefError(UserError):
    """A bad value in a brief; ``path`` names the field, e.g. ``("audiences", 1, "name")``."""

    def __init__(self, what: str, path: tuple[str | int, ...] = ()):
        super().__init__(what, where=field_name(path) or "brief")
        self.path = path

    def __reduce__(self) -> tuple[type[BriefError], tuple[str, tuple[str | int, ...]]]:
        return type(self), (self.what, self.path)


def field_name(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass
class Audience:
    name: str
    who: str = ""
    needs: str = ""
    where_they_are: str = ""


@dataclass
class Competitor:
    name: str
    strengths: str = ""
    weaknesses: str = ""
    channels: str = ""


@dataclass
class ChannelSpec:
    name: str
    platform: str = ""
    kind: str = "page"


@dataclass
class GoalSpec:
    slug: str
    name: str
    kind: str = "organic"
    colour: str = "white"
    target_share: float = 0.0


@dataclass
class Brief:
    value_proposition: str = ""
    tone: str = "friendly"
    address: str = ""
    never_words: list[str] = field(default_factory=list)
    preferred_words: list[str] = field(default_factory=list)
    sign_off: str = ""
    response_targets: dict[str, int] = field(default_factory=dict)
    audiences: list[Audience] = field(default_factory=list)
    competitors: list[Competitor] = field(default_factory=list)
    channels: list[ChannelSpec] = field(default_factory=list)
    goals: list[GoalSpec] = field(default_factory=list)
    # The brand's own account names (``brands.handles``); None: leave them as they are.
    handles: list[str] | None = None
    # The moderation rules, in order (``inbox.rules``); None: leave them as they are.
    rules: list[RuleSpec] | None = None


# --- storage ---


def load_brief(store: Store, brand: Brand) -> Brief:
    conn = store.conn
    row = conn.execute("SELECT * FROM briefs WHERE brand_id = ?", (brand.id,)).fetchone()
    brief = Brief()
    if row is not None:
        brief = Brief(
            value_proposition=row["value_proposition"],
            tone=row["tone"],
            address=row["address"],
            never_words=json.loads(row["never_words"]),
            preferred_words=json.loads(row["preferred_words"]),
            sign_off=row["sign_off"],
            response_targets=json.loads(row["response_targets"]),
        )
    brief.audiences = [
        Audience(r["name"], r["who"], r["needs"], r["where_they_are"])
        for r in conn.execute("SELECT * FROM audiences WHERE brand_id = ? ORDER BY id", (brand.id,))
    ]
    brief.competitors = [
        Competitor(r["name"], r["strengths"], r["weaknesses"], r["channels"])
        for r in conn.execute(
            "SELECT * FROM competitors WHERE brand_id = ? ORDER BY id", (brand.id,)
        )
    ]
    brief.channels = [
        ChannelSpec(r["name"], r["platform"], r["kind"])
        for r in conn.execute("SELECT * FROM channels WHERE brand_id = ? ORDER BY id", (brand.id,))
    ]
    brief.goals = [
        GoalSpec(r["slug"], r["name"], r["kind"], r["colour"], r["target_share"])
        for r in conn.execute("SELECT * FROM goals WHERE brand_id = ? ORDER BY id", (brand.id,))
    ]
    handles = conn.execute("SELECT handles FROM brands WHERE id = ?", (brand.id,)).fetchone()
    brief.handles = [h.strip() for h in (handles[0] if handles else "").split(",") if h.strip()]
    brief.rules = list_rules(store, brand.id)
    return brief


def response_targets(store: Store, brand_id: int) -> dict[str, int]:
    """The brand's response targets in minutes (only the bands its brief sets)."""
    row = store.conn.execute(
        "SELECT response_targets FROM briefs WHERE brand_id = ?", (brand_id,)
    ).fetchone()
    if row is None:
        return {}
    try:
        targets = json.loads(row[0])
    except ValueError:
        return {}
    return {k: int(v) for k, v in targets.items() if k in TARGET_BANDS and isinstance(v, int)}


def save_brief_rows(store: Store, brand: Brand, brief: Brief) -> Brief:
    """Write the whole brief, as given, in one transaction: all of it or nothing.

    The brief must be validated first (``brand.brief.validate``; ``brand.save_brief``
    does both). A channel or goal left out of the brief is removed only when no
    post uses it. New handles are stored here; the caller re-marks the brand's
    comments (``inbox.ours.remark``), which needs the inbox's priority rules.
    """
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO briefs (brand_id, value_proposition, tone, address, never_words, preferred_words, "
            "sign_off, response_targets, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (brand_id) DO UPDATE SET value_proposition = excluded.value_proposition, "
            "tone = excluded.tone, address = excluded.address, never_words = excluded.never_words, "
            "preferred_words = excluded.preferred_words, sign_off = excluded.sign_off, "
            "response_targets = excluded.response_targets, updated_at = excluded.updated_at",
            (
                brand.id,
                brief.value_proposition,
                brief.tone,
                brief.address,
                json.dumps(brief.never_words, ensure_ascii=False),
                json.dumps(brief.preferred_words, ensure_ascii=False),
                brief.sign_off,
                json.dumps(brief.response_targets),
                to_iso(utc_now()),
            ),
        )
        conn.execute("DELETE FROM audiences WHERE brand_id = ?", (brand.id,))
        conn.executemany(
            "INSERT INTO audiences (brand_id, name, who, needs, where_they_are) VALUES (?, ?, ?, ?, ?)",
            [(brand.id, a.name, a.who, a.needs, a.where_they_are) for a in brief.audiences],
        )
        conn.execute("DELETE FROM competitors WHERE brand_id = ?", (brand.id,))
        conn.executemany(
            "INSERT INTO competitors (brand_id, name, strengths, weaknesses, channels) VALUES (?, ?, ?, ?, ?)",
            [(brand.id, c.name, c.strengths, c.weaknesses, c.channels) for c in brief.competitors],
        )
        _sync_channels(conn, brand, brief.channels)
        _sync_goals(conn, brand, brief.goals)
        if brief.handles is not None:
            set_handles(store, brand, brief.handles)
        if brief.rules is not None:
            replace_rules(store, brand.id, brief.rules)
    return brief


def _sync_channels(conn: sqlite3.Connection, brand: Brand, channels: list[ChannelSpec]) -> None:
    existing = {
        r["name"].casefold(): r
        for r in conn.execute("SELECT * FROM channels WHERE brand_id = ?", (brand.id,))
    }
    wanted = {c.name.casefold() for c in channels}
    for key, row in existing.items():
        if key in wanted:
            continue
        used = conn.execute(
            "SELECT count(*) FROM posts WHERE channel_id = ?", (row["id"],)
        ).fetchone()[0]
        if used:
            raise BriefError(
                f"channel {row['name']!r} has {used} posts; keep it in the brief", ("channels",)
            )
        conn.execute("DELETE FROM channels WHERE id = ?", (row["id"],))
    for channel in channels:
        row = existing.get(channel.name.casefold())
        if row is None:
            conn.execute(
                "INSERT INTO channels (brand_id, name, platform, kind) VALUES (?, ?, ?, ?)",
                (brand.id, channel.name, channel.platform, channel.kind or "page"),
            )
        else:
            conn.execute(
                "UPDATE channels SET name = ?, platform = ?, kind = ? WHERE id = ?",
                (channel.name, channel.platform, channel.kind or "page", row["id"]),
            )


def _sync_goals(conn: sqlite3.Connection, brand: Brand, goals: list[GoalSpec]) -> None:
    existing = {
        r["slug"]: r for r in conn.execute("SELECT * FROM goals WHERE brand_id = ?", (brand.id,))
    }
    wanted = {g.slug for g in goals}
    for slug, row in existing.items():
        if slug in wanted:
            continue
        used = conn.execute(
            "SELECT count(*) FROM posts WHERE goal_id = ?", (row["id"],)
        ).fetchone()[0]
        if used:
            raise BriefError(f"goal {slug!r} has {used} posts; keep it in the brief", ("goals",))
        conn.execute("DELETE FROM goals WHERE id = ?", (row["id"],))
    for goal in goals:
        values = (goal.name, goal.kind, goal.colour or "white", float(goal.target_share))
        if goal.slug in existing:
            conn.execute(
                "UPDATE goals SET name = ?, kind = ?, colour = ?, target_share = ? WHERE id = ?",
                (*values, existing[goal.slug]["id"]),
            )
        else:
            conn.execute(
                "INSERT INTO goals (brand_id, slug, name, kind, colour, target_share) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (brand.id, goal.slug, *values),
            )


def kept_toml(store: Store, brand: Brand) -> str | None:
    """The brief's TOML as its user last wrote it (``keep_toml``), or None."""
    row = store.conn.execute("SELECT toml FROM briefs WHERE brand_id = ?", (brand.id,)).fetchone()
    return None if row is None else row[0]


def keep_toml(store: Store, brand: Brand, text: str) -> None:
    """Keep ``text`` with the brand's brief (written first: the row is there)."""
    with store.transaction() as conn:
        conn.execute("UPDATE briefs SET toml = ? WHERE brand_id = ?", (text, brand.id))
