"""Bulk create, checking: read the rows and the source, check every row off the GUI thread (with
progress and Stop checking), and edit cells in place, each edit an undo step."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand

from app.ui.bulk.dialog_base import BulkBase
from app.ui.bulk.loading import CheckProgress, Loaded, journal_text, load_file, load_journal
from app.ui.bulk.rows_model import NAME, RESULT
from app.ui.common.workers import ProgressRelay, run_in_background

#: The template list's entry for a payload file (instead of a template).
PAYLOAD_ITEM = "payload"


class CheckStopped(Exception):
    """Raised on the checking thread once Stop checking was pressed."""


class CheckingPart(BulkBase):
    """Reading and checking the rows; editing cells."""

    def check(self) -> None:
        """Read the rows and the source again, and check every row (off the GUI thread)."""
        if self.run is not None and self.run.running:
            return
        rows_file = self.rows_edit.text().strip()
        if not rows_file:
            self._say("Choose the spreadsheet with one row per group (Browse…).")
            return
        choice = self.template_combo.currentData()
        if not choice:
            self._say("Choose a template (or a payload file) for every row to fill.")
            return
        payload = self.payload_path if choice == PAYLOAD_ITEM else None
        sheet = self.sheet_combo.currentText() or None
        self._start_load(
            lambda progress: load_file(
                choice, payload, rows_file, sheet, self.profile, self.journal_path, progress
            )
        )

    def resume(self, run: dict[str, Any]) -> None:
        """Set up an unfinished run from the journal (its rows as they were sent)."""
        self.rows_edit.setText(str(run["rowsFile"]))
        self._start_load(lambda progress: load_journal(run, self.profile, self.journal_path, progress))

    def _start_load(self, work: Callable[[CheckProgress], Loaded]) -> None:
        """Check in the background; the progress bar counts the rows and Stop checking ends it.

        The check hands the interpreter to the GUI thread every few rows, and the table is
        filled in one short step at the end, so the window repaints and answers while thousands
        of rows are checked.
        """
        self._stop_checking()
        self._generation += 1
        generation = self._generation
        stop = threading.Event()
        relay = ProgressRelay(self)
        relay.reported.connect(lambda done, total: self._checking(generation, done, total))

        def progress(done: int, total: int) -> None:
            if stop.is_set():
                raise CheckStopped
            if done % 20 == 0:
                relay.report(done, total)
            if done % 4 == 0:
                # A short sleep every few rows (about 5 ms of work) leaves the interpreter lock to
                # the GUI thread: without it, each Python call of a repaint waited for the lock
                # and the window froze for most of the check.
                time.sleep(0.001)

        self._check_stop = stop
        self._say("Checking the rows…")
        self.send_button.setEnabled(False)
        self.stop_check_button.show()
        task = run_in_background(work, progress)
        task.signals.finished.connect(lambda job: self._loaded(generation, job))
        task.signals.failed.connect(lambda exc: self._load_failed(generation, exc))
        task.signals.finished.connect(lambda _job: relay.deleteLater())
        task.signals.failed.connect(lambda _exc: relay.deleteLater())

    def _checking(self, generation: int, done: int, total: int) -> None:
        if generation != self._generation:
            return
        self.progress.setFormat("Checking: %v of %m rows")
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _stop_checking(self) -> None:
        if self._check_stop is not None:
            self._check_stop.set()
            self._check_stop = None
        self.stop_check_button.hide()
        self.progress.setFormat("%v of %m rows")

    def stop_check(self) -> None:
        """Stop checking: the rows read so far are dropped and nothing can be sent until a new check."""
        if self._check_stop is None:
            return
        self._stop_checking()
        self._generation += 1  # a result still on its way is ignored
        self.job = None
        self.model.set_plan([], [])
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self._update()
        self._say("Checking stopped. Press Enter in Rows, or Check again, to check the rows.")

    def _load_failed(self, generation: int, exc: object) -> None:
        if generation != self._generation:
            return
        self._stop_checking()
        self.job = None
        self.model.set_plan([], [])
        self._say(str(exc))
        self._update()
        self.loaded.emit()

    def _loaded(self, generation: int, job: Loaded) -> None:
        if generation != self._generation:
            return
        self._stop_checking()
        self.job = job
        self.edited = 0
        self.undo_stack.clear()  # edits belong to the rows they were made in
        if job.source.source_id.startswith("payload:"):
            self.use_payload(job.source.source_id.partition(":")[2], check=False)
        else:
            self.load_templates(select=job.source.source_id.partition(":")[2])
        self.sheet_combo.blockSignals(True)
        current = self.sheet_combo.currentText()
        self.sheet_combo.clear()
        self.sheet_combo.addItems(job.sheets)
        if current in job.sheets:
            self.sheet_combo.setCurrentText(current)
        self.sheet_combo.blockSignals(False)
        self.model.set_plan(job.columns, job.plan.rows, job.plan.name_column)
        for plan in job.plan.rows:
            entry = job.earlier.get(plan.name.strip().casefold())
            if entry is not None and entry.state in ("created", "refused", "unknown"):
                text = journal_text(entry)
                self.model.set_result(plan.row, entry.state, text, entry.history_id)
        self.progress.setRange(0, max(1, len(job.plan.rows)))
        self.progress.setValue(sum(1 for r in self.model.results.values() if r[0] != "sending"))
        self.progress_label.clear()
        self._update()
        # Sizing the columns is the other long step: it waits until the event loop has had a turn
        # (timers already due and the repaint go first).
        QTimer.singleShot(15, lambda: self._finish_loading(generation))

    def _finish_loading(self, generation: int) -> None:
        if generation != self._generation:
            return
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            if self.table.columnWidth(column) > 320:
                self.table.setColumnWidth(column, 320)
        self.table.setColumnWidth(RESULT, max(200, self.table.columnWidth(RESULT)))
        # Names matter most: sized from the longest of every row (one measure, not one per row).
        longest = max((plan.name for plan in self.model.plans), key=len, default="")
        wanted = self.table.fontMetrics().horizontalAdvance(longest) + 32
        self.table.setColumnWidth(NAME, min(max(self.table.columnWidth(NAME), wanted), 320))
        self._select_first_problem()
        self.loaded.emit()

    def _cell_edited(self, index: int, column: str, text: str) -> None:
        """A cell was typed into: one step on the window's own undo stack (Ctrl+Z takes it back)."""
        job = self.job
        if job is None:
            return
        before = job.plan.rows[index].cells.get(column, "")
        self.undo_stack.push(_CellEdit(self, job, index, column, before, text))

    def _step(self, action: Callable[[], None]) -> None:
        if self.run is None or not self.run.running:
            action()

    def set_cell(self, job: Loaded, index: int, column: str, text: str, step: int) -> None:
        """Put ``text`` into a cell and check the row again (``step``: +1 an edit, -1 its undo)."""
        from app.domain.bulk import replan_row

        if job is not self.job or (self.run is not None and self.run.running):
            return
        cells = dict(job.plan.rows[index].cells)
        cells[column] = text
        fresh = replan_row(job.plan, job.source.model, job.source.placeholders, index, cells)
        self.edited = max(0, self.edited + step)
        self.model.refresh_checks(job.plan.rows)
        self.model.replace(index, fresh)
        self.table.setCurrentIndex(self.model.index(index, self.table.currentIndex().column()))
        self._update()
        self._show_details()

    def _select_first_problem(self) -> None:
        rows = self.model.plans
        first = next((i for i, p in enumerate(rows) if not p.ok), 0 if rows else None)
        if first is not None:
            self.table.selectRow(first)
            self._show_details()


class _CellEdit(QUndoCommand):
    """One cell typed into, as an undo step (its text names the row and the column)."""

    def __init__(
        self, dialog: CheckingPart, job: Loaded, index: int, column: str, before: str, after: str
    ) -> None:
        super().__init__(f"Edit row {job.plan.rows[index].row} {column}")
        self.dialog, self.job, self.index, self.column = dialog, job, index, column
        self.before, self.after = before, after

    def redo(self) -> None:
        self.dialog.set_cell(self.job, self.index, self.column, self.after, +1)

    def undo(self) -> None:
        self.dialog.set_cell(self.job, self.index, self.column, self.before, -1)
