"""What every editable grid of the form uses (periods, target values, filters): the table, its
buttons and its keyboard shortcuts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QPushButton, QTableView, QWidget

from app.ui.widgets.focus import leave_at_edges


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
    leave_at_edges(table)
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


def grid_button(parent: QWidget, text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
    """A push button with a tooltip that calls ``slot`` (without Qt's ``checked`` argument)."""
    button = QPushButton(text, parent)
    button.setToolTip(tip)
    button.clicked.connect(lambda _checked=False: slot())
    return button


def table_shortcut(
    table: QTableView, keys: QKeySequence | QKeySequence.StandardKey, slot: Callable[[], object]
) -> None:
    """A shortcut that works while ``table`` has the focus (Delete, Ctrl+D, Ctrl+V...)."""
    action = QAction(table)
    action.setShortcut(keys)
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(lambda _checked=False: slot())
    table.addAction(action)
