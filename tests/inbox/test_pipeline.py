from smmdesk.inbox import queue
from smmdesk.store.comments import QueueFilter
from tests.conftest import NOW
from tests.inbox.helpers import load, raw


def test_import_scores_and_counts(store, brand):
    summary = load(
        store,
        brand,
        [
            raw("Terrible, it broke in a day", id="1"),
            raw("Love it!", id="2"),
            raw("Cuándo llega el pedido", id="3"),  # Spanish without a sentiment word
            raw("   ", id="4"),
        ],
    )
    assert (summary.new, summary.duplicates, summary.skipped) == (3, 0, 1)
    assert summary.negatives == 1 and summary.unscored == 1


def test_reimport_adds_nothing(store, brand):
    records = [raw("Where is my order?", id="1"), raw("no id here", id=None)]
    load(store, brand, records)
    again = load(store, brand, records)
    assert (again.new, again.duplicates) == (0, 2)
    assert "nothing new" in again.line()
    assert store.conn.execute("SELECT count(*) FROM comments").fetchone()[0] == 2


def test_failed_import_keeps_nothing(store, brand):
    def records():
        yield raw("first", id="1")
        raise ValueError("boom")

    import pytest

    with pytest.raises(ValueError):
        load(store, brand, records())
    assert store.conn.execute("SELECT count(*) FROM comments").fetchone()[0] == 0


def test_queue_puts_negatives_and_questions_first(store, brand):
    load(
        store,
        brand,
        [
            raw("Nice photo", id="a", minutes_ago=60),
            raw("How much is shipping?", id="b", minutes_ago=10),
            raw("Awful, I want a refund, worst shop ever", id="c", minutes_ago=5),
            raw("Great job team", id="d", minutes_ago=120),
        ],
    )
    items = queue.page(store, QueueFilter(), now=NOW)
    assert [i.text[:5] for i in items][:2] == ["Awful", "How m"]
    assert items[0].band == "negative"


def test_our_own_comments_are_not_in_the_queue_and_answer_the_thread(store, brand):
    load(
        store,
        brand,
        [
            raw("Is it waterproof?", id="q", minutes_ago=90),
            raw("Yes it is!", id="ours", author="Acme Official", parent="q", minutes_ago=60),
        ],
    )
    items = queue.page(store, QueueFilter(), now=NOW)
    assert items == []  # our reply is not work, and the question it answers is replied
    row = store.conn.execute(
        "SELECT has_our_reply, status FROM comments WHERE external_id='q'"
    ).fetchone()
    assert tuple(row) == (1, "replied")


def test_paging_walks_the_whole_queue_in_order(store, brand):
    load(store, brand, [raw(f"comment number {n}", id=str(n), minutes_ago=n) for n in range(25)])
    seen, after = [], None
    while page := queue.page(store, QueueFilter(), limit=10, after=after, now=NOW):
        seen += page
        after = page[-1]
    assert len(seen) == 25
    assert [i.urgent_at for i in seen] == sorted(i.urgent_at for i in seen)


def test_search_and_filters(store, brand):
    load(
        store,
        brand,
        [
            raw("The jacket leaks in rain", id="1", platform="instagram"),
            raw("Lovely jackets", id="2"),
            raw("Boots are great", id="3"),
        ],
    )
    found = queue.page(store, QueueFilter(search="jacket"), now=NOW)
    assert {i.id for i in found} == {1, 2}
    assert [i.id for i in queue.page(store, QueueFilter(platform="instagram"), now=NOW)] == [1]
    assert queue.count(store, QueueFilter(band="negative"), now=NOW) >= 0


def test_malformed_search_is_a_clear_error(store, brand):
    import pytest

    from smmdesk.errors import UserError

    load(store, brand, [raw("hello", id="1")])
    with pytest.raises(UserError, match="cannot read search"):
        queue.page(store, QueueFilter(search='"unbalanced'), now=NOW)


def test_malformed_search_is_an_error_even_where_no_comment_is_a_candidate(store, brand):
    """The page checks the search only when it fails or finds nothing: a filter that leaves no
    candidate never runs the search, and the page and the count still refuse it."""
    import pytest

    from smmdesk.errors import UserError

    load(store, brand, [raw("hello", id="1")])
    empty = QueueFilter(platform="nowhere", search="hello AND")
    for read in (queue.page, queue.count):
        with pytest.raises(UserError, match="cannot read search"):
            read(store, empty, now=NOW)
    assert queue.page(store, QueueFilter(platform="nowhere", search="hello"), now=NOW) == []


def test_items_by_id_keeps_the_order_asked_and_skips_the_gone(store, brand):
    load(store, brand, [raw("Terrible", id="1"), raw("Love it", id="2"), raw("ok", id="3")])
    page = {item.id: item for item in queue.page(store, QueueFilter(), now=NOW)}
    again = queue.items_by_id(store, [3, 99, 1], now=NOW)
    assert [item.id for item in again] == [3, 1]
    assert again == [page[3], page[1]]  # the same item whichever way it is read


def test_explain_comment(store, brand):
    load(store, brand, [raw("This is awful", id="1")])
    lines = queue.explain_comment(store, 1, now=NOW)
    assert lines[0].startswith("comment 1 by Sam")
    assert any("negativity" in line for line in lines)


def test_queue_items_agree_with_the_rank(store, brand):
    """The page computes deadlines from its few columns (priority.deadline); the full rank of
    the stored comment says the same."""
    from smmdesk.inbox import priority
    from smmdesk.store.comments import get_comment

    load(
        store,
        brand,
        [raw("Terrible, broken", id="1"), raw("Where is my order?", id="2"), raw("Nice", id="3")],
    )
    for item in queue.page(store, QueueFilter(), now=NOW):
        comment = get_comment(store, item.id)
        rank = priority.rank(comment, priority.targets_for(store, comment.brand_id))
        assert (item.target_key, item.due_at, item.urgent_at) == (
            rank.target_key,
            rank.due_at,
            rank.urgent_at,
        )
        assert item.created_at == comment.created_at and item.brand == brand.name
