"""The Report section: response times, sentiment trend, goal mix and outcomes, with charts.

The figures come from ``smmdesk.report`` (the same as ``smmdesk report``);
this file only draws them. Charts are textual-plotext widgets; user text
(goal and campaign names) reaches them through ``visible()`` and tables
through ``rich.text.Text``, never as markup.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static
from textual_plotext import PlotextPlot

from smmdesk.errors import UserError
from smmdesk.report.figures import BANDS, Report, build_report
from smmdesk.report.outcomes import FIGURES, add_outcome
from smmdesk.report.period import Period, last_days
from smmdesk.report.render import OUTCOME_HEADER, _outcome_cells, minutes, percent
from smmdesk.store.brands import Brand, list_brands
from smmdesk.textsafe import visible

BAND_COLOURS = {"negative": "red", "unscored": "orange", "neutral": "white", "positive": "green"}
OUTCOME_HINT = "POST_ID [YYYY-MM-DD] clicks=N leads=N sales=N revenue=X spend=X reach=N"


def parse_outcome_line(text: str) -> tuple[int, str | None, dict[str, str]]:
    """``12 2026-11-20 clicks=40 leads=3`` → (12, "2026-11-20", {"clicks": "40", ...})."""
    words = text.split()
    if not words or not words[0].lstrip("#").isdigit():
        raise UserError(f"start with the post's id, then name=value pairs ({OUTCOME_HINT}), post")
    post_id = int(words[0].lstrip("#"))
    day = None
    values: dict[str, str] = {}
    for word in words[1:]:
        if "=" in word:
            name, _, value = word.partition("=")
            values[name.strip().lower()] = value
        elif day is None:
            day = word
        else:
            raise UserError(f"cannot read {word!r}: use name=value ({', '.join(FIGURES)}), figures")
    if not values:
        raise UserError(f"give at least one figure, like clicks=40 ({', '.join(FIGURES)}), figures")
    return post_id, day, values


def _short(text: str, width: int = 14) -> str:
    text = visible(text)
    return text if len(text) <= width else text[: width - 1] + "…"


class ReportView(Widget):
    BINDINGS = [
        Binding("left_square_bracket", "shift(-1)", "Previous period", key_display="["),
        Binding("right_square_bracket", "shift(1)", "Next period", key_display="]"),
        Binding("plus,equals_sign", "resize(1)", "Longer range", key_display="+"),
        Binding("minus", "resize(-1)", "Shorter range", key_display="-"),
        Binding("full_stop", "latest", "Last 7 days", key_display="."),
        Binding("b", "brand", "Brand"),
        Binding("o", "add_outcome", "Type outcomes", tooltip="Clicks, leads, sales... of a post"),
        Binding("R", "refresh_report", "Refresh"),
    ]

    DEFAULT_CSS = """
    ReportView #report-charts-1, ReportView #report-charts-2 { height: 15; }
    ReportView PlotextPlot { width: 1fr; height: 15; }
    ReportView #report-head { height: auto; margin-bottom: 1; }
    ReportView #report-body { height: auto; margin-top: 1; }
    """

    def __init__(self, store, **kwargs):
        super().__init__(**kwargs)
        self.store = store
        self.period: Period | None = None
        self.brand: Brand | None = None
        self.report: Report | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="report-scroll"):
            yield Static("", id="report-head")
            with Horizontal(id="report-charts-1"):
                yield PlotextPlot(id="chart-trend")
                yield PlotextPlot(id="chart-response")
            with Horizontal(id="report-charts-2"):
                yield PlotextPlot(id="chart-mix")
                yield PlotextPlot(id="chart-outcomes")
            yield Static("", id="report-body")

    def focus_main(self) -> None:
        self.query_one("#report-scroll").focus()

    def on_show_section(self) -> None:
        self.action_refresh_report()

    # --- keys ---

    def action_shift(self, steps: int) -> None:
        self.period = self.current_period().shifted(steps)
        self.action_refresh_report()

    def action_resize(self, step: int) -> None:
        self.period = self.current_period().resized(step)
        self.action_refresh_report()

    def action_latest(self) -> None:
        self.period = None
        self.action_refresh_report()

    def action_brand(self) -> None:
        brands: list[Brand | None] = [None, *list_brands(self.store)]
        ids = [b.id if b else None for b in brands]
        current = ids.index(self.brand.id) if self.brand and self.brand.id in ids else 0
        self.brand = brands[(current + 1) % len(brands)]
        self.action_refresh_report()

    def action_add_outcome(self) -> None:
        from smmdesk.tui.modals import PromptScreen

        def store_it(text: str) -> dict:
            post_id, day, values = parse_outcome_line(text)
            return add_outcome(self.store, post_id, day, values)

        def done(row: dict | None) -> None:
            if row is None:
                return
            shown = ", ".join(f"{name} {row[name]}" for name in FIGURES if row[name])
            self.app.notify(f"Post #{row['post_id']} {row['day'] or 'lifetime'}: {shown}",
                            markup=False)
            self.action_refresh_report()

        self.app.push_screen(PromptScreen("Outcomes of a post", placeholder=OUTCOME_HINT,
                                          hint="Replaces what that post had for that day "
                                               "(no date: lifetime figures).", parse=store_it,
                                          write="saving the outcomes"),
                             done)

    def current_period(self) -> Period:
        return self.period or last_days(7)

    def action_refresh_report(self) -> None:
        period = self.current_period()
        self.report = build_report(self.store, period, self.brand)
        report = self.report
        head = Text()
        head.append(visible(report.brand) if report.brand else "All brands", style="bold")
        head.append(f" · {period.label}", style="bold")
        head.append("   [ ] period · + - length · . last 7 days · b brand · o type outcomes",
                    style="dim")
        head.append("\n")
        head.append_text(self.headline(report))
        self.query_one("#report-head", Static).update(head)
        self.draw_trend(report)
        self.draw_response(report)
        self.draw_mix(report)
        self.draw_outcomes(report)
        self.query_one("#report-body", Static).update(self.tables(report))

    # --- headline and tables ---

    def headline(self, report: Report) -> Text:
        inbox, total = report.inbox, report.outcome_totals
        negative = next(b for b in inbox.response if b.band == "negative")
        text = Text()
        pairs = [
            (str(inbox.total), "comments"),
            (percent(inbox.negative_share), "negative"),
            (percent(inbox.unscored_share), "unscored"),
            (minutes(negative.median_min), "median reply to negatives"),
            (str(inbox.missed), "missed target"),
            (str(report.content.posts), "posts"),
            (f"{total.clicks:,}", "clicks"),
            (str(total.leads), "leads"),
            (str(total.sales), "sales"),
        ]
        for index, (value, label) in enumerate(pairs):
            if index:
                text.append("  ·  ", style="dim")
            text.append(value, style="bold red" if label == "missed target" and inbox.missed
                        else "bold")
            text.append(f" {label}")
        return text

    def tables(self, report: Report) -> Group:
        inbox = report.inbox
        response = Table(title="Time to first response", title_justify="left")
        for column in ("band", "comments", "answered", "median", "90th pct", "missed target"):
            response.add_column(column, justify="left" if column == "band" else "right")
        for row in inbox.response:
            response.add_row(Text(row.band, style=BAND_COLOURS[row.band]), str(row.comments),
                             str(row.answered), minutes(row.median_min), minutes(row.p90_min),
                             str(row.missed))
        backlog = Table(title="Open backlog by age (now)", title_justify="left")
        backlog.add_column("age")
        backlog.add_column("open", justify="right")
        for label, count in inbox.backlog:
            backlog.add_row(label, str(count))
        mix = Table(title="Goal mix against target", title_justify="left")
        for column in ("goal", "posts", "share", "target", "gap"):
            mix.add_column(column, justify="left" if column == "goal" else "right")
        for row in report.content.mix:
            gap = Text(f"{row.delta * 100:+.0f} pts",
                       style="red" if row.delta < -0.1 else "green" if row.delta >= 0 else "")
            mix.add_row(Text(visible(row.name)), str(row.posts), percent(row.share),
                        percent(row.target), gap)
        gaps = ", ".join(f"{d:%a %d %b}" for d in report.content.gaps) or "none"
        outcomes = Table(title="Outcomes per goal and campaign", title_justify="left")
        for index, column in enumerate(OUTCOME_HEADER):
            outcomes.add_column(column, justify="left" if index == 0 else "right")
        for row in report.by_goal:
            outcomes.add_row(*(Text(c) for c in _outcome_cells(row)))
        outcomes.add_row(*(Text(c, style="bold") for c in _outcome_cells(report.outcome_totals)))
        for row in report.by_campaign:
            cells = _outcome_cells(row)
            outcomes.add_row(Text("campaign " + cells[0], style="italic"),
                             *(Text(c) for c in cells[1:]))
        top = Table.grid(padding=(0, 3))
        top.add_row(response, backlog, mix)
        return Group(top, Text(f"\nDays without a post: {gaps}\n"), outcomes)

    # --- charts ---

    def _plot(self, widget_id: str):
        widget = self.query_one(f"#{widget_id}", PlotextPlot)
        plt = widget.plt
        plt.clear_figure()
        return widget, plt

    def draw_trend(self, report: Report) -> None:
        widget, plt = self._plot("chart-trend")
        days = report.inbox.days
        xs = list(range(1, len(days) + 1))
        plt.title("Comments per day")
        if any(d.total for d in days):
            plt.plot(xs, [d.total for d in days], label="all", marker="braille")
            plt.plot(xs, [d.negative for d in days], label="negative", color="red",
                     marker="braille")
            plt.plot(xs, [d.unscored for d in days], label="unscored", color="orange",
                     marker="braille")
            step = max(1, len(days) // 7)
            plt.xticks(xs[::step], [f"{d.day:%d.%m}" for d in days][::step])
        else:
            plt.title("Comments per day: none in this range")
        widget.refresh()

    def draw_response(self, report: Report) -> None:
        widget, plt = self._plot("chart-response")
        rows = [r for r in report.inbox.response if r.median_min is not None]
        plt.title("First response, hours (median, 90th pct)")
        if rows:
            plt.multiple_bar([r.band for r in rows],
                             [[round(r.median_min / 60, 1) for r in rows],
                              [round((r.p90_min or 0) / 60, 1) for r in rows]],
                             labels=["median", "90th pct"], color=["cyan", "magenta"])
        else:
            plt.title("First response: no replies yet")
        widget.refresh()

    def draw_mix(self, report: Report) -> None:
        widget, plt = self._plot("chart-mix")
        rows = [r for r in report.content.mix if r.kind == "organic"]
        plt.title("Goal mix, % of organic posts (actual, target)")
        if rows and report.content.posts:
            plt.multiple_bar([_short(r.name) for r in rows],
                             [[round(r.share * 100) for r in rows],
                              [round(r.target * 100) for r in rows]],
                             labels=["actual", "target"], color=["green", "gray"])
        else:
            plt.title("Goal mix: no posts in this range")
        widget.refresh()

    def draw_outcomes(self, report: Report) -> None:
        widget, plt = self._plot("chart-outcomes")
        rows = [r for r in report.by_goal if r.clicks or r.leads or r.sales]
        plt.title("Outcomes per goal (clicks, leads, sales)")
        if rows:
            plt.multiple_bar([_short(r.name) for r in rows],
                             [[r.clicks for r in rows], [r.leads for r in rows],
                              [r.sales for r in rows]],
                             labels=["clicks", "leads", "sales"],
                             color=["blue", "yellow", "green"])
        else:
            plt.title("Outcomes: none recorded in this range")
        widget.refresh()


__all__ = ["BANDS", "ReportView", "parse_outcome_line"]
