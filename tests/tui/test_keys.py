"""Keys and settings as data: binding ids, the README's table, config.toml in the app."""

import asyncio
import re
from pathlib import Path

from smmdesk.config import load_or_defaults
from smmdesk.tui.app import SmmdeskApp
from smmdesk.tui.keys import all_bindings, binding_ids, prose
from tests.tui.helpers import inbox, screen_text, settle, status_of

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_binding_has_a_unique_namespaced_id():
    found = all_bindings()
    assert len(found) > 80
    missing = [f"{cls.__name__}: {b.key} → {b.action}" for cls, b in found if not b.id]
    assert not missing
    ids = [b.id for _, b in found]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert all(re.fullmatch(r"[a-z]+(\.[a-z_]+)+", i) for i in ids), ids


def readme_table() -> dict[str, tuple[str, str]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Keys\n") : text.index("## Settings")]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) == 4 and cells[2].startswith("`") and "." in cells[2]:
            rows[cells[2].strip("`")] = (cells[0], cells[1])
    return rows


def test_the_readme_keys_table_is_the_default_bindings():
    table = readme_table()
    bindings = {
        b.id: (" ".join(f"`{prose(k)}`" for k in b.key.split(",")), b.description)
        for _, b in all_bindings()
    }
    assert table == bindings


def config_file(tmp_path, monkeypatch, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("SMMDESK_CONFIG", str(path))
    return path


def run_with_config(store, scenario, size=(120, 36)):
    config, error = load_or_defaults(binding_ids=binding_ids())

    async def main():
        app = SmmdeskApp(store, config, error)
        async with app.run_test(size=size, notifications=True) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


def test_a_keymap_entry_remaps_resolve(demo_store, tmp_path, monkeypatch):
    config_file(tmp_path, monkeypatch, '[keymap]\n"inbox.resolve" = "z"\n')

    async def scenario(app, pilot):
        view = inbox(app)
        first, second = view.items[0].id, view.items[1].id
        await pilot.press("e")  # the default key no longer resolves
        await settle(pilot)
        assert status_of(demo_store, first) == "open"
        await pilot.press("z")
        await settle(pilot)
        assert status_of(demo_store, first) == "resolved"
        assert view.current().id == second
        help_rows = dict(row for _, rows in app.help_sections() for row in rows)
        assert {key for key, what in help_rows.items() if what == "Resolve"} == {"z"}

    run_with_config(demo_store, scenario)


def test_remapped_keys_show_in_the_hints(demo_store, tmp_path, monkeypatch):
    config_file(
        tmp_path,
        monkeypatch,
        '[keymap]\n"inbox.filter" = "ctrl+f"\n"app.section.calendar" = "f6"\n',
    )

    async def scenario(app, pilot):
        await settle(pilot)
        text = screen_text(app)
        assert "ctrl+f filter" in text
        assert "Calendar F6" in text
        help_rows = dict(row for _, rows in app.help_sections() for row in rows)
        assert help_rows["F6"] == "Calendar"
        await pilot.press("f6")
        await settle(pilot)
        assert app.query_one("#switcher").current == "calendar"

    run_with_config(demo_store, scenario)


def test_a_theme_picked_in_the_palette_is_kept(demo_store, tmp_path, monkeypatch):
    path = config_file(tmp_path, monkeypatch, '# mine\n[keymap]\n"inbox.spam" = "x"\n')

    async def pick(app, pilot):
        assert app.theme != "nord"
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"theme")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.5)
        await pilot.press(*"nord")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.theme == "nord"

    run_with_config(demo_store, pick)
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[:2] == ["# mine", 'theme = "nord"']
    assert '"inbox.spam" = "x"' in text

    async def restarted(app, pilot):
        assert app.theme == "nord"

    run_with_config(demo_store, restarted)


def test_a_config_mistake_is_one_line_and_the_app_starts_on_defaults(
    demo_store, tmp_path, monkeypatch
):
    config_file(tmp_path, monkeypatch, '[keymap]\n"inbox.resolve" = "z"\n"inbox.nope" = "y"\n')

    async def scenario(app, pilot):
        messages = [n.message for n in app._notifications]
        assert any(
            m.startswith("config.toml:line 3: unknown binding id 'inbox.nope'") for m in messages
        )
        first = inbox(app).items[0].id
        await pilot.press("e")  # the defaults: e resolves
        await settle(pilot)
        assert status_of(demo_store, first) == "resolved"

    run_with_config(demo_store, scenario)


def test_an_unknown_theme_is_named_with_its_line(demo_store, tmp_path, monkeypatch):
    config_file(tmp_path, monkeypatch, '# x\ntheme = "no-such-theme"\n')

    async def scenario(app, pilot):
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("config.toml:line 2: unknown theme") for m in messages)
        assert app.theme != "no-such-theme"

    run_with_config(demo_store, scenario)


def test_each_section_has_its_palette_commands(demo_store):
    from tests.tui.helpers import run

    async def scenario(app, pilot):
        assert app.query_one("#switcher").current == "inbox"
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Agenda view")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.query_one("#switcher").current == "calendar"
        assert app.query_one("#calendar").mode == "agenda"

    run(demo_store, scenario)


def test_next_brand_is_one_behaviour():
    from smmdesk.tui.section import next_brand

    ids = [3, 5]
    seen, current = [], None
    for _ in range(4):
        current = next_brand(current, ids)
        seen.append(current)
    assert seen == [3, 5, None, 3]
    assert [next_brand(c, ids, all_brands=False) for c in (None, 3, 5)] == [3, 5, 3]
    assert next_brand(None, []) is None


def test_b_walks_the_brands_the_same_way_in_every_section(demo_store):
    from smmdesk.store.brands import list_brands
    from tests.tui.helpers import run

    ids = [b.id for b in list_brands(demo_store)]

    async def scenario(app, pilot):
        for key, name in (("f1", "inbox"), ("f2", "calendar"), ("f3", "report")):
            await pilot.press(key)
            await settle(pilot)
            shown = []
            for _ in range(len(ids) + 1):
                await pilot.press("b")
                await settle(pilot)
                shown.append(app.brands_shown[name])
            assert shown == [*ids, None], name
        await pilot.press("f4")
        await settle(pilot)
        first = app.query_one("#brand").brand.id
        await pilot.press("b")
        await settle(pilot)
        assert app.brands_shown["brand"] == ids[(ids.index(first) + 1) % len(ids)]

    run(demo_store, scenario)
