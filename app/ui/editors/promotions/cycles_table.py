"""A milestone's cycle table (Cycle_n, start, end, target): its model and its view.

Each cell edits ``cycleActionMapping[n]`` through the document (one undo step per cell); the
view pastes a column or a block from a spreadsheet and clears the selection with Delete, each
one undo step; a cell edit repaints its row only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from app.domain.problems import Problem
from app.domain.wirepath import path_affects
from app.ui.document.document import PayloadDocument
from app.ui.editors.promotions.activity_model import activity_paths
from app.ui.widgets.indexes import AnyIndex
from app.ui.widgets.problem_marks import severity_color, worst_severity

_ROOT = QModelIndex()

COLUMNS = (("cycle", "Cycle"), ("startDate", "Start"), ("endDate", "End"), ("defaultValue", "Target"))


def milestone_paths(document: PayloadDocument) -> list[tuple[str, str]]:
    """(path, label) of every milestone of every activity."""
    out = []
    for path, activity in activity_paths(getattr(document.model, "activities", None)):
        for index, milestone in enumerate(getattr(activity, "milestones", None) or []):
            label = f"{getattr(activity, 'name', None) or path} › {getattr(milestone, 'name', None) or f'Milestone {index + 1}'}"
            out.append((f"{path}.milestones[{index}]", label))
    return out


class CyclesModel(QAbstractTableModel):
    """The cycle table of the milestone at :attr:`milestone` (a wire path, or ``None``)."""

    def __init__(self, document: PayloadDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.milestone: str | None = None
        self.problems: dict[str, list[Problem]] = {}
        self._rows = 0
        document.changed.connect(self._changed)

    @property
    def list_path(self) -> str:
        return f"{self.milestone}.cycleActionMapping"

    def set_milestone(self, path: str | None) -> None:
        self.beginResetModel()
        self.milestone = path
        self._rows = self._count()
        self.endResetModel()

    def _count(self) -> int:
        return len(self.document.value(self.list_path) or []) if self.milestone else 0

    def _changed(self, path: str) -> None:
        if self.milestone is None:
            return
        if path_affects(path, self.list_path) or self._count() != self._rows:
            self.beginResetModel()
            self._rows = self._count()
            self.endResetModel()
        elif path.startswith(self.list_path + "[") and self._rows:
            row_text = path[len(self.list_path) + 1 :].partition("]")[0]
            first = last = int(row_text) if row_text.isdigit() else -1
            if not 0 <= first < self._rows:  # not one row: all of them
                first, last = 0, self._rows - 1
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def cell_path(self, row: int, column: int) -> str:
        return f"{self.list_path}[{row}].{COLUMNS[column][0]}"

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1] if 0 <= section < len(COLUMNS) else None
        return str(section + 1)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.milestone is None or not (0 <= index.row() < self._rows):
            return None
        path = self.cell_path(index.row(), index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            value = self.document.value(path)
            return "" if value is None else str(value)
        marks = self.problems.get(path, [])
        if role == Qt.ItemDataRole.ToolTipRole and marks:
            return "\n".join(p.message for p in marks)
        if role == Qt.ItemDataRole.ForegroundRole and marks:
            severity = worst_severity(marks)
            return severity_color(severity) if severity else None
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.milestone is None:
            return False
        text = str(value).strip() if value is not None else ""
        self.document.set_value(self.cell_path(index.row(), index.column()), text or None)
        self.document.touch(self.cell_path(index.row(), index.column()))
        return True


class CyclesTable(QTableView):
    """Delete clears the selected cells, Ctrl+V pastes a column (or a block) from a spreadsheet."""

    def __init__(self, model: CyclesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cycles = model
        self.setModel(model)
        self.setAccessibleName("Cycles")
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.horizontalHeader().setStretchLastSection(True)
        self.setTabKeyNavigation(False)  # Tab leaves the table (arrows move between cells)
        self.verticalHeader().hide()  # the Cycle column numbers the rows (a header would measure all 366)
        # Widths from the longest texts a column holds, not measured over every row (366 rows).
        metrics = self.fontMetrics()
        for column, sample in enumerate(
            ("Cycle_366", "2027-01-01T00:00:00+05:30", "2027-01-01T23:59:59+05:30")
        ):
            self.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste(QGuiApplication.clipboard().text())
            return
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.set_cells({(i.row(), i.column()): None for i in self.selectedIndexes()}, "Clear cells")
            return
        super().keyPressEvent(event)

    def set_cells(self, values: dict[tuple[int, int], Any], text: str) -> None:
        document = self.cycles.document
        if not values:
            return
        document.undo_stack.beginMacro(text)
        for (row, column), value in sorted(values.items()):
            document.set_value(self.cycles.cell_path(row, column), value)
        document.undo_stack.endMacro()

    def paste(self, text: str) -> int:
        """Paste rows of tab-separated cells from the current cell on; returns how many were set."""
        current = self.currentIndex()
        if not current.isValid():
            return 0
        lines = [line for line in text.replace("\r\n", "\n").split("\n")]
        while lines and lines[-1] == "":
            lines.pop()
        values: dict[tuple[int, int], Any] = {}
        for offset, line in enumerate(lines):
            row = current.row() + offset
            if row >= self.cycles.rowCount():
                break
            for step, cell in enumerate(line.split("\t")):
                column = current.column() + step
                if column < len(COLUMNS):
                    values[(row, column)] = cell.strip() or None
        self.set_cells(values, "Paste cells")
        return len(values)

    def fill_down(self) -> None:
        """The first selected cell's value into the selected cells below it, column by column."""
        by_column: dict[int, list[int]] = {}
        for index in self.selectedIndexes():
            by_column.setdefault(index.column(), []).append(index.row())
        values: dict[tuple[int, int], Any] = {}
        for column, rows in by_column.items():
            rows.sort()
            first = self.cycles.document.value(self.cycles.cell_path(rows[0], column))
            values.update({(row, column): first for row in rows[1:]})
        self.set_cells(values, "Fill down")
