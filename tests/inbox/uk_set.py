"""The labelled Ukrainian set (tests/data/uk_comments.tsv) and how well a scorer ranks it."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from smmdesk.inbox import priority
from smmdesk.inbox.scoring import score_text

DATA = Path(__file__).resolve().parents[1] / "data" / "uk_comments.tsv"
POSTED = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def load() -> list[tuple[str, str]]:
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line == "text\tlabel":
            continue
        text, label = line.split("\t")
        rows.append((text, label))
    return rows


@dataclass(frozen=True)
class Figures:
    precision: float  # of comments scored negative, the share that are negative
    recall: float  # of negative comments, the share scored negative
    top_share: float  # of the top 20 % of the queue, the share that are negative
    unscored: int

    def line(self, name: str) -> str:
        return (
            f"{name:<12} negative precision {self.precision:.2f}  recall {self.recall:.2f}  "
            f"negatives in top 20 % {self.top_share:.2f}  unscored {self.unscored}"
        )


def measure(rows: list[tuple[str, str]], scorer=score_text) -> Figures:
    scored = [(label, scorer(text)) for text, label in rows]
    predicted = [s.band == "negative" for _, s in scored]
    actual = [label == "negative" for label, _ in scored]
    hits = sum(p and a for p, a in zip(predicted, actual, strict=True))
    # The queue: every comment posted at the same moment, in a shuffled order, so that
    # ties (same tier and deadline) say nothing about the label.
    order = list(range(len(scored)))
    random.Random(20261128).shuffle(order)
    keyed = []
    for position, index in enumerate(order):
        label, score = scored[index]
        rank = priority.explain(
            created_at=POSTED, band=score.band, compound=score.compound, question=score.is_question
        )
        keyed.append(((rank.tier, rank.urgent_at, position), label))
    top = [label for _, label in sorted(keyed)[: max(1, len(keyed) // 5)]]
    return Figures(
        precision=hits / max(1, sum(predicted)),
        recall=hits / max(1, sum(actual)),
        top_share=top.count("negative") / len(top),
        unscored=sum(s.band == "unscored" for _, s in scored),
    )
