import time

import pytest

from smmdesk.store.brands import add_channel
from smmdesk.sync import accounts
from smmdesk.sync.secrets import Secret
from tests.fakes import graph, telegram
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


# Publishing: an account of each platform, its channel, and a fake that lets it publish.


@pytest.fixture
def tg(store, brand, tg_account, fake_telegram):
    fake_telegram.app.clock = int(time.time())  # the channel's messages are made now
    add_channel(store, brand, "Telegram channel", "telegram")
    return tg_account


PUBLISHING_SCOPES = (*graph.SCOPES, "pages_manage_posts")


@pytest.fixture
def fb_fake():
    app = graph.FakeGraph(scopes=PUBLISHING_SCOPES)
    with FakeServer(app) as server:
        server.app = app
        yield server


@pytest.fixture
def fb(store, brand, fb_fake):
    add_channel(store, brand, "Facebook page", "facebook")
    return accounts.add(
        store,
        platform="facebook",
        brand=brand,
        secret=Secret(graph.TOKEN),
        api_base=fb_fake.url,
        options={"page_id": graph.PAGE_ID},
    )


IG_SCOPES = (*graph.SCOPES, "instagram_content_publish")


@pytest.fixture
def ig_fake():
    app = graph.FakeGraph(scopes=IG_SCOPES)
    with FakeServer(app) as server:
        server.app = app
        yield server


@pytest.fixture
def ig(store, brand, ig_fake):
    return accounts.add(  # the brand's "Instagram page" channel is the conftest's
        store,
        platform="instagram",
        brand=brand,
        secret=Secret(graph.TOKEN),
        api_base=ig_fake.url,
        options={"ig_user_id": graph.IG_USER_ID},
    )
