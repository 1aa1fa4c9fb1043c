from datetime import UTC, datetime

import pytest

from smmdesk.calendar.recurrence import zone
from smmdesk.store.brands import add_channel, create_brand

KYIV = zone("Europe/Kyiv")
NEW_YORK = zone("America/New_York")
# A Friday, a week before Kyiv's clocks go forward (2026-03-29).
NOW = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)


@pytest.fixture
def brand(store):
    acme = create_brand(store, "Acme")
    add_channel(store, acme, "Facebook page", "facebook")
    add_channel(store, acme, "Website", "web", "website")
    return acme


@pytest.fixture
def other_brand(store):
    other = create_brand(store, "Other")
    add_channel(store, other, "Other page", "facebook")
    return other


def local(*args, tz=KYIV):
    return datetime(*args, tzinfo=tz)
