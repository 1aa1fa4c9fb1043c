"""Attacks on the YouTube client through the engine: a Google server (or what stands in its
place) answering with wrong shapes, a token that cannot go in a header, error bodies quoting
secrets. Each is a clean error for the account and nothing stored of the page."""

import pytest

from smmdesk.store import accounts as a
from smmdesk.sync.errors import SyncError
from smmdesk.sync.secrets import Credentials
from tests.fakes import youtube
from tests.sync import test_engine_youtube

SECRETS = (youtube.TOKEN, youtube.REFRESH, youtube.CLIENT_SECRET)


fake, account, run = test_engine_youtube.fake, test_engine_youtube.account, test_engine_youtube.run


def count(store):
    return store.conn.execute("SELECT count(*) FROM comments").fetchone()[0]


@pytest.mark.parametrize(
    "token", ["ya29.tökén-renewed", "ya29.\u202eevil", "ya29.\x85next"], ids=["latin", "bidi", "c1"]
)
def test_a_renewed_token_that_cannot_go_in_a_header_is_refused_not_a_crash(
    store, account, fake, token
):
    """``_is_token`` took any printable text: a non-ASCII access_token from the token
    endpoint was kept, and the next call crashed encoding the Authorization header."""
    fake.app.add_thread(fake.app.add_video(), "hello")
    fake.app.token = "something-else"  # the stored token is refused: renew
    fake.fail("/token", status=200, body={"access_token": token, "expires_in": 3599})
    report = run(store, account)
    assert isinstance(report.results[0].error, SyncError), report.results[0].error
    assert count(store) == 0
    kept = Credentials().get(a.get_account(store, account.name).secret_ref)
    assert kept.token == youtube.TOKEN  # the odd one was not kept


@pytest.mark.parametrize(
    "snippet",
    [
        {"publishedAt": "99999-01-01T00:00:00Z"},
        {"publishedAt": 1e300},
        {"likeCount": 1e400},
        {"likeCount": "lots"},
        {"authorDisplayName": "N" * (1 << 17)},
        {"textOriginal": "t" * (1 << 17)},
        {"authorChannelId": "not an object"},
        {"videoId": ["a"]},
    ],
    ids=["year", "date-float", "likes-inf", "likes-text", "author", "text", "channel", "video"],
)
def test_a_comment_of_the_wrong_shape_stops_the_page_cleanly(store, account, fake, snippet):
    video = fake.app.add_video()
    fake.app.add_thread(video, "fine")
    original = fake.app._comment

    def hostile(comment, html_text):
        made = original(comment, html_text)
        made["snippet"] = {**made["snippet"], **snippet}
        return made

    fake.app._comment = hostile
    report = run(store, account)
    assert report.results[0].error is None or isinstance(report.results[0].error, SyncError)
    longest = store.conn.execute(
        "SELECT max(max(length(author), length(text))) FROM comments"
    ).fetchone()[0]
    assert (longest or 0) <= 1 << 16


def test_an_error_message_quoting_the_secrets_never_shows_them(store, account, fake):
    quoted = " ".join(SECRETS) + " https://evil.example/?key=" + youtube.TOKEN
    fake.fail(
        "/commentThreads",
        status=400,
        body=youtube.google_error(400, f"badRequest {youtube.TOKEN}", quoted),
        times=5,
    )
    report = run(store, account)
    stored = a.get_account(store, account.name).last_error or ""
    for text in (str(report.results[0].error), stored):
        for secret in SECRETS:
            assert secret not in text
