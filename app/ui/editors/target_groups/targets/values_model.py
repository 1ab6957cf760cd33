"""One target's values as a grid: one row per period (refCode, dates) and the value to reach.

Values belong to periods by position, so a row shows the period and the value at the
same index. A period without a value, or a value without a period, is shown as such
(and marked) rather than hidden: the operator must see what is out of line.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QObject, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from app.domain.fields import field_title
from app.domain.problems import Problem, Severity
from app.domain.target_groups.models import DefaultValue, Period
from app.domain.wirepath import split_item
from app.ui.document.document import PayloadDocument
from app.ui.editors.target_groups.document import group_of
from app.ui.editors.target_groups.targets.values_paste import ValueTextError, format_number, parse_number
from app.ui.widgets.delegates import CellProblems
from app.ui.widgets.indexes import ROOT_INDEX, AnyIndex
from app.ui.widgets.problem_marks import severity_brush

REF_CODE, START, END, VALUE = range(4)
HEADERS = (
    field_title(Period, "ref_code"),
    field_title(Period, "start_date"),
    field_title(Period, "end_date"),
    field_title(DefaultValue, "default_value"),
)
_PERIOD_FIELDS = ("ref_code", "start_date", "end_date")
_PERIOD_SHOWN = ("refCode", "startDate", "endDate")
NO_PERIOD = "(no period)"


class DefaultValuesModel(QAbstractTableModel):
    """The ``defaultValues`` of the target at :attr:`target` beside the group's periods.

    Signals:
        inputRejected(str): a typed value was refused; the message says why and where.
    """

    inputRejected = Signal(str)

    def __init__(self, document: PayloadDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.target: int | None = None
        self._count = 0
        self._problems: list[Problem] = []
        self.marks = CellProblems({"defaultValue": VALUE}, default_column=VALUE)
        document.changed.connect(self._on_document_changed)
        document.locksChanged.connect(self._locks_changed)

    # which target ----------------------------------------------------------------

    def set_target(self, index: int | None) -> None:
        """Show the values of target ``index`` (``None``: no target, no rows)."""
        self.beginResetModel()
        self.target = index
        self._count = self._row_count()
        self.marks.update(self.list_path(), self._problems)
        self.endResetModel()

    def list_path(self) -> str | None:
        return None if self.target is None else f"targets[{self.target}].defaultValues"

    def values(self) -> list[DefaultValue]:
        path = self.list_path()
        return list(self.document.value(path) or []) if path else []

    def periods(self) -> list[Period]:
        return group_of(self.document).periods or []

    def _row_count(self) -> int:
        if self.target is None or self.target >= len(group_of(self.document).targets or []):
            return 0
        return max(len(self.periods()), len(self.values()))

    # shape -------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = ROOT_INDEX) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: AnyIndex = ROOT_INDEX) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            if (
                role == Qt.ItemDataRole.ToolTipRole
                and orientation == Qt.Orientation.Horizontal
                and section == VALUE
            ):
                return DefaultValue.model_fields["default_value"].description
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return HEADERS[section] if 0 <= section < len(HEADERS) else None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() != VALUE or self.lock_of(index) is not None:
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def _locks_changed(self) -> None:
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, VALUE))

    def lock_of(self, index: AnyIndex) -> str | None:
        return self.lock_at(index.row())

    def lock_at(self, row: int) -> str | None:
        """Why the value cannot change now (an ended period of a group on its server), or ``None``."""
        path = self.list_path()
        if not self.document.locks or path is None:
            return None
        return self.document.lock_of(f"{path}[{row}].defaultValue")

    # reading -----------------------------------------------------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._count:
            return None
        row, column = index.row(), index.column()
        if column == VALUE:
            return self._value_data(row, role)
        periods = self.periods()
        period = periods[row] if row < len(periods) else None
        text = str(getattr(period, _PERIOD_FIELDS[column]) or "") if period is not None else ""
        if role == Qt.ItemDataRole.DisplayRole:
            if period is None:
                return NO_PERIOD if column == REF_CODE else ""
            # the dates only say which period this is: the day, with the whole text in the tooltip
            return text[:10] if column != REF_CODE and len(text) > 10 and text[10] == "T" else text
        if role == Qt.ItemDataRole.ForegroundRole:
            return QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.ToolTipRole:
            if period is None:
                return "This value has no period: the target has more values than the group has periods."
            return text or None
        return None

    def _value_data(self, row: int, role: int) -> Any:
        values = self.values()
        item = values[row] if row < len(values) else None
        value = item.default_value if item is not None else None
        if role == Qt.ItemDataRole.DisplayRole:
            return format_number(value)
        if role == Qt.ItemDataRole.EditRole:
            return format_number(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and (locked := self.lock_at(row)) is not None:
            return f"Locked: {locked}"
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole):
            marked = self.marks.data(row, VALUE, role)
            if marked is not None:
                return marked
            if item is None:
                if role == Qt.ItemDataRole.BackgroundRole:
                    return severity_brush(Severity.ERROR)
                return "No value for this period yet: type one, paste a column or use Fill all."
        return None

    # writing -----------------------------------------------------------------------

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != VALUE:
            return False
        row = index.row()
        text = "" if value is None else str(value)
        number: int | float | None = None
        if text.strip():
            try:
                number = parse_number(text)
            except ValueTextError as exc:
                self.inputRejected.emit(f"Row {row + 1}: {exc} The value was not changed.")
                return False
        self.write_values({row: number}, "Edit target value")
        return True

    def write_values(self, changes: dict[int, int | float | None], text: str) -> None:
        """Set the values of some rows; one field edit when possible, else one list replacement."""
        path = self.list_path()
        changes = {row: value for row, value in changes.items() if self.lock_at(row) is None}  # locked: kept
        if path is None or not changes:
            return
        values = self.values()
        if len(changes) == 1:
            row, number = next(iter(changes.items()))
            if row < len(values):
                self.document.set_value(f"{path}[{row}].defaultValue", number)
                return
        new = list(values)
        while len(new) <= max(changes):
            new.append(DefaultValue())
        for row, number in changes.items():
            item = new[row].model_copy()
            if number is None:
                item.default_value = None
                item.model_fields_set.discard("default_value")
            else:
                item.default_value = number
            new[row] = item
        self.document.replace_list(path, new, text)

    # following the document --------------------------------------------------------

    def _on_document_changed(self, path: str) -> None:
        if self.target is None:
            return
        list_path = self.list_path()
        value = split_item(path, list_path) if list_path else None
        if value is not None and value[1] == "defaultValue":
            row = value[0]
            if row < self._count:
                self.dataChanged.emit(self.index(row, VALUE), self.index(row, VALUE))
            return
        period = split_item(path, "periods")
        if period is not None and period[1] in _PERIOD_SHOWN:
            row = period[0]
            if row < self._count:
                self.dataChanged.emit(self.index(row, REF_CODE), self.index(row, END))
            return
        if path in ("", "periods", "targets", self.list_path()):
            self.beginResetModel()
            if self.target is not None and self.target >= len(group_of(self.document).targets or []):
                self.target = None
            self._count = self._row_count()
            self.endResetModel()

    def set_problems(self, problems: list[Problem]) -> None:
        """Mark the value cells that have problems."""
        self._problems = problems
        changed = {row for row in self.marks.update(self.list_path(), problems) if row < self._count}
        if changed:
            roles = [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole]
            self.dataChanged.emit(self.index(min(changed), VALUE), self.index(max(changed), VALUE), roles)
