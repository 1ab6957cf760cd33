"""The Periods tab: the periods table, its row operations, and the way to the period planner.

Targets hold one value per period, by position. Adding, removing or moving a period
by hand therefore does the same to every target's values in the same undo step, so
the Targets tab never shows a value against the wrong period.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.domain.dates import zone_or_none
from app.domain.enums import PeriodStatus
from app.domain.problems import Problem
from app.domain.target_groups.models import DefaultValue, Period
from app.domain.wirepath import first_step, split_item
from app.ui.document.document import PayloadDocument
from app.ui.editors.target_groups.document import group_of
from app.ui.editors.target_groups.periods.periods_model import (
    COLUMNS,
    END,
    REF_CODE,
    START,
    STATUS,
    WIRE_COLUMNS,
    PeriodsTableModel,
)
from app.ui.editors.target_groups.periods.plan_dialog import PlanDialog
from app.ui.widgets.delegates import DateTimeDelegate, EnumComboDelegate, format_like, split_wire_datetime
from app.ui.widgets.problem_marks import ProblemLabel
from app.ui.widgets.tables import editable_table, grid_button, set_column_widths, table_shortcut

_TRAILING_NUMBER = re.compile(r"^(.*?)(\d+)$")

#: Length of a first period added to an empty group (the operator edits it, or plans instead).
FIRST_PERIOD_DAYS = 30


class PeriodsTab(QWidget):
    """The periods of the open payload as an editable table.

    Signals:
        statusMessage(str): something the operator should read (e.g. what a plan changed).
    """

    statusMessage = Signal(str)

    def __init__(self, document: PayloadDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = PeriodsTableModel(document, self)
        self.table = editable_table(self.model, "Periods", self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setAlternatingRowColors(True)
        zone = lambda: group_of(self.document).time_zone_name  # noqa: E731
        self._date_delegate = DateTimeDelegate(zone, end_columns=(END,), parent=self)
        self._status_delegate = EnumComboDelegate(list(PeriodStatus), parent=self)
        self.table.setItemDelegateForColumn(START, self._date_delegate)
        self.table.setItemDelegateForColumn(END, self._date_delegate)
        self.table.setItemDelegateForColumn(STATUS, self._status_delegate)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        date = "2027-01-01T00:00:00.000+05:30 "  # the planner's form, offset included
        set_column_widths(self.table, {REF_CODE: "Cycle_100", START: date, END: date, STATUS: "Not started"})
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)

        self.list_problems = ProblemLabel(self)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info.hide()

        buttons = QHBoxLayout()
        self.add_button = grid_button(
            self, "&Add", "Add a period after the last one, of the same length.", self.add
        )
        self.insert_button = grid_button(
            self, "&Insert", "Insert an empty period above the selected one.", self.insert
        )
        self.remove_button = grid_button(
            self,
            "&Remove",
            "Remove the selected periods and their target values (Delete).",
            self.remove_selected,
        )
        self.up_button = grid_button(self, "Move &up", "Move the selected period up (Ctrl+Up).", self.move_up)
        self.down_button = grid_button(
            self, "Move d&own", "Move the selected period down (Ctrl+Down).", self.move_down
        )
        self.plan_button = grid_button(
            self,
            "&Plan periods...",
            "Lay out periods from a start, a count or an end, and a unit.",
            self.open_planner,
        )
        for button in (self.add_button, self.insert_button, self.remove_button, self.up_button):
            buttons.addWidget(button)
        buttons.addWidget(self.down_button)
        buttons.addStretch(1)
        buttons.addWidget(self.plan_button)

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.list_problems)
        layout.addWidget(self.info)
        layout.addWidget(self.table, 1)
        table_shortcut(self.table, QKeySequence.StandardKey.Delete, self.remove_selected)
        table_shortcut(self.table, QKeySequence("Ctrl+Up"), self.move_up)
        table_shortcut(self.table, QKeySequence("Ctrl+Down"), self.move_down)
        self.setTabOrder(self.add_button, self.insert_button)
        self.setTabOrder(self.down_button, self.plan_button)
        self.setTabOrder(self.plan_button, self.table)
        self.planner: PlanDialog | None = None

    # contract with the main window ---------------------------------------------

    def focus_path(self, path: str) -> bool:
        """Select the cell that shows ``path`` (``periods[3].startDate``); False if there is none."""
        item = split_item(path, "periods")
        if item is None and path != "periods":
            return False
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if item is None:
            return True
        row = item[0]
        if row >= self.model.rowCount():
            return False
        column = WIRE_COLUMNS.get(first_step(item[1]), REF_CODE)
        index = self.model.index(row, column)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def show_problems(self, problems: list[Problem]) -> None:
        """Mark the cells with problems; problems about the whole list go above the table."""
        self.model.set_problems(problems)
        self.list_problems.show_problems([p for p in problems if p.path == "periods"])

    def open_planner(self, now: datetime | None = None) -> PlanDialog:
        """Open the period planner (window-modal; it applies itself as one undo step)."""
        from app.ui.widgets.dialogs import open_freed

        dialog = PlanDialog(self.document, self, now=now)
        dialog.applied.connect(self._on_plan_applied)
        self.planner = open_freed(dialog, self.planner)
        return dialog

    def _on_plan_applied(self, lines: list[str]) -> None:
        self.show_info("\n".join(lines))

    def show_info(self, text: str) -> None:
        """A message above the table (and in the status bar, if the window shows ours)."""
        self.info.setText(text)
        self.info.setVisible(bool(text))
        self.statusMessage.emit(text.splitlines()[0] if text else "")

    # row operations --------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        rows = {index.row() for index in self.table.selectionModel().selectedIndexes()}
        current = self.table.currentIndex()
        if not rows and current.isValid():
            rows.add(current.row())
        return sorted(rows)

    def _current_row(self) -> int | None:
        current = self.table.currentIndex()
        if current.isValid():
            return current.row()
        rows = self.selected_rows()
        return rows[0] if rows else None

    def _periods(self) -> list[Period]:
        return list(group_of(self.document).periods or [])

    def add(self) -> None:
        """Append a period that follows the last one and lasts as long."""
        periods = self._periods()
        period = following_period(periods[-1] if periods else None, group_of(self.document).time_zone_name)
        period.ref_code = unique_ref_code(_codes(periods), _text(periods[-1].ref_code) if periods else None)
        self._insert(len(periods), period, "Add period")

    def insert(self) -> None:
        """Insert an empty period (only a refCode) above the current row, for the operator to date."""
        periods = self._periods()
        row = self._current_row()
        row = len(periods) if row is None else row
        period = Period(active=True, ref_code=unique_ref_code(_codes(periods), None))
        self._insert(row, period, "Insert period")

    def _insert(self, row: int, period: Period, text: str) -> None:
        def with_value(values: list[DefaultValue]) -> list[DefaultValue]:
            if row > len(values):
                return values
            source = values[row - 1] if row > 0 else (values[0] if values else None)
            fill = source.default_value if source is not None else None
            new = DefaultValue(default_value=fill) if fill is not None else DefaultValue()
            return [*values[:row], new, *values[row:]]

        stack = self.document.undo_stack
        stack.beginMacro(text)
        self.document.insert_items("periods", row, [period], text)
        self._align_targets(with_value, text)
        stack.endMacro()
        self._select_row(row)

    def remove_selected(self) -> None:
        """Remove the selected periods and, with them, each target's value for them."""
        rows = self.selected_rows()
        if not rows:
            self.show_info("Select the periods to remove first.")
            return
        drop = set(rows)
        text = "Remove period" if len(rows) == 1 else f"Remove {len(rows)} periods"
        stack = self.document.undo_stack
        stack.beginMacro(text)
        self.document.remove_items("periods", rows, text)
        self._align_targets(lambda values: [v for i, v in enumerate(values) if i not in drop], text)
        stack.endMacro()
        if self.model.rowCount():
            self._select_row(min(rows[0], self.model.rowCount() - 1))

    def move_up(self) -> None:
        self._move(-1)

    def move_down(self) -> None:
        self._move(+1)

    def _move(self, step: int) -> None:
        row = self._current_row()
        if row is None or not 0 <= row + step < self.model.rowCount():
            return
        target = row + step

        def moved(values: list[DefaultValue]) -> list[DefaultValue]:
            if max(row, target) >= len(values):
                return values
            values = list(values)
            values.insert(target, values.pop(row))
            return values

        column = self.table.currentIndex().column()
        stack = self.document.undo_stack
        stack.beginMacro("Move period")
        self.document.move_item("periods", row, target, "Move period")
        self._align_targets(moved, "Move period")
        stack.endMacro()
        self._select_row(target, max(column, 0))

    def _align_targets(self, edit: Callable[[list[DefaultValue]], list[DefaultValue]], text: str) -> None:
        for index, target in enumerate(group_of(self.document).targets or []):
            if target.default_values is None:
                continue
            values = edit(list(target.default_values))
            if values != target.default_values:
                self.document.replace_list(f"targets[{index}].defaultValues", values, text)

    def _select_row(self, row: int, column: int = 0) -> None:
        index = self.model.index(row, column)
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.table.scrollTo(index)


def following_period(previous: Period | None, zone_name: str | None) -> Period:
    """A period starting right after ``previous`` ends and lasting as long (30 days without one).

    Dates keep the shape of the previous period's text (plain dates stay plain dates,
    offsets follow the group's zone), so a hand-made list stays consistent.
    """
    start = split_wire_datetime(previous.start_date) if previous else None
    end = split_wire_datetime(previous.end_date) if previous else None
    if previous is None or start is None or end is None:
        zone = zone_or_none(zone_name)
        today = datetime.now(zone).replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
        last = today + timedelta(days=FIRST_PERIOD_DAYS - 1)
        return Period(
            active=True,
            start_date=format_like(None, today, zone_name),
            end_date=format_like(
                None, last.replace(hour=23, minute=59, second=59, microsecond=999000), zone_name
            ),
            period_status=PeriodStatus.NOT_STARTED,
        )
    assert previous.start_date is not None and previous.end_date is not None
    (start_wall, start_plain, _), (end_wall, end_plain, _) = start, end
    step = timedelta(days=1) if end_plain else timedelta(milliseconds=1)
    new_start = end_wall + step
    length = end_wall - start_wall if start_plain == end_plain else timedelta(days=FIRST_PERIOD_DAYS - 1)
    new_end = new_start + length
    return Period(
        active=previous.active if previous.active is not None else True,
        start_date=format_like(previous.start_date, new_start, zone_name),
        end_date=format_like(previous.end_date, new_end, zone_name),
        period_status=PeriodStatus.NOT_STARTED,
    )


def unique_ref_code(existing: list[str | None], after: str | None) -> str:
    """The refCode after ``after`` (``TP2`` -> ``TP3``), or ``Cycle_N``, never one already used."""
    used = {(code or "").casefold() for code in existing}
    match = _TRAILING_NUMBER.match(after or "")
    prefix, number = (match.group(1), int(match.group(2)) + 1) if match else ("Cycle_", len(existing) + 1)
    while f"{prefix}{number}".casefold() in used:
        number += 1
    return f"{prefix}{number}"


__all__ = ["COLUMNS", "PeriodsTab", "following_period", "unique_ref_code"]


def _text(code: str | int | None) -> str | None:
    """A refCode as text (working examples send numbers too)."""
    return None if code is None else str(code)


def _codes(periods: list[Period]) -> list[str | None]:
    return [_text(p.ref_code) for p in periods]
