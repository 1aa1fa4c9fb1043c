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
from dataclasses import replace
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


def figures(store: Store, brand: str, comments: list[Comment], truth: dict[str, bool]) -> str:
    spam = {c.id for c in comments if truth.get(c.external_id)}
    marked = {c.id for c in comments if c.spam_suspect}
    hits = len(spam & marked)
    precision = hits / len(marked) if marked else 0.0
    recall = hits / len(spam) if spam else 0.0
    brand_id = get_brand(store, brand).id
    mine = {c.id for c in comments}
    top = [
        i.id
        for i in queue.page(store, QueueFilter(brand_id=brand_id), limit=10_000)
        if i.id in mine
    ][:TOP]
    with_share = sum(1 for i in top if i in spam or i in marked) / max(1, len(top))
    without = without_detector(store, [c for c in comments if c.status == "open"])[:TOP]
    without_share = sum(1 for i in without if i in spam) / max(1, len(without))

    def places(ids: list[int]) -> str:
        return ", ".join("spam" if i in spam else "ham" for i in ids[:4])

    return (
        f"{len(comments)} comments, {len(spam)} spam: precision {precision:.3f}, "
        f"recall {recall:.3f} ({len(marked)} marked); first {TOP} places: "
        f"{with_share:.0%} spam with the detector, {without_share:.0%} without "
        f"(places 1-4: {places(top)}; without: {places(without)})"
    )


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
    truth = labels(args.tune + args.held_out)
    with tempfile.TemporaryDirectory() as tmp:
        for name, paths in (("tuned on", args.tune), ("held out", args.held_out)):
            with open_store(Path(tmp) / f"{name[:4]}.db") as store:
                comments = imported(store, "yt", paths)
                print(f"built-in, {name}: {figures(store, 'yt', comments, truth)}")
        with open_store(Path(tmp) / "learnt.db") as store:
            triage_as_labelled(store, imported(store, "yt", args.tune), truth)
            comments = imported(store, "yt", args.held_out)
            print(f"learnt, held out: {figures(store, 'yt', comments, truth)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
