"""ICS: a campaign, channel or body with newlines, commas or semicolons is escaped (RFC 5545),
never breaks the export of the whole brand; impossible dates are refused when entered."""

import io
import re
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from smmdesk.calendar.exports import export_ics, import_csv
from smmdesk.calendar.posts import create_post, draft_of, edit_post, get_post, list_posts, move_post
from smmdesk.errors import UserError
from tests.calendar.conftest import NOW, local
from tests.hostile import ESCAPES

ODD = "line one\nline two, with; semi\\colon\r\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:forged"


def unescape(text: str) -> str:
    """RFC 5545 TEXT unescaping (icalendar 7 leaves X- properties as written)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def add(store, brand, **fields):
    values = dict(
        title="t",
        goal="sales",
        channel="Facebook page",
        when=local(2026, 4, 1, 10),
        link="https://acme.example/x",
        now=NOW,
    )
    values.update(fields)
    return create_post(store, brand, **values)


def test_campaign_and_body_with_newlines_export_and_parse_back(store, brand):
    import icalendar

    add(store, brand, title=ODD, body=ODD, campaign=ODD)
    add(store, brand, title=f"plain {ESCAPES}", campaign=f"c, {ESCAPES}")
    data = export_ics(list_posts(store, brand))
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    odd = next(e for e in events if str(e["SUMMARY"]).startswith("line one"))
    flat = ODD.replace("\r\n", "\n")
    assert str(odd["SUMMARY"]) == flat and str(odd["DESCRIPTION"]) == flat
    # An X- property is TEXT by default (RFC 5545 3.8.8.2); icalendar hands it back unparsed.
    assert unescape(str(odd["X-SMMDESK-CAMPAIGN"])) == flat
    for line in data.split(b"\r\n"):
        assert b"\n" not in line and b"\r" not in line


@pytest.mark.parametrize(
    "when",
    [
        datetime(9999, 12, 31, 23, 50, tzinfo=UTC),
        datetime(9500, 1, 1, tzinfo=UTC),
        datetime(1, 1, 1, 0, 5, tzinfo=UTC),
    ],
)
def test_impossible_dates_are_refused_at_entry(store, brand, when):
    with pytest.raises(UserError, match=r", when$"):
        add(store, brand, when=when)
    post = add(store, brand)
    with pytest.raises(UserError, match=r", when$"):
        edit_post(store, post.id, replace(draft_of(post), when=when))
    assert get_post(store, post.id).scheduled_at == post.scheduled_at


def test_moving_past_the_horizon_is_refused(store, brand):
    from dateutil.relativedelta import relativedelta

    post = add(store, brand)
    with pytest.raises(UserError, match=r", when$"):
        move_post(store, post.id, relativedelta(years=7000))
    assert get_post(store, post.id).scheduled_at == post.scheduled_at


def test_csv_import_refuses_a_far_date_with_its_line(store, brand):
    text = (
        "title,channel,goal,scheduled_at\n"
        "ok,Facebook page,sales,2026-04-01T10:00:00+00:00\n"
        "far,Facebook page,sales,9999-12-31T23:59:00+00:00\n"
    )
    with pytest.raises(UserError, match=r"posts.csv:line 3"):
        import_csv(store, io.StringIO(text), "posts.csv", brand=brand, now=NOW)
    assert list_posts(store, brand) == []


def test_cli_post_add_far_date_is_one_line(capsys, store, brand):
    from smmdesk.cli import main

    code = main(
        [
            "--db",
            str(store.path),
            "post",
            "add",
            "far",
            "--goal",
            "sales",
            "--channel",
            "Facebook page",
            "--when",
            "9999-12-31 23:59",
            "--brand",
            brand.slug,
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("smmdesk: error: ") and err.count("\n") == 1
