"""Suspected spam in the inbox: at the bottom with its mark; X (not spam) sends it back to its
place, and the cursor goes with it."""

from smmdesk.store import comments as q
from tests.tui.helpers import eventually, inbox, run, screen_text, settle


def suspects(store):
    rows = store.conn.execute(
        "SELECT id FROM comments WHERE status = 'open' AND spam_suspect = 1 ORDER BY id"
    )
    return [row[0] for row in rows]


def test_suspects_show_last_with_a_mark_and_not_spam_returns_one(demo_store):
    found = suspects(demo_store)
    assert found, "the demo holds suspected spam"

    async def scenario(app, pilot):
        view = inbox(app)
        await settle(pilot)
        await pilot.press("G")  # the last loaded row; reaching it loads the rest
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        tail = view.items[-len(found) :]
        assert sorted(item.id for item in tail) == found
        assert all(item.tier == 3 for item in tail)
        assert all(item.tier < 3 for item in view.items[: -len(found)])
        text = screen_text(app)
        assert "⊘ spam" in text and "suspected (X: not spam)" in text
        target = view.current().id
        await pilot.press("X")
        await eventually(pilot, lambda: not q.get_comment(demo_store, target).spam_suspect)
        await eventually(pilot, lambda: view.current() is not None and view.current().id == target)
        comment = q.get_comment(demo_store, target)
        assert comment.spam_cleared and comment.tier < 3
        rows = [item.id for item in view.items]
        assert rows.index(target) < len(rows) - len(found) + 1  # among the others now
        assert view.current().tier == comment.tier and not view.current().spam_suspect

    run(demo_store, scenario)
