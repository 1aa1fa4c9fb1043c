"""The client report in Markdown: user text (value proposition, goal, channel and brand
names) is text, never HTML, table syntax, a heading, code or a link."""

from html import unescape

import pytest
from markdown_it import MarkdownIt

from smmdesk.report.figures import build_report
from smmdesk.report.period import parse_period
from smmdesk.report.render import as_markdown, md_text
from smmdesk.textsafe import editable
from tests.hostile import HOSTILE, forbidden
from tests.hostile_desk import HTML, NOW, TABLE, build

OUR_HEADINGS = {
    "Value proposition",
    "Goals",
    "Headlines",
    "Time to first response",
    "Comments per day",
    "Open backlog by age (now)",
    "Goal mix against target",
    "Posts per goal and channel",
    "Days without a post",
    "Outcomes per goal",
    "Outcomes per campaign",
}


def parser():
    return MarkdownIt("commonmark").enable("table")


@pytest.fixture
def markdown(store, tmp_path):
    desk = build(store, tmp_path)
    period = parse_period("2026-11-20", "2026-11-28", now=NOW)
    return as_markdown(build_report(store, period, desk["brand"], now=NOW))


def test_no_html_reaches_the_client(markdown):
    html = parser().render(markdown)
    for tag in ("<script", "<img", "<a ", "<code", "<em>em"):
        assert tag not in html
    assert "*em*" in html and "`code`" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, as text


def test_headings_are_ours_only(markdown):
    tokens = parser().parse(markdown)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0].startswith("Weekly report")
    assert set(headings[1:]) <= OUR_HEADINGS, headings


def unescaped_pipes(line: str) -> int:
    count, escaped = 0, False
    for ch in line:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "|":
            count += 1
    return count


def test_every_table_row_has_its_header_columns(markdown):
    width = None
    for line in markdown.splitlines():
        if not line.startswith("|"):
            width = None
            continue
        if width is None:
            width = unescaped_pipes(line)
        assert unescaped_pipes(line) == width, line


def test_no_terminal_control_and_no_raw_user_text(markdown):
    assert not forbidden(markdown)
    assert HTML not in markdown and "`code`" not in markdown


@pytest.mark.parametrize(
    "text",
    [
        *HOSTILE,
        HTML,
        TABLE,
        "# title",
        "1. item",
        "2) item",
        "- item",
        "+ x",
        "> quote",
        "`code`",
        "**bold**",
        "a|b",
        "&amp;",
        "~~s~~",
        "![img](x)",
        "<http://evil.example>",
        "a  \\",
    ],
)
def test_md_text_renders_as_the_text_itself(text):
    html = parser().render(md_text(text))
    assert html.startswith("<p>") and html.endswith("</p>\n") and html.count("<p>") == 1, html
    inner = html.removeprefix("<p>").removesuffix("</p>\n")
    assert "<" not in inner  # no element, only text
    assert " ".join(unescape(inner).split()) == " ".join(editable(text, multiline=True).split())
