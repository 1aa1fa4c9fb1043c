"""Every CSV the app writes neutralises cells a spreadsheet would run as formulas (OWASP),
and the app's own posts CSV still round-trips."""

import csv
import io

import pytest

from smmdesk.calendar.exports import export_csv, import_csv
from smmdesk.calendar.posts import list_posts
from smmdesk.cli import main
from smmdesk.csvsafe import guard, unguard
from tests.hostile import HOSTILE
from tests.hostile_desk import FORMULA, NOW, build

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def cells(text):
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def assert_no_formula(text):
    bad = [c for c in cells(text) if c.startswith(TRIGGERS)]
    assert bad == []


@pytest.mark.parametrize(
    "value", [*HOSTILE, FORMULA, "-5", "'=x", "''+y", "'", "", "=", "plain", "\t@x"]
)
def test_guard_then_unguard_gives_back_the_text(value):
    assert unguard(guard(value)) == value
    assert not str(guard(value)).startswith(TRIGGERS)


def test_numbers_stay_numbers():
    assert guard(-5) == -5 and guard(-0.25) == -0.25 and guard(None) is None


@pytest.fixture
def desk(store, tmp_path):
    return build(store, tmp_path)


def run(capsys, store, *args):
    assert main(["--db", str(store.path), *args]) == 0
    return capsys.readouterr().out


def test_replies_csv_neutralises_formulas(capsys, store, desk):
    out = run(capsys, store, "replies", "--format", "csv")
    assert "'=HYPERLINK" in out
    assert_no_formula(out)


def test_export_csv_neutralises_and_post_import_round_trips(capsys, store, desk):
    out = run(capsys, store, "export", "csv", "--brand", "acme")
    assert "'=HYPERLINK" in out
    assert_no_formula(out)
    before = list_posts(store, desk["brand"])
    after = import_csv(
        store, io.StringIO(out), "posts.csv", now=NOW
    )  # the same posts, by their ids
    fields = lambda p: (p.title, p.body, p.campaign, p.link)  # noqa: E731
    assert [fields(p) for p in after] == [fields(p) for p in before]


def test_export_csv_helper_round_trips_formula_titles(store, desk):
    buffer = io.StringIO()
    export_csv(list_posts(store, desk["brand"]), buffer)
    assert_no_formula(buffer.getvalue())


def test_report_csv_neutralises_goal_and_campaign_names(capsys, store, desk):
    out = run(
        capsys, store, "report", "--format", "csv", "--from", "2026-11-20", "--to", "2026-11-28"
    )
    assert "'=sales" in out
    assert_no_formula(out.replace(",-0.", ",0."))  # our own numbers stay numbers
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {
        "figure": "goal_mix",
        "group": "questions",
        "key": "",
        "measure": "delta",
        "value": "-0.4",
    } in rows
