"""The post form: no brand yet, and a repeat built by the same rule as ``post add --repeat``."""

from textual.widgets import Select

from smmdesk.calendar import recurrence
from smmdesk.calendar.posts import get_post
from smmdesk.store import open_store
from smmdesk.store.brands import get_brand
from smmdesk.store.posts import find_channel, find_goal
from smmdesk.tui.calendar.post_form import PostForm
from tests.tui.helpers import run, screen_text, settle


def test_no_brand_points_to_brand_add(tmp_path, monkeypatch):
    monkeypatch.setenv("SMMDESK_NOW", "2026-11-28T09:00:00+00:00")
    monkeypatch.setenv("SMMDESK_TZ", "UTC")
    with open_store(tmp_path / "empty.db") as store:

        async def scenario(app, pilot):
            await pilot.press("f2")
            await pilot.pause()
            await pilot.press("n")
            await settle(pilot)
            assert not isinstance(app.screen, PostForm)
            assert "smmdesk brand add NAME" in screen_text(app)
            app.push_screen(PostForm(store, []))
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            shown = screen_text(app)
            assert "no brand yet; add one with `smmdesk brand add NAME`, brand" in shown

        run(store, scenario, size=(120, 40))


def test_the_form_repeats_by_the_cli_rule(demo_store):
    async def scenario(app, pilot):
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PostForm)
        await pilot.press(*"Weekly tips")
        brand = get_brand(demo_store, form.brand.slug)
        form.query_one("#pf-channel", Select).value = find_channel(
            demo_store, brand.id, "Instagram page"
        ).id
        form.query_one("#pf-goal", Select).value = find_goal(demo_store, brand.id, "questions").id
        form.query_one("#pf-when").value = "2026-12-07 10:00"
        form.query_one("#pf-on").value = "mon,thu"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # days with no repeat: refused, not dropped
        assert "go with a repeat, repeat" in screen_text(app)
        form.query_one("#pf-repeat", Select).value = "weekly"
        form.query_one("#pf-ends").value = "4"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, PostForm)
        post = app.query_one("#calendar").current().post
        assert post.title == "Weekly tips"
        expected = recurrence.repeat_rule(
            "weekly", post.scheduled_at, post.tz, on="mon,thu", count=4,
            now=post.created_at, user_zone=form.zone,
        )  # fmt: skip
        assert get_post(demo_store, post.id).rrule == expected == "FREQ=WEEKLY;BYDAY=MO,TH;COUNT=4"

    run(demo_store, scenario, size=(120, 40))


def test_the_image_field_checks_as_post_add_image_does(demo_store):
    """An Instagram post scheduled without an image is the form's one line (the image field
    focused, nothing saved); http is refused as `--image` refuses it; https saves it."""
    count = demo_store.conn.execute("SELECT count(*) FROM posts").fetchone()[0]

    async def scenario(app, pilot):
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PostForm)
        await pilot.press(*"Autumn boots")
        brand = get_brand(demo_store, form.brand.slug)
        form.query_one("#pf-channel", Select).value = find_channel(
            demo_store, brand.id, "Instagram page"
        ).id
        form.query_one("#pf-goal", Select).value = find_goal(demo_store, brand.id, "sales").id
        form.query_one("#pf-status", Select).value = "scheduled"
        form.query_one("#pf-link").value = "https://acme.example/boots"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        error = str(form.query_one("#pf-error").render())
        assert "needs an image to be scheduled" in error and "\n" not in error.strip()
        assert app.focused is form.query_one("#pf-image")
        await pilot.press(*"http://acme.example/boots.jpg")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "image must be a web address starting with https://" in screen_text(app)
        assert demo_store.conn.execute("SELECT count(*) FROM posts").fetchone()[0] == count
        form.query_one("#pf-image").value = "https://acme.example/boots.jpg"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, PostForm)
        post = get_post(demo_store, app.query_one("#calendar").current().post.id)
        assert post.title == "Autumn boots" and post.status == "scheduled"
        assert post.image_url == "https://acme.example/boots.jpg"

    run(demo_store, scenario, size=(120, 40))


def test_the_form_keeps_a_posts_image_and_drops_it_when_cleared(demo_store):
    """Editing shows the post's image; a draft may drop it (an empty field: no image)."""
    [post_id] = demo_store.conn.execute(
        "SELECT id FROM posts WHERE image_url IS NOT NULL AND rrule IS NULL ORDER BY id"
    ).fetchone()
    post = get_post(demo_store, post_id)

    async def scenario(app, pilot):
        app.push_screen(
            PostForm(demo_store, [get_brand(demo_store, post.brand)], post=post, mode="edit")
        )
        await settle(pilot)
        form = app.screen
        assert form.query_one("#pf-image").value == post.image_url
        form.query_one("#pf-status", Select).value = "draft"
        form.query_one("#pf-image").value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, PostForm), screen_text(app)
        assert get_post(demo_store, post.id).image_url is None

    run(demo_store, scenario, size=(120, 40))
