"""What every part of the Bulk create window shares: its widgets and state (made by
:class:`~app.ui.bulk.dialog.BulkDialog`), its signals, and what it shows (the summary, the chosen
row's details). The parts are :mod:`.checking` (reading and checking the rows, editing cells),
:mod:`.sending` (Send all, Pause, Cancel) and :mod:`.closing` (saving the rows, closing, quitting).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QWidget,
)

if TYPE_CHECKING:
    from app.services.profiles import Profile
    from app.ui.bulk.dialog import BulkHooks
    from app.ui.bulk.loading import Loaded
    from app.ui.bulk.rows_model import BulkRowsModel
    from app.ui.bulk.run import BulkRun


class BulkBase(QWidget):
    """The Bulk create window's shared widgets and state (see the module docstring).

    Signals:
        loaded(): a job was (re)checked and the table filled (or the load failed: see summary).
        runFinished(object): the run's :class:`~app.services.bulk.RunResult` (or a message).
    """

    loaded = Signal()
    runFinished = Signal(object)

    hooks: BulkHooks
    profile: Profile
    journal_path: str | None
    job: Loaded | None
    run: BulkRun | None
    payload_path: str | None
    edited: int
    question: QMessageBox | None
    undo_stack: QUndoStack
    model: BulkRowsModel
    table: QTableView
    details: QPlainTextEdit
    summary: QLabel
    template_combo: QComboBox
    payload_button: QPushButton
    rows_edit: QLineEdit
    browse_button: QPushButton
    sheet_label: QLabel
    sheet_combo: QComboBox
    progress: QProgressBar
    progress_label: QLabel
    history_button: QPushButton
    stop_check_button: QPushButton
    skip_invalid: QCheckBox
    check_button: QPushButton
    save_rows_button: QPushButton
    send_button: QPushButton
    pause_button: QPushButton
    cancel_button: QPushButton
    _generation: int
    _check_stop: threading.Event | None
    _close_when_done: bool
    _drop_edits: bool

    # made by the parts (declared here so each part can use the others)

    def check(self) -> None:
        raise NotImplementedError

    def stop_check(self) -> None:
        raise NotImplementedError

    def load_templates(self, select: str | None = None) -> None:
        raise NotImplementedError

    def use_payload(self, path: str, check: bool = True) -> None:
        raise NotImplementedError

    def save_rows(self, path: str | None = None, then_close: bool = False) -> None:
        raise NotImplementedError

    # what the window shows ------------------------------------------------------

    def _say(self, text: str) -> None:
        self.summary.setText(text)

    def _update(self) -> None:
        job = self.job
        running = self.run is not None and self.run.running
        ready = [p for p in job.plan.rows if p.ok] if job else []
        invalid = [p for p in job.plan.rows if not p.ok] if job else []
        self.send_button.setEnabled(
            bool(job) and not running and bool(ready) and (not invalid or self.skip_invalid.isChecked())
        )
        self.pause_button.setEnabled(running)
        self.cancel_button.setEnabled(running)
        self.check_button.setEnabled(not running)
        self.save_rows_button.setEnabled(bool(job) and not running)
        for widget in (
            self.template_combo,
            self.payload_button,
            self.rows_edit,
            self.browse_button,
            self.sheet_combo,
        ):
            widget.setEnabled(not running)
        self.sheet_combo.setVisible(len(job.sheets) > 1 if job else False)
        self.sheet_label.setVisible(self.sheet_combo.isVisible())
        self.model.set_locked(running)
        if job is None or running:
            return
        notes = job.plan.notes
        warned = sum(1 for p in job.plan.rows if p.ok and p.problems)
        done = sum(1 for r in self.model.results.values() if r[0] == "created")
        parts = [
            f"{len(job.plan.rows)} row(s) from {Path(job.rows_file).name}, filling the {job.source.label}:"
        ]
        parts.append(f"{len(ready)} ready" + (f" ({warned} with warnings)" if warned else ""))
        if invalid:
            parts.append(f"{len(invalid)} with errors")
        if done:
            parts.append(f"{done} created already")
        text = " ".join(parts[:1]) + " " + ", ".join(parts[1:]) + "."
        if notes:
            text += " " + " ".join(p.message for p in notes[:3]) + (" …" if len(notes) > 3 else "")
        if invalid and not self.skip_invalid.isChecked():
            text += " Fix the rows with errors in the table (double-click a cell), or leave them out."
        if job.from_journal:
            text += " These are the rows as the unfinished run kept them; Send all goes on with it."
        self._say(text)

    def _show_details(self) -> None:
        index = self.table.currentIndex()
        job = self.job
        if not index.isValid() or job is None or index.row() >= len(self.model.plans):
            self.details.clear()
            self.history_button.setEnabled(False)
            return
        plan = self.model.plans[index.row()]
        lines = [p.line(Path(job.rows_file).name) for p in plan.problems] or [
            f"Row {plan.row} ({plan.name}) is ready."
        ]
        result = self.model.result(index.row())
        if result:
            lines.append(f"Result: {result[1]}")
        self.details.setPlainText("\n".join(lines))
        self.history_button.setEnabled(bool(result and result[2] is not None))
