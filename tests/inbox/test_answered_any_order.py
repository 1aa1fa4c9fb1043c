"""Our reply marks its thread answered whatever order the files (or chunks) arrive in.

Real SQLite files and real CSV exports through ``import_file``; the reference for what an
answered comment looks like is the same thread imported in one file, reply after parent.
"""

import csv
from datetime import timedelta

from smmdesk.inbox import importer, priority
from smmdesk.inbox.importer import import_file, import_files
from smmdesk.inbox.ours import apply_handles
from smmdesk.store import open_store
from smmdesk.store.brands import create_brand
from tests.conftest import NOW

SHIFT = priority.ANSWERED_HOURS * priority.HOUR
PARENT = ("q", "", "Olena", "Awful, the parcel came broken. Is a refund possible?", 120)
REPLY = ("r", "q", "Acme Official", "Sorry, Olena! A new one ships today.", 60)


def csv_file(path, *rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "parent_id", "author", "text", "created_at"])
        for ext_id, parent, author, text, minutes_ago in rows:
            out.writerow(
                [ext_id, parent, author, text, (NOW - timedelta(minutes=minutes_ago)).isoformat()]
            )
    return path


def fillers(n, start=0):
    return [
        (f"f{k}", "", f"Fan {k}", f"Nice photo number {k}", 30) for k in range(start, start + n)
    ]


def by_id(store, brand):
    return {
        r["external_id"]: r
        for r in store.conn.execute("SELECT * FROM comments WHERE brand_id = ?", (brand.id,))
    }


def answered_in_one_file(tmp_path):
    """The parent as the existing in-file rule leaves it: (has_our_reply, tier, urgent_at)."""
    with open_store(tmp_path / "reference.db") as store:
        brand = create_brand(store, "Acme", slug="acme", handles=("Acme Official",))
        import_file(
            store,
            csv_file(tmp_path / "both.csv", PARENT, REPLY),
            brand,
            platform="facebook",
            now=NOW,
        )
        row = by_id(store, brand)["q"]
        return row["has_our_reply"], row["tier"], row["urgent_at"]


def test_reply_file_first_then_the_comment_file(store, brand, tmp_path):
    reference = answered_in_one_file(tmp_path)
    assert reference[0] == 1
    import_file(
        store, csv_file(tmp_path / "replies.csv", REPLY), brand, platform="facebook", now=NOW
    )
    import_file(
        store, csv_file(tmp_path / "comments.csv", PARENT), brand, platform="facebook", now=NOW
    )
    row = by_id(store, brand)["q"]
    assert (row["has_our_reply"], row["tier"], row["urgent_at"]) == reference
    assert row["status"] == "replied"  # answered by our reply: no longer open work


def test_reply_in_an_earlier_file_of_the_same_import(store, brand, tmp_path):
    reference = answered_in_one_file(tmp_path)
    import_files(
        store,
        [csv_file(tmp_path / "replies.csv", REPLY), csv_file(tmp_path / "comments.csv", PARENT)],
        "Acme",
        platform="facebook",
        now=NOW,
    )
    row = by_id(store, brand)["q"]
    assert (row["has_our_reply"], row["tier"], row["urgent_at"]) == reference


def test_reply_in_the_first_chunk_parent_in_a_later_one(store, brand, tmp_path, monkeypatch):
    reference = answered_in_one_file(tmp_path)
    monkeypatch.setattr(importer, "CHUNK", 3)
    path = csv_file(tmp_path / "big.csv", REPLY, *fillers(4), PARENT, *fillers(2, start=4))
    chunks = []
    summary = import_file(
        store,
        path,
        brand,
        platform="facebook",
        now=NOW,
        progress=lambda done, total: chunks.append(done),
    )
    assert chunks == [3, 6, 8]  # three transactions' worth of rows, in order
    assert summary.new == 8
    got = by_id(store, brand)
    assert (got["q"]["has_our_reply"], got["q"]["tier"], got["q"]["urgent_at"]) == reference
    assert sum(r["has_our_reply"] for r in got.values()) == 1  # only the thread's parent
    # Importing it again moves nothing twice.
    import_file(store, path, brand, platform="facebook", now=NOW)
    assert by_id(store, brand)["q"]["urgent_at"] == reference[2]


def test_parent_first_still_answered_once_across_files(store, brand, tmp_path):
    reference = answered_in_one_file(tmp_path)
    import_file(
        store, csv_file(tmp_path / "comments.csv", PARENT), brand, platform="facebook", now=NOW
    )
    second = ("r2", "q", "acme official", "Tracking number sent by DM.", 50)
    import_file(
        store,
        csv_file(tmp_path / "replies.csv", REPLY, second),
        brand,
        platform="facebook",
        now=NOW,
    )
    row = by_id(store, brand)["q"]
    assert (row["has_our_reply"], row["tier"], row["urgent_at"]) == reference


def test_another_brands_reply_never_marks_this_brands_thread(store, brand, tmp_path):
    other = create_brand(store, "Other", slug="other", handles=("Other Official",))
    theirs = ("r", "q", "Other Official", "Yes, we refund.", 60)
    # The other brand's reply arrives first, under the other brand, with the same ids.
    import_file(
        store, csv_file(tmp_path / "o-replies.csv", theirs), other, platform="facebook", now=NOW
    )
    import_file(store, csv_file(tmp_path / "mine.csv", PARENT), brand, platform="facebook", now=NOW)
    import_file(
        store, csv_file(tmp_path / "o-comments.csv", PARENT), other, platform="facebook", now=NOW
    )
    # And in this brand's own file, a reply by the other brand's handle is a customer's comment.
    import_file(
        store,
        csv_file(tmp_path / "mine-2.csv", ("x", "q", "Other Official", "Buy from us instead", 40)),
        brand,
        platform="facebook",
        now=NOW,
    )
    mine, ours_there = by_id(store, brand)["q"], by_id(store, other)["q"]
    assert ours_there["has_our_reply"] == 1  # the other brand's own thread is answered
    assert mine["has_our_reply"] == 0
    unanswered = mine["urgent_at"]
    # Re-marking this brand (its handles change) still leaves the other brand's reply alone.
    brand, _ = apply_handles(store, brand, ["Acme Official", "acme_help"])
    mine = by_id(store, brand)["q"]
    assert (mine["has_our_reply"], mine["urgent_at"]) == (0, unanswered)
    assert ours_there["urgent_at"] == mine["urgent_at"] + SHIFT


def test_a_reply_on_another_platform_never_marks_the_thread(store, brand, tmp_path):
    import_file(
        store, csv_file(tmp_path / "replies.csv", REPLY), brand, platform="instagram", now=NOW
    )
    import_file(
        store, csv_file(tmp_path / "comments.csv", PARENT), brand, platform="facebook", now=NOW
    )
    assert by_id(store, brand)["q"]["has_our_reply"] == 0
