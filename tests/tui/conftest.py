import shutil

import pytest

from smmdesk.demo.build import build_demo
from smmdesk.store import open_store
from smmdesk.timeutil import from_iso

FROZEN_NOW = "2026-11-28T09:00:00+00:00"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The demo desk, built once per run at a frozen moment (the clock too, not just `now`)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SMMDESK_NOW", FROZEN_NOW)
        patch.setenv("SMMDESK_TZ", "UTC")
        patch.setenv("SMMDESK_USER", "tester")
        with open_store(path) as store:
            build_demo(store, from_iso(FROZEN_NOW))
    return path


@pytest.fixture
def demo_store(demo_template, tmp_path, monkeypatch):
    monkeypatch.setenv("SMMDESK_NOW", FROZEN_NOW)
    monkeypatch.setenv("SMMDESK_USER", "tester")
    monkeypatch.setenv("SMMDESK_TZ", "UTC")
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    with open_store(path) as store:
        yield store


@pytest.fixture(autouse=True)
def quick_recounts(monkeypatch):
    """The recount after triage keys waits for a pause (background.QUIET_S, 2 s); tests that
    settle after every key would wait that long each time, so here it is the debounce's."""
    from smmdesk.tui.background import DELAY_S

    monkeypatch.setattr("smmdesk.tui.app.QUIET_S", DELAY_S)
    monkeypatch.setattr("smmdesk.tui.inbox.view.QUIET_S", DELAY_S)
