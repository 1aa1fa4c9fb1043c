"""The import dialog: a failed import creates nothing, not even the brand it named."""

from tests.test_failed_import import BAD, brands
from tests.tui.helpers import run, screen_text, settle, workers_done


def test_tui_failed_import_creates_no_brand(demo_store, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, encoding="utf-8")
    before = brands(demo_store.path)

    async def scenario(app, pilot):
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#import-path").value = str(bad)
        app.screen.query_one("#import-brand").value = "brand-new"
        await pilot.press("enter")
        await workers_done(pilot)
        await settle(pilot)
        assert "bad date" in screen_text(app)

    run(demo_store, scenario)
    assert brands(demo_store.path) == before
