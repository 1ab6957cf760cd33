"""Bulk create, keeping and closing: save the rows (with the edits) as CSV, and close, asking
first while a run is on or edits are unsaved; the app's quit waits for the rows on the wire."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QMessageBox

from app.ui.bulk.dialog_base import BulkBase
from app.ui.common.workers import run_in_background
from app.ui.widgets.dialogs import open_freed
from app.ui.widgets.file_dialogs import choose_save


class ClosingPart(BulkBase):
    """Saving the rows, closing and quitting."""

    def save_rows(self, path: str | None = None, then_close: bool = False) -> None:
        """Write the rows (with the edits) to a CSV file, off the GUI thread."""
        job = self.job
        if job is None:
            return
        if path is None:
            suggested = Path(job.rows_file).stem + "-edited.csv"
            path = choose_save(self, "Save rows as CSV", suggested, "CSV (*.csv)", job.rows_file)
            if not path:
                return
        from app.services.bulk_rows import write_rows_csv

        rows = [dict(p.cells) for p in job.plan.rows]
        target = path
        task = run_in_background(write_rows_csv, target, job.columns, rows)
        task.signals.finished.connect(lambda _none: self._rows_saved(target, then_close))
        task.signals.failed.connect(lambda exc: self._say(f"The rows could not be saved to {target}: {exc}"))

    def _rows_saved(self, path: str, then_close: bool = False) -> None:
        self.edited = 0
        self._say(f"Saved the rows to {path}.")
        if then_close:
            self.close()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.close()  # Esc closes (asking first while a run is on or edits are unsaved)
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop_check()
        if self.run is not None and self.run.running:
            event.ignore()
            if not self._close_when_done:
                self._ask(
                    "Stop the run?",
                    "Rows are being sent. Stop after the rows on the wire? The others stay in the journal, "
                    "and the next start offers to go on.",
                    {"Stop and close": self._stop_and_close, "Keep sending": None},
                )
            return
        if self.edited and self.job is not None and not self._drop_edits:
            event.ignore()
            self._ask(
                "Keep your edits?",
                f"You edited {self.edited} cell(s) that were not sent. Save the rows as CSV first?",
                {
                    "Save rows…": self._save_then_close,
                    "Close without saving": self._close_dropping,
                    "Cancel": None,
                },
            )
            return
        self._drop_edits = False
        super().closeEvent(event)

    def _ask(self, title: str, text: str, choices: dict[str, Callable[[], None] | None]) -> QMessageBox:
        """A window-modal question that does not block (tests and the event loop go on)."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        buttons = {}
        for label, action in choices.items():
            role = QMessageBox.ButtonRole.RejectRole if action is None else QMessageBox.ButtonRole.AcceptRole
            buttons[box.addButton(label, role)] = action
        box.setDefaultButton(next(iter(buttons)))

        def answered() -> None:
            action = buttons.get(box.clickedButton())  # type: ignore[call-overload]
            if action is not None:
                action()

        box.finished.connect(lambda _result: answered())
        self.question = open_freed(box)
        return box

    def _stop_and_close(self) -> None:
        if self.run is not None and self.run.running:
            self._close_when_done = True
            self.run.cancel()
            self._say("Stopping after the rows on the wire; the window closes then…")
        else:
            self.close()

    def _save_then_close(self) -> None:
        self.save_rows(then_close=True)

    def _close_dropping(self) -> None:
        self._drop_edits = True
        self.close()

    def stop_for_exit(self, wait_seconds: float = 60.0) -> None:
        """The app is quitting: stop the run after the rows on the wire and wait for their answers
        (so each is recorded as created or refused); the journal keeps the rest for next time."""
        if self.run is not None and self.run.running:
            self.run.cancel()
            self.run.stopped.wait(wait_seconds)
