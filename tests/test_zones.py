"""One zone stack: the user's zone is a zoneinfo zone, from SMMDESK_TZ, TZ or the system."""

from datetime import tzinfo
from zoneinfo import ZoneInfo

import pytest

from smmdesk.timeutil import local_zone, zone_named


def test_a_named_zone_is_zoneinfo(monkeypatch):
    monkeypatch.setenv("SMMDESK_TZ", "Europe/Kyiv")
    assert local_zone() == ZoneInfo("Europe/Kyiv")


@pytest.mark.parametrize("name", ["Mars/Olympus", "../../etc/passwd", "", "UTC0"])
def test_what_names_no_zone_falls_back_to_the_system(monkeypatch, name):
    monkeypatch.setenv("SMMDESK_TZ", name)
    monkeypatch.delenv("TZ", raising=False)
    assert zone_named(name) is None
    assert isinstance(local_zone(), tzinfo)


def test_the_system_zone_comes_from_tzlocal(monkeypatch):
    monkeypatch.delenv("SMMDESK_TZ", raising=False)
    monkeypatch.delenv("TZ", raising=False)
    import tzlocal

    assert local_zone() == tzlocal.get_localzone()
