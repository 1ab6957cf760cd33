"""Send › History: every submission, searchable, with what was sent and what came back.

The database is read and the exports are written off the GUI thread. "Open as new
draft" hands the sent payload to the window (which asks about unsaved changes first).
Exports cover the rows the search shows; the CSV export neutralises cells a spreadsheet
would run as formulas (see :func:`app.services.history.export_csv`).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services import history as hist
from app.ui.common.workers import run_in_background
from app.ui.send.history_model import HistoryTableModel
from app.ui.widgets.file_dialogs import choose_save

SEARCH_DELAY_MS = 250


def _pretty(text: str | None) -> str:
    import json

    if not text:
        return "(none)"
    from app.domain import jsontext

    try:
        return json.dumps(jsontext.parse(text).value, indent=2, ensure_ascii=False)
    except (jsontext.JsonTextError, ValueError):
        return text


class HistoryWindow(QWidget):
    """A top-level window over the history database.

    Args:
        history: returns the :class:`~app.services.history.History` to read (called off
            the GUI thread, since opening the database touches the disk).
        open_draft: called with ``(payload, label)`` by "Open as new draft".

    Signals:
        loaded(): the table was (re)filled.
        exported(str): an export was written to that path.
        failed(str): reading or exporting failed; the message is shown in the window too.
    """

    loaded = Signal()
    exported = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        history: Callable[[], hist.History],
        open_draft: Callable[[Any, str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._history = history
        self._open_draft = open_draft
        self._generation = 0
        self._wanted_id: int | None = None
        self.setWindowTitle("Send history")
        self.resize(1100, 640)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("Search group, profile, outcome, error code, id…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Search history")
        top.addWidget(self.search_edit, 1)
        self.count_label = QLabel(self)
        top.addWidget(self.count_label)
        layout.addLayout(top)
        self.model = HistoryTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.payload_view = QPlainTextEdit(self)
        self.response_view = QPlainTextEdit(self)
        for view in (self.payload_view, self.response_view):
            view.setReadOnly(True)
        self.table.setAccessibleName("Submissions")
        self.payload_view.setAccessibleName("Payload sent")
        self.response_view.setAccessibleName("Response")
        self.details = QTabWidget(self)
        self.details.addTab(self.payload_view, "Payload sent")
        self.details.addTab(self.response_view, "Response")
        pane = QWidget(self)
        pane_layout = QVBoxLayout(pane)
        pane_layout.setContentsMargins(0, 0, 0, 0)
        pane_layout.addWidget(self.summary)
        pane_layout.addWidget(self.details, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(pane)
        splitter.setSizes([360, 280])
        layout.addWidget(splitter, 1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton("Open as new &draft", self)
        self.open_button.clicked.connect(self.open_selected)
        self.csv_button = QPushButton("Export &CSV…", self)
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.json_button = QPushButton("Export &JSON…", self)
        self.json_button.clicked.connect(lambda: self.export("json"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.csv_button)
        buttons.addWidget(self.json_button)
        self.close_button = QPushButton("Close", self)
        self.close_button.clicked.connect(self.close)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        # Esc closes it, as every other window of the app (it holds nothing unsaved)
        self.escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.escape.activated.connect(self.close)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.reload)
        self.search_edit.textChanged.connect(lambda _text: self.search_timer.start())
        self._show_entry(None)

    def reload(self) -> None:
        """Search again with the box's text; an older search that ends later is ignored."""
        self._generation += 1
        generation = self._generation
        text = self.search_edit.text()
        task = run_in_background(lambda: self._history().search(text))
        task.signals.finished.connect(lambda entries: self._loaded(generation, entries))
        task.signals.failed.connect(lambda exc: self._fail(f"The history could not be read: {exc}"))

    def _loaded(self, generation: int, entries: list[hist.HistoryEntry]) -> None:
        if generation != self._generation:
            return
        selected = self.selected_entry()
        wanted = self._wanted_id if self._wanted_id is not None else (selected.id if selected else None)
        self._wanted_id = None
        self.model.set_entries(entries)
        count = len(entries)
        self.count_label.setText(f"{count} submission{'s' * (count != 1)}")
        rows = [i for i, e in enumerate(entries) if wanted is not None and e.id == wanted]
        if rows or entries:
            self.table.selectRow(rows[0] if rows else 0)
        else:
            self._show_entry(None)
        self.loaded.emit()

    def show_submission(self, entry_id: int, name: str) -> None:
        """Search for ``name`` and select the submission ``entry_id`` (a bulk row's history link)."""
        self._wanted_id = entry_id
        self.search_edit.blockSignals(True)
        self.search_edit.setText(name)
        self.search_edit.blockSignals(False)
        self.reload()

    def selected_entry(self) -> hist.HistoryEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry(rows[0].row()) if rows else None

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_entry(self.selected_entry())

    def _show_entry(self, entry: hist.HistoryEntry | None) -> None:
        self.open_button.setEnabled(entry is not None)
        if entry is None:
            self.summary.setText("Choose a submission to see what was sent and what came back.")
            self.payload_view.clear()
            self.response_view.clear()
            return
        made = f", id {entry.created_id}" if entry.created_id else ""
        request = f" · request id {entry.request_id}" if entry.request_id else ""
        self.summary.setText(
            f"<b>{escape(entry.payload_name)}</b> to {escape(entry.profile)} ({escape(entry.host)}) at "
            f"{entry.sent_at}: {entry.outcome}{made}{escape(request)}<br>{escape(entry.message)}"
        )
        self.payload_view.setPlainText(_pretty(entry.payload))
        self.response_view.setPlainText(_pretty(entry.response))

    def open_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        try:
            payload = entry.payload_json()
        except ValueError as exc:
            self._fail(f"The payload of this submission cannot be read: {exc}")
            return
        self._open_draft(payload, f"'{entry.payload_name}' as sent to {entry.profile} at {entry.sent_at}")

    def export(self, kind: str, path: str | Path | None = None) -> None:
        """Export the listed rows; without ``path``, a file dialog asks where."""
        if path is None:
            suffix = kind
            chosen = choose_save(
                self, f"Export history as {kind.upper()}", f"history.{suffix}", f"{kind.upper()} (*.{suffix})"
            )
            if not chosen:
                return
            path = chosen
        target = Path(path)
        writer = hist.export_csv if kind == "csv" else hist.export_json
        entries = self.model.entries()
        self.message.setText(f"Exporting {len(entries)} row(s) to {target}…")
        task = run_in_background(writer, entries, target)
        task.signals.finished.connect(lambda _none: self._exported(target, len(entries)))
        task.signals.failed.connect(lambda exc: self._fail(f"{target} could not be written: {exc}"))

    def _exported(self, path: Path, count: int) -> None:
        self.message.setText(f"Exported {count} row(s) to {path}.")
        self.exported.emit(str(path))

    def _fail(self, text: str) -> None:
        self.message.setText(text)
        self.failed.emit(text)
