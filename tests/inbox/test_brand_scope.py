"""A platform's comment id is only unique on that platform account: imports are per brand."""

from datetime import timedelta

from smmdesk.calendar.links import add_post_link
from smmdesk.calendar.posts import create_post
from smmdesk.cli import main
from smmdesk.store import comments as q
from smmdesk.store import open_store
from smmdesk.store.brands import add_channel, create_brand
from tests.conftest import NOW
from tests.inbox.helpers import load, raw

CSV_A = (
    "id,author,text,created_at\n1,Ann,Where is my parcel?,2026-11-20T10:00:00+00:00\n"
    "2,Bo,Love the new menu,2026-11-20T11:00:00+00:00\n"
)
CSV_B = (
    "id,author,text,created_at\n1,Cy,Do you deliver to Lviv?,2026-11-21T10:00:00+00:00\n"
    "2,Di,Awful service,2026-11-21T11:00:00+00:00\n"
)


def test_two_brands_with_the_same_ids_keep_both(tmp_path, capsys):
    db = tmp_path / "desk.db"
    (tmp_path / "a.csv").write_text(CSV_A, encoding="utf-8")
    (tmp_path / "b.csv").write_text(CSV_B, encoding="utf-8")
    assert (
        main(
            [
                "--db",
                str(db),
                "import",
                "--brand",
                "a",
                "--platform",
                "facebook",
                str(tmp_path / "a.csv"),
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "--db",
                str(db),
                "import",
                "--brand",
                "b",
                "--platform",
                "facebook",
                str(tmp_path / "b.csv"),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "b.csv: 2 new" in out
    # The same file again, for the same brand, adds nothing.
    assert (
        main(
            [
                "--db",
                str(db),
                "import",
                "--brand",
                "b",
                "--platform",
                "facebook",
                str(tmp_path / "b.csv"),
            ]
        )
        == 0
    )
    assert "nothing new" in capsys.readouterr().out
    with open_store(db) as store:
        rows = store.conn.execute(
            "SELECT b.slug, c.external_id, c.author FROM comments c JOIN brands b "
            "ON b.id = c.brand_id ORDER BY c.id"
        ).fetchall()
        assert [tuple(r) for r in rows] == [
            ("a", "1", "Ann"),
            ("a", "2", "Bo"),
            ("b", "1", "Cy"),
            ("b", "2", "Di"),
        ]


def test_threads_and_our_replies_stay_within_the_brand(store, brand):
    other = create_brand(store, "Other", slug="other", handles=("Other Official",))
    load(store, brand, [raw("Is it waterproof?", id="q", minutes_ago=90)])
    load(
        store,
        other,
        [
            raw("Is it warm?", id="q", minutes_ago=90),
            raw("Yes!", id="r", author="Other Official", parent="q", minutes_ago=60),
        ],
    )
    answered = dict(
        store.conn.execute(
            "SELECT brand_id, has_our_reply FROM comments WHERE external_id = 'q'"
        ).fetchall()
    )
    assert answered == {brand.id: 0, other.id: 1}
    mine = q.Comment.from_row(
        store.conn.execute(
            "SELECT * FROM comments WHERE brand_id = ? AND external_id = 'q'", (brand.id,)
        ).fetchone()
    )
    assert q.thread_of(store, mine) == []
    theirs = q.Comment.from_row(
        store.conn.execute(
            "SELECT * FROM comments WHERE brand_id = ? AND external_id = 'r'", (other.id,)
        ).fetchone()
    )
    assert [r.text for r in q.thread_of(store, theirs)] == ["Is it warm?"]


def test_post_links_are_per_brand(store, brand):
    other = create_brand(store, "Other", slug="other")
    for made in (brand, other):
        add_channel(store, made, "Facebook page", "facebook")
    when = NOW - timedelta(days=1)
    mine = create_post(
        store,
        brand,
        title="Mine",
        goal="sales",
        channel="Facebook page",
        when=when,
        status="published",
        now=NOW,
    )
    theirs = create_post(
        store,
        other,
        title="Theirs",
        goal="sales",
        channel="Facebook page",
        when=when,
        status="published",
        now=NOW,
    )
    load(store, brand, [raw("on mine", id="1", parent=None)])
    store.conn.execute("UPDATE comments SET post_ref = '777'")
    load(store, other, [raw("on theirs", id="1")])
    store.conn.execute("UPDATE comments SET post_ref = '777' WHERE brand_id = ?", (other.id,))
    assert (
        add_post_link(store, mine.id, platform="facebook", external_id="777").linked_comments == 1
    )
    # The other brand's page has its own post 777.
    assert (
        add_post_link(store, theirs.id, platform="facebook", external_id="777").linked_comments == 1
    )
    linked = dict(store.conn.execute("SELECT brand_id, post_id FROM comments").fetchall())
    assert linked == {brand.id: mine.id, other.id: theirs.id}
