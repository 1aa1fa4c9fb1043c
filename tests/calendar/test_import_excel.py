"""Issue 16: ``post import`` reads what Excel writes in a Ukrainian locale, and again changes nothing."""

import csv
import io

import pytest

from smmdesk.calendar.posts import get_post, list_posts
from smmdesk.errors import UserError

from .conftest import local
from .test_cli import frozen, run  # noqa: F401  (frozen: autouse, the Kyiv user)

EXCEL_UK = (
    "sep=;\r\n"
    "Title;Date;Goal;Channel;Text;Campaign\r\n"
    "Весняний розпродаж;24.03.2026 10:00;sales;Website;Знижки на все до неділі;весна\r\n"
    "Дякуємо клієнтам;25.03.2026;recognition;Facebook page;Ваші відгуки надихають;\r\n"
)


def write_cp1251(path, text):
    path.write_bytes(text.encode("cp1251"))
    return str(path)


def excel_uk(rows):
    """Rows as Excel in a uk_UA locale saves "CSV": ``sep=;``, semicolons, CRLF, cp1251."""
    out = io.StringIO()
    out.write("sep=;\r\n")
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def test_excel_ukrainian_csv_imports(store, brand, tmp_path, capsys):
    path = write_cp1251(tmp_path / "план.csv", EXCEL_UK)
    run(store, "post", "import", path, "--tz", "Europe/Kyiv")
    assert "2 added, 0 updated, 0 unchanged" in capsys.readouterr().out
    sale, thanks = list_posts(store, brand)
    assert (sale.title, sale.body, sale.goal, sale.channel, sale.campaign) == (
        "Весняний розпродаж", "Знижки на все до неділі", "sales", "Website", "весна",
    )  # fmt: skip
    assert sale.scheduled_at == local(2026, 3, 24, 10, 0)
    assert sale.tz == "Europe/Kyiv"
    assert (thanks.title, thanks.channel) == ("Дякуємо клієнтам", "Facebook page")
    assert thanks.scheduled_at == local(2026, 3, 25, 0, 0)


def test_reimport_changes_nothing_and_an_edited_title_updates_its_post(
    store, brand, tmp_path, capsys
):
    run(store, "post", "import", write_cp1251(tmp_path / "plan.csv", EXCEL_UK))
    capsys.readouterr()
    run(store, "export", "csv")
    exported = capsys.readouterr().out
    before = list_posts(store, brand)
    path = tmp_path / "export.csv"
    path.write_text(exported, encoding="utf-8")

    run(store, "post", "import", str(path))
    assert "0 added, 0 updated, 2 unchanged" in capsys.readouterr().out
    assert list_posts(store, brand) == before  # not even updated_at moved

    rows = list(csv.reader(io.StringIO(exported)))
    rows[1][rows[0].index("title")] = "Весняний розпродаж: останній день"
    edited = write_cp1251(tmp_path / "edited.csv", excel_uk(rows))  # opened and saved in Excel
    run(store, "post", "import", edited)
    assert "0 added, 1 updated, 1 unchanged" in capsys.readouterr().out
    after = list_posts(store, brand)
    assert len(after) == 2
    assert get_post(store, before[0].id).title == "Весняний розпродаж: останній день"
    assert after[1] == before[1]


def test_a_bad_date_names_file_line_and_field_and_writes_nothing(store, brand, tmp_path):
    text = EXCEL_UK.replace("25.03.2026", "32.03.2026")
    path = write_cp1251(tmp_path / "plan.csv", text)
    with pytest.raises(UserError) as caught:
        run(store, "post", "import", path)
    message = str(caught.value)
    assert message.endswith("plan.csv:line 4: scheduled_at")  # sep=, header, row, this row
    assert "'32.03.2026'" in message
    assert list_posts(store) == []


def test_header_aliases_in_any_case(store, brand, tmp_path):
    text = "WHEN,Name,GOAL,Channel,Body\n2026-03-24 09:30,Hello,sales,Website,Hi there\n"
    (tmp_path / "p.csv").write_text(text, encoding="utf-8-sig")  # with a BOM
    run(store, "post", "import", str(tmp_path / "p.csv"))
    (post,) = list_posts(store, brand)
    assert (post.title, post.body) == ("Hello", "Hi there")
    assert post.scheduled_at == local(2026, 3, 24, 9, 30)
