"""Telegram Desktop chat export (result.json): through the real importer into a real file."""

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smmdesk.errors import UserError
from smmdesk.inbox.formats import read_export
from smmdesk.inbox.importer import import_file
from tests.conftest import NOW

FIXTURE = Path(__file__).parent / "fixtures" / "telegram_result.json"


def stored(store):
    return store.conn.execute(
        "SELECT external_id, platform, author, author_id, text, created_at, parent_external_id,"
        " post_ref, likes, reply_count FROM comments ORDER BY CAST(external_id AS INTEGER)"
    ).fetchall()


def damaged(tmp_path: Path, change) -> Path:
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    change(document["messages"])
    path = tmp_path / "result.json"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def test_discussion_group_imports_comments_not_posts(store, brand):
    summary = import_file(store, FIXTURE, brand, now=NOW)
    assert (summary.format, summary.new, summary.skipped) == ("telegram", 6, 0)
    rows = {row[0]: row for row in stored(store)}
    # 100 is a service message, 101 and 105 the channel's posts (auto-forwarded): not comments.
    # 107 is a person's forward of the post: a comment.
    assert sorted(rows, key=int) == ["102", "103", "104", "106", "107", "108"]
    assert {row[1] for row in rows.values()} == {"telegram"}
    assert [rows[i][2] for i in ("102", "103", "104", "106")] == [
        "Олена Коваленко",
        "Тарас",
        "user7011111",  # "from" is null: the from_id
        "Mark",
    ]
    assert rows["102"][3] == "user7012345"
    # Threads: replies to a post are top-level comments on it, replies to comments nest.
    parents = {i: rows[i][6] for i in rows}
    assert parents == {
        "102": None,
        "103": "102",
        "104": "103",  # a reply to a reply
        "106": None,
        "107": None,
        "108": "106",
    }
    posts = {i: rows[i][7] for i in rows}
    assert posts == {
        "102": "101",
        "103": "101",
        "104": "101",
        "106": "105",
        "107": "105",
        "108": "105",
    }
    assert rows["103"][4] == "А де він є? Дивився меню (https://zerno.example/menu), там немає 🙁"
    assert rows["108"][4] == "See https://zerno.example/lviv"
    # date_unixtime, in UTC, not the local "date"
    created = datetime.fromisoformat(rows["102"][5])
    assert created == datetime(2024, 3, 9, 10, 5, tzinfo=UTC)
    assert (rows["102"][8], rows["106"][8], rows["103"][8]) == (5, 1, 0)  # summed reactions
    assert (rows["102"][9], rows["103"][9], rows["104"][9]) == (1, 1, 0)


def test_the_channel_s_own_messages_are_posts(tmp_path):
    document = {
        "name": "Зерно",
        "type": "public_channel",
        "id": 1555000111,
        "messages": [
            {
                "id": 1,
                "type": "message",
                "date_unixtime": "1709978400",
                "from": "Зерно",
                "from_id": "channel1555000111",
                "text": "post",
            },
            {
                "id": 2,
                "type": "message",
                "date_unixtime": "1709978500",
                "from": "Ann",
                "from_id": "user1",
                "reply_to_message_id": 1,
                "text": "comment",
            },
        ],
    }
    path = tmp_path / "result.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    export = read_export(path)
    [comment] = list(export.records)
    assert export.format == "telegram"
    assert (comment.external_id, comment.post_ref, comment.parent_external_id) == ("2", "1", None)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda messages: messages[3].pop("id"), "record 4: id"),
        (lambda messages: messages[6].update(date_unixtime="soon"), "record 7: date_unixtime"),
        (lambda messages: messages[6].update(text=[{"type": "bold", "text": 3}]), "record 7: text"),
        (lambda messages: messages[2].update(reactions=[{"count": "many"}]), "record 3: reactions"),
    ],
)
def test_a_damaged_export_changes_nothing_and_names_record_and_field(
    store, brand, tmp_path, change, where
):
    path = damaged(tmp_path, change)
    with pytest.raises(UserError) as raised:
        import_file(store, path, brand, now=NOW)
    assert str(raised.value).endswith(f"{path}:{where}")
    assert stored(store) == []


def test_detected_whatever_the_name(tmp_path):
    renamed = tmp_path / "export.txt"
    renamed.write_bytes(FIXTURE.read_bytes())
    assert read_export(renamed).format == "telegram"
    one_line = tmp_path / "one.json"
    one_line.write_text(json.dumps(json.loads(FIXTURE.read_text(encoding="utf-8"))))
    assert read_export(one_line).format == "telegram"


PART = st.one_of(
    st.text(max_size=20),
    st.fixed_dictionaries(
        {"type": st.sampled_from(["bold", "text_link", "link", "mention", "plain"])},
        optional={
            "text": st.one_of(st.text(max_size=20), st.integers(), st.none()),
            "href": st.one_of(st.text(max_size=20), st.none()),
        },
    ),
    st.integers(),
    st.none(),
    st.lists(st.text(max_size=5), max_size=2),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.one_of(st.lists(PART, max_size=8), st.text(max_size=20), PART))
def test_random_text_parts_import_or_give_a_user_error(parts):
    document = {
        "name": "g",
        "type": "private_supergroup",
        "id": 5,
        "messages": [
            {
                "id": 1,
                "type": "message",
                "date_unixtime": "1709978400",
                "from": "Ann",
                "from_id": "user1",
                "text": parts,
            }
        ],
    }
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "result.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        try:
            export = read_export(path, tz=UTC)
        except UserError as error:
            assert str(error).endswith(f"{path}:record 1: text")
            return
        [record] = list(export.records)
        assert export.format == "telegram" and isinstance(record.text, str)
        if isinstance(parts, str):
            assert record.text == parts.replace("\r\n", "\n").replace("\r", "\n")
