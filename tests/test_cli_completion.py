"""``smmdesk completion bash|zsh|fish``: a script the shell accepts, naming every command."""

import argparse
import os
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


def in_shell(shell, program, tmp_path):
    """``program`` in a shell without the user's startup files, its home in tmp_path."""
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LC_ALL": "C.UTF-8"}
    env["XDG_CONFIG_HOME"] = env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    flag = "-f" if shell == "zsh" else "--no-config"
    done = subprocess.run(
        [shell, flag, "-c", program], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_loads_the_script_as_readme_installs_it(capsys, tmp_path):
    """In a directory of fpath as ``_smmdesk``, compinit finds it and the function loads."""
    functions = tmp_path / "zfunc"
    functions.mkdir()
    (functions / "_smmdesk").write_text(script(capsys, "zsh"))
    program = (
        f"fpath=({functions} $fpath); autoload -Uz compinit; compinit -u -d {tmp_path}/dump; "
        "print -r -- $_comps[smmdesk]; autoload +X _smmdesk"
    )
    assert in_shell("zsh", program, tmp_path).split() == ["_smmdesk"]


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_commands_options_and_choices(capsys, tmp_path):
    path = tmp_path / "smmdesk.fish"
    path.write_text(script(capsys, "fish"))

    def offered(line):
        out = in_shell("fish", f"source {path}; complete -C'{line}'", tmp_path)
        return [row.split("\t")[0] for row in out.splitlines()]

    assert offered("smmdesk completion ") == ["bash", "zsh", "fish"]
    assert offered("smmdesk inbox --li") == ["--limit"]
    assert set(offered("smmdesk ")) >= set(top_level_commands())


def test_an_unknown_shell_is_one_line(capsys):
    assert main(["completion", "powershell"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("smmdesk: error: ") and err.count("\n") == 1
