import argparse

import icalendar
import pytest

from smmdesk.calendar.posts import get_post, list_posts
from smmdesk.cli.calendar import register
from smmdesk.errors import UserError
from smmdesk.store.brands import add_channel, create_brand

from .conftest import KYIV, local


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("SMMDESK_NOW", "2026-03-20T10:00:00+00:00")  # Fri 12:00 in Kyiv
    monkeypatch.setenv("SMMDESK_TZ", "Europe/Kyiv")


def run(store, *argv):
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args, store)


def add(store, *extra):
    return run(store, "post", "add", "Spring sale", "--when", "tue 10:00", "--goal", "sales",
               "--channel", "Website", *extra)  # fmt: skip


def test_post_add_and_show(store, brand, capsys):
    assert add(store, "--link", "https://acme.example/shop") == 0
    out = capsys.readouterr().out
    assert out.startswith("added #1 Tue 2026-03-24 10:00 Spring sale · Website · goal sales")
    post = get_post(store, 1)
    assert post.scheduled_at.astimezone(KYIV) == local(2026, 3, 24, 10, 0)
    assert post.tz == "Europe/Kyiv"
    run(store, "post", "show", "1")
    shown = capsys.readouterr().out
    assert "utm_source=website&utm_medium=social&utm_campaign=sales" in shown


def test_post_add_without_goal_is_refused(store, brand):
    with pytest.raises(UserError, match="needs a goal"):
        run(store, "post", "add", "X", "--when", "tomorrow 9:00", "--channel", "Website")
    assert list_posts(store) == []


def test_post_add_bad_time(store, brand):
    with pytest.raises(UserError, match="ambiguous"):
        run(store, "post", "add", "X", "--when", "01/02", "--goal", "sales", "--channel", "Website")


def test_series_from_the_command_line(store, brand, capsys):
    run(store, "post", "add", "Tips", "--when", "mon 10:00", "--goal", "questions",
        "--channel", "Facebook page", "--repeat", "weekly", "--on", "mon,wed", "--count", "4")  # fmt: skip
    assert "repeats weekly on Mon, Wed, 4 times" in capsys.readouterr().out
    run(store, "post", "rm", "1", "--occurrence", "2026-03-25 10:00")
    run(store, "post", "edit", "1", "--occurrence", "2026-03-30 10:00", "--title", "Special")
    run(store, "post", "move", "1", "+1h", "--occurrence", "2026-04-01 10:00")
    capsys.readouterr()
    run(store, "calendar", "--agenda", "--days", "14")
    out = capsys.readouterr().out
    assert "10:00  #1 Tips ⟳" in out
    assert "Special" in out and "11:00  #3 Tips" in out
    assert "Wed 2026-03-25" not in out


def test_edit_move_copy_rm(store, brand, capsys):
    add(store)
    run(store, "post", "edit", "1", "--title", "Big sale", "--when", "wed 11:00")
    run(store, "post", "move", "1", "+1d")
    run(store, "post", "copy", "1", "fri")
    out = capsys.readouterr().out
    assert "edited #1 Wed 2026-03-25 11:00 Big sale" in out
    assert "moved #1 Thu 2026-03-26 11:00" in out
    assert "copied to #2 Fri 2026-03-27 11:00 Big sale" in out
    run(store, "post", "rm", "2")
    assert [p.id for p in list_posts(store)] == [1]
    with pytest.raises(UserError, match="nothing to change"):
        run(store, "post", "edit", "1")
    with pytest.raises(UserError, match="no post with id 9"):
        run(store, "post", "move", "9", "+1d")


def test_calendar_week_shows_checks(store, brand, capsys):
    add(store)  # sales without a link
    run(
        store,
        "post",
        "add",
        "Q",
        "--when",
        "tue 10:30",
        "--goal",
        "questions",
        "--channel",
        "Website",
    )
    capsys.readouterr()
    assert run(store, "calendar", "--week", "--date", "2026-03-24") == 0
    out = capsys.readouterr().out
    assert "Acme — week 2026-W13 (2026-03-23 to 2026-03-29)" in out
    assert "conflicts (closer than 120 min on one channel):" in out
    assert "Website: #1 Tue 10:00 and #2 Tue 10:30" in out
    assert "gaps (days without a post): Mon 23, Wed 25" in out
    assert "#1 Tue 2026-03-24 10:00: sales post without a link" in out
    assert "goal mix 2026-W13 (2 posts)" in out
    assert "sales              1   50% /  30%  over" in out


def test_calendar_month_and_interval(store, brand, capsys):
    add(store)
    run(store, "calendar", "--month", "--interval", "30")
    out = capsys.readouterr().out
    assert "March 2026" in out and "goal mix 2026-03" in out


def test_user_text_is_printed_as_data(store, brand, capsys):
    run(store, "post", "add", "\x1b[31mred\x1b[0m [bold]x\u202e", "--when", "tue 10:00",
        "--goal", "questions", "--channel", "Website")  # fmt: skip
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    assert "[bold]x" in out


def test_brand_selection(store, brand, capsys):
    other = create_brand(store, "Other")
    add_channel(store, other, "Website")
    with pytest.raises(UserError, match="several brands.*acme, other"):
        add(store)
    add(store, "--brand", "other")
    assert get_post(store, 1).brand == "other"
    with pytest.raises(UserError, match="no brand 'nope'"):
        add(store, "--brand", "nope")
    with pytest.raises(UserError, match="belongs to brand other"):
        run(store, "post", "rm", "1", "--brand", "acme")


def test_export_ics_and_csv_and_import(store, brand, tmp_path, capsys):
    add(store)
    run(store, "post", "add", "Later", "--when", "2026-05-01 10:00", "--goal", "recognition",
        "--channel", "Website")  # fmt: skip
    capsys.readouterr()
    target = tmp_path / "plan.ics"
    run(store, "export", "ics", "--from", "2026-03-23", "--to", "2026-03-29", "-o", str(target))
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == ["Spring sale"]

    run(store, "export", "csv")
    text = capsys.readouterr().out
    assert text.splitlines()[0].startswith("id,brand,title")
    assert len(text.splitlines()) == 3
    path = tmp_path / "posts.csv"
    path.write_text(text, encoding="utf-8")
    run(store, "post", "import", str(path))
    assert "imported 2 post(s)" in capsys.readouterr().out
    assert len(list_posts(store)) == 2  # the same posts, by their ids: nothing changes


def test_export_ics_all_brands_in_one_calendar(store, brand, other_brand, tmp_path, capsys):
    add(store, "--brand", "acme")
    run(store, "post", "add", "Their news", "--when", "wed 9:00", "--goal", "sales",
        "--channel", "Other page", "--brand", "other")  # fmt: skip
    capsys.readouterr()
    with pytest.raises(UserError, match=r"several brands.* or --all, --brand$"):
        run(store, "export", "ics")
    target = tmp_path / "all.ics"
    assert run(store, "export", "ics", "--all", "-o", str(target)) == 0
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    assert str(cal["X-WR-CALNAME"]) == "smmdesk: all brands"
    events = {str(e["X-SMMDESK-BRAND"]): e for e in cal.walk("VEVENT")}
    assert sorted(events) == ["acme", "other"]
    assert str(events["acme"]["SUMMARY"]) == "Acme: Spring sale"
    assert str(events["other"]["SUMMARY"]) == "Other: Their news"
    assert events["other"]["CATEGORIES"].cats == ["sales", "other"]
    run(store, "export", "ics", "--brand", "acme", "-o", str(target))
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    assert str(cal["X-WR-CALNAME"]) == "smmdesk: Acme"
    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == ["Spring sale"]
    assert [str(e["X-SMMDESK-BRAND"]) for e in cal.walk("VEVENT")] == ["acme"]
    run(store, "export", "csv", "--all")
    rows = capsys.readouterr().out.splitlines()
    assert len(rows) == 3 and {r.split(",")[1] for r in rows[1:]} == {"acme", "other"}


def test_import_refuses_row_without_goal(store, brand, tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(
        "title,channel,goal,scheduled_at\nA,Website,sales,2026-04-01T10:00:00+00:00\n"
        "B,Website,,2026-04-02T10:00:00+00:00\n",
        encoding="utf-8",
    )
    with pytest.raises(UserError, match=r"^row has no goal, posts.csv:line 3: goal$"):
        run(store, "post", "import", str(path))
    assert list_posts(store) == []
    with pytest.raises(UserError, match="no such file"):
        run(store, "post", "import", str(tmp_path / "missing.csv"))


def test_goals_and_channels_commands(store, brand, capsys):
    run(store, "channel", "add", "Newsletter", "--kind", "newsletter")
    run(store, "channel", "list")
    assert "Newsletter · newsletter" in capsys.readouterr().out
    run(store, "goal", "set", "questions", "--target", "35%")
    run(store, "goal", "add", "leads", "Leads", "--target", "5%")
    run(store, "goal", "list")
    out = capsys.readouterr().out
    assert "questions        organic  35%" in out
    assert "leads" in out


def test_through_the_main_cli(tmp_path, capsys):
    from smmdesk.cli import main
    from smmdesk.store import open_store

    db = tmp_path / "main.db"
    with open_store(db) as store:
        acme = create_brand(store, "Acme")
        add_channel(store, acme, "Website")
    argv = ["--db", str(db), "post", "add", "Hi", "--when", "tue 10:00", "--channel", "Website"]
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith("smmdesk: error: a post needs a goal")
    assert main([*argv, "--goal", "sales"]) == 0
    assert main(["--db", str(db), "export", "ics"]) == 0
    assert b"BEGIN:VCALENDAR" in capsys.readouterr().out.encode()
    assert main(["--db", str(db), "post", "frobnicate"]) == 2


def test_stdout_binary_export_is_utf8(store, brand, capsys):
    run(
        store,
        "post",
        "add",
        "Сторінка",
        "--when",
        "tue 10:00",
        "--goal",
        "sales",
        "--channel",
        "Website",
    )
    capsys.readouterr()
    run(store, "export", "csv")
    assert "Сторінка" in capsys.readouterr().out


def test_post_image_is_set_edited_and_shown(store, brand, capsys):
    add_channel(store, brand, "Instagram", "instagram")
    base = ("post", "add", "Shoes", "--when", "tue 10:00", "--goal", "sales")
    with pytest.raises(UserError, match="needs an image to be scheduled"):
        run(store, *base, "--channel", "Instagram", "--status", "scheduled")
    assert run(store, *base, "--channel", "Instagram", "--status", "draft") == 0
    post = list_posts(store)[-1]
    with pytest.raises(UserError, match="needs an image"):
        run(store, "post", "edit", str(post.id), "--status", "scheduled")
    image = "https://acme.example/shoes.jpg"
    run(store, "post", "edit", str(post.id), "--status", "scheduled", "--image", image)
    assert get_post(store, post.id).image_url == image
    capsys.readouterr()
    run(store, "post", "show", str(post.id))
    assert f"image  {image}" in capsys.readouterr().out
    with pytest.raises(UserError, match="image must be a web address starting with https://"):
        run(store, "post", "edit", str(post.id), "--image", "http://acme.example/shoes.jpg")
