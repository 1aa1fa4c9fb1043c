"""The spam detector's figures on public labelled comments (run by hand; figures in docs/spam.md).

    python -m bench.spam_figures --tune Psy.csv KatyPerry.csv LMFAO.csv \\
        --held-out Eminem.csv Shakira.csv [--instagram comments_extracted.json]

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

``--instagram``: a second platform, held out entirely (nothing was tuned on it): the ScamSpot
Instagram comments (Stefan Erben, github.com/ScamSpot/scamspot_ig-comment-scraper,
``data/comments_extracted.json``, MIT licence): comments under the posts of finance and
crypto accounts, each labelled ``scam``, ``real`` or ``unknown`` (left out). The file names no
commenter nor time: each comment is given an author of its own and the scrape's date, so the
queue orders them by tier and tone alone.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from smmdesk.inbox import priority, queue, triage
from smmdesk.inbox.importer import import_files
from smmdesk.store import Store, open_store
from smmdesk.store.brands import get_brand
from smmdesk.store.comments import QueueFilter, get_comments
from smmdesk.store.models import Comment

TOP = 50
COLUMNS = ("COMMENT_ID", "AUTHOR", "DATE", "CONTENT", "CLASS")  # the YouTube collection's
SCRAPED = "2023-03-07T12:00:00"  # the Instagram set's comments have no date: its scrape's


def labels(paths: list[Path]) -> dict[str, bool]:
    """COMMENT_ID -> spam, from the files' CLASS column (the truth, read beside the import)."""
    truth: dict[str, bool] = {}
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                truth[row["COMMENT_ID"]] = row["CLASS"].strip() == "1"
    return truth


Half = Literal["tune", "held out"]


def half_of(post: str) -> Half:
    """The Instagram set's fixed split, by post (its ``media`` id): comments under one post
    stay together, so a scam copied under a post is not both tuned on and measured."""
    return "tune" if hashlib.sha256(post.encode("utf-8")).digest()[0] % 2 == 0 else "held out"


def instagram_csv(source: Path, folder: Path, half: Half | None = None) -> Path:
    """The ScamSpot Instagram comments (JSON: id -> text, type, account, media...) as a CSV in
    the YouTube collection's columns; ``unknown`` ones left out; ``half``: only that half's
    posts (:func:`half_of`)."""
    comments = json.loads(source.read_text(encoding="utf-8"))
    out = folder / f"instagram-{half or 'all'}.csv".replace(" ", "-")
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for number, (cid, item) in enumerate(comments.items()):
            if half is not None and half_of(item["media"]) != half:
                continue
            if item["type"] in ("scam", "real"):
                label = "1" if item["type"] == "scam" else "0"
                writer.writerow((cid, f"commenter {number}", SCRAPED, item["text"], label))
    return out


def imported(
    store: Store, brand: str, paths: list[Path], platform: str = "youtube"
) -> list[Comment]:
    first = store.conn.execute("SELECT coalesce(max(id), 0) FROM comments").fetchone()[0]
    import_files(store, paths, brand, platform=platform, missing_date="skip")
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


def measure(
    folder: Path,
    tune: list[Path],
    held_out: list[Path],
    instagram: Path | None = None,
    marks: tuple[int, ...] = (),
) -> dict[str, Figures]:
    """The runs, each on a fresh desk in ``folder``: built-in on the tuning files, built-in
    on the held-out ones, and held out after the manager triaged the tuning files; with
    ``instagram`` (the ScamSpot JSON), built-in on its tuning half and its held-out half, the
    held-out half after the YouTube tuning files' triage, and after the manager's first
    ``marks`` spam marks on the Instagram tuning half (:func:`triage_until`)."""
    ig = {h: instagram_csv(instagram, folder, h) for h in ("tune", "held out")} if instagram else {}
    truth = labels(tune + held_out + list(ig.values()))
    runs: dict[str, Figures] = {}
    with open_store(folder / "tune.db") as store:
        runs["built-in, tuned on"] = figures(store, "yt", imported(store, "yt", tune), truth)
    with open_store(folder / "youtube.db") as store:
        runs["built-in, held out"] = figures(store, "yt", imported(store, "yt", held_out), truth)
    with open_store(folder / "learnt-youtube.db") as store:
        triage_as_labelled(store, imported(store, "yt", tune), truth)
        runs["learnt, held out"] = figures(store, "yt", imported(store, "yt", held_out), truth)
    if not ig:
        return runs
    for half, path in ig.items():
        with open_store(folder / f"ig-{half}.db".replace(" ", "-")) as store:
            found = imported(store, "ig", [path], "instagram")
            runs[f"built-in, instagram {half}"] = figures(store, "ig", found, truth)
    with open_store(folder / "learnt-ig-yt.db") as store:
        triage_as_labelled(store, imported(store, "ig", tune), truth)
        found = imported(store, "ig", [ig["held out"]], "instagram")
        runs["learnt on YouTube, instagram held out"] = figures(store, "ig", found, truth)
    for count in marks:
        with open_store(folder / f"learnt-ig-{count}.db") as store:
            taught, resolved = triage_until(
                store, imported(store, "ig", [ig["tune"]], "instagram"), truth, count
            )
            found = imported(store, "ig", [ig["held out"]], "instagram")
            name = f"after {taught} marks and {resolved} resolved, instagram held out"
            runs[name] = figures(store, "ig", found, truth)
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


def triage_until(store: Store, comments: list[Comment], truth: dict[str, bool], marks: int) -> int:
    """The manager's first morning on a new page: down the file until ``marks`` spam were
    marked ``x`` (0: all), the real comments before it resolved. Returns (marks, resolved)."""
    seen: list[Comment] = []
    spam = 0
    for comment in comments:
        seen.append(comment)
        spam += bool(truth.get(comment.external_id))
        if marks and spam == marks:
            break
    triage_as_labelled(store, seen, truth)
    return spam, len(seen) - spam


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tune", nargs="+", type=Path, required=True, help="files tuned on")
    parser.add_argument(
        "--held-out", nargs="+", type=Path, required=True, help="files not tuned on"
    )
    parser.add_argument(
        "--instagram", type=Path, help="ScamSpot comments_extracted.json (split by post)"
    )
    parser.add_argument(
        "--marks",
        nargs="*",
        type=int,
        default=[],
        help="with --instagram: also learn from the manager's first N spam marks on its "
        "tuning half (0: all of it) and report its held-out half",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for name, found in measure(
            Path(tmp), args.tune, args.held_out, args.instagram, tuple(args.marks)
        ).items():
            print(f"{name}: {found.line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
