"""Export readers: each format from a real-shaped fixture, detection, and every bad input."""

import gzip
import io
import json
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from dateutil import tz

from smmdesk.errors import UserError
from smmdesk.inbox.formats import FORMATS, read_export

FIXTURES = Path(__file__).parent / "fixtures"
KYIV = tz.gettz("Europe/Kyiv")
TEXT_NAMES = "text, message, comment, body, content, comment_text, review_text"


def read(path, **options):
    export = read_export(path, tz=options.pop("tz", KYIV), **options)
    return export, list(export.records)


def error_from(path, **options) -> str:
    """The UserError message, whether raised by read_export or while iterating."""
    with pytest.raises(UserError) as raised:
        read(path, **options)
    message = str(raised.value)
    assert "\n" not in message
    return message


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# Platform API exports --------------------------------------------------------


def test_facebook_comments_with_nested_replies_and_missing_author_and_id():
    export, records = read(FIXTURES / "facebook_comments.json")
    assert (export.format, export.count, len(records)) == ("facebook", 5, 5)
    assert {r.platform for r in records} == {"facebook"}
    first, reply, reply_without_from, emoji, flat_reply = records
    assert first.text.startswith("Замовила вчора") and "😡" in first.text
    assert first.author == "Олена Коваленко" and first.author_id == "7012345678901234"
    assert first.created_at == utc(2024, 3, 9, 18, 22, 5)
    assert (first.likes, first.reply_count) == (4, 2)
    assert first.permalink.endswith("comment_id=987654321098765")
    assert first.where == "record 1"
    assert reply.parent_external_id == first.external_id
    assert reply.author == "Кав'ярня Зерно" and reply.where == "record 1 reply 1"
    assert reply_without_from.author == "" and reply_without_from.author_id is None
    assert emoji.text == "Best flat white in town ☕️👌\nSee you Saturday!"
    assert flat_reply.external_id is None
    assert flat_reply.parent_external_id == emoji.external_id


def test_instagram_comments_replies_point_at_their_parent():
    export, records = read(FIXTURES / "instagram_comments.json")
    assert (export.format, export.count) == ("instagram", 4)
    top, reply, second_reply, other = records
    assert {r.platform for r in records} == {"instagram"}
    assert top.text == "Коли буде знову лавандовий раф? 💜" and top.author == "olena.brews"
    assert (top.likes, top.reply_count) == (3, 2)
    assert reply.parent_external_id == second_reply.parent_external_id == "17858893269012345"
    assert reply.where == "record 1 reply 1"
    assert other.parent_external_id is None and other.created_at == utc(2024, 3, 11, 15, 45, 10)


def test_youtube_comment_threads():
    export, records = read(FIXTURES / "youtube_comment_threads.json")
    assert (export.format, export.count) == ("youtube", 3)
    top, reply, other = records
    assert top.platform == "youtube" and top.post_ref == "dQw4w9WgXcQ"
    assert top.text == 'Звук у другій половині відео відстає від картинки "на секунду" 🙁'
    assert (top.author, top.author_id) == ("@taras_films", "UCa1B2c3D4e5F6g7H8i9J0kL")
    assert (top.likes, top.reply_count) == (7, 1)
    assert top.permalink == f"https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc={top.external_id}"
    assert reply.parent_external_id == top.external_id and reply.where == "record 1 reply 1"
    assert other.text == "Great recipe, made it twice already!"  # textDisplay when no textOriginal


def test_facebook_post_object_with_comments_gives_the_post_ref(tmp_path):
    post = {
        "id": "1041_2042",
        "comments": {
            "data": [{"id": "2042_1", "message": "ok", "created_time": "2024-03-09T18:22:05+0000"}]
        },
    }
    export, [record] = read(write(tmp_path, "post.json", json.dumps(post)))
    assert export.format == "facebook" and record.post_ref == "1041_2042"


# Generic exports ------------------------------------------------------------


def test_csv_with_reordered_headers_quoted_newline_and_extra_columns():
    export, records = read(FIXTURES / "comments.csv")
    assert export.format == "csv" and export.count == 4  # lines, not records: an estimate
    complaint, answer, praise = records
    assert complaint.text == "Де моє замовлення?! Чекаю вже тиждень 😤"
    assert complaint.created_at == utc(2024, 3, 9, 16, 22)  # naive, so in Kyiv (UTC+2)
    assert (complaint.external_id, complaint.platform, complaint.post_ref) == (
        "c-101",
        "facebook",
        "post-7",
    )
    assert complaint.extra == {"Sentiment (manual)": "neg"}
    assert answer.text == "Олено, вибачте!\nНапишіть номер замовлення, будь ласка."
    assert answer.parent_external_id == "c-101" and answer.likes == 0
    assert [r.where for r in records] == ["line 2", "line 3", "line 5"]
    assert praise.external_id is None and praise.platform == "unknown"
    assert praise.text == 'Best "flat white", in town ☕️👌'
    assert praise.created_at == utc(2024, 3, 10, 8, 15)  # epoch seconds


def test_platform_argument_wins_over_the_platform_column():
    _, records = read(FIXTURES / "comments.csv", platform="Telegram")
    assert {r.platform for r in records} == {"telegram"}


def test_platform_short_names_are_expanded(tmp_path):
    path = write(tmp_path, "c.csv", "text,date,platform\na,2024-03-09, FB \nb,2024-03-09,Threads\n")
    assert [r.platform for r in read(path)[1]] == ["facebook", "threads"]
    assert {r.platform for r in read(path, platform="IG")[1]} == {"instagram"}


def test_naive_dates_take_the_given_zone():
    _, records = read(FIXTURES / "comments.csv", tz=UTC)
    assert records[0].created_at == utc(2024, 3, 9, 18, 22)


def test_tsv_with_graph_style_names_and_a_day_first_dotted_date():
    export, records = read(FIXTURES / "comments.tsv")
    assert export.format == "tsv"
    assert [(r.author, r.external_id, r.likes) for r in records] == [
        ("olena.brews", "178001", 3),
        ("mark_in_kyiv", "178002", 0),
    ]
    assert records[1].created_at == utc(2024, 3, 11, 13, 45)  # 11.03 is 11 March


def test_json_comments_list_with_graph_style_author_object():
    export, records = read(FIXTURES / "comments.json")
    assert (export.format, export.count) == ("json", 3)
    assert records[0].platform == "telegram" and records[0].reply_count == 1
    assert records[1].parent_external_id == "tg-5501"
    assert records[1].created_at == utc(2024, 3, 14, 8, 30)
    anonymous = records[2]
    assert (anonymous.author, anonymous.author_id) == ("Anon", "42")
    assert anonymous.created_at == utc(2024, 3, 14, 9) and anonymous.where == "record 3"


def test_jsonl_streams_records_with_line_numbers():
    export, records = read(FIXTURES / "comments.jsonl")
    assert export.format == "jsonl" and export.count == 3
    assert records[0].text == "Чому закрили точку на Подолі? 😢"  # \u escapes, surrogate pair
    assert [r.where for r in records] == ["line 1", "line 2", "line 3"]


def test_json_lists_under_data_or_at_the_top(tmp_path):
    record = {"Message": "hi", "Date": "2024-03-09"}
    for document in ([record], {"data": [record]}):
        export, [parsed] = read(write(tmp_path, "x.json", json.dumps(document, indent=1)))
        assert export.format == "json" and parsed.text == "hi"


def test_separate_date_and_time_columns_are_combined(tmp_path):
    path = write(tmp_path, "c.csv", "comment,date,time\nhi,2024-03-09,18:22\n")
    _, [record] = read(path, tz=UTC)
    assert record.created_at == utc(2024, 3, 9, 18, 22)


def test_excel_semicolon_csv_with_sep_line(tmp_path):
    path = write(tmp_path, "c.csv", 'sep=;\r\nText;Date;Likes\r\n"a; b";2024-03-09;"1,234"\r\n')
    _, [record] = read(path)
    assert (record.text, record.likes, record.where) == ("a; b", 1234, "line 3")


def test_quoted_crlf_newlines_become_lf(tmp_path):
    path = write(
        tmp_path, "c.csv", 'text,date\r\n"one\r\ntwo\rthree",2024-03-09\r\nnext,2024-03-09\r\n'
    )
    _, records = read(path)
    assert records[0].text == "one\ntwo\nthree"
    assert records[1].where == "line 5"


def test_a_10_megabyte_field_is_refused(tmp_path):
    # No platform allows a comment near 64 KB; a 50 MB one once took 3 GB to import.
    long_text = "ж" * 10_000_000
    path = write(tmp_path, "c.csv", f'text,date\n"{long_text}",2024-03-09\n')
    assert (
        error_from(path)
        == f"line longer than 1,048,576 characters (not a comment export?), {path}:line 2"
    )
    path = write(tmp_path, "c.csv", f'text,date\n"{"ж" * 70_000}",2024-03-09\n')
    assert error_from(path) == f"a field is longer than 65,536 characters, {path}:line 2"
    path = write(tmp_path, "c.csv", f'text,date\n"{"ж" * 65_536}",2024-03-09\n')
    assert len(read(path)[1][0].text) == 65_536


def test_csv_records_stream_and_fail_at_the_bad_row(tmp_path):
    path = write(tmp_path, "c.csv", "text,date\nfine,2024-03-09\nbad,nope\n")
    records = read_export(path).records
    assert next(records).text == "fine"
    with pytest.raises(UserError, match=r"c\.csv:line 3: date$"):
        next(records)


def test_json_lone_surrogate_escapes_become_replacement_characters(tmp_path):
    path = write(tmp_path, "x.jsonl", '{"text": "half \\ud83d", "date": "2024-03-09"}\n' * 2)
    _, records = read(path)
    assert records[0].text == "half \ufffd"


# Detection ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("facebook_comments.json", "facebook"),
        ("instagram_comments.json", "instagram"),
        ("youtube_comment_threads.json", "youtube"),
        ("comments.csv", "csv"),
        ("comments.tsv", "tsv"),
        ("comments.json", "json"),
        ("comments.jsonl", "jsonl"),
        ("comments_cp1251.csv", "csv"),
        ("comments_utf16.csv", "tsv"),
    ],
)
def test_format_is_detected_from_content_not_name(tmp_path, name, fmt):
    renamed = tmp_path / "export.txt"
    shutil.copy(FIXTURES / name, renamed)
    assert read_export(renamed).format == fmt


def test_one_line_graph_response_is_json_and_one_line_record_is_jsonl(tmp_path):
    graph = json.loads((FIXTURES / "facebook_comments.json").read_text(encoding="utf-8"))
    assert read_export(write(tmp_path, "a", json.dumps(graph))).format == "facebook"
    one = write(tmp_path, "b", '{"text": "hi", "created_at": "2024-03-09"}\n')
    assert read(one)[0].format == "jsonl"


def test_jsonl_after_blank_lines_is_still_jsonl(tmp_path):
    path = write(
        tmp_path,
        "x",
        '\n\n{"text": "a", "date": "2024-03-09"}\n{"text": "b", "date": "2024-03-09"}\n',
    )
    export, records = read(path)
    assert export.format == "jsonl" and [r.where for r in records] == ["line 3", "line 4"]


def test_explicit_format_overrides_detection():
    export, records = read(FIXTURES / "facebook_comments.json", fmt="json")
    assert export.format == "json" and len(records) == 3  # generic: no nested replies
    assert records[0].author == "Олена Коваленко" and records[0].platform == "unknown"


def test_formats_constant():
    assert FORMATS == (
        "facebook",
        "instagram",
        "youtube",
        "telegram",
        "tiktok",
        "google",
        "csv",
        "tsv",
        "json",
        "jsonl",
        "xlsx",
    )


# Encodings ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["comments_cp1251.csv", "comments_utf8_bom.csv", "comments_utf16.csv"]
)
def test_cyrillic_in_other_encodings_decodes_correctly(name):
    _, records = read(FIXTURES / name)
    assert records[0].text == "Добрий день! Коли відкриєтесь після ремонту?"
    assert records[0].author == "Ігор Петренко"
    assert records[1].text == "Чекаємо «Зерно» у Львові — дуже!"
    assert records[0].created_at == utc(2024, 3, 9, 16, 22)


def test_latin1_text_is_refused_not_garbled(tmp_path):
    path = write(
        tmp_path, "fr.csv", "text,date\nTrès bon café, merci à vous,2024-03-09\n".encode("latin-1")
    )
    assert error_from(path) == (
        f"not UTF-8 text (byte 0xE8 at offset 12); save the file as UTF-8, {path}"
    )


def test_utf8_bom_does_not_reach_the_first_header(tmp_path):
    path = write(tmp_path, "c.csv", "\ufefftext,date\nhi,2024-03-09\n".encode())
    assert read(path)[1][0].text == "hi"


# Bad input ------------------------------------------------------------------


def test_truncated_json(tmp_path):
    text = (FIXTURES / "facebook_comments.json").read_text(encoding="utf-8")[:500]
    path = write(tmp_path, "fb.json", text)
    message = error_from(path)
    assert message.startswith("invalid JSON (") and message.endswith(f"), {path}")
    assert " line " in message and " column " in message


@pytest.mark.parametrize("document", ['"just a string"', "42", '{"meta": {"count": 1}}'])
def test_wrong_json_shape(tmp_path, document):
    path = write(tmp_path, "x.json", document + "\n\n")
    assert error_from(path, fmt="json").startswith("unexpected JSON shape: expected a list")


def test_json_record_that_is_not_an_object(tmp_path):
    path = write(tmp_path, "x.json", '[{"text": "a", "date": "2024-03-09"}, ["b"]]')
    assert error_from(path) == f"expected a JSON object, got a list, {path}:record 2"


def test_platform_format_asked_for_a_file_of_another_shape(tmp_path):
    path = write(tmp_path, "x.json", "[1]")
    assert (
        error_from(path, fmt="youtube")
        == f"expected a comment object, got a number, {path}:record 1"
    )
    assert error_from(path, fmt="facebook").startswith("not a Facebook comments export")


def test_bad_date_in_a_facebook_reply_names_the_reply(tmp_path):
    graph = json.loads((FIXTURES / "facebook_comments.json").read_text(encoding="utf-8"))
    graph["data"][0]["comments"]["data"][1]["created_time"] = "soon"
    path = write(tmp_path, "fb.json", json.dumps(graph))
    assert error_from(path) == f"bad date 'soon', {path}:record 1 reply 2: created_time"


def test_jsonl_bad_line(tmp_path):
    path = write(tmp_path, "x.jsonl", '{"text": "a", "date": "2024-03-09"}\n\n{"text": "b", \n')
    assert (
        error_from(path)
        == f"invalid JSON (Expecting property name enclosed in double quotes: column 15), {path}:line 3"
    )
    path = write(tmp_path, "y.jsonl", '{"text": "a", "date": "2024-03-09"}\n[1]\n')
    assert error_from(path) == f"expected a JSON object, got a list, {path}:line 2"


def test_jsonl_record_without_text(tmp_path):
    path = write(
        tmp_path,
        "x.jsonl",
        '{"text": "a", "date": "2024-03-09"}\n{"note": "b", "date": "2024-03-09"}\n',
    )
    assert error_from(path) == (f"no text field (expected one of: {TEXT_NAMES}), {path}:line 2")


def test_missing_text_column(tmp_path):
    path = write(tmp_path, "c.csv", "author,date\nann,2024-03-09\n")
    assert error_from(path) == (f"no text column (expected one of: {TEXT_NAMES}), {path}:line 1")


def test_missing_date_column(tmp_path):
    path = write(tmp_path, "c.csv", "text\nhi\n")
    assert error_from(path).startswith("no date column (expected one of: created_at, timestamp,")


def test_duplicated_header_names(tmp_path):
    path = write(tmp_path, "c.csv", "Text,date, text \na,2024-03-09,b\n")
    assert error_from(path) == f"duplicated column 'text' (columns 1 and 3), {path}:line 1"


@pytest.mark.parametrize("row", ["a,2024-03-09,extra", "a"])
def test_ragged_rows(tmp_path, row):
    path = write(tmp_path, "c.csv", f"text,date\nfine,2024-03-09\n{row}\n")
    cells = row.count(",") + 1
    assert error_from(path) == f"row has {cells} cells but the header has 2, {path}:line 3"


def test_unclosed_quote(tmp_path):
    path = write(tmp_path, "c.csv", 'text,date\nok,2024-03-09\n"never closed,2024-03-09\nmore\n')
    assert error_from(path) == f"malformed CSV (unclosed quote), {path}:line 3"


def test_bad_date_names_file_line_and_field(tmp_path):
    rows = "".join(f"c{n},2024-03-0{n}\n" for n in range(1, 6))
    path = write(tmp_path, "comments.csv", f"text,created_at\n{rows}c6,yesterday-ish\n")
    assert error_from(path) == f"bad date 'yesterday-ish', {path}:line 7: created_at"


def test_missing_date_in_a_row(tmp_path):
    path = write(tmp_path, "c.csv", "text,Created At\nhi, \n")
    assert error_from(path) == (
        f"1 row has no date (the first: line 2: Created At; "
        f"use --missing-date skip to import the rest), {path}"
    )


def test_bad_likes_and_empty_likes(tmp_path):
    path = write(tmp_path, "c.csv", "text,date,likes\na,2024-03-09,\nb,2024-03-09,many\n")
    assert error_from(path) == f"bad likes 'many' (not a whole number), {path}:line 3: likes"
    path = write(tmp_path, "d.csv", "text,date,likes\na,2024-03-09,\n")
    assert read(path)[1][0].likes == 0


@pytest.mark.parametrize("likes", ["1.5", "true", "-3", '"7"'])
def test_bad_likes_in_json(tmp_path, likes):
    path = write(
        tmp_path, "x.json", f'[{{"text": "a", "date": "2024-03-09", "like_count": {likes}}}]'
    )
    if likes == '"7"':
        assert read(path)[1][0].likes == 7
    else:
        assert error_from(path).endswith(f"{path}:record 1: like_count")


@pytest.mark.parametrize("content", [b"", b"  \r\n\n\t "])
def test_empty_file(tmp_path, content):
    path = write(tmp_path, "c.csv", content)
    assert error_from(path) == f"empty file, {path}"


def test_directory_and_missing_file(tmp_path):
    assert error_from(tmp_path) == f"is a directory (expected an export file), {tmp_path}"
    missing = tmp_path / "nope.csv"
    assert error_from(missing) == f"no such file, {missing}"


def test_binary_with_nul_bytes(tmp_path):
    path = write(tmp_path, "x.db", b"SQLite format 3\x00\x10\x00\x01\x01")
    assert error_from(path) == f"binary file (NUL byte at offset 15), {path}"


def test_nul_after_a_text_start(tmp_path):
    path = write(tmp_path, "c.csv", b"text,date\n" + b"a" * 2_000_000 + b"\x00,2024-03-09\n")
    assert error_from(path) == f"binary file (NUL byte at offset 2000010), {path}"


def test_zip_and_gzip_archives(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("comments.csv", "text,date\nhi,2024-03-09\n")
    path = write(tmp_path, "export.zip", buffer.getvalue())
    assert error_from(path) == f"zip archive instead of a comment export (unzip it first), {path}"
    path = write(tmp_path, "c.csv.gz", gzip.compress(b"text,date\n"))
    assert error_from(path) == f"gzip-compressed file (decompress it first), {path}"


def test_utf16_without_bom(tmp_path):
    path = write(tmp_path, "c.csv", "text,date\nhi,2024-03-09\n".encode("utf-16-le"))
    assert error_from(path).startswith("UTF-16 text without a byte-order mark")


def test_utf16_bom_with_broken_content(tmp_path):
    path = write(tmp_path, "c.csv", "text,date\n".encode("utf-16") + b"\x00\xdc")
    assert error_from(path).startswith("not UTF-16 text (byte 0x00 at offset 22)")


def test_unknown_format_name(tmp_path):
    path = write(tmp_path, "c.csv", "text,date\n")
    assert error_from(path, fmt="xml").startswith(
        "unknown format 'xml' (expected one of: facebook,"
    )


def test_header_only_csv_has_no_records(tmp_path):
    assert read(write(tmp_path, "c.csv", "text,date\r\n"))[1] == []


# Header names common tools write ----------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("CONTENT,date", "text"),
        ("Comment Text,date", "text"),
        ("review_text,date", "text"),
        ("text,created", "date"),
        ("text,Review Created", "date"),
        ("text,timestamp", "date"),
        ("text,Published", "date"),
        ("text,posted_at", "date"),
    ],
)
def test_text_and_time_header_aliases(tmp_path, header, field):
    first, second = header.split(",")
    cells = {"text": "Love it", "date": "2024-03-09T10:00:00Z"}
    row = ",".join(cells["text" if name is first else "date"] for name in (first, second))
    _, (record,) = read(write(tmp_path, "c.csv", f"{header}\n{row}\n"))
    assert (record.text, record.created_at) == ("Love it", utc(2024, 3, 9, 10))


@pytest.mark.parametrize("author", ["username", "user", "name", "screen_name"])
@pytest.mark.parametrize("likes", ["like_count", "favorite_count", "reactions"])
def test_author_and_likes_header_aliases(tmp_path, author, likes):
    content = f"content,created,{author},{likes}\nhi,2024-03-09T10:00:00Z,ann,7\n"
    _, (record,) = read(write(tmp_path, "c.csv", content))
    assert (record.author, record.likes) == ("ann", 7)


def test_a_suffix_created_column_is_the_date(tmp_path):
    content = "comment_created,text\n2024-03-09T10:00:00Z,hi\n"
    _, (record,) = read(write(tmp_path, "c.csv", content))
    assert record.created_at == utc(2024, 3, 9, 10)


def test_missing_date_names_the_suffix_rule(tmp_path):
    path = write(tmp_path, "c.csv", "text\nhi\n")
    assert "*_created" in error_from(path)


def test_pipe_separated_file_is_read(tmp_path):
    content = (
        "text|author|date|likes\nGreat, thanks|ann|2024-03-09 12:00|3\nMeh|bo|2024-03-10 08:00|\n"
    )
    export, (first, second) = read(write(tmp_path, "c.txt", content))
    assert export.format == "csv"
    assert (first.text, first.author, first.likes) == ("Great, thanks", "ann", 3)
    assert first.created_at == utc(2024, 3, 9, 10)  # Kyiv is UTC+2 in March
    assert (second.text, second.likes) == ("Meh", 0)
