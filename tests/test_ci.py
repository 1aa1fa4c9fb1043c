"""`.ci/run` runs exactly the README's test command; its optional install step runs only in
CI as root and can never fail the run."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_runs_the_readmes_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    command = readme[readme.index("# install and run the tests (lint included)") + 1]
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert lines[-2:] == ["rm -rf .venv", command]


def test_the_install_step_is_best_effort_in_ci_as_root():
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    guard = '[ "${CI:-}" = true ] && [ "$(id -u)" = 0 ] && command -v apt-get'
    assert guard in text and "timeout 600" in text
    assert ">/dev/null 2>&1 || echo" in text  # a failed install says so and goes on
