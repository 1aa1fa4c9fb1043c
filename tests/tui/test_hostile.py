"""Every hostile text renders literally (or neutralised) in the queue, the detail pane,
the reply editor and toasts, without acting or breaking the layout."""

import csv

from smmdesk.inbox.importer import import_file
from smmdesk.store.brands import get_brand
from tests.hostile import HOSTILE
from tests.tui.helpers import inbox, run, settle

FORBIDDEN = {"\x1b", "\x07", "\x08", "\x9b", "\x9d", "\u202e", "\u2066", "\u200f"}


def load_hostile(store, tmp_path):
    path = tmp_path / "hostile.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "author", "created_at", "text"])
        for n, text in enumerate(HOSTILE):
            writer.writerow(
                [f"x{n}", f"Mallory {text[:30]}", "2026-11-28T08:30:00Z", f"Awful!! {text}"]
            )
    return import_file(store, path, get_brand(store, "kava-lab"))


def screen_lines(app):
    return app.screen._compositor.render_strips()


def assert_clean(app):
    strips = screen_lines(app)
    assert app.is_running
    assert len(strips) == app.size.height  # no line added or lost
    for strip in strips:
        assert strip.cell_length == app.size.width  # no line longer or shorter
        assert not FORBIDDEN & set(strip.text), repr(strip.text)


def test_hostile_texts_in_queue_detail_reply_and_toasts(demo_store, tmp_path):
    assert load_hostile(demo_store, tmp_path).new == len(HOSTILE)

    async def scenario(app, pilot):
        view = inbox(app)
        await pilot.press("slash", *"mallory", "enter")
        await settle(pilot)
        assert len(view.items) == len(HOSTILE)
        for _ in view.items:
            assert_clean(app)
            await pilot.press("j")
            await settle(pilot)
        await pilot.press("g", "r")  # the reply editor quotes the text
        await settle(pilot)
        assert_clean(app)
        await pilot.press("escape")
        for _ in range(3):  # toasts name what was done
            await pilot.press("e")
            await settle(pilot)
            assert_clean(app)

    run(demo_store, scenario)


def test_markup_shows_literally_in_the_detail(demo_store, tmp_path):
    load_hostile(demo_store, tmp_path)

    async def scenario(app, pilot):
        view = inbox(app)
        await pilot.press("slash", *"mallory", "enter")
        await settle(pilot)
        for index, item in enumerate(view.items):
            if item.text.endswith("[@click=app.quit]quit[/]"):
                view.table.move_cursor(row=index)
        await settle(pilot)
        text = "\n".join(s.text for s in screen_lines(app))
        assert "Awful!! [@click=app.quit]quit[/]" in text
        assert "\\x1b" in text or "[link=" in text

    run(demo_store, scenario)
