from datetime import UTC, datetime

import pytest

from smmdesk.store import open_store
from smmdesk.store.brands import add_channel, create_brand

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """No test touches the real user data directory or depends on the machine's zone/user."""
    monkeypatch.setenv("SMMDESK_DB", str(tmp_path / "default.db"))
    monkeypatch.setenv("SMMDESK_USER", "tester")
    monkeypatch.setenv("SMMDESK_TZ", "UTC")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("SMMDESK_NOW", raising=False)
    # Tokens go to a file of the test's own; no call leaves this machine.
    monkeypatch.setenv("SMMDESK_CREDENTIALS", str(tmp_path / "config" / "credentials.json"))
    monkeypatch.setenv("SMMDESK_LOOPBACK_ONLY", "1")


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "desk.db") as opened:
        yield opened


@pytest.fixture
def brand(store):
    made = create_brand(store, "Acme", slug="acme", handles=("Acme Official",))
    add_channel(store, made, "Instagram page", "instagram")
    return made
