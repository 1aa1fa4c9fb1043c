"""Import pipeline: export file -> records -> language + score -> priority -> one transaction.

A file imports whole or not at all; importing it again adds nothing.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, tzinfo
from itertools import islice
from pathlib import Path
from typing import Any

from smmdesk.inbox import priority, spam
from smmdesk.inbox.lexicon import brand_lexicon_of
from smmdesk.inbox.records import RawComment, field_values
from smmdesk.inbox.rules import apply_rules
from smmdesk.inbox.scoring import NEGATIVE_STARS, BrandLexicon, Score, rated, score_text
from smmdesk.store import Store
from smmdesk.store import comments as q
from smmdesk.store.brands import Brand, ensure_brand, is_our_author
from smmdesk.store.links import link_comments_to_posts, max_comment_id
from smmdesk.timeutil import to_iso, utc_now

CHUNK = 2000
IMPORT_CACHE_MB = 128  # SQLite's page cache while files import (import_files)
PARALLEL_FROM = 20_000  # records; below this, starting processes costs more than it saves
SCORING_WORKERS = 2
Progress = Callable[[int, int | None], None]  # (done, total or None)


@dataclass
class ImportSummary:
    file: str
    format: str
    new: int = 0
    duplicates: int = 0
    skipped: int = 0
    negatives: int = 0
    unscored: int = 0
    no_date: int = 0  # left out by --missing-date skip
    ruled: int = 0  # changes the brand's moderation rules made to the new comments

    def line(self) -> str:
        undated = f", {self.no_date} without a date skipped" if self.no_date else ""
        undated += f", {self.ruled} changes by rules" if self.ruled else ""
        if self.new == 0 and self.duplicates and not self.skipped and not self.no_date:
            return f"{self.file}: nothing new ({self.duplicates} already imported)"
        return (
            f"{self.file}: {self.new} new, {self.duplicates} duplicates, {self.skipped} skipped, "
            f"{self.negatives} negative, {self.unscored} unscored{undated} ({self.format})"
        )


# The score of a review with stars and no words (``rated`` then decides its band).
NO_WORDS = Score(None, None, None, None, "unscored", is_question=False)


def stable_id(record: RawComment) -> str:
    """An id for exports without one: the same comment always hashes the same."""
    key = "\x1f".join((record.platform, record.author, to_iso(record.created_at), record.text))
    return "h:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def build_row(
    record: RawComment,
    score: Score,
    brand: Brand,
    *,
    imported_at: str,
    source: str,
    targets: dict[str, int],
    account_id: int | None = None,
    model: spam.Model = spam.UNTRAINED,
    texts: SpamMemo | None = None,
) -> q.CommentRow:
    """The insert row of one record: its values in ``q.INSERT_COLUMNS`` order; ``model``:
    the brand's spam model (``spam.model_of``), read once per file; ``texts``: the spam facts
    of texts already seen under that model."""
    texts = texts or SpamMemo(model, keep=False)
    author = record.author
    if record.ours and not author and brand.handles:
        author = brand.handles[0]  # so that re-marking by the handles keeps it ours
    # From a file, an author named like a handle is ours (trimmed, any case, @ or not); from an
    # account, only the platform says who sent it: a display name is the sender's to choose.
    ours = record.ours or (account_id is None and is_our_author(author, brand.handles))
    score = rated(score, record.rating)  # the one place a rating decides the band
    suspect = not ours and texts.suspect(record.text, record.platform)
    rank = priority.rank(
        priority.Facts(
            created_at=record.created_at,
            band=score.band,
            compound=score.compound,
            is_question=score.is_question,
            likes=record.likes,
            reply_count=record.reply_count,
            spam_suspect=suspect,
        ),
        targets,
    )
    return (  # in q.INSERT_COLUMNS order
        brand.id,
        record.platform,
        record.external_id or stable_id(record),
        record.parent_external_id,
        record.post_ref,
        author,
        record.author_id,
        record.text,
        to_iso(record.created_at),
        imported_at,
        record.permalink,
        record.likes,
        record.reply_count,
        score.language,
        *score.stored(),
        int(ours),
        "resolved" if ours else "open",
        rank.tier,
        rank.urgent_at,
        source,
        account_id,
        int(suspect),
        texts.key(record.text),
    )


class SpamMemo:
    """Under one spam model, whether a text reads as spam on a platform and its repeat key
    (``spam.judge``, ``spam.text_key``: pure functions of their arguments), each worked out
    once per short text."""

    MAX_TEXT = 280  # characters; longer texts rarely repeat
    MAX_SIZE = 50_000  # texts kept

    def __init__(self, model: spam.Model, *, keep: bool = True) -> None:
        self.model = model
        self.keep = keep
        self.suspects: dict[tuple[str, str], bool] = {}
        self.keys: dict[str, str | None] = {}

    def suspect(self, text: str, platform: str) -> bool:
        # By platform too: a comment of bare tags is sharing on Instagram, a signal elsewhere.
        found = self.suspects.get((text, platform))
        if found is None:
            found = spam.judge(text, self.model, platform=platform).suspect
            if self._keeps(text, self.suspects):
                self.suspects[text, platform] = found
        return found

    def key(self, text: str) -> str | None:
        if text in self.keys:
            return self.keys[text]
        found = spam.text_key(text)
        if self._keeps(text, self.keys):
            self.keys[text] = found
        return found

    def _keeps(self, text: str, kept: dict[Any, Any]) -> bool:
        return self.keep and len(text) <= self.MAX_TEXT and len(kept) < self.MAX_SIZE


@dataclass(frozen=True)
class RowContext:
    """What building a file's rows takes besides its records, the same for all of them: sent
    once to each pool worker, at its start."""

    brand: Brand
    imported_at: str
    source: str
    targets: dict[str, int]
    account_id: int | None = None
    model: spam.Model = spam.UNTRAINED
    brand_lexicon: BrandLexicon = ()


def build_rows(records: list[RawComment], context: RowContext) -> tuple[list[q.CommentRow], int]:
    """The insert rows of a chunk, in its order, and how many records were read.

    An empty comment is skipped, unless its stars alone say it is a complaint."""
    scores = score_texts([r.text for r in records], context.brand_lexicon)
    texts = _spam_memo(context.model)
    rows = []
    for record, score in zip(records, scores, strict=True):
        if score is None:
            if record.rating is None or record.rating > NEGATIVE_STARS:
                continue
            score = NO_WORDS
        rows.append(
            build_row(
                record,
                score,
                context.brand,
                imported_at=context.imported_at,
                source=context.source,
                targets=context.targets,
                account_id=context.account_id,
                model=context.model,
                texts=texts,
            )
        )
    return rows, len(records)


_spam_memos: list[SpamMemo] = []  # this process's, for the last model it was given


def _spam_memo(model: spam.Model) -> SpamMemo:
    # By value: a sync reads the model again for each page, and an equal model gives the
    # same verdicts (a new object each page threw the memo away 100 times in a 10k sync).
    if not _spam_memos or _spam_memos[0].model != model:
        _spam_memos[:] = [SpamMemo(model)]
    return _spam_memos[0]


def import_records(
    store: Store,
    records: Iterator[RawComment],
    brand: Brand,
    summary: ImportSummary,
    *,
    total: int | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    account_id: int | None = None,
) -> ImportSummary:
    """Score and store ``records`` in one transaction (all or nothing); ``account_id``: the
    connected account they were synced from.

    Large files are scored and made into rows by a pool of processes (VADER is pure Python
    and the bulk of the work) while this process parses and writes.
    """
    context = row_context(store, brand, summary.file, account_id=account_id, now=now)
    parallel = (total or 0) >= PARALLEL_FROM
    with built_chunks(records, context, parallel=parallel) as chunks:
        return store_built(store, brand, chunks, summary, total=total, progress=progress, now=now)


def row_context(
    store: Store,
    brand: Brand,
    source: str,
    *,
    account_id: int | None = None,
    now: datetime | None = None,
) -> RowContext:
    """What building the rows of records from ``source`` takes, read from the desk once."""
    return RowContext(
        brand=brand,
        imported_at=to_iso(now or utc_now()),
        source=source,
        targets=priority.targets_for(store, brand.id),
        account_id=account_id,
        model=spam.model_of(store, brand.id),
        brand_lexicon=brand_lexicon_of(store, brand.id),
    )


def store_built(
    store: Store,
    brand: Brand,
    chunks: Iterator[Built],
    summary: ImportSummary,
    *,
    total: int | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> ImportSummary:
    """Store the rows ``built_chunks`` gives, in one transaction, then run the passes over
    the new ones (the text index, answered threads, repeated texts, post links, the rules)."""
    done = 0
    first_id = max_comment_id(store)
    with store.transaction():
        for rows, read in chunks:
            summary.skipped += read - len(rows)
            _insert_new(store, brand.id, rows, summary)
            done += read
            if progress:
                progress(done, total)
        q.index_text_after(store, first_id)  # the file's text, for search, in one statement
        # Our replies and the comments they answer may come in any order (a reply in an earlier
        # file, or an earlier chunk): mark from every stored reply of ours, once the file is in.
        q.mark_answered_since(store, brand.id, first_id, priority.ANSWERED_HOURS * priority.HOUR)
        spam.mark_repeated(store, brand.id, first_id)  # the same text, now from many authors
        link_comments_to_posts(store, since_id=first_id)
        # The brand's moderation rules on the new open comments (linked: `goal:` can read).
        summary.ruled += apply_rules(store, brand, since_id=first_id, now=now).changed
    return summary


# What an edit on the platform changes: the text and all that is read from it.
EDITED_FIELDS = (
    "text",
    "language",
    "compound",
    "pos",
    "neu",
    "neg",
    "band",
    "is_question",
    "text_key",
)  # then its spam verdict and rank, from all it holds (spam.judge_edited), and the rules


def apply_edits(
    store: Store, records: Sequence[RawComment], brand: Brand, *, now: datetime | None = None
) -> int:
    """Comments edited on the platform: the stored ones whose text differs get the new text,
    rescored, judged for spam and reranked (their triage stays), and the brand's rules run on
    them (``apply_rules``: only those no person has triaged); the number changed. A platform
    that gives no edit time can offer every comment it reads again: an unchanged text costs
    nothing. An edit to nothing is left alone. Of a comment's edits the last wins."""
    if not records:  # most pages of a sync: no reads of the brand's settings
        return 0
    # Each is compared with the stored text: an edit back to it must still undo the one before.
    latest = {(r.platform, r.external_id): r for r in records}
    by_platform: dict[str, list[RawComment]] = {}
    for record in latest.values():
        by_platform.setdefault(record.platform, []).append(record)
    targets = priority.targets_for(store, brand.id)
    words = brand_lexicon_of(store, brand.id)
    imported_at = to_iso(now or utc_now())
    changed: list[int] = []
    for platform, group in by_platform.items():
        stored = q.texts_by_external(
            store, brand.id, platform, [r.external_id or "" for r in group]
        )
        edited = [
            r for r in group if r.external_id in stored and stored[r.external_id][1] != r.text
        ]
        for record, score in zip(edited, score_texts([r.text for r in edited], words), strict=True):
            if score is None:
                continue
            row = build_row(
                record,
                score,
                brand,
                imported_at=imported_at,
                source="",
                targets=targets,
            )
            comment_id = stored[str(record.external_id)][0]
            edit = {name: row[q.COLUMN[name]] for name in EDITED_FIELDS}
            if q.update_comment(store, comment_id, edit):
                changed.append(comment_id)
    if changed:
        spam.judge_edited(store, brand.id, changed)
        apply_rules(store, brand, edited=changed, now=now)
    return len(changed)


_PLATFORM, _EXTERNAL_ID = q.COLUMN["platform"], q.COLUMN["external_id"]
_IS_OURS, _BAND = q.COLUMN["is_ours"], q.COLUMN["band"]


def _identity(row: q.CommentRow) -> tuple[str, str]:
    """A comment's identity within its brand: (platform, the platform's id)."""
    return str(row[_PLATFORM]), str(row[_EXTERNAL_ID])


def _insert_new(
    store: Store, brand_id: int, rows: list[q.CommentRow], summary: ImportSummary
) -> None:
    """Insert the rows the brand has not stored yet (nor seen earlier in this file); count what
    was new. Our own comments are never counted as negative or unscored work."""
    stored = q.existing_ids(store, brand_id, [_identity(row) for row in rows])
    fresh = []
    for row in rows:
        key = _identity(row)
        if key in stored:
            continue
        stored.add(key)
        fresh.append(row)
        if not row[_IS_OURS]:
            summary.negatives += row[_BAND] == "negative"
            summary.unscored += row[_BAND] == "unscored"
    q.insert_comments(store, fresh, index=False)  # indexed once the file is in
    summary.new += len(fresh)
    summary.duplicates += len(rows) - len(fresh)


class ScoreCache:
    """The scores of short texts already seen in this process, for one brand word list.

    ``score_text`` is a pure function of the text and the word list, and exports repeat
    short texts ("thanks!", an emoji, a stock complaint): each is scored once.
    """

    MAX_TEXT = 280  # characters; longer texts rarely repeat
    MAX_SIZE = 50_000  # texts kept

    def __init__(self) -> None:
        self.lexicon: BrandLexicon | None = None
        self.scores: dict[str, Score] = {}

    def score(self, text: str, lexicon: BrandLexicon) -> Score:
        if lexicon != self.lexicon:  # another brand's words: what was kept no longer holds
            self.lexicon, self.scores = lexicon, {}
        found = self.scores.get(text)
        if found is None:
            found = score_text(text, brand_lexicon=lexicon)
            if len(text) <= self.MAX_TEXT and len(self.scores) < self.MAX_SIZE:
                self.scores[text] = found
        return found


_scores = ScoreCache()  # one per process: the parent's, and each pool worker's


def score_texts(texts: list[str], brand_lexicon: BrandLexicon = ()) -> list[Score | None]:
    """Scores for a chunk; None for an empty comment (a sticker or photo), which is skipped.

    ``brand_lexicon``: the brand's word list (``scoring.freeze_lexicon``), a plain tuple
    so that it pickles to the pool's workers with each chunk.
    """
    return [_scores.score(text, brand_lexicon) if text.strip() else None for text in texts]


Built = tuple[list[q.CommentRow], int]  # a chunk's rows, and how many records it had


def pool_size(*, beside_a_pull: bool = False) -> int:
    """The scoring pool's workers: one a core up to SCORING_WORKERS; beside a sync's pull, a
    core is left to the pull and the app (a 10k sync on 2 cores, loaded: 1.27-1.41x the
    import with 2 workers, 1.06-1.14x with 1; quiet: 1.01-1.08x and 1.04x)."""
    cores = os.cpu_count() or 1
    return max(1, min(SCORING_WORKERS, cores - 1)) if beside_a_pull else min(SCORING_WORKERS, cores)


@contextmanager
def built_chunks(
    records: Iterator[RawComment],
    context: RowContext,
    *,
    parallel: bool,
    chunk: int | None = None,
    workers: int | None = None,
) -> Iterator[Iterator[Built]]:
    """Yield each chunk's rows (``build_rows``), in file order. In parallel, the pool's
    feeder thread reads ``records`` as they come: a sync's pull feeds it page by page.
    ``workers``: the pool's size, else ``pool_size()``, and none on one core (a worker
    beside a parse that keeps up with it gains nothing)."""
    size = chunk or CHUNK
    chunks = iter(lambda: list(islice(records, size)), [])
    if workers is None:
        workers = pool_size()
        parallel = parallel and workers >= 2
    if not parallel:
        yield (build_rows(chunk, context) for chunk in chunks)
        return
    import multiprocessing

    # spawn, not fork: the caller may be a threaded TUI holding an SQLite connection.
    start_resource_tracker()
    pool = multiprocessing.get_context("spawn").Pool(
        workers, initializer=_start_worker, initargs=(context,)
    )
    try:
        # The chunks are parsed here, in the pool's feeder thread, while the workers build.
        yield pool.imap(_build_in_worker, ([field_values(r) for r in chunk] for chunk in chunks))
    finally:
        pool.terminate()
        pool.join()


_worker_context: list[RowContext] = []  # a pool worker's file


def _start_worker(context: RowContext) -> None:
    """A pool worker's start: the file's context, and VADER built before the first chunk
    arrives (the language model loads only if a text needs it)."""
    import signal

    from smmdesk.inbox.scoring import analyzer_for

    # Ctrl-C reaches the whole process group: the parent stops the pool, a worker keeps quiet.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_context[:] = [context]
    analyzer_for(context.brand_lexicon)


def _build_in_worker(chunk: list[tuple[Any, ...]]) -> Built:
    return build_rows([RawComment(*values) for values in chunk], _worker_context[0])


_TRACKER_LOCK = threading.Lock()


def start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker against a real stderr, if it is not running.

    The pool's locks register with that tracker, a process started with
    ``sys.stderr.fileno()`` among the descriptors it keeps. A host that captures
    output can replace ``sys.stderr`` by an object whose ``fileno()`` is -1 (the
    Textual app does, while it runs), and the start then fails with ``ValueError:
    bad value(s) in fds_to_keep``. The interpreter's own stderr (fd 2, which every
    child inherits anyway) is put back for the moment of that start only.
    """
    from multiprocessing import resource_tracker

    try:
        valid = sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        valid = True  # no descriptor at all: the tracker copes with that itself
    if valid:
        resource_tracker.ensure_running()
        return
    with _TRACKER_LOCK:
        captured, sys.stderr = sys.stderr, sys.__stderr__
        try:
            resource_tracker.ensure_running()
        finally:
            if sys.stderr is sys.__stderr__:  # unless the host changed it meanwhile
                sys.stderr = captured


def import_file(
    store: Store,
    path: str | Path,
    brand: Brand,
    *,
    fmt: str | None = None,
    platform: str | None = None,
    tz: tzinfo | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    mapping: tuple[tuple[str, str], ...] = (),
    missing_date: str = "refuse",
) -> ImportSummary:
    from smmdesk.inbox.formats import read_export

    export = read_export(
        Path(path), fmt=fmt, platform=platform, tz=tz, mapping=mapping, missing_date=missing_date
    )
    summary = ImportSummary(file=Path(path).name, format=export.format)
    import_records(
        store, export.records, brand, summary, total=export.count, progress=progress, now=now
    )
    summary.no_date = export.dates.missing
    return summary


def import_files(
    store: Store,
    paths: Sequence[str | Path],
    brand_name: str,
    *,
    fmt: str | None = None,
    platform: str | None = None,
    tz: tzinfo | None = None,
    progress: Progress | None = None,
    file_done: Callable[[ImportSummary], None] | None = None,
    now: datetime | None = None,
    mapping: tuple[tuple[str, str], ...] = (),
    missing_date: str = "refuse",
) -> list[ImportSummary]:
    """Import files for a brand, created if new, all or nothing: when one file fails nothing
    is kept, not the other files' comments nor the brand.

    Inserting into a dozen indexes thrashes SQLite's default 2 MB cache from a few thousand
    rows on (at 100k: ~7 page writes and 5 reads a row spilled to the WAL, ~2 s of system time;
    at 10k, 15 % of the import): the import runs with IMPORT_CACHE_MB, and the connection (the
    TUI's) gets its own back after the commit (before it, the commit costs more)."""
    with store.cache_of_mb(IMPORT_CACHE_MB), store.transaction():
        brand = ensure_brand(store, brand_name)
        summaries = []
        for path in paths:
            summaries.append(
                import_file(
                    store,
                    path,
                    brand,
                    fmt=fmt,
                    platform=platform,
                    tz=tz,
                    progress=progress,
                    now=now,
                    mapping=mapping,
                    missing_date=missing_date,
                )
            )
            if file_done:
                file_done(summaries[-1])
    return summaries
