"""How well the scorer finds negative Ukrainian comments, against plain VADER.

Prints precision and recall of "negative" and the share of negatives in the top
20 % of the queue for both scorers on tests/data/uk_comments.tsv, and holds a floor.
"""

from collections import Counter

from bench.languages import plain_vader
from tests.inbox.uk_set import load, measure


def test_labelled_set_is_big_and_varied():
    rows = load()
    labels = Counter(label for _, label in rows)
    assert len(rows) >= 300
    assert set(labels) == {"negative", "neutral", "positive"}
    assert min(labels.values()) >= 60
    assert sum("?" in text for text, _ in rows) >= 50  # questions
    assert sum(any(c.isascii() and c.isalpha() for c in text) for text, _ in rows) >= 20  # mixed


def test_beats_plain_vader_on_ukrainian(capsys):
    rows = load()
    ours = measure(rows)
    plain = measure(rows, plain_vader)
    with capsys.disabled():
        print(
            f"\nUkrainian labelled set: {len(rows)} comments, "
            f"{sum(label == 'negative' for _, label in rows)} negative"
        )
        print(plain.line("plain VADER"))
        print(ours.line("smmdesk"))
    assert ours.precision >= 0.85 and ours.recall >= 0.75
    assert ours.top_share >= 0.9
    assert ours.recall >= plain.recall + 0.5
    assert ours.top_share >= plain.top_share + 0.4
    assert ours.unscored * 10 < len(rows)
