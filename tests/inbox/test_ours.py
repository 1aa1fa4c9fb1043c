"""Our own replies are never open work and mark their thread answered (real SQLite files)."""

import json
from datetime import timedelta

import pytest

from smmdesk.errors import UserError
from smmdesk.inbox import priority, triage
from smmdesk.inbox.importer import import_file
from smmdesk.inbox.ours import apply_handles, remark
from smmdesk.inbox.queue import QueueFilter, page
from smmdesk.store.brands import clean_handles, create_brand, find_brand, is_our_author
from tests.conftest import NOW

SHIFT = priority.ANSWERED_HOURS * priority.HOUR


def youtube_thread_file(path, our_name="@KavaLab"):
    """One thread: a customer's complaint, our reply, the customer's thanks."""

    def snippet(author, text, minutes_ago, **extra):
        return {
            "authorDisplayName": author,
            "textOriginal": text,
            "likeCount": 0,
            "videoId": "v1",
            "publishedAt": (NOW - timedelta(minutes=minutes_ago)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            **extra,
        }

    thread = {
        "kind": "youtube#commentThread",
        "id": "t1",
        "snippet": {
            "videoId": "v1",
            "totalReplyCount": 2,
            "topLevelComment": {
                "id": "t1",
                "snippet": snippet("Olena", "My order arrived broken, terrible service", 120),
            },
        },
        "replies": {
            "comments": [
                {
                    "id": "t1.a",
                    "snippet": snippet(
                        our_name, "Sorry, Olena! We are sending a new one today.", 90, parentId="t1"
                    ),
                },
                {
                    "id": "t1.b",
                    "snippet": snippet("Olena", "Thanks a lot, got it", 30, parentId="t1"),
                },
            ]
        },
    }
    path.write_text(json.dumps({"kind": "youtube#commentThreadListResponse", "items": [thread]}))
    return path


def rows(store):
    return {r["external_id"]: r for r in store.conn.execute("SELECT * FROM comments")}


def open_ids(store, brand):
    return {item.id for item in page(store, QueueFilter(brand_id=brand.id), now=NOW)}


def test_handles_match_trimmed_any_case_with_or_without_at():
    handles = clean_handles(["  kavalab ", "@KAVALAB", "Kava  Lab Official", ""])
    assert handles == ("kavalab", "Kava Lab Official")  # one per account
    for author in ("@KavaLab", "kavalab", " @kavalab ", "KAVA LAB official"):
        assert is_our_author(author, handles), author
    assert not is_our_author("kavalab2", handles) and not is_our_author("", handles)
    with pytest.raises(UserError):
        clean_handles(["a,b"])


@pytest.mark.parametrize("stored", ["kavalab", "@kavalab", " KavaLab "])
def test_import_by_a_handle_is_ours_and_answers_its_thread(store, tmp_path, stored):
    brand = create_brand(store, "Kava Lab", handles=(stored,))
    import_file(store, youtube_thread_file(tmp_path / "yt.json"), brand, now=NOW)
    got = rows(store)
    ours = got["t1.a"]
    assert ours["is_ours"] == 1 and ours["status"] == "resolved"
    assert got["t1"]["has_our_reply"] == 1 and got["t1"]["status"] == "replied"
    assert got["t1.b"]["is_ours"] == 0
    assert ours["id"] not in open_ids(store, brand)
    assert got["t1"]["id"] not in open_ids(store, brand)  # answered by us: not open work


def test_handles_set_after_import_remark_the_brand(store, tmp_path):
    brand = create_brand(store, "Kava Lab")
    other = create_brand(store, "Other")
    import_file(store, youtube_thread_file(tmp_path / "yt.json"), brand, now=NOW)
    before = rows(store)
    assert before["t1.a"]["id"] in open_ids(store, brand)  # our reply queued as work: the bug
    assert before["t1"]["has_our_reply"] == 0

    brand, change = apply_handles(store, brand, ["kavalab"])
    after = rows(store)
    assert (change.ours, change.answered) == (1, 1)
    assert after["t1.a"]["is_ours"] == 1 and after["t1.a"]["status"] == "resolved"
    assert after["t1.a"]["id"] not in open_ids(store, brand)
    assert after["t1"]["has_our_reply"] == 1 and after["t1"]["status"] == "replied"
    assert after["t1"]["urgent_at"] == before["t1"]["urgent_at"] + SHIFT
    assert find_brand(store, "kava-lab").handles == ("kavalab",)
    assert remark(store, brand) == type(change)(0, 0, 0, 0)  # again: nothing more to do
    assert remark(store, other) == type(change)(0, 0, 0, 0)

    brand, change = apply_handles(store, brand, [])
    again = rows(store)
    assert (change.not_ours, change.unanswered) == (1, 1)
    assert again["t1.a"]["is_ours"] == 0 and again["t1.a"]["status"] == "open"
    assert (
        again["t1"]["has_our_reply"] == 0 and again["t1"]["urgent_at"] == before["t1"]["urgent_at"]
    )
    assert again["t1"]["status"] == "open"  # nobody triaged it: open work again


def test_a_triaged_comment_keeps_its_status_when_it_stops_being_ours(store, tmp_path):
    brand = create_brand(store, "Kava Lab", handles=("kavalab",))
    import_file(store, youtube_thread_file(tmp_path / "yt.json"), brand, now=NOW)
    reply_id = rows(store)["t1.a"]["id"]
    triage.resolve(store, [reply_id], now=NOW)  # someone handled it by hand
    apply_handles(store, brand, [])
    assert rows(store)["t1.a"]["status"] == "resolved"


def test_bad_handles_change_nothing(store, tmp_path):
    brand = create_brand(store, "Kava Lab")
    import_file(store, youtube_thread_file(tmp_path / "yt.json"), brand, now=NOW)
    before = rows(store)
    with pytest.raises(UserError):
        apply_handles(store, brand, ["kavalab", "x,y"])
    assert find_brand(store, "kava-lab").handles == ()
    assert {k: dict(v) for k, v in rows(store).items()} == {k: dict(v) for k, v in before.items()}


def test_removing_a_brand_keeps_another_brands_undo_history(store):
    from smmdesk.store.brands import remove_brand
    from tests.inbox.helpers import load, raw

    a, b = create_brand(store, "A"), create_brand(store, "B")
    load(store, a, [raw("hello from a", id="1")])
    load(store, b, [raw("hello from b", id="2")])
    ids = [r[0] for r in store.conn.execute("SELECT id FROM comments ORDER BY id")]
    triage.resolve(store, ids, now=NOW)  # one key press on a selection of both brands
    triage.undo(store, now=NOW)
    remove_brand(store, a, force=True)
    assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    left = store.conn.execute("SELECT action, undone_by FROM actions ORDER BY id").fetchall()
    assert [(r[0], r[1] is not None) for r in left] == [("resolve", True), ("undo", False)]
    assert triage.undo(store, now=NOW) is None  # B's resolve stays undone: nothing to undo twice
