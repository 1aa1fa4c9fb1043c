"""Posts out to ICS (RFC 5545) and CSV, and back in from CSV.

ICS: one VEVENT per post, UID ``post-<id>@<brand>.smmdesk`` (stable across
exports), the goal's slug in CATEGORIES, the channel in LOCATION, the link
with UTM parameters in URL. A series carries its RRULE and EXDATEs, with
DTSTART in the post's zone (a VTIMEZONE is included) so calendar programs
keep its wall-clock time across DST. An edited occurrence is an event of its
own (its series lists the occurrence it replaces as an EXDATE), which every
program reads the same way.

CSV: the columns of ``CSV_COLUMNS``. Importing reads what the export writes and what a
spreadsheet saves (``import_posts``): a row whose ``id`` is a post of its brand updates that
post, so a file imported twice changes nothing; other rows are added (``id`` then links an
edited occurrence to its series within the file). The whole file goes in or nothing does.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import IO, TYPE_CHECKING, TextIO

from smmdesk import csvsafe, tables
from smmdesk.calendar import recurrence
from smmdesk.calendar.posts import (
    Post,
    PostDraft,
    add_post,
    channel_named,
    check_when,
    draft_of,
    edit_post,
    find_post,
    goal_named,
    list_posts,
    tracked_link,
)
from smmdesk.errors import UserError
from smmdesk.store.brands import Brand, find_brand
from smmdesk.store.db import Store
from smmdesk.timeutil import to_iso, utc_now

if TYPE_CHECKING:
    from datetime import tzinfo

    from icalendar import Component, Event, vText

    from smmdesk.store.posts import DeletedPost

PRODID = "-//smmdesk//content calendar//EN"
EVENT_LENGTH = timedelta(minutes=15)  # a post is an instant; calendars want an end
ICS_STATUS = {
    "draft": "TENTATIVE",
    "scheduled": "CONFIRMED",
    "published": "CONFIRMED",
    "cancelled": "CANCELLED",
}
CSV_COLUMNS = (
    "id", "brand", "title", "body", "channel", "kind", "scheduled_at", "tz", "status",
    "goal", "campaign", "link", "rrule", "exdates", "series_id", "occurrence_at",
    "tracked_link",
)  # fmt: skip
REQUIRED_CSV_COLUMNS = ("title", "channel", "goal", "scheduled_at")


def event_uid(post: Post) -> str:
    return f"post-{post.id}@{post.brand}.smmdesk"


# --- choosing what to export ---


def posts_for_export(
    store: Store,
    brand: Brand | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[Post]:
    """The posts that appear in [start, end) (a series if any occurrence does); all if no range."""
    chosen = []
    for post in list_posts(store, brand):
        if _appears_between(post, start, end):
            chosen.append(post)
    return chosen


def _appears_between(post: Post, start: datetime | None, end: datetime | None) -> bool:
    if end is not None and post.scheduled_at >= end:
        return False
    if start is None or post.scheduled_at >= start:
        return True
    if not post.is_series:
        return False
    upcoming = recurrence.next_occurrence(
        post.rrule or "", post.scheduled_at, post.tz, start, post.exdates
    )
    return upcoming is not None and (end is None or upcoming < end)


# --- ICS ---


def export_ics(
    posts: list[Post],
    *,
    floating: bool = False,
    name: str | None = None,
    brand_names: Mapping[str, str] | None = None,
    cancelled: Sequence[DeletedPost] = (),
    alarm_minutes: int | None = None,
) -> bytes:
    """An RFC 5545 calendar with one VEVENT per post.

    ``name`` is the calendar's X-WR-CALNAME (the name programs show for it).
    ``brand_names`` (slug to name) is for a calendar of several brands: each event's
    SUMMARY starts with its brand's name and its CATEGORIES hold the brand's slug.
    Every event names its brand in X-SMMDESK-BRAND and carries its post's SEQUENCE.
    ``cancelled`` (deleted posts) are written as STATUS:CANCELLED events with a higher
    SEQUENCE, so a program subscribed to the file drops them; ``alarm_minutes`` adds a
    VALARM that many minutes before each post.

    A single post starts at a UTC time, which every program places right. A
    series starts at a wall time with TZID (and a VTIMEZONE), so it keeps its
    hour across DST. ``floating`` writes wall times without zone instead, for
    programs that ignore TZID (calcurse 4.7 does) used in the posts' own zone.
    """
    # Imported here: icalendar costs ~70 ms of startup the TUI does not need.
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", _text(name))
    for post in posts:
        check_when(post.scheduled_at, f"post #{post.id}")  # one stored before times were checked
        event = _event(post, floating, brand_names)
        if alarm_minutes is not None:
            event.add_component(_alarm(alarm_minutes, post.title))
        cal.add_component(event)
    for gone in cancelled:
        cal.add_component(_cancelled_event(gone, floating, brand_names))
    if posts and not floating:
        earliest = min(post.scheduled_at for post in posts)
        cal.add_missing_timezones(first_date=earliest.date().replace(month=1, day=1))
    value: bytes = cal.to_ical()
    return value


def _event_start(post: Post, floating: bool) -> datetime:
    local = post.scheduled_at.astimezone(recurrence.zone(post.tz))
    if floating:
        return local.replace(tzinfo=None)
    if post.is_series and post.tz != "UTC":
        return local
    return post.scheduled_at.astimezone(UTC)


def _event(
    post: Post, floating: bool = False, brand_names: Mapping[str, str] | None = None
) -> Event:
    from icalendar import Event, vRecur

    wall_zone = recurrence.zone(post.tz)
    start = _event_start(post, floating)
    event = Event()
    event.add("uid", event_uid(post))
    event.add("dtstamp", post.updated_at)
    event.add("created", post.created_at)
    event.add("last-modified", post.updated_at)
    event.add("dtstart", start)
    event.add("dtend", start + EVENT_LENGTH)
    event.add("summary", _text(_summary(post.title, post.brand, brand_names)))
    if post.body:
        event.add("description", _text(post.body))
    event.add("location", _text(post.channel))
    event.add("categories", [post.goal] if brand_names is None else [post.goal, post.brand])
    event.add("status", ICS_STATUS[post.status])
    event.add("sequence", post.sequence)
    link = tracked_link(post)
    if link:
        event.add("url", link)
    if post.rrule:
        rule = post.rrule
        if post.exdates:  # COUNT with skipped dates: calcurse would show phantom posts
            rule = recurrence.count_as_until(rule, post.scheduled_at, post.tz, post.exdates)
        rule = recurrence.floating_until(rule, wall_zone) if floating else rule
        event.add("rrule", vRecur.from_ical(rule))
        if post.exdates:
            event.add("exdate", [_like(start, moment, wall_zone) for moment in post.exdates])
    if post.series_id is not None:
        event.add("related-to", f"post-{post.series_id}@{post.brand}.smmdesk")
    # What calendar programs have no field for, so a reader can tell it all.
    event.add("x-smmdesk-brand", _text(post.brand))
    event.add("x-smmdesk-kind", post.kind)
    event.add("x-smmdesk-status", post.status)
    if post.campaign:
        event.add("x-smmdesk-campaign", _text(post.campaign))
    return event


def _summary(title: str, brand: str, brand_names: Mapping[str, str] | None) -> str:
    """The title; in a calendar of several brands, after its brand's name."""
    return title if brand_names is None else f"{brand_names.get(brand, brand)}: {title}"


def _alarm(minutes: int, title: str) -> Component:
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _text(title))
    alarm.add("trigger", timedelta(minutes=-minutes))
    return alarm


def _cancelled_event(
    gone: DeletedPost, floating: bool, brand_names: Mapping[str, str] | None = None
) -> Event:
    from icalendar import Event

    start: datetime = gone.scheduled_at.astimezone(UTC)
    if floating:
        start = start.replace(tzinfo=None)
    event = Event()
    event.add("uid", f"post-{gone.id}@{gone.brand}.smmdesk")
    event.add("dtstamp", gone.deleted_at)
    event.add("last-modified", gone.deleted_at)
    event.add("dtstart", start)
    event.add("dtend", start + EVENT_LENGTH)
    event.add("summary", _text(_summary(gone.title, gone.brand, brand_names)))
    event.add("status", "CANCELLED")
    event.add("sequence", gone.sequence)
    event.add("x-smmdesk-brand", _text(gone.brand))
    return event


def _text(value: str) -> vText:
    """A TEXT value (RFC 5545 3.3.11): icalendar escapes backslash, ``;``, ``,`` and
    newlines (as ``\\n``); every line break becomes a newline first, so a lone CR
    never reaches a content line. X- properties too, which icalendar leaves raw."""
    from icalendar import vText

    return vText(value.replace("\r\n", "\n").replace("\r", "\n"))


def _like(start: datetime, moment: datetime, wall_zone: tzinfo) -> datetime:
    """``moment`` written the way DTSTART is (RFC 5545 wants EXDATE to match it)."""
    if start.tzinfo is None:
        return moment.astimezone(wall_zone).replace(tzinfo=None)
    return moment.astimezone(start.tzinfo)


# --- CSV ---


def _csv_row(post: Post) -> dict[str, str]:
    return {
        "id": str(post.id),
        "brand": post.brand,
        "title": post.title,
        "body": post.body,
        "channel": post.channel,
        "kind": post.kind,
        "scheduled_at": to_iso(post.scheduled_at),
        "tz": post.tz,
        "status": post.status,
        "goal": post.goal,
        "campaign": post.campaign or "",
        "link": post.link or "",
        "rrule": post.rrule or "",
        "exdates": " ".join(to_iso(moment) for moment in post.exdates),
        "series_id": "" if post.series_id is None else str(post.series_id),
        "occurrence_at": to_iso(post.occurrence_at) if post.occurrence_at else "",
        "tracked_link": tracked_link(post) or "",
    }


def export_csv(posts: list[Post], out: TextIO) -> int:
    """Write the posts as CSV (times in UTC ISO); return how many. Formulas are guarded (csvsafe)."""
    writer = csvsafe.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for post in posts:
        writer.writerow(_csv_row(post))
    return len(posts)


# Column -> the header names it is read from (normalised: lower case, spaces and dashes as
# "_"), as the export writes them and as people title them in a spreadsheet.
CSV_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "name", "subject"),
    "scheduled_at": ("scheduled_at", "date", "when", "scheduled", "datetime", "publish_at"),
    "body": ("body", "text", "message"),
    "link": ("link", "url"),
}
_COLUMN_OF = {alias: column for column, names in CSV_ALIASES.items() for alias in names}
# Wall times as a spreadsheet in a day-first locale (uk_UA, ru_RU, de_DE) writes them.
DAY_FIRST_FORMATS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y")


@dataclass
class PostImport:
    """What an import did: the file's posts in its order, and which of them it changed."""

    posts: list[Post] = field(default_factory=list)
    added_ids: set[int] = field(default_factory=set)
    updated: int = 0

    @property
    def added(self) -> int:
        return len(self.added_ids)

    @property
    def unchanged(self) -> int:
        return len(self.posts) - self.added - self.updated


def import_csv(
    store: Store,
    source: IO[str],
    name: str = "posts.csv",
    *,
    brand: Brand | None = None,
    now: datetime | None = None,
    tz: str | None = None,
) -> list[Post]:
    """``import_posts``: the file's posts, in its order."""
    return import_posts(store, source, name, brand=brand, now=now, tz=tz).posts


def import_posts(
    store: Store,
    source: IO[str],
    name: str = "posts.csv",
    *,
    brand: Brand | None = None,
    now: datetime | None = None,
    tz: str | None = None,
) -> PostImport:
    """Read a posts CSV (the export's, or one a spreadsheet saved); all or nothing.

    Comma, ``;`` or ``|`` and Excel's ``sep=`` first line (``tables``); headers in any case,
    with ``CSV_ALIASES``; times ISO or ``dd.mm.yyyy [hh:mm]``, a time without offset in the
    row's ``tz``, else ``tz``, else the user's zone. A row whose ``id`` is a post of its brand
    is that post: edited if the row differs (``edit_post``), left alone if not, so importing
    a file again changes nothing; any other row is added. A row's ``brand`` column wins over
    ``brand``. Errors name the line: ``row has no goal, posts.csv:line 4: goal``.
    """
    columns, rows = _read_rows(source.read(), name)
    missing = [c for c in REQUIRED_CSV_COLUMNS if c not in columns]
    if missing:
        raise UserError(f"missing column(s) {', '.join(missing)}, {name}:line {rows.header_line}")
    if tz:
        recurrence.zone(tz)  # an unknown name before any row
    # Series first, so an edited occurrence finds the series it belongs to.
    rows.numbered.sort(key=lambda pair: bool((pair[1].get("series_id") or "").strip()))
    new_ids: dict[str, int] = {}
    done = PostImport()
    with store.transaction():
        for line, row in rows.numbered:
            try:
                post = _import_row(store, row, brand, new_ids, now, tz, done)
            except UserError as exc:
                what, _, where = str(exc).rpartition(", ")
                place = f"{name}:line {line}"
                message = f"{what}, {place}: {where}" if what else f"{where}, {place}"
                raise UserError(message) from None
            if (row.get("id") or "").strip():
                new_ids[row["id"].strip()] = post.id
            done.posts.append(post)
    return done


# A row: text cells by column name (every column of the header, the cells unguarded).
CsvRow = dict[str, str]


@dataclass
class _Rows:
    header_line: int
    numbered: list[tuple[int, CsvRow]]


def _read_rows(text: str, name: str) -> tuple[list[str], _Rows]:
    """The header's column names and the rows with the line each starts on."""
    first_line = 1
    separator = tables.excel_separator(text[:4096])
    if separator:
        text = text.split("\n", 1)[1] if "\n" in text else ""
        first_line = 2
    delimiter = separator or tables.csv_delimiter(text[:65536])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    columns: list[str] | None = None
    rows = _Rows(first_line, [])
    start = first_line
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                pass  # a blank line, or a spreadsheet's empty row (";;;;")
            elif columns is None:
                columns, rows.header_line = _header(cells, name, start), start
            elif len(cells) != len(columns):
                raise UserError(
                    f"row has {len(cells)} cells but the header has {len(columns)}, "
                    f"{name}:line {start}"
                )
            else:  # our export guarded formula-like cells: take its quote off
                rows.numbered.append(
                    (start, {c: csvsafe.unguard(v) for c, v in zip(columns, cells, strict=True)})
                )
            start = first_line + reader.line_num
    except csv.Error as exc:
        raise UserError(f"not valid CSV ({exc}), {name}:line {start}") from None
    return columns or [], rows


def _header(cells: list[str], name: str, line: int) -> list[str]:
    """Each cell as the column it names (an alias as its column); a column named twice is refused."""
    columns: list[str] = []
    for index, cell in enumerate(cells):
        normal = tables.normalise_name(cell)
        column = _COLUMN_OF.get(normal, normal) if normal else f"_unnamed_{index}"
        if column in columns:
            raise UserError(
                f"duplicated column {cell.strip()!r} (columns {columns.index(column) + 1} and "
                f"{index + 1}), {name}:line {line}"
            )
        columns.append(column)
    return columns


def _import_row(
    store: Store,
    row: CsvRow,
    brand: Brand | None,
    new_ids: dict[str, int],
    now: datetime | None,
    tz: str | None,
    done: PostImport,
) -> Post:
    def text(column: str) -> str:
        return (row.get(column) or "").strip()

    row_brand = _row_brand(store, text("brand"), brand)
    if not text("goal"):
        raise UserError("row has no goal, goal")
    tz_name = text("tz") or tz or recurrence.local_zone_name()
    wall_zone = recurrence.zone(tz_name)
    when = _instant(text("scheduled_at"), wall_zone, "scheduled_at")
    exdates = tuple(_instant(t, wall_zone, "exdates") for t in text("exdates").split())
    series_id = None
    if text("series_id"):
        if text("series_id") not in new_ids:
            raise UserError(f"series {text('series_id')!r} is not a row of this file, series_id")
        series_id = new_ids[text("series_id")]
    occurrence = None
    if text("occurrence_at"):
        occurrence = _instant(text("occurrence_at"), wall_zone, "occurrence_at")
    goal = goal_named(store, row_brand, text("goal"))
    channel = channel_named(store, row_brand, text("channel"))
    draft = PostDraft(
        brand_id=row_brand.id,
        title=text("title"),
        goal_id=goal.id,
        channel_id=channel.id,
        when=when,
        body=row.get("body") or "",
        kind=text("kind") or None,
        status=text("status") or "draft",
        campaign=text("campaign") or None,
        link=text("link") or None,
        rrule=text("rrule") or None,
        tz=tz_name,
    )
    stored = _stored(store, text("id"), row_brand)
    if "image_url" in row:
        draft = replace(draft, image_url=text("image_url") or None)
    elif stored is not None:
        draft = replace(draft, image_url=stored.image_url)  # a file without the column keeps it
    if stored is not None and stored.id not in done.added_ids:
        if draft.goal_id == stored.goal_id and draft.kind is None:
            draft = replace(draft, kind=stored.kind)  # the goal's kind, as it was stored
        if draft == draft_of(stored):
            return stored
        done.updated += 1
        return edit_post(store, stored.id, draft, now=now or utc_now())
    added = add_post(
        store, draft, exdates=exdates, series_id=series_id, occurrence_at=occurrence,
        now=now or utc_now(),
    )  # fmt: skip
    done.added_ids.add(added.id)  # a later row's id never names a post this file added
    return added


def _stored(store: Store, row_id: str, brand: Brand) -> Post | None:
    """The post a row's ``id`` names, if it is one of the row's brand (``export csv`` wrote it)."""
    if not row_id.isdigit() or len(row_id) > 18:
        return None
    post = find_post(store, int(row_id))
    return post if post is not None and post.brand_id == brand.id else None


def _row_brand(store: Store, slug: str, default: Brand | None) -> Brand:
    if slug:
        found = find_brand(store, slug)
        if found is None:
            raise UserError(f"no brand {slug!r}, brand")
        return found
    if default is None:
        raise UserError("row has no brand and none was given, brand")
    return default


def _instant(text: str, wall_zone: tzinfo, column: str) -> datetime:
    """ISO time, or ``dd.mm.yyyy [hh:mm[:ss]]``; one without an offset is wall time in the
    post's zone."""
    if not text:
        raise UserError(f"no time given, {column}")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = _day_first(text, column)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=wall_zone)
    check_when(moment, column)
    return moment.astimezone(UTC)


def _day_first(text: str, column: str) -> datetime:
    for layout in DAY_FIRST_FORMATS:
        try:
            return datetime.strptime(text, layout)
        except ValueError:
            continue
    raise UserError(
        f"not an ISO time like 2026-12-01T10:00:00+00:00 or a day like 01.12.2026 10:00 "
        f"({text!r}), {column}"
    )
