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
