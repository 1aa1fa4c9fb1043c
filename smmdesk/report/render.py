"""The report as text (aligned tables), JSON, CSV (long format) or Markdown (for the client).

CSV is one long table: ``figure,group,key,measure,value`` — ``figure`` names the
table (inbox, per_day, response_times, backlog, goal_channel, goal_mix, gaps,
outcomes_by_goal, outcomes_by_campaign), ``group`` and ``key`` the row
(a band, a day, a goal...) and ``measure`` the column, so every figure fits
one sheet and a pivot table rebuilds any of them.
"""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Callable
from typing import Any

from rich.cells import cell_len

from smmdesk import csvsafe
from smmdesk.report.figures import OutcomeRow, Report
from smmdesk.textsafe import editable, visible

FORMATS = ("text", "json", "csv", "md")


def minutes(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 120:
        return f"{value:.0f} min"
    if value < 48 * 60:
        return f"{value / 60:.1f} h"
    return f"{value / 1440:.1f} d"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def _title(report: Report) -> str:
    return f"{visible(report.brand) if report.brand else 'All brands'} · {report.period.label}"


def tables(report: Report) -> list[tuple[str, list[str], list[list[str]]]]:
    """Every figure as (title, header, rows of text): what text and Markdown print."""
    inbox = report.inbox
    out: list[tuple[str, list[str], list[list[str]]]] = []
    out.append(
        (
            "Inbox",
            ["measure", "value"],
            [
                ["comments", str(inbox.total)],
                ["negative", f"{inbox.negative} ({percent(inbox.negative_share)})"],
                ["unscored", f"{inbox.unscored} ({percent(inbox.unscored_share)})"],
                ["answered", str(inbox.answered)],
                ["missed response target", str(inbox.missed)],
            ],
        )
    )
    out.append(
        (
            "Time to first response",
            ["band", "comments", "answered", "median", "90th pct", "missed target"],
            [
                [
                    b.band,
                    str(b.comments),
                    str(b.answered),
                    minutes(b.median_min),
                    minutes(b.p90_min),
                    str(b.missed),
                ]
                for b in inbox.response
            ],
        )
    )
    out.append(
        (
            "Comments per day",
            ["day", "total", "negative", "neutral", "positive", "unscored", "mean sentiment"],
            [
                [
                    f"{d.day:%a %d %b}",
                    str(d.total),
                    str(d.negative),
                    str(d.neutral),
                    str(d.positive),
                    str(d.unscored),
                    "—" if d.mean_compound is None else f"{d.mean_compound:+.2f}",
                ]
                for d in inbox.days
            ],
        )
    )
    out.append(
        (
            "Open backlog by age (now)",
            ["age", "open"],
            [[label, str(n)] for label, n in inbox.backlog],
        )
    )
    content = report.content
    out.append(
        (
            "Goal mix against target",
            ["goal", "kind", "posts", "share", "target", "gap"],
            [
                [
                    visible(r.name),
                    r.kind,
                    str(r.posts),
                    percent(r.share),
                    percent(r.target),
                    f"{r.delta * 100:+.0f} pts",
                ]
                for r in content.mix
            ],
        )
    )
    out.append(
        (
            "Posts per goal and channel",
            ["goal", "channel", "posts"],
            [[visible(g), visible(c), str(n)] for g, c, n in content.by_goal_channel],
        )
    )
    out.append(
        ("Days without a post", ["day"], [[f"{d:%a %d %b}"] for d in content.gaps] or [["none"]])
    )
    out.append(
        (
            "Outcomes per goal",
            OUTCOME_HEADER,
            [outcome_cells(r) for r in [*report.by_goal, report.outcome_totals]],
        )
    )
    out.append(
        ("Outcomes per campaign", OUTCOME_HEADER, [outcome_cells(r) for r in report.by_campaign])
    )
    return out


OUTCOME_HEADER = [
    "goal / campaign",
    "posts",
    "reach",
    "clicks",
    "leads",
    "sales",
    "revenue",
    "spend",
    "per lead",
    "per sale",
    "comments",
    "negative",
]


def outcome_cells(row: OutcomeRow) -> list[str]:
    return [
        visible(row.name),
        str(row.posts),
        f"{row.reach:,}",
        f"{row.clicks:,}",
        str(row.leads),
        str(row.sales),
        money(row.revenue),
        money(row.spend) if row.spend else "—",
        money(row.cost_per_lead),
        money(row.cost_per_sale),
        str(row.comments),
        percent(row.negative_rate),
    ]


def _aligned(header: list[str], rows: list[list[str]]) -> list[str]:
    """Columns aligned by the cells a terminal gives each character (an emoji or a CJK
    character takes two), not by the number of characters."""
    widths = [max(cell_len(c) for c in column) for column in zip(header, *rows, strict=True)]

    def pad(cell: str, width: int, left: bool) -> str:
        space = " " * (width - cell_len(cell))
        return cell + space if left else space + cell

    def line(cells: list[str]) -> str:
        return "  ".join(
            pad(c, w, i == 0) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def as_text(report: Report) -> str:
    lines = [f"Report: {_title(report)}", ""]
    for title, header, rows in tables(report):
        lines.append(title)
        lines += _aligned(header, rows) if rows else ["  (none)"]
        lines.append("")
    return "\n".join(lines)


def as_json(report: Report) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=1)


# Inline Markdown that user text could start: code, emphasis, links and images,
# strikethrough, table cells; and, at its start, a heading, quote or list item.
_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
_MD_BLOCK_START = re.compile(r"^(?:#{1,6}|>|[-+]|\d{1,9}[.)])(?=\s|$)|^>")


def md_text(text: str) -> str:
    """User text as one line of Markdown that renders as exactly that text.

    Controls made visible (``visible``), whitespace (newlines too) folded to
    single spaces, HTML escaped (``<script>`` is shown, never run), then every
    character that would start code, emphasis, a link, a table cell or, at the
    start, a heading, quote or list is backslash-escaped.
    """
    flat = " ".join(editable(text, multiline=True).split())
    flat = _MD_INLINE.sub(r"\\\1", html.escape(flat, quote=False))
    return _MD_BLOCK_START.sub(lambda m: m[0][:-1] + "\\" + m[0][-1], flat)


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    align = ["---" if i == 0 else "---:" for i in range(len(header))]
    return [
        "| " + " | ".join(map(md_text, header)) + " |",
        "| " + " | ".join(align) + " |",
        *("| " + " | ".join(map(md_text, r)) + " |" for r in rows),
    ]


def as_markdown(report: Report) -> str:
    """A weekly report a manager can send to a client: headline numbers, then tables."""
    inbox, total = report.inbox, report.outcome_totals
    negative = next(b for b in inbox.response if b.band == "negative")
    best = max(report.by_goal, key=lambda r: (r.sales, r.leads, r.clicks), default=None)
    lines = [f"# Weekly report: {md_text(_title(report))}", ""]
    if report.value_proposition.strip():
        lines += ["## Value proposition", "", md_text(report.value_proposition), ""]
    if report.goal_targets:
        lines += [
            "## Goals",
            "",
            *(f"- {md_text(name)}: {share:.0%} of the plan" for name, share in report.goal_targets),
            "",
        ]
    lines += [
        "## Headlines",
        "",
        f"- **{inbox.total}** comments, **{percent(inbox.negative_share)}** negative, "
        f"{percent(inbox.unscored_share)} needed a human read (unscored).",
        f"- Negative comments answered in a median of **{minutes(negative.median_min)}** "
        f"(90% within {minutes(negative.p90_min)}); "
        f"**{inbox.missed}** comment(s) missed their response target.",
        f"- **{report.content.posts}** posts published or planned; "
        f"{len(report.content.gaps)} day(s) without a post.",
        f"- Outcomes: **{total.clicks:,}** clicks, **{total.leads}** leads, "
        f"**{total.sales}** sales, **{money(total.revenue)}** revenue"
        + (f", ad spend {money(total.spend)}" if total.spend else "")
        + ".",
    ]
    if best is not None and (best.sales or best.leads or best.clicks):
        lines.append(
            f"- Best goal: **{md_text(best.name)}** ({best.sales} sales, "
            f"{best.leads} leads, {best.clicks:,} clicks)."
        )
    lines.append("")
    for title, header, rows in tables(report):
        if title == "Inbox":
            continue
        lines += [f"## {title}", ""]
        lines += _md_table(header, rows) if rows else ["(none)"]
        lines.append("")
    lines.append(f"_Made with smmdesk on {report.generated_at:%Y-%m-%d %H:%M} UTC._")
    return "\n".join(lines) + "\n"


def csv_rows(report: Report) -> list[tuple[str, str, str, str, object]]:
    """(figure, group, key, measure, value) for every number of the report."""
    data = report.as_dict()
    out: list[tuple[str, str, str, str, object]] = []
    inbox = data["inbox"]
    for measure in (
        "comments",
        "negative",
        "unscored",
        "negative_share",
        "unscored_share",
        "answered",
        "missed_target",
    ):
        out.append(("inbox", "", "", measure, inbox[measure]))

    def table(figure: str, rows: list[dict[str, Any]], group: str, key: str | None = None) -> None:
        for row in rows:
            for measure, value in row.items():
                if measure in (group, key):
                    continue
                out.append((figure, str(row[group]), str(row[key]) if key else "", measure, value))

    table("per_day", inbox["per_day"], "day")
    table("response_times", inbox["response_times"], "band")
    table("backlog", inbox["backlog"], "age")
    content = data["content"]
    table("goal_channel", content["by_goal_channel"], "goal", "channel")
    table("goal_mix", content["goal_mix"], "goal")
    out += [("gaps", day, "", "posts", 0) for day in content["gaps"]]
    table("outcomes_by_goal", [*data["outcomes"]["by_goal"], data["outcomes"]["total"]], "key")
    table("outcomes_by_campaign", data["outcomes"]["by_campaign"], "key")
    return out


def as_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csvsafe.Writer(buffer, lineterminator="\n")
    writer.writerow(["figure", "group", "key", "measure", "value"])
    for row in csv_rows(report):
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": as_text,
    "json": as_json,
    "csv": as_csv,
    "md": as_markdown,
}
