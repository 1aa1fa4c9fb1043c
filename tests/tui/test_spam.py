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


def test_e_teaches_after_its_frame_and_an_undo_at_once_still_forgets_it(demo_store):
    """Resolve's lesson to the spam model is a write of its own after the frame that shows the
    row gone; an undo pressed before that frame waits behind it, so it takes the lesson back."""
    from textual import events

    from smmdesk.inbox import spam

    async def scenario(app, pilot):
        view = inbox(app)
        await settle(pilot)
        target = view.current()
        assert target is not None and not target.spam_suspect
        before = spam.model_of(demo_store, target.brand_id)
        ran = []
        submit = app.writes.submit

        def recorded(name, run, *args, **kwargs):
            return submit(name, lambda: (ran.append(name), run())[1], *args, **kwargs)

        app.writes.submit = recorded
        await pilot.press("e")
        await eventually(pilot, lambda: q.get_comment(demo_store, target.id).status == "resolved")
        await settle(pilot)
        assert ran == ["resolve", "resolve's lesson"]
        assert spam.model_of(demo_store, target.brand_id).ham_docs == before.ham_docs + 1
        await pilot.press("u")
        await eventually(pilot, lambda: q.get_comment(demo_store, target.id).status == "open")
        await settle(pilot)
        assert spam.model_of(demo_store, target.brand_id) == before
        # Both keys at once (no frame between them): the undo waits behind the lesson.
        ran.clear()
        for key in "eu":
            event = events.Key(key, key)
            event.set_sender(app)
            app._driver.send_message(event)
        await eventually(pilot, lambda: len(ran) == 3)
        await settle(pilot)
        assert ran == ["resolve", "resolve's lesson", "undo"]
        assert q.get_comment(demo_store, target.id).status == "open"
        assert spam.model_of(demo_store, target.brand_id) == before
        assert not any("busy" in n.message for n in app._notifications)  # no lock was waited

    run(demo_store, scenario)


def test_q_right_after_e_applies_its_lesson_and_quits_at_once(demo_store):
    """``q`` before the frame after ``e``: the lesson waits for a frame, not for the lock, so
    it is applied and the app quits (no "still waiting for the database")."""
    import asyncio

    from textual import events

    from smmdesk.inbox import spam

    learnt = {}

    async def scenario(app, pilot):
        view = inbox(app)
        await settle(pilot)
        target = view.current()
        learnt["before"] = spam.model_of(demo_store, target.brand_id).ham_docs
        learnt["brand"] = target.brand_id
        for key in "eq":
            event = events.Key(key, key)
            event.set_sender(app)
            app._driver.send_message(event)
        for _ in range(200):
            if app._exit:
                break
            await asyncio.sleep(0.01)
        assert app._exit and not any("Still waiting" in n.message for n in app._notifications)

    run(demo_store, scenario)
    assert spam.model_of(demo_store, learnt["brand"]).ham_docs == learnt["before"] + 1
