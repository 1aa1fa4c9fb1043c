from datetime import timedelta

from smmdesk.inbox.importer import ImportSummary, import_records
from smmdesk.inbox.records import RawComment
from tests.conftest import NOW


def raw(text, *, minutes_ago=30, id=None, author="Sam", platform="facebook", likes=0, parent=None):
    return RawComment(
        platform=platform,
        external_id=id,
        text=text,
        author=author,
        created_at=NOW - timedelta(minutes=minutes_ago),
        likes=likes,
        parent_external_id=parent,
    )


def load(store, brand, records, name="test.json"):
    return import_records(store, iter(records), brand, ImportSummary(name, "json"), now=NOW)
