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


def test_e_writes_after_its_frame_and_an_undo_at_once_still_takes_it_back(demo_store):
    """``e`` shows the row gone in its own frame and writes after it (the status and the
    lesson to the spam model, in one transaction); an undo pressed before that frame waits
    behind it, so it takes both back."""
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
        assert ran == ["resolve"]
        assert spam.model_of(demo_store, target.brand_id).ham_docs == before.ham_docs + 1
        await pilot.press("u")
        await eventually(pilot, lambda: q.get_comment(demo_store, target.id).status == "open")
        await settle(pilot)
        assert spam.model_of(demo_store, target.brand_id) == before
        # Both keys at once (no frame between them): the undo waits behind the resolve.
        ran.clear()
        for key in "eu":
            event = events.Key(key, key)
            event.set_sender(app)
            app._driver.send_message(event)
        await eventually(pilot, lambda: len(ran) == 2)
        await settle(pilot)
        assert ran == ["resolve", "undo"]
        assert q.get_comment(demo_store, target.id).status == "open"
        assert view.current().id == target.id  # back in the queue, under the cursor
        assert spam.model_of(demo_store, target.brand_id) == before
        assert not any("busy" in n.message for n in app._notifications)  # no lock was waited

    run(demo_store, scenario)


def test_q_right_after_e_e_applies_both_and_quits_at_once(demo_store):
    """``q`` before the frames after two ``e``: their writes wait for a frame each, not for the
    lock, so both are applied and the app quits (no "still waiting for the database")."""
    import asyncio

    from textual import events

    from smmdesk.inbox import spam

    learnt = {}

    async def scenario(app, pilot):
        view = inbox(app)
        await settle(pilot)
        chosen = view.items[:2]
        assert not any(item.spam_suspect for item in chosen)  # a resolved suspect teaches nothing
        learnt["targets"] = [item.id for item in chosen]
        learnt["brands"] = [item.brand_id for item in chosen]
        learnt["before"] = {b: spam.model_of(demo_store, b).ham_docs for b in learnt["brands"]}
        for key in "eeq":
            event = events.Key(key, key)
            event.set_sender(app)
            app._driver.send_message(event)
        for _ in range(200):
            if app._exit:
                break
            await asyncio.sleep(0.01)
        assert app._exit and not any("Still waiting" in n.message for n in app._notifications)

    run(demo_store, scenario)
    for brand, before in learnt["before"].items():
        taught = learnt["brands"].count(brand)
        assert spam.model_of(demo_store, brand).ham_docs == before + taught
    assert [q.get_comment(demo_store, i).status for i in learnt["targets"]] == ["resolved"] * 2
