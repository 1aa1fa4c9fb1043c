"""Named column mappings (`smmdesk preset`, `import --preset`): a `--map` kept by name."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from smmdesk.errors import UserError
from smmdesk.inbox.formats import Mapping, parse_mapping
from smmdesk.store import presets as q
from smmdesk.store.db import Store
from smmdesk.textsafe import visible
from smmdesk.timeutil import to_iso, utc_now

MAX_NAME = 60


@dataclass(frozen=True)
class Preset:
    name: str
    mapping: Mapping
    created_at: str

    def spec(self) -> str:
        """The mapping as `--map` takes it (the field names of MAP_FIELDS)."""
        return ",".join(f"{_map_name(field)}={header}" for field, header in self.mapping)


def _map_name(field: str) -> str:
    from smmdesk.inbox.formats.generic import MAP_FIELDS

    return next(name for name, target in MAP_FIELDS.items() if target == field)


def _name(name: str) -> str:
    clean = name.strip()
    if not clean or len(clean) > MAX_NAME or visible(clean) != clean:
        raise UserError(f"a preset name is 1 to {MAX_NAME} printable characters", where="NAME")
    return clean


def _from_row(row: sqlite3.Row) -> Preset:
    pairs = json.loads(row["mapping"])
    return Preset(row["name"], tuple((str(f), str(h)) for f, h in pairs), row["created_at"])


def add_preset(store: Store, name: str, spec: str) -> Preset:
    """Keep ``spec`` (a `--map`) as ``name``; a taken name or a bad mapping is a UserError."""
    name = _name(name)
    mapping = parse_mapping(spec)
    created_at = to_iso(utc_now())
    try:
        with store.transaction():
            q.insert_preset(store, name, json.dumps([list(pair) for pair in mapping]), created_at)
    except sqlite3.IntegrityError:
        raise UserError(f"preset {name!r} exists (remove it first)", where="NAME") from None
    return Preset(name, mapping, created_at)


def list_presets(store: Store) -> list[Preset]:
    return [_from_row(row) for row in q.list_presets(store)]


def preset_mapping(store: Store, name: str) -> Mapping:
    row = q.find_preset(store, name.strip())
    if row is None:
        raise UserError(f"no preset {name.strip()!r} (see `smmdesk preset list`)", where="--preset")
    return _from_row(row).mapping


def remove_preset(store: Store, name: str) -> None:
    with store.transaction():
        removed = q.delete_preset(store, name.strip())
    if not removed:
        raise UserError(f"no preset {name.strip()!r}", where="NAME")
