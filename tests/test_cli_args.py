"""Out-of-range values are one line, never a traceback; every --help prints."""

import argparse
import hashlib

import pytest

from smmdesk.cli import build_parser, main
from smmdesk.errors import UserError


def every_parser(parser: argparse.ArgumentParser, path=()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from every_parser(sub, (*path, name))


def test_every_help_prints(capsys):
    parsers = list(every_parser(build_parser()))
    assert len(parsers) > 30  # the walk reached the nested commands
    names = {" ".join(path) for path, _ in parsers}
    assert {"goal add", "goal set", "post add", "brief import"} <= names
    for path, _ in parsers:
        with pytest.raises(SystemExit) as stop:
            main([*path, "--help"])
        assert stop.value.code == 0, path
        assert "usage: smmdesk" in capsys.readouterr().out, path


def test_every_option_and_argument_has_help():
    missing = [
        (" ".join(path), action.option_strings or action.dest)
        for path, parser in every_parser(build_parser())
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction) and not action.help
    ]
    assert missing == []


@pytest.mark.parametrize("value", ["-5", "-1", "0"])
def test_limit_refuses_negative_numbers(capsys, tmp_path, value):
    assert main(["--db", str(tmp_path / "d.db"), "inbox", f"--limit={value}"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "argument --limit: must be from 1" in err
    assert main(["--db", str(tmp_path / "d.db"), "inbox", "--limit", value]) == 2
    assert "argument --limit: must be from 1" in capsys.readouterr().err


@pytest.fixture
def demo_db(tmp_path, capsys):
    db = tmp_path / "desk.db"
    assert main(["demo", "--db", str(db)]) == 0
    capsys.readouterr()
    return db


HUGE = str(10**20)


@pytest.mark.parametrize(
    "args",
    [
        ["inbox", "--limit", HUGE],
        ["inbox", "--limit", "-1"],
        ["inbox", "--limit", "0"],
        ["inbox", "--explain", HUGE],
        ["inbox", "--explain", "-3"],
        ["report", "--from", "0001-01-01"],
        ["report", "--to", "9999-12-31"],
        ["report", "--days", HUGE],
        ["calendar", "--brand", "kava-lab", "--agenda", "--days", "100000000"],
        ["calendar", "--brand", "kava-lab", "--agenda", "--days", "-5"],
        ["calendar", "--brand", "kava-lab", "--interval", HUGE],
        ["calendar", "--brand", "kava-lab", "--month", "--date", "9999-12-31"],
        ["export", "csv", "--brand", "kava-lab", "--to", "9999-12-31"],
        ["post", "show", HUGE, "--brand", "kava-lab"],
        [
            "post",
            "add",
            "x",
            "--when",
            "tomorrow",
            "--goal",
            "sales",
            "--brand",
            "kava-lab",
            "--repeat",
            "weekly",
            "--count",
            HUGE,
        ],
        ["outcomes", "add", HUGE, "--reach", "1"],
        ["outcomes", "add", "1", "--date", "0001-01-01", "--reach", "1"],
    ],
)
def test_out_of_range_is_one_line_and_changes_nothing(capsys, demo_db, args, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Kyiv")  # a zone east of UTC pushed 0001-01-01 below date.min
    before = hashlib.sha256(demo_db.read_bytes()).hexdigest()
    code = main(["--db", str(demo_db), *args])
    out, err = capsys.readouterr()
    assert code == 2, (args, out, err)
    assert err.startswith("smmdesk: error: argument ") and err.count("\n") == 1, err
    assert hashlib.sha256(demo_db.read_bytes()).hexdigest() == before


def test_in_range_values_still_work(capsys, demo_db):
    assert main(["--db", str(demo_db), "inbox", "--limit", "3"]) == 0
    assert main(["--db", str(demo_db), "report", "--from", "2026-01-01", "--days", "3"]) == 0
    assert (
        main(
            [
                "--db",
                str(demo_db),
                "calendar",
                "--brand",
                "kava-lab",
                "--agenda",
                "--days",
                "3",
                "--date",
                "tomorrow",
            ]
        )
        == 0
    )


def test_a_huge_outcome_figure_is_one_line(capsys, demo_db):
    code = main(["--db", str(demo_db), "outcomes", "add", "1", "--reach", HUGE])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("smmdesk: error: reach is over") and err.count("\n") == 1


DAY_INPUTS = [
    "2026-12-04",
    " 2026-12-04 ",
    "fri",
    "tomorrow",
    "today",
    "+7d",
    "2026-12-04 10:00",
    "someday",
    "",
    "2026-13-01",
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "3000-01-01",
    "+1000000d",
    "-7d",
]


def parsed_day(argv: list[str], dest: str):
    """The value argparse keeps for a day option, or the one-line error it refuses it with."""
    try:
        return "ok", getattr(build_parser().parse_args(argv), dest)
    except UserError as exc:
        return "refused", str(exc).split(":", 1)[1].strip()


@pytest.mark.parametrize("text", DAY_INPUTS)
def test_every_day_option_reads_one_grammar(text, monkeypatch):
    """inbox --since/--until, replies --since, report --from/--to, export --from/--to,
    calendar --date, post add --until: the same inputs accepted as the same day, the same refused."""
    monkeypatch.setenv("SMMDESK_NOW", "2026-12-01T10:00:00+00:00")  # a Tuesday
    monkeypatch.setenv("SMMDESK_TZ", "Europe/Kyiv")
    results = {
        "inbox --since": parsed_day(["inbox", "--since", text], "since"),
        "inbox --until": parsed_day(["inbox", "--until", text], "until"),
        "replies --since": parsed_day(["replies", "--since", text], "since"),
        "report --from": parsed_day(["report", "--from", text], "first"),
        "report --to": parsed_day(["report", "--to", text], "last"),
        "export --from": parsed_day(["export", "ics", "--from", text], "start"),
        "export --to": parsed_day(["export", "ics", "--to", text], "end"),
        "calendar --date": parsed_day(["calendar", "--date", text], "date"),
    }
    assert len(set(results.values())) == 1, results
    outcome, value = results["report --from"]
    if text.strip() in ("2026-12-04", "fri", "2026-12-04 10:00"):
        assert (outcome, value) == ("ok", "2026-12-04")
    elif text in ("today", "tomorrow", "+7d"):
        assert (
            outcome == "ok"
            and value
            == {"today": "2026-12-01", "tomorrow": "2026-12-02", "+7d": "2026-12-08"}[text]
        )
    else:
        assert outcome == "refused", value
