"""The reply editor on a Ukrainian complaint: the Ukrainian saved reply offered first, its
{first_name} filled and the brief's form of address (formal: ви) chosen."""

from textual.widgets import OptionList

from smmdesk.brand.save import write_brief
from smmdesk.inbox import answers
from smmdesk.store import comments as q
from smmdesk.store.brief import load_brief
from tests.inbox.helpers import load, raw
from tests.tui.helpers import inbox, run, screen_text, settle

UK_APOLOGY = (
    "{ти:Привіт|ви:Вітаємо}, {first_name}! {ти:Напиши|ви:Напишіть} нам номер замовлення, "
    "і ми все владнаємо сьогодні. — {brand}"
)


def desk(store, brand, *, address, author="Олена Коваленко"):
    brief = load_brief(store, brand)
    brief.address, brief.sign_off = address, "Acme"
    write_brief(store, brand, brief)
    answers.add_template(store, "Apology", "Hi {author}, we're sorry. — {brand}", language="en")
    answers.add_template(store, "Any language", "🙏 {brand}")
    uk = answers.add_template(store, "Вибачення", UK_APOLOGY, language="uk")
    load(store, brand, [raw("Жахлива якість, чайник зламався за тиждень", id="c1", author=author)])
    return uk


def test_a_ukrainian_complaint_is_offered_the_ukrainian_reply_first_in_the_ви_form(
    store, brand, monkeypatch
):
    monkeypatch.setenv("SMMDESK_NOW", "2026-11-28T12:00:00+00:00")
    uk = desk(store, brand, address="ви (formal)")

    async def scenario(app, pilot):
        item = inbox(app).items[0]
        assert item.language == "uk"
        await pilot.press("r")
        await settle(pilot)
        options = app.screen.query_one("#templates", OptionList)
        offered = [options.get_option_at_index(i) for i in range(options.option_count)]
        assert [o.id for o in offered][0] == str(uk)
        assert [str(o.prompt).split()[-1] for o in offered] == ["uk", "any", "en"]
        assert "Reply to Олена Коваленко · uk" in screen_text(app)
        await pilot.press("enter")  # the highlighted one: the first offered
        await pilot.pause()
        draft = app.screen.query_one("#draft").text
        assert draft == (
            "Вітаємо, Олена! Напишіть нам номер замовлення, і ми все владнаємо сьогодні. — Acme"
        )
        assert "✓ tone" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        (reply,) = q.replies_of(store, item.id)
        assert (reply.text, reply.template_id) == (draft, uk)

    run(store, scenario)


def test_a_handle_gets_no_first_name_and_ти_when_the_policy_says_informal(
    store, brand, monkeypatch
):
    monkeypatch.setenv("SMMDESK_NOW", "2026-11-28T12:00:00+00:00")
    desk(store, brand, address="ти (informal you)", author="@olena_k")

    async def scenario(app, pilot):
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#draft").text.startswith("Привіт! Напиши нам")

    run(store, scenario)
