"""The target values grid with the operations operators use on whole columns.

* Fill all: every period gets the value typed beside the button.
* Fill down: with several rows selected, the top one's value goes to the others; with
  one row selected, it goes to every row below it (like a spreadsheet's fill down).
* Paste column (Ctrl+V): values copied from a spreadsheet, one per line, starting at the
  selected row (see :mod:`app.ui.editors.target_groups.targets.values_paste` for what is accepted).
* Match periods: give the target exactly one value per period (repeat the last value,
  drop the extra ones), shown only when the counts differ.
* Delete or Backspace: clear the selected values (each period keeps its row).

Each operation is one undo step and either changes everything it says or nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.problems import Problem, Severity
from app.domain.target_groups.replan import realign_default_values
from app.ui.document.document import PayloadDocument
from app.ui.editors.target_groups.document import group_of
from app.ui.editors.target_groups.targets.values_model import VALUE, DefaultValuesModel
from app.ui.editors.target_groups.targets.values_paste import ValueTextError, parse_column, parse_number
from app.ui.widgets.problem_marks import ProblemLabel, severity_color
from app.ui.widgets.tables import editable_table, grid_button, set_column_widths, table_shortcut


class DefaultValuesPanel(QWidget):
    """The grid of one target's values, with Fill all, Fill down, Paste column and Match periods."""

    def __init__(self, document: PayloadDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = DefaultValuesModel(document, self)
        self.table = editable_table(self.model, "Target values", self)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # the period columns are context: they show the day (the whole date-time is in the tooltip)
        set_column_widths(self.table, {0: "Cycle_100", 1: "2026-01-01 ", 2: "2026-01-01 "})
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)

        self.fill_edit = QLineEdit(self)
        self.fill_edit.setPlaceholderText("e.g. 500")
        self.fill_edit.setMaximumWidth(110)
        self.fill_edit.setAccessibleName("Value for Fill all")
        self.fill_edit.setToolTip("The value Fill all gives every period; 1,5 is read as 1.5.")
        self.fill_edit.returnPressed.connect(self.fill_all)
        # a value typed for another payload does not belong to the next one opened
        document.loaded.connect(self.fill_edit.clear)
        fill_label = QLabel("&Value:", self)
        fill_label.setBuddy(self.fill_edit)
        self.fill_all_button = grid_button(self, "Fill &all", "Give every period this value.", self.fill_all)
        self.fill_down_button = grid_button(
            self,
            "Fill &down",
            "Copy the top selected value to the other selected rows, or, with one row selected, "
            "to every row below it (Ctrl+D).",
            self.fill_down,
        )
        self.paste_button = grid_button(
            self,
            "&Paste column",
            "Paste values copied from a spreadsheet, one per line, from the selected row down (Ctrl+V).",
            self.paste_column,
        )
        self.match_button = grid_button(
            self,
            "&Match periods",
            "Give the target exactly one value per period: repeat the last value, drop extra ones.",
            self.match_periods,
        )
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.list_problems = ProblemLabel(self)

        tools = QHBoxLayout()
        tools.addWidget(fill_label)
        tools.addWidget(self.fill_edit)
        tools.addWidget(self.fill_all_button)
        tools.addWidget(self.fill_down_button)
        tools.addWidget(self.paste_button)
        tools.addWidget(self.match_button)
        tools.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.list_problems)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)

        table_shortcut(self.table, QKeySequence.StandardKey.Paste, self.paste_column)
        table_shortcut(self.table, QKeySequence("Ctrl+D"), self.fill_down)
        table_shortcut(self.table, QKeySequence(QKeySequence.StandardKey.Delete), self.clear_selected)
        table_shortcut(self.table, QKeySequence("Backspace"), self.clear_selected)
        self.model.inputRejected.connect(self.show_error)
        self.model.modelReset.connect(self._update_match_button)
        self._update_match_button()

    # showing -------------------------------------------------------------------------

    def set_target(self, index: int | None) -> None:
        self.model.set_target(index)
        self.show_message("")

    def show_problems(self, problems: list[Problem]) -> None:
        self.model.set_problems(problems)
        path = self.model.list_path()
        self.list_problems.show_problems([p for p in problems if path is not None and p.path == path])
        self._update_match_button()

    def show_error(self, text: str) -> None:
        self.show_message(text, error=True)

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {severity_color(Severity.ERROR).name()};" if error else "")
        self.message.setVisible(bool(text))

    def focus_row(self, row: int) -> bool:
        index = self.model.index(row, VALUE)
        if not index.isValid():
            return False
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def _update_match_button(self) -> None:
        self.match_button.setVisible(
            self.model.target is not None and len(self.model.values()) != len(self.model.periods())
        )

    # operations ----------------------------------------------------------------------

    def _selected_rows(self) -> list[int]:
        rows = {index.row() for index in self.table.selectionModel().selectedIndexes()}
        if not rows and self.table.currentIndex().isValid():
            rows.add(self.table.currentIndex().row())
        return sorted(rows)

    def fill_all(self) -> None:
        """Give every period the value typed in the Value box."""
        if self.model.target is None:
            return
        try:
            number = parse_number(self.fill_edit.text())
        except ValueTextError as exc:
            self.show_error(f"Fill all: {exc}")
            self.fill_edit.setFocus()
            return
        rows = max(len(self.model.periods()), len(self.model.values()))
        if rows == 0:
            self.show_error("Fill all: the group has no periods yet; add or plan periods first.")
            return
        self.model.write_values(dict.fromkeys(range(rows), number), "Fill all")
        self.show_message(f"Filled {rows} periods with {self.fill_edit.text().strip()}.")

    def fill_down(self) -> None:
        """Copy the top selected value down (see the module docstring)."""
        rows = self._selected_rows()
        if not rows:
            self.show_error("Fill down: select the row whose value to copy first.")
            return
        values = self.model.values()
        top = rows[0]
        source = values[top].default_value if top < len(values) else None
        if source is None:
            self.show_error(f"Fill down: row {top + 1} has no value to copy.")
            return
        targets = rows[1:] if len(rows) > 1 else list(range(top + 1, self.model.rowCount()))
        if not targets:
            self.show_message("Fill down: there is no row below to fill.")
            return
        self.model.write_values(dict.fromkeys(targets, source), "Fill down")
        self.show_message(f"Copied {source} to {len(targets)} rows.")

    def clear_selected(self) -> None:
        """Delete or Backspace: clear the selected values, as one undo step."""
        if self.model.target is None:
            return
        present = len(self.model.values())
        rows = [row for row in self._selected_rows() if row < present]
        if not rows:
            return
        self.model.write_values(dict.fromkeys(rows, None), "Clear values")
        self.show_message(f"Cleared {len(rows)} value{'s' * (len(rows) != 1)}.")

    def paste_column(self) -> None:
        """Paste a column of values from the clipboard, starting at the selected row."""
        if self.model.target is None:
            return
        rows = self._selected_rows()
        start = rows[0] if rows else 0
        try:
            numbers = parse_column(QGuiApplication.clipboard().text())
        except ValueTextError as exc:
            self.show_error(f"Paste: {exc}")
            return
        available = self.model.rowCount() - start
        if len(numbers) > available:
            self.show_error(
                f"Paste: the clipboard holds {len(numbers)} values but only {available} periods "
                f"follow row {start + 1}. Nothing was pasted; select an earlier row or paste fewer values."
            )
            return
        self.model.write_values(
            {start + offset: number for offset, number in enumerate(numbers)}, "Paste values"
        )
        last = start + len(numbers) - 1
        self.show_message(f"Pasted {len(numbers)} values into rows {start + 1} to {last + 1}.")
        selection = self.table.selectionModel()
        selection.select(self.model.index(start, VALUE), QItemSelectionModel.SelectionFlag.ClearAndSelect)
        for row in range(start + 1, last + 1):
            selection.select(self.model.index(row, VALUE), QItemSelectionModel.SelectionFlag.Select)

    def match_periods(self) -> None:
        """Make the value count equal the period count (repeat the last value, drop extras)."""
        targets = group_of(self.document).targets or []
        path = self.model.list_path()
        if self.model.target is None or path is None or self.model.target >= len(targets):
            return
        copy = targets[self.model.target].model_copy(deep=True)
        report = realign_default_values(copy, self.model.target, len(self.model.periods()))
        self.document.replace_list(path, list(copy.default_values or []), "Match periods")
        parts = [f"{report.added} added", f"{report.dropped} dropped"]
        if report.unfilled:
            parts.append(f"{report.unfilled} still to enter")
        self.show_message("Match periods: " + ", ".join(parts) + ".")
