"""One rule in one place (issue 14): every caller ranks with the brand's targets, and a
comment our reply answers is not open work. Real SQLite files, real CSV exports."""

import csv
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from smmdesk.brand.save import write_brief
from smmdesk.inbox import lexicon, priority, queue, triage
from smmdesk.inbox.importer import import_file
from smmdesk.inbox.ours import apply_handles
from smmdesk.report.figures import build_report
from smmdesk.report.period import Period
from smmdesk.store import comments as q
from smmdesk.store.brands import create_brand
from smmdesk.store.brief import load_brief

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


def csv_file(path, *rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "text", "author", "created_at", "parent_id"])
        out.writerows(rows)
    return path


def test_import_triage_rescore_and_queue_agree_on_the_brands_targets(store, tmp_path):
    store.set_setting("target.negative", "600")
    brand = create_brand(store, "Acme", slug="acme")
    brief = load_brief(store, brand)
    brief.response_targets = {"negative": 20, "question": 45}
    write_brief(store, brand, brief)
    created = NOW - timedelta(minutes=30)
    path = csv_file(
        tmp_path / "c.csv", ("1", "Terrible service, awful", "dan", created.isoformat(), "")
    )
    import_file(store, path, brand, platform="facebook", now=NOW)
    targets = priority.targets_for(store, brand.id)
    assert targets["negative"] == 20 and targets["neutral"] == 1440  # brief over settings

    comment = q.get_comment(store, 1)
    expected = priority.rank(comment, targets)
    assert comment.urgent_at == expected.urgent_at  # import

    item = queue.page(store, queue.QueueFilter(brand_id=brand.id), now=NOW)[0]
    assert (item.brand_id, item.urgent_at, item.due_at) == (
        brand.id,
        expected.urgent_at,
        expected.due_at,
    )
    assert item.timing == "overdue by 10 min"  # the brief's 20 min, not the settings' 10 h
    lines = queue.explain_comment(store, 1, now=NOW)
    assert "response target (negative): 20 min after posting, overdue by 10 min" in lines
    assert queue.detail(store, 1, now=NOW).why == lines[1:]

    lexicon.rescore_open(store, brand)  # rescore
    assert q.get_comment(store, 1).urgent_at == expected.urgent_at

    triage.toggle_flag(store, [1], now=NOW)  # triage
    flagged = q.get_comment(store, 1)
    assert flagged.urgent_at == priority.rank(replace(comment, flagged=True), targets).urgent_at
    triage.toggle_flag(store, [1], now=NOW)
    assert q.get_comment(store, 1).urgent_at == expected.urgent_at


def attacker_file(tmp_path):
    return csv_file(
        tmp_path / "attack.csv",
        ("1", "Terrible service awful", "dan", "2026-11-28T11:00:00Z", ""),
        ("2", "So sorry - we fixed it", "ourshop", "2026-11-28T11:20:00Z", "1"),
    )


def test_our_reply_answers_its_parent(store, tmp_path):
    brand = create_brand(store, "Our Shop", slug="ourshop", handles=("ourshop",))
    summary = import_file(store, attacker_file(tmp_path), brand, platform="facebook", now=NOW)
    assert summary.new == 2 and summary.negatives == 1  # our own reply is never counted

    parent = q.get_comment(store, 1)
    assert parent.status == "replied" and parent.has_our_reply
    assert queue.page(store, queue.QueueFilter(), now=NOW) == []
    assert not any("overdue" in line for line in queue.explain_comment(store, 1, now=NOW))

    report = build_report(
        store, Period(date(2026, 11, 28), date(2026, 11, 29), UTC), brand, now=NOW
    )
    assert (report.inbox.answered, report.inbox.missed) == (1, 0)
    negative = next(b for b in report.inbox.response if b.band == "negative")
    assert negative.answered == 1  # first response: our reply, 20 min after


def test_handles_set_later_answer_and_reverting_reopens_only_the_untriaged(store, tmp_path):
    brand = create_brand(store, "Our Shop", slug="ourshop")
    csv_file(
        tmp_path / "two.csv",
        ("1", "Terrible service awful", "dan", "2026-11-28T11:00:00Z", ""),
        ("2", "So sorry - we fixed it", "ourshop", "2026-11-28T11:20:00Z", "1"),
        ("3", "Broken again, awful", "eve", "2026-11-28T11:30:00Z", ""),
        ("4", "We are on it", "ourshop", "2026-11-28T11:40:00Z", "3"),
    )
    import_file(store, tmp_path / "two.csv", brand, platform="facebook", now=NOW)
    assert q.get_comment(store, 1).status == "open"  # nobody said whose the handle is yet

    brand, change = apply_handles(store, brand, ["@OurShop"])
    assert change.answered == 2
    assert [q.get_comment(store, i).status for i in (1, 2, 3, 4)] == [
        "replied",
        "resolved",
        "replied",
        "resolved",
    ]
    triage.assign(store, [3], "olena", now=NOW)  # someone triaged comment 3

    brand, change = apply_handles(store, brand, [])
    assert change.unanswered == 2
    assert q.get_comment(store, 1).status == "open"  # untriaged: open work again
    assert q.get_comment(store, 3).status == "replied"  # triaged: left as it is


def test_one_status_tuple_matches_the_schema(store):
    from smmdesk.inbox.queue import FILTER_STATUSES
    from smmdesk.store.models import STATUSES

    sql = store.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'comments'").fetchone()[0]
    check = sql.split("status IN (")[1].split(")")[0]
    assert tuple(s.strip(" '") for s in check.split(",")) == STATUSES == triage.STATUSES
    assert set(STATUSES) < set(FILTER_STATUSES) and {"snoozed", "all"} < set(FILTER_STATUSES)


def test_user_error_keeps_what_and_where_apart():
    import pickle

    from smmdesk.errors import UserError

    error = UserError("a post needs a title", where="title")
    assert str(error) == "a post needs a title, title"
    assert (error.what, error.where) == ("a post needs a title", "title")
    again = pickle.loads(pickle.dumps(error))
    assert (str(again), again.where) == (str(error), "title")
    assert UserError("whole message, somewhere").where is None
