"""What every figure shares: a result row, percentiles, timing a call."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Row:
    figure: str
    value: float
    limit: float
    unit: str  # "ms", "/s", "MB", "x"
    target: str  # e.g. "<= 1.5x", ">= 0.8x", "<= 10 ms"
    passed: bool | None  # None: no target, figure for information
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.value / self.limit if self.limit else float("inf")


def at_most(
    figure: str, value: float, limit: float, unit: str, times: float, note: str = ""
) -> Row:
    """A cost: passes when value / limit <= times."""
    target = f"<= {times:g}x" if times != 1 else "<= limit"
    return Row(figure, value, limit, unit, target, value <= limit * times, note)


def at_least(
    figure: str, value: float, limit: float, unit: str, times: float, note: str = ""
) -> Row:
    """A throughput: passes when value / limit >= times."""
    return Row(figure, value, limit, unit, f">= {times:g}x", value >= limit * times, note)


def p50(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timings_ms(call: Callable[[], object], runs: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        call()
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def byte_compiled() -> None:
    """Byte-compile smmdesk in place (``__pycache__``, ignored by git), as installing it does.

    Child processes that time a start (startup, sync, import) would otherwise compile every
    module of ours from source on every run when ``PYTHONDONTWRITEBYTECODE`` is set (it is in
    the bench's sandbox), while the bare app's Textual is compiled in site-packages: the
    figure would time the compiler, not the app.
    """
    import compileall
    from pathlib import Path

    import smmdesk

    compileall.compile_dir(Path(smmdesk.__file__).parent, quiet=1)
