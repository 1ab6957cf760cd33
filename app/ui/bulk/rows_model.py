"""The Bulk create table: one line per spreadsheet row, its check, its result and its cells.

The fixed columns are the row number, the name, the check (ready, or the count of errors and
warnings, with the first message) and the result of sending; then one editable column per
column of the file. Editing a cell emits :attr:`BulkRowsModel.cellEdited`; the dialog checks
the row again and hands the new plan back with :meth:`BulkRowsModel.replace`. A row that was
created (or is on its way) cannot be edited any more.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, Qt, Signal
from PySide6.QtWidgets import QApplication, QStyle, QWidget

from app.domain.bulk import RowPlan
from app.ui.widgets.indexes import ROOT_INDEX, AnyIndex

ROW, NAME, CHECK, RESULT = range(4)
FIXED = ("Row", "Name", "Check", "Result")
PLAN_ROLE = Qt.ItemDataRole.UserRole + 1


def check_text(plan: RowPlan) -> str:
    errors = [p for p in plan.problems if p.is_error]
    warnings = [p for p in plan.problems if not p.is_error]
    if not errors and not warnings:
        return "Ready"
    parts = []
    if errors:
        parts.append(f"{len(errors)} error{'s' * (len(errors) != 1)}")
    if warnings:
        parts.append(f"{len(warnings)} warning{'s' * (len(warnings) != 1)}")
    first = (errors or warnings)[0]
    where = f"{first.path}: " if first.path else ""
    return f"{', '.join(parts)}: {where}{first.message}"


class BulkRowsModel(QAbstractTableModel):
    """The rows of one bulk plan, with each row's result once sent.

    Signals:
        cellEdited(int, str, str): the row's index, the column and the new text.
    """

    cellEdited = Signal(int, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns: list[str] = []
        #: The file's column that fills the name: the Name column edits it.
        self.name_column: str | None = None
        self.plans: list[RowPlan] = []
        self.results: dict[int, tuple[str, str, int | None]] = {}  # row number -> (state, text, history id)
        self.locked = False  # while sending, nothing is edited

    # contents ------------------------------------------------------------------

    def set_plan(self, columns: list[str], plans: list[RowPlan], name_column: str | None = None) -> None:
        self.beginResetModel()
        self.columns = list(columns)
        self.name_column = name_column if name_column in columns else None
        self.plans = list(plans)
        self.results = {}
        self.endResetModel()

    def replace(self, index: int, plan: RowPlan) -> None:
        """One row checked again (and every row's check, since names are compared across rows)."""
        self.plans[index] = plan
        self._changed(0, len(self.plans) - 1, CHECK, CHECK)
        self._changed(index, index, 0, self.columnCount() - 1)

    def refresh_checks(self, plans: list[RowPlan]) -> None:
        self.plans = list(plans)
        self._changed(0, len(self.plans) - 1, 0, self.columnCount() - 1)

    def set_result(self, row_number: int, state: str, text: str, history_id: int | None) -> None:
        self.results[row_number] = (state, text, history_id)
        index = self.index_of(row_number)
        if index is not None:
            self._changed(index, index, RESULT, RESULT)

    def index_of(self, row_number: int) -> int | None:
        for i, plan in enumerate(self.plans):
            if plan.row == row_number:
                return i
        return None

    def result(self, index: int) -> tuple[str, str, int | None] | None:
        return self.results.get(self.plans[index].row)

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        self._changed(0, len(self.plans) - 1, 0, self.columnCount() - 1)

    def _changed(self, first: int, last: int, left: int, right: int) -> None:
        if self.plans and last >= first:
            self.dataChanged.emit(self.index(first, left), self.index(last, right))

    # Qt model ------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = ROOT_INDEX) -> int:
        return 0 if parent.isValid() else len(self.plans)

    def columnCount(self, parent: AnyIndex = ROOT_INDEX) -> int:
        return 0 if parent.isValid() else len(FIXED) + len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section < len(FIXED):
            return FIXED[section]
        index = section - len(FIXED)
        return self.columns[index] if index < len(self.columns) else None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self._column_of(index.column()) is not None and self._editable(index.row()):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def _column_of(self, section: int) -> str | None:
        """The file's column a table column edits (the Name column edits the name's column)."""
        if section == NAME:
            return self.name_column
        index = section - len(FIXED)
        return self.columns[index] if 0 <= index < len(self.columns) else None

    def _editable(self, row: int) -> bool:
        if self.locked:
            return False
        result = self.results.get(self.plans[row].row)
        return result is None or result[0] not in ("created", "sending")

    def data(self, index: AnyIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.plans):
            return None
        plan = self.plans[index.row()]
        column = index.column()
        result = self.results.get(plan.row)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == ROW:
                return str(plan.row)
            if column == NAME:
                return (
                    plan.cells.get(self.name_column, plan.name)
                    if role == Qt.ItemDataRole.EditRole and self.name_column
                    else plan.name
                )
            if column == CHECK:
                return check_text(plan)
            if column == RESULT:
                return result[1] if result else ""
            return plan.cells.get(self.columns[column - len(FIXED)], "")
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == CHECK and plan.problems:
                return "\n".join(
                    f"{p.severity.value}: {p.path + ': ' if p.path else ''}{p.message}" for p in plan.problems
                )
            if column == RESULT and result:
                link = "\nDouble-click to see it in the history." if result[2] is not None else ""
                return result[1] + link
            if self._column_of(column) is not None and not self._editable(index.row()):
                return "Sent rows are not edited."
            if column == NAME:
                return (
                    plan.name
                    if self.name_column is None
                    else f"{plan.name}\nDouble-click to edit (column '{self.name_column}')."
                )
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(plan, column, result)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == CHECK:
            return check_text(plan)
        if role == PLAN_ROLE:
            return plan
        return None

    def _icon(self, plan: RowPlan, column: int, result: tuple[str, str, int | None] | None) -> Any:
        style = QApplication.style()
        pixmap = None
        if column == CHECK:
            if any(p.is_error for p in plan.problems):
                pixmap = QStyle.StandardPixmap.SP_MessageBoxCritical
            elif plan.problems:
                pixmap = QStyle.StandardPixmap.SP_MessageBoxWarning
            else:
                pixmap = QStyle.StandardPixmap.SP_DialogApplyButton
        elif column == RESULT and result:
            pixmap = {
                "created": QStyle.StandardPixmap.SP_DialogApplyButton,
                "refused": QStyle.StandardPixmap.SP_MessageBoxCritical,
                "unknown": QStyle.StandardPixmap.SP_MessageBoxQuestion,
            }.get(result[0])
        return style.standardIcon(pixmap) if pixmap is not None else None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = self._column_of(index.column())
        if column is None or not self._editable(index.row()):
            return False
        text = "" if value is None else str(value).strip()
        if self.plans[index.row()].cells.get(column, "") == text:
            return False
        self.cellEdited.emit(index.row(), column, text)
        return True
