"""The spam detector: each signal, its figures on our labelled set, the ranking of suspects,
learning from triage (and undo), the model in the file, and the CLI's view of it."""

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smmdesk.cli import main
from smmdesk.errors import UserError
from smmdesk.inbox import priority, queue, spam, triage
from smmdesk.inbox.textfeatures import (
    has_email,
    has_link,
    has_phone,
    is_emoji_only,
    is_mentions_only,
    word_count,
)
from smmdesk.store import comments as q
from smmdesk.store import open_store
from smmdesk.store.comments import QueueFilter
from tests.conftest import NOW
from tests.inbox.helpers import load, raw

DATA = Path(__file__).resolve().parents[1] / "data" / "spam_comments.tsv"


def labelled() -> list[tuple[str, bool, str]]:
    lines = [line for line in DATA.read_text("utf-8").splitlines() if not line.startswith("#")]
    rows = [line.split("\t") for line in lines[1:]]
    return [(text, label == "spam", lang) for text, label, lang in rows]


def suspect(text: str) -> bool:
    return spam.judge(text, spam.UNTRAINED).suspect


# --- the signals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Subscribe to my channel for daily vlogs",
        "check out my new channel please",
        "sub4sub, I sub back",
        "I earn $300 a day from home, DM me",
        "Free gift cards here www.giftz.club",
        "BTC doubling, send 0.1 BTC now",
        "Підпишись на мій канал!",
        "Заробіток від 1000 грн на день, пиши в особисті",
        "Подпишись на мой канал, там розыгрыш",
        "Заработок без вложений, пиши в личку",
        "http://cheap-followers.xyz",
        "@anna.k @mike_r @liza.sh",
    ],
)
def test_promotional_phrases_links_and_tags_are_suspected(text):
    assert suspect(text)


@pytest.mark.parametrize(
    "text",
    [
        "How do I subscribe to the coffee box?",
        "Is there a discount code for first orders?",
        "Thanks for the giveaway, the mug is lovely!",
        "The tracking page shop.example.com/track/1 says delivered",
        "@maria_k look, the blend you liked!",
        "Can I pay with crypto?",
        "Як підписатися на розсилку?",
        "Можно ли оплатить криптой?",
        "My order arrived broken. Awful.",
    ],
)
def test_real_comments_that_look_a_little_like_spam_are_not(text):
    assert not suspect(text)


def test_each_signal_is_named():
    names = {s.name for s in spam.signals("http://x.xyz")}
    assert names == {"link only"}
    assert {s.name for s in spam.signals("@a_b @c.d")} == {"mentions only"}
    assert "phone number" in {s.name for s in spam.signals("call +1 415 555 0199 now")}
    assert "email address" in {s.name for s in spam.signals("write to deals@promo.example")}
    assert "link" in {s.name for s in spam.signals("look at www.example.com today")}
    assert "subscribe to me" in {s.name for s in spam.signals("please subscribe to me")}


def test_text_features():
    assert has_link("see https://a.example/x") and has_link("www.shop.ua") and has_link("a.xyz/b")
    assert not has_link("end. Next sentence")
    assert has_email("mail me: a.b@example.com") and not has_email("@handle")
    assert has_phone("+380 67 123 45 67") and not has_phone("order 48213 costs $25")
    assert is_mentions_only("@a_b, @c.d!") and not is_mentions_only("@a_b look at this")
    assert is_emoji_only("🔥🔥 ❤️") and not is_emoji_only("🔥 fire")
    assert word_count("hi @bob see www.x.com now") == 3


def test_the_same_text_hashes_the_same_whatever_its_case_and_punctuation():
    a = spam.text_key("Check out this amazing page, it changed my life!")
    assert a == spam.text_key("check   out this AMAZING page it changed my life")
    assert a != spam.text_key("Check out this amazing page, it changed your life!")
    assert spam.text_key("love it so much") is None  # short: many people say it


@given(st.text(max_size=400))
def test_any_text_gets_a_verdict(text):
    verdict = spam.judge(text, spam.UNTRAINED)
    assert isinstance(verdict.suspect, bool) and len(spam.features(text)) <= spam.MAX_FEATURES


# --- figures on our own labelled set -----------------------------------------------------


def test_figures_on_our_labelled_set():
    rows = labelled()
    assert len(rows) >= 140 and {lang for _, _, lang in rows} == {"en", "uk", "ru"}
    marked = [(is_spam, suspect(text)) for text, is_spam, _ in rows]
    hits = sum(1 for is_spam, mark in marked if is_spam and mark)
    precision = hits / sum(1 for _, mark in marked if mark)
    recall = hits / sum(1 for is_spam, _ in marked if is_spam)
    assert precision >= 0.9 and recall >= 0.6, (precision, recall)
    for lang in ("en", "uk", "ru"):
        spam_of = [text for text, is_spam, code in rows if is_spam and code == lang]
        assert sum(map(suspect, spam_of)) / len(spam_of) >= 0.6, lang


def test_our_set_in_the_queue_spam_leaves_the_top(store, brand):
    rows = labelled()
    records = [
        raw(text, id=f"c{n}", author=f"a{n}", minutes_ago=10 + n)
        for n, (text, _, _) in enumerate(rows)
    ]
    load(store, brand, records)
    truth = {f"c{n}": is_spam for n, (_, is_spam, _) in enumerate(rows)}
    top = queue.page(store, QueueFilter(), limit=50)
    stored = {c.id: c.external_id for c in q.get_comments(store, [i.id for i in top])}
    share = sum(1 for item in top if truth[stored[item.id]] or item.spam_suspect) / len(top)
    assert share <= 0.05, share


# --- ranking -------------------------------------------------------------------------------


def test_suspects_rank_after_every_other_open_comment(store, brand):
    load(
        store,
        brand,
        [
            raw("This is awful, my order never came!! Subscribe to my channel", id="neg-spam"),
            raw("can you subscribe to my channel?", id="question-spam", minutes_ago=600),
            raw("Nice photo", id="nice", minutes_ago=1),
            raw("Where is my refund?", id="question"),
            raw("Terrible service", id="negative"),
        ],
    )
    items = queue.page(store, QueueFilter())
    ids = [q.get_comment(store, i.id).external_id for i in items]
    assert ids[-2:] in (["neg-spam", "question-spam"], ["question-spam", "neg-spam"])
    assert all(item.tier == 3 and item.spam_suspect for item in items[-2:])
    assert all(item.tier < 3 and not item.spam_suspect for item in items[:-2])


def test_the_tier_rule():
    assert priority.tier_of("negative", True, False, spam_suspect=True) == 3
    assert priority.tier_of("negative", False, True, spam_suspect=True) == 0  # a flag wins
    assert priority.tier_of("positive", False, False) == 2
    explained = priority.explain(
        created_at=NOW, band="negative", compound=-0.9, question=True, spam_suspect=True
    )
    assert explained.tier == 3 and "suspected spam" in explained.lines(NOW)[0]


def test_explain_says_why(store, brand):
    load(store, brand, [raw("Subscribe to my channel http://x.xyz", id="s")])
    comment = q.get_comments(store, [1])[0]
    lines = queue.explain_comment(store, comment.id, now=NOW)
    assert any(line.startswith("tier 3") for line in lines)
    assert any("suspected spam: subscribe to me" in line for line in lines)


def test_the_same_text_from_many_authors(store, brand):
    text = "Amazing offer for everyone reading this comment today http://deal.example.com"
    load(store, brand, [raw(text, id="one", author="a"), raw(text, id="two", author="b")])
    assert not any(c.spam_suspect for c in q.get_comments(store, [1, 2]))  # a link alone: no
    load(store, brand, [raw(text, id="three", author="c")], name="later.json")
    assert all(c.spam_suspect and c.tier == 3 for c in q.get_comments(store, [1, 2, 3]))


def test_a_text_from_many_authors_marks_them_all_however_many(store, brand):
    """Each repeated text is judged once and only its suspects read whole, in batches."""
    text = "Amazing offer for everyone reading this comment today http://deal.example.com"
    other = "Such a lovely day at the seaside with all of you, thank you so much"
    load(store, brand, [raw(text, id=f"a{n}", author=f"a{n}") for n in range(2)])
    load(store, brand, [raw(other, id=f"o{n}", author=f"o{n}") for n in range(4)], name="o.json")
    many = [raw(text, id=f"b{n}", author=f"b{n}") for n in range(1200)]
    load(store, brand, many, name="later.json")
    comments = q.get_comments(store, list(range(1, 1207)))
    assert sum(c.spam_suspect for c in comments) == 1202
    assert not any(c.spam_suspect for c in comments if c.text == other)


def test_one_author_repeating_is_not_many(store, brand):
    text = "Amazing offer for everyone reading this comment today http://deal.example.com"
    load(store, brand, [raw(text, id=f"r{n}", author="same") for n in range(4)])
    assert not any(c.spam_suspect for c in q.get_comments(store, [1, 2, 3, 4]))


def test_our_own_comments_are_never_suspected(store, brand):
    load(store, brand, [raw("Subscribe to our channel!", id="ours", author="Acme Official")])
    assert not q.get_comments(store, [1])[0].spam_suspect


# --- learning ------------------------------------------------------------------------------


def test_not_spam_returns_the_comment_to_its_place_and_teaches_ham(store, brand):
    load(store, brand, [raw("Where is my order?? check out my channel", id="s")])
    comment = q.get_comments(store, [1])[0]
    assert comment.spam_suspect and comment.tier == 3
    expected = priority.rank(replace(comment, spam_suspect=False), priority.targets_for(store))
    result = triage.not_spam(store, [comment.id], now=NOW)
    assert result.done == [comment.id] and result.message() == "not spam: 1 comment"
    after = q.get_comments(store, [1])[0]
    assert not after.spam_suspect and after.spam_cleared and after.status == "open"
    assert (after.tier, after.urgent_at) == (expected.tier, expected.urgent_at) and after.tier == 1
    assert spam.model_of(store, brand.id).ham_docs == 1
    triage.undo(store, now=NOW)  # taken back: a suspect again, the lesson forgotten
    again = q.get_comments(store, [1])[0]
    assert again.spam_suspect and again.tier == 3 and not again.spam_cleared
    assert spam.model_of(store, brand.id).ham_docs == 0


def test_not_spam_refuses_a_comment_that_is_not_suspected(store, brand):
    load(store, brand, [raw("Lovely coffee", id="c")])
    with pytest.raises(UserError, match="not a suspected spam"):
        triage.not_spam(store, [1])


def test_not_spam_on_a_comment_marked_spam_reopens_it(store, brand):
    load(store, brand, [raw("Lovely coffee", id="c")])
    triage.mark_spam(store, [1], now=NOW)
    triage.not_spam(store, [1], now=NOW)
    assert q.get_comments(store, [1])[0].status == "open"


def test_x_teaches_spam_and_the_model_lives_in_the_file(tmp_path, brand, store):
    texts = [f"cheap zorblax pills number {n} order today" for n in range(12)]
    load(store, brand, [raw(t, id=f"s{n}", author=f"a{n}") for n, t in enumerate(texts)])
    triage.mark_spam(store, list(range(1, 13)), now=NOW)
    model = spam.model_of(store, brand.id)
    assert model.spam_docs == 12 and model.counts["zorblax"] == (12, 0)
    with open_store(tmp_path / "desk.db") as other:  # another connection reads the same model
        assert spam.model_of(other, brand.id) == model
    triage.undo(store, now=NOW)
    assert spam.model_of(store, brand.id).spam_docs == 0


def test_a_brand_learns_its_own_spam(store, brand):
    """Once it has learnt enough of both kinds, a word only spam used marks new comments."""
    spam_texts = [f"zorblax pills for you number {n}" for n in range(12)]
    ham_texts = [f"the latte number {n} was great" for n in range(12)]
    load(store, brand, [raw(t, id=f"s{n}", author=f"a{n}") for n, t in enumerate(spam_texts)])
    load(store, brand, [raw(t, id=f"h{n}", author=f"b{n}") for n, t in enumerate(ham_texts)], "h")
    assert not any(c.spam_suspect for c in q.get_comments(store, list(range(1, 25))))
    triage.mark_spam(store, list(range(1, 13)), now=NOW)
    triage.resolve(store, list(range(13, 25)), now=NOW)
    load(store, brand, [raw("zorblax pills, best price", id="new")], name="next.json")
    assert q.get_comments(store, [25])[0].spam_suspect
    assert any(
        r.startswith("learnt +")
        for r in spam.explain(store, q.get_comments(store, [25])[0]).reasons
    )


def test_learning_rescores_open_suspects(store, brand):
    """A brand whose manager said "not spam" to its kind of comment clears its open suspects."""
    promo = [f"check out our page for the new roast {n}" for n in range(14)]
    load(store, brand, [raw(t, id=f"p{n}", author=f"a{n}") for n, t in enumerate(promo)])
    load(
        store, brand, [raw(f"zorblax scam {n}", id=f"z{n}", author=f"z{n}") for n in range(12)], "z"
    )
    assert all(c.spam_suspect for c in q.get_comments(store, list(range(1, 15))))
    triage.mark_spam(store, list(range(15, 27)), now=NOW)
    triage.not_spam(store, list(range(1, 13)), now=NOW)  # twelve said real: the rest follow
    left = q.get_comments(store, [13, 14])
    assert not any(c.spam_suspect for c in left) and all(c.tier < 3 for c in left)


# --- the CLI -------------------------------------------------------------------------------


def cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_json_spam_and_not_spam(tmp_path, capsys, brand, store):
    load(store, brand, [raw("Subscribe to my channel", id="s"), raw("Where is my order?", id="h")])
    triage.label(store, [2], add=["delivery"], now=NOW)
    db = str(tmp_path / "desk.db")
    code, out, _ = cli(capsys, "--db", db, "inbox", "--json")
    rows = {row["id"]: row for row in json.loads(out)}
    assert code == 0 and rows[1]["spam_suspect"] is True and rows[2]["spam_suspect"] is False
    assert rows[2]["labels"] == ["delivery"] and rows[2]["assignee"] is None
    assert rows[2]["flagged"] is False
    code, out, _ = cli(capsys, "--db", db, "inbox", "--spam")
    assert code == 0 and "⊘ spam" in out and "Subscribe" in out and "Where is" not in out
    code, out, _ = cli(capsys, "--db", db, "inbox", "--not-spam", "1")
    assert code == 0 and out.strip() == "not spam: 1 comment"
    code, out, _ = cli(capsys, "--db", db, "inbox", "--spam")
    assert "Subscribe" not in out
    code, _, err = cli(capsys, "--db", db, "inbox", "--not-spam", "2")
    assert code == 2 and err.startswith("smmdesk: error: not a suspected spam comment")


def test_every_phrase_has_needles_and_no_match_lacks_them():
    """The needles only skip work: a text a phrase matches always holds one of its needles."""
    assert set(spam.NEEDLES) == {name for name, _, _ in spam.PHRASES}
    assert set(spam.ALSO) <= set(spam.NEEDLES)
    texts = [text for text, _, _ in labelled()] + [
        "SUBSCRIBE TO ME",
        "Check Me Out",
        "EARN $500 A DAY",
        "Підпишись!",
        "ПОДПИШИСЬ",
        "i make 300$ per day",
        "sucscribe to my chanel",
        "Follow back",
        "link is in my bio",
    ]
    for text in texts:
        folded = text.casefold()
        for name, _, pattern in spam.PHRASES:
            if pattern.search(text):
                assert any(n in folded for n in spam.NEEDLES[name]), (name, text)
                assert_also(name, text)


def assert_also(name, text):
    """A match holds a word of each of its phrase's ALSO groups too (but where "ı" is)."""
    if spam._NOT_FOLDED not in text and not spam._OTHER_DIGIT.search(text):
        for group in spam.ALSO.get(name, ()):
            assert any(n in text.casefold() for n in group), (name, text, group)


@given(
    st.text(
        alphabet=st.sampled_from(list("abcdefghiklmnoprstuvwy $0123456789@./мійканлпшсь")),
        max_size=80,
    )
)
def test_needles_hold_for_any_text(text):
    folded = text.casefold()
    for name, _, pattern in spam.PHRASES:
        if pattern.search(text):
            assert any(n in folded for n in spam.NEEDLES[name]), (name, text)
            assert_also(name, text)


def test_a_word_only_real_comments_used_never_counts_for_spam(store, brand):
    """Reproducer: with 12 spam and 120 real comments learnt, smoothed counts made a word seen
    once in a real comment (never in spam) count for spam, and a complaint a suspect."""
    spam_texts = [f"check my page for prize {n}" for n in range(12)]
    ham_texts = [f"great roast for my morning {n}" for n in range(118)]
    ham_texts += ["still no parcel", "waiting since monday"]
    load(store, brand, [raw(t, id=f"s{n}", author=f"a{n}") for n, t in enumerate(spam_texts)])
    load(store, brand, [raw(t, id=f"h{n}", author=f"b{n}") for n, t in enumerate(ham_texts)], "h")
    triage.mark_spam(store, list(range(1, 13)), now=NOW)
    triage.resolve(store, list(range(13, 133)), now=NOW)
    load(store, brand, [raw("Still waiting for my beans", id="new")], name="next.json")
    (complaint,) = q.get_comments(store, [133])
    assert not complaint.spam_suspect
    assert spam.explain(store, complaint).score < 0


@pytest.mark.parametrize(
    ("text", "suspect"),
    [
        ("I made a gaming channel, check it out!", True),
        ("Check out our NEW single on my page", True),
        ("Love her new single so much", False),  # a fan, not an advert
        ("We opened a new store in Lviv, so happy", False),
    ],
)
def test_self_promotion_without_my_channel(text, suspect):
    assert spam.judge(text, spam.UNTRAINED).suspect is suspect


@pytest.mark.parametrize(
    ("text", "suspect"),
    [
        ("New site for kids: kidsmediausa  . com", True),  # spaced so no filter sees a link
        ("vote daily: tv.  mtvema. com/vote (delete spaces)", True),
        ("Please see and share: W W W. THE FARRELL REPORT. NET", True),
        ("you got a lot to learn kid but hey don't forget to subscribe!", True),
        ("I went to the shop. Net result: nothing", False),
        ("Com on, this is the best song. Org music forever", False),
        ("I share this feeling, please share the recipe", False),
        ("the .net framework docs are great", False),
    ],
)
def test_a_hidden_address_and_asking_to_spread(text, suspect):
    """Found on the tuning files (docs/spam.md): an address spelt to miss a link filter, a
    creator's "don't forget to subscribe", "please share" (weak alone)."""
    assert spam.judge(text, spam.UNTRAINED).suspect is suspect
