"""The rules of ARCHITECTURE.md, checked."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    """The domain and the store never import Textual; layers point one way (import-linter)."""
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def test_only_the_store_speaks_sql():
    offenders = []
    for path in (ROOT / "smmdesk").rglob("*.py"):
        if "store" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if ".execute(" in text or "executemany(" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_calendar_is_not_a_top_level_module():
    import calendar

    assert calendar.__file__.startswith(sys.base_prefix) or "smmdesk" not in calendar.__file__
    assert not (ROOT / "calendar").exists() and not (ROOT / "calendar.py").exists()


def test_the_layout_of_ARCHITECTURE_md():
    """One package per area: cli/, brand/, tui/<section>/ and tui/widgets/; no flat cli_*.py left."""
    pkg = ROOT / "smmdesk"
    for package in (
        "cli",
        "brand",
        "store",
        "inbox",
        "calendar",
        "report",
        "tui",
        "tui/inbox",
        "tui/calendar",
        "tui/report",
        "tui/brand",
        "tui/widgets",
    ):
        assert (pkg / package / "__init__.py").is_file(), package
    assert not list(pkg.glob("cli*.py"))
    assert (
        not (pkg / "store" / "brief_toml.py").exists()
        and not (pkg / "inbox" / "brief_save.py").exists()
    )
    areas = ["desk", "inbox", "calendar", "report", "lexicon", "brief", "brand"]
    for area in areas:
        text = (pkg / "cli" / f"{area}.py").read_text(encoding="utf-8")
        sideways = [
            other
            for other in areas
            if other != area
            and (f"smmdesk.cli.{other} " in text or f"smmdesk.cli import {other}" in text)
        ]
        assert sideways == [], (
            f"cli/{area}.py imports {sideways}; shared helpers go in cli/common.py"
        )
