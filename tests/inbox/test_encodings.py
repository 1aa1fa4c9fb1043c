"""A file is decoded with one encoding from start to end, or refused naming the line."""

from pathlib import Path

import pytest

from smmdesk.cli import main
from smmdesk.errors import UserError
from smmdesk.inbox.formats import read_export
from smmdesk.store import open_store

UKRAINIAN = [
    "Замовила каву в понеділок, досі не отримала. Коли буде доставка?",
    "Дуже смачна кава! Дякую за швидку відправку і гарне пакування.",
    "Чому ціна зросла? Минулого тижня було дешевше, це неприємно.",
    "Її смак мені не сподобався, занадто кисла. Чи можна повернути?",
    "Підкажіть, будь ласка, чи є у вас зерно без кофеїну?",
    "Жахливе обслуговування. Кур'єр запізнився на три години.",
    "Ґречні бариста, затишна кав'ярня, обов'язково прийду ще.",
    "Єдине зауваження: чашки могли б бути більшими.",
]
RUSSIAN = [
    "Заказала кофе в понедельник, до сих пор не получила. Когда будет доставка?",
    "Очень вкусный кофе! Спасибо за быструю отправку и красивую упаковку.",
    "Почему цена выросла? На прошлой неделе было дешевле, это неприятно.",
    "Вкус мне не понравился, слишком кислый. Можно ли вернуть?",
    "Подскажите, пожалуйста, есть ли у вас зерно без кофеина?",
    "Ужасное обслуживание. Курьер опоздал на три часа. Съел всё.",
    "Ёлка в витрине чудесная, персонал вежливый, приду ещё.",
]
AUTHORS = {
    id(UKRAINIAN): ["Олена", "Іван", "Юрій", "Ганна", "Євген"],
    id(RUSSIAN): ["Ольга", "Сергей", "Наталья", "Юрий"],
}


def csv_text(sentences, rows=60) -> str:
    lines = ["id,author,text,created_at"]
    authors = AUTHORS[id(sentences)]
    for n in range(rows):
        text = sentences[n % len(sentences)]
        lines.append(
            f'{n + 1},{authors[n % len(authors)]},"{text}",2026-11-{1 + n % 28:02d}T10:00:00+02:00'
        )
    return "\n".join(lines) + "\n"


def texts(path):
    return [r.text for r in read_export(path).records]


@pytest.mark.parametrize(
    ("sentences", "encoding"),
    [
        (UKRAINIAN, "cp1251"),
        (UKRAINIAN, "koi8-u"),
        (RUSSIAN, "koi8-r"),
        (RUSSIAN, "cp1251"),
        (RUSSIAN, "cp866"),
    ],
)
def test_cyrillic_8bit_files_decode_exactly(tmp_path, sentences, encoding):
    content = csv_text(sentences)
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes(content.encode(encoding))
    assert texts(path) == [sentences[n % len(sentences)] for n in range(60)]
    assert next(read_export(path).records).author == AUTHORS[id(sentences)][0]


def mixed_file(tmp_path: Path) -> Path:
    """The first 40 rows saved as UTF-8, the last 20 appended by a tool writing cp1251."""
    lines = csv_text(UKRAINIAN).splitlines(keepends=True)
    data = "".join(lines[:41]).encode("utf-8") + "".join(lines[41:]).encode("cp1251")
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    return path


def test_utf8_then_cp1251_is_refused_naming_the_line(tmp_path):
    path = mixed_file(tmp_path)
    with pytest.raises(UserError) as raised:
        list(read_export(path).records)
    message = str(raised.value)
    assert message.startswith("mixed encodings: the lines before this one are UTF-8")
    assert message.endswith(f"{path}:line 42")


def test_cp1251_then_utf8_is_refused_naming_the_line(tmp_path):
    lines = csv_text(UKRAINIAN).splitlines(keepends=True)
    path = tmp_path / "mixed.csv"
    path.write_bytes("".join(lines[:31]).encode("cp1251") + "".join(lines[31:]).encode("utf-8"))
    with pytest.raises(UserError) as raised:
        list(read_export(path).records)
    assert str(raised.value) == (
        f"mixed encodings: the file reads as Windows-1251 but this line is UTF-8; save the "
        f"whole file as UTF-8, {path}:line 32"
    )


def test_ascii_then_cp1251_then_utf8_is_refused(tmp_path):
    lines = csv_text(UKRAINIAN).splitlines(keepends=True)
    english = "".join(
        f"{n},Sam,Fine coffee number {n},2026-11-01T10:00:00Z\n" for n in range(100, 120)
    )
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        lines[0].encode()
        + english.encode()
        + "".join(lines[1:11]).encode("cp1251")
        + "".join(lines[11:]).encode("utf-8")
    )
    with pytest.raises(UserError, match=r"but this line is UTF-8.*:line 32$"):
        read_export(path)


def test_a_refused_mixed_file_leaves_the_fixed_one_to_import_whole(tmp_path, capsys):
    db = tmp_path / "desk.db"
    path = mixed_file(tmp_path)
    assert (
        main(["--db", str(db), "import", "--brand", "kava", "--platform", "facebook", str(path)])
        == 2
    )
    assert "line 42" in capsys.readouterr().err
    path.write_text(csv_text(UKRAINIAN), encoding="utf-8")
    assert (
        main(["--db", str(db), "import", "--brand", "kava", "--platform", "facebook", str(path)])
        == 0
    )
    assert "60 new" in capsys.readouterr().out
    with open_store(db) as store:
        stored = [r[0] for r in store.conn.execute("SELECT text FROM comments ORDER BY id")]
    assert stored == [UKRAINIAN[n % len(UKRAINIAN)] for n in range(60)]


def _two_encodings(tmp_path, sentences, first, second, split):
    """Rows 1..split-1 (the header is line 1) in ``first``, the rest in ``second``."""
    lines = csv_text(sentences, rows=5).splitlines(keepends=True)
    path = tmp_path / "two.csv"
    path.write_bytes("".join(lines[:split]).encode(first) + "".join(lines[split:]).encode(second))
    return path


@pytest.mark.parametrize(
    ("sentences", "first", "second", "split", "named"),
    [
        (UKRAINIAN, "cp1251", "koi8-u", 4, "KOI8-U"),  # lines 1-4 cp1251, 5-6 KOI8-U
        (RUSSIAN, "koi8-r", "cp1251", 3, "Windows-1251"),
        (RUSSIAN, "cp1251", "koi8-r", 5, "KOI8"),
        (UKRAINIAN, "koi8-u", "cp1251", 3, "Windows-1251"),
        (RUSSIAN, "cp1251", "cp866", 4, "IBM866"),
    ],
)
def test_two_cyrillic_encodings_in_one_file_are_refused_at_the_line(
    tmp_path, sentences, first, second, split, named
):
    path = _two_encodings(tmp_path, sentences, first, second, split)
    with pytest.raises(UserError) as raised:
        list(read_export(path).records)
    message = str(raised.value)
    assert message.startswith("mixed encodings: the file reads as "), message
    assert f"but this line reads as {named}" in message, message
    assert message.endswith(f"{path}:line {split + 1}"), message


def test_a_refused_two_encoding_import_writes_nothing(tmp_path, capsys):
    db = tmp_path / "desk.db"
    assert main(["--db", str(db), "brand", "add", "Kava"]) == 0
    path = _two_encodings(tmp_path, UKRAINIAN, "cp1251", "koi8-u", 4)
    assert main(["--db", str(db), "import", "--brand", "kava", str(path)]) == 2
    assert "line 5" in capsys.readouterr().err
    with open_store(db) as store:
        assert store.conn.execute("SELECT count(*) FROM comments").fetchone()[0] == 0


@pytest.mark.parametrize(
    "short",
    [
        "Ок",
        "Так!",
        "ні",
        "Да",
        "№5",
        "«Супер»",
        "ДЯКУЮ",
        "Ёлка",
        "Її",
        "Ґанок",
        "Всё",
        "Съел",
        "ДЕ МОЄ ЗАМОВЛЕННЯ? ЧЕКАЮ ТРЕТІЙ ДЕНЬ!",
        "ГДЕ МОЙ ЗАКАЗ? ЖДУ ТРЕТИЙ ДЕНЬ!",
    ],  # fmt: skip
)
@pytest.mark.parametrize("encoding", ["cp1251", "koi8-u"])
def test_short_lines_in_one_encoding_are_not_refused(tmp_path, short, encoding):
    try:
        short.encode(encoding)
    except UnicodeEncodeError:
        pytest.skip(f"{short!r} has no bytes in {encoding}")
    rows = csv_text(UKRAINIAN, rows=8).splitlines()
    rows.insert(3, f'99,Іван,"{short}",2026-11-02T10:00:00+02:00')
    path = tmp_path / "short.csv"
    path.write_bytes(("\n".join(rows) + "\n").encode(encoding))
    assert short in texts(path)
