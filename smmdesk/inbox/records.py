"""What an importer hands to the pipeline: one comment, normalised, not yet scored."""

from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import datetime
from operator import attrgetter


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
        """The record ``held`` gave; ValueError or TypeError when these are not its values."""
        if not isinstance(values, list) or len(values) != len(_FIELDS):
            raise ValueError("not a held record")
        fields = dict(zip(_FIELDS, values, strict=True))
        fields["created_at"] = datetime.fromisoformat(str(fields["created_at"]))
        return cls(**fields)  # type: ignore[arg-type]


_FIELDS = tuple(f.name for f in dataclass_fields(RawComment))
_CREATED_AT = _FIELDS.index("created_at")
# A record's values in field order, read in C (``RawComment(*values)`` makes it again): how
# records cross to the importer's pool workers (a dataclass pickles as a dict of its fields:
# twice the time, both ways), and into a sync's held pages.
field_values = attrgetter(*_FIELDS)
