"""`smmdesk templates` with languages: add --language (ISO 639-1), list shows it."""

import hashlib

from smmdesk.cli import main


def run_cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_templates_carry_a_language(capsys, tmp_path):
    db = str(tmp_path / "desk.db")
    text = "{ти:Привіт|ви:Вітаємо}, {first_name}!"
    code, out, _ = run_cli(
        capsys, "--db", db, "templates", "add", "Вітання", text, "--language", "UK"
    )
    assert code == 0 and out == "saved reply 'Вітання' stored\n"
    run_cli(capsys, "--db", db, "templates", "add", "Any", "Hi {first_name}!")
    code, out, _ = run_cli(capsys, "--db", db, "templates", "list")
    assert out.splitlines() == ["Any: Hi {first_name}!", f"Вітання [uk]: {text}"]
    # Added again without a language: replaced, for any language now.
    run_cli(capsys, "--db", db, "templates", "add", "Вітання", "Привіт!")
    _, out, _ = run_cli(capsys, "--db", db, "templates", "list")
    assert "Вітання: Привіт!" in out.splitlines()


def test_a_bad_language_or_form_is_one_line_and_changes_nothing(capsys, tmp_path):
    db = tmp_path / "desk.db"
    run_cli(capsys, "--db", str(db), "templates", "add", "Any", "Hi!")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for extra in (["x", "Hi", "--language", "ukr"], ["x", "{ти:Привіт} там"], ["x", " "]):
        code, out, err = run_cli(capsys, "--db", str(db), "templates", "add", *extra)
        assert code == 2 and out == ""
        assert err.startswith("smmdesk: error: ") and err.count("\n") == 1
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
