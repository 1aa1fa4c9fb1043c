"""The database itself refuses a post without a goal, whatever path the write takes."""

import sqlite3

import pytest

from smmdesk.store import posts as store_posts
from smmdesk.store.brands import add_channel, create_brand

AT = "2026-03-20T10:00:00+00:00"


@pytest.fixture
def ids(store):
    brand = create_brand(store, "Acme")
    channel_id = add_channel(store, brand, "Facebook page")
    goal = store_posts.find_goal(store, brand.id, "sales")
    return brand.id, channel_id, goal.id


def values(brand_id, channel_id, goal_id, **extra):
    row = {
        "brand_id": brand_id, "title": "Hello", "channel_id": channel_id,
        "scheduled_at": AT, "goal_id": goal_id,
    }  # fmt: skip
    row.update(extra)
    return row


def test_insert_and_read_back_with_names(store, ids):
    post_id = store_posts.insert_post(store, values(*ids), at=AT)
    post = store_posts.get_post(store, post_id)
    assert isinstance(post, store_posts.Post)
    assert post.title == "Hello"
    assert post.goal == "sales"
    assert post.channel == "Facebook page"
    assert post.brand == "acme"
    assert post.exdates == () and not post.is_series


def test_raw_sql_without_goal_is_refused(store, ids):
    brand_id, channel_id, _ = ids
    with pytest.raises(sqlite3.IntegrityError, match="NOT NULL"):
        store.conn.execute(
            "INSERT INTO posts (brand_id, title, channel_id, scheduled_at, created_at, updated_at)"
            " VALUES (?, 'x', ?, ?, ?, ?)",
            (brand_id, channel_id, AT, AT, AT),
        )
    assert store.conn.execute("SELECT count(*) FROM posts").fetchone()[0] == 0


def test_store_function_without_goal_is_refused(store, ids):
    brand_id, channel_id, _ = ids
    with pytest.raises(sqlite3.IntegrityError):
        store_posts.insert_post(store, values(brand_id, channel_id, None), at=AT)


def test_goal_that_does_not_exist_is_refused(store, ids):
    brand_id, channel_id, _ = ids
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        store_posts.insert_post(store, values(brand_id, channel_id, 9999), at=AT)


def test_goal_cannot_be_removed_from_a_post(store, ids):
    post_id = store_posts.insert_post(store, values(*ids), at=AT)
    with pytest.raises(sqlite3.IntegrityError):
        store_posts.update_post(store, post_id, {"goal_id": None}, at=AT)
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("DELETE FROM goals WHERE id = ?", (ids[2],))
    assert store_posts.get_post(store, post_id).goal == "sales"


def test_unknown_columns_are_a_programming_error(store, ids):
    with pytest.raises(ValueError):
        store_posts.insert_post(store, {**values(*ids), "nope": 1}, at=AT)


def test_ranges_split_single_posts_and_series(store, ids):
    single = store_posts.insert_post(store, values(*ids), at=AT)
    series = store_posts.insert_post(store, values(*ids, rrule="FREQ=DAILY"), at=AT)
    later = store_posts.insert_post(
        store, values(*ids, scheduled_at="2026-04-20T10:00:00+00:00"), at=AT
    )
    found = store_posts.single_posts_between(
        store, "2026-03-20T00:00:00+00:00", "2026-03-21T00:00:00+00:00"
    )
    assert [post.id for post in found] == [single]
    assert [post.id for post in store_posts.series_starting_before(store, "2026-03-21")] == [series]
    assert [post.id for post in store_posts.all_posts(store)] == [single, series, later]


@pytest.mark.parametrize("brand", [False, True])
def test_series_are_read_from_their_own_index(store, ids, brand):
    """Every period the calendar shows asks for the series: never a walk of all posts."""
    store_posts.insert_post(store, values(*ids, rrule="FREQ=DAILY"), at=AT)
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    store_posts.series_starting_before(store, "2026-04-01", ids[0] if brand else None)
    store.conn.set_trace_callback(None)
    query = next(sql for sql in seen if "rrule IS NOT NULL" in sql)
    plan = " ".join(row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {query}"))
    assert "USING INDEX posts_series" in plan


def test_deleting_a_series_deletes_its_edited_occurrences(store, ids):
    series = store_posts.insert_post(store, values(*ids, rrule="FREQ=DAILY"), at=AT)
    edit = store_posts.insert_post(store, values(*ids, series_id=series, occurrence_at=AT), at=AT)
    assert [post.id for post in store_posts.occurrence_edits(store, series)] == [edit]
    assert store_posts.delete_post(store, series)
    assert store_posts.get_post(store, edit) is None


def test_goals_and_channels(store, ids):
    brand_id, channel_id, _ = ids
    slugs = [goal.slug for goal in store_posts.list_goals(store, brand_id)]
    assert slugs[:3] == ["sales", "questions", "recognition"]
    assert len(slugs) == 6
    goal = store_posts.find_goal(store, brand_id, "questions")
    store_posts.update_goal(store, goal.id, {"target_share": 0.5, "colour": "blue"})
    assert store_posts.get_goal(store, goal.id).target_share == 0.5
    assert store_posts.find_channel(store, brand_id, "facebook PAGE").id == channel_id
    assert store_posts.get_channel(store, channel_id).name == "Facebook page"
    assert store_posts.get_brand_by_id(store, brand_id).slug == "acme"
