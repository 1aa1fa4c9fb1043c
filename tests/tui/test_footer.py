"""The footer (tui/widgets/footer.DeskFooter): the keys of what has focus, rebuilt only when
they change."""

from textual.widgets._footer import FooterKey

from smmdesk.tui.widgets.footer import DeskFooter
from tests.tui.helpers import eventually, run


def keys(app) -> dict[str, str]:
    """What the footer shows: description -> key."""
    return {k.description: k.key_display for k in app.query_one(DeskFooter).query(FooterKey)}


def test_the_footer_follows_the_section_and_rebuilds_only_on_a_change(demo_store):
    async def scenario(app, pilot):
        await eventually(pilot, lambda: "Resolve" in keys(app))
        footer = app.query_one(DeskFooter)
        rebuilt = []
        recompose = footer.recompose

        async def counted():
            rebuilt.append(1)
            await recompose()

        footer.recompose = counted
        for _ in range(3):  # the same keys asked again: nothing is rebuilt
            app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert rebuilt == []

        await pilot.press("f2")
        await eventually(pilot, lambda: "New" in keys(app) and "Resolve" not in keys(app))
        await pilot.press("f1")
        await eventually(pilot, lambda: "Resolve" in keys(app))
        assert len(rebuilt) >= 2  # each change of keys was shown

    run(demo_store, scenario)


def test_a_remapped_key_shows_in_the_footer(demo_store):
    async def scenario(app, pilot):
        await eventually(pilot, lambda: keys(app).get("Spam") == "x")
        app.set_keymap({"inbox.spam": "z"})
        await eventually(pilot, lambda: keys(app).get("Spam") == "z")

    run(demo_store, scenario)
