"""How well comments in Ukrainian, Russian and English rank, on public labelled sets.

Run: ``python -m bench.languages KIND:PATH[@half] ...`` with files you downloaded
(nothing is kept in the repository); ``a.csv+b.csv`` measures two files of a
kind as one set. ``@tune`` / ``@held`` keep the half of a
set whose text hash is even / odd (for a language with one set of a kind).
KIND and where its file comes from:

- ``sentirueval``: Russian tweets about banks or telecom companies,
  SentiRuEval-2016 (Loukachevitch & Rubtsova 2016), ``banks_test_etalon.xml``
  and ``tkk_test_etalon.xml`` from github.com/mokoron/sentirueval (published
  for research, no licence file). A tweet is negative when any company in it is.
- ``osc``: Russian sentences, OpenSentimentCorpus
  (github.com/yarfruct/open-sentiment-corpus, CC BY-SA 3.0),
  ``opensentimentcorpus-final-by-majority.csv``.
- ``ukstars``: Ukrainian Rozetka shop reviews with stars, ``rozetka_uk.json``
  from github.com/vseloved/prj-nlp-2020 (students/AlisaMansurova/05-bag-of-words;
  public course repository, no licence stated: read locally, never shared);
  one or two stars are negative.
- ``uksent``: Ukrainian sentences labelled 0 negative / 1 positive / 2 neutral,
  ``Datasets/*.csv`` from github.com/SergeyGurbich/SentimentAnalysis (Apache-2.0).
- ``airline``: English tweets, Twitter US Airline Sentiment (Crowdflower,
  CC BY-NC-SA 4.0), ``Tweets.csv`` (Kaggle and many GitHub mirrors).

For each set it prints, for plain VADER (with the old ``unscored`` rule) and for
smmdesk (``score_text``: detection, lexicons, VADER's rules): the share of
``unscored`` texts, the ranking AUC of negatives in the queue (every text posted
at once, ranked by ``priority.explain``; the chance that a negative text comes
before a non-negative one, ties half) and the share of texts detected as the
set's language, overall and on short texts (at most SHORT words).

The figures in docs/scoring-languages.md, tuned on the first of each language
and held out the rest (D: where the files are)::

    python -m bench.languages sentirueval:D/banks_test_etalon.xml \
        ukstars:D/rozetka_uk.json@tune uksent:D/sent_anal_ukr_multi-train.csv \
        sentirueval:D/tkk_test_etalon.xml osc:D/opensentimentcorpus-final-by-majority.csv \
        ukstars:D/rozetka_uk.json@held \
        uksent:D/sent_anal_ukr_multi-test.csv+D/dataset_sent_anal_ukr_manual.csv \
        airline:D/Tweets.csv
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from smmdesk.inbox import priority
from smmdesk.inbox.language import WORD_RE, detect, strip_noise
from smmdesk.inbox.scoring import Score, band_of, is_question, looks_english, plain_analyzer
from smmdesk.inbox.scoring import score_text as smmdesk_score

SHORT = 5  # words
POSTED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
Rows = list[tuple[str, bool]]  # (text, is negative)


def sentirueval(path: Path) -> Iterator[tuple[str, bool]]:
    root = ET.parse(path).getroot()  # noqa: S314 (a local file the user chose)
    for table in root.iter("table"):
        columns = {c.get("name"): (c.text or "") for c in table.iter("column")}
        marks = {v.strip() for k, v in columns.items() if k not in {"id", "twitid", "date", "text"}}
        marks.discard("NULL")
        if marks:
            yield columns["text"], "-1" in marks


def osc(path: Path) -> Iterator[tuple[str, bool]]:
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield row["Sentence"], row["Sentiment"] == "negative"


def ukstars(path: Path) -> Iterator[tuple[str, bool]]:
    for review in json.loads(path.read_text(encoding="utf-8")):
        if review.get("text") and review.get("rating"):
            yield review["text"], int(review["rating"]) <= 2


def uksent(path: Path) -> Iterator[tuple[str, bool]]:
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield row["text"], row["labels"] == "0"


def airline(path: Path) -> Iterator[tuple[str, bool]]:
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield row["text"], row["airline_sentiment"] == "negative"


KINDS: dict[str, tuple[Callable[[Path], Iterator[tuple[str, bool]]], str]] = {
    "sentirueval": (sentirueval, "ru"),
    "osc": (osc, "ru"),
    "ukstars": (ukstars, "uk"),
    "uksent": (uksent, "uk"),
    "airline": (airline, "en"),
}


def plain_vader(text: str) -> Score:
    """smmdesk before issue 9: VADER as shipped and the old unscored rule."""
    scores = plain_analyzer().polarity_scores(text)
    question = is_question(text)
    if not (scores["pos"] > 0 or scores["neg"] > 0) and not looks_english(text):
        return Score(None, None, None, None, "unscored", question)
    compound = scores["compound"]
    return Score(compound, scores["pos"], scores["neu"], scores["neg"], band_of(compound), question)


def queue_auc(scores: list[Score], negative: list[bool]) -> float:
    """Chance that a negative text ranks before a non-negative one in the queue (ties: half)."""
    keys = []
    for s in scores:
        rank = priority.explain(
            created_at=POSTED, band=s.band, compound=s.compound, question=s.is_question
        )
        keys.append((rank.tier, rank.urgent_at))
    order = sorted(range(len(keys)), key=lambda i: keys[i])
    wins, seen_other, i = 0.0, 0, 0
    while i < len(order):  # walk groups of equal keys
        j = i
        while j < len(order) and keys[order[j]] == keys[order[i]]:
            j += 1
        group = [negative[k] for k in order[i:j]]
        neg, other = sum(group), len(group) - sum(group)
        total_other = len(negative) - sum(negative)
        wins += neg * (total_other - seen_other - other) + neg * other / 2
        seen_other += other
        i = j
    pairs = sum(negative) * (len(negative) - sum(negative))
    return wins / pairs if pairs else float("nan")


def load(spec: str) -> tuple[str, Rows, str]:
    kind, _, rest = spec.partition(":")
    path, _, half = rest.partition("@")
    reader, language = KINDS[kind]
    rows = [(t, n) for part in path.split("+") for t, n in reader(Path(part)) if t.strip()]
    if half:
        keep = 0 if half == "tune" else 1
        rows = [r for r in rows if hashlib.sha1(r[0].encode()).digest()[0] % 2 == keep]
    names = "+".join(Path(part).name for part in path.split("+"))
    return f"{kind}:{names}{'@' + half if half else ''}", rows, language


def report(name: str, rows: Rows, language: str) -> None:
    texts = [t for t, _ in rows]
    negative = [n for _, n in rows]
    print(f"\n{name}: {len(rows)} texts, {sum(negative)} negative")
    for label, scorer in (("plain VADER", plain_vader), ("smmdesk", smmdesk_score)):
        scores = [scorer(t) for t in texts]
        unscored = sum(s.band == "unscored" for s in scores) / len(scores)
        zero_neg = sum(1 for s, n in zip(scores, negative, strict=True) if n and not s.compound)
        print(
            f"  {label:<12} unscored {unscored:6.1%}   AUC {queue_auc(scores, negative):.3f}"
            f"   negatives at 0 or unscored {zero_neg}"
        )
    if language in {"uk", "ru"}:
        found = [detect(t) == language for t in texts]
        short = [
            f
            for f, t in zip(found, texts, strict=True)
            if len(WORD_RE.findall(strip_noise(t))) <= SHORT
        ]
        print(
            f"  detected as {language}: {sum(found) / len(found):.1%} of all,"
            f" {sum(short) / max(1, len(short)):.1%} of {len(short)} short (<= {SHORT} words)"
        )


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    for spec in argv:
        report(*load(spec))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
