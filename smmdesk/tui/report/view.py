"""The Report section: response times, sentiment trend, goal mix and outcomes, with charts.

The figures come from ``smmdesk.report`` (the same as ``smmdesk report``);
this file only draws them. Charts are textual-plotext widgets; user text
(goal and campaign names) reaches them through ``visible()`` and tables
through ``rich.text.Text``, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalScroll, Vertical, VerticalScroll
from textual.widgets import Static
from textual_plotext import PlotextPlot

from smmdesk.brand.brands import list_brands
from smmdesk.errors import UserError
from smmdesk.inbox.bands import BANDS
from smmdesk.report.figures import Report, build_report
from smmdesk.report.outcomes import FIGURES, add_outcome
from smmdesk.report.period import Period, last_days
from smmdesk.report.render import OUTCOME_HEADER, minutes, outcome_cells, percent
from smmdesk.store.models import Brand
from smmdesk.textsafe import visible
from smmdesk.tui import keys
from smmdesk.tui.section import SectionView

BAND_COLOURS = {"negative": "red", "unscored": "orange", "neutral": "white", "positive": "green"}
# plotext colour → the same colour for rich, for the legend line above each chart.
LEGEND_COLOURS = {
    "white": "white",
    "red": "red",
    "orange": "dark_orange",
    "cyan": "cyan",
    "magenta": "magenta",
    "green": "green",
    "gray": "grey58",
    "blue": "blue",
    "yellow": "yellow",
}
# The keys line under the title: (binding names, what they do).
HEAD_HINT = (
    (("previous_period", "next_period"), "period"),
    (("longer", "shorter"), "length"),
    (("latest",), "last 7 days"),
    (("next_brand",), "brand"),
    (("outcomes",), "type outcomes"),
)
CHARTS = ("trend", "response", "mix", "outcomes")
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


class ReportView(SectionView):
    BINDINGS = [
        Binding(
            "left_square_bracket",
            "shift(-1)",
            "Previous period",
            key_display="[",
            id="report.previous_period",
        ),
        Binding(
            "right_square_bracket",
            "shift(1)",
            "Next period",
            key_display="]",
            id="report.next_period",
        ),
        Binding(
            "plus,equals_sign", "resize(1)", "Longer range", key_display="+", id="report.longer"
        ),
        Binding("minus", "resize(-1)", "Shorter range", key_display="-", id="report.shorter"),
        Binding("full_stop", "latest", "Last 7 days", key_display=".", id="report.latest"),
        Binding("b", "brand", "Brand", id="report.next_brand"),
        Binding(
            "o",
            "add_outcome",
            "Type outcomes",
            tooltip="Clicks, leads, sales... of a post",
            id="report.outcomes",
        ),
        Binding("R", "refresh_report", "Refresh", id="report.refresh"),
    ]

    DEFAULT_CSS = """
    ReportView #report-charts-1, ReportView #report-charts-2 { height: 17; }
    ReportView .chart { width: 1fr; height: 17; }
    ReportView .chart-title { height: auto; padding: 0 1; }
    ReportView PlotextPlot { height: 1fr; }
    ReportView #report-head { height: auto; margin-bottom: 1; }
    ReportView #report-body { height: auto; margin-top: 1; }
    ReportView #report-wide { height: auto; }
    ReportView #report-outcomes { width: auto; height: auto; }
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
            for row, names in (("report-charts-1", CHARTS[:2]), ("report-charts-2", CHARTS[2:])):
                with Horizontal(id=row):
                    for name in names:
                        # Title and legend on a line of their own: a legend inside the plot
                        # is drawn over the data.
                        with Vertical(classes="chart"):
                            yield Static("", id=f"title-{name}", classes="chart-title")
                            yield PlotextPlot(id=f"chart-{name}")
            yield Static("", id="report-body")
            # As wide as its columns: at 80 columns it scrolls sideways rather than cut numbers.
            with HorizontalScroll(id="report-wide"):
                yield Static("", id="report-outcomes")

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
        chosen = self.next_brand_id(self.brand.id if self.brand else None)
        self.brand = next((b for b in list_brands(self.store) if b.id == chosen), None)
        self.action_refresh_report()

    def action_add_outcome(self) -> None:
        from smmdesk.tui.widgets.modals import PromptScreen

        def store_it(text: str) -> dict:
            post_id, day, values = parse_outcome_line(text)
            return add_outcome(self.store, post_id, day, values)

        def done(row: dict | None) -> None:
            if row is None:
                return
            shown = ", ".join(f"{name} {row[name]}" for name in FIGURES if row[name])
            self.app.notify(
                f"Post #{row['post_id']} {row['day'] or 'lifetime'}: {shown}", markup=False
            )
            self.action_refresh_report()

        self.app.push_screen(
            PromptScreen(
                "Outcomes of a post",
                placeholder=OUTCOME_HINT,
                hint="Replaces what that post had for that day (no date: lifetime figures).",
                parse=store_it,
                write="saving the outcomes",
            ),
            done,
        )

    def current_period(self) -> Period:
        return self.period or last_days(7)

    def action_refresh_report(self) -> None:
        period = self.current_period()
        self.report = build_report(self.store, period, self.brand)
        report = self.report
        head = Text()
        head.append(visible(report.brand) if report.brand else "All brands", style="bold")
        head.append(f" · {period.label}", style="bold")
        line = " · ".join(
            f"{' '.join(keys.key(self, f'report.{name}') for name in names)} {words}"
            for names, words in HEAD_HINT
        )
        head.append(f"   {line}", style="dim")
        head.append("\n")
        head.append_text(self.headline(report))
        self.query_one("#report-head", Static).update(head)
        self.draw_trend(report)
        self.draw_response(report)
        self.draw_mix(report)
        self.draw_outcomes(report)
        tables, outcomes = self.tables(report)
        self.query_one("#report-body", Static).update(tables)
        self.query_one("#report-outcomes", Static).update(outcomes)

    # --- headline and tables ---

    def headline(self, report: Report) -> Text:
        inbox, total = report.inbox, report.outcome_totals
        negative = next(b for b in inbox.response if b.band == "negative")
        text = Text()
        pairs = [
            (f"{inbox.total:,}", "comments"),
            (percent(inbox.negative_share), "negative"),
            (percent(inbox.unscored_share), "unscored"),
            (minutes(negative.median_min), "median reply to negatives"),
            (f"{inbox.missed:,}", "missed target"),
            (f"{report.content.posts:,}", "posts"),
            (f"{total.clicks:,}", "clicks"),
            (f"{total.leads:,}", "leads"),
            (f"{total.sales:,}", "sales"),
        ]
        for index, (value, label) in enumerate(pairs):
            if index:
                text.append("  ·  ", style="dim")
            text.append(
                value, style="bold red" if label == "missed target" and inbox.missed else "bold"
            )
            text.append(f" {label}")
        return text

    def tables(self, report: Report) -> tuple[Group, Table]:
        """The tables, each as wide as its content; side by side when they fit, else stacked.

        The outcomes table comes apart: it scrolls sideways when the terminal is narrower."""
        inbox = report.inbox
        response = Table(title="Time to first response", title_justify="left")
        for column in ("band", "comments", "answered", "median", "90th pct", "missed target"):
            response.add_column(
                column, justify="left" if column == "band" else "right", no_wrap=True
            )
        for row in inbox.response:
            response.add_row(
                Text(row.band, style=BAND_COLOURS[row.band]),
                str(row.comments),
                str(row.answered),
                minutes(row.median_min),
                minutes(row.p90_min),
                str(row.missed),
            )
        backlog = Table(title="Open backlog by age (now)", title_justify="left", min_width=26)
        backlog.add_column("age", no_wrap=True)
        backlog.add_column("open", justify="right", no_wrap=True)
        for label, count in inbox.backlog:
            backlog.add_row(label, str(count))
        mix = Table(title="Goal mix against target", title_justify="left")
        for column in ("goal", "posts", "share", "target", "gap"):
            mix.add_column(column, justify="left" if column == "goal" else "right", no_wrap=True)
        for share in report.content.mix:
            gap = Text(
                f"{share.delta * 100:+.0f} pts",
                style="red" if share.delta < -0.1 else "green" if share.delta >= 0 else "",
            )
            mix.add_row(
                Text(visible(share.name)),
                str(share.posts),
                percent(share.share),
                percent(share.target),
                gap,
            )
        gaps = ", ".join(f"{d:%a %d %b}" for d in report.content.gaps) or "none"
        # Many columns: no rules between them, and two-word headers on two lines.
        outcomes = Table(
            title="Outcomes per goal and campaign",
            title_justify="left",
            box=box.SIMPLE_HEAD,
            padding=(0, 1, 0, 0),
        )
        for index, column in enumerate(OUTCOME_HEADER):
            outcomes.add_column(
                column if index == 0 else column.replace(" ", "\n"),
                justify="left" if index == 0 else "right",
                no_wrap=True,
            )
        for outcome in report.by_goal:
            outcomes.add_row(*(Text(c) for c in outcome_cells(outcome)))
        outcomes.add_row(*(Text(c, style="bold") for c in outcome_cells(report.outcome_totals)))
        for outcome in report.by_campaign:
            cells = outcome_cells(outcome)
            outcomes.add_row(
                Text("campaign " + cells[0], style="italic"), *(Text(c) for c in cells[1:])
            )
        return Group(
            *self.side_by_side([response, backlog, mix]), Text(f"\nDays without a post: {gaps}\n")
        ), self.fit_names(outcomes)

    def available_width(self) -> int:
        return max(
            20, self.query_one("#report-scroll").content_region.width or self.app.size.width - 6
        )

    def natural_width(self, table: Table) -> int:
        console = self.app.console
        return Measurement.get(console, console.options.update_width(10_000), table).maximum

    def fit_names(self, table: Table) -> Table:
        """Wrap the name column (never the numbers) so the table fits when it can."""
        over = self.natural_width(table) - self.available_width()
        if over > 0:
            names = table.columns[0]
            widest = max(
                (len(cell.plain) for cell in names.cells if isinstance(cell, Text)), default=10
            )
            names.max_width = max(16, widest - over)
            names.overflow = "fold"
            names.no_wrap = False
        return table

    def side_by_side(self, tables: list[Table], gap: int = 3) -> list:
        """Rows of tables, as many to a row as fit at their natural width (never squeezed)."""
        available = self.available_width()
        rows: list[list[Table]] = [[]]
        used = 0
        for table in tables:
            width = self.natural_width(table)
            if rows[-1] and used + gap + width > available:
                rows.append([])
                used = 0
            used += width + (gap if rows[-1] else 0)
            rows[-1].append(table)
        out: list = []
        for index, row in enumerate(rows):
            grid = Table.grid(padding=(0, gap))
            grid.add_row(*row)
            out += [Text("")] * bool(index) + [grid]
        return out

    # --- charts ---

    def _plot(self, widget_id: str):
        widget = self.query_one(f"#{widget_id}", PlotextPlot)
        plt = widget.plt
        plt.clear_figure()
        return widget, plt

    def _title(self, name: str, title: str, series: Sequence[tuple[str, str]] = ()) -> None:
        """The chart's title and its legend (label, plotext colour), above the plot."""
        text = Text(title, style="bold", no_wrap=True, overflow="ellipsis")
        if series:
            text.append("\n")
            for index, (label, colour) in enumerate(series):
                text.append("   " if index else "")
                text.append("■ ", style=LEGEND_COLOURS[colour])
                text.append(label)
        self.query_one(f"#title-{name}", Static).update(text)

    def draw_trend(self, report: Report) -> None:
        widget, plt = self._plot("chart-trend")
        days = report.inbox.days
        xs = list(range(1, len(days) + 1))
        if any(d.total for d in days):
            series = [("all", "white"), ("negative", "red"), ("unscored", "orange")]
            self._title("trend", "Comments per day", series)
            for (_label, colour), values in zip(
                series,
                ([d.total for d in days], [d.negative for d in days], [d.unscored for d in days]),
                strict=True,
            ):
                plt.plot(xs, values, color=colour, marker="braille")
            step = max(1, len(days) // 7)
            plt.xticks(xs[::step], [f"{d.day:%d.%m}" for d in days][::step])
        else:
            self._title("trend", "Comments per day: none in this range")
        widget.refresh()

    def draw_response(self, report: Report) -> None:
        widget, plt = self._plot("chart-response")
        rows = [r for r in report.inbox.response if r.median_min is not None]
        if rows:
            self._title(
                "response", "First response, hours", [("median", "cyan"), ("90th pct", "magenta")]
            )
            plt.multiple_bar(
                [r.band for r in rows],
                [
                    [round((r.median_min or 0) / 60, 1) for r in rows],
                    [round((r.p90_min or 0) / 60, 1) for r in rows],
                ],
                color=["cyan", "magenta"],
            )
        else:
            self._title("response", "First response: no replies yet")
        widget.refresh()

    def draw_mix(self, report: Report) -> None:
        widget, plt = self._plot("chart-mix")
        rows = [r for r in report.content.mix if r.kind == "organic"]
        if rows and report.content.posts:
            self._title(
                "mix", "Goal mix, % of organic posts", [("actual", "green"), ("target", "gray")]
            )
            plt.multiple_bar(
                [_short(r.name) for r in rows],
                [[round(r.share * 100) for r in rows], [round(r.target * 100) for r in rows]],
                color=["green", "gray"],
            )
        else:
            self._title("mix", "Goal mix: no posts in this range")
        widget.refresh()

    def draw_outcomes(self, report: Report) -> None:
        widget, plt = self._plot("chart-outcomes")
        rows = [r for r in report.by_goal if r.clicks or r.leads or r.sales]
        if rows:
            self._title(
                "outcomes",
                "Outcomes per goal",
                [("clicks", "blue"), ("leads", "yellow"), ("sales", "green")],
            )
            plt.multiple_bar(
                [_short(r.name) for r in rows],
                [[r.clicks for r in rows], [r.leads for r in rows], [r.sales for r in rows]],
                color=["blue", "yellow", "green"],
            )
        else:
            self._title("outcomes", "Outcomes: none recorded in this range")
        widget.refresh()


__all__ = ["BANDS", "ReportView", "parse_outcome_line"]
