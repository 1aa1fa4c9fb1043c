"""Run the benchmarks: ``python -m bench`` (or ``bench/run``).

    python -m bench                      every figure at 10k, 100k and 1M comments
    python -m bench --only queue,startup --sizes 10k,1M
    python -m bench --no-write           print the table, leave bench/RESULTS.md alone

Prints one table and writes it to bench/RESULTS.md. Every figure is a ratio
against a limit measured in the same run (see each module's docstring).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import (
    calendar_views,
    data,
    importing,
    inbox_queue,
    keystrokes,
    lexicon_speed,
    startup,
    syncing,
)
from bench.common import Row

FIGURES = {
    "import": importing,
    "queue": inbox_queue,
    "startup": startup,
    "keys": keystrokes,
    "calendar": calendar_views,
    "sync": syncing,
    "scoring": lexicon_speed,
}
IMPORT_SIZES = ("10k", "100k")  # 1M import: ~1 min a run, 5 runs would blow the 10 minute budget
RESULTS = Path(__file__).parent / "RESULTS.md"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def table(rows: list[Row]) -> str:
    lines = [
        "| figure | value | limit | ratio | target | result | note |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for r in rows:
        result = "—" if r.passed is None else ("pass" if r.passed else "**FAIL**")
        lines.append(
            f"| {r.figure} | {r.value:,.1f} {r.unit} | {r.limit:,.1f} {r.unit} | "
            f"{r.ratio:.2f}x | {r.target} | {result} | {r.note} |"
        )
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(
                line.split(":", 1)[1].strip() for line in info if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}"
    )


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], capture_output=True, text=True).stdout.strip()

    dirty = " (with uncommitted changes)" if git("status", "--porcelain", "--", "smmdesk") else ""
    return (git("rev-parse", "--short", "HEAD") or "unknown") + dirty


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(FIGURES), help=f"any of {', '.join(FIGURES)}")
    parser.add_argument("--sizes", default=",".join(data.SIZES), help="any of 10k, 100k, 1M")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/RESULTS.md")
    args = parser.parse_args(argv)
    sizes = [s for s in data.SIZES if s in args.sizes.split(",")]
    started = time.perf_counter()
    rows: list[Row] = []
    for name in args.only.split(","):
        few = name in ("import", "scoring")
        figure_sizes = [s for s in sizes if s in IMPORT_SIZES] if few else sizes
        rows += FIGURES[name].run(figure_sizes, log)
    minutes = (time.perf_counter() - started) / 60
    body = table(rows)
    print(body)
    failed = [r for r in rows if r.passed is False]
    summary = f"{len(rows) - len(failed)} of {len(rows)} rows pass or inform; {len(failed)} fail"
    print(f"\n{summary}; {minutes:.1f} min")
    if not args.no_write:
        RESULTS.write_text(
            "# Benchmark results\n\n"
            f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n- machine: {machine()}\n"
            f"- commit: {commit()}\n- run: `python -m bench --only {args.only} --sizes "
            f"{','.join(sizes)}`, {minutes:.1f} min\n\n"
            "Every figure is a ratio against a limit measured in the same run; "
            "see the docstring of each module in `bench/` for what runs and how, and "
            "[PROFILE.md](PROFILE.md) for what the profiles show behind each failure.\n\n"
            f"{body}\n\n{summary}.\n"
        )
        log(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
