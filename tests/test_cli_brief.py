"""``smmdesk brief show|edit|export|import``."""

import shlex
import sys

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
    assert err.endswith("brief.toml:line 17")  # the export writes handles (2 lines) first
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
