"""The periods as a table: one row per period of the open payload, edited through the document.

The model holds no copy of the periods: it reads ``group_of(document).periods`` and writes
with :meth:`PayloadDocument.set_value`, so undo, the preview and the problems all follow.
A change to one field repaints one cell (a group with hundreds of periods stays quick);
only structural changes (the list replaced) reset the model.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QObject, Qt

from app.domain.enums import PeriodStatus, help_text, label
from app.domain.fields import field_title
from app.domain.problems import Problem
from app.domain.target_groups.models import Period
from app.domain.wirepath import first_step, split_item
from app.ui.document.document import PayloadDocument
from app.ui.editors.target_groups.document import group_of
from app.ui.widgets.delegates import CellProblems
from app.ui.widgets.indexes import ROOT_INDEX, AnyIndex

#: Column order: (python field name, wire name).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("ref_code", "refCode"),
    ("start_date", "startDate"),
    ("end_date", "endDate"),
    ("period_status", "periodStatus"),
    ("active", "active"),
    ("description", "description"),
)
REF_CODE, START, END, STATUS, ACTIVE, DESCRIPTION = range(len(COLUMNS))
WIRE_COLUMNS = {wire: column for column, (_, wire) in enumerate(COLUMNS)}


class PeriodsTableModel(QAbstractTableModel):
    """Rows are ``group_of(document).periods``; columns are :data:`COLUMNS`."""

    def __init__(self, document: PayloadDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._count = len(self._periods())
        self.marks = CellProblems(WIRE_COLUMNS, default_column=REF_CODE)
        document.changed.connect(self._on_document_changed)
        document.locksChanged.connect(self._locks_changed)

    def _locks_changed(self) -> None:
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, len(COLUMNS) - 1))

    def lock_of(self, index: AnyIndex) -> str | None:
        """Why the cell cannot change now (a period of a group on its server), or ``None``."""
        if not self.document.locks:
            return None
        return self.document.lock_of(f"periods[{index.row()}].{COLUMNS[index.column()][1]}")

    def _periods(self) -> list[Period]:
        return group_of(self.document).periods or []

    # shape ---------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = ROOT_INDEX) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: AnyIndex = ROOT_INDEX) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 <= section < len(COLUMNS):
            return None
        name = COLUMNS[section][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return field_title(Period, name)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{Period.model_fields[name].description} ({COLUMNS[section][1]})"
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.lock_of(index) is not None:
            return base  # read-only; the tooltip says why
        if index.column() == ACTIVE:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    # reading -------------------------------------------------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        periods = self._periods()
        row, column = index.row(), index.column()
        if row >= len(periods):
            return None
        value = getattr(periods[row], COLUMNS[column][0])
        if role == Qt.ItemDataRole.ToolTipRole and (locked := self.lock_of(index)) is not None:
            return f"Locked: {locked}"
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole):
            marked = self.marks.data(row, column, role)
            if marked is not None or role == Qt.ItemDataRole.BackgroundRole:
                return marked
            return self._plain_tooltip(column, value)
        if column == ACTIVE:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.DisplayRole:
                return "Yes" if value else ("No" if value is False else "(not set)")
            return value if role == Qt.ItemDataRole.EditRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == STATUS:
                return label(value) if isinstance(value, PeriodStatus) else ""
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        return None

    @staticmethod
    def _plain_tooltip(column: int, value: Any) -> str | None:
        if column == STATUS and isinstance(value, PeriodStatus):
            return f"{value.value}: {help_text(value)}"
        if column == ACTIVE and value is None:
            return "Not set: left out of the payload. Tick to make the period active."
        if column in (START, END):
            return "Double-click or press F2 to pick a date in a calendar."
        return None

    # writing -------------------------------------------------------------------

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.row() >= len(self._periods()):
            return False
        column = index.column()
        if column == ACTIVE:
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            new: Any = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        elif isinstance(value, str) and not isinstance(value, StrEnum):
            new = value.strip() or None
        else:
            new = value
        self.document.set_value(self.path(index.row(), column), new)
        return True

    def path(self, row: int, column: int) -> str:
        """The wire path a cell shows, e.g. ``periods[3].startDate``."""
        return f"periods[{row}].{COLUMNS[column][1]}"

    # following the document ----------------------------------------------------

    def _on_document_changed(self, path: str) -> None:
        item = split_item(path, "periods")
        field = first_step(item[1]) if item else ""
        if item is None or not field:
            if path in ("", "periods") or item is not None:
                self.beginResetModel()
                self._count = len(self._periods())
                self.endResetModel()
            return
        row = item[0]
        if row >= self._count:
            return
        column = WIRE_COLUMNS.get(field)
        first, last = (column, column) if column is not None else (0, len(COLUMNS) - 1)
        self.dataChanged.emit(self.index(row, first), self.index(row, last))

    def set_problems(self, problems: list[Problem]) -> None:
        """Mark the cells that have problems (and clear the marks that went away)."""
        changed = self.marks.update("periods", problems)
        changed = {row for row in changed if row < self._count}
        if changed:
            roles = [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole]
            self.dataChanged.emit(
                self.index(min(changed), 0), self.index(max(changed), len(COLUMNS) - 1), roles
            )
