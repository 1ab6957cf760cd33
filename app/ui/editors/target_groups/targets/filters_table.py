"""A target's filters as a small table: entity type and the ids that count.

Ids are typed as a list (``101, 102 103``); anything that is not a whole number is
refused with a message naming it, and the filter keeps its previous ids.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import FilterEntityType, help_text, label
from app.domain.fields import field_title
from app.domain.problems import Problem, Severity
from app.domain.target_groups.models import Filter
from app.domain.wirepath import first_step, split_item
from app.ui.document.document import PayloadDocument
from app.ui.editors.target_groups.document import group_of
from app.ui.widgets.delegates import CellProblems, EnumComboDelegate
from app.ui.widgets.indexes import ROOT_INDEX, AnyIndex
from app.ui.widgets.problem_marks import severity_color
from app.ui.widgets.tables import editable_table, grid_button

ENTITY_TYPE, ENTITY_IDS = range(2)
_FIELDS = (("entity_type", "entityType"), ("entity_ids", "entityIds"))
_SEPARATORS = re.compile(r"[\s,;]+")


class IdsTextError(ValueError):
    """Typed ids that are not a list of whole numbers."""


def parse_ids(text: str) -> list[int]:
    """``"101, 102 103"`` -> ``[101, 102, 103]``.

    Raises:
        IdsTextError: a piece is not a whole number (the message names it).
    """
    ids = []
    for piece in _SEPARATORS.split(text.strip()):
        if not piece:
            continue
        if not re.fullmatch(r"\d{1,18}", piece):
            raise IdsTextError(f"'{piece}' is not an id; ids are whole numbers separated by commas.")
        ids.append(int(piece))
    return ids


class FiltersTableModel(QAbstractTableModel):
    """The filters of the target at :attr:`target`.

    Signals:
        inputRejected(str): typed ids were refused; the message says why.
    """

    inputRejected = Signal(str)

    def __init__(self, document: PayloadDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.target: int | None = None
        self._count = 0
        self._problems: list[Problem] = []
        self.marks = CellProblems({"entityType": ENTITY_TYPE, "entityIds": ENTITY_IDS}, ENTITY_TYPE)
        document.changed.connect(self._on_document_changed)

    def set_target(self, index: int | None) -> None:
        self.beginResetModel()
        self.target = index
        self._count = len(self.filters())
        self.marks.update(self.list_path(), self._problems)
        self.endResetModel()

    def list_path(self) -> str | None:
        return None if self.target is None else f"targets[{self.target}].filters"

    def filters(self) -> list[Filter]:
        path = self.list_path()
        return list(self.document.value(path) or []) if path else []

    def rowCount(self, parent: AnyIndex = ROOT_INDEX) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: AnyIndex = ROOT_INDEX) -> int:
        return 0 if parent.isValid() else len(_FIELDS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 <= section < len(_FIELDS):
            return None
        name = _FIELDS[section][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return field_title(Filter, name)
        if role == Qt.ItemDataRole.ToolTipRole:
            return Filter.model_fields[name].description
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        filters = self.filters()
        if not index.isValid() or index.row() >= min(self._count, len(filters)):
            return None
        row, column = index.row(), index.column()
        item = filters[row]
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole):
            marked = self.marks.data(row, column, role)
            if marked is None and role == Qt.ItemDataRole.ToolTipRole and column == ENTITY_TYPE:
                return help_text(item.entity_type) if item.entity_type else None
            return marked
        if column == ENTITY_TYPE:
            if role == Qt.ItemDataRole.DisplayRole:
                return label(item.entity_type) if item.entity_type else ""
            return item.entity_type if role == Qt.ItemDataRole.EditRole else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return ", ".join(str(i) for i in item.entity_ids or [])
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        path = self.list_path()
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or path is None:
            return False
        row = index.row()
        if index.column() == ENTITY_TYPE:
            new: Any = value if isinstance(value, FilterEntityType) or value is None else None
        else:
            try:
                new = parse_ids(str(value or ""))
            except IdsTextError as exc:
                self.inputRejected.emit(f"Filter {row + 1}: {exc} The ids were not changed.")
                return False
        self.document.set_value(f"{path}[{row}].{_FIELDS[index.column()][1]}", new)
        return True

    def _on_document_changed(self, path: str) -> None:
        prefix = self.list_path()
        if prefix is None:
            return
        if path in ("", "targets", prefix):
            self.beginResetModel()
            if self.target is not None and self.target >= len(group_of(self.document).targets or []):
                self.target = None
            self._count = len(self.filters())
            self.endResetModel()
            return
        item = split_item(path, prefix)
        field = first_step(item[1]) if item else ""
        if item is not None and field in ("entityType", "entityIds") and item[0] < self._count:
            index = self.index(item[0], ENTITY_TYPE if field == "entityType" else ENTITY_IDS)
            self.dataChanged.emit(index, index)

    def set_problems(self, problems: list[Problem]) -> None:
        self._problems = problems
        changed = {row for row in self.marks.update(self.list_path(), problems) if row < self._count}
        if changed:
            roles = [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole]
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), 1), roles)


class FiltersPanel(QWidget):
    """The filters table with Add and Remove."""

    def __init__(self, document: PayloadDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = FiltersTableModel(document, self)
        self.table = editable_table(self.model, field_title(Filter, "entity_ids"), self)
        self.table.setWordWrap(True)
        self.table.setItemDelegateForColumn(
            ENTITY_TYPE, EnumComboDelegate(list(FilterEntityType), parent=self)
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(ENTITY_TYPE, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(ENTITY_TYPE, 120)
        row_height = self.table.fontMetrics().height() + 8
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        self.table.setMinimumHeight(row_height * 4)
        self.table.setMaximumHeight(row_height * 7)
        self.add_button = grid_button(
            self, "Add &filter", "Add a filter (a store, zone or concept list).", self.add
        )
        self.remove_button = grid_button(
            self, "Remove filter", "Remove the selected filter.", self.remove_selected
        )
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {severity_color(Severity.ERROR).name()};")
        self.message.hide()
        self.model.inputRejected.connect(self._show_error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def set_target(self, index: int | None) -> None:
        self.model.set_target(index)
        self._show_error("")

    def _show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def add(self) -> None:
        path = self.model.list_path()
        if path is None:
            return
        count = len(self.model.filters())
        self.document.insert_items(path, count, [Filter(entity_type=FilterEntityType.STORE)], "Add filter")
        index = self.model.index(count, ENTITY_IDS)
        self.table.setCurrentIndex(index)
        self.table.setFocus()

    def remove_selected(self) -> None:
        path = self.model.list_path()
        rows = sorted({i.row() for i in self.table.selectionModel().selectedIndexes()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        if path is None or not rows:
            return
        if len(rows) == len(self.model.filters()):
            self.document.set_value(path, None)  # no filters left: leave the field out again
        else:
            self.document.remove_items(path, rows, "Remove filter")

    def focus_cell(self, row: int, field: str | None) -> bool:
        index = self.model.index(row, ENTITY_IDS if field == "entityIds" else ENTITY_TYPE)
        if not index.isValid():
            return False
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.setCurrentIndex(index)
        return True

    def show_problems(self, problems: list[Problem]) -> None:
        self.model.set_problems(problems)
