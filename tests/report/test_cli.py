import csv
import io
import json

import pytest

from smmdesk.cli import main
from smmdesk.store import open_store
from tests.conftest import NOW


@pytest.fixture
def db(tmp_path, monkeypatch, store, desk):
    monkeypatch.setenv("SMMDESK_NOW", NOW.isoformat())
    return str(store.path)


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_report_formats(capsys, db):
    code, out, _ = run(capsys, "--db", db, "report", "--brand", "acme")
    assert code == 0 and "Time to first response" in out and "negative" in out
    code, out, _ = run(
        capsys,
        "--db",
        db,
        "report",
        "--format",
        "json",
        "--from",
        "2026-11-28",
        "--to",
        "2026-11-28",
    )
    data = json.loads(out)
    assert data["inbox"]["comments"] == 5 and data["period"]["days"] == 1
    negative = next(b for b in data["inbox"]["response_times"] if b["band"] == "negative")
    assert (negative["median_min"], negative["missed"]) == (60, 2)
    code, out, _ = run(capsys, "--db", db, "report", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert set(rows[0]) == {"figure", "group", "key", "measure", "value"}
    assert {"inbox", "per_day", "response_times", "goal_mix", "outcomes_by_goal"} <= {
        r["figure"] for r in rows
    }
    code, out, _ = run(capsys, "--db", db, "report", "--format", "md")
    assert out.startswith("# Weekly report: All brands") and "## Headlines" in out
    assert "| band | comments |" in out


def test_report_errors(capsys, db):
    code, _, err = run(capsys, "--db", db, "report", "--from", "2026-12-01", "--to", "2026-11-01")
    assert code == 2 and "is after --to" in err
    code, _, err = run(capsys, "--db", db, "report", "--from", "someday")
    assert code == 2 and "argument --from" in err and "not a time I understand" in err


def test_outcomes_and_post_link_commands(capsys, db, tmp_path, desk):
    post_id = desk["posts"]["sales"].id
    path = tmp_path / "o.csv"
    path.write_text(f"post_id,date,clicks\n{post_id},2026-11-27,9\n", encoding="utf-8")
    code, out, _ = run(capsys, "--db", db, "outcomes", "import", str(path), "--brand", "acme")
    assert code == 0 and "stored 1 outcome row(s)" in out
    code, out, _ = run(capsys, "--db", db, "outcomes", "add", str(post_id), "--leads", "2")
    assert code == 0 and "lifetime: leads 2" in out
    path.write_text("post_id,clicks\nx,1\n", encoding="utf-8")
    code, _, err = run(capsys, "--db", db, "outcomes", "import", str(path))
    assert code == 2 and "o.csv:line 2: post_id" in err
    code, out, _ = run(
        capsys,
        "--db",
        db,
        "post",
        "link",
        str(post_id),
        "--platform",
        "facebook",
        "--id",
        "fbpost-1",
    )
    assert code == 0 and "1 comment(s) matched" in out
    with open_store(db) as other:
        assert other.conn.execute("SELECT count(*) FROM outcomes").fetchone()[0] == 2
