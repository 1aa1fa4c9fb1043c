"""``smmdesk completion bash|zsh|fish``: a script the shell accepts, naming every command."""

import argparse
import shutil
import subprocess

import pytest

from smmdesk.cli import build_parser, main


def top_level_commands():
    parser = build_parser()
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


def script(capsys, shell):
    assert main(["completion", shell]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def test_bash_script_names_every_command_and_parses(capsys, tmp_path):
    text = script(capsys, "bash")
    commands = top_level_commands()
    assert {"inbox", "post", "serve", "completion"} <= set(commands)
    listed = next(
        line for line in text.splitlines() if line.startswith("_shtab_smmdesk_subparsers=")
    )
    assert set(listed.split("(", 1)[1].rstrip(")").split()) == set(commands)
    path = tmp_path / "smmdesk.bash"
    path.write_text(text)
    checked = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def complete_in_bash(path, *words):
    """What bash offers after ``words`` (the last one being typed), with the script sourced."""
    line = " ".join(words)
    program = (
        f"source {path}; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; "
        '_shtab_smmdesk; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_bash_completes_commands_options_and_choices(capsys, tmp_path):
    path = tmp_path / "smmdesk.bash"
    path.write_text(script(capsys, "bash"))
    assert complete_in_bash(path, "smmdesk", "compl") == ["completion"]
    assert complete_in_bash(path, "smmdesk", "completion", "''") == ["bash", "zsh", "fish"]
    assert complete_in_bash(path, "smmdesk", "inbox", "--li") == ["--limit"]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_scripts_parse(capsys, tmp_path, shell):
    text = script(capsys, shell)
    for command in top_level_commands():
        assert command in text
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    path = tmp_path / f"smmdesk.{shell}"
    path.write_text(text)
    checked = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_an_unknown_shell_is_one_line(capsys):
    assert main(["completion", "powershell"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("smmdesk: error: ") and err.count("\n") == 1
