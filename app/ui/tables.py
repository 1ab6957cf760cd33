"""The table view every editable grid of the form uses (periods, target values, filters)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget


def editable_table(model: QAbstractItemModel, name: str, parent: QWidget) -> QTableView:
    """A table over ``model`` that starts editing on double-click, F2 or simply typing.

    Typing straight into a cell is what operators coming from spreadsheets expect; the
    accessible name is the label screen readers announce.
    """
    table = QTableView(parent)
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    table.setWordWrap(False)
    return table


def set_column_widths(table: QTableView, samples: dict[int, str]) -> None:
    """Give each column room for its header and its sample text in the table's own font.

    Widths follow the font rather than fixed pixels, so a larger font or a 200 % display
    setting does not clip the headers or the values.
    """
    metrics = table.fontMetrics()
    header = table.horizontalHeader()
    padding = 2 * metrics.horizontalAdvance("M")
    for column, sample in samples.items():
        table.setColumnWidth(
            column, max(header.sectionSizeHint(column), metrics.horizontalAdvance(sample) + padding)
        )
