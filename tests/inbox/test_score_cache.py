"""The importer's cache of scores: the same score as scoring each text, per brand word list."""

from hypothesis import given, settings
from hypothesis import strategies as st

from smmdesk.inbox.importer import ScoreCache
from smmdesk.inbox.scoring import freeze_lexicon, score_text

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
