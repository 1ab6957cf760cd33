"""Templates › Bulk create…: one template (or payload) and a spreadsheet, checked, then sent.

The operator picks a template and a CSV or XLSX file. Every row is filled and checked off the
GUI thread and shown in a table: its check (ready, or what is wrong), its result once sent, and
its cells, which can be edited in place (the row is checked again at once). Send all sends the
rows through one client with a progress bar, Pause and Cancel; each row's result links to its
history entry (double-click, or Show in history). The journal keeps the rows as they were sent,
so closing the window or a crash mid-run loses nothing: the next start offers to go on.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.bulk.loading import CheckProgress, Loaded, journal_text, load_file, load_journal
from app.ui.bulk.rows_model import NAME, RESULT, BulkRowsModel
from app.ui.bulk.run import BulkRun, Prepared, outcome_text
from app.ui.common.workers import ProgressRelay, run_in_background
from app.ui.widgets.dialogs import open_freed
from app.ui.widgets.file_dialogs import choose_open, choose_save

if TYPE_CHECKING:
    from app.services.bulk import Progress, RowOutcome, RunResult
    from app.services.profiles import Profile
    from app.services.sending import Sender
    from app.services.templates import TemplateEntry

ROW_FILES = "Spreadsheets (*.csv *.tsv *.txt *.xlsx *.xlsm);;All files (*)"
PAYLOAD_ITEM = "payload"


class CheckStopped(Exception):
    """Raised on the checking thread once Stop checking was pressed."""


@dataclass
class BulkHooks:
    """What Bulk create needs from sending, handed over by the window.

    Attributes:
        sender: the window's one sender (made on first use).
        profile: the profile the window's "Send to" box has chosen.
        show_submission: opens the history at a submission (its id and the row's name).
    """

    sender: Callable[[], Sender]
    profile: Callable[[], Profile]
    show_submission: Callable[[int, str], object]


class BulkDialog(QWidget):
    """The Bulk create window (non-modal; kept by the feature so tests can drive it).

    Signals:
        loaded(): a job was (re)checked and the table filled (or the load failed: see summary).
        runFinished(object): the run's :class:`~app.services.bulk.RunResult` (or a message).
    """

    loaded = Signal()
    runFinished = Signal(object)

    def __init__(
        self, hooks: BulkHooks, parent: QWidget | None = None, journal_path: str | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.hooks = hooks
        self.journal_path = journal_path
        self.job: Loaded | None = None
        self.run: BulkRun | None = None
        self.payload_path: str | None = None
        self.edited = 0
        self._generation = 0
        self._close_when_done = False
        self._drop_edits = False
        self.question: QMessageBox | None = None
        self.setWindowTitle("Bulk create")
        self.resize(1100, 640)
        layout = QVBoxLayout(self)

        form = QFormLayout()
        source_row = QHBoxLayout()
        self.template_combo = QComboBox(self)
        self.template_combo.setAccessibleName("Template")
        self.template_combo.setMinimumWidth(360)
        self.template_combo.setToolTip("Every row fills this template's blanks")
        self.payload_button = QPushButton("Payload &file…", self)
        self.payload_button.setToolTip("Use a payload file instead: columns name its fields by wire path")
        source_row.addWidget(self.template_combo, 1)
        source_row.addWidget(self.payload_button)
        form.addRow(self._buddy("&Template:", self.template_combo), source_row)
        rows_row = QHBoxLayout()
        self.rows_edit = QLineEdit(self)
        self.rows_edit.setPlaceholderText(
            "A CSV (any delimiter, UTF-8) or XLSX file; row 1 names the columns"
        )
        self.rows_edit.setAccessibleName("Rows file")
        self.browse_button = QPushButton("&Browse…", self)
        self.sheet_label = QLabel("S&heet:", self)
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setAccessibleName("Sheet")
        self.sheet_label.setBuddy(self.sheet_combo)
        rows_row.addWidget(self.rows_edit, 1)
        rows_row.addWidget(self.browse_button)
        rows_row.addWidget(self.sheet_label)
        rows_row.addWidget(self.sheet_combo)
        form.addRow(self._buddy("&Rows:", self.rows_edit), rows_row)
        self.profile_label = QLabel(self)
        self.profile_label.setObjectName("bulkSendTo")
        self.profile_label.setToolTip("Change it in the window's “Send to” box")
        form.addRow("Send to:", self.profile_label)
        layout.addLayout(form)

        self.summary = QLabel("Choose a template and a spreadsheet.", self)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("bulkSummary")
        layout.addWidget(self.summary)

        self.model = BulkRowsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Rows")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # Column widths come from the first rows only: measuring all of 2,000 rows on the GUI
        # thread froze the window for a second after each check.
        header.setResizeContentsPrecision(40)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Problems of the chosen row")
        self.details.setPlaceholderText("Choose a row to see all of its problems and its result.")
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setSizes([380, 110])
        layout.addWidget(splitter, 1)

        progress_row = QHBoxLayout()
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Sending progress")
        self.progress.setTextVisible(True)
        self.progress.setFormat("%v of %m rows")
        self.progress_label = QLabel(self)
        self.history_button = QPushButton("Show in &history", self)
        self.history_button.setToolTip("The chosen row's submission in the send history")
        self.history_button.setEnabled(False)
        self.stop_check_button = QPushButton("S&top checking", self)
        self.stop_check_button.setToolTip("Stop checking the rows (nothing is sent while checking)")
        self.stop_check_button.hide()
        self._check_stop: threading.Event | None = None
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.stop_check_button)
        progress_row.addWidget(self.progress_label, 2)
        progress_row.addWidget(self.history_button)
        layout.addLayout(progress_row)

        buttons = QHBoxLayout()
        self.skip_invalid = QCheckBox("&Leave out rows with errors", self)
        self.skip_invalid.setToolTip("Send the ready rows; rows with errors stay in the table, unsent")
        self.check_button = QPushButton("Check &again", self)
        self.check_button.setToolTip("Read the spreadsheet and the template again (your edits are dropped)")
        self.save_rows_button = QPushButton("Sa&ve rows as CSV…", self)
        self.save_rows_button.setToolTip("Keep the rows, with your edits, in a CSV file")
        self.send_button = QPushButton("&Send all", self)
        self.pause_button = QPushButton("&Pause", self)
        self.pause_button.setCheckable(True)
        self.cancel_button = QPushButton("&Cancel run", self)
        self.close_button = QPushButton("Close", self)
        buttons.addWidget(self.skip_invalid)
        buttons.addStretch(1)
        for button in (
            self.check_button,
            self.save_rows_button,
            self.send_button,
            self.pause_button,
            self.cancel_button,
            self.close_button,
        ):
            buttons.addWidget(button)
        layout.addLayout(buttons)

        self.payload_button.clicked.connect(self.choose_payload)
        self.browse_button.clicked.connect(self.choose_rows)
        self.rows_edit.returnPressed.connect(self.check)
        self.template_combo.activated.connect(lambda _i: self._source_chosen())
        self.sheet_combo.activated.connect(lambda _i: self.check())
        self.check_button.clicked.connect(self.check)
        self.save_rows_button.clicked.connect(self.save_rows)
        self.send_button.clicked.connect(self.send_all)
        self.pause_button.toggled.connect(self._pause_toggled)
        self.cancel_button.clicked.connect(self.cancel_run)
        self.stop_check_button.clicked.connect(self.stop_check)
        self.close_button.clicked.connect(self.close)
        self.history_button.clicked.connect(self.show_history)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().currentRowChanged.connect(lambda _now, _before: self._show_details())
        self.model.cellEdited.connect(self._cell_edited)
        self.undo_stack = QUndoStack(self)
        for keys, action in (
            (QKeySequence.StandardKey.Undo, lambda: self._step(self.undo_stack.undo)),
            (QKeySequence.StandardKey.Redo, lambda: self._step(self.undo_stack.redo)),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
        self.skip_invalid.toggled.connect(lambda _on: self._update())
        self.set_profile(hooks.profile())
        self._update()
        self.load_templates()

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(widget)
        return label

    # choosing ------------------------------------------------------------------

    def load_templates(self, select: str | None = None) -> None:
        """Fill the template list (off the GUI thread: the library reads its folders)."""
        from app.services.templates import TemplateLibrary

        task = run_in_background(lambda: TemplateLibrary().entries())
        task.signals.finished.connect(lambda entries: self._templates_loaded(entries, select))
        task.signals.failed.connect(lambda exc: self._say(f"The templates could not be listed: {exc}"))

    def _templates_loaded(self, entries: list[TemplateEntry], select: str | None) -> None:
        current = select or self.template_combo.currentData()
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        self.template_combo.addItem("Choose a template…", None)
        for entry in entries:
            if entry.template is None:
                continue
            self.template_combo.addItem(entry.title, str(entry.path))
            self.template_combo.setItemData(
                self.template_combo.count() - 1, f"{entry.kind}\n{entry.path}", Qt.ItemDataRole.ToolTipRole
            )
        if self.payload_path:
            self.template_combo.addItem(f"Payload file {Path(self.payload_path).name}", PAYLOAD_ITEM)
        found = self.template_combo.findData(current) if current else -1
        self.template_combo.setCurrentIndex(max(0, found))
        self.template_combo.blockSignals(False)

    def choose_payload(self) -> None:
        path = choose_open(self, "Payload for every row", "JSON (*.json);;All files (*)")
        if path:
            self.use_payload(path)

    def use_payload(self, path: str, check: bool = True) -> None:
        """Fill every row into the payload file at ``path`` (checked again unless ``check`` is false)."""
        self.payload_path = path
        combo = self.template_combo
        combo.blockSignals(True)
        found = combo.findData(PAYLOAD_ITEM)
        label = f"Payload file {Path(path).name}"
        if found < 0:
            combo.addItem(label, PAYLOAD_ITEM)
            found = combo.count() - 1
        combo.setItemText(found, label)
        combo.setCurrentIndex(found)
        combo.blockSignals(False)
        if check:
            self._source_chosen()

    def choose_rows(self) -> None:
        path = choose_open(self, "Rows: one group per row", ROW_FILES, self.rows_edit.text().strip() or None)
        if path:
            self.rows_edit.setText(path)
            self.sheet_combo.clear()
            self.check()

    def _source_chosen(self) -> None:
        if self.rows_edit.text().strip():
            self.check()

    def set_profile(self, profile: Profile) -> None:
        """Where Send all goes; a production profile is marked as in the window."""
        self.profile = profile
        if profile.production:
            from app.ui.common.theme import production_colors

            text, fill = production_colors()
            self.profile_label.setText(f"{profile.name} — PRODUCTION ({profile.host_label})")
            self.profile_label.setStyleSheet(
                f"QLabel#bulkSendTo {{ background: {fill}; color: {text}; font-weight: bold; padding: 2px; }}"
            )
        else:
            same = profile.host_label.casefold() == profile.name.casefold()
            self.profile_label.setText(profile.name if same else f"{profile.name} ({profile.host_label})")
            self.profile_label.setStyleSheet("")

    # checking ------------------------------------------------------------------

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

    # saving the rows -------------------------------------------------------------

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

    # sending --------------------------------------------------------------------

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

    # closing --------------------------------------------------------------------

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


class _CellEdit(QUndoCommand):
    """One cell typed into, as an undo step (its text names the row and the column)."""

    def __init__(
        self, dialog: BulkDialog, job: Loaded, index: int, column: str, before: str, after: str
    ) -> None:
        super().__init__(f"Edit row {job.plan.rows[index].row} {column}")
        self.dialog, self.job, self.index, self.column = dialog, job, index, column
        self.before, self.after = before, after

    def redo(self) -> None:
        self.dialog.set_cell(self.job, self.index, self.column, self.after, +1)

    def undo(self) -> None:
        self.dialog.set_cell(self.job, self.index, self.column, self.before, -1)
