"""Facebook and Instagram through the engine and the store: once, never twice, limits kept."""

import pytest

from smmdesk.inbox import rules, triage
from smmdesk.inbox.rules import RuleSpec
from smmdesk.store import accounts as a
from smmdesk.store import comments as q
from smmdesk.sync import accounts, engine, moderation, outbox
from smmdesk.sync.secrets import Secret
from tests.fakes import graph
from tests.fakes.server import FakeServer

HOUR = 3600
OPTIONS = {"facebook": {"page_id": graph.PAGE_ID}, "instagram": {"ig_user_id": graph.IG_USER_ID}}


@pytest.fixture(params=["facebook", "instagram"])
def platform(request):
    return request.param


@pytest.fixture
def fake():
    app = graph.FakeGraph()
    with FakeServer(app) as server:
        server.app = app
        yield server


@pytest.fixture
def account(store, brand, fake, platform):
    return accounts.add(
        store,
        platform=platform,
        brand=brand,
        secret=Secret(graph.TOKEN),
        api_base=fake.url,
        options=OPTIONS[platform],
    )


def run(store, account):
    return engine.sync(store, [a.get_account(store, account.name)], sleep=lambda s: None)


def seed(app, platform):
    """A post with a question, a complaint, a reply to the question and our answer."""
    post = app.post(ago=5 * HOUR) if platform == "facebook" else app.media(ago=5 * HOUR)
    question = app.comment(post, "Do you have oat milk?", ago=4 * HOUR)
    app.comment(post, "Waited 20 minutes for a coffee. Awful.", ago=3.5 * HOUR)
    app.comment(question, "Asking too", author="Bo Chen", ago=3 * HOUR)
    app.ours(question, "Yes, every day!", ago=2 * HOUR)
    return post, question


def comment_id(store, external_id):
    row = store.conn.execute("SELECT id FROM comments WHERE external_id = ?", (external_id,))
    return row.fetchone()[0]


def count(store):
    return tuple(store.conn.execute("SELECT count(*), sum(is_ours) FROM comments").fetchone())


def test_a_first_sync_takes_every_comment_once_and_a_second_adds_nothing(
    store, account, fake, platform
):
    post, question = seed(fake.app, platform)
    report = run(store, account)
    assert report.exit_status == 0, report.results[0].error
    assert count(store) == (4, 1)
    posts = store.conn.execute("SELECT DISTINCT post_ref FROM comments").fetchall()
    assert [tuple(p) for p in posts] == [(post,)]
    again = run(store, account)
    assert again.exit_status == 0 and again.results[0].new == 0 and count(store) == (4, 1)


def test_a_reply_whose_answer_was_lost_is_found_not_sent_again(store, account, fake, platform):
    post, question = seed(fake.app, platform)
    run(store, account)
    triage.reply(store, [comment_id(store, question)], "Oat and almond, yes.")
    edge = "comments" if platform == "facebook" else "replies"
    fake.fail(f"/{question}/{edge}", kind="lose")
    assert run(store, account).exit_status == 3
    assert outbox.listing(store)[0].reply.state == "sending"
    report = run(store, account)
    assert report.exit_status == 0, report.results[0].error
    [item] = outbox.listing(store)
    assert item.reply.state == "sent" and item.reply.remote_id
    assert fake.app.posted == [(question, "Oat and almond, yes.")]  # on the platform once
    assert count(store) == (5, 2)  # our reply came back with the pull, as ours


def test_a_reply_that_never_arrived_is_sent_after_all(store, account, fake, platform):
    post, question = seed(fake.app, platform)
    run(store, account)
    triage.reply(store, [comment_id(store, question)], "Thank you!")
    fake.fail(f"/{question}/", kind="hold", seconds=0.3)  # recorded, never done
    assert run(store, account).exit_status == 3
    assert run(store, account).exit_status == 0
    [item] = outbox.listing(store)
    assert item.reply.state == "sent"
    assert fake.app.posted == [(question, "Thank you!")]


def test_a_reply_to_a_deleted_comment_fails_and_the_others_go_on(store, account, fake, platform):
    post, question = seed(fake.app, platform)
    run(store, account)
    complaint = store.conn.execute(
        "SELECT external_id FROM comments WHERE text LIKE 'Waited%'"
    ).fetchone()[0]
    triage.reply(store, [comment_id(store, question)], "Every day!")
    triage.reply(store, [comment_id(store, complaint)], "Sorry about that.")
    fake.app.delete(question)
    report = run(store, account)
    assert report.exit_status == 0 and report.results[0].sent == 1
    states = sorted((o.reply.state, o.reply.error or "") for o in outbox.listing(store))
    assert states[0][0] == "failed" and "deleted" in states[0][1] and states[1][0] == "sent"


def test_a_rate_limit_keeps_the_outbox_and_the_cursor(store, account, fake, platform):
    post, question = seed(fake.app, platform)
    run(store, account)
    cursor = a.get_account(store, account.name).cursor
    triage.reply(store, [comment_id(store, question)], "Thanks!")
    fake.fail("", status=400, body=graph.error_body(32, "Page request limit reached"))
    report = run(store, account)
    assert report.exit_status == 3 and "slow down" in str(report.results[0].error)
    assert [o.reply.state for o in outbox.listing(store)] == ["queued"]
    assert a.get_account(store, account.name).cursor == cursor


def test_hiding_through_the_engine(store, account, fake, platform):
    post, question = seed(fake.app, platform)
    run(store, account)
    moderation.request(store, [comment_id(store, question)], "hide", actor="tester")
    assert run(store, account).results[0].hidden == 1
    assert fake.app.nodes[question].hidden
    moderation.request(store, [comment_id(store, question)], "unhide", actor="tester")
    run(store, account)
    assert not fake.app.nodes[question].hidden


def test_a_token_that_expires_soon_is_named_at_every_sync(store, account, fake, platform):
    seed(fake.app, platform)
    fake.app.expires_in = 3 * 86400
    tested = accounts.test(store, account.name)
    assert tested.identity.name and not tested.identity.missing
    report = run(store, account)
    assert report.exit_status == 0
    [warning] = report.results[0].warnings
    assert "expires on" in warning and "Graph API Explorer" in warning


def test_a_sync_asks_once_when_the_token_expires_without_account_test(
    store, account, fake, platform
):
    seed(fake.app, platform)
    fake.app.expires_in = 3 * 86400
    report = run(store, account)
    assert "expires on" in report.results[0].warnings[0]
    asked = len(fake.calls("/", "POST"))  # debug_token goes in a batch POST
    report = run(store, account)
    assert "expires on" in report.results[0].warnings[0]  # named at every sync
    assert len(fake.calls("/", "POST")) == asked  # asked once, then kept with the token


def test_a_token_that_never_expires_is_asked_about_once(store, account, fake, platform):
    seed(fake.app, platform)
    fake.app.expires_in = 0
    assert run(store, account).results[0].warnings == []
    asked = len(fake.calls("/", "POST"))
    assert run(store, account).results[0].warnings == []
    assert len(fake.calls("/", "POST")) == asked


# Facebook comments are read since the last sync (Graph has no edit time): an old one is not
# read again, so only Instagram's whole-media rereads bring edits.
@pytest.mark.parametrize("platform", ["instagram"])
def test_an_edit_read_again_is_rescored_and_nothing_else_is_counted(store, account, fake, platform):
    post, question = seed(fake.app, platform)
    run(store, account)
    fake.app.edit(question, "You never have oat milk, terrible")
    fake.app.comment(post, "A new one, so the post is read again", ago=0.1 * HOUR)
    report = run(store, account)
    assert report.results[0].edited == 1
    row = store.conn.execute(
        "SELECT text, band FROM comments WHERE external_id = ?", (question,)
    ).fetchone()
    assert tuple(row) == ("You never have oat milk, terrible", "negative")


@pytest.mark.parametrize("platform", ["instagram"])
def test_the_brands_rules_run_on_an_edit_read_again(store, brand, account, fake, platform):
    rules.save_rules(store, brand, [RuleSpec("bad", ["band: negative"], ["label: complaint"])])
    post, _ = seed(fake.app, platform)
    nice = fake.app.comment(post, "Nice place", ago=1 * HOUR)
    run(store, account)
    assert q.labels_of(store, comment_id(store, nice)) == []
    fake.app.edit(nice, "Nice place, but the coffee was cold and terrible")
    fake.app.comment(post, "A new one, so the post is read again", ago=0.1 * HOUR)
    assert run(store, account).results[0].edited == 1
    edited = comment_id(store, nice)
    assert q.labels_of(store, edited) == ["complaint"]
    assert {x.actor for x in q.history_of(store, edited)} == {"rule:bad"}


def test_a_pull_that_fails_midway_keeps_what_came_before_and_a_second_sync_the_rest(
    store, account, fake, platform
):
    """A post's comments are read newest first: its pages reach the desk when it is read."""
    posts = [fake.app.post() if platform == "facebook" else fake.app.media() for _ in "ab"]
    for number in range(300):
        fake.app.comment(posts[number % 2], f"comment number {number}")
    fake.fail(f"{posts[1]}/comments", kind="drop", after=1, times=100)  # its second page
    report = run(store, account)
    assert report.exit_status == 3 and report.results[0].new == 150
    assert a.held_pages(store, account.id) == []
    fake.faults.clear()
    report = run(store, account)
    assert report.exit_status == 0 and report.results[0].edited == 0  # re-reads change nothing
    texts = [r[0] for r in store.conn.execute("SELECT text FROM comments")]
    assert len(texts) == len(set(texts)) == 300
    assert run(store, account).results[0].new == 0
