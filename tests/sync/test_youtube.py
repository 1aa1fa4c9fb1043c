"""The YouTube client against FakeYouTube over real HTTP on 127.0.0.1."""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smmdesk.store.accounts import Account, Outgoing
from smmdesk.store.comment_models import Reply
from smmdesk.sync.base import Page, Quota
from smmdesk.sync.errors import (
    AuthFailed,
    NoPermission,
    RateLimited,
    ReplyRefused,
    SyncError,
    Unsure,
)
from smmdesk.sync.http import LOOPBACK_ONLY_ENV, Http
from smmdesk.sync.secrets import Secret
from smmdesk.sync.youtube import YouTubeClient
from tests.fakes.server import FakeServer, Request
from tests.fakes.youtube import (
    CHANNEL,
    CLIENT_ID,
    CLIENT_SECRET,
    REFRESH,
    TOKEN,
    FakeYouTube,
    google_error,
)

DATA = Path(__file__).parent.parent / "fakes" / "data"
SECRETS = (TOKEN, REFRESH, CLIENT_SECRET)
LIST_CALLS = ("/youtube/v3/commentThreads", "/youtube/v3/comments")


def sample(name: str) -> Any:
    return json.loads((DATA / name).read_text())


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    monkeypatch.setenv(LOOPBACK_ONLY_ENV, "1")


@pytest.fixture
def fake() -> FakeYouTube:
    return FakeYouTube()


@pytest.fixture
def server(fake) -> Iterator[FakeServer]:
    with FakeServer(fake) as running:
        yield running


def account(server: FakeServer, **options: str) -> Account:
    return Account(
        id=1,
        brand_id=1,
        platform="youtube",
        name="acme-yt",
        api_base=server.url,
        options={"channel_id": CHANNEL, **options},
        secret_ref="ref",
        cursor={},
        quota={},
        created_at="2026-11-01T00:00:00+00:00",
        last_sync_at=None,
        last_error=None,
    )


FULL = Secret(TOKEN, REFRESH, CLIENT_ID, CLIENT_SECRET)


def client(
    server: FakeServer, secret: Secret = FULL, limit: int | None = 10_000, http: Http | None = None
) -> YouTubeClient:
    http = http or Http(server.url, sleep=lambda s: None)
    return YouTubeClient(account(server), secret, http, Quota(limit=limit))


def outgoing(comment: str, text: str, parent: str | None = None, tried_at: str | None = None):
    reply = Reply(
        id=1,
        comment_id=1,
        action_id=None,
        template_id=None,
        text=text,
        actor="tester",
        at="2026-11-01T09:00:00+00:00",
        tone=None,
        state="sending",
        account_id=1,
        tried_at=tried_at,
    )
    return Outgoing(reply, 1, 1, "youtube", comment, parent, None, "Viewer", "a comment")


def channel(fake: FakeYouTube) -> dict[str, str]:
    """130 threads on two videos (two pages): one with 12 replies, one with 150 (two
    comments.list pages), one with 2 replies of which one is ours."""
    first, second = fake.add_video(), fake.add_video()
    names = {}
    names["twelve"] = fake.add_thread(first, "twelve replies here")
    for n in range(12):
        fake.add_reply(names["twelve"], f"reply {n}")
    names["many"] = fake.add_thread(second, "a popular one")
    for n in range(150):
        fake.add_reply(names["many"], f"me too {n}")
    names["asked"] = fake.add_thread(second, "where can I buy it?")
    fake.add_reply(names["asked"], "same question")
    names["ours"] = fake.add_reply(names["asked"], "In our shop!", ours=True)
    for n in range(127):
        fake.add_thread(first if n % 2 else second, f"comment {n}")
    return names


def pull_all(yt: YouTubeClient, cursor: dict[str, Any] | None = None) -> list[Page]:
    return list(yt.pull(cursor or {}))


def ids(pages: list[Page]) -> list[str]:
    return [r.external_id for page in pages for r in page.records if r.external_id]


def list_calls(server: FakeServer) -> int:
    return sum(len(server.calls(path, "GET")) for path in LIST_CALLS)


# Pull ---------------------------------------------------------------------------------


def test_a_first_pull_yields_every_comment_once_with_its_parent_video_and_ours(fake, server):
    names = channel(fake)
    pages = pull_all(client(server))
    seen = ids(pages)
    assert Counter(seen) == Counter(fake.comments.keys())  # each once, none missing
    records = {r.external_id: r for page in pages for r in page.records}
    for comment in fake.comments.values():
        record = records[comment.id]
        assert record.parent_external_id == comment.parent
        assert record.post_ref == comment.video
        assert record.text == comment.text
        assert record.ours == (comment.id == names["ours"])
    assert all(p.cursor.get("run") for p in pages[:-1]) and "run" not in pages[-1].cursor


def test_a_thread_with_12_replies_gets_all_12(fake, server):
    names = channel(fake)
    pages = pull_all(client(server))
    replies = [r for p in pages for r in p.records if r.parent_external_id == names["twelve"]]
    assert sorted(r.text for r in replies) == sorted(f"reply {n}" for n in range(12))
    listed = [c.query["parentId"] for c in server.calls("/youtube/v3/comments", "GET")]
    assert listed == [names["many"], names["many"], names["twelve"]]  # 150: two pages of 100


def test_a_pull_killed_after_any_page_resumes_without_losing_a_comment(fake, server):
    channel(fake)
    pages = pull_all(client(server))
    for stop in range(len(pages) - 1):
        before = list_calls(server)
        rest = pull_all(client(server), dict(pages[stop].cursor))
        assert set(ids(pages[: stop + 1] + rest)) == set(fake.comments)
        assert list_calls(server) - before == len(pages) - stop - 1  # nothing read twice


def test_a_second_pull_over_unchanged_data_makes_one_call(fake, server):
    channel(fake)
    done = pull_all(client(server))[-1].cursor
    before = list_calls(server)
    again = pull_all(client(server), dict(done))
    assert list_calls(server) - before == 1 and len(again) == 1
    assert "run" not in again[-1].cursor


def test_a_second_pull_sees_new_threads_and_new_replies_on_its_first_page(fake, server):
    video = fake.add_video()
    long, short = fake.add_thread(video, "long"), fake.add_thread(video, "short")
    for n in range(7):
        fake.add_reply(long, f"reply {n}")
    done = pull_all(client(server))[-1].cursor
    before = len(server.calls("/youtube/v3/comments"))
    added = {
        fake.add_thread(video, "brand new"),
        fake.add_reply(long, "an eighth"),
        fake.add_reply(short, "a first"),
    }
    again = pull_all(client(server), dict(done))
    assert added <= set(ids(again))
    assert [c.query["parentId"] for c in server.calls("/youtube/v3/comments")[before:]] == [long]


def test_a_refused_page_token_restarts_from_the_top(fake, server):
    channel(fake)
    first = next(client(server).pull({}))
    fake.forget_page_tokens()
    rest = pull_all(client(server), dict(first.cursor))
    assert set(ids([first, *rest])) == set(fake.comments)
    refused = server.calls("/youtube/v3/commentThreads")[1]
    assert (
        refused.query.get("pageToken")
        and "pageToken" not in server.calls("/youtube/v3/commentThreads")[2].query
    )


def test_a_thread_deleted_before_its_replies_are_listed_is_skipped(fake, server):
    names = channel(fake)
    pages = client(server).pull({})
    first = next(pages)
    fake.delete(names["twelve"])
    rest = list(pages)
    assert "run" not in rest[-1].cursor
    assert set(ids([first, *rest])) >= set(fake.comments)


def test_an_edited_comment_comes_as_an_edit(fake, server):
    channel(fake)
    done = pull_all(client(server))[-1].cursor
    newest = fake.threads()[0].id
    fake.edit(newest, "edited: blue")
    again = pull_all(client(server), dict(done))
    assert [(r.external_id, r.text) for p in again for r in p.edits] == [(newest, "edited: blue")]


def test_a_drop_on_a_get_is_retried(fake, server):
    fake.add_thread(fake.add_video(), "hello")
    server.fail("/youtube/v3/commentThreads", kind="drop")
    pages = pull_all(client(server))
    assert len(ids(pages)) == 1 and len(server.calls("/youtube/v3/commentThreads")) == 2


# Quota --------------------------------------------------------------------------------


def test_quota_counts_a_unit_a_list_call_and_50_an_insert_or_moderation(fake, server):
    names = channel(fake)
    yt = client(server)
    pull_all(yt)
    assert yt.quota.used == list_calls(server) == 5
    yt.send(outgoing(names["asked"], "Thanks!"))
    assert yt.quota.used == 55
    yt.hide(names["asked"], True)
    assert yt.quota.used == 105


def test_a_pull_stops_with_rate_limited_before_passing_the_limit(fake, server):
    channel(fake)
    yt = client(server, limit=2)
    pages = []
    with pytest.raises(RateLimited, match="quota"):
        for page in yt.pull({}):
            pages.append(page)
    assert len(pages) == 2 and list_calls(server) == 2 and yt.quota.used == 2
    rest = pull_all(client(server), dict(pages[-1].cursor))  # tomorrow: goes on
    assert set(ids(pages + rest)) == set(fake.comments)


def test_quota_exceeded_from_youtube_is_rate_limited_and_marks_the_day_spent(fake, server):
    fake.add_thread(fake.add_video(), "hello")
    server.fail("/commentThreads", status=403, body=sample("youtube_error_quota.json"))
    yt = client(server)
    with pytest.raises(RateLimited, match="Pacific") as raised:
        pull_all(yt)
    assert "<a" not in str(raised.value) and yt.quota.used == 10_000


def test_rate_limit_exceeded_429_says_how_long_to_wait(fake, server):
    body = google_error(429, "rateLimitExceeded", "Slow down.", "youtube.quota")
    server.fail("/commentThreads", status=429, body=body, headers={"Retry-After": "30"})
    with pytest.raises(RateLimited) as raised:
        pull_all(client(server))
    assert raised.value.retry_after == 30


# Send, find_sent, hide ----------------------------------------------------------------


def test_send_reaches_the_fake_once_and_a_later_pull_sees_it_as_ours(fake, server):
    names = channel(fake)
    yt = client(server)
    made = yt.send(outgoing(names["asked"], "It is in our shop"))
    assert len(server.calls("/youtube/v3/comments", "POST")) == 1
    assert fake.comments[made].parent == names["asked"]
    pages = pull_all(client(server))
    record = next(r for p in pages for r in p.records if r.external_id == made)
    assert record.ours and record.parent_external_id == names["asked"]


def test_a_reply_to_a_reply_goes_under_its_thread(fake, server):
    names = channel(fake)
    made = client(server).send(outgoing(names["ours"], "again", parent=names["asked"]))
    assert fake.comments[made].parent == names["asked"]
    body = json.loads(server.calls("/youtube/v3/comments", "POST")[0].body)
    assert body == {"snippet": {"parentId": names["asked"], "textOriginal": "again"}}


def test_find_sent_finds_a_reply_whose_answer_was_lost(fake, server):
    names = channel(fake)
    reply = outgoing(names["asked"], "Thanks  for\nasking", tried_at="2026-11-01T09:00:00+00:00")
    server.fail("/youtube/v3/comments", kind="hold", seconds=0.3)
    with pytest.raises(Unsure):
        client(server).send(reply)
    held = server.calls("/youtube/v3/comments", "POST")
    assert len(held) == 1
    assert client(server).find_sent(reply) is None  # it did not go out
    status, made = fake.handle(held[0])  # it did go out: the answer was lost
    assert status == 200
    assert client(server).find_sent(reply) == made["id"]
    assert len(server.calls("/youtube/v3/comments", "POST")) == 1


def test_find_sent_ignores_the_same_text_sent_before_the_try(fake, server):
    names = channel(fake)
    earlier = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    fake.add_reply(names["asked"], "Thanks!", ours=True, at=earlier)
    late = (earlier + timedelta(hours=5)).isoformat()
    assert client(server).find_sent(outgoing(names["asked"], "Thanks!", tried_at=late)) is None


def test_find_sent_pages_through_a_long_thread(fake, server):
    names = channel(fake)
    fake.add_reply(names["many"], "Glad you like it", ours=True)
    yt = client(server)
    assert yt.find_sent(outgoing(names["many"], "Glad you like it")) is not None
    assert len(server.calls("/youtube/v3/comments", "GET")) == 2


def test_a_reply_to_a_deleted_comment_is_refused(fake, server):
    names = channel(fake)
    fake.delete(names["asked"])
    with pytest.raises(ReplyRefused, match="deleted on YouTube"):
        client(server).send(outgoing(names["asked"], "Thanks!"))
    with pytest.raises(ReplyRefused, match="deleted on YouTube"):
        client(server).find_sent(outgoing(names["asked"], "Thanks!"))


def test_a_reply_on_a_video_with_comments_off_is_refused(fake, server):
    names = channel(fake)
    fake.disable_comments(fake.comments[names["asked"]].video)
    with pytest.raises(ReplyRefused, match="turned off"):
        client(server).send(outgoing(names["asked"], "Thanks!"))


def test_a_400_on_send_is_refused_with_the_apis_reason(fake, server):
    names = channel(fake)
    with pytest.raises(ReplyRefused, match="too long"):
        client(server).send(outgoing(names["asked"], "x" * 10_001))


def test_hide_holds_a_comment_for_review_and_show_publishes_it_again(fake, server):
    names = channel(fake)
    yt = client(server)
    yt.hide(names["asked"], True)
    assert fake.comments[names["asked"]].status == "heldForReview"
    assert names["asked"] not in ids(pull_all(client(server)))
    yt.hide(names["asked"], False)
    assert fake.comments[names["asked"]].status == "published"
    with pytest.raises(ReplyRefused, match="deleted"):
        yt.hide("Ugz-no-such-comment", True)


# Tokens and identity --------------------------------------------------------------


def test_identity_names_the_channel_and_its_scopes(fake, server):
    found = client(server).identity()
    assert (found.name, found.user_id) == ("Acme Official", CHANNEL)
    assert found.permissions == ("youtube.force-ssl",) and found.missing == ()
    assert found.expires_at is not None


def test_identity_says_what_is_missing():
    fake = FakeYouTube(scopes=("https://www.googleapis.com/auth/youtube.readonly",))
    fake.channel_id = "UCanotherChannel000000a9"
    with FakeServer(fake) as server:
        found = client(server).identity()
    assert found.missing == (
        "youtube.force-ssl",
        f"channel {CHANNEL} (the token is for {fake.channel_id})",
    )


def test_an_expired_token_is_renewed_once_and_the_call_made_again(fake, server):
    fake.add_thread(fake.add_video(), "hello")
    fake.expire_token()
    yt = client(server)
    assert len(ids(pull_all(yt))) == 1
    assert yt.secret.token == fake.token != TOKEN and yt.secret.expires_at
    assert yt.secret.refresh_token == REFRESH
    assert len(server.calls("/token", "POST")) == 1
    assert server.calls("/token")[0].form["grant_type"] == "refresh_token"


def test_a_token_known_to_expire_is_renewed_before_the_call(fake, server):
    fake.expire_token()
    secret = Secret(
        TOKEN, REFRESH, CLIENT_ID, CLIENT_SECRET, expires_at="2020-01-01T00:00:00+00:00"
    )
    client(server, secret).identity()
    assert [r.path for r in server.requests][:2] == ["/token", "/youtube/v3/channels"]


def test_an_expired_token_without_a_refresh_token_says_how_to_renew(fake, server):
    fake.expire_token()
    with pytest.raises(AuthFailed, match="with-token"):
        pull_all(client(server, Secret(TOKEN)))
    assert server.calls("/token") == []


def test_a_refused_refresh_token_says_how_to_renew(fake, server):
    fake.expire_token()
    fake.refresh_token = "revoked"
    with pytest.raises(AuthFailed, match="invalid_grant.*with-token"):
        pull_all(client(server))


def test_a_missing_scope_is_no_permission(fake, server):
    body = google_error(403, "insufficientPermissions", "Insufficient Permission", "global")
    server.fail("/commentThreads", status=403, body=body)
    with pytest.raises(NoPermission, match="youtube.force-ssl"):
        pull_all(client(server))


def test_a_wrong_channel_id_is_no_permission(fake, server):
    yt = client(server)
    yt.options = {"channel_id": "UCnoSuchChannel00000000x"}
    with pytest.raises(NoPermission, match="UCnoSuchChannel"):
        pull_all(yt)


# Messages never hold a secret -----------------------------------------------------


def echo(status: int) -> Any:
    """An error body repeating the request's secrets, as a careless proxy might."""
    text = f"bad {TOKEN} at https://x.test/?access_token={TOKEN} refresh={REFRESH} {CLIENT_SECRET}"
    return google_error(status, f"why-{TOKEN}", text)


FAULTS = [
    {"status": 400, "body": echo(400)},
    {"status": 401, "body": echo(401)},
    {"status": 403, "body": echo(403)},
    {"status": 404, "body": echo(404)},
    {"status": 429, "body": echo(429)},
    {"status": 500, "body": echo(500)},
    {"status": 403, "body": sample("youtube_error_quota.json")},
    {"status": 401, "body": sample("youtube_error_auth.json")},
    {"status": 200, "body": {"items": [{"snippet": {"topLevelComment": {"id": TOKEN}}}]}},
    {"status": 200, "body": {"items": "x", "nextPageToken": TOKEN}},
    {"kind": "drop"},
]


@pytest.mark.parametrize("fault", FAULTS)
def test_no_error_message_holds_a_secret(fake, server, fault):
    names = channel(fake)
    reply = outgoing(names["asked"], "Thanks!")
    calls = [
        lambda yt: yt.identity(),
        lambda yt: pull_all(yt),
        lambda yt: yt.send(reply),
        lambda yt: yt.find_sent(reply),
        lambda yt: yt.hide(names["asked"], True),
    ]
    failed = 0
    for call in calls:
        server.faults.clear()
        server.fail("", **{"times": 10, **fault})  # every call, the renewal too
        try:
            call(client(server))
        except SyncError as error:
            failed += 1
            assert not any(secret in str(error) for secret in SECRETS), str(error)
            assert "access_token" not in str(error) and "\n" not in str(error)
    assert failed >= 4


def test_a_refused_renewal_echoing_secrets_hides_them(fake, server):
    fake.expire_token()
    server.fail("/token", status=400, body={"error": "invalid_grant", "error_description": REFRESH})
    with pytest.raises(AuthFailed) as raised:
        pull_all(client(server))
    assert not any(secret in str(raised.value) for secret in SECRETS)


# The fake's shapes are the API's ---------------------------------------------------


def same_keys(real: Any, made: Any, where: str = "") -> None:
    """``made`` has the keys ``real`` has, at every level (lists: each item like the first)."""
    if isinstance(real, dict):
        assert isinstance(made, dict) and set(made) == set(real), where
        for key in real:
            same_keys(real[key], made[key], f"{where}.{key}")
    elif isinstance(real, list) and real and made:
        for item in made:
            same_keys(real[0], item, f"{where}[]")
    else:
        assert type(made) is type(real) or {type(made), type(real)} <= {int, float}, where


def ask(fake: FakeYouTube, method: str, path: str, body: Any = None, **query: str) -> Any:
    headers = {"Authorization": f"Bearer {fake.token}"}
    data = json.dumps(body).encode() if body else b""
    status, answer = fake.handle(Request(method, path, query, {}, data, headers))
    assert status == 200, answer
    return answer


def test_the_fakes_answers_have_the_documented_shapes(fake):
    names = channel(fake)
    threads = ask(
        fake,
        "GET",
        "/youtube/v3/commentThreads",
        part="snippet,replies",
        allThreadsRelatedToChannelId=CHANNEL,
        maxResults="100",
    )
    real = sample("youtube_commentThreads_list.json")
    with_replies = [t for t in threads["items"] if "replies" in t]
    without = [t for t in threads["items"] if "replies" not in t]
    same_keys({**real, "items": real["items"][:1]}, {**threads, "items": with_replies})
    same_keys({**real, "items": real["items"][1:]}, {**threads, "items": without})
    replies = ask(
        fake,
        "GET",
        "/youtube/v3/comments",
        part="snippet",
        parentId=names["many"],
        maxResults="100",
    )
    same_keys(sample("youtube_comments_list.json"), replies)
    made = ask(
        fake,
        "POST",
        "/youtube/v3/comments",
        {"snippet": {"parentId": names["asked"], "textOriginal": "hi"}},
        part="snippet",
    )
    same_keys(sample("youtube_comments_insert.json"), made)
    same_keys(
        sample("youtube_channels_list.json"),
        ask(fake, "GET", "/youtube/v3/channels", part="snippet", mine="true"),
    )
    same_keys(
        sample("google_tokeninfo.json"), ask(fake, "GET", "/tokeninfo", access_token=fake.token)
    )
    form = {
        "grant_type": "refresh_token",
        "refresh_token": REFRESH,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
    }
    status, renewed = fake.handle(Request("POST", "/token", {}, form, b"", {}))
    same_keys(sample("google_token.json"), renewed)
    status, refused = fake.handle(Request("GET", "/youtube/v3/channels", {}, {}, b"", {}))
    same_keys(sample("youtube_error_auth.json"), refused)


def test_the_client_reads_the_samples_themselves(server):
    server.fail("/commentThreads", status=200, body=sample("youtube_commentThreads_list.json"))
    server.fail(
        "/commentThreads",
        status=200,
        body={**sample("youtube_commentThreads_list.json"), "nextPageToken": None, "items": []},
    )
    yt = client(server)
    yt.options = {"channel_id": "UCsampleChannel0000000a1"}
    pages = pull_all(yt)
    records = [r for p in pages for r in p.records]
    assert [(r.external_id, r.ours, r.post_ref) for r in records] == [
        ("UgxR3kTq9Zs1nYp0aXB4AaABAg", False, "dQw4sample1"),
        ("UgxR3kTq9Zs1nYp0aXB4AaABAg.9zXq1Ab2Cd3Ef4Gh5Ij6Kl", True, "dQw4sample1"),
        ("UgwT7bVn2Lk5sQp9xZc1AaABAg", False, "dQw4sample1"),
    ]
    assert [r.external_id for r in pages[0].edits] == ["UgwT7bVn2Lk5sQp9xZc1AaABAg"]


# Whatever the server sends --------------------------------------------------------

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["", "2026-11-01T10:00:00Z", "youtube#comment", TOKEN, CHANNEL, "x"])
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=16,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from paths(inner, (*prefix, index))


def replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    changed = copy.deepcopy(document)
    holder = changed
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = value
    return changed


SAMPLES = [
    sample(name)
    for name in (
        "youtube_commentThreads_list.json",
        "youtube_comments_list.json",
        "youtube_comments_insert.json",
        "youtube_channels_list.json",
        "google_token.json",
        "youtube_error_quota.json",
        "google_tokeninfo.json",
    )
]
LAST_PAGE = {k: v for k, v in SAMPLES[0].items() if k != "nextPageToken"}  # a pull can end
SAMPLES.append(LAST_PAGE)
MUTATED = st.sampled_from(SAMPLES).flatmap(
    lambda doc: st.tuples(st.sampled_from(list(paths(doc))), JSON).map(
        lambda pv: replaced(doc, *pv)
    )
)


def test_any_answer_is_pages_or_a_sync_error():
    reply = outgoing("Ugz-thread", "Thanks!")
    calls = (
        lambda yt: list(islice(yt.pull({}), 4)),
        lambda yt: yt.identity(),
        lambda yt: yt.send(reply),
        lambda yt: yt.find_sent(reply),
        lambda yt: yt.hide("Ugz-thread", True),
    )
    with FakeServer(FakeYouTube()) as server, Http(server.url, sleep=lambda s: None) as http:

        @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(
            status=st.sampled_from([200, 200, 200, 204, 400, 401, 403, 404, 429, 500]),
            body=JSON | MUTATED,
        )
        def answer(status: int, body: Any) -> None:
            for call in calls:
                server.faults.clear()
                server.fail("", status=status, body=body, times=10**6)
                try:
                    call(client(server, http=http))
                except SyncError as error:
                    assert TOKEN not in str(error) and "\n" not in str(error)

        answer()
