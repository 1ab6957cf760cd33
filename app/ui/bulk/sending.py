"""Bulk create, sending: Send all (after the questions a run asks), progress, Pause and Cancel,
each row's result and its history entry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import QMessageBox

from app.ui.bulk.dialog_base import BulkBase
from app.ui.bulk.rows_model import RESULT
from app.ui.bulk.run import BulkRun, Prepared, outcome_text
from app.ui.widgets.dialogs import open_freed

if TYPE_CHECKING:
    from app.services.bulk import Progress, RowOutcome, RunResult


class SendingPart(BulkBase):
    """Send all and what follows."""

    def show_history(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        result = self.model.result(index.row())
        if result and result[2] is not None:
            self.hooks.show_submission(result[2], self.model.plans[index.row()].name)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() == RESULT:
            self.show_history()

    def send_all(self) -> None:
        job = self.job
        if job is None or (self.run is not None and self.run.running) or not self.send_button.isEnabled():
            return
        plans = [p for p in job.plan.rows if p.ok]
        from app.services.bulk_job import table_snapshot

        snapshot = table_snapshot(job.columns, job.plan, job.explicit)
        run = BulkRun(
            self.hooks.sender(),
            self.profile,
            job.source,
            job.rows_file,
            plans,
            snapshot,
            journal_path=self.journal_path,
            parent=self,
        )
        run.prepared.connect(lambda prepared: self._prepared(run, prepared))
        run.progressed.connect(self._progressed)
        run.finished.connect(self._run_finished)
        self.run = run
        self.send_button.setEnabled(False)
        self._say("Getting ready to send…")
        run.prepare()

    def _prepared(self, run: BulkRun, prepared: Prepared) -> None:
        if prepared.problem:
            self.run = None
            self._update()
            self._say(f"Nothing was sent: {prepared.problem}")
            return
        if not prepared.questions:
            self._start(run)
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Send all?",
            "\n\n".join(prepared.questions),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText("Send all")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda answer: self._answered(run, answer))
        self.question = open_freed(box)

    def _answered(self, run: BulkRun, answer: int) -> None:
        if answer == QMessageBox.StandardButton.Yes:
            self._start(run)
            return
        run.discard()
        self.run = None
        self._update()
        self._say("Nothing was sent.")

    def _start(self, run: BulkRun) -> None:
        self.progress.setRange(0, max(1, len(run.plans)))
        self.progress.setValue(0)
        self.pause_button.setChecked(False)
        self.edited = 0  # the journal keeps the rows as sent, edits included
        self.undo_stack.clear()  # and they cannot be taken back once sent
        run.start()
        self._update()
        self._say(f"Sending {len(run.plans)} row(s) to {self.profile.name}…")

    def _progressed(self, progress: Progress, outcome: RowOutcome | None) -> None:
        self.progress.setRange(0, max(1, progress.total))
        self.progress.setValue(progress.done)
        paused = " · paused" if self.pause_button.isChecked() else ""
        self.progress_label.setText(progress.line() + paused)
        if outcome is not None:
            self.model.set_result(outcome.plan.row, outcome.state, outcome_text(outcome), outcome.history_id)

    def _pause_toggled(self, paused: bool) -> None:
        if self.run is None:
            return
        self.run.set_paused(paused)
        self.pause_button.setText("&Resume" if paused else "&Pause")
        if paused:
            self._say("Paused: the rows on the wire finish, no new row starts. Resume to go on.")
        else:
            self._say(f"Sending to {self.profile.name}…")

    def cancel_run(self) -> None:
        if self.run is not None and self.run.running:
            self.run.cancel()
            self.pause_button.setChecked(False)
            self._say("Stopping after the rows on the wire…")

    def _run_finished(self, result: RunResult | str) -> None:
        self.pause_button.blockSignals(True)
        self.pause_button.setChecked(False)
        self.pause_button.setText("&Pause")
        self.pause_button.blockSignals(False)
        if isinstance(result, str):
            self._update()
            self._say(result)
            self.runFinished.emit(result)
            self._after_run()
            return
        for outcome in result.outcomes:
            self.model.set_result(outcome.plan.row, outcome.state, outcome_text(outcome), outcome.history_id)
        created = result.count("created")
        refused = result.count("refused")
        unknown = result.count("unknown")
        sent = len(self.run.plans) if self.run else 0
        not_sent = sent - len(result.outcomes)
        self._update()
        text = f"{created} created, {refused} refused, {unknown} unknown"
        if not_sent:
            text += f", {not_sent} not sent"
        if result.interrupted:
            text = f"Stopped: {text}. Send all goes on where it stopped (the next start offers it too)."
        elif unknown:
            text = f"Done: {text}. Send all again looks the unknown ones up by name before sending."
        else:
            text = f"Done: {text}."
        self._say(text)
        self.runFinished.emit(result)
        self._show_details()
        self._after_run()

    def _after_run(self) -> None:
        if self._close_when_done:
            QTimer.singleShot(0, self.close)
