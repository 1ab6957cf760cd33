"""One bulk run of the window, off the GUI thread: prepare (journal, questions), then send.

:class:`BulkRun` wraps :class:`~app.services.bulk.BulkRunner`. :meth:`BulkRun.prepare` opens the
journal, keeps the rows as they are now (edits included) in it and finds what to ask first
(production, rows changed since the run last sent them); :meth:`BulkRun.start` sends. Both run
in the background; progress and each row's outcome come back as signals on the GUI thread.
Pause holds new rows back (the ones on the wire finish); Cancel stops after them. Whatever is
not sent stays ``pending`` in the journal, so the next start offers to go on.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.ui.common.workers import BackgroundTask, run_in_background

if TYPE_CHECKING:
    from app.domain.bulk import RowPlan
    from app.services.bulk import BulkRunner, Journal, RowOutcome, RunResult
    from app.services.bulk_hold import RunHold
    from app.services.bulk_job import BulkSource
    from app.services.profiles import Profile
    from app.services.sending import Sender


@dataclass
class Prepared:
    """What the operator must agree to before sending (empty: nothing to ask)."""

    questions: list[str] = field(default_factory=list)
    problem: str | None = None  # why the run cannot start (no credentials, the journal)


class BulkRun(QObject):
    """A run's lifetime in the window.

    Signals:
        prepared(object): a :class:`Prepared`.
        progressed(object, object): the runner's :class:`Progress` and the row's outcome (or ``None``).
        finished(object): the :class:`RunResult`, or an exception's message (str) when it failed.
    """

    prepared = Signal(object)
    progressed = Signal(object, object)
    finished = Signal(object)

    def __init__(
        self,
        sender: Sender,
        profile: Profile,
        source: BulkSource,
        rows_file: str,
        plans: list[RowPlan],
        snapshot: dict[str, Any],
        concurrency: int = 2,
        journal_path: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.send_service = sender
        self.profile = profile
        self.source = source
        self.rows_file = rows_file
        self.plans = plans
        self.snapshot = snapshot
        self.concurrency = concurrency
        self.journal_path = journal_path
        self.runner: BulkRunner | None = None
        self.journal: Journal | None = None
        self.hold: RunHold | None = None
        self.running = False
        self.stopped = threading.Event()  # set once the runner has returned (from its thread)
        self.task: BackgroundTask | None = None

    @property
    def key(self) -> str:
        from app.services.bulk import run_key

        return run_key(self.rows_file, self.source.source_id, self.profile.name, self.source.kind.name)

    def prepare(self) -> BackgroundTask:
        task = run_in_background(self._prepare)
        task.signals.finished.connect(self.prepared.emit)
        task.signals.failed.connect(lambda exc: self.prepared.emit(Prepared(problem=str(exc))))
        return task

    def _prepare(self) -> Prepared:
        from app.services.bulk import BulkRunner, Journal, JournalUnavailable
        from app.services.bulk_hold import RunBusy, RunHold, describe_process
        from app.services.send_outcome import SendOutcome

        try:
            journal = Journal(self.journal_path)
        except JournalUnavailable as exc:
            return Prepared(problem=str(exc))
        hold = RunHold(journal.path, self.key, describe_process("Bulk create in the window"))
        try:
            hold.take()
        except RunBusy as exc:
            journal.close()
            return Prepared(problem=str(exc))
        client = self.send_service.client_for(self.profile)
        if isinstance(client, SendOutcome):
            hold.release()
            journal.close()
            return Prepared(problem=client.message)
        self.hold = hold
        kind = self.source.kind
        runner = BulkRunner(
            self.send_service,
            journal,
            self.profile,
            kind,
            self.key,
            concurrency=self.concurrency,
            on_progress=self._report,
        )
        self.journal, self.runner = journal, runner
        questions = runner.questions(self.plans, earlier="an earlier run of this file")
        return Prepared(questions)

    def _report(self, progress: object, outcome: object) -> None:
        """From the runner's thread; the window may be gone (the journal has the outcome anyway)."""
        with contextlib.suppress(RuntimeError):  # the Qt object was deleted with its window
            self.progressed.emit(progress, outcome)

    def start(self) -> None:
        """Send (after :meth:`prepare` said nothing stands in the way)."""
        assert self.runner is not None and self.journal is not None
        runner, journal = self.runner, self.journal
        self.running = True

        def work() -> RunResult:
            journal.open_run(
                self.key,
                self.source.source_id,
                self.rows_file,
                self.profile.name,
                self.source.kind.name,
                self.snapshot,
            )
            try:
                return runner.run(self.plans)
            finally:
                journal.close()
                self._release()
                self.stopped.set()

        self.task = run_in_background(work)
        self.task.signals.finished.connect(self._finished)
        self.task.signals.failed.connect(lambda exc: self._finished(f"The run stopped: {exc}"))

    def _finished(self, result: object) -> None:
        self.running = False
        self.finished.emit(result)

    def set_paused(self, paused: bool) -> None:
        if self.runner is not None:
            (self.runner.pause.set if paused else self.runner.pause.clear)()

    def cancel(self) -> None:
        if self.runner is not None:
            self.runner.cancel.set()
            self.runner.pause.clear()

    def discard(self) -> None:
        """Close the journal of a run that was prepared but not started (and let go of its hold)."""
        if self.journal is not None and not self.running:
            run_in_background(self.journal.close)
            self.journal = None
            self._release()

    def _release(self) -> None:
        hold, self.hold = self.hold, None
        if hold is not None:
            hold.release()


def outcome_text(outcome: RowOutcome) -> str:
    """A row's result as the table shows it."""
    if outcome.state == "created":
        made = f" (id {outcome.created_id})" if outcome.created_id else ""
        return f"Created{made}" + (" earlier" if outcome.skipped else "")
    if outcome.state == "refused":
        return f"Refused: {outcome.message}"
    if outcome.state == "unknown":
        return f"Unknown: {outcome.message}"
    return f"Not sent: {outcome.message}" if outcome.message else "Not sent"
