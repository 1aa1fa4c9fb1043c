"""Moderation rules on synced comments: the fake Bot API over real HTTP, the engine, the rules."""

from smmdesk.inbox import rules, triage
from smmdesk.inbox.rules import RuleSpec
from smmdesk.store import accounts as a
from smmdesk.store import comments as q
from smmdesk.sync import engine
from tests.sync.test_telegram import ids_by_external, no_wait


def run(store, account):
    return engine.sync(store, [a.get_account(store, account.name)], sleep=no_wait)


def test_rules_label_synced_comments_and_an_auto_reply_goes_out_once(
    store, brand, tg_account, fake_telegram
):
    q.add_template(store, "where", "Hi {author}! In every store of ours.")
    rules.save_rules(
        store,
        brand,
        [
            RuleSpec("quality", ["keywords: terribl*, broke"], ["label: quality", "assign: olha"]),
            RuleSpec("buy", ["question", "keywords: buy"], ["auto-reply: where"]),
        ],
    )
    fake = fake_telegram.app
    post = fake.post("New shoes are out")
    fake.comment("Where can I buy them?", post, user=777, name="Olena")
    fake.comment("Terrible quality, broke in a week", post, user=778, name="Ivan")
    report = run(store, tg_account)
    assert report.exit_status == 0, report.results[0].error
    by_text = {c.text: c for c in (q.get_comment(store, i) for i in (1, 2))}
    bad = by_text["Terrible quality, broke in a week"]
    assert (q.labels_of(store, bad.id), bad.assignee) == (["quality"], "olha")
    assert {x.actor for x in q.history_of(store, bad.id)} == {"rule:quality"}
    # The question got the rule's reply, queued for the account: the next sync sends it, once.
    asked = by_text["Where can I buy them?"]
    assert asked.status == "replied"
    run(store, tg_account)
    run(store, tg_account)
    assert [m["text"] for m in fake.sent] == ["Hi Olena! In every store of ours."]


def by_external(store, brand, platform, external_id):
    found = ids_by_external(store, brand.id, platform, [str(external_id)])
    return q.get_comment(store, found[str(external_id)])


def test_an_edited_message_is_ruled_again_unless_a_person_triaged_it(
    store, brand, tg_account, fake_telegram
):
    """An ``edited_message``: the brand's rules run on the new text, once; a comment a person
    has triaged keeps their decision."""
    q.add_template(store, "where", "Hi {author}! In every store of ours.")
    rules.save_rules(
        store,
        brand,
        [
            RuleSpec("quality", ["keywords: broke"], ["label: quality", "continue"]),
            RuleSpec("buy", ["question", "keywords: buy"], ["auto-reply: where"]),
        ],
    )
    fake = fake_telegram.app
    post = fake.post("New shoes are out")
    asks = fake.comment("Nice shoes", post, user=777, name="Olena")
    broke = fake.comment("Lovely", post, user=778, name="Ivan")
    handled = fake.comment("Lovely too", post, user=779, name="Oksana")
    run(store, tg_account)
    person = by_external(store, brand, "telegram", handled)
    triage.assign(store, [person.id], "marta", actor="marta")
    fake.edit(asks, "Where can I buy them?")
    fake.edit(broke, "The sole broke in a week")
    fake.edit(handled, "The strap broke too")
    report = run(store, tg_account)
    assert report.exit_status == 0, report.results[0].error
    assert report.results[0].edited == 3
    ivan = by_external(store, brand, "telegram", broke)
    assert q.labels_of(store, ivan.id) == ["quality"]
    assert {x.actor for x in q.history_of(store, ivan.id)} == {"rule:quality"}
    oksana = by_external(store, brand, "telegram", handled)
    assert (q.labels_of(store, oksana.id), oksana.assignee) == ([], "marta")
    assert by_external(store, brand, "telegram", asks).status == "replied"
    fake.edit(asks, "Where can I buy them? Size 38")  # edited again: no second reply
    run(store, tg_account)
    run(store, tg_account)
    assert [m["text"] for m in fake.sent] == ["Hi Olena! In every store of ours."]
