"""Compare: the current draft against another payload, one row per changed field.

The main window hands over two parsed payloads (the template the draft came from, a saved
file or a history entry, read off the GUI thread) and a name for each; this dialog only
shows :func:`app.domain.diff.diff_payloads`, which is pure and quick.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.diff import Change, ChangeKind, diff_payloads, shown
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
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Compare {new_name} with {old_name}")
        self.changes: list[Change] = diff_payloads(old, new)
        self.summary = QLabel(_summary(self.changes, old_name, new_name))
        self.summary.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setColumnCount(len(COLUMNS))
        self.table.setHeaderLabels(list(COLUMNS))
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for change in self.changes:
            was = "" if change.kind is ChangeKind.ADDED else shown(change.old)
            now = "" if change.kind is ChangeKind.REMOVED else shown(change.new)
            item = QTreeWidgetItem([change.path or "(whole payload)", change.kind.value, was, now])
            item.setForeground(1, QBrush(QColor(_COLOURS[change.kind][is_dark()])))
            item.setToolTip(0, change.describe())
            self.table.addTopLevelItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(820, 480)

    def rows(self) -> list[list[str]]:
        """The table's text, row by row (what the operator reads)."""
        items = [self.table.topLevelItem(i) for i in range(self.table.topLevelItemCount())]
        return [[item.text(c) for c in range(len(COLUMNS))] for item in items if item is not None]


def _summary(changes: list[Change], old_name: str, new_name: str) -> str:
    if not changes:
        return f"No differences between {new_name} and {old_name}."
    counts = {kind: sum(1 for c in changes if c.kind is kind) for kind in ChangeKind}
    parts = [f"{counts[k]} {k.value}" for k in ChangeKind if counts[k]]
    return f"{new_name} compared with {old_name}: " + ", ".join(parts) + "."
