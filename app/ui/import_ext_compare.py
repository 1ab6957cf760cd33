"""File › Compare with: the draft against what it came from, a saved file or a history entry.

The other side is read off the GUI thread (a file, the history database); the comparison
itself is :class:`~app.ui.diff_dialog.DiffDialog`, opened without blocking. The draft side
is the payload as it would be sent.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from app.domain.convert import ConversionError
from app.services.payload_files import PayloadFileError, read_json_file
from app.ui.import_ext_payloads import as_payload
from app.ui.workers import run_in_background

if TYPE_CHECKING:
    # The history (SQLite) and the diff are loaded when a comparison is first asked for,
    # not to build the window.
    from app.services.history import HistoryEntry
    from app.ui.diff_dialog import DiffDialog
    from app.ui.import_ext import DraftOrigin
    from app.ui.main_window import MainWindow

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
HISTORY_LIMIT = 500


def show_diff(window: MainWindow, other: Any, other_name: str) -> DiffDialog:
    """Open the comparison of ``other`` (old side) with the draft (new side)."""
    from app.ui.diff_dialog import DiffDialog

    dialog = DiffDialog(other, window.document.group.to_wire(), other_name, "this draft", window)
    dialog.open()
    window.diff_dialog = dialog  # type: ignore[attr-defined]
    return dialog


def compare_with_file(window: MainWindow, path: Path | str | None = None) -> None:
    """Compare with a saved payload (or response) file, read off the GUI thread."""
    chosen = path
    if chosen is None:
        start = str(window.document.file_path.parent) if window.document.file_path else ""
        chosen, _ = QFileDialog.getOpenFileName(
            window, "Compare with a saved payload", start, "JSON (*.json);;All files (*)"
        )
    if not chosen:
        return
    file = Path(chosen)

    def read() -> Any:
        return as_payload(read_json_file(file))

    task = run_in_background(read)
    task.signals.finished.connect(lambda payload: show_diff(window, payload, file.name))
    task.signals.failed.connect(lambda exc: _cannot_compare(window, file, exc))


def _cannot_compare(window: MainWindow, file: Path, exc: object) -> None:
    if isinstance(exc, PayloadFileError):
        reason = exc.reason
    elif isinstance(exc, ConversionError):
        reason = str(exc)
    else:
        reason = f"cannot be read: {exc}"
    window.show_error("Cannot compare", f"{file}\n{reason}")


def _list_history() -> list[HistoryEntry]:
    from app.services.history import History

    history = History()
    try:
        return history.search("", limit=HISTORY_LIMIT)
    finally:
        history.close()


def compare_with_history(window: MainWindow) -> None:
    """Pick a sent payload from the history, then compare with it."""
    task = run_in_background(_list_history)
    task.signals.finished.connect(lambda entries: _pick_history(window, entries))
    task.signals.failed.connect(
        lambda exc: window.show_error("Cannot compare", f"The history cannot be read: {exc}")
    )


def _pick_history(window: MainWindow, entries: list[HistoryEntry]) -> None:
    picker = HistoryPicker(entries, window)
    picker.chosen.connect(lambda entry: _compare_entry(window, entry))
    picker.open()
    window.history_picker = picker  # type: ignore[attr-defined]


def _compare_entry(window: MainWindow, entry: HistoryEntry) -> None:
    try:
        payload = entry.payload_json()
    except ValueError as exc:
        window.show_error("Cannot compare", f"History entry {entry.id} holds no readable payload: {exc}")
        return
    show_diff(window, payload, f"what was sent on {entry.sent_at} ({entry.profile})")


def history_label(entry: HistoryEntry) -> str:
    return f"{entry.sent_at} · {entry.group_name} · {entry.profile} · {entry.outcome}"


class HistoryPicker(QDialog):
    """Choose one sent payload; typing filters by name, profile, date or outcome.

    Signals:
        chosen(object): the :class:`HistoryEntry` picked (the dialog has closed).
    """

    chosen = Signal(object)

    def __init__(self, entries: list[HistoryEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare with a history entry")
        self.search = QLineEdit(placeholderText="Filter by name, profile, date, outcome")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        for entry in entries:
            item = QListWidgetItem(history_label(entry))
            item.setData(ENTRY_ROLE, entry)
            self.list.addItem(item)
        self.empty = QLabel("Nothing has been sent yet, so there is nothing to compare with.")
        self.empty.setVisible(not entries)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Compare")
        self.buttons.accepted.connect(self._choose)
        self.buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self._choose())
        self.search.textChanged.connect(self._filter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        self.resize(640, 420)
        self.list.setCurrentRow(0)

    def visible_labels(self) -> list[str]:
        return [
            self.list.item(i).text() for i in range(self.list.count()) if not self.list.item(i).isHidden()
        ]

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        first_shown = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hidden = not all(word in item.text().casefold() for word in words)
            item.setHidden(hidden)
            if not hidden and first_shown is None:
                first_shown = i
        current = self.list.currentItem()
        if (current is None or current.isHidden()) and first_shown is not None:
            self.list.setCurrentRow(first_shown)

    def _choose(self) -> None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return
        self.accept()
        self.chosen.emit(item.data(ENTRY_ROLE))


def install_compare_menu(window: MainWindow, origin_of: Callable[[MainWindow], DraftOrigin | None]) -> QMenu:
    """Add File › Compare with (before Quit); the first item names the draft's origin when known."""
    menu = QMenu("&Compare with", window)
    origin_action = QAction("What it came from", window)
    file_action = QAction("A saved &file…", window)
    history_action = QAction("A &history entry…", window)
    menu.addActions([origin_action, file_action, history_action])

    def compare_with_origin() -> None:
        origin = origin_of(window)
        if origin is None:
            window.show_error(
                "Nothing to compare with",
                "This draft was not made from a template, a response or pasted JSON; "
                "compare it with a saved file or a history entry instead.",
            )
            return
        show_diff(window, origin.payload, origin.label)

    def update() -> None:
        origin = origin_of(window)
        origin_action.setText(
            f"&What it came from: {origin.label}" if origin else "What it came from (not made from another)"
        )

    origin_action.triggered.connect(compare_with_origin)
    file_action.triggered.connect(lambda: compare_with_file(window))
    history_action.triggered.connect(lambda: compare_with_history(window))
    menu.aboutToShow.connect(update)
    window.file_menu.insertMenu(window.quit_action, menu)
    window.file_menu.insertSeparator(window.quit_action)
    window.compare_origin_action = origin_action  # type: ignore[attr-defined]
    window.compare_file_action = file_action  # type: ignore[attr-defined]
    window.compare_history_action = history_action  # type: ignore[attr-defined]
    update()
    return menu
