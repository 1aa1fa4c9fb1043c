"""The calendar of a desk with no brand yet points to the command that adds one."""

from smmdesk.store import open_store
from smmdesk.tui.calendar.post_form import PostForm
from tests.tui.helpers import run, screen_text, settle


def test_no_brand_points_to_brand_add(tmp_path, monkeypatch):
    monkeypatch.setenv("SMMDESK_NOW", "2026-11-28T09:00:00+00:00")
    monkeypatch.setenv("SMMDESK_TZ", "UTC")
    with open_store(tmp_path / "empty.db") as store:

        async def scenario(app, pilot):
            await pilot.press("f2")
            await pilot.pause()
            await pilot.press("n")
            await settle(pilot)
            assert not isinstance(app.screen, PostForm)
            assert "smmdesk brand add NAME" in screen_text(app)
            app.push_screen(PostForm(store, []))
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            shown = screen_text(app)
            assert "no brand yet; add one with `smmdesk brand add NAME`, brand" in shown

        run(store, scenario, size=(120, 40))
