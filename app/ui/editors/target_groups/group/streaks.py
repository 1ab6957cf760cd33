"""The streak levels of a STREAKS group: a small editable table (name, consecutive cycles).

:class:`StreaksModel` reads ``group.streaks`` and writes every cell through the document
(``streaks[i].name``, ``streaks[i].targetCountOfSequence``), so each edit is one undo step
and a problem at a cell's path shows on that cell.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.fields import field_title, wire_name
from app.domain.problems import Problem
from app.domain.target_groups.models import Streak
from app.domain.wirepath import parse_path
from app.ui.document.document import PayloadDocument
from app.ui.widgets.field_widgets import path_affects
from app.ui.widgets.indexes import ROOT_INDEX, AnyIndex
from app.ui.widgets.problem_marks import (
    ProblemLabel,
    problem_tooltip,
    problems_by_path,
    severity_brush,
    worst_severity,
)
from app.ui.widgets.tables import grid_button

NAME, COUNT = range(2)
_FIELDS = ("name", "target_count_of_sequence")
LIST_PATH = "streaks"


class StreaksModel(QAbstractTableModel):
    """Rows are streak levels; columns come from the Streak model's field titles."""

    def __init__(self, document: PayloadDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._problems: dict[str, list[Problem]] = {}
        document.changed.connect(self._on_changed)

    def levels(self) -> list[Streak]:
        return list(self.document.value(LIST_PATH) or [])

    def cell_path(self, row: int, column: int) -> str:
        return f"{LIST_PATH}[{row}].{wire_name(Streak, _FIELDS[column])}"

    def set_problems(self, problems: dict[str, list[Problem]]) -> None:
        """Mark the cells with problems; only cells whose marks change are repainted, so an open
        editor is never reset to the model's value while the operator types in it."""
        changed = {
            path
            for path in problems.keys() | self._problems.keys()
            if problems.get(path) != self._problems.get(path)
        }
        self._problems = problems
        for row in range(self.rowCount()):
            for column in range(len(_FIELDS)):
                if self.cell_path(row, column) in changed:
                    self.dataChanged.emit(self.index(row, column), self.index(row, column))

    def _on_changed(self, path: str) -> None:
        steps = parse_path(path)
        if len(steps) >= 2 and steps[0] == LIST_PATH and isinstance(steps[1], int):
            # One level changed: repaint its row, keep any open editor (a reset would close it).
            row = steps[1]
            if row < self.rowCount():
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(_FIELDS) - 1))
                return
        if path_affects(path, LIST_PATH) or path.startswith(LIST_PATH):
            self.beginResetModel()
            self.endResetModel()

    def rowCount(self, parent: AnyIndex = ROOT_INDEX) -> int:
        return 0 if parent.isValid() else len(self.levels())

    def columnCount(self, parent: AnyIndex = ROOT_INDEX) -> int:
        return 0 if parent.isValid() else len(_FIELDS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(_FIELDS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return field_title(Streak, _FIELDS[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            return Streak.model_fields[_FIELDS[section]].description
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = 0) -> Any:
        levels = self.levels()
        if not index.isValid() or not 0 <= index.row() < len(levels):
            return None
        value = getattr(levels[index.row()], _FIELDS[index.column()])
        problems = self._problems.get(self.cell_path(index.row(), index.column()), [])
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return "" if value is None else value if role == Qt.ItemDataRole.EditRole else str(value)
        if role == Qt.ItemDataRole.ToolTipRole and problems:
            return problem_tooltip(problems)
        if role == Qt.ItemDataRole.BackgroundRole and problems:
            severity = worst_severity(problems)
            return severity_brush(severity) if severity else None
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value).strip() if value is not None else ""
        if index.column() == COUNT:
            if text and not text.lstrip("-").isdigit():
                return False
            parsed: Any = int(text) if text else None
        else:
            parsed = text or None
        self.document.set_value(self.cell_path(index.row(), index.column()), parsed)
        return True


class StreaksEditor(QWidget):
    """The streak levels table with Add and Remove."""

    def __init__(self, document: PayloadDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = StreaksModel(document, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Streak levels")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(COUNT, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setFixedHeight((self.fontMetrics().height() + 10) * 5)
        self.add_button = grid_button(
            self, "Add level", "Add a streak level after the last one.", self.add_level
        )
        self.remove_button = grid_button(
            self, "Remove level", "Remove the selected streak levels.", self.remove_selected
        )
        self.message = ProblemLabel(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

    def add_level(self) -> None:
        levels = self.model.levels()
        previous = levels[-1].target_count_of_sequence if levels else None
        count = (previous or 0) + 4
        level = Streak(name=f"Level {len(levels) + 1}", target_count_of_sequence=count)
        self.document.insert_items(LIST_PATH, len(levels), [level], "Add streak level")
        self.table.setCurrentIndex(self.model.index(len(levels), NAME))

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        if rows:
            self.document.remove_items(LIST_PATH, rows, "Remove streak level")

    def show_problems(self, problems: list[Problem]) -> None:
        grouped = problems_by_path(p for p in problems if p.path.startswith(LIST_PATH))
        self.model.set_problems(grouped)
        self.message.show_problems(grouped.get(LIST_PATH, []))

    def focus_path(self, path: str) -> bool:
        steps = parse_path(path)
        if not steps or steps[0] != LIST_PATH:
            return False
        if len(steps) >= 2 and isinstance(steps[1], int) and steps[1] < self.model.rowCount():
            column = COUNT if len(steps) > 2 and steps[2] == "targetCountOfSequence" else NAME
            self.table.setCurrentIndex(self.model.index(steps[1], column))
        self.table.setFocus()
        return True
