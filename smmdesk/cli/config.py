"""``smmdesk config path|show|edit``: the user's config.toml (``smmdesk/config.py``).

``edit`` opens ``$VISUAL``/``$EDITOR`` (or ``vi``) on the file, creating a commented
template first when there is none; a mistake in what was saved is one line, like any.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from smmdesk.cli.common import editor_command, printable
from smmdesk.cli.output import say
from smmdesk.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    config = subparsers.add_parser(
        "config", help="the settings file: keymap, theme, targets, sync, publish"
    )
    actions = config.add_subparsers(dest="config_action", metavar="ACTION", required=True)
    actions.add_parser("path", help="where config.toml is ($SMMDESK_CONFIG overrides it)")
    actions.add_parser("show", help="the settings in effect, checked")
    actions.add_parser("edit", help="open config.toml in $EDITOR (a commented template if new)")
    config.set_defaults(func=cmd_config, needs_store=False)


def binding_ids() -> set[str]:
    """The app's binding ids, for checking [keymap] (through the one bridge to the TUI)."""
    from smmdesk.cli.desk import binding_ids as ids

    return ids()


def cmd_config(args: argparse.Namespace) -> int:
    from smmdesk.config import config_path, ensure_template, load

    path = config_path()
    if args.config_action == "path":
        say(printable(str(path)))
        return 0
    if args.config_action == "edit":
        ensure_template(path)
        words, editor = editor_command()
        try:
            done = subprocess.run([*words, str(path)], check=False)
        except OSError as exc:
            raise UserError(f"cannot run the editor {editor!r} ({exc.strerror}), $EDITOR") from None
        if done.returncode:
            raise UserError(f"the editor exited with {done.returncode}, $EDITOR")
    config = load(path, binding_ids=binding_ids())
    say(printable(f"# {path}" + ("" if path.exists() else " (none: the defaults)")))
    say(printable(f"theme = {config.theme!r}" if config.theme else "theme = (the default)"))
    for title, values in (("keymap", config.keymap), ("targets", config.targets)):
        say(f"[{title}]")
        for name, value in values.items():
            say(printable(f"{name} = {value!r}"))
    say("[calendar]")
    if config.min_gap_minutes is not None:
        say(f"min_gap_minutes = {config.min_gap_minutes}")
    say("[sync]")
    if config.sync_every_minutes is not None:
        say(f"every_minutes = {config.sync_every_minutes}")
    say(f"hide_spam = {'true' if config.hide_spam else 'false'}")
    say("[publish]")
    if config.publish_grace_minutes is not None:
        say(f"grace_minutes = {config.publish_grace_minutes}")
    return 0


def load_for_command(binding_ids_needed: bool = False):
    """The config for a command or the app: a mistake is one line on stderr, then the defaults."""
    from smmdesk.config import load_or_defaults

    config, error = load_or_defaults(binding_ids=binding_ids() if binding_ids_needed else None)
    if error:
        say(f"smmdesk: warning: {printable(error)} (using the defaults)", file=sys.stderr)
    return config, error
