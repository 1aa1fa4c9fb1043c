"""The client report opens with the brief's value proposition and goals."""

import pytest

from smmdesk.brand.save import write_brief
from smmdesk.store.brief import load_brief
from tests.conftest import NOW
from tests.report.test_cli import run


@pytest.fixture
def db(monkeypatch, store, desk):
    monkeypatch.setenv("SMMDESK_NOW", NOW.isoformat())
    return str(store.path)


def test_markdown_report_starts_with_value_proposition_and_goals(capsys, db, store, brand):
    brief = load_brief(store, brand)
    brief.value_proposition = "Coffee roasted this week, [bold]at your door[/] in two days"
    write_brief(store, brand, brief)
    code, out, _ = run(capsys, "--db", db, "report", "--brand", "acme", "--format", "md")
    assert code == 0
    head = out.split("## Headlines")[0]
    # Markdown brackets escaped, so it renders as typed (never as a link)
    assert (
        "## Value proposition\n\nCoffee roasted this week, \\[bold\\]at your door\\[/\\] in two days"
        in head
    )
    assert "## Goals\n\n- Sales: 30% of the plan\n- Answering questions: 40% of the plan" in head
    code, out, _ = run(capsys, "--db", db, "report", "--format", "md")
    assert "## Value proposition" not in out  # all brands: no one brand's strategy
