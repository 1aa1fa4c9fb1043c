import csv
import io
from dataclasses import replace
from datetime import UTC, datetime

import icalendar
import pytest

from smmdesk.calendar import exports, recurrence
from smmdesk.calendar.posts import (
    create_post,
    draft_of,
    edit_occurrence,
    list_posts,
    skip_occurrence,
    tracked_link,
)
from smmdesk.errors import UserError
from smmdesk.store import open_store
from smmdesk.store.brands import add_channel, create_brand

from .conftest import KYIV, NOW, local


@pytest.fixture
def planned(store, brand):
    """A single post, a series with a skipped and an edited occurrence, and an ad."""
    create_post(
        store, brand, title="Sale, today; only", body="Line one\nLine two", goal="sales",
        channel="Website", when=local(2026, 3, 25, 18, 0), tz="Europe/Kyiv",
        link="https://acme.example/shop?id=3", campaign="Spring", status="scheduled", now=NOW,
    )  # fmt: skip
    start = local(2026, 3, 23, 10, 0)
    rule = recurrence.build_rule("weekly", start, weekdays=[0, 2], until=local(2026, 4, 30).date())
    tips = create_post(store, brand, title="Tips", goal="questions", channel="Facebook page",
                       when=start, rrule=rule, tz="Europe/Kyiv", now=NOW)  # fmt: skip
    skip_occurrence(store, tips.id, local(2026, 3, 25, 10, 0), now=NOW)
    at = local(2026, 4, 1, 10, 0)
    edit_occurrence(store, tips.id, at, replace(draft_of(tips, at), title="Q&A live"), now=NOW)
    create_post(store, brand, title="Come back", goal="ad-win-back", channel="Facebook page",
                when=local(2026, 3, 26, 12, 0), tz="Europe/Kyiv", now=NOW)  # fmt: skip
    return list_posts(store, brand)


# --- ICS ---


def _events(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(event["UID"]): event for event in cal.walk("VEVENT")}


def test_ics_parsed_back_equals_the_posts(planned):
    data = exports.export_ics(planned)
    events = _events(data)
    assert len(events) == len(planned) == 4
    for post in planned:
        event = events[exports.event_uid(post)]
        assert str(event["SUMMARY"]) == post.title
        assert event.decoded("DTSTART").astimezone(UTC) == post.scheduled_at
        assert str(event.get("DESCRIPTION", "")) == post.body
        assert str(event["LOCATION"]) == post.channel
        assert event.categories == [post.goal]
        assert str(event["X-SMMDESK-STATUS"]) == post.status
        assert str(event["X-SMMDESK-KIND"]) == post.kind
        assert str(event.get("URL", "")) == (tracked_link(post) or "")
        if post.rrule:
            assert _parts(event["RRULE"].to_ical().decode()) == _parts(post.rrule)
            exdates = [d.dt.astimezone(UTC) for d in event["EXDATE"].dts]
            assert tuple(exdates) == post.exdates
        else:
            assert "RRULE" not in event


def _parts(rule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rule.split(";"))


def test_ics_series_keeps_wall_time_with_its_zone(planned):
    series = next(post for post in planned if post.rrule)
    event = _events(exports.export_ics(planned))[exports.event_uid(series)]
    start = event.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/Kyiv"
    assert "UNTIL=20260430T205959Z" in event["RRULE"].to_ical().decode()
    cal = icalendar.Calendar.from_ical(exports.export_ics(planned))
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Kyiv"]


def test_ics_uids_are_stable_and_the_file_is_well_formed(planned):
    first = exports.export_ics(planned)
    assert first == exports.export_ics(planned)
    text = first.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "PRODID:-//smmdesk//content calendar//EN" in text
    assert text.count("DTSTAMP:") == 4


def test_ics_floating_for_programs_without_zones(planned):
    cal = icalendar.Calendar.from_ical(exports.export_ics(planned, floating=True))
    assert not cal.walk("VTIMEZONE")
    series = next(p for p in planned if p.rrule)
    event = next(e for e in cal.walk("VEVENT") if str(e["UID"]) == exports.event_uid(series))
    assert event.decoded("DTSTART") == datetime(2026, 3, 23, 10, 0)
    assert "UNTIL=20260430T235959;" in event["RRULE"].to_ical().decode() + ";"


def test_export_range_takes_series_that_reach_into_it(store, planned):
    from smmdesk.calendar.exports import posts_for_export

    start = datetime(2026, 4, 10, tzinfo=UTC)
    end = datetime(2026, 4, 20, tzinfo=UTC)
    assert [p.title for p in posts_for_export(store, None, start, end)] == ["Tips"]
    late = datetime(2026, 6, 1, tzinfo=UTC)
    assert posts_for_export(store, None, late, None) == []


# --- CSV ---


def _csv(posts) -> str:
    out = io.StringIO()
    exports.export_csv(posts, out)
    return out.getvalue()


def _fresh_store(tmp_path):
    other = open_store(tmp_path / "other.db")
    acme = create_brand(other, "Acme")
    add_channel(other, acme, "Facebook page")
    add_channel(other, acme, "Website")
    return other, acme


def _comparable(text: str) -> list[dict]:
    """CSV rows without the ids, which a new database gives out afresh."""
    rows = list(csv.DictReader(io.StringIO(text)))
    titles = {row["id"]: row["title"] for row in rows}
    for row in rows:
        row.pop("id")
        row["series_id"] = titles.get(row["series_id"], "")
    return sorted(rows, key=lambda row: (row["scheduled_at"], row["title"]))


def test_csv_round_trip(tmp_path, planned):
    text = _csv(planned)
    other, acme = _fresh_store(tmp_path)
    with other:
        added = exports.import_csv(other, io.StringIO(text), "posts.csv", now=NOW)
        assert len(added) == 4
        again = _csv(list_posts(other, acme))
    assert _comparable(again) == _comparable(text)


def test_csv_row_without_goal_is_refused_with_its_line_and_nothing_is_written(tmp_path, planned):
    rows = list(csv.reader(io.StringIO(_csv(planned))))
    rows[3][rows[0].index("goal")] = ""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    other, _ = _fresh_store(tmp_path)
    with other:
        with pytest.raises(UserError) as caught:
            exports.import_csv(other, io.StringIO(out.getvalue()), "posts.csv", now=NOW)
        assert other.conn.execute("SELECT count(*) FROM posts").fetchone()[0] == 0
    # The sale (record 2) has a body on two lines, so record 3 starts on line 5.
    assert _start_line(out.getvalue(), 3) == 5
    assert str(caught.value) == "row has no goal, posts.csv:line 5: goal"


def _start_line(text: str, row_index: int) -> int:
    """1-based line on which CSV record ``row_index`` (0 = header) starts."""
    reader = csv.reader(io.StringIO(text))
    start = 1
    for index, _ in enumerate(reader):
        if index == row_index:
            return start
        start = reader.line_num + 1
    raise AssertionError


def test_csv_import_errors_name_line_and_column(store, brand):
    text = (
        "title,channel,goal,scheduled_at,tz\n"
        "Hello,Website,sales,2026-04-01T10:00:00+00:00,UTC\n"
        "Hi,Nowhere,sales,2026-04-01T10:00:00+00:00,UTC\n"
    )
    with pytest.raises(UserError, match=r"^no channel 'Nowhere' .*, posts.csv:line 3: channel$"):
        exports.import_csv(store, io.StringIO(text), "posts.csv", brand=brand, now=NOW)
    assert list_posts(store) == []


def test_csv_import_wall_times_and_missing_columns(store, brand):
    text = "title,channel,goal,scheduled_at,tz\nHello,Website,sales,2026-04-01 10:00,Europe/Kyiv\n"
    (post,) = exports.import_csv(store, io.StringIO(text), "p.csv", brand=brand, now=NOW)
    assert post.scheduled_at.astimezone(KYIV) == local(2026, 4, 1, 10, 0)
    with pytest.raises(UserError, match=r"missing column\(s\) goal, p.csv:line 1"):
        exports.import_csv(store, io.StringIO("title,channel,scheduled_at\n"), "p.csv", brand=brand)
    with pytest.raises(UserError, match="not an ISO time"):
        exports.import_csv(
            store, io.StringIO("title,channel,goal,scheduled_at\nA,Website,sales,soon\n"),
            "p.csv", brand=brand,
        )  # fmt: skip


@pytest.mark.parametrize("floating", [False, True])
def test_a_series_with_count_and_skipped_dates_ends_on_its_last_occurrence(store, brand, floating):
    """calcurse turns COUNT into an end date that ignores EXDATE (two phantom posts): such a
    series is written with UNTIL, the same occurrences the agenda shows, and no COUNT."""
    from dateutil.rrule import rrulestr

    start = local(2026, 3, 23, 10, 0)
    rule = recurrence.build_rule("weekly", start, weekdays=[0, 2], count=6)
    tips = create_post(store, brand, title="Tips", goal="questions", channel="Facebook page",
                       when=start, rrule=rule, tz="Europe/Kyiv", now=NOW)  # fmt: skip
    skip_occurrence(store, tips.id, local(2026, 3, 25, 10, 0), now=NOW)
    skip_occurrence(store, tips.id, local(2026, 4, 6, 10, 0), now=NOW)
    (post,) = list_posts(store, brand)
    agenda = recurrence.expand(
        post.rrule, post.scheduled_at, post.tz, local(2026, 1, 1), local(2027, 1, 1), post.exdates
    )
    assert len(agenda) == 4
    (event,) = _events(exports.export_ics([post], floating=floating)).values()
    written = event["RRULE"]
    assert "COUNT" not in written and "UNTIL" in written
    dtstart = event.decoded("DTSTART")
    skipped = {d.dt for exdate in [event["EXDATE"]] for d in exdate.dts}
    found = [m for m in rrulestr(written.to_ical().decode(), dtstart=dtstart) if m not in skipped]
    if floating:
        found = [m.replace(tzinfo=KYIV) for m in found]
    assert [m.astimezone(UTC) for m in found] == agenda
