"""What an importer hands to the pipeline: one comment, normalised, not yet scored."""

from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import UTC, datetime
from operator import attrgetter
from types import UnionType
from typing import get_args, get_origin


@dataclass
class RawComment:
    platform: str  # facebook, instagram, youtube, telegram, or the file's/--platform value
    external_id: str | None  # None when the export has none (the pipeline hashes one)
    text: str
    author: str
    created_at: datetime  # timezone-aware, converted to UTC
    author_id: str | None = None
    parent_external_id: str | None = None
    post_ref: str | None = None  # the post the comment is on, when the export says
    permalink: str | None = None
    likes: int = 0
    reply_count: int = 0
    where: str = ""  # "line 12" or "record 3", for error messages
    rating: int | None = None  # stars 1-5 of a review: 1-2 make it negative (scoring.rated)
    ours: bool = False  # the brand's own reply (a review's owner reply): stored as its handle's
    extra: dict[str, object] = field(default_factory=dict)

    def held(self) -> list[object]:
        """The record as JSON values, in field order (a sync holds pulled pages as JSON)."""
        values: list[object] = list(field_values(self))
        values[_CREATED_AT] = self.created_at.isoformat()
        return values

    @classmethod
    def from_held(cls, values: list[object]) -> "RawComment":
        """The record ``held`` gave; ValueError, TypeError or OverflowError when these are not
        its values."""
        if not isinstance(values, list) or len(values) != len(_FIELDS):
            raise ValueError("not a held record")
        fields = dict(zip(_FIELDS, values, strict=True))
        for name, value in fields.items():  # exactly: a bool is no int, an int no text
            if type(value) not in _HELD_TYPES[name]:
                raise TypeError(f"a held record's {name} is not its type")
            if type(value) is int and not -(2**63) <= value < 2**63:
                raise ValueError(f"a held record's {name} is beyond what the desk stores")
        moment = datetime.fromisoformat(str(fields["created_at"]))
        if moment.tzinfo is None:
            raise ValueError("a held record's moment has no zone")
        fields["created_at"] = moment.astimezone(UTC)  # OverflowError at the ends of time
        return cls(**fields)  # type: ignore[arg-type]


def _held_types(kind: object) -> tuple[type, ...]:
    """The JSON types a field's values are held as: a moment as text, ``X | None`` as either."""
    if kind is datetime:
        return (str,)
    origin = get_origin(kind)
    if origin is UnionType:
        return tuple(t for part in get_args(kind) for t in _held_types(part))
    return (origin or kind,)  # type: ignore[return-value]  # dict[str, object] -> dict


_FIELDS = tuple(f.name for f in dataclass_fields(RawComment))
_CREATED_AT = _FIELDS.index("created_at")
# A record's values in field order, read in C (``RawComment(*values)`` makes it again): how
# records cross to the importer's pool workers (a dataclass pickles as a dict of its fields:
# twice the time, both ways), and into a sync's held pages.
field_values = attrgetter(*_FIELDS)
_HELD_TYPES = {f.name: _held_types(f.type) for f in dataclass_fields(RawComment)}
