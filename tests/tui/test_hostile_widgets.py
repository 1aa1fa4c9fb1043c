"""User text in every prompt, form field, option list and toast: shown literally, never obeyed.

Each dialog is opened with hostile text in what it pre-fills or lists; the rendered
screen must hold no escape, control or bidi character, markup must show as typed,
and saving a form the user did not touch must not change the stored text.
"""

import csv

from smmdesk.brand.save import write_brief
from smmdesk.calendar.posts import create_post, get_post
from smmdesk.inbox import triage
from smmdesk.store import comments as q
from smmdesk.store.brands import create_brand, list_brands
from smmdesk.store.brief import load_brief
from smmdesk.store.comments import QueueFilter
from smmdesk.timeutil import from_iso
from tests.hostile import ESCAPES, HOSTILE, MARKUP, SAMPLE, forbidden
from tests.tui.helpers import inbox, run, screen_text, settle


def assert_clean(app):
    strips = app.screen._compositor.render_strips()
    assert app.is_running
    assert len(strips) == app.size.height
    for strip in strips:
        assert strip.cell_length == app.size.width
        assert not forbidden(strip.text), repr(strip.text)


def first_id(store):
    return store.conn.execute("SELECT min(id) FROM comments WHERE status = 'open'").fetchone()[0]


def test_label_prompt_lists_hostile_labels_literally(demo_store):
    triage.label(demo_store, [first_id(demo_store)], add=[SAMPLE])

    async def scenario(app, pilot):
        inbox(app).action_label()
        await settle(pilot)
        assert_clean(app)
        assert "[bold red]loud[/]" in screen_text(app)

    run(demo_store, scenario)


def test_assign_prompt_prefills_a_hostile_assignee_and_keeps_it(demo_store):
    cid = first_id(demo_store)
    triage.assign(demo_store, [cid], SAMPLE)

    async def scenario(app, pilot):
        view = inbox(app)
        view.reload(keep=cid)
        await settle(pilot)
        assert view.current().id == cid
        view.action_assign()
        await settle(pilot)
        assert_clean(app)
        assert "[bold red]loud[/]" in screen_text(app)
        await pilot.press("enter")  # taken as shown: nothing lost
        await settle(pilot)
        assert_clean(app)

    run(demo_store, scenario)
    assignee = demo_store.conn.execute(
        "SELECT assignee FROM comments WHERE id = ?", (cid,)
    ).fetchone()[0]
    assert assignee == SAMPLE.strip()


def test_saved_reply_list_and_draft_show_hostile_text_literally(demo_store):
    q.add_template(demo_store, f"name {SAMPLE}", f"Hello {{author}}, {SAMPLE}\nline two")
    cid = first_id(demo_store)

    async def scenario(app, pilot):
        view = inbox(app)
        view.reload(keep=cid)
        await settle(pilot)
        view.action_reply()
        await settle(pilot)
        await pilot.press(*"name")
        await settle(pilot)
        assert_clean(app)
        assert "name [bold red]loud[/]" in screen_text(app)
        await pilot.press("enter")  # the draft is filled in
        await settle(pilot)
        assert_clean(app)
        draft = app.screen.query_one("#draft").text
        assert "line two" in draft and "\n" in draft and not forbidden(draft)

    run(demo_store, scenario)


def hostile_post(store):
    brand = list_brands(store)[0]
    return create_post(
        store,
        brand,
        title=f"title {SAMPLE}",
        body=f"body {SAMPLE}\nsecond line",
        goal="sales",
        channel="Facebook page",
        when=from_iso("2026-12-02T10:00:00+00:00"),
        campaign=f"camp {ESCAPES}",
        link="https://kava.example/x",
        now=from_iso("2026-11-28T09:00:00+00:00"),
    )


def test_post_edit_form_shows_hostile_fields_and_saving_untouched_keeps_them(demo_store):
    from smmdesk.tui.calendar.post_form import PostForm

    post = hostile_post(demo_store)

    async def scenario(app, pilot):
        app.push_screen(PostForm(demo_store, list_brands(demo_store), post=post, mode="edit"))
        await settle(pilot)
        assert_clean(app)
        assert "title [bold red]loud[/]" in screen_text(app)
        for selector in ("#pf-title", "#pf-campaign"):
            assert not forbidden(app.screen.query_one(selector).value)
        assert not forbidden(app.screen.query_one("#pf-body").text)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert_clean(app)  # the toast names the title too

    run(demo_store, scenario)
    saved = get_post(demo_store, post.id)
    assert (saved.title, saved.body, saved.campaign) == (post.title, post.body, post.campaign)


def hostile_brief(store):
    brand = list_brands(store)[0]
    brief = load_brief(store, brand)
    brief.address = f"address {SAMPLE}"
    brief.sign_off = f"— {ESCAPES}"
    brief.never_words = [MARKUP, ESCAPES]
    brief.value_proposition = f"vp {SAMPLE}"
    return brand, write_brief(store, brand, brief)


def test_policy_form_shows_hostile_policy_and_saving_untouched_keeps_it(demo_store):
    from smmdesk.tui.brand.view import PolicyScreen

    brand, brief = hostile_brief(demo_store)

    async def scenario(app, pilot):
        app.push_screen(PolicyScreen(demo_store, brand, brief))
        await settle(pilot)
        assert_clean(app)
        assert "address [bold red]loud[/]" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert_clean(app)

    run(demo_store, scenario)
    after = load_brief(demo_store, brand)
    assert (after.address, after.sign_off) == (brief.address, brief.sign_off)


def test_value_proposition_prompt_prefills_hostile_text(demo_store):
    brand, brief = hostile_brief(demo_store)

    async def scenario(app, pilot):
        await pilot.press("f4")
        await settle(pilot)
        assert_clean(app)
        app.query_one("#brand").action_value_proposition()
        await settle(pilot)
        assert_clean(app)
        assert "vp [bold red]loud[/]" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert_clean(app)

    run(demo_store, scenario)
    assert load_brief(demo_store, brand).value_proposition == brief.value_proposition.strip()


def test_filter_dialog_lists_markup_names_literally_and_survives_a_closing_tag(
    demo_store, tmp_path
):
    from smmdesk.inbox.importer import import_file

    brand = create_brand(demo_store, "[bold red]Loud[/] brand", slug="loud")
    path = tmp_path / "odd.csv"
    path.write_text(
        "id,author,created_at,text,platform\n"
        "o1,Ann,2026-11-28T08:00:00Z,hi,[/]\n"
        "o2,Bob,2026-11-28T08:00:00Z,yo,[bold red]x[/]\n",
        encoding="utf-8",
    )
    import_file(demo_store, path, brand)
    triage.label(demo_store, [first_id(demo_store)], add=["[bold red]x[/]"])

    async def scenario(app, pilot):
        from smmdesk.tui.inbox.filters import FilterScreen

        current = QueueFilter(brand_id=brand.id, platform="[/]", label="[bold red]x[/]")
        app.push_screen(FilterScreen(demo_store, current))
        await settle(pilot)
        assert_clean(app)
        text = screen_text(app)
        assert "[bold red]Loud[/] brand" in text and "[bold red]x[/]" in text and "[/]" in text
        app.screen.query_one("#f-platform").action_show_overlay()  # the whole list, drawn
        await settle(pilot)
        assert_clean(app)
        assert "[bold red]x[/]" in screen_text(app)

    run(demo_store, scenario)


def test_toasts_and_titles_never_carry_escapes(demo_store):
    async def scenario(app, pilot):
        app.notify(SAMPLE, title=SAMPLE)
        app.notify(SAMPLE, title=ESCAPES, markup=True)  # even a caller who forgets
        app.sub_title = SAMPLE
        await settle(pilot)
        assert_clean(app)
        assert "[bold red]loud[/]" in screen_text(app)

    run(demo_store, scenario)


def test_a_hostile_platform_name_in_the_queue_and_detail(demo_store, tmp_path):
    from smmdesk.inbox.importer import import_file

    path = tmp_path / "odd.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(
            [
                ["id", "author", "created_at", "text", "platform"],
                ["p1", "Ann", "2026-11-28T08:00:00Z", "Awful!! mallory", ESCAPES],
            ]
        )
    import_file(demo_store, path, list_brands(demo_store)[0])

    async def scenario(app, pilot):
        await pilot.press("slash", *"mallory", "enter")
        await settle(pilot)
        assert len(inbox(app).items) == 1
        assert_clean(app)

    run(demo_store, scenario)


def test_the_whole_corpus_in_prompts_option_lists_and_editors(demo_store):
    """Each hostile text as a prompt's title, pre-filled value and hint, as a label in the
    filter dialog's list, as a saved reply's name and in the reply draft."""
    from smmdesk.tui.inbox.filters import FilterScreen
    from smmdesk.tui.widgets.modals import PromptScreen

    cid = first_id(demo_store)
    triage.label(demo_store, [cid], add=[text[:60] for text in HOSTILE])
    for n, text in enumerate(HOSTILE):
        q.add_template(demo_store, f"{n} {text[:60]}", text)

    async def scenario(app, pilot):
        for text in HOSTILE:
            app.push_screen(PromptScreen(text, value=text, hint=text))
            await pilot.pause()
            assert_clean(app)
            assert not forbidden(app.screen.query_one("#prompt-input").value)
            app.pop_screen()
        app.push_screen(FilterScreen(demo_store, QueueFilter()))
        await settle(pilot)
        app.screen.query_one("#f-label").action_show_overlay()
        await settle(pilot)
        assert_clean(app)
        app.pop_screen()
        view = inbox(app)
        view.reload(keep=cid)
        await settle(pilot)
        view.action_reply()
        await settle(pilot)
        assert_clean(app)
        draft = app.screen.query_one("#draft")
        for text in HOSTILE:
            draft.text = text
            await pilot.pause()
            assert_clean(app)
            assert not forbidden(draft.text)

    run(demo_store, scenario)
