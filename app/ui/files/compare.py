"""File › Compare with: the draft against what it came from, a saved file or a history entry.

The other side is read off the GUI thread (a file, the history database); the comparison
itself is :class:`~app.ui.widgets.diff_dialog.DiffDialog`, opened without blocking. The draft side
is the payload as it would be sent.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
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
from app.ui.common.workers import run_in_background
from app.ui.widgets.dialogs import open_freed
from app.ui.widgets.file_dialogs import choose_open

if TYPE_CHECKING:
    # The history (SQLite) and the diff are loaded when a comparison is first asked for,
    # not to build the window.
    from app.services.history import HistoryEntry
    from app.ui.common.context import WindowContext
    from app.ui.widgets.diff_dialog import DiffDialog

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
HISTORY_LIMIT = 500


class Compare:
    """The Compare with submenu of one window: what the draft came from, a saved file, a history entry."""

    def __init__(self, context: WindowContext, menu: QMenu) -> None:
        self.context = context
        self.menu = menu
        self.diff_dialog: DiffDialog | None = None
        self.history_picker: HistoryPicker | None = None
        self.origin_action = QAction("What it came from", context.window)
        self.file_action = QAction("A saved &file…", context.window)
        self.history_action = QAction("A &history entry…", context.window)
        menu.addActions([self.origin_action, self.file_action, self.history_action])
        self.origin_action.triggered.connect(self.compare_with_origin)
        self.file_action.triggered.connect(lambda: self.compare_with_file())
        self.history_action.triggered.connect(self.compare_with_history)
        menu.aboutToShow.connect(self.update)
        self.update()

    def update(self) -> None:
        origin = self.context.drafts.origin
        self.origin_action.setText(
            f"&What it came from: {origin.label}" if origin else "What it came from (not made from another)"
        )

    def show_diff(self, other: Any, other_name: str) -> DiffDialog:
        """Open the comparison of ``other`` (old side) with the draft (new side)."""
        from app.domain.problems import Problem, Severity
        from app.ui.widgets.diff_dialog import DiffDialog

        document = self.context.document

        def go_to(path: str) -> bool:
            return self.context.go_to_problem(Problem(path, Severity.WARNING, "compare", ""))

        dialog = DiffDialog(
            other,
            document.model.to_wire(),
            other_name,
            "this draft",
            self.context.window,
            root=document.kind.model,
            go_to=go_to,
            model=document.model,
        )
        self.diff_dialog = open_freed(dialog, self.diff_dialog)
        return dialog

    def compare_with_origin(self) -> None:
        origin = self.context.drafts.origin
        if origin is None:
            self.context.show_error(
                "Nothing to compare with",
                "This draft was not made from a template, a response or pasted JSON; "
                "compare it with a saved file or a history entry instead.",
            )
            return
        self.show_diff(origin.payload, origin.label)

    def compare_with_file(self, path: Path | str | None = None) -> None:
        """Compare with a saved payload (or response) file, read off the GUI thread."""
        document = self.context.document
        chosen = path
        if chosen is None:
            chosen = choose_open(
                self.context.window,
                "Compare with a saved payload",
                "JSON (*.json);;All files (*)",
                document.file_path,
            )
        if not chosen:
            return
        file = Path(chosen)
        kind = document.kind

        def read() -> Any:
            return kind.as_payload(read_json_file(file))

        task = run_in_background(read)
        task.signals.finished.connect(lambda payload: self.show_diff(payload, file.name))
        task.signals.failed.connect(lambda exc: self._cannot_compare(file, exc))

    def _cannot_compare(self, file: Path, exc: object) -> None:
        if isinstance(exc, PayloadFileError):
            reason = exc.reason
        elif isinstance(exc, ConversionError):
            reason = str(exc)
        else:
            reason = f"cannot be read: {exc}"
        self.context.show_error("Cannot compare", f"{file}\n{reason}")

    def compare_with_history(self) -> None:
        """Pick a sent payload from the history, then compare with it."""
        task = run_in_background(_list_history)
        task.signals.finished.connect(self._pick_history)
        task.signals.failed.connect(
            lambda exc: self.context.show_error("Cannot compare", f"The history cannot be read: {exc}")
        )

    def _pick_history(self, entries: list[HistoryEntry]) -> None:
        picker = HistoryPicker(entries, self.context.window)
        picker.chosen.connect(self._compare_entry)
        self.history_picker = open_freed(picker, self.history_picker)

    def _compare_entry(self, entry: HistoryEntry) -> None:
        try:
            payload = entry.payload_json()
        except ValueError as exc:
            self.context.show_error(
                "Cannot compare", f"History entry {entry.id} holds no readable payload: {exc}"
            )
            return
        self.show_diff(payload, f"what was sent on {entry.sent_at} ({entry.profile})")


def _list_history() -> list[HistoryEntry]:
    from app.services.history import History

    history = History()
    try:
        return history.search("", limit=HISTORY_LIMIT)
    finally:
        history.close()


def history_label(entry: HistoryEntry) -> str:
    return f"{entry.sent_at} · {entry.payload_name} · {entry.profile} · {entry.outcome}"


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
