"""A brand's brief: value proposition, audiences, competitors, channels, goals
and the communication policy (tone, address, never/preferred words, sign-off,
response targets per band).

Channels and goals are the same tables the calendar uses: the brief's lists
*are* the post form's choices and the goal mix's targets.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from smmdesk.errors import UserError
from smmdesk.store.brands import MAX_HANDLE, Brand, clean_handles, set_handles
from smmdesk.store.db import Store
from smmdesk.timeutil import to_iso, utc_now

TONES = ("formal", "friendly", "playful")
# The inbox's response-target keys (inbox.priority.DEFAULT_TARGETS_MIN), in minutes.
TARGET_BANDS = ("negative", "question", "unscored", "neutral", "positive")
GOAL_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
MAX_TARGET_MIN = 60 * 24 * 30


class BriefError(UserError):
    """A bad value in a brief; ``path`` names the field, e.g. ``("audiences", 1, "name")``."""

    def __init__(self, what: str, path: tuple = ()):
        self.what = what
        self.path = path
        super().__init__(f"{what}, {field_name(path) or 'brief'}")


def field_name(path: tuple) -> str:
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


# --- validation ---


TARGETS_FORMAT = f"minutes per band: band=minutes (negative=30, question=120), or in order ({', '.join(TARGET_BANDS)})"


def parse_response_targets(value) -> dict:
    """Response targets as a user writes them, wherever they write them (TOML, the form).

    A TOML table (``{negative = 30}``) is taken as it is; text is either
    ``negative=30, question=120`` or minutes in the order of ``TARGET_BANDS``
    (``30, 120, 240, 1440``: negative, question, unscored, neutral; the rest keep
    their defaults). The values are checked by :func:`validate`, like every brief.
    """
    path = ("policy", "response_targets")
    if isinstance(value, dict):
        return dict(value)
    if not isinstance(value, str):
        raise BriefError(f"response_targets must be a table of {TARGETS_FORMAT}", path)
    parts = [part.strip() for part in value.split(",") if part.strip()]
    named = [part for part in parts if "=" in part]
    if named and len(named) != len(parts):
        raise BriefError(f"write all targets as band=minutes or none, not {value.strip()!r}", path)
    if len(parts) > len(TARGET_BANDS):
        raise BriefError(f"{len(parts)} targets for {len(TARGET_BANDS)} bands ({', '.join(TARGET_BANDS)})", path)
    targets: dict = {}
    for index, part in enumerate(parts):
        band, _, minutes = part.partition("=") if named else (TARGET_BANDS[index], "=", part)
        band, minutes = band.strip().lower(), minutes.strip().lower().removesuffix("min").strip()
        if not minutes.isdigit():
            raise BriefError(f"write {TARGETS_FORMAT}; not {part!r}", (*path, band))
        targets[band] = int(minutes)
    return targets


def _unique_names(items: list, attr: str, section: str) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        value = getattr(item, attr).strip()
        if not value:
            raise BriefError(f"each of {section} needs a {attr}", (section, i, attr))
        if value.casefold() in seen:
            raise BriefError(f"{section} lists {value!r} twice", (section, i, attr))
        seen.add(value.casefold())


def _words(words: list[str], key: str) -> list[str]:
    out, seen = [], set()
    for i, word in enumerate(words):
        if not isinstance(word, str):
            raise BriefError(f"{key} holds words (text), not {word!r}", ("policy", key, i))
        cleaned = " ".join(word.split())
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            out.append(cleaned)
    return out


def validate(brief: Brief) -> Brief:
    """Check a brief; returns it with words de-duplicated and names stripped."""
    if brief.tone not in TONES:
        raise BriefError(f"tone must be formal, friendly or playful, not {brief.tone!r}", ("policy", "tone"))
    brief.never_words = _words(brief.never_words, "never_words")
    brief.preferred_words = _words(brief.preferred_words, "preferred_words")
    clash = {w.casefold() for w in brief.never_words} & {w.casefold() for w in brief.preferred_words}
    if clash:
        raise BriefError(f"{sorted(clash)[0]!r} is both a never-use and a preferred word",
                         ("policy", "preferred_words"))
    for band, minutes in brief.response_targets.items():
        path = ("policy", "response_targets", band)
        if band not in TARGET_BANDS:
            raise BriefError(f"response targets are for {', '.join(TARGET_BANDS)}, not {band!r}", path)
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_TARGET_MIN:
            raise BriefError(f"response target for {band} must be whole minutes, 1 to {MAX_TARGET_MIN}, "
                             f"not {minutes!r}", path)
    _unique_names(brief.audiences, "name", "audiences")
    _unique_names(brief.competitors, "name", "competitors")
    _unique_names(brief.channels, "name", "channels")
    _unique_names(brief.goals, "slug", "goals")
    for i, goal in enumerate(brief.goals):
        if not GOAL_SLUG_RE.match(goal.slug):
            raise BriefError(f"goal slug must be lowercase letters, digits, - or _, {goal.slug!r}",
                             ("goals", i, "slug"))
        if not goal.name.strip():
            raise BriefError("each goal needs a name", ("goals", i, "name"))
        if goal.kind not in ("organic", "ad"):
            raise BriefError(f"goal kind must be organic or ad, {goal.kind!r}", ("goals", i, "kind"))
        share = goal.target_share
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
            raise BriefError(f"target_share must be a number from 0 to 1 (0.3 = 30 %), {share!r}",
                             ("goals", i, "target_share"))
    for kind in ("organic", "ad"):
        total = sum(g.target_share for g in brief.goals if g.kind == kind)
        if total > 1.0001:
            last = max(i for i, g in enumerate(brief.goals) if g.kind == kind)
            raise BriefError(f"targets of {kind} goals add up to {total:.0%}, over 100 %",
                             ("goals", last, "target_share"))
    for item in (*brief.audiences, *brief.competitors, *brief.channels, *brief.goals):
        item.name = item.name.strip()
    if brief.handles is not None:
        for i, handle in enumerate(brief.handles):
            if not isinstance(handle, str):
                raise BriefError(f"handles holds account names (text), not {handle!r}", ("handles", i))
            if "," in handle:
                raise BriefError(f"a handle cannot hold a comma, {handle.strip()!r}", ("handles", i))
            if len(handle.strip()) > MAX_HANDLE:
                raise BriefError(f"a handle is at most {MAX_HANDLE} characters", ("handles", i))
        brief.handles = list(clean_handles(brief.handles))
    return brief


# --- storage ---


def load_brief(store: Store, brand: Brand) -> Brief:
    conn = store.conn
    row = conn.execute("SELECT * FROM briefs WHERE brand_id = ?", (brand.id,)).fetchone()
    brief = Brief()
    if row is not None:
        brief = Brief(
            value_proposition=row["value_proposition"], tone=row["tone"], address=row["address"],
            never_words=json.loads(row["never_words"]), preferred_words=json.loads(row["preferred_words"]),
            sign_off=row["sign_off"], response_targets=json.loads(row["response_targets"]),
        )
    brief.audiences = [
        Audience(r["name"], r["who"], r["needs"], r["where_they_are"])
        for r in conn.execute("SELECT * FROM audiences WHERE brand_id = ? ORDER BY id", (brand.id,))
    ]
    brief.competitors = [
        Competitor(r["name"], r["strengths"], r["weaknesses"], r["channels"])
        for r in conn.execute("SELECT * FROM competitors WHERE brand_id = ? ORDER BY id", (brand.id,))
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
    return brief


def response_targets(store: Store, brand_id: int) -> dict[str, int]:
    """The brand's response targets in minutes (only the bands its brief sets)."""
    row = store.conn.execute("SELECT response_targets FROM briefs WHERE brand_id = ?", (brand_id,)).fetchone()
    if row is None:
        return {}
    try:
        targets = json.loads(row[0])
    except ValueError:
        return {}
    return {k: int(v) for k, v in targets.items() if k in TARGET_BANDS and isinstance(v, int)}


def save_brief(store: Store, brand: Brand, brief: Brief) -> Brief:
    """Validate and write the whole brief in one transaction: all of it or nothing.

    A channel or goal left out of the brief is removed only when no post uses it.
    New handles are stored here; the caller re-marks the brand's comments
    (``inbox.ours.remark``), which needs the inbox's priority rules.
    """
    brief = validate(brief)
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO briefs (brand_id, value_proposition, tone, address, never_words, preferred_words, "
            "sign_off, response_targets, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (brand_id) DO UPDATE SET value_proposition = excluded.value_proposition, "
            "tone = excluded.tone, address = excluded.address, never_words = excluded.never_words, "
            "preferred_words = excluded.preferred_words, sign_off = excluded.sign_off, "
            "response_targets = excluded.response_targets, updated_at = excluded.updated_at",
            (brand.id, brief.value_proposition, brief.tone, brief.address,
             json.dumps(brief.never_words, ensure_ascii=False),
             json.dumps(brief.preferred_words, ensure_ascii=False), brief.sign_off,
             json.dumps(brief.response_targets), to_iso(utc_now())),
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
    return brief


def _sync_channels(conn, brand: Brand, channels: list[ChannelSpec]) -> None:
    existing = {r["name"].casefold(): r for r in conn.execute("SELECT * FROM channels WHERE brand_id = ?", (brand.id,))}
    wanted = {c.name.casefold() for c in channels}
    for key, row in existing.items():
        if key in wanted:
            continue
        used = conn.execute("SELECT count(*) FROM posts WHERE channel_id = ?", (row["id"],)).fetchone()[0]
        if used:
            raise BriefError(f"channel {row['name']!r} has {used} posts; keep it in the brief", ("channels",))
        conn.execute("DELETE FROM channels WHERE id = ?", (row["id"],))
    for channel in channels:
        row = existing.get(channel.name.casefold())
        if row is None:
            conn.execute("INSERT INTO channels (brand_id, name, platform, kind) VALUES (?, ?, ?, ?)",
                         (brand.id, channel.name, channel.platform, channel.kind or "page"))
        else:
            conn.execute("UPDATE channels SET name = ?, platform = ?, kind = ? WHERE id = ?",
                         (channel.name, channel.platform, channel.kind or "page", row["id"]))


def _sync_goals(conn, brand: Brand, goals: list[GoalSpec]) -> None:
    existing = {r["slug"]: r for r in conn.execute("SELECT * FROM goals WHERE brand_id = ?", (brand.id,))}
    wanted = {g.slug for g in goals}
    for slug, row in existing.items():
        if slug in wanted:
            continue
        used = conn.execute("SELECT count(*) FROM posts WHERE goal_id = ?", (row["id"],)).fetchone()[0]
        if used:
            raise BriefError(f"goal {slug!r} has {used} posts; keep it in the brief", ("goals",))
        conn.execute("DELETE FROM goals WHERE id = ?", (row["id"],))
    for goal in goals:
        values = (goal.name, goal.kind, goal.colour or "white", float(goal.target_share))
        if goal.slug in existing:
            conn.execute("UPDATE goals SET name = ?, kind = ?, colour = ?, target_share = ? WHERE id = ?",
                         (*values, existing[goal.slug]["id"]))
        else:
            conn.execute("INSERT INTO goals (brand_id, slug, name, kind, colour, target_share) "
                         "VALUES (?, ?, ?, ?, ?, ?)", (brand.id, goal.slug, *values))
