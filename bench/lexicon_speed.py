"""Scoring speed with the Ukrainian lexicon, emoji valences and a brand word list, against plain VADER.

``python -m bench --only scoring`` (the figure): comments/s of our scorer on the bench
texts of each size against raw VADER's ``SentimentIntensityAnalyzer().polarity_scores``
on the same texts, in the same process, both built beforehand, timed in turns (five
rounds, each over every fifth text, p50 of the rounds): ``LexiconAnalyzer.polarity_scores``
(target: faster than raw VADER), the whole ``score_text`` (with language detection, for
information) and the spam verdict ``spam.judge`` (a floor of the import, for information). The import figure's limit is the same raw VADER.

Standalone: ``python -m bench.lexicon_speed`` (or ``python bench/lexicon_speed.py``).
Limit: ``LexiconAnalyzer.polarity_scores`` takes at most 1.3x the time of
``SentimentIntensityAnalyzer.polarity_scores`` (both built beforehand) on the
same comments: English ones, the labelled Ukrainian set, and both mixed.
Language detection is timed apart, for information (it is not VADER's work).
Prints one line per figure with its ratio; exits 1 when a ratio is over its limit.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 1.3
REPEAT = 15  # best of, plain and ours taken in turns: the machine is shared

ENGLISH = [
    "My order arrived broken, terrible service",
    "Love it, great quality!",
    "The parcel came on Tuesday",
    "Where is my order? I paid a week ago and nobody answers",
    "Thanks a lot for the quick reply, you guys are amazing",
    "Not bad at all, but the delivery was slow",
    "Worst customer service ever. Never again!!!",
    "Do you ship to Canada?",
    "The coffee was cold and the staff was rude 😡",
    "Absolutely love the new collection ❤️🔥",
    "It stopped working after two days, I want a refund",
    "Is the blue one back in stock?",
    "Pretty good value for the price",
    "I'm disappointed, the colour is nothing like the photo",
    "Super fast delivery, thank you!",
    "Meh. It's ok I guess",
    "Your app keeps crashing when I try to pay",
    "Best cake in town, my kids were thrilled",
    "Still waiting for my money back 👎",
    "Can I change the size after ordering?",
]


def ukrainian() -> list[str]:
    path = ROOT / "tests" / "data" / "uk_comments.tsv"
    rows = [
        line.split("\t")[0]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#") and line != "text\tlabel"
    ]
    return rows


def per_text_us(*calls, texts: list[str]) -> list[float]:
    """Best time per text of each call, the calls timed in turns so that load drifts alike."""
    best = [float("inf")] * len(calls)
    rounds = max(1, 1500 // len(texts))
    for _ in range(REPEAT):
        for n, call in enumerate(calls):
            started = time.perf_counter()
            for _ in range(rounds):
                for text in texts:
                    call(text)
            best[n] = min(best[n], (time.perf_counter() - started) / (rounds * len(texts)))
    return [b * 1e6 for b in best]


ROUNDS = 5


def rates(calls: list[Callable[[str], object]], texts: list[str]) -> list[float]:
    """Texts per second of each call, p50 of ROUNDS rounds, the calls in turns in each."""
    seen: list[list[float]] = [[] for _ in calls]
    for n in range(ROUNDS):
        part = texts[n::ROUNDS]
        for call, out in zip(calls, seen, strict=True):
            started = time.perf_counter()
            for text in part:
                call(text)
            out.append(len(part) / (time.perf_counter() - started))
    return [statistics.median(out) for out in seen]


def run(sizes: list[str], log) -> list:
    from bench import data
    from bench.common import Row, at_least
    from smmdesk.inbox import spam
    from smmdesk.inbox.scoring import analyzer, plain_analyzer, score_text

    plain, ours = plain_analyzer(), analyzer()
    score_text("warm up: the language model")
    unlearnt = spam.Model()

    def verdict(text: str) -> object:
        return spam.judge(text, unlearnt)

    rows = []
    for label in sizes:
        log(f"scoring at {label}")
        texts = data.texts(data.SIZES[label])
        raw, scorer, whole, judged = rates(
            [plain.polarity_scores, ours.polarity_scores, score_text, verdict], texts
        )
        note = f"p50 of {ROUNDS} rounds in turns; limit: raw VADER's polarity_scores, same texts"
        rows.append(at_least(f"scorer polarity_scores @{label}", scorer, raw, "/s", 1, note))
        rows.append(
            Row(
                f"scorer score_text @{label}",
                whole,
                raw,
                "/s",
                "none (information)",
                None,
                "polarity_scores + language detection + question; " + note,
            )
        )
        rows.append(
            Row(
                f"floor: the spam verdict alone (spam.judge) @{label}",
                judged,
                raw,
                "/s",
                "none (information)",
                None,
                "the signals of each text, no model learnt yet (an import's own work beside "
                "the scorer and the insert); " + note,
            )
        )
    return rows


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from smmdesk.inbox.language import _identifier, detect
    from smmdesk.inbox.scoring import analyzer_for, freeze_lexicon, plain_analyzer

    plain = plain_analyzer()
    ours = analyzer_for(())
    branded = analyzer_for(
        freeze_lexicon(
            {"refund": -2.0, "scam": -3.0, "не працює": -3.0, "розетк*": -1.0, "money back": -2.0}
        )
    )
    _identifier()
    uk = ukrainian()
    sets = {"English": ENGLISH * 15, "Ukrainian set": uk, "mixed": ENGLISH * 15 + uk}
    failed = False
    print(f"lexicon speed: per comment, best of {REPEAT}; limit {LIMIT}x plain VADER")
    for name, texts in sets.items():
        base, *values = per_text_us(
            plain.polarity_scores, ours.polarity_scores, branded.polarity_scores, texts=texts
        )
        for label, value in zip(("lexicon", "lexicon+brand"), values, strict=True):
            ratio = value / base
            ok = ratio <= LIMIT
            failed |= not ok
            print(
                f"  {name:<14} {label:<14} {value:7.1f} us vs plain {base:7.1f} us  "
                f"{ratio:4.2f}x  {'ok' if ok else 'OVER'}"
            )
        (detect_us,) = per_text_us(detect, texts=texts)
        print(f"  {name:<14} {'detect':<14} {detect_us:7.1f} us (for information)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
