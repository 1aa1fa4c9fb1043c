"""``smmdesk brief show|edit|export|import``: a brand's strategy as TOML (or Markdown to read).

``edit`` opens ``$EDITOR`` (or ``vi``) on the TOML rendering and saves it only
when it is valid; a bad edit is refused with its line and nothing changes.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from smmdesk.brand.brands import ensure_brand, load_brief
from smmdesk.brand.brief_toml import from_toml, line_of, to_markdown, to_toml
from smmdesk.brand.save import save_brief
from smmdesk.cli.common import pick_brand, read_user_file, write_user_file
from smmdesk.cli.output import emit_data, say
from smmdesk.errors import UserError
from smmdesk.store.db import Store
from smmdesk.store.models import Brand, Brief, BriefError


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


def apply_toml(store: Store, brand: Brand, text: str, source: str) -> Brief:
    """Parse, validate and save in one go; a refusal names ``source:line N``."""
    brief = from_toml(text, source=source)
    try:
        return save_brief(store, brand, brief)
    except BriefError as exc:
        raise UserError(f"{exc.what}, {source}:line {line_of(text, exc.path)}") from None


def cmd_brief(args: argparse.Namespace, store: Store) -> int:
    if args.action == "import":
        text = read_user_file(args.file, "brief")
        brief = from_toml(text, source=args.file.name)  # checked before a brand is created
        with store.transaction():
            brand = ensure_brand(store, args.brand) if args.brand else pick_brand(store, None)
            apply_toml(store, brand, text, args.file.name)
        say(
            f"brief for {brand.slug}: {len(brief.audiences)} audiences, {len(brief.competitors)} competitors, "
            f"{len(brief.channels)} channels, {len(brief.goals)} goals"
        )
        return 0
    brand = pick_brand(store, args.brand)
    brief = load_brief(store, brand)
    if args.action == "show":
        if args.fmt == "toml":
            emit_data(to_toml(brief, brand=brand.slug))  # exact in a file, so it imports back
        else:
            say(to_markdown(brief, brand=brand.name), end="")
        return 0
    if args.action == "export":
        write_user_file(args.file, to_toml(brief, brand=brand.slug))
        say(f"brief of {brand.slug} written to {args.file}")
        return 0
    return _edit(store, brand, brief)


def _edit(store: Store, brand: Brand, brief: Brief) -> int:
    before = to_toml(brief, brand=brand.slug)
    with tempfile.TemporaryDirectory(prefix="smmdesk-brief-") as folder:
        path = Path(folder) / "brief.toml"
        path.write_text(before, encoding="utf-8")
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        try:
            done = subprocess.run([*shlex.split(editor), str(path)], check=False)
        except OSError as exc:
            raise UserError(f"cannot run the editor {editor!r} ({exc.strerror}), $EDITOR") from None
        if done.returncode != 0:
            raise UserError(f"the editor exited with {done.returncode}; nothing changed, $EDITOR")
        after = read_user_file(path, "brief")
    if after == before:
        say("no change")
        return 0
    apply_toml(store, brand, after, "brief.toml")
    say(f"brief of {brand.slug} saved")
    return 0
