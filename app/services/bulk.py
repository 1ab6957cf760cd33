"""Bulk creation on a server: the journal that makes a run resumable, and the runner.

**Journal.** An SQLite file beside the history (``bulk-journal.sqlite3``, or ``--journal FILE``)
holds, per run, each row's state: ``pending`` (checked, not sent), ``sending`` (the POST is on
its way), ``created`` (with the id), ``refused`` (with the codes) or ``unknown`` (no clear answer).
A run is keyed by the row file, the template or payload and the profile, so rerunning the same
command finds it; rows are keyed by name (unique in a file). A row left ``sending`` by a crash,
kill -9 or Ctrl+C is ``unknown`` on the rerun.

**Runner.** One :class:`~app.services.sending.Sender` (one HTTP client with keep-alive, one OAuth
token), bounded concurrency (default 2). Before sending, rows already created are skipped and
rows whose outcome is unknown are looked up on the server by name (target groups: the name
check; promotions: a list with ``searchText``): found ones are recorded as created, the others
sent. A request refused before it was accepted (connection refused, 429, 503) is retried with
backoff; a POST whose outcome is unknown is never sent again in the same run. Every outcome goes
to the history as it happens (the sender records it) and to the journal at once.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from queue import Empty, SimpleQueue
from typing import Any

from app.atomic_write import restrict_file
from app.domain import jsontext
from app.domain.bulk import RowPlan
from app.domain.kinds import PayloadKind
from app.services.api_result import CallKind
from app.services.paths import data_paths
from app.services.profiles import Profile
from app.services.send_outcome import SendOutcome, SendStatus
from app.services.send_plan import SendPlan
from app.services.sending import Sender

PENDING = "pending"
SENDING = "sending"
CREATED = "created"
REFUSED = "refused"
UNKNOWN = "unknown"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_key TEXT PRIMARY KEY,
    started TEXT NOT NULL,
    source TEXT NOT NULL,
    rows_file TEXT NOT NULL,
    profile TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rows (
    run_key TEXT NOT NULL,
    name_key TEXT NOT NULL,
    row_number INTEGER NOT NULL,
    name TEXT NOT NULL,
    row_hash TEXT NOT NULL,
    state TEXT NOT NULL,
    created_id TEXT,
    codes TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL DEFAULT '',
    history_id INTEGER,
    updated TEXT NOT NULL,
    PRIMARY KEY (run_key, name_key)
);
"""

#: How often a request refused before it was accepted is tried, and the first wait (doubling).
ATTEMPTS = 5
FIRST_BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 8.0
_NOT_ACCEPTED_KINDS = frozenset({CallKind.REFUSED, CallKind.CONNECT_TIMEOUT})
_NOT_ACCEPTED_STATUSES = frozenset({429, 503})


class JournalUnavailable(RuntimeError):
    """The journal file cannot be opened or written; the message names it."""


@dataclass
class JournalRow:
    name: str
    row: int
    row_hash: str
    state: str
    created_id: str | None
    codes: str
    message: str
    history_id: int | None


def run_key(rows_file: str, source: str, profile: str, kind: str) -> str:
    """The identity of a run: the same command on the same files gives the same key."""
    text = "\x1f".join((str(Path(rows_file).resolve()), source, profile.casefold(), kind))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


_UPSERT_ROW = (
    "INSERT INTO rows (run_key, name_key, row_number, name, row_hash, state, created_id, codes, "
    "message, history_id, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (run_key, name_key) DO UPDATE SET row_number=excluded.row_number, "
    "row_hash=excluded.row_hash, state=excluded.state, created_id=excluded.created_id, "
    "codes=excluded.codes, message=excluded.message, history_id=excluded.history_id, "
    "updated=excluded.updated"
)


def _row_values(
    key: str,
    plan: RowPlan,
    state: str,
    created_id: Any = None,
    codes: Iterable[int] = (),
    message: str = "",
    history_id: int | None = None,
) -> tuple[Any, ...]:
    return (
        key,
        plan.name.strip().casefold(),
        plan.row,
        plan.name,
        plan.row_hash,
        state,
        None if created_id is None else str(created_id),
        ",".join(str(c) for c in codes),
        message,
        history_id,
        _now(),
    )


class Journal:
    """Each row's state for each run (see the module docstring); safe across threads and processes."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else data_paths().bulk_journal
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=15, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(runs)")}
            if "snapshot" not in columns:  # journals written before the window kept the rows
                self._db.execute("ALTER TABLE runs ADD COLUMN snapshot TEXT")
        except (sqlite3.Error, OSError) as exc:
            raise JournalUnavailable(f"The bulk journal {self.path} cannot be used: {exc}.") from None
        for suffix in ("", "-wal", "-shm"):
            restrict_file(f"{self.path}{suffix}")

    def _run(
        self, sql: str, args: Iterable[Any] = (), rows: list[tuple[Any, ...]] | None = None
    ) -> sqlite3.Cursor:
        """Run one statement; with ``rows``, once for each of them in one transaction."""
        try:
            with self._lock:
                if rows is None:
                    return self._db.execute(sql, tuple(args))
                self._db.execute("BEGIN")
                try:
                    cursor = self._db.executemany(sql, rows)
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
                return cursor
        except (sqlite3.Error, OSError) as exc:
            raise JournalUnavailable(f"The bulk journal {self.path} cannot be written: {exc}.") from None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def open_run(
        self,
        key: str,
        source: str,
        rows_file: str,
        profile: str,
        kind: str,
        snapshot: dict[str, Any] | None = None,
    ) -> None:
        """Start (or go on with) a run; ``snapshot`` keeps the rows as sent (the window's edits)."""
        text = None if snapshot is None else jsontext.compact(snapshot)
        self._run(
            "INSERT INTO runs (run_key, started, source, rows_file, profile, kind, snapshot) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_key) DO UPDATE SET "
            "snapshot=COALESCE(excluded.snapshot, runs.snapshot)",
            (key, _now(), source, str(Path(rows_file).resolve()), profile, kind, text),
        )

    def snapshot(self, key: str) -> dict[str, Any] | None:
        """The rows the window sent in this run, or ``None`` (a command-line run reads its file)."""
        row = self._run("SELECT snapshot FROM runs WHERE run_key=?", (key,)).fetchone()
        if row is None or not row[0]:
            return None
        try:
            value = json.loads(row[0])
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def forget_run(self, key: str) -> None:
        """Drop a run and its rows (the operator chose not to resume it)."""
        self._run("DELETE FROM rows WHERE run_key=?", (key,))
        self._run("DELETE FROM runs WHERE run_key=?", (key,))

    def rows(self, key: str) -> dict[str, JournalRow]:
        """The rows of a run, by folded name."""
        cursor = self._run(
            "SELECT name_key, name, row_number, row_hash, state, created_id, codes, message, history_id "
            "FROM rows WHERE run_key=?",
            (key,),
        )
        return {r[0]: JournalRow(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]) for r in cursor.fetchall()}

    def set(
        self,
        key: str,
        plan: RowPlan,
        state: str,
        *,
        created_id: Any = None,
        codes: Iterable[int] = (),
        message: str = "",
        history_id: int | None = None,
    ) -> None:
        self._run(_UPSERT_ROW, _row_values(key, plan, state, created_id, codes, message, history_id))

    def set_all(self, key: str, plans: Iterable[RowPlan], state: str) -> None:
        """Put rows in ``state`` in one transaction (a run's rows before its first send)."""
        values = [_row_values(key, plan, state) for plan in plans]
        if values:
            self._run(_UPSERT_ROW, rows=values)

    def unfinished_runs(self) -> list[dict[str, Any]]:
        """Runs with rows still pending, sending or unknown (the window offers to resume them)."""
        cursor = self._run(
            "SELECT runs.run_key, runs.source, runs.rows_file, runs.profile, runs.kind, "
            "SUM(rows.state IN ('pending', 'sending', 'unknown')), COUNT(*), runs.started "
            "FROM runs JOIN rows USING (run_key) GROUP BY runs.run_key "
            "HAVING SUM(rows.state IN ('pending', 'sending', 'unknown')) > 0 ORDER BY runs.started"
        )
        return [
            {
                "key": r[0],
                "source": r[1],
                "rowsFile": r[2],
                "profile": r[3],
                "kind": r[4],
                "left": r[5],
                "rows": r[6],
                "started": r[7],
            }
            for r in cursor.fetchall()
        ]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass
class RowOutcome:
    plan: RowPlan
    state: str
    message: str
    created_id: str | None = None
    history_id: int | None = None
    codes: tuple[int, ...] = ()
    skipped: bool = False  # created by an earlier run (or found on the server)


@dataclass
class Progress:
    total: int
    done: int = 0
    created: int = 0
    refused: int = 0
    unknown: int = 0
    started: float = field(default_factory=time.monotonic)

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def left_seconds(self) -> float | None:
        rate = self.rate()
        return (self.total - self.done) / rate if rate > 0 else None

    def line(self) -> str:
        left = self.left_seconds()
        eta = f" · {left:.0f} s left" if left is not None and self.done < self.total else ""
        return (
            f"{self.done}/{self.total} rows · {self.created} created · {self.refused} refused · "
            f"{self.unknown} unknown · {self.rate():.1f} rows/s{eta}"
        )


@dataclass
class RunResult:
    outcomes: list[RowOutcome]
    interrupted: bool = False

    def count(self, state: str) -> int:
        return sum(1 for o in self.outcomes if o.state == state)


class BulkRunner:
    """Sends the checked rows of one run (see the module docstring)."""

    def __init__(
        self,
        sender: Sender,
        journal: Journal,
        profile: Profile,
        kind: PayloadKind,
        key: str,
        *,
        concurrency: int = 2,
        credentials: Any = None,
        on_progress: Callable[[Progress, RowOutcome | None], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.sender = sender
        self.journal = journal
        self.profile = profile
        self.kind = kind
        self.key = key
        self.concurrency = max(1, concurrency)
        self.credentials = credentials
        self.on_progress = on_progress or (lambda _p, _o: None)
        self.cancel = threading.Event()
        self.pause = threading.Event()  # set: no new row starts until it is cleared
        self._sleep = sleep

    def changed_rows(self, plans: list[RowPlan]) -> list[tuple[RowPlan, JournalRow]]:
        """Rows whose payload differs from the one the journal recorded for the same name."""
        known = self.journal.rows(self.key)
        out = []
        for plan in plans:
            entry = known.get(plan.name.strip().casefold())
            if entry is not None and entry.row_hash != plan.row_hash:
                out.append((plan, entry))
        return out

    def questions(self, plans: list[RowPlan], earlier: str = "the last run of this command") -> list[str]:
        """What the operator must agree to before these rows are sent: a production target, and
        rows whose payload differs from what ``earlier`` recorded for the same name."""
        out = []
        if self.profile.production:
            out.append(
                f"Send {len(plans)} {self.kind.label}(s) to PRODUCTION "
                f"({self.profile.name}, {self.profile.host_label})?"
            )
        changed = self.changed_rows(plans)
        if changed:
            rows = ", ".join(str(plan.row) for plan, _ in changed[:10]) + ("…" if len(changed) > 10 else "")
            out.append(
                f"{len(changed)} row(s) changed since {earlier} (rows {rows}); send them as they are now?"
            )
        return out

    def run(self, plans: list[RowPlan]) -> RunResult:
        """Send every row not created yet; returns when all are done or the run is cancelled."""
        known = self.journal.rows(self.key)
        progress = Progress(len(plans))
        outcomes: list[RowOutcome] = []
        to_send: list[RowPlan] = []
        to_check: list[RowPlan] = []
        for plan in plans:
            entry = known.get(plan.name.strip().casefold())
            if entry is not None and entry.state == CREATED:
                outcome = RowOutcome(
                    plan,
                    CREATED,
                    "created by an earlier run",
                    entry.created_id,
                    entry.history_id,
                    skipped=True,
                )
                self._count(progress, outcome)
                outcomes.append(outcome)
            elif entry is not None and entry.state in (SENDING, UNKNOWN):
                to_check.append(plan)
            else:
                to_send.append(plan)
        self.journal.set_all(self.key, to_send, PENDING)
        self.on_progress(progress, None)
        for plan in to_check:  # settle what an earlier run left unclear, before sending anything
            if self.cancel.is_set():
                break
            found = self._look_up(plan)
            if found is None:
                outcome = RowOutcome(plan, UNKNOWN, "the name check failed; the row is left unknown")
                self.journal.set(self.key, plan, UNKNOWN, message=outcome.message)
                self._count(progress, outcome)
                outcomes.append(outcome)
            elif found[0]:
                outcome = RowOutcome(plan, CREATED, "found on the server by name", found[1], skipped=True)
                self.journal.set(self.key, plan, CREATED, created_id=found[1], message=outcome.message)
                self._count(progress, outcome)
                outcomes.append(outcome)
            else:
                self.journal.set(self.key, plan, PENDING)
                to_send.append(plan)
        interrupted = False
        # Each worker takes the next row itself as soon as its last one is answered (no hand-off
        # through this thread between rows); outcomes come back here in a queue as they arrive.
        rows = deque(to_send)
        take = threading.Lock()
        failed = threading.Event()  # a worker raised (the journal cannot be written): start no row
        arrived: SimpleQueue[RowOutcome | None] = SimpleQueue()  # None: a worker has stopped

        def work() -> None:
            try:
                while True:
                    while self.pause.is_set() and not (self.cancel.is_set() or failed.is_set()):
                        self._sleep(0.05)  # paused: no new row starts
                    with take:
                        if not rows or self.cancel.is_set() or failed.is_set():
                            return
                        plan = rows.popleft()
                    arrived.put(self._send(plan))
            except BaseException:
                failed.set()
                raise
            finally:
                arrived.put(None)

        workers = min(self.concurrency, len(rows))
        with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="bulk") as pool:
            futures = [pool.submit(work) for _ in range(workers)]
            stopped = 0
            while stopped < workers:
                try:
                    item = arrived.get(timeout=0.2)
                except Empty:
                    continue
                except KeyboardInterrupt:
                    interrupted = True  # the requests on the wire finish; their outcome is recorded
                    self.cancel.set()
                    continue
                if item is None:
                    stopped += 1
                    continue
                self._count(progress, item)
                outcomes.append(item)
                self.on_progress(progress, item)
            for future in futures:
                future.result()  # a worker's error (JournalUnavailable...) is the run's
        interrupted = interrupted or self.cancel.is_set()
        outcomes.sort(key=lambda o: o.plan.row)
        return RunResult(outcomes, interrupted)

    def _count(self, progress: Progress, outcome: RowOutcome) -> None:
        progress.done += 1
        if outcome.state == CREATED:
            progress.created += 1
        elif outcome.state == REFUSED:
            progress.refused += 1
        elif outcome.state == UNKNOWN:
            progress.unknown += 1

    def _send(self, plan: RowPlan) -> RowOutcome:
        payload = plan.payload
        assert payload is not None
        send_plan = SendPlan(self.profile, payload, plan.name, [], kind=self.kind)
        if plan.payload_text is not None:
            send_plan.known_text(plan.payload_text, plan.payload_hash)
        wait_for = FIRST_BACKOFF_SECONDS
        for attempt in range(1, ATTEMPTS + 1):
            self.journal.set(self.key, plan, SENDING)
            outcome = self.sender.send(send_plan, confirmed=True, credentials=self.credentials, inline=True)
            if not _not_accepted(outcome) or attempt == ATTEMPTS or self.cancel.is_set():
                return self._record(plan, outcome)
            self.journal.set(self.key, plan, PENDING, message=outcome.message)
            retry_after = _retry_after(outcome)
            self._sleep(min(MAX_BACKOFF_SECONDS, retry_after if retry_after is not None else wait_for))
            wait_for *= 2
        raise AssertionError("unreachable")

    def _record(self, plan: RowPlan, outcome: SendOutcome) -> RowOutcome:
        codes = tuple(e.code for e in outcome.errors)
        if outcome.status is SendStatus.CREATED:
            state, created = CREATED, outcome.created_id
        elif _not_accepted(outcome) or (
            outcome.status in (SendStatus.CONFIG, SendStatus.CANCELLED) and not outcome.outcome_unknown
        ):
            state, created = PENDING, None  # nothing reached the server: a rerun sends it
        elif outcome.outcome_unknown:
            state, created = UNKNOWN, None
        elif outcome.status in (SendStatus.REJECTED, SendStatus.NAME_TAKEN, SendStatus.INVALID):
            state, created = REFUSED, None
        else:
            state, created = UNKNOWN, None
        self.journal.set(
            self.key,
            plan,
            state,
            created_id=created,
            codes=codes,
            message=outcome.message.splitlines()[0] if outcome.message else "",
            history_id=outcome.history_id,
        )
        return RowOutcome(
            plan,
            state,
            outcome.status_line,
            None if created is None else str(created),
            outcome.history_id,
            codes,
        )

    def _look_up(self, plan: RowPlan) -> tuple[bool, str | None] | None:
        """Whether the server has the row's name: (exists, id), or ``None`` when the check failed."""
        from app.services.send_targets import target_for

        find = target_for(self.kind.name).find_by_name
        if find is not None:  # a kind whose API has no name check: search its list
            client = self.sender.client_for(self.profile, self.credentials)
            if isinstance(client, SendOutcome):
                return None
            return find(client, plan.name)
        check = self.sender.check_name(self.profile, plan.name, self.credentials)
        if check.exists is None:
            return None
        return check.exists, None if check.found_id is None else str(check.found_id)


def _not_accepted(outcome: SendOutcome) -> bool:
    """The request surely did not reach the server's create: it may be sent again."""
    result = outcome.result
    if result is None:
        return False
    if result.status in _NOT_ACCEPTED_STATUSES:  # rate limited, or the service is not taking requests
        return True
    return not outcome.outcome_unknown and result.kind in _NOT_ACCEPTED_KINDS


def _retry_after(outcome: SendOutcome) -> float | None:
    result = outcome.result
    value = getattr(result, "retry_after", None)
    return float(value) if isinstance(value, int | float) else None
