"""Templates › Bulk create…: one template (or payload) and a spreadsheet, checked, then sent.

The operator picks a template and a CSV or XLSX file. Every row is filled and checked off the
GUI thread and shown in a table: its check (ready, or what is wrong), its result once sent, and
its cells, which can be edited in place (the row is checked again at once). Send all sends the
rows through one client with a progress bar, Pause and Cancel; each row's result links to its
history entry (double-click, or Show in history). The journal keeps the rows as they were sent,
so closing the window or a crash mid-run loses nothing: the next start offers to go on.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.bulk.checking import PAYLOAD_ITEM, CheckingPart
from app.ui.bulk.closing import ClosingPart
from app.ui.bulk.hooks import BulkHooks
from app.ui.bulk.rows_model import BulkRowsModel
from app.ui.bulk.sending import SendingPart
from app.ui.common.workers import run_in_background
from app.ui.widgets.file_dialogs import choose_open

if TYPE_CHECKING:
    from app.services.profiles import Profile
    from app.services.templates import TemplateEntry

ROW_FILES = "Spreadsheets (*.csv *.tsv *.txt *.xlsx *.xlsm);;All files (*)"


class BulkDialog(CheckingPart, SendingPart, ClosingPart):
    """The Bulk create window (non-modal; kept by the feature so tests can drive it): its layout
    and the choice of template, rows and profile; the rest is in its parts (:mod:`.dialog_base`).
    """

    def __init__(
        self, hooks: BulkHooks, parent: QWidget | None = None, journal_path: str | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.hooks = hooks
        self.journal_path = journal_path
        self.job = None
        self.run = None
        self.payload_path = None
        self.edited = 0
        self._generation = 0
        self._close_when_done = False
        self._drop_edits = False
        self.question = None
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
        self._check_stop = None
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
