"""Issue 16: API page arrays, YouTube comments.list and its HTML text, TikTok Research API,
each built in its documented shape and imported through the real importer into a real file."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smmdesk.errors import UserError
from smmdesk.inbox.formats import read_export
from smmdesk.inbox.formats.html_text import html_to_text
from smmdesk.inbox.importer import import_file


def write(tmp_path: Path, name: str, document) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def rows(store):
    return store.conn.execute(
        "SELECT platform, external_id, parent_external_id, author, text, created_at, status"
        " FROM comments ORDER BY id"
    ).fetchall()


def count(store) -> int:
    return store.conn.execute("SELECT count(*) FROM comments").fetchone()[0]


def refused(store, brand, path) -> str:
    before = count(store)
    with pytest.raises(UserError) as raised, store.transaction():
        import_file(store, path, brand)
    assert count(store) == before
    return str(raised.value)


# Facebook / Instagram pages -----------------------------------------------------


def fb_page(start: int, size: int, last: bool = False) -> dict:
    page = {
        "data": [
            {
                "id": f"111_{n}",
                "message": f"comment number {n}",
                "created_time": f"2024-03-09T18:{n:02d}:05+0000",
                "from": {"name": f"Person {n}", "id": str(9000 + n)},
            }
            for n in range(start, start + size)
        ],
        "paging": {"cursors": {"before": "QVFI", "after": "QVFJ"}},
    }
    if not last:
        page["paging"]["next"] = "https://graph.facebook.com/v19.0/111/comments?after=QVFJ"
    return page


def test_facebook_pages_are_one_export(store, brand, tmp_path):
    path = write(tmp_path, "fb.json", [fb_page(1, 3), fb_page(4, 5, last=True)])
    summary = import_file(store, path, brand)
    assert (summary.format, summary.new) == ("facebook", 8)
    stored = rows(store)
    assert {r[0] for r in stored} == {"facebook"}
    assert stored[4][3] == "Person 5" and stored[4][5].startswith("2024-03-09T18:05:05")


def test_damaged_facebook_page_names_page_record_and_field(store, brand, tmp_path):
    pages = [fb_page(1, 3), fb_page(4, 5, last=True)]
    pages[1]["data"][4]["created_time"] = "yesterday-ish"
    message = refused(store, brand, write(tmp_path, "fb.json", pages))
    assert message.endswith("fb.json:page 2, record 5: created_time")


def test_instagram_pages_are_one_export(store, brand, tmp_path):
    def page(n: int) -> dict:
        return {
            "data": [
                {
                    "id": f"178{n}",
                    "text": f"so nice {n}",
                    "timestamp": "2024-03-11T15:45:10+0000",
                    "username": f"user{n}",
                }
            ],
            "paging": {"cursors": {"after": "x"}},
        }

    summary = import_file(store, write(tmp_path, "ig.json", [page(1), page(2)]), brand)
    assert (summary.format, summary.new) == ("instagram", 2)
    assert [r[3] for r in rows(store)] == ["user1", "user2"]


# YouTube ------------------------------------------------------------------------


def yt_comment(comment_id: str, text: dict, parent: str | None = None) -> dict:
    snippet = {
        "videoId": "dQw4w9WgXcQ",
        "authorDisplayName": f"@author_{comment_id}",
        "authorChannelId": {"value": f"UC{comment_id}"},
        "likeCount": 2,
        "publishedAt": "2024-03-12T09:30:00Z",
        "updatedAt": "2024-03-12T09:30:00Z",
        **text,
    }
    if parent:
        snippet["parentId"] = parent
    return {"kind": "youtube#comment", "etag": "e", "id": comment_id, "snippet": snippet}


def yt_threads_page(ids: list[str], token: str | None) -> dict:
    page = {
        "kind": "youtube#commentThreadListResponse",
        "etag": "e",
        "pageInfo": {"totalResults": len(ids), "resultsPerPage": 20},
        "items": [
            {
                "kind": "youtube#commentThread",
                "id": i,
                "snippet": {
                    "videoId": "dQw4w9WgXcQ",
                    "topLevelComment": yt_comment(i, {"textOriginal": f"thread {i}"}),
                    "totalReplyCount": 1,
                    "canReply": True,
                    "isPublic": True,
                },
            }
            for i in ids
        ],
    }
    if token:
        page["nextPageToken"] = token
    return page


def yt_replies_page() -> dict:
    return {
        "kind": "youtube#commentListResponse",
        "etag": "e",
        "items": [
            yt_comment(
                "Ugy1.r1",
                {
                    "textDisplay": 'It&#39;s &quot;fine&quot;<br>see <a href="https://x.io/a">docs</a>'
                },
                parent="Ugy1",
            ),
            yt_comment(
                "Ugy2.r1", {"textOriginal": "<b> stays as typed", "textDisplay": "x"}, "Ugy2"
            ),
        ],
    }


def test_youtube_pages_and_comments_list_attach_replies(store, brand, tmp_path):
    pages = [yt_threads_page(["Ugy1", "Ugy2"], "QURT"), yt_threads_page(["Ugy3"], None)]
    pages.append(yt_replies_page())
    summary = import_file(store, write(tmp_path, "yt.json", pages), brand)
    assert (summary.format, summary.new) == ("youtube", 5)
    by_id = {r[1]: r for r in rows(store)}
    assert by_id["Ugy1.r1"][2] == "Ugy1" and by_id["Ugy2.r1"][2] == "Ugy2"
    assert by_id["Ugy1.r1"][4] == 'It\'s "fine"\nsee docs (https://x.io/a)'
    assert by_id["Ugy2.r1"][4] == "<b> stays as typed"  # textOriginal is the author's text
    assert by_id["Ugy3"][3] == "@author_Ugy3" and by_id["Ugy3"][5].startswith("2024-03-12T09:30")


def test_youtube_comments_list_on_its_own(tmp_path):
    export = read_export(write(tmp_path, "c.json", yt_replies_page()))
    assert export.format == "youtube" and export.count == 2


def test_damaged_youtube_page_names_page_record_and_field(store, brand, tmp_path):
    pages = [yt_threads_page(["Ugy1"], "QURT"), yt_replies_page()]
    pages[1]["items"][1]["snippet"]["likeCount"] = "many"
    message = refused(store, brand, write(tmp_path, "yt.json", pages))
    assert "yt.json:page 2, record 2: likeCount" in message


def test_pages_of_two_platforms_are_refused(tmp_path):
    with pytest.raises(UserError):
        read_export(write(tmp_path, "m.json", [fb_page(1, 1), yt_threads_page(["a"], None)]))


# The HTML of textDisplay ------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("plain", "plain"),
        ("a &amp; b &lt;3", "a & b <3"),
        ('<a href="https://u.io">https://u.io</a>', "https://u.io"),
        ('<a href="https://u.io"><b>bold</b> link</a>', "bold link (https://u.io)"),
        ("one<br/>two<br>three", "one\ntwo\nthree"),
        ("<i>x</i><script>y</script>", "xy"),
    ],
)
def test_html_to_text(markup, text):
    assert html_to_text(markup) == text


TAGS = st.sampled_from(["<b>", "</b>", "<br>", "<br/>", "<i>", "</i>", "</a>", "<p>", "</p>"])
LINKS = st.builds(lambda u: f'<a href="https://{u}.io">', st.text("abc", min_size=1))
WORDS = st.text(st.characters(exclude_characters="<>&"), max_size=8)


@given(st.lists(st.one_of(TAGS, LINKS, WORDS), max_size=12))
def test_html_to_text_leaves_no_tags(parts):
    assert "<" not in html_to_text("".join(parts))


@given(st.text(max_size=200))
def test_html_to_text_never_raises(markup):
    assert isinstance(html_to_text(markup), str)


# TikTok --------------------------------------------------------------------------


def tiktok_export() -> dict:
    video = 7312345678901234567  # the Research API's ids are int64 numbers
    return {
        "data": {
            "comments": [
                {
                    "id": 7300000000000000001,
                    "text": "where can I buy this?",
                    "video_id": video,
                    "create_time": 1710235800,
                    "like_count": 12,
                    "reply_count": 1,
                    "parent_comment_id": video,
                },
                {
                    "id": 7300000000000000002,
                    "text": "in the bio",
                    "video_id": video,
                    "create_time": 1710239400,
                    "like_count": 0,
                    "reply_count": 0,
                    "parent_comment_id": 7300000000000000001,
                },
            ],
            "cursor": 2,
            "has_more": False,
        },
        "error": {"code": "ok", "message": "", "log_id": "2024"},
    }


def test_tiktok_research_comments(store, brand, tmp_path):
    summary = import_file(store, write(tmp_path, "tt.json", tiktok_export()), brand)
    assert (summary.format, summary.new) == ("tiktok", 2)
    top, reply = rows(store)
    assert top[0] == reply[0] == "tiktok" and top[3] == reply[3] == ""
    assert top[1] == "7300000000000000001" and top[2] is None and reply[2] == top[1]
    moment = datetime(2024, 3, 12, 9, 30, tzinfo=UTC)
    assert datetime.fromisoformat(top[5]) == moment


def test_damaged_tiktok_names_record_and_field(store, brand, tmp_path):
    document = tiktok_export()
    document["data"]["comments"][1]["create_time"] = "soon"
    message = refused(store, brand, write(tmp_path, "tt.json", document))
    assert message.endswith("tt.json:record 2: create_time")


# Google Business Profile reviews ----------------------------------------------------


def review(n: int, stars: str, comment: str, reply: str | None = None) -> dict:
    item = {
        "name": f"accounts/101/locations/202/reviews/r{n}",
        "reviewId": f"r{n}",
        "reviewer": {"displayName": f"Reviewer {n}", "isAnonymous": False},
        "starRating": stars,
        "comment": comment,
        "createTime": f"2024-03-1{n}T08:00:00.123456Z",
        "updateTime": f"2024-03-1{n}T08:00:00.123456Z",
    }
    if reply:
        item["reviewReply"] = {"comment": reply, "updateTime": f"2024-03-1{n}T10:00:00Z"}
    return item


def reviews_export() -> dict:
    return {
        "reviews": [
            review(1, "ONE", "Great coffee, lovely staff!"),  # one star, kind words
            review(2, "THREE", "Awful wait, terrible service", reply="Sorry, we are on it"),
            review(3, "FIVE", "Love it"),
            review(4, "TWO", ""),  # stars only: still a complaint
            review(5, "FIVE", ""),  # stars only, happy: nothing to read, skipped
        ],
        "averageRating": 3,
        "totalReviewCount": 3,
        "nextPageToken": "NEXT",
    }


def test_google_reviews_stars_and_owner_replies(store, brand, tmp_path):
    summary = import_file(store, write(tmp_path, "g.json", reviews_export()), brand)
    assert (summary.format, summary.new, summary.skipped) == ("google", 5, 1)
    got = store.conn.execute(
        "SELECT external_id, platform, band, status, author, is_ours, parent_external_id,"
        " post_ref, created_at FROM comments ORDER BY id"
    ).fetchall()
    by_id = {row[0]: row for row in got}
    assert {row[1] for row in got} == {"google"}
    assert by_id["r1"][2] == "negative"  # one star wins over the words
    assert by_id["r3"][2] == "positive" and by_id["r2"][2] == "negative"  # by the text
    assert by_id["r2"][3] == "replied"  # the owner's reply answered it
    assert by_id["r1"][3] == by_id["r3"][3] == "open"
    assert by_id["r4"][2] == "negative" and "r5" not in by_id
    reply = by_id["r2/reply"]
    assert reply[4] == "Acme Official" and reply[5] == 1 and reply[6] == "r2"
    assert by_id["r1"][4] == "Reviewer 1" and by_id["r1"][7] == "accounts/101/locations/202"
    assert by_id["r1"][8].startswith("2024-03-11T08:00:00")


def test_google_review_pages(tmp_path):
    export = read_export(write(tmp_path, "g.json", [reviews_export(), reviews_export()]))
    assert (export.format, export.count) == ("google", 12)


def test_damaged_google_review_names_record_and_field(store, brand, tmp_path):
    pages = [reviews_export(), reviews_export()]
    pages[1]["reviews"][2]["starRating"] = "SIX"  # record 3: the third review
    message = refused(store, brand, write(tmp_path, "g.json", pages))
    assert message.endswith("g.json:page 2, record 3: starRating")


def test_rating_decides_only_one_and_two_stars():
    from smmdesk.inbox.scoring import rated, score_text

    happy = score_text("Love it, wonderful!")
    assert rated(happy, 1).band == rated(happy, 2).band == "negative"
    assert rated(happy, 3) == happy and rated(happy, None) == happy
