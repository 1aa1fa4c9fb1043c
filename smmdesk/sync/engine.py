"""One sync: for each account, settle interrupted sends, send the outbox, pull new comments.

Never twice: a reply is marked ``sending`` (committed) before its call. A sync that dies
between the call and the record finds it ``sending`` next time and asks the platform whether
our reply is in the thread before sending again; where the platform cannot be asked
(Telegram) it becomes ``unsure`` for the user to settle (``smmdesk outbox``).

Nothing lost offline: an account that cannot be reached keeps its outbox and its cursor, and
the others go on. Each pulled page is held in the desk with its cursor in one transaction,
before the next call (which may confirm it to the platform); the held pages then go through the
importer at once (language, score, priority, post links). A sync killed at any moment resumes
where it stopped, the next one stores what it held, and a second sync adds nothing.
"""

from __future__ import annotations

import fcntl
import os
import queue
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from smmdesk.errors import UserError
from smmdesk.inbox.importer import (
    IMPORT_CACHE_MB,
    Built,
    ImportSummary,
    apply_edits,
    built_chunks,
    pool_size,
    row_context,
    store_built,
)
from smmdesk.inbox.records import RawComment
from smmdesk.store import Store
from smmdesk.store import accounts as a
from smmdesk.store import comments as q
from smmdesk.store.accounts import Account, Outgoing
from smmdesk.store.brands import Brand, brand_by_id
from smmdesk.sync import publish
from smmdesk.sync.base import Client, Page, Quota, quota_option
from smmdesk.sync.clients import client_class
from smmdesk.sync.errors import (
    AuthFailed,
    BadResponse,
    ReplyRefused,
    SyncError,
    Unreachable,
    Unsure,
)
from smmdesk.sync.http import Http
from smmdesk.sync.secrets import Credentials, Secret
from smmdesk.timeutil import from_iso, to_iso, utc_now

EXPIRY_WARNING = timedelta(days=7)
EXIT_OK, EXIT_USER_ERROR, EXIT_UNREACHED = 0, 2, 3
Progress = Callable[[str], None]  # one line: what the sync is doing now


@dataclass
class AccountResult:
    account: str
    platform: str
    new: int = 0
    edited: int = 0
    sent: int = 0
    hidden: int = 0  # hidden or shown again on the platform
    published: list[str] = field(default_factory=list)  # a line per post published
    late: list[str] = field(default_factory=list)  # a line per late post waiting for a yes
    failed: list[str] = field(default_factory=list)  # a line per reply or post that failed
    error: SyncError | UserError | None = None
    warnings: list[str] = field(default_factory=list)
    quota_left: int | None = None

    @property
    def reached(self) -> bool:
        return self.error is None

    def line(self) -> str:
        parts = [f"{self.new} new"]
        if self.edited:
            parts.append(f"{self.edited} edited")
        parts.append(f"{self.sent} sent")
        if self.hidden:
            parts.append(f"{self.hidden} hidden")
        if self.published:
            parts.append(f"{len(self.published)} published")
        if self.late:
            parts.append(f"{len(self.late)} late")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        if self.quota_left is not None:
            parts.append(f"quota left {self.quota_left:,}")
        text = f"{self.account}: " + ", ".join(parts)
        if self.error is not None:
            text += f"; stopped: {self.error}"
        return text


@dataclass
class SyncReport:
    results: list[AccountResult] = field(default_factory=list)
    waiting: int = 0  # replies still in the outbox after the sync
    busy: bool = False  # another sync of this desk was running: this one did nothing

    @property
    def offline(self) -> bool:
        """No account could be reached at all."""
        return bool(self.results) and all(isinstance(r.error, Unreachable) for r in self.results)

    @property
    def exit_status(self) -> int:
        if self.busy:
            return EXIT_UNREACHED
        if any(r.error is not None and _users_mistake(r.error) for r in self.results):
            return EXIT_USER_ERROR
        if any(r.error is not None for r in self.results):
            return EXIT_UNREACHED
        return EXIT_OK

    def summary(self) -> str:
        if self.busy:
            return f"another sync of this desk is running; {self.waiting} waiting, nothing lost"
        if self.offline:
            return f"offline: {self.waiting} repl{'y' if self.waiting == 1 else 'ies'} waiting"
        new = sum(r.new for r in self.results)
        sent = sum(r.sent for r in self.results)
        return f"synced: {new} new, {sent} sent, {self.waiting} waiting"


def _users_mistake(error: SyncError | UserError) -> bool:
    return isinstance(error, UserError) or error.users_mistake


def sync(
    store: Store,
    accounts: list[Account],
    *,
    credentials: Credentials | None = None,
    progress: Progress | None = None,
    sleep: Callable[[float], None] = time.sleep,
    pull: bool = True,
    send: bool = True,
    publishing: publish.Options | None = None,
) -> SyncReport:
    """Sync each account; one account's failure never stops the others. One sync of a desk
    at a time (``sync_lease``): a second one, from cron, the app or a person, does nothing.
    Replies go out first (``send``), then due posts (``publishing``), then the pull."""
    with sync_lease(store) as held:
        if not held:
            return SyncReport(waiting=a.outbox_counts(store).waiting, busy=True)
        steps = _Steps(send, publishing or publish.Options(), pull)
        return _sync_all(store, accounts, credentials or Credentials(), progress, sleep, steps)


@dataclass(frozen=True)
class _Steps:
    send: bool
    publishing: publish.Options
    pull: bool


@contextmanager
def sync_lease(store: Store) -> Iterator[bool]:
    """An exclusive lock on ``<desk>.sync-lock`` while a sync runs: a reply another live sync
    has marked ``sending`` is then never taken for one a dead sync left. The lock is the
    kernel's (flock), so a sync killed with -9 leaves none behind. No file, no lock."""
    path = str(store.path) if store.path and str(store.path) != ":memory:" else None
    if path is None:
        yield True
        return
    fd = os.open(f"{path}.sync-lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # releases the lock


def _sync_all(
    store: Store,
    accounts: list[Account],
    credentials: Credentials,
    progress: Progress | None,
    sleep: Callable[[float], None],
    steps: _Steps,
) -> SyncReport:
    report = SyncReport()
    for account in accounts:
        result = AccountResult(account.name, account.platform)
        report.results.append(result)
        try:
            _sync_account(store, account, credentials, result, progress, sleep, steps)
        except (SyncError, UserError) as error:
            result.error = error
        a.record_sync(
            store,
            account.id,
            at=to_iso(utc_now()) if result.reached else None,
            error=None if result.reached else _stored_error(result.error),
        )
    report.waiting = a.outbox_counts(store).waiting
    return report


def _stored_error(error: SyncError | UserError | None) -> str:
    kind = "unreachable" if isinstance(error, Unreachable) else "error"
    return f"{kind}: {error}"


def _sync_account(
    store: Store,
    account: Account,
    credentials: Credentials,
    result: AccountResult,
    progress: Progress | None,
    sleep: Callable[[float], None],
    steps: _Steps,
) -> None:
    cls = client_class(account.platform)
    secret = credentials.get(account.secret_ref)
    if secret is None:
        raise AuthFailed(f"no token stored for it; {cls.renew_hint}")
    _warn_expiry(secret, result, cls)
    quota = _quota(account, cls)
    with Http(account.api_base or cls.default_base, sleep=sleep) as http:
        client = cls(account, secret, http, quota)
        if cls.token_expires and not secret.expires_at and NEVER not in secret.extra:
            client.secret = _with_expiry(client, result, cls)
        try:
            if steps.send:
                _send_outbox(store, client, result, progress)
                _moderate(store, client, result)
            _publish(store, client, result, steps.publishing, progress)
            if steps.pull:
                _pull(store, client, result, progress)
        finally:
            if client.secret != secret:  # renewed (OAuth refresh): keep the new token
                credentials.put(account.secret_ref, client.secret)
            if quota.limit is not None:
                a.save_quota(store, account.id, {"day": quota.day, "used": quota.used})
                result.quota_left = quota.left


NEVER = "expires_never"  # in Secret.extra: the platform said the token does not expire


def _with_expiry(client: Client, result: AccountResult, cls: type[Client]) -> Secret:
    """The secret with its expiry, asked of the platform once (a cheap call)."""
    expires = client.identity().expires_at
    if expires is None:
        return replace(client.secret, extra={**client.secret.extra, NEVER: "1"})
    renewed = client.secret.renewed(client.secret.token, to_iso(expires))
    _warn_expiry(renewed, result, cls)
    return renewed


def _warn_expiry(secret: Secret, result: AccountResult, cls: type[Client]) -> None:
    if not secret.expires_at or secret.refresh_token:
        return
    left = from_iso(secret.expires_at) - utc_now()
    if left <= timedelta(0):
        raise AuthFailed(f"its token expired on {secret.expires_at[:10]}; {cls.renew_hint}")
    if left <= EXPIRY_WARNING:
        result.warnings.append(
            f"{result.account}: its token expires on {secret.expires_at[:10]}; {cls.renew_hint}"
        )


def _quota(account: Account, cls: type[Client]) -> Quota:
    if cls.daily_quota is None:
        return Quota()
    day = datetime.now(UTC).astimezone(ZoneInfo(cls.quota_zone)).date().isoformat()
    limit = quota_option(account.options.get("quota", cls.daily_quota))
    used = int(account.quota.get("used", 0)) if account.quota.get("day") == day else 0
    return Quota(limit=limit, day=day, used=used)


# Sending --------------------------------------------------------------------


def _send_outbox(
    store: Store, client: Client, result: AccountResult, progress: Progress | None
) -> None:
    for item in a.outgoing(store, client.account.id):
        if progress:
            progress(f"{client.account.name}: sending reply {item.reply.id}")
        if item.reply.state == "sending" and not _settle(store, client, item):
            continue
        _send_one(store, client, item, result)


def _settle(store: Store, client: Client, item: Outgoing) -> bool:
    """A reply left ``sending`` by a sync that died: True when it should be sent now."""
    if not client.can_check_sent:
        a.set_reply_state(
            store,
            item.reply.id,
            "unsure",
            expect=("sending",),
            error="the sync stopped while sending; look in the thread, then "
            f"`smmdesk outbox sent {item.reply.id}` or `smmdesk outbox retry {item.reply.id}`",
        )
        return False
    remote = client.find_sent(item)
    if remote is None:
        return True
    a.set_reply_state(
        store,
        item.reply.id,
        "sent",
        expect=("sending",),
        remote_id=remote,
        sent_at=item.reply.tried_at or to_iso(utc_now()),
        error=None,
    )
    return False


def _send_one(store: Store, client: Client, item: Outgoing, result: AccountResult) -> None:
    reply_id = item.reply.id
    tried = to_iso(utc_now())
    # The intent, committed before the call: a crash from here on is settled next time.
    # Only from the state this sync read it in: one it read queued and now finds sending is
    # another sync's, on its way.
    if not a.set_reply_state(
        store, reply_id, "sending", expect=(item.reply.state,), tried_at=tried
    ):
        return  # another sync took it
    try:
        remote = client.send(item)
    except ReplyRefused as refused:
        _fail(store, item, str(refused))
        result.failed.append(f"reply {reply_id} to {item.author or item.external_id}: {refused}")
        return
    except (Unsure, BadResponse):
        raise  # it may have gone out: stays ``sending``, the next sync looks for it
    except (SyncError, UserError):
        # The call did not happen (no connection, refused before acting): queued again.
        a.set_reply_state(store, reply_id, "queued", expect=("sending",))
        raise
    a.set_reply_state(
        store,
        reply_id,
        "sent",
        expect=("sending",),
        remote_id=remote,
        sent_at=to_iso(utc_now()),
        error=None,
    )
    result.sent += 1


def _fail(store: Store, item: Outgoing, reason: str) -> None:
    """The platform refused this reply: it fails with the reason and its comment is open
    again (it is not answered), logged like any change of a comment."""
    with store.transaction():
        a.set_reply_state(store, item.reply.id, "failed", expect=("sending",), error=reason)
        if q.update_comment(store, item.comment_id, {"status": "open"}, {"status": "replied"}):
            q.log_action(
                store,
                batch=f"send-failed-{item.reply.id}",
                comment_id=item.comment_id,
                action="send-failed",
                actor="sync",
                at=to_iso(utc_now()),
                before={"status": "replied"},
                after={"status": "open"},
            )


def _moderate(store: Store, client: Client, result: AccountResult) -> None:
    """Hide (or show again) what the user asked to; a refusal fails that one only."""
    for item in a.queued_moderation(store, client.account.id):
        try:
            client.hide(item.external_id, item.action == "hide")
        except ReplyRefused as refused:
            a.finish_moderation(store, item.id, at=to_iso(utc_now()), error=str(refused))
            result.failed.append(f"{item.action} comment {item.comment_id}: {refused}")
            continue
        a.finish_moderation(store, item.id, at=to_iso(utc_now()), error=None)
        result.hidden += 1


def _publish(
    store: Store,
    client: Client,
    result: AccountResult,
    options: publish.Options,
    progress: Progress | None,
) -> None:
    if progress and options.enabled and client.no_publishing is None:
        progress(f"{client.account.name}: publishing due posts")
    tally = publish.Tally()
    try:
        publish.publish_account(store, client, tally, options)
    finally:
        result.published += tally.published
        result.failed += tally.failed
        result.late += tally.late
        result.warnings += tally.gone


# Pulling --------------------------------------------------------------------


# Pulled pages are held (``a.hold_page``) and stored through the importer once they reach
# this many records or this age, and at the end: the pipeline's passes over the new rows
# (repeated texts, answered threads, post links, rules, the text index) then run once, not
# a page at a time (a 10k sync of 100-update pages: 1.5-1.7x an import -> 1.2-1.3x, issue 18).
STORE_EVERY = 10_000  # records: storing them holds the write lock for about a second
STORE_AFTER_S = 5.0  # seconds: a slow pull's comments still reach the inbox as it goes
# From this many held records on, their rows are built in the importer's pool of processes
# while the pull goes on, in chunks of ASIDE_CHUNK: the pull mostly waits for the platform.
BUILD_ASIDE_FROM = 1_000
ASIDE_CHUNK = 500


def _pull(store: Store, client: Client, result: AccountResult, progress: Progress | None) -> None:
    account = client.account
    brand = brand_by_id(store, account.brand_id)
    if brand is None:
        raise UserError(f"account {account.name} has no brand")
    held = _Held(store, account, brand)
    # Pulled by a sync that stopped before storing them: read whole before any is built.
    for page in _held_pages(account, a.held_pages(store, account.id)):
        held.add(page)
    held.save(result, progress)
    # The log is copied into the file beside the pull, not by the commit of every ~9th page.
    with store.checkpoints_aside() as committed:
        pulled = 0
        try:
            for page in client.pull(account.cursor):
                _hold(store, account, page)
                committed()
                held.add(page)
                pulled += len(page.records)
                if progress:
                    progress(f"{account.name}: {pulled:,} pulled ({page.label})")
                if held.due():
                    held.save(result, progress)
        except (SyncError, UserError):
            held.save(result, progress)  # what came before
            raise
        except BaseException:
            held.close()  # stopped otherwise (the app closing): the pages stay held
            raise
        held.save(result, progress)


def _held_pages(account: Account, texts: list[str]) -> list[Page]:
    """The pages a stopped sync held; one that cannot be read stops the account, saying how
    the user gets past it (else every sync would stop on it)."""
    try:
        return [Page.from_held(text) for text in texts]
    except UserError as exc:
        raise UserError(
            f"{exc}; `smmdesk account drop-held {account.name}` drops it (its comments are lost)"
        ) from exc


def store_held(store: Store, account: Account) -> int:
    """What the account holds, stored now (before it is removed: its comments stay); pages
    that cannot be read are left. The number of new comments."""
    brand = brand_by_id(store, account.brand_id)
    pages = [page for text in a.held_pages(store, account.id) if (page := Page.readable(text))]
    result = AccountResult(account.name, account.platform)
    if brand is not None:
        held = _Held(store, account, brand)
        for page in pages:
            held.add(page)
        held.save(result, None)
    return result.new


def _hold(store: Store, account: Account, page: Page) -> None:
    """The page in the desk with its cursor, before the next call can confirm it."""
    ours = a.sent_remote_ids(store, account.id, [r.external_id or "" for r in page.records])
    for record in page.records:
        if record.external_id in ours:
            record.ours = True  # our reply, sent from here, back from the platform
    a.hold_page(store, account.id, page.held(), page.cursor)


class _Held:
    """A pull's held pages, and once there are enough, their rows being built meanwhile."""

    def __init__(self, store: Store, account: Account, brand: Brand) -> None:
        self.store, self.account, self.brand = store, account, brand
        self.source = f"sync:{account.name}"
        self._reset()

    def _reset(self) -> None:
        self.pages: list[Page] = []
        self.records = 0
        self.since = time.monotonic()
        self._feed: queue.SimpleQueue[list[RawComment] | None] | None = None
        self._building = ExitStack()
        self._chunks: Iterator[Built] | None = None

    def add(self, page: Page) -> None:
        self.pages.append(page)
        self.records += len(page.records)
        if self._feed is not None:
            self._feed.put(page.records)
        elif self.records >= BUILD_ASIDE_FROM:
            self._build_aside()

    def due(self) -> bool:
        return self.records >= STORE_EVERY or time.monotonic() - self.since >= STORE_AFTER_S

    def _build_aside(self) -> None:
        feed: queue.SimpleQueue[list[RawComment] | None] = queue.SimpleQueue()
        for page in self.pages:
            feed.put(page.records)
        context = row_context(self.store, self.brand, self.source, account_id=self.account.id)
        chunks = built_chunks(
            _fed(feed),
            context,
            parallel=True,
            chunk=ASIDE_CHUNK,
            workers=pool_size(beside_a_pull=True),
        )
        self._chunks = self._building.enter_context(chunks)
        self._feed = feed

    def save(self, result: AccountResult, progress: Progress | None) -> None:
        """The held pages' rows in the desk and the pages dropped, all or nothing. Edits
        follow every page's new comments: an edit later in the pull finds its comment."""
        if not self.pages:
            return
        summary = ImportSummary(file=self.source, format=self.account.platform)
        try:
            if progress:  # may stop the sync (the app closing): the pages stay held
                progress(f"{self.account.name}: storing {self.records:,} pulled")
            if self._feed is None:  # a few: built here
                records = [record for page in self.pages for record in page.records]
                context = row_context(
                    self.store, self.brand, self.source, account_id=self.account.id
                )
                self._chunks = self._building.enter_context(
                    built_chunks(iter(records), context, parallel=False)
                )
            else:
                self._feed.put(None)  # the last of them
            assert self._chunks is not None
            with self.store.cache_of_mb(IMPORT_CACHE_MB), self.store.transaction():
                store_built(self.store, self.brand, self._chunks, summary, total=self.records)
                edits = [edit for page in self.pages for edit in page.edits]
                result.edited += apply_edits(self.store, edits, self.brand)
                a.drop_held_pages(self.store, self.account.id)
            result.new += summary.new
        finally:
            self.close()
            self._reset()

    def close(self) -> None:
        """Stop building (the pool's feeder waits for records: it is given the end first)."""
        if self._feed is not None:
            self._feed.put(None)
            self._feed = None
        self._building.close()


def _fed(feed: queue.SimpleQueue[list[RawComment] | None]) -> Iterator[RawComment]:
    while (records := feed.get()) is not None:
        yield from records
