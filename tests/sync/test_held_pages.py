"""A sync holds each pulled page in the desk with the cursor after it, then stores what it
holds through the importer at once (issue 18): nothing pulled is lost, whatever stops it."""

import contextlib
import json
from dataclasses import fields as dataclass_fields
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smmdesk.errors import UserError
from smmdesk.inbox.records import RawComment
from smmdesk.store import accounts as a
from smmdesk.sync import accounts, engine
from smmdesk.sync.base import Page

PAGE = 100  # getUpdates' page


def no_wait(seconds):
    pass


@pytest.fixture(params=["here", "aside"])
def building(request, monkeypatch):
    """Rows built here when the pull ends, or in the importer's pool while it pulls."""
    if request.param == "aside":
        monkeypatch.setattr(engine, "BUILD_ASIDE_FROM", 150)
        monkeypatch.setattr(engine, "ASIDE_CHUNK", 40)
    else:
        monkeypatch.setattr(engine, "BUILD_ASIDE_FROM", 10**9)
    return request.param


def comments(store):
    return [r[0] for r in store.conn.execute("SELECT text FROM comments ORDER BY id")]


def sync(store, account, **kw):
    return engine.sync(store, [a.get_account(store, account.name)], sleep=no_wait, **kw)


def many(fake_telegram, count):
    """``count`` comments under one post: the post's forward is the first update."""
    fake = fake_telegram.app
    post = fake.post("Winter sale")
    return [fake.comment(f"comment number {n}", post, user=100 + n) for n in range(count)]


def test_a_pull_that_fails_midway_stores_the_pages_before_it(
    building, store, brand, tg_account, fake_telegram
):
    many(fake_telegram, 250)
    fake_telegram.fail("getUpdates", kind="drop", after=1, times=100)
    report = sync(store, tg_account)
    assert report.exit_status == 3
    assert len(comments(store)) == PAGE - 1  # the first page, less the post's forward
    assert a.held_pages(store, tg_account.id) == []
    assert a.get_account(store, tg_account.name).cursor  # after the first page
    fake_telegram.faults.clear()
    assert sync(store, tg_account).results[0].new == 250 - (PAGE - 1)
    texts = comments(store)
    assert len(texts) == len(set(texts)) == 250


class Stop(Exception):
    """What the app raises from ``progress`` when it closes during a sync."""


def stop_at(store, account, word):
    """A sync the app stops at its first progress line with ``word`` in it."""

    def progress(line):
        if word in line:
            raise Stop

    with pytest.raises(Stop):
        sync(store, account, progress=progress)


def test_a_sync_stopped_while_it_stores_leaves_the_pages_held_and_no_worker(
    building, store, brand, tg_account, fake_telegram
):
    import multiprocessing

    many(fake_telegram, 250)
    stop_at(store, tg_account, "storing")
    assert [len(Page.from_held(t).records) for t in a.held_pages(store, tg_account.id)] == [
        PAGE - 1,
        PAGE,
        250 - (2 * PAGE - 1),
    ]
    assert comments(store) == [] and multiprocessing.active_children() == []
    assert sync(store, tg_account).results[0].new == 250


def test_a_sync_stopped_between_pages_leaves_them_held_for_the_next(
    building, store, brand, tg_account, fake_telegram
):
    many(fake_telegram, 250)
    lines = []

    def progress(line):
        lines.append(line)
        if "pulled" in line and len(lines) > 2:  # two pages held, the rows being built
            raise Stop

    with pytest.raises(Stop):
        sync(store, tg_account, progress=progress)
    held = [Page.from_held(text) for text in a.held_pages(store, tg_account.id)]
    assert [len(page.records) for page in held] == [PAGE - 1, PAGE]
    assert comments(store) == []  # nothing stored yet, nothing lost: the cursor is past them
    report = sync(store, tg_account)
    assert report.results[0].new == 250
    assert a.held_pages(store, tg_account.id) == []
    texts = comments(store)
    assert len(texts) == len(set(texts)) == 250
    assert texts[0] == "comment number 0"  # the held pages first, in their order


def test_an_edit_later_in_the_same_pull_finds_its_comment(
    building, store, brand, tg_account, fake_telegram
):
    first, *_ = many(fake_telegram, 150)
    fake_telegram.app.edit(first, "Awful, I hate it")  # on the second page
    report = sync(store, tg_account)
    assert report.results[0].new == 150 and report.results[0].edited == 1
    row = store.conn.execute("SELECT text, band FROM comments ORDER BY id LIMIT 1").fetchone()
    assert tuple(row) == ("Awful, I hate it", "negative")


def test_a_long_pull_stores_as_it_goes(
    building, store, brand, tg_account, fake_telegram, monkeypatch
):
    monkeypatch.setattr(engine, "STORE_EVERY", 150)
    many(fake_telegram, 450)
    seen = []
    sync(store, tg_account, progress=lambda line: seen.append(len(comments(store))))
    assert 0 < min(n for n in seen if n) < 450  # in the inbox before the pull ended
    assert len(comments(store)) == 450


def test_a_held_page_that_cannot_be_read_stops_that_account_in_one_line(
    store, brand, tg_account, fake_telegram
):
    many(fake_telegram, 3)
    a.hold_page(store, tg_account.id, '{"records": [["telegram"]], "edits": []}', {})
    report = sync(store, tg_account)
    error = report.results[0].error
    assert isinstance(error, UserError) and "held in the desk" in str(error)
    assert comments(store) == []


texts = st.text(max_size=200)
ids = st.none() | st.text(max_size=40)


@given(
    records=st.lists(
        st.builds(
            RawComment,
            platform=st.sampled_from(["telegram", "youtube", "facebook", "instagram"]),
            external_id=ids,
            text=texts,
            author=texts,
            created_at=st.datetimes(timezones=st.just(UTC)),
            author_id=ids,
            parent_external_id=ids,
            post_ref=ids,
            permalink=ids,
            likes=st.integers(0, 10**12),
            reply_count=st.integers(0, 10**9),
            rating=st.none() | st.integers(1, 5),
            ours=st.booleans(),
        ),
        max_size=5,
    )
)
def test_a_held_page_gives_back_the_records_it_held(records):
    page = Page(records, {"offset": 1}, edits=records[:1])
    again = Page.from_held(page.held())
    assert again.records == records and again.edits == records[:1]
    page.held().encode("ascii")  # a lone surrogate too is held as its escape


def test_a_held_record_keeps_its_moment_to_the_microsecond():
    moment = datetime(2026, 12, 2, 1, 2, 3, 456789, tzinfo=UTC)
    record = RawComment("telegram", "1/2", "hi", "Olena", moment)
    assert RawComment.from_held(record.held()).created_at == moment


def rows(store):
    """Every column of every comment but its id and the moment it was stored."""
    cursor = store.conn.execute("SELECT * FROM comments ORDER BY id")
    names = [d[0] for d in cursor.description]
    keep = [i for i, name in enumerate(names) if name not in ("id", "imported_at")]
    return [tuple(row[i] for i in keep) for row in cursor]


def test_rows_built_aside_are_the_rows_built_here(tmp_path, monkeypatch, brand_name="acme"):
    """The pool builds what this process would: the same rows, in the same order."""
    from smmdesk.store import open_store
    from smmdesk.store.brands import ensure_brand
    from smmdesk.sync import accounts
    from smmdesk.sync.secrets import Secret
    from tests.fakes import telegram
    from tests.fakes.server import FakeServer

    got, pools = {}, []
    built_chunks = engine.built_chunks

    def counted(records, context, *, parallel, **kw):
        pools.append(parallel)
        return built_chunks(records, context, parallel=parallel, **kw)

    monkeypatch.setattr(engine, "built_chunks", counted)
    for how, start in (("here", 10**9), ("aside", 100)):
        monkeypatch.setattr(engine, "BUILD_ASIDE_FROM", start)
        monkeypatch.setattr(engine, "ASIDE_CHUNK", 64)
        app = telegram.FakeTelegram()
        post = app.post("Winter sale")
        for n in range(400):
            text = ("Where is my order?", "Awful, broke in a week", "Love it 😍", "Жахлива якість")
            app.comment(f"{text[n % 4]} #{n % 7}", post, user=100 + n % 13)
        with FakeServer(app) as server, open_store(tmp_path / f"{how}.db") as store:
            brand = ensure_brand(store, brand_name)
            account = accounts.add(
                store,
                platform="telegram",
                brand=brand,
                secret=Secret(telegram.TOKEN),
                api_base=server.url,
                options={"chat": str(telegram.GROUP["id"])},
            )
            assert sync(store, account).results[0].new == 400
            got[how] = rows(store)
    assert pools == [False, True]  # here, then a pool while it pulled
    assert got["aside"] == got["here"]


def test_of_two_edits_in_one_pull_the_last_wins_even_back_to_the_stored_text(
    store, brand, tg_account, fake_telegram
):
    fake = fake_telegram.app
    first, *_ = many(fake_telegram, 3)
    sync(store, tg_account)  # stored by an earlier sync
    fake.edit(first, "Awful, I hate it")
    for n in range(PAGE):  # the next edit on the next page of the same pull
        fake.comment(f"later comment {n}", first)
    fake.edit(first, "comment number 0")  # undone: the text stored before the pull
    report = sync(store, tg_account)
    assert report.results[0].new == PAGE and report.results[0].edited == 0
    assert comments(store)[0] == "comment number 0"
    fake.edit(first, "one")
    fake.edit(first, "two")
    report = sync(store, tg_account)
    assert report.results[0].edited == 1  # one comment, edited once in the desk
    assert comments(store)[0] == "two"


def test_an_edit_of_a_comment_the_desk_never_saw_adds_nothing(
    store, brand, tg_account, fake_telegram
):
    first, *_ = many(fake_telegram, 2)
    sync(store, tg_account)
    store.conn.execute("DELETE FROM comments WHERE text = 'comment number 0'")
    store.conn.commit()
    fake_telegram.app.edit(first, "Edited where we never saw it")
    report = sync(store, tg_account)
    assert (report.results[0].new, report.results[0].edited) == (0, 0)
    assert comments(store) == ["comment number 1"]
    assert a.held_pages(store, tg_account.id) == []


def _held_record(**changed):
    values = RawComment("telegram", "-1001/5", "hi", "Olena", datetime.now(UTC)).held()
    names = [f.name for f in dataclass_fields(RawComment)]
    for name, value in changed.items():
        values[names.index(name)] = value
    return values


@pytest.mark.parametrize(
    "changed",
    [
        {"text": 5},
        {"external_id": ["x"]},
        {"created_at": "not a moment"},
        {"created_at": "2026-01-01T00:00:00"},  # no zone
        {"created_at": "0001-01-01T00:00:00+05:00"},  # before the first moment in UTC
        {"reply_count": "many"},
        {"likes": True},
        {"likes": 10**30},
        {"extra": "not a mapping"},
    ],
)
def test_a_held_record_of_the_wrong_shape_is_unreadable_not_a_crash(
    store, brand, tg_account, fake_telegram, changed
):
    many(fake_telegram, 3)
    page = json.dumps({"records": [_held_record(**changed)], "edits": []})
    a.hold_page(store, tg_account.id, page, {})
    report = sync(store, tg_account)
    assert isinstance(report.results[0].error, UserError)
    assert comments(store) == []


def test_the_way_past_an_unreadable_held_page_is_in_its_error_line(
    store, brand, tg_account, fake_telegram
):
    many(fake_telegram, 3)
    readable = Page([RawComment("telegram", "-1001/5", "kept", "Olena", datetime.now(UTC))], {})
    a.hold_page(store, tg_account.id, readable.held(), {})
    a.hold_page(store, tg_account.id, "[" * 100_000, {})
    error = str(sync(store, tg_account).results[0].error)
    assert f"`smmdesk account drop-held {tg_account.name}`" in error and "\n" not in error
    assert accounts.drop_unreadable_held(store, tg_account.name) == 1
    assert sync(store, tg_account).results[0].new == 1 + 3  # the readable page, then the pull
    assert "kept" in comments(store) and a.held_pages(store, tg_account.id) == []


def test_an_account_removed_while_it_holds_pages_keeps_their_comments(
    store, brand, tg_account, fake_telegram
):
    many(fake_telegram, 250)

    stop_at(store, tg_account, "pulled")
    a.hold_page(store, tg_account.id, "not a page", {})  # dropped with the account
    accounts.remove(store, tg_account.name)
    assert len(comments(store)) == PAGE - 1  # the first page, less the post's forward
    assert store.conn.execute("SELECT count(*) FROM sync_pages").fetchone()[0] == 0


def test_half_an_emoji_alone_in_a_held_page_is_stored_replaced_not_a_crash(
    store, brand, tg_account, fake_telegram
):
    """SQLite cannot take a lone surrogate; a response never brings one (its JSON is read
    replacing them), nor then should a held page."""
    many(fake_telegram, 1)
    record = _held_record(text="half \ud83d alone", author="\udfff")
    a.hold_page(store, tg_account.id, json.dumps({"records": [record], "edits": []}), {})
    assert sync(store, tg_account).results[0].new == 2
    assert "half \ufffd alone" in comments(store)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=10,
)
moments = st.datetimes(timezones=st.timezones()).map(datetime.isoformat) | st.text(max_size=30)


@given(
    values=st.lists(json_values, min_size=15, max_size=15),
    moment=moments,
    shape=st.sampled_from(["record", "values", "document"]),
)
def test_whatever_a_held_page_holds_it_is_a_page_or_one_user_error(values, moment, shape):
    values[4] = moment
    page = {"records": [values], "edits": []}
    text = {"record": json.dumps(page), "values": json.dumps(values), "document": str(values)}
    with contextlib.suppress(UserError):  # and nothing else
        Page.from_held(text[shape])


def test_an_account_is_not_removed_while_a_sync_of_the_desk_runs(
    store, brand, tg_account, fake_telegram
):
    """It held its pages for an account that was gone: FOREIGN KEY constraint failed."""
    many(fake_telegram, 250)
    refused = []

    def progress(line):
        if "pulled" in line and not refused:
            with pytest.raises(UserError, match="a sync of this desk is running") as error:
                accounts.remove(store, tg_account.name)
            refused.append(str(error.value))

    report = sync(store, tg_account, progress=progress)
    assert refused and report.exit_status == 0 and report.results[0].new == 250
    accounts.remove(store, tg_account.name)  # after it
    assert len(comments(store)) == 250


def test_an_edit_of_a_comment_a_stopped_sync_held_finds_it_stored_first(
    store, brand, tg_account, fake_telegram
):
    first, *_ = many(fake_telegram, 150)

    stop_at(store, tg_account, "pulled")
    assert comments(store) == []  # the first comment is held, not stored
    fake_telegram.app.edit(first, "Awful, I hate it")
    report = sync(store, tg_account)
    assert (report.results[0].new, report.results[0].edited) == (150, 1)
    assert comments(store)[0] == "Awful, I hate it"


def test_a_backup_taken_while_pages_are_held_restores_them_for_the_next_sync(
    tmp_path, store, brand, tg_account, fake_telegram
):
    from smmdesk.store.backup import backup_to, check_backup, restore_from
    from smmdesk.store.schema import LATEST_VERSION

    many(fake_telegram, 150)

    stop_at(store, tg_account, "pulled")
    copy = backup_to(store, tmp_path / "copy.db")
    assert check_backup(copy) == LATEST_VERSION  # the trust check knows sync_pages
    restore_from(store, copy)
    assert len(a.held_pages(store, tg_account.id)) == 1
    assert sync(store, tg_account).results[0].new == 150
    texts = comments(store)
    assert len(texts) == len(set(texts)) == 150 and a.held_pages(store, tg_account.id) == []
