"""``smmdesk brief show|edit|export|import``: a brand's strategy as TOML (or Markdown to read).

``edit`` opens ``$EDITOR`` (or ``vi``) on the brief's TOML (the user's own text, comments
kept: ``brand.brief_text``) and saves it only when it is valid; a bad edit is refused with
its line and nothing changes; on a terminal it can be opened again, else its draft is kept.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from smmdesk.brand.brands import ensure_brand, load_brief
from smmdesk.brand.brief_text import editable_toml, save_toml
from smmdesk.brand.brief_toml import from_toml, to_markdown
from smmdesk.cli.common import pick_brand, printable, read_user_file, write_user_file
from smmdesk.cli.output import emit_data, say
from smmdesk.errors import UserError
from smmdesk.store.db import Store
from smmdesk.store.models import Brand


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "brief", help="a brand's brief (strategy, tone, targets): show, edit, export, import"
    )
    actions = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
    show = actions.add_parser("show", help="print the brief")
    show.add_argument(
        "--format", dest="fmt", choices=["toml", "md"], default="md", help="md (default) or toml"
    )
    actions.add_parser("edit", help="edit the brief as TOML in $EDITOR; saved only when valid")
    export = actions.add_parser(
        "export", help="write the brief to a TOML file (a template for a new brand)"
    )
    export.add_argument("file", type=Path, metavar="FILE", help="the TOML file to write")
    imp = actions.add_parser(
        "import", help="replace the brief with a TOML file (the brand is created if new)"
    )
    imp.add_argument("file", type=Path, metavar="FILE", help="a TOML brief")
    for sub in (show, actions.choices["edit"], export, imp):
        sub.add_argument("--brand", metavar="SLUG", help="brand (default: the only one)")
    parser.set_defaults(func=cmd_brief)


def cmd_brief(args: argparse.Namespace, store: Store) -> int:
    if args.action == "import":
        text = read_user_file(args.file, "brief")
        brief = from_toml(text, source=args.file.name)  # checked before a brand is created
        with store.transaction():
            brand = ensure_brand(store, args.brand) if args.brand else pick_brand(store, None)
            save_toml(store, brand, text, args.file.name)
        say(
            f"brief for {brand.slug}: {len(brief.audiences)} audiences, {len(brief.competitors)} competitors, "
            f"{len(brief.channels)} channels, {len(brief.goals)} goals"
        )
        return 0
    brand = pick_brand(store, args.brand)
    if args.action == "show":
        if args.fmt == "toml":
            emit_data(editable_toml(store, brand))  # exact in a file, so it imports back
        else:
            say(to_markdown(load_brief(store, brand), brand=brand.name), end="")
        return 0
    if args.action == "export":
        write_user_file(args.file, editable_toml(store, brand))
        say(f"brief of {brand.slug} written to {args.file}")
        return 0
    return _edit(store, brand)


def _edit(store: Store, brand: Brand) -> int:
    """As ``crontab -e``: a refused edit can be opened again; the draft is kept meanwhile,
    and left in its file (the error names it) when the edit is not opened again."""
    before = editable_toml(store, brand)
    folder = Path(tempfile.mkdtemp(prefix="smmdesk-brief-"))  # 0700: the user's alone
    path = folder / "brief.toml"
    keep = False
    try:
        path.write_text(before, encoding="utf-8")
        while True:
            _run_editor(path)
            after = read_user_file(path, "brief")
            if after == before:
                say("no change")
                return 0
            try:
                save_toml(store, brand, after, str(path))
            except UserError as exc:
                if _edit_again(exc):
                    continue
                keep = True
                raise UserError(f"{exc} (your edit is kept there)") from None
            say(f"brief of {brand.slug} saved")
            return 0
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def _run_editor(path: Path) -> None:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        done = subprocess.run([*shlex.split(editor), str(path)], check=False)
    except OSError as exc:
        raise UserError(f"cannot run the editor {editor!r} ({exc.strerror}), $EDITOR") from None
    if done.returncode != 0:
        raise UserError(f"the editor exited with {done.returncode}; nothing changed, $EDITOR")


def _edit_again(error: UserError) -> bool:
    """Ask, on a terminal only; anything but yes (or no terminal) keeps the draft."""
    if not sys.stdin.isatty():
        return False
    say(f"smmdesk: error: {printable(str(error))}", file=sys.stderr)
    while True:
        say("errors in the brief, edit again? (y/n) ", end="", file=sys.stderr)
        sys.stderr.flush()
        answer = sys.stdin.readline()
        if not answer or answer.strip().lower() in ("n", "no"):
            return False
        if answer.strip().lower() in ("y", "yes"):
            return True
