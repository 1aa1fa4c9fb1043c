"""The third round's signals (docs/spam.md): a bare tag is how friends share a post on
Instagram and Facebook, and the investment-testimonial scam of finance pages, in English,
Ukrainian and Russian. The texts are ours, written in the shapes the ScamSpot set's tuning
half showed."""

import pytest

from smmdesk.inbox import spam
from smmdesk.store import comments as q
from tests.inbox.helpers import load, raw


def suspect(text: str, platform: str = "") -> bool:
    return spam.judge(text, spam.UNTRAINED, platform=platform).suspect


@pytest.mark.parametrize("platform", ["instagram", "facebook"])
def test_tagging_a_friend_is_sharing_where_the_platform_makes_it_so(platform):
    for text in ("@olena_k", "@mark.t 😂😂", "@ira_p @dan.v 🔥"):
        assert not suspect(text, platform), text
        assert "mentions only" not in {s.name for s in spam.signals(text, platform=platform)}


@pytest.mark.parametrize("platform", ["youtube", "telegram", ""])
def test_a_bare_tag_is_still_suspect_elsewhere(platform):
    assert suspect("@anna.k @mike_r @liza.sh", platform)


def test_the_import_judges_a_tag_by_the_comments_platform(store, brand):
    load(
        store,
        brand,
        [
            raw("@olena_k 😂", id="1", platform="instagram"),
            raw("@olena_k 😂", id="2", platform="youtube", author="Ann"),
        ],
    )
    assert [c.spam_suspect for c in q.get_comments(store, [1, 2])] == [False, True]
    (ig,) = q.get_comments(store, [1])
    assert "mentions only" not in spam.explain(store, ig).reasons


@pytest.mark.parametrize(
    "text",
    [
        # A sum put in and a sum taken out, and a handle to write to.
        "I put in $800 to test it, invested $800 and got a return of $7,900 in 6 days @cash_with_rita",
        "so grateful, with just $300 i got back $4,100 thanks to @maria_fxt",
        "started with $1,000 and was credited with $12,000 after a week. her honesty is unmatched",
        "all thanks to @lena.wins i can now pay my bills, she is legit",
        "i made $40k this month, contact @jules_invests for guidance",
        "my account manager @tom_pro123 turned my $2,000 into $19,000",
        "if you lost funds, contact @recovery_joe to recover your stolen crypto",
        "i'm paying 3 grands to the first 9 people to dm me 'hard times'",
        "invest with @profit_by_nina, my payouts come every week",
        "ᴊᴜꜱᴛ ɢᴏᴛ ᴍʏ ᴘᴀʏᴏᴜᴛ, thank you @annie_trades",
        "message me on whatsapp +1 202 555 0147 for my trading signals",
        # Ukrainian and Russian
        "Вклала 5000 грн і отримала 40000 грн за тиждень, дякую @olha_invest",
        "Інвестував $500, отримав $6000, пишіть @ivan_trader",
        "Вложила $1000, получила $9000 за неделю, спасибо @katya_fx",
        "Заработал 200 тыс за месяц, пишите @invest_kirill, менеджер по инвестициям",
    ],
)
def test_the_investment_testimonial_is_suspected(text):
    assert suspect(text, "instagram"), spam.judge(text, spam.UNTRAINED, platform="instagram")


@pytest.mark.parametrize(
    "text",
    [
        # A finance page's real audience talks money, thanks people and tags friends.
        "I invested $1,000 in an index fund last year, is that a good start?",
        "Paid off $20k of debt following your plan, thank you Dave!",
        "@olena_k look, this is what I told you about the savings account",
        "thanks to @coinbase support, my account is back",
        "How do I recover my account? I forgot the password",
        "I was scammed by a fake page, please warn people",
        "My portfolio manager says bonds are back, thoughts?",
        "made $500 selling my old bike, putting it in savings",
        "Дякую @olha за пораду, відкрила депозит",
        "Спасибо, вложил в облигации по вашему совету",
        "loved the explosion at the end, who did it? #vfx #sfx @studio_gfx",
    ],
)
def test_real_money_talk_is_not(text):
    assert not suspect(text, "instagram"), spam.judge(text, spam.UNTRAINED, platform="instagram")


def test_the_new_phrases_have_their_needles():
    texts = ["I invested $1000 and got $9000 @x_fx", "ПОДЯКА @ivan_trader", "ᴡᴏᴡ $5ᴋ"]
    for text in texts:
        folded = text.casefold()
        for name, _, pattern in spam.PHRASES:
            if pattern.search(text):
                assert any(n in folded for n in spam.NEEDLES[name]), (name, text)
