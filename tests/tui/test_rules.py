"""Pilot tests of the Brand section's rules: add (a bad one refused in the dialog), test, move,
remove; a rule's suggested reply fills the editor."""

from smmdesk.inbox import rules
from smmdesk.inbox.rules import RuleSpec
from smmdesk.store.brands import list_brands
from smmdesk.store.comments import add_template
from tests.tui.helpers import eventually, run, screen_text, settle


def first_brand(store):
    return list_brands(store)[0]


async def open_rules(pilot):
    await pilot.press("f4")
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)


async def fill(app, pilot, name, when, then):
    await pilot.press("a")
    await settle(pilot)
    app.screen.query_one("#rule-name").value = name
    app.screen.query_one("#rule-if").value = when
    app.screen.query_one("#rule-then").value = then
    await pilot.press("ctrl+s")
    await settle(pilot)


def names(store):
    return [s.name for s in rules.list_rules(store, first_brand(store))]


def test_add_test_move_and_remove_rules(demo_store):
    async def scenario(app, pilot):
        await open_rules(pilot)
        assert "No rules yet" in screen_text(app)
        await fill(app, pilot, "refunds", "keywords: refund; regex: (a+)+$", "label: refund")
        assert "can take seconds" in screen_text(app) and names(demo_store) == []
        app.screen.query_one("#rule-if").value = "keywords: refund"
        await pilot.press("ctrl+s")
        await eventually(pilot, lambda: names(demo_store) == ["refunds"])
        await fill(app, pilot, "praise", "band: positive", "label: praise ; continue")
        await eventually(pilot, lambda: names(demo_store) == ["refunds", "praise"])
        await eventually(pilot, lambda: "2. praise: if band: positive" in screen_text(app))
        await pilot.press("t")  # the highlighted one: the new rule
        await eventually(pilot, lambda: "praise matches" in screen_text(app))
        await pilot.press("K")
        await eventually(pilot, lambda: names(demo_store) == ["praise", "refunds"])
        await pilot.press("J")
        await eventually(pilot, lambda: names(demo_store) == ["refunds", "praise"])
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await eventually(pilot, lambda: names(demo_store) == ["refunds"])
        await pilot.press("escape")
        await settle(pilot)
        body = app.query_one("#brief-body")  # the brief lists the rules (below the fold)
        assert "1. refunds: if keywords: refund then label: refund" in str(body.content)

    run(demo_store, scenario)


def test_a_rules_suggested_reply_fills_the_editor(demo_store):
    brand = first_brand(demo_store)
    add_template(demo_store, "sorry-refund", "Sorry, {author}! Write to us for the refund.")
    rules.add_rule(demo_store, brand, RuleSpec("every", ["words: 0.."], ["suggest: sorry-refund"]))
    rules.apply_rules(demo_store, brand)

    async def scenario(app, pilot):
        await settle(pilot)
        table = app.query_one("#inbox").query_one("DataTable")
        for _ in range(40):  # the first comment of the brand with the suggestion
            item = app.query_one("#inbox").current()
            if item is not None and item.brand_id == brand.id:
                break
            await pilot.press("j")
        assert table is not None
        await pilot.press("r")
        await settle(pilot)
        draft = app.screen.query_one("#draft")
        assert draft.text.startswith("Sorry, ") and "for the refund" in draft.text

    run(demo_store, scenario)
