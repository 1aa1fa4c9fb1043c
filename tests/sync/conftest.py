import pytest

from smmdesk.sync import accounts
from smmdesk.sync.secrets import Secret
from tests.fakes import telegram
from tests.fakes.server import FakeServer


@pytest.fixture
def fake_telegram():
    app = telegram.FakeTelegram()
    with FakeServer(app) as server:
        server.app = app
        yield server


@pytest.fixture
def tg_account(store, brand, fake_telegram):
    return accounts.add(
        store,
        platform="telegram",
        brand=brand,
        secret=Secret(telegram.TOKEN),
        api_base=fake_telegram.url,
        options={"chat": str(telegram.GROUP["id"]), "channel": str(telegram.CHANNEL["id"])},
    )
