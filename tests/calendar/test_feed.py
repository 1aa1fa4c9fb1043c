"""The calendar feed: `export ics --feed PATH` (or config.toml's path) is rewritten after every
change; edits raise SEQUENCE, a deleted post stays as STATUS:CANCELLED, VALARM on request."""

import icalendar
import pytest

from smmdesk.cli import main
from smmdesk.store import open_store
from smmdesk.store.brands import add_channel, create_brand


@pytest.fixture
def desk(tmp_path, monkeypatch):
    monkeypatch.setenv("SMMDESK_NOW", "2026-03-20T10:00:00+00:00")
    monkeypatch.setenv("SMMDESK_TZ", "Europe/Kyiv")
    monkeypatch.setenv("SMMDESK_CONFIG", str(tmp_path / "config.toml"))
    db = tmp_path / "desk.db"
    with open_store(db) as store:
        for name in ("Acme", "Other"):
            add_channel(store, create_brand(store, name), "Website")
    return db


def cli(db, *argv):
    assert main(["--db", str(db), *argv]) == 0


def events(path):
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    assert str(cal["X-WR-CALNAME"]) == "smmdesk"
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_the_feed_follows_every_change(desk, tmp_path):
    feed = tmp_path / "feed.ics"
    cli(desk, "post", "add", "Sale", "--when", "tue 10:00", "--goal", "sales",
        "--channel", "Website", "--brand", "acme")  # fmt: skip
    cli(desk, "export", "ics", "--feed", str(feed), "--alarm", "30")
    (uid,) = events(feed)
    first = events(feed)[uid]
    assert first["SEQUENCE"] == 0 and first["STATUS"] == "TENTATIVE"
    (alarm,) = first.walk("VALARM")
    assert alarm.decoded("TRIGGER").total_seconds() == -30 * 60

    cli(desk, "post", "add", "News", "--when", "wed 9:00", "--goal", "sales",
        "--channel", "Website", "--brand", "other")  # fmt: skip
    assert len(events(feed)) == 2  # rewritten by the next command, every brand

    cli(desk, "post", "edit", "1", "--title", "Big sale")
    edited = events(feed)[uid]
    assert edited["SEQUENCE"] == 1 and str(edited["SUMMARY"]) == "Acme: Big sale"
    cli(desk, "post", "move", "1", "+1d")
    assert events(feed)[uid]["SEQUENCE"] == 2

    cli(desk, "post", "rm", "1")
    gone = events(feed)[uid]
    assert gone["STATUS"] == "CANCELLED" and gone["SEQUENCE"] == 3
    assert str(gone["SUMMARY"]) == "Acme: Big sale"  # as programs showed it before
    assert len(events(feed)) == 2

    before = feed.read_bytes()
    cli(desk, "post", "show", "2")  # no change, no rewrite needed
    assert feed.read_bytes() == before


def test_a_new_post_with_a_deleted_ones_id_goes_on_with_a_higher_sequence(desk, tmp_path):
    feed = tmp_path / "feed.ics"
    cli(desk, "export", "ics", "--feed", str(feed))
    add = ["post", "add", "A", "--when", "tue 10:00", "--goal", "sales", "--channel", "Website",
           "--brand", "acme"]  # fmt: skip
    cli(desk, *add)
    cli(desk, "post", "rm", "1")
    cli(desk, *add)  # SQLite gives it id 1 again
    (event,) = events(feed).values()
    assert event["STATUS"] != "CANCELLED" and event["SEQUENCE"] == 2


def test_the_feed_path_from_config_toml(desk, tmp_path):
    feed = tmp_path / "from-config.ics"
    (tmp_path / "config.toml").write_text(
        f'[calendar]\nfeed = "{feed}"\nfeed_alarm_minutes = 15\n', encoding="utf-8"
    )
    cli(desk, "post", "add", "A", "--when", "tue 10:00", "--goal", "sales",
        "--channel", "Website", "--brand", "acme")  # fmt: skip
    (event,) = events(feed).values()
    assert event.walk("VALARM")[0].decoded("TRIGGER").total_seconds() == -15 * 60


def test_feed_options_that_do_not_go_together(desk, tmp_path, capsys):
    assert main(["--db", str(desk), "export", "ics", "--alarm", "5"]) == 2
    assert main(["--db", str(desk), "export", "csv", "--feed", str(tmp_path / "f")]) == 2
    assert "--feed" in capsys.readouterr().err
