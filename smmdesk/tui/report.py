"""The Report section: response times, sentiment trend and backlog — not likes."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from smmdesk.inbox.metrics import response_times
from smmdesk.inbox.trend import backlog_by_age, daily_sentiment

BAR = "▁▂▃▄▅▆▇█"


def spark(values: list[int]) -> str:
    top = max(values) or 1
    return "".join(BAR[min(len(BAR) - 1, round(v / top * (len(BAR) - 1)))] for v in values)


class ReportView(Widget):
    BINDINGS = [
        Binding("R", "refresh_report", "Refresh"),
        Binding("plus,equals_sign", "days(7)", "Longer range", key_display="+"),
        Binding("minus", "days(-7)", "Shorter range", key_display="-"),
    ]

    def __init__(self, store, **kwargs):
        super().__init__(**kwargs)
        self.store = store
        self.days = 14

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="report-scroll"):
            yield Static("", id="report-body")

    def focus_main(self) -> None:
        self.query_one("#report-scroll").focus()

    def on_show_section(self) -> None:
        self.action_refresh_report()

    def action_days(self, step: int) -> None:
        self.days = max(7, min(90, self.days + step))
        self.action_refresh_report()

    def action_refresh_report(self) -> None:
        self.query_one("#report-body", Static).update(self.render_report())

    def render_report(self) -> Table:
        grid = Table.grid(padding=(1, 2))
        grid.add_row(Text(f"Last {self.days} days  (+ / - change range, R refresh)", style="bold"))
        grid.add_row(self.response_table())
        grid.add_row(self.trend_table())
        grid.add_row(self.backlog_table())
        return grid

    def response_table(self) -> Table:
        table = Table(title="Time to first reply", title_justify="left", expand=False)
        for column in ("tone", "answered", "median", "90th pct"):
            table.add_column(column, justify="right" if column != "tone" else "left")
        for row in response_times(self.store):
            table.add_row(row.band, str(row.count), _minutes(row.median_min), _minutes(row.p90_min))
        return table

    def trend_table(self) -> Table:
        days = daily_sentiment(self.store, self.days)
        table = Table(title="Sentiment per day", title_justify="left")
        table.add_column("series")
        table.add_column(f"{days[0].day:%d %b} → {days[-1].day:%d %b}")
        table.add_column("total", justify="right")
        table.add_row("comments", spark([d.total for d in days]), str(sum(d.total for d in days)))
        table.add_row(Text("negative", style="red"), Text(spark([d.negative for d in days]), style="red"),
                      str(sum(d.negative for d in days)))
        table.add_row(Text("positive", style="green"), Text(spark([d.positive for d in days]), style="green"),
                      str(sum(d.positive for d in days)))
        table.add_row(Text("unscored", style="yellow"), Text(spark([d.unscored for d in days]), style="yellow"),
                      str(sum(d.unscored for d in days)))
        return table

    def backlog_table(self) -> Table:
        table = Table(title="Open backlog by age", title_justify="left")
        table.add_column("age")
        table.add_column("open", justify="right")
        for label, count in backlog_by_age(self.store):
            table.add_row(label, str(count))
        return table


def _minutes(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.0f} min" if value < 120 else f"{value / 60:.1f} h"
