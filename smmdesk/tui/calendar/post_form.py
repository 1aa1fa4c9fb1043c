"""The post form: a new post, an edit, or an edit of one occurrence of a series.

The form calls the calendar domain itself when saved, so a mistake (no goal,
a time it cannot read, a bad link) is shown inline and the form stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from smmdesk.calendar import posts as post_ops
from smmdesk.calendar import recurrence
from smmdesk.calendar.goals import list_goals
from smmdesk.calendar.posts import STATUSES, Channel, Goal, Post, PostDraft
from smmdesk.calendar.timeparse import parse_when
from smmdesk.errors import UserError
from smmdesk.store.models import Brand
from smmdesk.textsafe import one_line, visible
from smmdesk.timeutil import local_zone, utc_now
from smmdesk.tui.widgets.safe import SafeInput, SafeTextArea, shown
from smmdesk.tui.writes import Write

if TYPE_CHECKING:
    from smmdesk.tui.app import SmmdeskApp

REPEATS = ("none", "daily", "weekly", "monthly")
KEEP = "keep"
WHEN_HINT = "2026-12-01 10:00 · tomorrow 9:30 · fri 18:00 · +2d · завтра 9:30 · пт 18:00"


def goal_label(goal: Goal) -> Text:
    label = Text("■ ", style=safe_colour(goal.colour))
    label.append(visible(goal.name))
    if goal.kind == "ad":
        label.append(" (ad)", style="dim")
    return label


def safe_colour(colour: str) -> str:
    """A goal's colour if Rich knows it, else no colour (goals are user-editable)."""
    from rich.color import Color, ColorParseError

    try:
        Color.parse(colour)
    except ColorParseError:
        return ""
    return colour


def default_when(day: date, now: datetime) -> str:
    """10:00 on the day; today after 10:00, the next full hour."""
    local_now = now.astimezone(local_zone())
    if day == local_now.date() and local_now.time() >= time(10, 0):
        nxt = (local_now + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
        if nxt.date() == day:
            return f"{day:%Y-%m-%d} {nxt:%H:%M}"
    return f"{day:%Y-%m-%d} 10:00"


class PostForm(ModalScreen):
    """Returns the saved Post, or None when cancelled.

    ``mode``: ``new`` (on ``day``), ``edit`` (a post or a whole series) or
    ``occurrence`` (one occurrence ``at`` of the series ``post``).
    """

    app: SmmdeskApp  # for mypy: Textual types it App, this is the one it runs in
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="post.save"),
        Binding("escape", "cancel", "Cancel", id="post.cancel"),
    ]

    def __init__(
        self,
        store,
        brands: list[Brand],
        *,
        brand: Brand | None = None,
        post: Post | None = None,
        mode: str = "new",
        day: date | None = None,
        at: datetime | None = None,
    ):
        super().__init__()
        self.store = store
        self.brands = brands
        self.post = post
        self.mode = mode
        self.at = at
        self.day = day
        if post is not None:
            brand = next((b for b in brands if b.id == post.brand_id), brand)
        self.brand = brand or (brands[0] if brands else None)
        self.zone = local_zone()
        self.goals: dict[int, Goal] = {}
        self.channels: dict[int, Channel] = {}
        self.pending: Write | None = None

    # --- building --------------------------------------------------------------------------

    def heading(self) -> Text:
        if self.mode == "new":
            return Text("New post")
        title = one_line(self.post.title) if self.post else ""
        if self.mode == "occurrence":
            shown = self.at.astimezone(self.zone).strftime("%a %d %b %H:%M") if self.at else ""
            return Text(
                f"Edit only the {shown} occurrence of “{title}” "
                "(E on the calendar edits the whole series)"
            )
        if self.post and self.post.is_series:
            return Text(f"Edit the whole series “{title}”")
        return Text(f"Edit “{title}”")

    def compose(self) -> ComposeResult:
        post = self.post
        with Vertical(classes="dialog wide", id="post-form"):
            yield Label(self.heading(), classes="dialog-title")
            with VerticalScroll(id="pf-scroll"):
                with Grid(classes="pf-grid"):
                    yield from self.top_fields()
                with Horizontal(id="pf-body-row"):
                    yield Label("body", classes="pf-label")
                    yield SafeTextArea(
                        post.body if post else "", soft_wrap=True, compact=True, id="pf-body"
                    )
                yield from self.other_fields()
            with Vertical(classes="foot"):
                yield Static("", id="pf-error", classes="error")
                yield Static(f"ctrl+s save · Esc cancel · when: {WHEN_HINT}", classes="hint")

    def top_fields(self) -> ComposeResult:
        post = self.post
        if len(self.brands) > 1:
            yield Label("brand")
            yield Select(
                [(Text(visible(b.name)), b.id) for b in self.brands],
                value=self.brand.id if self.brand else Select.NULL,
                allow_blank=False,
                compact=True,
                id="pf-brand",
                disabled=self.mode != "new",
            )
        yield Label("title")
        yield SafeInput(
            post.title if post else "",
            placeholder="what the post is about",
            compact=True,
            id="pf-title",
        )

    def other_fields(self) -> ComposeResult:
        post = self.post
        with Grid(classes="pf-grid"):
            yield Label("channel")
            yield Select(
                self.channel_options(),
                prompt="pick a channel",
                compact=True,
                value=self.channel_id_of(post),
                id="pf-channel",
            )
            yield Label("goal *")
            yield Select(
                self.goal_options(),
                prompt="pick a goal (required)",
                compact=True,
                value=post.goal_id if post else Select.NULL,
                id="pf-goal",
            )
            yield Label("kind")
            yield Select(
                [("organic", "organic"), ("ad", "ad")],
                prompt="from the goal",
                compact=True,
                id="pf-kind",
            )
            yield Label("when")
            yield SafeInput(self.when_text(), placeholder=WHEN_HINT, compact=True, id="pf-when")
            yield Label("status")
            yield Select(
                [(s, s) for s in STATUSES],
                allow_blank=False,
                compact=True,
                value=post.status if post and self.mode == "edit" else "draft",
                id="pf-status",
            )
            yield Label("campaign")
            yield SafeInput(
                (post.campaign or "") if post else "",
                placeholder="optional",
                compact=True,
                id="pf-campaign",
            )
            yield Label("link")
            yield SafeInput(
                (post.link or "") if post else "",
                placeholder="https://… (sales posts)",
                compact=True,
                id="pf-link",
            )
            yield Label("tracked")
            yield Static("", id="pf-utm", classes="hint")
            yield Label("image")
            yield SafeInput(
                (post.image_url or "") if post else "",
                placeholder="https://….jpg (the photo: Instagram needs one)",
                compact=True,
                id="pf-image",
            )
            if self.mode != "occurrence":
                yield Label("repeat")
                yield Select(
                    self.repeat_options(),
                    allow_blank=False,
                    compact=True,
                    value=KEEP if post and post.is_series else "none",
                    id="pf-repeat",
                )
                yield Label("on days")
                yield SafeInput(
                    placeholder="weekly: mon,fri (default: the day of 'when')",
                    compact=True,
                    id="pf-on",
                )
                yield Label("ends")
                yield SafeInput(
                    placeholder="a date (2026-12-31), a number of times (8), or empty",
                    compact=True,
                    id="pf-ends",
                )

    def on_mount(self) -> None:
        self.query_one("#pf-title", Input).focus()
        self.show_utm()

    def when_text(self) -> str:
        if self.mode == "occurrence" and self.at is not None:
            moment = self.at
        elif self.post is not None:
            moment = self.post.scheduled_at
        else:
            return default_when(self.day or utc_now().astimezone(self.zone).date(), utc_now())
        return moment.astimezone(self.zone).strftime("%Y-%m-%d %H:%M")

    def repeat_options(self) -> list[tuple[str, str]]:
        options = [(name, name) for name in REPEATS]
        if self.post and self.post.is_series:
            words = recurrence.describe_rule(self.post.rrule or "", self.zone)
            options.insert(0, (f"keep: {words}", KEEP))
        return options

    def channel_options(self) -> list[tuple[Text, int]]:
        if self.brand is None:
            return []
        self.channels = {c.id: c for c in post_ops.list_channels(self.store, self.brand)}
        return [(Text(visible(c.name)), c.id) for c in self.channels.values()]

    def channel_id_of(self, post: Post | None):
        return post.channel_id if post else Select.NULL

    def goal_options(self) -> list[tuple[Text, int]]:
        if self.brand is None:
            return []
        self.goals = {g.id: g for g in list_goals(self.store, self.brand)}
        return [(goal_label(g), g.id) for g in self.goals.values()]

    # --- live parts ------------------------------------------------------------------------

    @on(Select.Changed, "#pf-brand")
    def brand_changed(self, event: Select.Changed) -> None:
        brand = next((b for b in self.brands if b.id == event.value), None)
        if brand is None or brand == self.brand:
            return
        self.brand = brand
        self.query_one("#pf-channel", Select).set_options(self.channel_options())
        self.query_one("#pf-goal", Select).set_options(self.goal_options())
        self.show_utm()

    @on(Input.Changed)
    @on(Select.Changed)
    def fields_changed(self) -> None:
        self.show_utm()

    def show_utm(self) -> None:
        if not self.query("#pf-utm"):  # not composed yet
            return
        utm = self.query_one("#pf-utm", Static)
        link = self.query_one("#pf-link", Input).value.strip()
        goal = self.selected_goal()
        channel = self.selected_channel_name()
        if not link:
            utm.update(Text("add a link to see it with UTM parameters"))
        elif goal is None or channel is None:
            utm.update(Text("pick a channel and a goal to see the tracked link"))
        else:
            kind = self.value_of("#pf-kind") or goal.kind
            campaign = self.query_one("#pf-campaign", Input).value.strip() or None
            tracked = post_ops.utm_link(
                link, channel=channel, kind=kind, campaign=campaign, goal=goal.slug
            )
            utm.update(Text(visible(tracked)))

    def value_of(self, selector: str):
        value = self.query_one(selector, Select).value
        return None if value == Select.NULL else value

    def selected_goal(self) -> Goal | None:
        goal_id = self.value_of("#pf-goal")
        return self.goals.get(goal_id) if goal_id is not None else None

    def selected_channel_name(self) -> str | None:
        channel_id = self.value_of("#pf-channel")
        if channel_id is None:
            return None
        channel = self.channels.get(channel_id)
        return channel.name if channel else None

    # --- saving ----------------------------------------------------------------------------

    def action_cancel(self) -> None:
        if self.pending is not None and self.pending.pending:
            self.pending.cancel()
            self.app.notify("The post was not saved", severity="warning")
        self.dismiss(None)

    def action_save(self) -> None:
        """Save what the form holds now; while the database is busy the form waits, open."""
        if self.pending is not None and self.pending.pending:
            return
        try:
            write = self.saver()
        except UserError as exc:
            self.show_error(str(exc), exc.where)
            return
        self.pending = self.app.write(
            "saving the post",
            write,
            self.dismiss,
            failed=lambda exc: self.show_error(str(exc), exc.where),
            waiting=lambda: self.query_one("#pf-error", Static).update(
                Text(
                    "The database is busy (another process is writing): saved as soon as it is free "
                    "(Esc gives up)"
                )
            ),
            owner=self,
        )

    def show_error(self, message: str, field: str | None = None) -> None:
        self.query_one("#pf-error", Static).update(shown(message))
        target = {
            "goal": "#pf-goal",
            "title": "#pf-title",
            "channel": "#pf-channel",
            "when": "#pf-when",
            "link": "#pf-link",
            "image": "#pf-image",
            "body": "#pf-body",
            "rrule": "#pf-repeat",
        }.get(field or "")
        if target and self.query(target):  # the field may not be on this form
            self.query_one(target).focus()

    def draft(self, brand: Brand) -> PostDraft:
        """The form's values, by ids (the selects hold ids); a UserError for what is missing."""
        goal = self.selected_goal()
        if goal is None:
            raise UserError("pick a goal: every post serves one (no goal, no post)", where="goal")
        channel_id = self.value_of("#pf-channel")
        if channel_id is None:
            raise UserError("pick a channel", where="channel")
        status = self.value_of("#pf-status") or "draft"
        allow_past = self.mode != "new" or status == "published"
        when_text = self.query_one("#pf-when", Input).value
        if self.mode != "new" and when_text.strip() == self.when_text():
            assert self.post is not None  # editing: the form was opened on a post
            when = self.at if self.mode == "occurrence" else self.post.scheduled_at
        else:
            when = parse_when(when_text, utc_now(), self.zone, allow_past=allow_past)
        return PostDraft(
            brand_id=brand.id,
            title=self.query_one("#pf-title", SafeInput).data,
            goal_id=goal.id,
            channel_id=channel_id,
            when=when,
            body=self.query_one("#pf-body", SafeTextArea).data,
            kind=self.value_of("#pf-kind"),
            status=status,
            campaign=self.query_one("#pf-campaign", SafeInput).data,
            link=self.query_one("#pf-link", SafeInput).data,
            tz=self.post.tz if self.post else None,
            image_url=self.query_one("#pf-image", SafeInput).data,  # checked as --image is
        )

    def rule(self, when: datetime) -> str | None:
        """The repeat rule the form asks for; ``KEEP`` to leave a series' rule alone."""
        repeat = self.value_of("#pf-repeat") or "none"
        if repeat == KEEP:
            return KEEP
        tz_name = self.post.tz if self.post else recurrence.local_zone_name()
        ends = self.query_one("#pf-ends", Input).value.strip()
        count = int(ends) if ends.isdigit() else None  # "ends": a day or a number of times
        return recurrence.repeat_rule(
            repeat, when, tz_name, on=self.query_one("#pf-on", Input).value,
            until=None if ends.isdigit() else ends, count=count, now=utc_now(),
            user_zone=self.zone,
        )  # fmt: skip

    def save(self) -> Post:
        return self.saver()()

    def saver(self) -> Callable[[], Post]:
        """The write the form asks for, with its values read now; a UserError for what is missing."""
        if self.brand is None:
            raise UserError("no brand yet; add one with `smmdesk brand add NAME`, brand")
        draft = self.draft(self.brand)
        if self.mode == "occurrence":
            assert self.post is not None and self.at is not None
            return partial(post_ops.edit_occurrence, self.store, self.post.id, self.at, draft)
        assert draft.when is not None  # the form always reads a time
        rule = self.rule(draft.when)
        draft = replace(draft, rrule=self.post.rrule if rule == KEEP and self.post else rule)
        if self.mode == "edit":
            assert self.post is not None
            return partial(post_ops.edit_post, self.store, self.post.id, draft)
        return partial(post_ops.add_post, self.store, draft)
