"""A goal's colour is a colour name or #rrggbb: escapes and other text are refused at save."""

import pytest

from smmdesk.brand.save import write_brief
from smmdesk.calendar.goals import add_goal, edit_goal, list_goals
from smmdesk.cli import main
from smmdesk.errors import UserError
from smmdesk.store.brief import BriefError, load_brief

BAD = ["\x1b[31mred", "green\x07", "[bold]x", "no such colour", "#12345", "#ggg000", "x" * 300]
GOOD = ["green", "dodger_blue1", "dark_orange", "#1e90ff", "#FFF", "Magenta", " yellow "]


@pytest.mark.parametrize("colour", BAD)
def test_bad_colours_are_refused(store, brand, colour):
    before = {g.slug: g.colour for g in list_goals(store, brand)}
    with pytest.raises(UserError, match=r"colour name .* or #rrggbb.*, colour$"):
        edit_goal(store, brand, "sales", colour=colour)
    with pytest.raises(UserError, match=r", colour$"):
        add_goal(store, brand, "new-goal", "New", colour=colour)
    assert {g.slug: g.colour for g in list_goals(store, brand)} == before


@pytest.mark.parametrize("colour", GOOD)
def test_colour_names_and_hex_are_kept(store, brand, colour):
    goal = edit_goal(store, brand, "sales", colour=colour)
    assert goal.colour == colour.strip().lower()


def test_the_brief_refuses_a_bad_colour(store, brand):
    brief = load_brief(store, brand)
    brief.goals[0].colour = "\x1b]0;pwned\x07"
    with pytest.raises(BriefError, match="colour"):
        write_brief(store, brand, brief)


def test_cli_goal_set_colour_is_one_line(tmp_path, capsys):
    db = tmp_path / "desk.db"
    assert main(["--db", str(db), "brand", "add", "Kava"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "goal", "set", "sales", "--colour", "\x1b[5mblink"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("smmdesk: error: ") and "\x1b" not in err
