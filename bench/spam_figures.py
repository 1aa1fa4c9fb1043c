"""The spam detector's figures on public labelled comments (run by hand; figures in docs/spam.md).

    python -m bench.spam_figures --tune Psy.csv KatyPerry.csv LMFAO.csv \\
        --held-out Eminem.csv Shakira.csv

The files are the YouTube Spam Collection (T. C. Alberto, J. V. Lochter, T. A. Almeida,
"TubeSpam: Comment Spam Filtering on YouTube", ICMLA 2015; CC BY 4.0): five CSVs with the
columns COMMENT_ID, AUTHOR, DATE, CONTENT, CLASS (1: spam), from
https://archive.ics.uci.edu/dataset/380/youtube+spam+collection (also mirrored on GitHub,
e.g. tuliocasagrande/youtube-spam-experiment, data_csv/). Keep them outside the repository.

Each set is imported into a fresh desk through the real importer (``import_files``), as a
user would. Printed per set: precision and recall of the suspect mark against CLASS, and the
share of spam (labelled, or suspected) in the first 50 places of the queue, beside the same
queue without the detector (every comment ranked as if not suspected). ``learnt``: the held-out
files imported into the brand whose manager first triaged the tuning files (``x`` on their
spam, resolve on the rest, through ``inbox.triage``), so its model has learnt.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from smmdesk.inbox import priority, queue, triage
from smmdesk.inbox.importer import import_files
from smmdesk.store import Store, open_store
from smmdesk.store.brands import get_brand
from smmdesk.store.comments import QueueFilter, get_comments
from smmdesk.store.models import Comment

TOP = 50


def labels(paths: list[Path]) -> dict[str, bool]:
    """COMMENT_ID -> spam, from the files' CLASS column (the truth, read beside the import)."""
    truth: dict[str, bool] = {}
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                truth[row["COMMENT_ID"]] = row["CLASS"].strip() == "1"
    return truth


def imported(store: Store, brand: str, paths: list[Path]) -> list[Comment]:
    first = store.conn.execute("SELECT coalesce(max(id), 0) FROM comments").fetchone()[0]
    import_files(store, paths, brand, platform="youtube", missing_date="skip")
    ids = [r[0] for r in store.conn.execute("SELECT id FROM comments WHERE id > ?", (first,))]
    return get_comments(store, ids)


@dataclass(frozen=True)
class Figures:
    comments: int
    spam: int
    marked: int
    precision: float
    recall: float
    top_share: float  # spam (labelled or suspected) in the first TOP places
    top_share_without: float  # the same queue with nobody suspected
    first: str  # places 1-4: spam or ham
    first_without: str

    def line(self) -> str:
        return (
            f"{self.comments} comments, {self.spam} spam: precision {self.precision:.3f}, "
            f"recall {self.recall:.3f} ({self.marked} marked); first {TOP} places: "
            f"{self.top_share:.0%} spam with the detector, {self.top_share_without:.0%} without "
            f"(places 1-4: {self.first}; without: {self.first_without})"
        )


def figures(store: Store, brand: str, comments: list[Comment], truth: dict[str, bool]) -> Figures:
    spam = {c.id for c in comments if truth.get(c.external_id)}
    marked = {c.id for c in comments if c.spam_suspect}
    hits = len(spam & marked)
    brand_id = get_brand(store, brand).id
    mine = {c.id for c in comments}
    top = [
        i.id
        for i in queue.page(store, QueueFilter(brand_id=brand_id), limit=10_000)
        if i.id in mine
    ][:TOP]
    without = without_detector(store, [c for c in comments if c.status == "open"])[:TOP]

    def places(ids: list[int]) -> str:
        return ", ".join("spam" if i in spam else "ham" for i in ids[:4])

    return Figures(
        comments=len(comments),
        spam=len(spam),
        marked=len(marked),
        precision=hits / len(marked) if marked else 0.0,
        recall=hits / len(spam) if spam else 0.0,
        top_share=sum(1 for i in top if i in spam or i in marked) / max(1, len(top)),
        top_share_without=sum(1 for i in without if i in spam) / max(1, len(without)),
        first=places(top),
        first_without=places(without),
    )


def measure(folder: Path, tune: list[Path], held_out: list[Path]) -> dict[str, Figures]:
    """The three runs, each on a fresh desk in ``folder``: built-in on the tuning files, built-in
    on the held-out ones, and held out after the manager triaged the tuning files."""
    truth = labels(tune + held_out)
    runs: dict[str, Figures] = {}
    for name, paths in (("built-in, tuned on", tune), ("built-in, held out", held_out)):
        with open_store(folder / f"{name[10:14]}.db") as store:
            runs[name] = figures(store, "yt", imported(store, "yt", paths), truth)
    with open_store(folder / "learnt.db") as store:
        triage_as_labelled(store, imported(store, "yt", tune), truth)
        runs["learnt, held out"] = figures(store, "yt", imported(store, "yt", held_out), truth)
    return runs


def without_detector(store: Store, comments: list[Comment]) -> list[int]:
    """The queue's order if no comment were suspected: the same formula, suspect off."""
    targets = priority.targets_for(store, comments[0].brand_id) if comments else {}
    ranked = [priority.rank(replace(c, spam_suspect=False), targets) for c in comments]
    order = sorted(
        zip(comments, ranked, strict=True), key=lambda p: (p[1].tier, p[1].urgent_at, p[0].id)
    )
    return [c.id for c, _ in order]


def triage_as_labelled(store: Store, comments: list[Comment], truth: dict[str, bool]) -> None:
    """The manager's morning on the tuning files: ``x`` on spam, resolve on the rest."""
    open_ids = [c for c in comments if c.status == "open"]
    spam = [c.id for c in open_ids if truth.get(c.external_id)]
    ham = [c.id for c in open_ids if not truth.get(c.external_id)]
    if spam:
        triage.mark_spam(store, spam, actor="bench")
    if ham:
        triage.resolve(store, ham, actor="bench")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tune", nargs="+", type=Path, required=True, help="files tuned on")
    parser.add_argument(
        "--held-out", nargs="+", type=Path, required=True, help="files not tuned on"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for name, found in measure(Path(tmp), args.tune, args.held_out).items():
            print(f"{name}: {found.line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
