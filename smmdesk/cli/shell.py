"""``smmdesk completion bash|zsh|fish``: the shell's tab completion, built from the parser.

shtab reads the same argparse parser ``main`` parses with, so every command, action and
option completes as it is defined, and a new one completes with no change here. The script
is static: nothing of smmdesk runs while the shell completes. Arguments of type ``Path``
complete file names. The script goes out through ``cli/output.emit_data`` (exact bytes in a
pipe or file, which is how it is installed; see README, Shell completion).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from smmdesk.cli.output import emit_data

SHELLS = ("bash", "zsh", "fish")


def register(subparsers: argparse._SubParsersAction) -> None:
    completion = subparsers.add_parser(
        "completion",
        help="print the tab-completion script for bash, zsh or fish (see README)",
        description="Print the shell's tab-completion script; install it with "
        "`smmdesk completion bash > ~/.local/share/bash-completion/completions/smmdesk`, "
        "`smmdesk completion zsh > ~/.zfunc/_smmdesk` or "
        "`smmdesk completion fish > ~/.config/fish/completions/smmdesk.fish`.",
    )
    completion.add_argument("shell", choices=SHELLS, help="the shell to complete for")
    completion.set_defaults(func=cmd_completion, needs_store=False)


def completion_script(shell: str) -> str:
    import shtab

    from smmdesk.cli import build_parser  # the parser main parses with; built on demand

    parser = build_parser()
    _files_for_paths(parser, shtab.FILE)
    return shtab.complete(parser, shell=shell)


def _files_for_paths(parser: argparse.ArgumentParser, files: object) -> None:
    """Every ``type=Path`` argument, at any depth, completes file names (shtab's ``complete``)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _files_for_paths(sub, files)
        elif action.type is Path:
            action.complete = files  # type: ignore[attr-defined]  # shtab's documented hook


def cmd_completion(args: argparse.Namespace) -> int:
    emit_data(completion_script(args.shell))
    return 0
