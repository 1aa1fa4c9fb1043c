"""At 80x24 every dialog still shows its error and its keys (the body scrolls, they stay)."""

import pytest

from tests.tui.helpers import run, screen_text, settle

SMALL = (80, 24)

# (keys and (selector, value) steps, what the error says, what the hint says)
DIALOGS = {
    "reply editor": (
        ["r", "tab", "tab", ("#draft", "Our cheap plan"), "ctrl+s"],
        "never-use words: cheap",
        "ctrl+s again to save anyway",
    ),
    "post form": (
        ["f2", "n", ("#pf-title", "Launch"), "ctrl+s"],
        "pick a goal",
        "ctrl+s save · Esc cancel",
    ),
    "filter": (
        ["f", ("#f-since", "someday"), "ctrl+s"],
        "cannot read date 'someday'",
        "ctrl+s or Enter apply · Esc cancel",
    ),
    "snooze": (
        ["s", ("#prompt-input", "someday"), "enter"],
        "not a time I understand",
        "30m, 3h, 2d",
    ),
    "assign": (["A"], "Assign to", "Assign to"),
    "label": (["l", "enter"], "type labels to add", "known labels:"),
    "confirm": (["f2", "d"], "Delete", "y: yes n / Esc: no"),
    "import": (["i", "enter"], "type a file path", "Enter to import · Esc to close"),
    "word list": (
        ["W", ("#word-input", "oops"), "enter"],
        "valence from -4 to 4",
        "Enter add or change · d remove · Esc close",
    ),
    "policy form": (
        ["f4", "p", ("#policy-targets", "30, soon"), "ctrl+s"],
        "band=minutes",
        "ctrl+s save · Esc cancel · Tab next field",
    ),
    "brief prompt": (["f4", "a", "enter"], "needs a name first", "Add audience"),
    "rule form": (
        ["f4", "r", "a", ("#rule-name", "links"), ("#rule-if", "regex: (a+)+$"), "ctrl+s"],
        "can take seconds on one comment",
        "ctrl+s save · Esc cancel",
    ),
    "go to date": (
        ["f2", "g", ("#prompt-input", "zz"), "enter"],
        "not a time I understand",
        "a date, a weekday, today",
    ),
}


@pytest.mark.parametrize("name", list(DIALOGS))
def test_every_dialog_shows_its_error_and_its_keys_at_80x24(demo_store, name):
    steps, error, hint = DIALOGS[name]

    async def scenario(app, pilot):
        await settle(pilot)
        for step in steps:
            if isinstance(step, tuple):
                selector, value = step
                widget = app.screen.query_one(selector)
                if hasattr(widget, "document"):
                    widget.text = value
                else:
                    widget.value = value
            else:
                await pilot.press(step)
            await settle(pilot)
        text = " ".join(screen_text(app).split())  # wrapped lines read as one
        assert error in text and hint in text, text

    run(demo_store, scenario, size=SMALL)


def test_the_queue_fits_80_columns_and_shows_the_comment(demo_store):
    from smmdesk.textsafe import one_line
    from tests.tui.helpers import inbox

    async def scenario(app, pilot):
        await settle(pilot)
        table = inbox(app).table
        assert table.virtual_size.width <= table.size.width  # nothing scrolls sideways
        first = inbox(app).items[0]
        assert one_line(first.text)[:18] in screen_text(app)

    run(demo_store, scenario, size=SMALL)
