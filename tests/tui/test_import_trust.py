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


def test_an_import_keeps_the_apps_locks_so_its_later_writes_reach_the_file(demo_store, tmp_path):
    """The import worker opens (and closes) its own store on the desk: the app's connection
    must keep its locks, or the next client deletes the -wal and the app's writes are lost."""
    import os

    from tests.store.test_locks import OTHER_CLIENT, READ_SETTING, _open_fds, _run

    good = tmp_path / "good.csv"
    good.write_text(
        "id,text,author,created_at\n1,Where is my order?,Ann,2026-11-27T10:00:00Z\n",
        encoding="utf-8",
    )
    path = demo_store.path

    async def scenario(app, pilot):
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#import-path").value = str(good)
        app.screen.query_one("#import-brand").value = "kava-lab"
        await pilot.press("enter")
        await workers_done(pilot)
        await settle(pilot)
        assert "1 new" in screen_text(app)
        _run(OTHER_CLIENT, path)  # e.g. `smmdesk backup` in another terminal
        assert os.path.exists(f"{path}-wal")
        app.store.set_setting("probe", "after import")  # the app's own connection writes
        assert _run(READ_SETTING, path) == "after import"
        assert f"{path}-wal (deleted)" not in _open_fds()

    run(demo_store, scenario)


def test_the_dialog_imports_with_a_preset(demo_store, tmp_path):
    from smmdesk.inbox.presets import add_preset

    odd = tmp_path / "odd.csv"
    odd.write_text("REF,WORDS,WHEN\nr1,Where is my order?,2026-11-27T10:00:00Z\n", encoding="utf-8")
    add_preset(demo_store, "sheets", "id=REF,text=WORDS,date=WHEN")

    async def scenario(app, pilot):
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#import-path").value = str(odd)
        app.screen.query_one("#import-brand").value = "kava-lab"
        app.screen.query_one("#import-preset").value = "nope"
        await pilot.press("enter")
        await workers_done(pilot)
        await settle(pilot)
        assert "no preset 'nope'" in screen_text(app)
        app.screen.query_one("#import-preset").value = "sheets"
        await pilot.press("enter")
        await workers_done(pilot)
        await settle(pilot)
        assert "1 new" in screen_text(app)

    run(demo_store, scenario)
