"""Pilot tests of the Brand section (F4): read the brief, edit the policy, add and remove items."""

from smmdesk.store.brands import list_brands
from smmdesk.store.brief import load_brief
from tests.tui.helpers import run, screen_text, settle


def first_brand(store):
    return list_brands(store)[0]


async def open_policy(pilot):
    await pilot.press("f4")
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)


def test_brand_section_shows_the_brief(demo_store):
    brand = first_brand(demo_store)

    async def scenario(app, pilot):
        await pilot.press("f4")
        await settle(pilot)
        text = screen_text(app)
        assert f"Brief: {brand.name}" in text and "Communication policy" in text
        assert "Lviv roastery" in text and "Home brewers" in text  # the demo's brief

    run(demo_store, scenario)


def test_policy_form_refuses_a_bad_tone_inline_and_saves_a_good_one(demo_store):
    brand = first_brand(demo_store)

    async def scenario(app, pilot):
        await open_policy(pilot)
        app.screen.query_one("#policy-tone").value = "rude"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "tone must be formal, friendly or playful" in screen_text(app)
        assert load_brief(demo_store, brand).tone == "friendly"
        app.screen.query_one("#policy-tone").value = "playful"
        app.screen.query_one("#policy-never").value = "cheap, unfortunately"
        app.screen.query_one("#policy-targets").value = "negative=15"
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = load_brief(demo_store, brand)
        assert (saved.tone, saved.never_words, saved.response_targets) == (
            "playful",
            ["cheap", "unfortunately"],
            {"negative": 15},
        )
        assert "- Tone: playful" in screen_text(app)

    run(demo_store, scenario)


def test_bad_targets_are_refused_and_nothing_changes(demo_store):
    brand = first_brand(demo_store)

    async def scenario(app, pilot):
        await open_policy(pilot)
        app.screen.query_one("#policy-targets").value = "negative=soon"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "band=minutes" in screen_text(app) and "negative=soon" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert load_brief(demo_store, brand).response_targets == {}

    run(demo_store, scenario)


def test_add_and_remove_an_audience_with_markup_in_it(demo_store):
    brand = first_brand(demo_store)

    async def scenario(app, pilot):
        before = [a.name for a in load_brief(demo_store, brand).audiences]
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one(
            "#prompt-input"
        ).value = "[bold]Office[/] managers | 25-40 | steady supply | Facebook"
        await pilot.press("enter")
        await settle(pilot)
        assert [a.name for a in load_brief(demo_store, brand).audiences] == [
            *before,
            "[bold]Office[/] managers",
        ]
        assert "[bold]Office[/] managers" in screen_text(app)
        await pilot.press("d")
        await settle(pilot)
        app.screen.query_one("#prompt-input").value = "nobody"
        await pilot.press("enter")
        await settle(pilot)
        assert "no audience, competitor or channel named 'nobody'" in screen_text(app)
        app.screen.query_one("#prompt-input").value = "[bold]office[/] managers"
        await pilot.press("enter")
        await settle(pilot)
        assert [a.name for a in load_brief(demo_store, brand).audiences] == before

    run(demo_store, scenario)


def test_never_words_from_the_brief_are_flagged_in_the_reply_editor(demo_store):
    async def scenario(app, pilot):
        item = app.query_one("#inbox").items[0]
        brand = next(b for b in list_brands(demo_store) if b.name == item.brand)
        await pilot.press("f4")
        await settle(pilot)
        while app.query_one("#brand").brand.id != brand.id:
            await pilot.press("b")
            await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        app.screen.query_one("#policy-never").value = "cheap"
        app.screen.query_one("#policy-sign-off").value = "— the team"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        await pilot.press("r", "tab", "tab")
        await settle(pilot)
        app.screen.query_one("#draft").text = "Thanks, our cheap plan is here"
        await settle(pilot)
        text = screen_text(app)
        assert "never-use words: cheap" in text and "missing sign-off" in text
        app.screen.query_one("#draft").text = "Thanks, our plan is here — the team"
        await settle(pilot)
        assert "✓ tone" in screen_text(app)

    run(demo_store, scenario)


def test_handles_key_edits_our_accounts_and_remarks_the_inbox(demo_store):
    brand = first_brand(demo_store)
    handle = brand.handles[0]

    def ours_count():
        return demo_store.conn.execute(
            "SELECT count(*) FROM comments WHERE brand_id = ? AND is_ours = 1", (brand.id,)
        ).fetchone()[0]

    def answered_count():
        return demo_store.conn.execute(
            "SELECT count(*) FROM comments WHERE brand_id = ? AND has_our_reply = 1", (brand.id,)
        ).fetchone()[0]

    ours, answered = ours_count(), answered_count()
    assert ours and answered  # the demo's own replies

    async def scenario(app, pilot):
        await pilot.press("f4")
        await settle(pilot)
        assert f"Our handles: {handle}" in screen_text(app)
        await pilot.press("h")
        await settle(pilot)
        field = app.screen.query_one("#prompt-input")
        assert field.value == handle
        field.value = "ok, " + "x" * 150  # refused inline, nothing changes
        await pilot.press("enter")
        await settle(pilot)
        assert "a handle is at most 100 characters" in screen_text(app)
        assert list_brands(demo_store)[0].handles == (handle,) and ours_count() == ours
        field.value = ""
        await pilot.press("enter")
        await settle(pilot)
        assert list_brands(demo_store)[0].handles == ()
        assert ours_count() == 0 and answered_count() == 0
        assert "Our handles: (none" in screen_text(app)
        await pilot.press("h")
        await settle(pilot)
        app.screen.query_one("#prompt-input").value = f"  @{handle.upper()} , [bold]x[/]"
        await pilot.press("enter")
        await settle(pilot)
        assert list_brands(demo_store)[0].handles == (f"@{handle.upper()}", "[bold]x[/]")
        assert ours_count() == ours and answered_count() == answered
        text = screen_text(app)
        assert f"Our handles: @{handle.upper()}, [bold]x[/]" in text
        assert any(f"{ours} comments now ours" in n.message for n in app._notifications)

    run(demo_store, scenario)


def test_a_policy_save_keeps_handles_changed_meanwhile(demo_store):
    from smmdesk.inbox.ours import apply_handles

    brand = first_brand(demo_store)

    async def scenario(app, pilot):
        await open_policy(pilot)  # the brief was read with the old handles
        apply_handles(demo_store, brand, ["@changed.elsewhere"])  # e.g. `smmdesk brand handles`
        app.screen.query_one("#policy-tone").value = "formal"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert load_brief(demo_store, brand).tone == "formal"
        assert list_brands(demo_store)[0].handles == ("@changed.elsewhere",)

    run(demo_store, scenario)


def test_policy_form_takes_targets_as_its_label_says_and_reranks(demo_store):
    from smmdesk.store.brief import TARGET_BANDS

    brand = first_brand(demo_store)
    open_negative = demo_store.conn.execute(
        "SELECT id, urgent_at FROM comments WHERE brand_id = ? AND status = 'open' AND band = 'negative' "
        "LIMIT 1",
        (brand.id,),
    ).fetchone()

    async def scenario(app, pilot):
        await open_policy(pilot)
        text = screen_text(app)
        assert "minutes (" + ", ".join(TARGET_BANDS) + ")" in text
        app.screen.query_one("#policy-targets").value = "30, 120, 240, 1440"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Policy of" in " ".join(n.message for n in app._notifications)

    run(demo_store, scenario)
    assert load_brief(demo_store, brand).response_targets == {
        "negative": 30,
        "question": 120,
        "unscored": 240,
        "neutral": 1440,
    }
    urgent_at = demo_store.conn.execute(
        "SELECT urgent_at FROM comments WHERE id = ?", (open_negative["id"],)
    ).fetchone()[0]
    assert urgent_at == open_negative["urgent_at"] - 30 * 60  # ranked by the new 30-minute target
