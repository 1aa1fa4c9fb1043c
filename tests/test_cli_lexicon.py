from smmdesk.cli import main


def test_lexicon_commands(tmp_path, capsys):
    db = str(tmp_path / "desk.db")
    export = tmp_path / "c.csv"
    export.write_text(
        "text,author,created_at\nWhere is my refund?,Ann,2026-11-27 10:00\n"
        "Жахлива якість,Bob,2026-11-27 11:00\n",
        encoding="utf-8",
    )
    assert main(["--db", db, "import", str(export), "--brand", "kava"]) == 0
    assert main(["--db", db, "lexicon", "add", "refund", "-2.5"]) == 0
    assert "2 open comments rescored, 1 changed tone" in capsys.readouterr().out
    assert main(["--db", db, "lexicon", "list"]) == 0
    assert "-2.5  refund" in capsys.readouterr().out
    assert main(["--db", db, "inbox", "--language", "uk"]) == 0
    out = capsys.readouterr().out
    assert "Жахлива якість" in out and "refund" not in out
    assert main(["--db", db, "lexicon", "add", "refund", "9"]) == 2
    assert "smmdesk: error: valence must be from -4 to 4" in capsys.readouterr().err
    assert main(["--db", db, "lexicon", "rm", "refund"]) == 0
    assert main(["--db", db, "lexicon", "rm", "refund"]) == 2
