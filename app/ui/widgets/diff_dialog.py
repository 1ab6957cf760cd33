"""Compare: the current draft against another payload, one row per changed field.

The main window hands over two parsed payloads (the template the draft came from, a saved
file or a history entry, read off the GUI thread) and a name for each; this dialog only
shows :func:`app.domain.diff.diff_payloads`, which is pure and quick.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QBrush, QColor, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.base import WireModel
from app.domain.diff import Change, ChangeKind, diff_payloads, shown
from app.domain.wirepath import describe_path, field_place
from app.ui.widgets.problem_marks import is_dark

#: Each kind of change in a colour that reads on the light palette, then on the dark one.
_COLOURS = {
    ChangeKind.ADDED: ("#1b7f3b", "#7fd99a"),
    ChangeKind.REMOVED: ("#b00020", "#ff8a80"),
    ChangeKind.CHANGED: ("#8a5a00", "#ffcc80"),
}
COLUMNS = ("Field", "Change", "Was", "Now")


class DiffDialog(QDialog):
    """A field-by-field comparison of ``old`` (e.g. the template) with ``new`` (the draft).

    Fields are named in the form's words (the wire path in the tooltip); the selected row's
    values are shown in full below the table; a double-click (or Enter) on a row closes the
    dialog and takes the focus to that field in the form.

    Attributes:
        changes: what the table shows, in document order.
    """

    def __init__(
        self,
        old: Any,
        new: Any,
        old_name: str = "the other payload",
        new_name: str = "this draft",
        parent: QWidget | None = None,
        *,
        root: type[WireModel] | None = None,
        go_to: Callable[[str], bool] | None = None,
        confirm: str | None = None,
        model: WireModel | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Compare {new_name} with {old_name}")
        self.changes: list[Change] = diff_payloads(old, new, root)
        self._go_to = go_to
        self.summary = QLabel(_summary(self.changes, old_name, new_name))
        self.summary.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setAccessibleName("Changes")
        self.table.setColumnCount(len(COLUMNS))
        self.table.setHeaderLabels(list(COLUMNS))
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 260)
        for change in self.changes:
            was = "" if change.kind is ChangeKind.ADDED else shown(change.old)
            now = "" if change.kind is ChangeKind.REMOVED else shown(change.new)
            if model is not None and change.path:
                field = field_place(change.path, model)  # the form's words (items by their names)
            elif root is not None and change.path:
                field = describe_path(root, change.path)
            else:
                field = change.path
            item = QTreeWidgetItem([field or "(whole payload)", change.kind.value, was, now])
            item.setForeground(1, QBrush(QColor(_COLOURS[change.kind][is_dark()])))
            item.setToolTip(0, f"{change.path or '(whole payload)'}\n{change.describe()}")
            self.table.addTopLevelItem(item)
        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName("The selected change in full")
        self.detail.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.detail.setPlaceholderText("Select a row to see its values in full.")
        self.table.currentItemChanged.connect(lambda _item, _previous: self._show_detail())
        self.table.itemActivated.connect(lambda _item, _column: self.go_to_selected())
        hint = QLabel("Double-click a row (or press Enter) to go to that field in the form.", self)
        hint.setVisible(go_to is not None and bool(self.changes))
        splitter = QSplitter(self)
        splitter.setProperty("orientation", 2)  # vertical
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([320, 120])
        #: With ``confirm``: the dialog asks before something is sent; True once that button was pressed.
        self.confirmed = False
        if confirm is None:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        else:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
            self.confirm_button = buttons.addButton(confirm, QDialogButtonBox.ButtonRole.AcceptRole)
            self.confirm_button.setDefault(True)
            self.confirm_button.setEnabled(bool(self.changes))
            self.confirm_button.clicked.connect(self._confirm)
            self.table.setFocus()  # review first; the button is the default
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(860, 520)

    def _confirm(self) -> None:
        self.confirmed = True
        self.accept()

    def _show_detail(self) -> None:
        current = self.table.currentItem()
        row = self.table.indexOfTopLevelItem(current) if current is not None else -1
        if not 0 <= row < len(self.changes):
            self.detail.clear()
            return
        change = self.changes[row]
        parts = [f"Field: {change.path or '(whole payload)'} ({change.kind.value})"]
        if change.kind is not ChangeKind.ADDED:
            parts.append("Was:\n" + json.dumps(change.old, ensure_ascii=False, indent=2))
        if change.kind is not ChangeKind.REMOVED:
            parts.append("Now:\n" + json.dumps(change.new, ensure_ascii=False, indent=2))
        self.detail.setPlainText("\n\n".join(parts))

    def go_to_selected(self) -> bool:
        """Close and take the focus to the selected change's field (a removed one: its place)."""
        item = self.table.currentItem()
        if item is None or self._go_to is None:
            return False
        change = self.changes[self.table.indexOfTopLevelItem(item)]
        path = change.path
        if change.kind is ChangeKind.REMOVED:
            path = path.rpartition("[")[0] if path.endswith("]") else path  # the list it was in
        self.accept()
        return self._go_to(path)

    def rows(self) -> list[list[str]]:
        """The table's text, row by row (what the operator reads)."""
        items = [self.table.topLevelItem(i) for i in range(self.table.topLevelItemCount())]
        return [[item.text(c) for c in range(len(COLUMNS))] for item in items if item is not None]


def _summary(changes: list[Change], old_name: str, new_name: str) -> str:
    if not changes:
        return f"No differences between {new_name} and {old_name}."
    counts = {kind: sum(1 for c in changes if c.kind is kind) for kind in ChangeKind}
    parts = [f"{counts[k]} {k.value}" for k in ChangeKind if counts[k]]
    return f"{new_name[:1].upper()}{new_name[1:]} compared with {old_name}: " + ", ".join(parts) + "."
