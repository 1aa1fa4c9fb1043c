"""Issue 16: a Facebook Page's feed (posts with their comments edge) and live-video
comments, in the Graph API's documented shapes, imported through the real importer into a real file."""

import copy
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from smmdesk.calendar.links import add_post_link
from smmdesk.calendar.posts import create_post
from smmdesk.errors import UserError
from smmdesk.inbox.formats import read_export
from smmdesk.inbox.formats.graph import detect_platform
from smmdesk.inbox.importer import import_file
from smmdesk.store.brands import add_channel

PAGE = "104857"
GRAPH = "https://graph.facebook.com/v19.0"


def write(tmp_path: Path, name: str, document) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def person(n: int) -> dict:
    return {"name": f"Person {n}", "id": str(9000 + n)}


def comment(post: str, n: int, replies: list[dict] | None = None) -> dict:
    item = {
        "id": f"{post}_{500 + n}",
        "message": f"comment {n} on {post}",
        "created_time": f"2024-03-09T18:{n:02d}:05+0000",
        "from": person(n),
        "like_count": n,
        "comment_count": len(replies or []),
    }
    if replies is not None:
        item["comments"] = {
            "data": replies,
            "paging": {"cursors": {"before": "QVFI", "after": "QVFJ"}},
        }
    return item


def reply(post: str, n: int) -> dict:
    return {
        "id": f"{post}_{700 + n}",
        "message": f"reply {n}",
        "created_time": f"2024-03-09T19:{n:02d}:05+0000",
        "from": person(50 + n),
        "like_count": 0,
        "comment_count": 0,
    }


def feed() -> dict:
    """``/{page-id}/feed?fields=id,message,created_time,from,permalink_url,comments{...}``:
    2 posts by the page, 4 comments, 2 replies."""
    first, second = "888001", "888002"
    posts = [
        (first, [comment(first, 1, [reply(first, 1), reply(first, 2)]), comment(first, 2)]),
        (second, [comment(second, 3, []), comment(second, 4)]),
    ]
    return {
        "data": [
            {
                "id": f"{PAGE}_{post}",
                "message": f"Our post {post}: new menu!",
                "created_time": "2024-03-09T10:00:00+0000",
                "from": {"name": "Acme Official", "id": PAGE},
                "permalink_url": f"https://www.facebook.com/{PAGE}/posts/{post}",
                "comments": {
                    "data": comments,
                    "paging": {"cursors": {"before": "QVFI", "after": "QVFJ"}},
                },
            }
            for post, comments in posts
        ],
        "paging": {
            "cursors": {"before": "QVFI", "after": "QVFJ"},
            "next": f"{GRAPH}/{PAGE}/feed?after=QVFJ&limit=2",
        },
    }


def stored(store) -> dict[str, tuple]:
    return {
        row[0]: tuple(row[1:])
        for row in store.conn.execute(
            "SELECT external_id, parent_external_id, post_ref, platform, text FROM comments"
        )
    }


def test_feed_posts_are_not_comments(store, brand, tmp_path):
    summary = import_file(store, write(tmp_path, "feed.json", feed()), brand)
    assert (summary.format, summary.new) == ("facebook", 6)
    rows = stored(store)
    assert not any(key.startswith(f"{PAGE}_") for key in rows)  # no post stored
    assert not any(text.startswith("Our post") for *_, text in rows.values())
    top = {key for key, (parent, *_) in rows.items() if parent is None}
    assert top == {"888001_501", "888001_502", "888002_503", "888002_504"}
    assert rows["888001_701"][0] == rows["888001_702"][0] == "888001_501"
    assert {key: ref for key, (_, ref, *_) in rows.items()} == {
        key: f"{PAGE}_{key.split('_')[0]}" for key in rows
    }
    assert {platform for _, _, platform, _ in rows.values()} == {"facebook"}


def test_feed_comments_link_to_their_post(store, brand, tmp_path):
    add_channel(store, brand, "Facebook page", "facebook")
    when = datetime(2024, 3, 9, 9, 0, tzinfo=UTC)
    post = create_post(
        store, brand, title="menu", goal="sales", channel="Facebook page", when=when,
        status="published", now=when,
    )  # fmt: skip
    add_post_link(store, post.id, platform="facebook", external_id=f"{PAGE}_888001")
    post_id = post.id
    import_file(store, write(tmp_path, "feed.json", feed()), brand)
    linked = dict(store.conn.execute("SELECT external_id, post_id FROM comments").fetchall())
    assert {key for key, post in linked.items() if post == post_id} == {
        "888001_501",
        "888001_502",
        "888001_701",
        "888001_702",
    }


def test_feed_pages_and_a_last_page_without_urls(tmp_path):
    second = feed()
    del second["paging"]["next"]
    for item in second["data"]:
        item["id"] += "9"
        for c in item["comments"]["data"]:
            c["id"] += "9"
            for r in c.get("comments", {}).get("data", []):
                r["id"] += "9"
    records = list(read_export(write(tmp_path, "feed.json", [feed(), second])).records)
    assert len(records) == 12
    assert all(r.post_ref and r.post_ref.startswith(f"{PAGE}_") for r in records)


def test_damaged_feed_changes_nothing_and_names_page_record_and_field(store, brand, tmp_path):
    pages = [feed(), copy.deepcopy(feed())]
    del pages[1]["data"][1]["comments"]["data"][0]["created_time"]
    before = store.conn.execute("SELECT count(*) FROM comments").fetchone()[0]
    with pytest.raises(UserError) as raised, store.transaction():
        import_file(store, write(tmp_path, "feed.json", pages), brand)
    assert store.conn.execute("SELECT count(*) FROM comments").fetchone()[0] == before
    assert str(raised.value).endswith("feed.json:page 2, record 2 comment 1: created_time")


def test_damaged_feed_reply_is_named(tmp_path):
    document = feed()
    del document["data"][0]["comments"]["data"][0]["comments"]["data"][1]["created_time"]
    with pytest.raises(UserError) as raised:
        list(read_export(write(tmp_path, "feed.json", document)).records)
    assert str(raised.value).endswith("record 1 comment 1 reply 2: created_time")


def test_feed_without_paging_by_posts_from_the_page(tmp_path):
    document = feed()
    del document["paging"]
    records = list(read_export(write(tmp_path, "feed.json", document)).records)
    assert len(records) == 6 and all(r.post_ref for r in records)


def test_post_object_with_its_comments(tmp_path):
    post = feed()["data"][0]
    records = list(read_export(write(tmp_path, "post.json", post)).records)
    assert [r.external_id for r in records] == [
        "888001_501",
        "888001_701",
        "888001_702",
        "888001_502",
    ]
    assert {r.post_ref for r in records} == {f"{PAGE}_888001"}
    assert [r.parent_external_id for r in records] == [None, "888001_501", "888001_501", None]


def test_comments_with_replies_are_still_comments(tmp_path):
    """``/{post-id}/comments`` with nested replies: not a feed (comments are not by the
    page their id names)."""
    post = "888001"
    document = {
        "data": [comment(post, 1, [reply(post, 1)]), comment(post, 2)],
        "paging": {"next": f"{GRAPH}/{PAGE}_{post}/comments?after=QVFJ"},
    }
    records = list(read_export(write(tmp_path, "c.json", document)).records)
    assert [r.parent_external_id for r in records] == [None, "888001_501", None]


# Live video comments ------------------------------------------------------------


def live_comments(with_paging: bool = True) -> dict:
    document: dict = {
        "data": [
            {
                "id": f"777001_{600 + n}",
                "message": f"live comment {n}",
                "created_time": f"2024-03-09T20:{n:02d}:00+0000",
                "from": person(n),
                "live_broadcast_timestamp": 30 * n,
            }
            for n in range(1, 4)
        ]
    }
    if with_paging:
        document["paging"] = {
            "cursors": {"before": "QVFI", "after": "QVFJ"},
            "next": f"{GRAPH}/777001/comments?after=QVFJ",
        }
    return document


def test_live_video_comments_are_facebook(store, brand, tmp_path):
    summary = import_file(store, write(tmp_path, "live.json", live_comments()), brand)
    assert (summary.format, summary.new) == ("facebook", 3)
    platforms = {r[0] for r in store.conn.execute("SELECT platform FROM comments")}
    assert platforms == {"facebook"}


@pytest.mark.parametrize(
    "change",
    [
        "none",  # the live_broadcast_timestamp key
        "no_key",  # the paging host
        "no_key_no_paging",  # the id shape
    ],
)
def test_live_video_detected_by_each_sign(change):
    document = live_comments(with_paging=change != "no_key_no_paging")
    if change != "none":
        for item in document["data"]:
            del item["live_broadcast_timestamp"]
            item["extra_field"] = 1  # an unknown key: only the other signs say facebook
    assert detect_platform(document) == "facebook"


def test_unknown_keys_and_plain_ids_stay_unknown():
    document = {"data": [{"id": "601", "message": "hi", "extra_field": 1}]}
    assert detect_platform(document) is None


def test_live_video_pages_are_facebook(tmp_path):
    first, second = live_comments(), live_comments(with_paging=False)
    for item in second["data"]:
        item["id"] += "9"
    export = read_export(write(tmp_path, "live.json", [first, second]))
    assert (export.format, len(list(export.records))) == ("facebook", 6)


def test_instagram_paged_from_graph_facebook_stays_instagram():
    document = {
        "data": [
            {"id": "17858893269000001", "text": "nice", "timestamp": "2024-03-09T18:00:00+0000",
             "username": "someone", "new_field": 1},
        ],
        "paging": {"next": f"{GRAPH}/17841400000000000/comments?after=QVFJ"},
    }  # fmt: skip
    assert detect_platform(document) is None  # an unknown field: never guessed facebook
    del document["data"][0]["new_field"]
    assert detect_platform(document) == "instagram"
