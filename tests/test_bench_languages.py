"""bench/languages.py's figures: the queue AUC and the readers of the public files."""

import json

from bench.languages import load, queue_auc
from smmdesk.inbox.scoring import Score


def score(band: str, compound: float | None) -> Score:
    return Score(compound, None, None, None, band, False)


def test_queue_auc_perfect_reversed_and_tied():
    neg, pos = score("negative", -0.8), score("positive", 0.6)
    assert queue_auc([neg, pos, pos], [True, False, False]) == 1.0
    assert queue_auc([neg, pos, pos], [False, True, True]) == 0.0
    assert queue_auc([pos, pos], [True, False]) == 0.5  # ties count half


def test_queue_auc_reads_the_compound_within_a_tier():
    worse, bad = score("negative", -0.9), score("negative", -0.2)
    assert queue_auc([bad, worse], [False, True]) == 1.0


def test_stars_and_halves(tmp_path):
    path = tmp_path / "reviews.json"
    rows = [{"rating": r, "text": f"відгук {i}"} for i, r in enumerate([1, 2, 3, 5] * 10)]
    path.write_text(json.dumps(rows), encoding="utf-8")
    name, every, language = load(f"ukstars:{path}")
    assert language == "uk" and len(every) == 40 and sum(n for _, n in every) == 20
    tune, held = load(f"ukstars:{path}@tune")[1], load(f"ukstars:{path}@held")[1]
    assert len(tune) + len(held) == 40 and not set(tune) & set(held)
