"""The Facebook and Instagram clients against the fake Graph API, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smmdesk.store.accounts import Account, Outgoing
from smmdesk.store.comment_models import Reply
from smmdesk.sync.base import Page, Quota
from smmdesk.sync.errors import (
    AuthFailed,
    BadResponse,
    NoPermission,
    RateLimited,
    ReplyRefused,
    SyncError,
    Unsure,
)
from smmdesk.sync.graph import FacebookClient, GraphClient, InstagramClient
from smmdesk.sync.http import Http
from smmdesk.sync.secrets import Secret
from tests.fakes.graph import IG_USER_ID, PAGE_ID, TOKEN, FakeGraph, error_body, graph_time
from tests.fakes.server import FakeApp, FakeServer, Request

DATA = Path(__file__).parents[1] / "fakes" / "data"
HOUR = 3600
DAY = 86400
PLATFORMS = ("facebook", "instagram")
OPTIONS = {"facebook": {"page_id": PAGE_ID}, "instagram": {"ig_user_id": IG_USER_ID}}
CLASSES: dict[str, type[GraphClient]] = {"facebook": FacebookClient, "instagram": InstagramClient}


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    monkeypatch.setenv("SMMDESK_LOOPBACK_ONLY", "1")


@pytest.fixture(params=PLATFORMS)
def platform(request) -> str:
    return request.param


@pytest.fixture
def fake() -> FakeGraph:
    return FakeGraph()


@pytest.fixture
def server(fake) -> Iterator[FakeServer]:
    with FakeServer(fake) as running:
        yield running
        assert_token_kept_out_of_urls(running)


@pytest.fixture
def connect(server):
    """A new client of the platform (as a resumed sync makes one), its Http closed after."""
    opened: list[Http] = []

    def make(platform: str, token: str = TOKEN) -> GraphClient:
        http = Http(server.url, sleep=lambda s: None)
        opened.append(http)
        return make_client(platform, http, token, server.url)

    yield make
    for http in opened:
        http.client.close()


def make_client(platform: str, http: Http, token: str = TOKEN, base: str = "") -> GraphClient:
    account = Account(
        id=1,
        brand_id=1,
        platform=platform,
        name=f"acme-{platform}",
        api_base=base,
        options=OPTIONS[platform],
        secret_ref="ref",
        cursor={},
        quota={},
        created_at="2026-11-01T00:00:00Z",
        last_sync_at=None,
        last_error=None,
    )
    return CLASSES[platform](account, Secret(token), http, Quota())


def assert_token_kept_out_of_urls(server: FakeServer) -> None:
    for request in server.requests:
        assert TOKEN not in request.path and TOKEN not in json.dumps(request.query)
        assert "access_token" not in request.query


def new_post(fake: FakeGraph, platform: str, ago: float | None = None) -> str:
    return fake.post(ago=ago) if platform == "facebook" else fake.media(ago=ago)


def seed(fake: FakeGraph, platform: str) -> dict[str, tuple[str | None, str, bool]]:
    """Two recent posts with comments, a reply and our answer, and an old post: each comment
    the pull should give as {id: (parent, post, ours)}."""
    a, b = new_post(fake, platform, 5 * HOUR), new_post(fake, platform, 4 * HOUR)
    old = new_post(fake, platform, 40 * DAY)
    fake.comment(old, "Too old to be read", ago=39 * DAY)
    c1 = fake.comment(a, "Love the new cups", ago=3 * HOUR)
    c2 = fake.comment(a, "Too sweet for me", ago=2.9 * HOUR)
    r1 = fake.comment(c1, "Same here", author="Bo Chen", ago=2.8 * HOUR)
    o1 = fake.ours(c2, "Sorry! Ask for half syrup next time.", ago=2.7 * HOUR)
    c3 = fake.comment(b, "When do you open on Sunday?", ago=2.5 * HOUR)
    return {
        c1: (None, a, False),
        c2: (None, a, False),
        r1: (c1, a, False),
        o1: (c2, a, True),
        c3: (None, b, False),
    }


def many(fake: FakeGraph, platform: str, posts: int, comments: int) -> list[str]:
    ids = []
    for p in range(posts):
        post = new_post(fake, platform, 10 * HOUR - p)
        ids += [fake.comment(post, f"comment {i}", ago=8 * HOUR - i) for i in range(comments)]
    return ids


def pull(client: GraphClient, cursor: dict[str, Any] | None = None) -> list[Page]:
    return list(client.pull(cursor or {}))


def ids_of(pages: list[Page]) -> list[str | None]:
    return [r.external_id for page in pages for r in page.records]


def outgoing(platform: str, comment: str, parent: str | None, text: str) -> Outgoing:
    tried = (datetime.now(UTC) - timedelta(seconds=5)).isoformat()
    reply = Reply(1, 1, None, None, text, "tester", tried, None, "sending", 1, tried_at=tried)
    return Outgoing(reply, 1, 1, platform, comment, parent, None, "Ann Lee", "a comment")


def edge(platform: str) -> str:
    return "comments" if platform == "facebook" else "replies"


def listing(platform: str) -> str:
    return "/published_posts" if platform == "facebook" else "/media"


# Pulling ---------------------------------------------------------------------


def test_a_first_pull_yields_every_comment_once(fake, connect, platform):
    expected = seed(fake, platform)
    pages = pull(connect(platform))
    records = [r for page in pages for r in page.records]
    assert sorted(r.external_id for r in records) == sorted(expected)
    got = {r.external_id: (r.parent_external_id, r.post_ref, r.ours) for r in records}
    assert got == expected
    assert {r.platform for r in records} == {platform}


def test_paging_follows_the_cursors_across_pages(fake, connect, server, platform):
    expected = many(fake, platform, posts=1, comments=230)
    first = expected[0]
    expected += [fake.comment(first, f"reply {i}", ago=HOUR - i) for i in range(7)]
    pages = pull(connect(platform))
    assert sorted(ids_of(pages)) == sorted(expected)
    if platform == "facebook":  # 237 comments and replies, 100 a page
        assert len(server.calls("/comments", "GET")) == 3
    else:  # 230 comments, 50 a page; the reply beyond the first three on one more page
        assert len(server.calls("/comments", "GET")) == 5
        assert len(server.calls(f"/{first}/replies", "GET")) == 1
    assert all("after" in r.query for r in server.calls("/comments")[1:])


@pytest.mark.parametrize("kill_after", [0, 1, 2, 3, 4, 5])
def test_a_pull_killed_after_any_page_resumes_without_losing_a_comment(
    fake, connect, platform, kill_after
):
    posts = [new_post(fake, platform, 10 * HOUR - p) for p in range(2)]
    before = [fake.comment(p, f"c{i}", ago=8 * HOUR - i) for p in posts for i in range(220)]
    pages = pull(connect(platform))
    assert len(pages) >= 6 and sorted(ids_of(pages)) == sorted(before)
    stored = ids_of(pages[:kill_after])
    cursor = dict(pages[kill_after - 1].cursor) if kill_after else {}
    # While it was stopped: new comments, a reply to an old one, one stored comment deleted.
    later = [fake.comment(posts[0], "new on the first"), fake.comment(posts[1], "new on 2nd")]
    later.append(fake.comment(before[3], "a reply to an old one"))
    fake.delete(before[0])
    resumed = pull(connect(platform), cursor)
    following = pull(connect(platform), dict(resumed[-1].cursor))
    seen = set(stored) | set(ids_of(resumed)) | set(ids_of(following))
    assert seen >= set(before[1:]) | set(later)
    assert len(json.dumps(resumed[-1].cursor)) < 200 + 40 * len(posts)  # small: no id list


def test_a_resumed_facebook_pull_keeps_the_mark_of_its_start(fake, connect, monkeypatch):
    """What is written on a post already stored, while the sync is stopped, is older than the
    resumed sync's own listing: the next sync reads from the first one's mark."""
    monkeypatch.setattr("smmdesk.sync.graph.OVERLAP_S", 0)  # no overlap to hide a late mark
    first, second = fake.post(ago=5 * HOUR), fake.post(ago=4 * HOUR)
    for post in (first, second):
        for i in range(150):
            fake.comment(post, f"c{i}", ago=3 * HOUR - i)
    pages = list(itertools.islice(connect("facebook").pull({}), 3))  # the first post stored
    assert pages[-1].cursor["post"] == second
    time.sleep(1.1)
    late = fake.comment(first, "written while the sync was stopped")
    time.sleep(1.1)
    resumed = pull(connect("facebook"), dict(pages[-1].cursor))
    assert late not in ids_of(resumed)
    assert late in ids_of(pull(connect("facebook"), dict(resumed[-1].cursor)))


def test_a_resumed_cursor_the_server_refuses_reads_that_post_again(fake, connect, platform):
    post = new_post(fake, platform, 5 * HOUR)
    ids = [fake.comment(post, f"c{i}", ago=4 * HOUR - i) for i in range(130)]
    pages = pull(connect(platform))
    cursor = dict(pages[0].cursor)
    assert cursor.get("after")
    for gone in ids_of(pages[:1])[-3:]:  # the comment the cursor points after is gone...
        fake.delete(gone)
    ids += [fake.comment(post, f"new {i}") for i in range(3)]  # ...and the count is the same
    resumed = pull(connect(platform), cursor)
    assert set(ids_of(resumed)) == {i for i in ids if not fake.nodes[i].deleted}


def test_a_second_pull_yields_nothing_new_with_few_calls(fake, connect, server, platform):
    expected = seed(fake, platform)
    first = pull(connect(platform))
    calls = len(server.requests)
    second = pull(connect(platform), dict(first[-1].cursor))
    assert ids_of(second) == [] and len(server.requests) - calls == 1  # the list of posts
    new = fake.comment(next(iter(expected)), "a new reply")
    calls = len(server.requests)
    third = pull(connect(platform), dict(second[-1].cursor))
    assert new in ids_of(third) and set(ids_of(third)) <= set(expected) | {new}
    assert len(server.requests) - calls <= 3  # the posts, that post's comments (IG: our name)


def test_posts_and_media_are_read_within_the_window(fake, connect, server, platform):
    recent = new_post(fake, platform, DAY)
    kept = fake.comment(recent, "recent")
    for age in range(40, 140):
        fake.comment(new_post(fake, platform, age * DAY), "on an old post", ago=DAY)
    assert ids_of(pull(connect(platform))) == [kept]
    assert len(server.calls(listing(platform))) == 1  # it stopped at the first older post


def test_a_post_deleted_between_the_list_and_its_comments_is_skipped(
    fake, connect, server, platform
):
    expected = seed(fake, platform)
    doomed = next(post for _, post, _ in expected.values())
    server.fail(f"/{doomed}/comments", status=400, body=error_body(100, "gone", 33))
    pages = pull(connect(platform))
    assert set(ids_of(pages)) == {i for i, (_, post, _) in expected.items() if post != doomed}


# Replies and hiding ------------------------------------------------------------


def test_a_reply_reaches_the_fake_once_and_a_later_pull_sees_it_as_ours(
    fake, connect, server, platform
):
    expected = seed(fake, platform)
    first = pull(connect(platform))
    top = next(i for i, (p, _, _) in expected.items() if p is None)
    answered = next(i for i, (p, _, _) in expected.items() if p == top)  # a reply to it
    made = connect(platform).send(outgoing(platform, answered, top, "Thank you!"))
    posted_under = answered if platform == "facebook" else top  # IG: top-level only
    assert fake.posted == [(posted_under, "Thank you!")]
    assert len(server.calls(f"/{posted_under}/{edge(platform)}", "POST")) == 1
    assert server.calls(f"/{posted_under}", "POST")[0].form == {"message": "Thank you!"}
    later = pull(connect(platform), dict(first[-1].cursor))
    mine = [r for page in later for r in page.records if r.external_id == made]
    assert len(mine) == 1 and mine[0].ours and mine[0].parent_external_id == posted_under


def test_find_sent_after_a_held_send_finds_ours_or_none(fake, connect, server, platform):
    expected = seed(fake, platform)
    top = next(i for i, (p, _, _) in expected.items() if p is None)
    reply = outgoing(platform, top, None, "We open at 9  on Sundays!")
    server.fail(f"/{top}/{edge(platform)}", kind="hold", seconds=0.2)
    with pytest.raises(Unsure):
        connect(platform).send(reply)
    assert fake.posted == [] and len(server.calls(f"/{top}/{edge(platform)}", "POST")) == 1
    client = connect(platform)
    assert client.find_sent(reply) is None
    fake.comment(top, "We open at 9 on Sundays!", author="Someone Else")  # not ours
    fake.ours(top, "We open at 9 on Sundays!", ago=HOUR)  # ours, from before this try
    assert client.find_sent(reply) is None
    ours = fake.ours(top, "We open at 9\non Sundays! ")
    assert connect(platform).find_sent(reply) == ours


def test_find_sent_finds_a_reply_whose_answer_was_lost(fake, connect, server, platform):
    expected = seed(fake, platform)
    top = next(i for i, (p, _, _) in expected.items() if p is None)
    reply = outgoing(platform, top, None, "Thanks for asking!")
    server.fail(f"/{top}/{edge(platform)}", kind="lose")  # posted; the answer lost
    with pytest.raises(Unsure):
        connect(platform).send(reply)
    [(answered, text)] = fake.posted
    made = connect(platform).find_sent(reply)
    assert made is not None and fake.nodes[made].text == text == "Thanks for asking!"


def test_hide_and_show_a_comment(fake, connect, server, platform):
    expected = seed(fake, platform)
    comment = next(iter(expected))
    client = connect(platform)
    client.hide(comment, True)
    assert fake.nodes[comment].hidden
    client.hide(comment, False)
    assert not fake.nodes[comment].hidden
    field = "is_hidden" if platform == "facebook" else "hide"
    assert [r.form for r in server.calls(f"/{comment}", "POST")] == [
        {field: "true"},
        {field: "false"},
    ]
    fake.delete(comment)
    with pytest.raises(ReplyRefused, match="deleted"):
        client.hide(comment, True)


def test_a_reply_to_a_deleted_comment_is_refused(fake, connect, server, platform):
    expected = seed(fake, platform)
    comment = next(iter(expected))
    fake.delete(comment)
    client = connect(platform)
    with pytest.raises(ReplyRefused, match="deleted on (Facebook|Instagram)"):
        client.send(outgoing(platform, comment, None, "Hello"))
    with pytest.raises(ReplyRefused, match="deleted"):
        client.find_sent(outgoing(platform, comment, None, "Hello"))
    server.fail("/", status=404, body={"error": {"message": "Not found", "code": 803}})
    with pytest.raises(ReplyRefused, match="deleted"):
        client.send(outgoing(platform, next(iter(expected)), None, "Hello"))
    spam = error_body(368, "The action attempted has been deemed abusive", kind="x")
    server.fail("/", status=400, body=spam)
    with pytest.raises(ReplyRefused, match="spam"):
        client.send(outgoing(platform, next(iter(expected)), None, "Hello"))
    assert fake.posted == []


# Errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "subcode", "kind", "said"),
    [
        (190, None, AuthFailed, "invalid, expired or revoked"),
        (190, 463, AuthFailed, "expired"),
        (190, 460, AuthFailed, "password"),
        (190, 458, AuthFailed, "app was removed"),
        (190, 467, AuthFailed, "logged out"),
        (10, None, NoPermission, "lacks the"),
        (200, None, NoPermission, "lacks the"),
        (4, None, RateLimited, "slow down"),
        (17, None, RateLimited, "slow down"),
        (32, None, RateLimited, "slow down"),
        (613, None, RateLimited, "slow down"),
        (80001, None, RateLimited, "slow down"),
        (100, None, BadResponse, "error 100"),
        (2500, None, BadResponse, "error 2500"),
    ],
)
def test_graph_errors_become_sync_errors(connect, server, platform, code, subcode, kind, said):
    seeded = error_body(code, f"(#{code}) something went wrong", subcode)
    server.fail(listing(platform), status=400, body=seeded)
    with pytest.raises(kind, match=said) as caught:
        pull(connect(platform))
    message = str(caught.value)
    assert "\n" not in message and TOKEN not in message
    if kind is AuthFailed:
        needed = "pages_manage_engagement" if platform == "facebook" else "instagram_basic"
        assert "Graph API Explorer" in message and needed in message
    if kind is NoPermission:
        needed = "pages_read_engagement" if platform == "facebook" else "instagram_basic"
        assert needed in message


def test_no_permission_names_the_one_the_server_names(connect, server, platform):
    said = "(#200) Requires pages_manage_engagement permission to manage the object"
    server.fail("/", status=403, body=error_body(200, said))
    with pytest.raises(NoPermission, match="lacks the pages_manage_engagement permission"):
        connect(platform).hide("123_456", True)


def test_a_rate_limit_says_when_to_come_back(connect, server, platform):
    usage = {PAGE_ID: [{"type": "pages", "call_count": 100, "estimated_time_to_regain_access": 7}]}
    server.fail(
        listing(platform),
        status=400,
        body=error_body(80001, "There have been too many calls to this Page account"),
        headers={"X-Business-Use-Case-Usage": json.dumps(usage)},
    )
    with pytest.raises(RateLimited, match="7 min") as caught:
        pull(connect(platform))
    assert caught.value.retry_after == 420


def test_a_wrong_token_is_refused_with_how_to_renew(fake, connect, platform):
    seed(fake, platform)
    with pytest.raises(AuthFailed, match="add the account again with --with-token"):
        pull(connect(platform, token="EAAGsomeOtherTokenThatIsNotValid123"))


def test_a_dropped_get_is_tried_again(fake, connect, server, platform):
    expected = seed(fake, platform)
    server.fail(listing(platform), kind="drop")
    assert sorted(ids_of(pull(connect(platform)))) == sorted(expected)
    assert len(server.calls(listing(platform))) == 2


def test_the_token_is_in_no_message_and_no_url(fake, connect, server, platform):
    seed(fake, platform)
    other = "EAAGsomeoneElsesToken987654321"
    echoed = f"bad: access_token={other} ({TOKEN})\nsecond line " + "x" * 500
    server.fail("", status=400, body=error_body(100, echoed), times=3)
    client = connect(platform)
    for call in (lambda: pull(client), client.identity, lambda: client.hide("1_2", True)):
        with pytest.raises(SyncError) as caught:
            call()
        assert TOKEN not in str(caught.value) and other not in str(caught.value)
        assert "\n" not in str(caught.value) and len(str(caught.value)) < 300
    pull(client)
    bearer = [
        {k.lower(): v for k, v in r.headers.items()}["authorization"] for r in server.requests
    ]
    assert bearer == [f"Bearer {TOKEN}"] * len(server.requests)
    # What the fake gives holds the token in paging.next, as the real one does.
    path = f"/{next(iter(OPTIONS[platform].values()))}{listing(platform)}"
    headers = {"Authorization": f"Bearer {TOKEN}"}
    listed = fake.handle(Request("GET", path, {"limit": "1"}, {}, b"", headers))[1]
    assert TOKEN in listed["paging"]["next"]


# Identity ----------------------------------------------------------------------


def test_identity_shows_the_name_the_scopes_and_when_the_token_ends(fake, connect, platform):
    me = connect(platform).identity()
    assert me.name == ("Acme Coffee" if platform == "facebook" else "@acme.coffee")
    assert me.user_id == OPTIONS[platform][next(iter(OPTIONS[platform]))]
    assert set(CLASSES[platform].reads.split()) <= set(me.permissions) and me.missing == ()
    assert me.expires_at is not None
    assert timedelta(days=59) < me.expires_at - datetime.now(UTC) < timedelta(days=61)


def test_identity_names_what_is_missing_and_the_data_access_expiry(fake, connect, platform):
    fake.scopes = ("pages_show_list",)
    fake.expires_in = 0  # a Page token that never expires: its data access still does
    me = connect(platform).identity()
    needed = CLASSES[platform]
    assert me.missing == (needed.reads, needed.writes)
    assert me.expires_at is not None
    assert timedelta(days=89) < me.expires_at - datetime.now(UTC) < timedelta(days=91)


def test_identity_asks_debug_token_in_a_batch_body_not_a_url(connect, server, platform):
    connect(platform).identity()
    batch = server.calls("/", "POST")
    assert len(batch) == 1 and batch[0].path == "/" and TOKEN in batch[0].form["batch"]


# The fake's shapes are the samples' ---------------------------------------------


def key_paths(value: Any, path: str = "") -> set[str]:
    if isinstance(value, dict):
        found = set()
        for key, inner in value.items():
            found |= {f"{path}.{key}"} | key_paths(inner, f"{path}.{key}")
        return found
    if isinstance(value, list):
        return set().union(*(key_paths(item, f"{path}[]") for item in value)) if value else set()
    return set()


def test_the_fake_answers_in_the_shapes_of_the_samples(fake):
    post = fake.post(ago=HOUR)
    top = fake.comment(post, "top", ago=50)
    fake.comment(top, "reply", ago=40)
    fake.post(ago=2 * HOUR)
    media = fake.media(ago=HOUR)
    fake.comment(media, "an older one", ago=100)
    ig = fake.comment(media, "top", ago=30)
    for i in range(4):
        fake.ours(ig, f"reply {i}", ago=20 - i)
    fake.media(ago=2 * HOUR)
    headers = {"Authorization": f"Bearer {TOKEN}", "Host": "127.0.0.1"}

    def get(path: str, **query: str) -> Any:
        status, body = fake.handle(Request("GET", path, query, {}, b"", headers))
        assert status == 200
        return body

    answers = {
        "graph_facebook_posts": get(
            f"/{PAGE_ID}/published_posts", fields="id,created_time,updated_time", limit="1"
        ),
        "graph_facebook_comments": get(f"/{post}/comments", filter="stream", limit="1"),
        "graph_instagram_media": get(
            f"/{IG_USER_ID}/media",
            fields="id,caption,timestamp,permalink,comments_count",
            limit="1",
        ),
        "graph_instagram_comments": get(f"/{media}/comments", limit="1"),
        "graph_debug_token": get("/debug_token", input_token=TOKEN),
    }
    answers["graph_facebook_comments"]["data"] += get(f"/{post}/comments", filter="stream")["data"]
    for name, answer in answers.items():
        sample = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
        assert key_paths(answer) == key_paths(sample), name
    error = json.loads((DATA / "graph_error.json").read_text(encoding="utf-8"))
    assert key_paths(error_body(190, "x", 463)) == key_paths(error)


def test_the_samples_read_as_the_clients_read_them():
    from smmdesk.inbox.formats.graph import read_facebook, read_instagram
    from smmdesk.inbox.formats.values import Context

    fb = json.loads((DATA / "graph_facebook_comments.json").read_text(encoding="utf-8"))
    ig = json.loads((DATA / "graph_instagram_comments.json").read_text(encoding="utf-8"))
    context = Context(label="sample", zone=UTC)
    facebook = list(read_facebook({"id": "104812345678901_9002", "comments": fb}, context))
    instagram = list(read_instagram({"id": "17900000000000021", "comments": ig}, context))
    assert [c.parent_external_id for c in facebook] == ["9002_5007", None]
    assert {c.post_ref for c in facebook} == {"104812345678901_9002"}
    assert [c.parent_external_id for c in instagram] == [None, "17858893269000001"]
    assert instagram[1].author_id == "17841400123456789"


# Anything the server says ----------------------------------------------------------

KEYS = st.sampled_from(
    [
        "data",
        "paging",
        "cursors",
        "after",
        "next",
        "id",
        "created_time",
        "updated_time",
        "timestamp",
        "comments_count",
        "message",
        "text",
        "from",
        "parent",
        "replies",
        "username",
        "error",
        "code",
        "error_subcode",
        "body",
        "scopes",
        "expires_at",
        "is_valid",
        "success",
    ]
)
LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(["2026-11-28T10:00:00+0000", "1795507200", PAGE_ID, IG_USER_ID, "x_1"])
)
GRAPH_JSON = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(KEYS | st.text(max_size=6), inner, max_size=5)
    ),
    max_leaves=25,
)
RECENT = st.integers(0, 40 * DAY).map(lambda ago: graph_time(time.time() - ago))
AUTHOR = st.fixed_dictionaries(
    {},
    optional={
        "id": st.sampled_from([PAGE_ID, IG_USER_ID, "5"]) | LEAVES,
        "name": st.text(max_size=8),
        "username": st.text(max_size=8),
    },
)
GRAPH_ITEM = st.fixed_dictionaries(  # a post, a media or a comment, more or less
    {"id": st.sampled_from(["1_2", "1_3", "17900000000000021"]) | LEAVES},
    optional={
        "created_time": RECENT | LEAVES,
        "updated_time": RECENT | LEAVES,
        "timestamp": RECENT | LEAVES,
        "message": LEAVES,
        "text": LEAVES,
        "username": LEAVES,
        "from": AUTHOR | LEAVES,
        "parent": st.fixed_dictionaries({"id": st.sampled_from(["1_2", "1_3"]) | LEAVES}),
        "comments_count": st.integers(-1, 5) | LEAVES,
        "like_count": LEAVES,
        "replies": GRAPH_JSON,
        "success": st.booleans(),
    },
)
GOOD_ITEM = st.fixed_dictionaries(  # one that passes for a post, a media and a comment
    {
        "id": st.sampled_from(["1_2", "1_3", "17900000000000021"]),
        "created_time": RECENT,
        "timestamp": RECENT,
        "message": st.text(max_size=10),
        "text": st.text(max_size=10),
    },
    optional={"from": AUTHOR, "comments_count": st.integers(0, 3), "username": st.text()},
)
CURSORS = st.fixed_dictionaries({}, optional={"after": LEAVES, "before": LEAVES})
PAGING = st.fixed_dictionaries({}, optional={"next": LEAVES, "cursors": CURSORS | LEAVES})
GRAPH_PAGE = st.fixed_dictionaries(
    {"data": st.lists(GOOD_ITEM | GRAPH_ITEM, max_size=4)},
    optional={"paging": PAGING | LEAVES},
)
BODIES = st.one_of(GRAPH_PAGE, GRAPH_ITEM, GRAPH_JSON)


class Echo(FakeApp):
    """Answers every request with the same status and body."""

    status: int = 200
    body: Any = None

    def handle(self, request: Request) -> tuple[int, Any]:
        return self.status, self.body


ACTIONS = ("pull", "resume", "identity", "send", "find_sent", "hide")


def act(client: GraphClient, action: str) -> None:
    reply = outgoing(client.platform, "1_2", "1_1", "hi")
    if action == "pull":
        list(client.pull({}))
    elif action == "resume":
        cursor = {"since": 1795507200, "next": 1795510000, "post": "x_1", "at": 1, "after": "A"}
        list(client.pull({**cursor, "counts": {"x_1": 3}, "media": "x_1", "count": 1}))
    elif action == "identity":
        client.identity()
    elif action == "send":
        client.send(reply)
    elif action == "find_sent":
        client.find_sent(reply)
    else:
        client.hide("1_2", True)


def test_any_json_from_the_server_gives_pages_or_a_sync_error():
    app = Echo()
    with FakeServer(app) as server:

        @given(
            body=BODIES,
            status=st.sampled_from([200, 200, 200, 400, 404]),
            platform=st.sampled_from(PLATFORMS),
            action=st.sampled_from(ACTIONS),
        )
        @settings(max_examples=300, deadline=None)
        def check(body: Any, status: int, platform: str, action: str) -> None:
            app.status, app.body = status, body
            with Http(server.url, sleep=lambda s: None) as http:
                try:
                    act(make_client(platform, http), action)
                except SyncError as error:
                    assert "\n" not in str(error) and TOKEN not in str(error)

        check()
