"""The brand word list dialog (W) and the language filter, driven with Pilot."""

from smmdesk.inbox import lexicon
from smmdesk.store.brands import find_brand
from tests.tui.helpers import inbox, run, screen_text, settle


def test_word_list_adds_and_removes_with_rescoring(demo_store):
    async def scenario(app, pilot):
        from smmdesk.tui.inbox.word_list import WordListScreen

        view = inbox(app)
        brand = find_brand(demo_store, view.current().brand)
        await pilot.press("W")
        await settle(pilot)
        assert isinstance(app.screen, WordListScreen) and app.screen.brand == brand
        await pilot.press(*"delivery -3", "enter")  # "d" in the input is text, not remove
        await settle(pilot)
        assert lexicon.list_words(demo_store, brand) == [lexicon.Entry("delivery", -3.0)]
        assert "open comments rescored" in screen_text(app)
        await pilot.press(*"refund 9", "enter")
        await settle(pilot)
        assert "valence must be from -4 to 4" in screen_text(app)
        assert len(lexicon.list_words(demo_store, brand)) == 1
        await pilot.press("tab", "d")
        await settle(pilot)
        assert lexicon.list_words(demo_store, brand) == []
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not None and not isinstance(app.screen, WordListScreen)

    run(demo_store, scenario)


def test_filter_by_language(demo_store):
    async def scenario(app, pilot):
        from smmdesk.tui.inbox.filters import FilterScreen

        view = inbox(app)
        await pilot.press("f")
        assert isinstance(app.screen, FilterScreen)
        app.screen.query_one("#f-language").value = "uk"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert view.items
        ids = [item.id for item in view.items]
        marks = ",".join("?" * len(ids))
        found = {
            r[0]
            for r in demo_store.conn.execute(
                f"SELECT DISTINCT language FROM comments WHERE id IN ({marks})", ids
            )
        }
        assert found == {"uk"}
        assert "language: uk" in screen_text(app)

    run(demo_store, scenario)
