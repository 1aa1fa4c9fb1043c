"""Whatever bytes a file holds, reading it gives records or a UserError, never a crash."""

import csv
import io
import json
import tempfile
from datetime import UTC
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smmdesk.errors import UserError
from smmdesk.inbox.formats import FORMATS, read_export

# Starts that steer random bytes into each reader's deeper paths.
PREFIXES = [
    b"",
    b"text,created_at,likes,id\n",
    b"text\tdate\n",
    b'{"data": [{"message": "a", "created_time": ',
    b'[{"text": "a", "date": ',
    b'{"text": "a", "date": "2024-03-09"}\n{"text": ',
    b'{"kind": "youtube#commentThreadListResponse", "items": [',
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"PK\x03\x04",
]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# No NUL (a binary file) and no lone surrogates (not encodable as UTF-8).
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60
)


def read_everything(content: bytes, fmt: str | None = None):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "export"
        path.write_bytes(content)
        export = read_export(path, fmt=fmt, tz=UTC)
        return export, list(export.records)


def with_lf_newlines(text: str) -> str:
    """The one change readers make to text."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_record(record) -> None:
    assert record.created_at.utcoffset().total_seconds() == 0
    assert record.where
    for value in (record.text, record.author, record.external_id, record.permalink):
        if value is not None:
            value.encode("utf-8")  # storable: no lone surrogates
    assert record.likes >= 0 and record.reply_count >= 0


@SETTINGS
@given(
    prefix=st.sampled_from(PREFIXES),
    body=st.binary(max_size=300),
    fmt=st.sampled_from((None, *FORMATS)),
)
def test_any_bytes_give_records_or_a_user_error(prefix, body, fmt):
    try:
        _, records = read_everything(prefix + body, fmt)
    except UserError as error:
        assert "\n" not in str(error)
        return
    for record in records:
        check_record(record)


@SETTINGS
@given(
    documents=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "text",
                        "message",
                        "date",
                        "created_time",
                        "timestamp",
                        "likes",
                        "like_count",
                        "from",
                        "id",
                        "data",
                        "comments",
                        "replies",
                        "items",
                        "snippet",
                        "topLevelComment",
                        "publishedAt",
                        "kind",
                        "name",
                    ]
                ),
                inner,
                max_size=5,
            )
        ),
        max_leaves=20,
    )
)
def test_any_json_value_gives_records_or_a_user_error(documents):
    try:
        _, records = read_everything(json.dumps(documents).encode())
    except UserError:
        return
    for record in records:
        check_record(record)


@SETTINGS
@given(texts=st.lists(TEXT, min_size=1, max_size=5))
def test_csv_round_trip_keeps_text_exactly(texts):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["text", "created_at"])
    writer.writerows([text, "2024-03-09T10:00:00Z"] for text in texts)
    _, records = read_everything(buffer.getvalue().encode("utf-8"), "csv")
    assert [record.text for record in records] == [with_lf_newlines(text) for text in texts]


@SETTINGS
@given(texts=st.lists(TEXT, min_size=1, max_size=5), ascii_only=st.booleans())
def test_jsonl_round_trip_keeps_text_exactly(texts, ascii_only):
    lines = (
        json.dumps({"text": text, "timestamp": 1710000000}, ensure_ascii=ascii_only)
        for text in texts
    )
    _, records = read_everything(("\n".join(lines) + "\n").encode("utf-8"), "jsonl")
    assert [record.text for record in records] == [with_lf_newlines(text) for text in texts]
