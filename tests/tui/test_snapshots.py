"""SVG snapshots of the main screens on the demo data with a frozen clock.

Update after an intended change: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from smmdesk.tui.app import SmmdeskApp
from tests.tui.helpers import charts_drawn, workers_done

SIZE = (120, 36)


async def counted(pilot):
    """The header and the chips bar count in threads: wait for them."""
    await workers_done(pilot)


def test_inbox(snap_compare, demo_store):
    assert snap_compare(SmmdeskApp(demo_store), terminal_size=SIZE, run_before=counted)


def test_inbox_detail_of_a_thread(snap_compare, demo_store):
    assert snap_compare(
        SmmdeskApp(demo_store),
        terminal_size=SIZE,
        press=["j", "j", "j", "enter"],
        run_before=counted,
    )


def charts_drawn_after(*keys):
    """Press ``keys``, then wait until the charts are drawn (not a fixed time: a loaded
    machine only makes the wait longer): see ``helpers.charts_drawn``."""

    async def run_before(pilot):
        await counted(pilot)
        await pilot.press(*keys)
        await charts_drawn(pilot)
        # The scrollbar's thumb (an eighth of a cell) follows the height of what is below
        # the fold, which the plots settle only over later refreshes: it is not drawn here.
        for node in pilot.app.query("#report, #report *"):
            node.styles.scrollbar_size_vertical = 0
        await charts_drawn(pilot)

    return run_before


def test_report(snap_compare, demo_store):
    assert snap_compare(
        SmmdeskApp(demo_store), terminal_size=SIZE, run_before=charts_drawn_after("f3")
    )


def test_calendar_month(snap_compare, demo_store):
    assert snap_compare(
        SmmdeskApp(demo_store), terminal_size=SIZE, press=["f2"], run_before=counted
    )


def test_calendar_week(snap_compare, demo_store):
    assert snap_compare(
        SmmdeskApp(demo_store), terminal_size=SIZE, press=["f2", "2"], run_before=counted
    )


# --- 80x24: the smallest terminal a user brings; every dialog shows its error and its keys ---

SMALL = (80, 24)


def then(*steps):
    """Wait for the counts, then run ``steps``: key names, or (selector, value) to set a field."""

    async def run_before(pilot):
        await counted(pilot)
        for step in steps:
            if isinstance(step, tuple):
                selector, value = step
                widget = pilot.app.screen.query_one(selector)
                if hasattr(widget, "document"):
                    widget.text = value
                else:
                    widget.value = value
            else:
                await pilot.press(step)
            await pilot.pause()
        await workers_done(pilot)

    return run_before


def test_inbox_80x24(snap_compare, demo_store):
    assert snap_compare(SmmdeskApp(demo_store), terminal_size=SMALL, run_before=counted)


def test_calendar_month_80x24(snap_compare, demo_store):
    assert snap_compare(SmmdeskApp(demo_store), terminal_size=SMALL, run_before=then("f2"))


def test_reply_editor_with_a_tone_warning_80x24(snap_compare, demo_store):
    assert snap_compare(
        SmmdeskApp(demo_store),
        terminal_size=SMALL,
        run_before=then("r", "tab", "tab", ("#draft", "Our cheap plan"), "ctrl+s"),
    )


def test_post_form_with_its_error_80x24(snap_compare, demo_store):
    assert snap_compare(
        SmmdeskApp(demo_store),
        terminal_size=SMALL,
        run_before=then("f2", "n", ("#pf-title", "Launch"), "ctrl+s"),
    )


def test_post_form_an_instagram_post_without_its_image(snap_compare, demo_store):
    """120x36: the image field, and the one line an Instagram post scheduled without it is."""
    from smmdesk.brand.brands import list_brands
    from smmdesk.store.posts import find_channel, find_goal

    brand = list_brands(demo_store)[0]  # the form's brand with the calendar on all brands
    channel = find_channel(demo_store, brand.id, "Instagram page").id
    goal = find_goal(demo_store, brand.id, "sales").id
    steps = (("#pf-title", "Autumn boots"), ("#pf-channel", channel), ("#pf-goal", goal))
    steps += (("#pf-status", "scheduled"), ("#pf-link", "https://acme.example/boots"))
    assert snap_compare(
        SmmdeskApp(demo_store),
        terminal_size=SIZE,
        run_before=then("f2", "n", *steps, "ctrl+s"),
    )


def test_filter_dialog_with_its_error_80x24(snap_compare, demo_store):
    assert snap_compare(
        SmmdeskApp(demo_store),
        terminal_size=SMALL,
        run_before=then("f", ("#f-since", "someday"), "ctrl+s"),
    )


def test_report_80x24(snap_compare, demo_store):
    assert snap_compare(
        SmmdeskApp(demo_store), terminal_size=SMALL, run_before=charts_drawn_after("f3")
    )


# --- the Brand section (the brief) and the help screen ---


def test_brand(snap_compare, demo_store):
    assert snap_compare(SmmdeskApp(demo_store), terminal_size=SIZE, run_before=then("f4"))


def test_brand_80x24(snap_compare, demo_store):
    assert snap_compare(SmmdeskApp(demo_store), terminal_size=SMALL, run_before=then("f4"))


def test_help(snap_compare, demo_store):
    assert snap_compare(
        SmmdeskApp(demo_store), terminal_size=SIZE, run_before=then("question_mark")
    )


# --- sync: the status at the right of the tabs, the replies' states in the detail pane ---


def with_sync(store):
    """The demo desk with an account for the first comment's brand and platform: synced 5 min
    ago, then unreachable; that comment has a reply sent and a later one that failed (it is
    open again); a reply to another of the account's comments waits in the outbox."""
    from smmdesk.inbox import queue, triage
    from smmdesk.store import accounts as a
    from smmdesk.store.comments import update_comment
    from smmdesk.store.models import QueueFilter

    first, *others = queue.page(store, QueueFilter(), limit=50)
    second = next(o for o in others if (o.brand_id, o.platform) == (first.brand_id, first.platform))
    account = a.add_account(
        store,
        brand_id=first.brand_id,
        platform=first.platform,
        name="trailhead-ig",
        api_base=None,
        options={},
        secret_ref="snapshot",
        at="2026-11-01T09:00:00+00:00",
    )
    a.record_sync(store, account.id, at="2026-11-28T08:55:00+00:00", error=None)
    a.record_sync(store, account.id, at=None, error="unreachable: cannot connect")

    def replied(comment_id, text, state, **fields):
        triage.reply(store, [comment_id], text)
        reply = outbox.latest_for(store, comment_id).reply
        a.set_reply_state(store, reply.id, state, expect=("queued",), **fields)

    from smmdesk.sync import outbox

    replied(
        first.id,
        "So sorry! A fix for checkout is out today.",
        "sent",
        at="2026-11-28T08:30:00+00:00",
        sent_at="2026-11-28T08:31:00+00:00",
        remote_id="1789",
    )
    replied(
        first.id,
        "Did the update help?",
        "failed",
        at="2026-11-28T08:50:00+00:00",
        error="the comment was deleted on Instagram",
    )
    update_comment(store, first.id, {"status": "open"})
    triage.reply(store, [second.id], "Thanks, we are looking into it.")  # waits: offline
    return store


def test_sync_status_and_reply_states(snap_compare, demo_store):
    assert snap_compare(SmmdeskApp(with_sync(demo_store)), terminal_size=SIZE, run_before=counted)


def test_sync_status_and_reply_states_80x24(snap_compare, demo_store):
    assert snap_compare(SmmdeskApp(with_sync(demo_store)), terminal_size=SMALL, run_before=counted)


# --- publishing: each post's way out in the calendar's agenda and detail lines ---


def with_publishing(store):
    """The demo desk with a Facebook Page account for each brand, and posts in every state
    on Fri 27 Nov and after (now: Sat 28 Nov 09:00): Trailhead's 27 Nov 11:00 post
    published with its link, Kava Lab's 27 Nov 18:00 one late (never tried), one
    publishing, one failed, one unsure; the rest scheduled through an account or by hand."""
    from smmdesk.store import accounts as a
    from smmdesk.store import publications as pub

    brands = {row["name"]: row["id"] for row in store.conn.execute("SELECT id, name FROM brands")}
    made = {
        name: a.add_account(
            store,
            brand_id=brands[brand],
            platform="facebook",
            name=name,
            api_base=None,
            options={"page_id": page},
            secret_ref=name,
            at="2026-11-01T09:00:00+00:00",
        )
        for name, brand, page in (
            ("kava-fb", "Kava Lab", "101"),
            ("trailhead-fb", "Trailhead Outfitters", "202"),
        )
    }

    def post_id(title, day):
        return store.conn.execute(
            "SELECT id FROM posts WHERE title = ? AND scheduled_at LIKE ?", (title, f"{day}%")
        ).fetchone()[0]

    def publication(title, day, account, state, **fields):
        found = post_id(title, day)
        at = f"{day}T08:00:00+00:00"
        assert pub.start(store, found, made[account].id, planned_at=at, tried_at=at)
        publication = pub.of_post(store, found)
        if state != "publishing":
            pub.set_state(store, publication.id, state, expect=("publishing",), **fields)

    publication(
        "Re-waterproofing your jacket",
        "2026-11-27",
        "trailhead-fb",
        "published",
        published_at="2026-11-27T11:00:20+00:00",
        remote_id="202_9001",
        url="https://www.facebook.com/202/posts/9001",
    )
    publication("Meet the shop dog, Bruno", "2026-11-29", "trailhead-fb", "publishing")
    publication(
        "Down or synthetic?",
        "2026-11-30",
        "trailhead-fb",
        "failed",
        error="Facebook refused it: the Page token lacks pages_manage_posts",
    )
    publication(
        "Ad: first bag -20% for new customers",
        "2026-11-30",
        "kava-fb",
        "unsure",
        error="the sync stopped while publishing; look on the page",
    )
    return store


def test_calendar_publishing_states(snap_compare, demo_store):
    """The agenda from Fri 27 Nov, its first post (published, with its link) selected."""
    assert snap_compare(
        SmmdeskApp(with_publishing(demo_store)),
        terminal_size=SIZE,
        run_before=then("f2", "3", "h"),
    )


def test_calendar_publishing_states_80x24(snap_compare, demo_store):
    """The same at 80x24, the late post selected: its detail line says P publishes it."""
    assert snap_compare(
        SmmdeskApp(with_publishing(demo_store)),
        terminal_size=SMALL,
        run_before=then("f2", "3", "h", "K"),
    )


# --- the Brand section's rules: the list and a dry run of the highlighted rule ---


def with_rules(store):
    from smmdesk.inbox import rules
    from smmdesk.inbox.rules import RuleSpec
    from smmdesk.store.brands import list_brands

    brand = list_brands(store)[0]
    rules.add_rule(
        store, brand, RuleSpec("refunds", ["keywords: refund, поверн*"], ["label: refund"])
    )
    rules.add_rule(store, brand, RuleSpec("links", ["has: link"], ["status: spam", "continue"]))
    return store


def test_rules_dialog(snap_compare, demo_store):
    assert snap_compare(
        SmmdeskApp(with_rules(demo_store)), terminal_size=SIZE, run_before=then("f4", "r", "t")
    )


def test_rules_dialog_80x24(snap_compare, demo_store):
    assert snap_compare(
        SmmdeskApp(with_rules(demo_store)), terminal_size=SMALL, run_before=then("f4", "r", "t")
    )
