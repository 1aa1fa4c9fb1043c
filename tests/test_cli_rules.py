"""``smmdesk rule``: add, list, test, move, apply, undo, rm; a bad rule is one line."""

import json

from smmdesk.cli import main


def test_rule_commands(tmp_path, capsys):
    db = str(tmp_path / "desk.db")
    export = tmp_path / "c.csv"
    export.write_text(
        "text,author,created_at\nКоли повернете гроші?,Ann,2026-11-27 10:00\n"
        "buy at cheap-pills.com,Bot,2026-11-27 11:00\nnice,Cy,2026-11-27 12:00\n",
        encoding="utf-8",
    )
    assert main(["--db", db, "brand", "add", "Kava", "--slug", "kava"]) == 0
    add = ["--db", db, "rule", "add"]
    assert main([*add, "refunds", "--if", "keywords: поверн*", "--then", "label: refund"]) == 0
    assert main([*add, "links", "--if", "has: link", "--then", "status: spam", "--at", "1"]) == 0
    capsys.readouterr()
    assert main([*add, "evil", "--if", "regex: (a+)+$", "--then", "flag"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("smmdesk: error: regular expression") and err.count("\n") == 1
    assert main(["--db", db, "import", str(export), "--brand", "kava"]) == 0
    assert "2 changes by rules" in capsys.readouterr().out
    assert main(["--db", db, "rule", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in listed] == ["links", "refunds"]
    assert listed[1] == {"name": "refunds", "if": ["keywords: поверн*"], "then": ["label: refund"]}
    assert main(["--db", db, "rule", "test", "refunds"]) == 0
    out = capsys.readouterr().out
    assert "matches 1 open comments" in out and "Коли повернете гроші?" in out
    assert main(["--db", db, "rule", "undo", "links"]) == 0
    assert "undo spam: 1 comment" in capsys.readouterr().out
    assert main(["--db", db, "rule", "move", "refunds", "1"]) == 0
    assert capsys.readouterr().out.startswith("1. refunds")
    assert main(["--db", db, "rule", "apply"]) == 0
    assert "links matched 1; 1 change" in capsys.readouterr().out  # spam again
    assert main(["--db", db, "rule", "rm", "links"]) == 0
    assert main(["--db", db, "rule", "rm", "links"]) == 2
    assert "kava has no rule 'links'" in capsys.readouterr().err
