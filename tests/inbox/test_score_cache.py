"""The importer's caches: the same score as scoring each text, per brand word list; the same
spam verdict as judging each text, per brand model."""

from hypothesis import given, settings
from hypothesis import strategies as st

from smmdesk.inbox import spam
from smmdesk.inbox.importer import ScoreCache
from smmdesk.inbox.scoring import freeze_lexicon, score_text
from smmdesk.store.comments import get_comments
from tests.inbox.helpers import load, raw

TEXTS = ["thanks!", "the delivery was late again", "Жахлива якість", "❤️", "refund me", "love it"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(TEXTS), max_size=12))
def test_cached_scores_are_the_scores(texts: list[str]) -> None:
    cache = ScoreCache()
    assert [cache.score(t, ()) for t in texts] == [score_text(t) for t in texts]


def test_a_brand_word_list_is_not_mixed_with_another() -> None:
    cache = ScoreCache()
    words = freeze_lexicon({"late": 3.0})
    plain = cache.score("the delivery was late again", ())
    brand = cache.score("the delivery was late again", words)
    assert plain == score_text("the delivery was late again")
    assert brand == score_text("the delivery was late again", brand_lexicon=words)
    assert plain != brand


def test_spam_verdicts_outlive_a_page_while_the_model_is_the_same(store, brand, monkeypatch):
    """A sync imports page by page, each reading the brand's model again: a text judged on
    one page is not judged again on the next, until the brand learns (another model)."""
    judged = []
    real = spam.judge
    monkeypatch.setattr(
        spam, "judge", lambda text, *a, **k: judged.append(text) or real(text, *a, **k)
    )
    text = "WIN a free phone, dm me (memo test)"
    load(store, brand, [raw(text, id="1", author="a")])
    load(store, brand, [raw(text, id="2", author="a")])  # the next page: an equal model
    assert judged.count(text) == 1
    spam.learn(store, get_comments(store, [1]), "spam")
    load(store, brand, [raw(text, id="3", author="a")])
    assert judged.count(text) == 2
