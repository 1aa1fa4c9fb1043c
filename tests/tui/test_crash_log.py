"""When the app crashes: exit 1, a crash log in the user state directory, one line naming it."""

import re
import shutil

from smmdesk import cli
from smmdesk.tui.app import SmmdeskApp


def test_a_crash_in_the_app_exits_1_with_a_crash_log_and_one_line(
    demo_template, tmp_path, monkeypatch, capsys
):
    db = tmp_path / "desk.db"
    shutil.copy(demo_template, db)
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("SMMDESK_SOME_TOKEN", "tok-do-not-log-1234")

    def boom(self):
        secret_local = "local-do-not-log-5678"  # Textual's own report shows locals; ours must not
        raise RuntimeError(f"forced crash ({len(secret_local)})")

    async def press_help(pilot):
        await pilot.pause()
        await pilot.press("question_mark")

    real_run = SmmdeskApp.run
    monkeypatch.setattr(SmmdeskApp, "action_help", boom)
    monkeypatch.setattr(
        SmmdeskApp,
        "run",
        lambda self, **kw: real_run(self, headless=True, size=(120, 36), auto_pilot=press_help),
    )

    assert cli.main(["--db", str(db)]) == 1

    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    match = re.fullmatch(r"smmdesk: the app crashed; details in (.+)", lines[0])
    assert match, lines[0]
    logs = list((state / "smmdesk").glob("crash-*.log"))
    assert [str(p) for p in logs] == [match.group(1)]
    assert re.fullmatch(r"crash-\d{8}-\d{6}\.log", logs[0].name)
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: forced crash (21)" in text and "in boom" in text
    assert "tok-do-not-log-1234" not in text and "SMMDESK_SOME_TOKEN" not in text
    assert "local-do-not-log-5678" not in text
    assert "local-do-not-log-5678" not in out + err
    assert logs[0].stat().st_mode & 0o077 == 0  # private: tracebacks can quote user text
