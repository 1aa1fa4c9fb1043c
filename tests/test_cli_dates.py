"""Every option that takes a day or a time, at the ends of the calendar: one line or success."""

import pytest

from smmdesk.cli import main

# {V} is the value under test; post 1 is a single post of the demo's kava-lab, 52 a series. Every command that reads a day or a time is here.
TEMPLATES = [
    ["replies", "--since", "{V}"],
    ["inbox", "--since", "{V}"],
    ["inbox", "--until", "{V}"],
    ["report", "--from", "{V}"],
    ["report", "--to", "{V}"],
    ["calendar", "--date", "{V}"],
    ["calendar", "--agenda", "--date", "{V}"],
    ["export", "ics", "--from", "{V}"],
    ["export", "csv", "--to", "{V}"],
    ["post", "add", "t", "--goal", "sales", "--when", "{V}"],
    ["post", "add", "t", "--goal", "sales", "--when", "{V} 10:00"],
    [
        "post",
        "add",
        "t",
        "--goal",
        "sales",
        "--when",
        "tomorrow 10:00",
        "--repeat",
        "weekly",
        "--until",
        "{V}",
    ],  # fmt: skip
    ["post", "edit", "1", "--when", "{V}"],
    ["post", "edit", "1", "--when", "{V} 23:59"],
    ["post", "edit", "52", "--occurrence", "{V}", "--title", "x"],
    ["post", "move", "1", "{V}"],
    ["post", "move", "52", "--occurrence", "{V}", "+1d"],
    ["post", "copy", "1", "{V}"],
    ["post", "rm", "52", "--occurrence", "{V}"],
    ["outcomes", "add", "1", "--date", "{V}", "--leads", "1"],
]
VALUES = ["0001-01-01", "9999-12-31", "-1", "+99999999d", "-99999999w", "+999999999h"]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("dates") / "desk.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: " ".join(t[:3]))
def test_ends_of_the_calendar_are_one_line(template, demo_db, capsys):
    capsys.readouterr()
    for value in VALUES:
        args = [part.replace("{V}", value) for part in template]
        try:
            code = main(["--db", str(demo_db), *args, "--brand", "kava-lab"])
        except SystemExit as stop:
            code = stop.code
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err, (args, err)
        assert "unrecognized" not in err, (args, err)
        if code == 0:
            continue
        assert code == 2, (args, code, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("smmdesk: error: "), (args, err)
