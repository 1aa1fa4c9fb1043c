"""``smmdesk brief show|edit|export|import``."""

import io
import re
import shlex
import sys
import tempfile
from pathlib import Path

import pytest

from smmdesk.brand.brief_toml import from_toml
from smmdesk.cli import main
from smmdesk.store import open_store
from smmdesk.store.brands import get_brand
from smmdesk.store.brief import load_brief

TEMPLATE = """value_proposition = "Fresh coffee in two days"

[policy]
tone = "formal"
never_words = ["cheap"]
sign_off = "— Kava team"

[policy.response_targets]
negative = 20

[[audiences]]
name = "Office managers"
needs = "steady supply"

[[channels]]
name = "Instagram"
platform = "instagram"

[[goals]]
slug = "sales"
name = "Sales"
target_share = 0.5

[[goals]]
slug = "questions"
name = "Answering questions"
target_share = 0.5
"""


@pytest.fixture(autouse=True)
def _drafts_in_tmp_path(tmp_path, monkeypatch):
    """A kept draft goes to the test's own directory, not the machine's temp dir."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def editor(tmp_path, monkeypatch, code):
    """$EDITOR is a small script that rewrites the file it is given."""
    script = tmp_path / "edit.py"
    script.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\nt = p.read_text()\n"
        + code
        + "\np.write_text(t)\n"
    )
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")
    monkeypatch.delenv("VISUAL", raising=False)


def brief_of(db, slug="kava"):
    with open_store(db) as store:
        return load_brief(store, get_brand(store, slug))


def test_import_creates_the_brand_and_show_prints_it(tmp_path, capsys):
    db = str(tmp_path / "desk.db")
    (tmp_path / "t.toml").write_text(TEMPLATE)
    assert main(["--db", db, "brief", "import", str(tmp_path / "t.toml"), "--brand", "kava"]) == 0
    assert "1 audiences, 0 competitors, 1 channels, 2 goals" in capsys.readouterr().out
    assert main(["--db", db, "brief", "show"]) == 0
    out = capsys.readouterr().out
    assert (
        "Fresh coffee in two days" in out
        and "- Tone: formal" in out
        and "| sales | Sales | organic | 50% |" in out
    )
    assert main(["--db", db, "brief", "export", str(tmp_path / "out.toml")]) == 0
    capsys.readouterr()
    assert main(["--db", db, "brief", "import", str(tmp_path / "out.toml"), "--brand", "nova"]) == 0
    assert brief_of(db, "nova") == brief_of(db, "kava")


def test_bad_import_changes_nothing_and_creates_no_brand(tmp_path, capsys):
    db = str(tmp_path / "desk.db")
    (tmp_path / "bad.toml").write_text(TEMPLATE.replace('tone = "formal"', 'tone = "rude"'))
    assert main(["--db", db, "brief", "import", str(tmp_path / "bad.toml"), "--brand", "kava"]) == 2
    err = capsys.readouterr().err
    assert (
        err.startswith("smmdesk: error: tone must be formal, friendly or playful")
        and "bad.toml:line 4" in err
    )
    with open_store(db) as store:
        assert store.conn.execute("SELECT count(*) FROM brands").fetchone()[0] == 0


def test_edit_saves_a_valid_change(tmp_path, monkeypatch, capsys):
    db = str(tmp_path / "desk.db")
    (tmp_path / "t.toml").write_text(TEMPLATE)
    assert main(["--db", db, "brief", "import", str(tmp_path / "t.toml"), "--brand", "kava"]) == 0
    editor(tmp_path, monkeypatch, "t = t.replace('tone = \"formal\"', 'tone = \"playful\"')")
    assert main(["--db", db, "brief", "edit"]) == 0
    assert "brief of kava saved" in capsys.readouterr().out
    assert brief_of(db).tone == "playful"


def test_bad_edit_is_refused_with_its_line_and_nothing_changes(tmp_path, monkeypatch, capsys):
    db = str(tmp_path / "desk.db")
    (tmp_path / "t.toml").write_text(TEMPLATE)
    assert main(["--db", db, "brief", "import", str(tmp_path / "t.toml"), "--brand", "kava"]) == 0
    before = brief_of(db)
    capsys.readouterr()
    editor(tmp_path, monkeypatch, "t = t.replace('negative = 20', 'negative = \"soon\"')")
    assert main(["--db", db, "brief", "edit"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("smmdesk: error: response target for negative must be whole minutes")
    # The imported text, with the handles it left out (2 lines): the draft's own line.
    assert err.endswith("brief.toml:line 13 (your edit is kept there)")
    editor(tmp_path, monkeypatch, "t = t + '\\n[policy\\n'")
    assert main(["--db", db, "brief", "edit"]) == 2
    assert "brief.toml:line" in capsys.readouterr().err
    assert brief_of(db) == before


def test_unchanged_edit_says_so(tmp_path, monkeypatch, capsys):
    db = str(tmp_path / "desk.db")
    (tmp_path / "t.toml").write_text(TEMPLATE)
    assert main(["--db", db, "brief", "import", str(tmp_path / "t.toml"), "--brand", "kava"]) == 0
    editor(tmp_path, monkeypatch, "")
    assert main(["--db", db, "brief", "edit"]) == 0
    assert "no change" in capsys.readouterr().out


def test_handles_in_the_brief_mark_our_replies(tmp_path, monkeypatch, capsys):
    from tests.inbox.test_ours import youtube_thread_file

    db = str(tmp_path / "desk.db")
    export = youtube_thread_file(tmp_path / "yt.json", our_name="@KavaLab")
    assert main(["--db", db, "import", str(export), "--brand", "kava"]) == 0
    (tmp_path / "t.toml").write_text('handles = ["kavalab", "Kava Lab UA"]\n' + TEMPLATE)
    assert main(["--db", db, "brief", "import", str(tmp_path / "t.toml"), "--brand", "kava"]) == 0
    assert brief_of(db).handles == ["kavalab", "Kava Lab UA"]
    with open_store(db) as store:
        assert get_brand(store, "kava").handles == ("kavalab", "Kava Lab UA")
        thread = {r["external_id"]: r for r in store.conn.execute("SELECT * FROM comments")}
    assert thread["t1.a"]["is_ours"] == 1 and thread["t1.a"]["status"] == "resolved"
    assert thread["t1"]["has_our_reply"] == 1
    capsys.readouterr()
    assert main(["--db", db, "brief", "show"]) == 0
    assert "Our handles: kavalab, Kava Lab UA" in capsys.readouterr().out
    assert main(["--db", db, "brief", "export", str(tmp_path / "out.toml")]) == 0
    assert 'handles = ["kavalab", "Kava Lab UA"]' in (tmp_path / "out.toml").read_text()

    # A brief without the key keeps the handles; an edit that empties them un-marks the reply.
    (tmp_path / "t.toml").write_text(TEMPLATE)
    assert main(["--db", db, "brief", "import", str(tmp_path / "t.toml"), "--brand", "kava"]) == 0
    assert brief_of(db).handles == ["kavalab", "Kava Lab UA"]
    editor(
        tmp_path,
        monkeypatch,
        "t = t.replace('handles = [\"kavalab\", \"Kava Lab UA\"]', 'handles = []')",
    )
    assert main(["--db", db, "brief", "edit"]) == 0
    with open_store(db) as store:
        assert get_brand(store, "kava").handles == ()
        row = store.conn.execute(
            "SELECT is_ours, status FROM comments WHERE external_id = 't1.a'"
        ).fetchone()
    assert tuple(row) == (0, "open")


def test_a_bad_handle_in_the_brief_names_its_line(tmp_path, capsys):
    db = str(tmp_path / "desk.db")
    (tmp_path / "t.toml").write_text(
        TEMPLATE.replace("[policy]", 'handles = ["ok", "a,b"]\n\n[policy]')
    )
    assert main(["--db", db, "brief", "import", str(tmp_path / "t.toml"), "--brand", "kava"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("smmdesk: error: a handle cannot hold a comma") and err.strip().endswith(
        "t.toml:line 3"
    )
    long_one = 'handles = ["' + "x" * 101 + '"]\n\n[policy]'
    (tmp_path / "t.toml").write_text(TEMPLATE.replace("[policy]", long_one))
    assert main(["--db", db, "brief", "import", str(tmp_path / "t.toml"), "--brand", "kava"]) == 2
    assert capsys.readouterr().err.strip().endswith("characters, t.toml:line 3")


COMMENTED = TEMPLATE.replace(
    "[policy]\n", "handles = []\n\n# Policy agreed with Olena, 2026-02\n[policy]  # the voice\n"
).replace('tone = "formal"', 'tone = "formal"  # board members read us') + (
    "\n# Who buys: offices first\n"
)


def imported(tmp_path, capsys, text=COMMENTED):
    db = str(tmp_path / "desk.db")
    (tmp_path / "t.toml").write_text(text)
    assert main(["--db", db, "brief", "import", str(tmp_path / "t.toml"), "--brand", "kava"]) == 0
    capsys.readouterr()
    return db


def shown_toml(db, capsys):
    capsys.readouterr()
    assert main(["--db", db, "brief", "show", "--format", "toml"]) == 0
    return capsys.readouterr().out


def test_a_comment_survives_two_edits(tmp_path, monkeypatch, capsys):
    db = imported(tmp_path, capsys)
    assert shown_toml(db, capsys) == COMMENTED  # the imported text, as it was written
    seen = tmp_path / "seen.toml"
    editor(tmp_path, monkeypatch, f"open({str(seen)!r}, 'w').write(t)\n"
           "t = t.replace('negative = 20', 'negative = 25')")  # fmt: skip
    assert main(["--db", db, "brief", "edit"]) == 0
    assert seen.read_text() == COMMENTED
    editor(tmp_path, monkeypatch, f"open({str(seen)!r}, 'w').write(t)\n"
           "t = t.replace('sign_off = \"— Kava team\"', 'sign_off = \"Kava\"')")  # fmt: skip
    assert main(["--db", db, "brief", "edit"]) == 0
    second = COMMENTED.replace("negative = 20", "negative = 25")
    assert seen.read_text() == second
    assert shown_toml(db, capsys) == second.replace("— Kava team", "Kava")
    assert brief_of(db).response_targets == {"negative": 25} and brief_of(db).sign_off == "Kava"


def test_a_save_from_the_brand_section_keeps_the_comments_of_other_fields(tmp_path, capsys):
    """The Brand section saves values (brand.save.save_brief); the next edit opens the brief
    written afresh with the kept comments above their lines, and the lines whose value did
    not change as the user wrote them (a comment at the end of a changed line goes)."""
    from dataclasses import replace

    from smmdesk.brand.save import save_brief
    from smmdesk.store.brief import Audience

    db = imported(tmp_path, capsys)
    with open_store(db) as store:
        brand = get_brand(store, "kava")
        brief = load_brief(store, brand)
        save_brief(store, brand, replace(brief, sign_off="Kava", audiences=[
            *brief.audiences, Audience("Cafes", needs="beans by the sack")]))  # fmt: skip
    text = shown_toml(db, capsys)
    assert "# Policy agreed with Olena, 2026-02\n[policy]  # the voice\n" in text
    assert 'tone = "formal"  # board members read us\n' in text
    assert 'sign_off = "Kava"\n' in text and text.endswith("\n# Who buys: offices first\n")
    assert '[[audiences]]\nname = "Cafes"\n' in text
    with open_store(db) as store:  # and it reads as the brief now stored
        assert from_toml(text) == load_brief(store, get_brand(store, "kava"))

    with open_store(db) as store:  # the tone changed: its line is new, its comment above stays
        brand = get_brand(store, "kava")
        save_brief(store, brand, replace(load_brief(store, brand), tone="playful"))
    text = shown_toml(db, capsys)
    assert '[policy]  # the voice\ntone = "playful"\n' in text and "board members" not in text


def test_a_text_the_merge_cannot_place_gives_the_fresh_brief(tmp_path, capsys):
    from dataclasses import replace

    from smmdesk.brand.brief_toml import to_toml
    from smmdesk.brand.save import save_brief

    multi = COMMENTED.replace('never_words = ["cheap"]', 'never_words = [\n  "cheap",\n]')
    db = imported(tmp_path, capsys, multi)
    assert shown_toml(db, capsys) == multi  # unchanged since: opened as written
    with open_store(db) as store:
        brand = get_brand(store, "kava")
        save_brief(store, brand, replace(load_brief(store, brand), sign_off="Kava"))
        fresh = to_toml(load_brief(store, brand), brand="kava")
    assert shown_toml(db, capsys) == fresh  # the comments lost, never a wrong brief


def test_a_refused_edit_without_a_terminal_is_kept_in_its_file(tmp_path, monkeypatch, capsys):
    db = imported(tmp_path, capsys)
    before = brief_of(db)
    editor(tmp_path, monkeypatch, "t = t.replace('tone = \"formal\"', 'tone = \"rude\"')")
    assert main(["--db", db, "brief", "edit"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("smmdesk: error: tone must be formal")
    draft = Path(re.search(r", (/\S+brief\.toml):line 7 ", err)[1])
    assert draft.read_text() == COMMENTED.replace('"formal"', '"rude"')
    assert brief_of(db) == before
    draft.write_text(draft.read_text().replace('"rude"', '"playful"'))  # fixed, then imported
    assert main(["--db", db, "brief", "import", str(draft)]) == 0
    assert brief_of(db).tone == "playful" and "board members" in shown_toml(db, capsys)


class Terminal(io.StringIO):
    """stdin as a terminal where the user types ``answers``."""

    def isatty(self):
        return True


def test_a_refused_edit_on_a_terminal_opens_again(tmp_path, monkeypatch, capsys):
    db = imported(tmp_path, capsys)
    rounds = tmp_path / "rounds"
    editor(tmp_path, monkeypatch, f"""
import pathlib
r = pathlib.Path({str(rounds)!r}); r.write_text(r.read_text() + 'x' if r.exists() else 'x')
if len(r.read_text()) == 1:
    t = t.replace('tone = "formal"', 'tone = "rude"')
else:
    assert 'tone = "rude"' in t  # the draft as it was left
    t = t.replace('tone = "rude"', 'tone = "playful"')
""")  # fmt: skip
    monkeypatch.setattr(sys, "stdin", Terminal("maybe\ny\n"))
    assert main(["--db", db, "brief", "edit"]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith("smmdesk: error: tone must be formal")
    assert captured.err.count("edit again? (y/n) ") == 2  # "maybe" is asked again
    assert "brief of kava saved" in captured.out and rounds.read_text() == "xx"
    assert brief_of(db).tone == "playful"
    assert not list(tmp_path.glob("smmdesk-brief-*"))  # saved: no draft left

    editor(tmp_path, monkeypatch, "t = t.replace('tone = \"playful\"', 'tone = \"rude\"')")
    monkeypatch.setattr(sys, "stdin", Terminal("n\n"))
    assert main(["--db", db, "brief", "edit"]) == 2
    assert "(your edit is kept there)" in capsys.readouterr().err
    (draft,) = tmp_path.glob("smmdesk-brief-*/brief.toml")
    assert 'tone = "rude"' in draft.read_text() and brief_of(db).tone == "playful"
