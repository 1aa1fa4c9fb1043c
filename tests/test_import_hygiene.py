"""At run time, the store and the domain load without Textual, the TUI or the CLI.

import-linter checks the import statements; this checks what importing really pulls in
(a lazy import inside a function, a plugin, a dependency that imports Textual itself),
in a fresh interpreter so nothing the tests already imported can hide it.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DOMAIN = [
    "smmdesk.store",
    "smmdesk.inbox",
    "smmdesk.calendar",
    "smmdesk.report",
    "smmdesk.brand",
    "smmdesk.sync",
]
FORBIDDEN = ["textual", "smmdesk.tui", "smmdesk.cli"]

PROBE = """
import importlib, json, pkgutil, sys
imported = []
for name in {domain!r}:
    package = importlib.import_module(name)
    imported.append(name)
    for module in pkgutil.walk_packages(package.__path__, name + "."):
        importlib.import_module(module.name)
        imported.append(module.name)
loaded = sorted(
    m for m in sys.modules if any(m == f or m.startswith(f + ".") for f in {forbidden!r})
)
print(json.dumps({{"imported": imported, "loaded": loaded}}))
"""


def test_the_domain_loads_without_textual_the_tui_or_the_cli():
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(domain=DOMAIN, forbidden=FORBIDDEN)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.splitlines()[-1])
    # Every package and every module in it was imported, not just the packages.
    for name in DOMAIN:
        assert name in report["imported"]
    assert "smmdesk.store.comments" in report["imported"]
    assert "smmdesk.inbox.formats.graph" in report["imported"]
    assert report["loaded"] == []


def test_the_sync_loads_httpx_without_its_command_line():
    """httpx's package imports click, rich and pygments for its own command line (~40 ms of
    every sync, which never runs it): ``smmdesk.sync.http`` keeps them out."""
    probe = (
        "import sys, smmdesk.sync.http; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'click', 'rich', 'pygments'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.splitlines()[-1] == "[]"
