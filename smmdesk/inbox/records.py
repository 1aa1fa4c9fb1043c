"""What an importer hands to the pipeline: one comment, normalised, not yet scored."""

from dataclasses import dataclass, field
from datetime import datetime


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
