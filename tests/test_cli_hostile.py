"""Every command that prints user text shows it, never obeys it: no escape, C0/C1 or bidi
control reaches stdout or stderr, markup prints literally, JSON stays the same data, and
CSV/ICS keep their exact bytes in a pipe but are made visible on a terminal."""

import io
import json
import re
from pathlib import Path

import pytest

from smmdesk.cli import main
from tests.hostile import SAMPLE, forbidden
from tests.hostile_desk import build

ROOT = Path(__file__).resolve().parents[1]
RANGE = ("--from", "2026-11-20", "--to", "2026-11-28")


@pytest.fixture
def desk(store, tmp_path, monkeypatch):
    monkeypatch.setenv("SMMDESK_NOW", "2026-11-28T12:00:00+00:00")
    return build(store, tmp_path)


def run(capsys, store, *args, code=0):
    assert main(["--db", str(store.path), *args]) == code
    return capsys.readouterr()


def commands(desk):
    post, comment = desk["post"].id, desk["comments"][1]
    return [
        ("inbox",),
        ("inbox", "--status", "all", "--limit", "50"),
        ("inbox", "--explain", str(comment)),
        ("templates", "list"),
        ("calendar", "--week", "--date", "2026-11-26"),
        ("calendar", "--month", "--date", "2026-11-26"),
        ("calendar", "--agenda", "--date", "2026-11-20"),
        ("post", "show", str(post)),
        ("channel", "list"),
        ("goal", "list"),
        ("brief", "show"),
        ("brief", "show", "--format", "toml"),
        ("report", *RANGE),
        ("report", "--format", "md", *RANGE),
        ("report", "--format", "json", *RANGE),
        ("lexicon", "list"),
        ("goal", "set", "questions", "--name", SAMPLE),
        ("post", "edit", str(post), "--campaign", SAMPLE),
    ]


def test_every_command_prints_user_text_visibly(capsys, store, desk):
    for args in commands(desk):
        out = run(capsys, store, *args)
        assert not forbidden(out.out), (args, sorted(forbidden(out.out)))
        assert not forbidden(out.err), (args, out.err)


def test_markup_prints_literally(capsys, store, desk):
    out = run(capsys, store, "post", "show", str(desk["post"].id)).out
    assert "[bold red]loud[/] [@click=app.quit]q[/] [/]" in out
    assert "\\x1b]52;c;" in out  # the escape, shown as text
    out = run(capsys, store, "brief", "show").out
    assert "[bold red]loud[/]" in out and "\\x1b]52;c;" in out


def test_json_is_the_same_data_and_safe_on_a_terminal(capsys, store, desk):
    for args in (
        ("inbox", "--json", "--status", "all"),
        ("replies", "--format", "json"),
        ("report", "--format", "json", *RANGE),
    ):
        out = run(capsys, store, *args).out
        assert not forbidden(out), args
        assert any(SAMPLE in text for text in strings(json.loads(out))), args  # the data, exact


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize(
    "args",
    [("export", "csv"), ("export", "ics"), ("replies",), ("report", "--format", "csv", *RANGE)],
)
def test_data_formats_are_exact_in_a_pipe_and_visible_on_a_terminal(
    capsys, store, desk, monkeypatch, args
):
    piped = run(capsys, store, *args).out
    terminal = Terminal()
    monkeypatch.setattr("sys.stdout", terminal)
    assert main(["--db", str(store.path), *args]) == 0
    shown = terminal.getvalue()
    assert not forbidden(shown), sorted(forbidden(shown))
    assert shown.count("\n") >= piped.count("\n") - 1
    if args[0] == "export":
        assert forbidden(piped, allow="\n\r")  # the file keeps its bytes (titles round-trip)


def test_errors_are_one_visible_line(capsys, store, desk):
    out = run(capsys, store, "post", "show", "999", code=2)
    assert out.err.startswith("smmdesk: error: ") and out.err.count("\n") == 1
    out = run(capsys, store, "lexicon", "rm", SAMPLE, code=2)
    assert not forbidden(out.err) and out.err.count("\n") == 1


def test_the_cli_prints_only_through_its_writer():
    """A new command cannot forget: cli/*.py never call print() or write to stdout themselves."""
    offenders = []
    paths = sorted((ROOT / "smmdesk" / "cli").glob("*.py"))
    assert len(paths) >= 10 and not list(ROOT.glob("smmdesk/cli_*.py"))
    for path in paths:
        if path.name == "output.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"(?<![\w.])print\(|sys\.stdout\.(write|buffer)", line):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert offenders == []
