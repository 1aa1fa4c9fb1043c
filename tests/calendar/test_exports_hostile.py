"""Hostile post titles survive exports as data: one event each, the text intact."""

import csv
import io

import pytest

from smmdesk.calendar.exports import export_csv, export_ics
from smmdesk.calendar.posts import create_post, list_posts
from tests.calendar.conftest import NOW, local
from tests.hostile import HOSTILE

INJECTIONS = [
    *HOSTILE[:12],
    "Title\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:forged",
    "semi;colon,comma\\backslash",
]


@pytest.fixture
def hostile_posts(store, brand):
    for n, title in enumerate(INJECTIONS):
        create_post(
            store,
            brand,
            title=title,
            body=title,
            goal="sales",
            channel="Facebook page",
            when=local(2026, 4, 1 + n % 20, 10),
            link="https://acme.example/x",
            now=NOW,
        )
    return list_posts(store, brand)


def test_ics_keeps_one_event_per_post_with_the_literal_title(hostile_posts):
    import icalendar

    calendar = icalendar.Calendar.from_ical(export_ics(hostile_posts))
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(INJECTIONS)
    titles = sorted(str(e["SUMMARY"]) for e in events)
    assert "forged" not in titles  # no event was smuggled in
    assert sorted(t.replace("\r\n", "\n").replace("\r", "\n") for t in INJECTIONS) == sorted(
        t.replace("\r\n", "\n").replace("\r", "\n") for t in titles
    )


def test_csv_round_trips_hostile_titles(hostile_posts):
    out = io.StringIO()
    export_csv(hostile_posts, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert sorted(r["title"] for r in rows) == sorted(INJECTIONS)
