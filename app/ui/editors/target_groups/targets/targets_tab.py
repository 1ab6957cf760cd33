"""The Targets tab: the list of targets, and for the selected one its form, condition,
filters and one value per period.

Everything edits the open document; the tab only decides which target is shown and
keeps that choice sensible when targets are added, removed, moved or undone.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import EnrolmentMethod, TargetEntity, TargetType
from app.domain.expression import ALWAYS_TRUE_JSON
from app.domain.problems import Problem
from app.domain.target_groups.models import DefaultValue, Target
from app.domain.wirepath import first_step, split_item
from app.ui.document.document import PayloadDocument
from app.ui.editors.target_groups.document import group_of
from app.ui.editors.target_groups.targets.filters_table import FiltersPanel
from app.ui.editors.target_groups.targets.targets_form import TargetForm
from app.ui.editors.target_groups.targets.targets_list_model import TargetsListModel
from app.ui.editors.target_groups.targets.values_panel import DefaultValuesPanel
from app.ui.widgets.expression_builder import ExpressionBuilder
from app.ui.widgets.problem_marks import ProblemLabel
from app.ui.widgets.tables import grid_button


class TargetsTab(QWidget):
    """The targets of the open payload."""

    def __init__(self, document: PayloadDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.list_model = TargetsListModel(document, self)
        self.list = QListView(self)
        self.list.setModel(self.list_model)
        self.list.setAccessibleName("Targets")
        self.list.selectionModel().currentChanged.connect(
            lambda current, _old: self._show_target(current.row())
        )
        self.add_button = grid_button(self, "&Add", "Add a target with one empty value per period.", self.add)
        self.duplicate_button = grid_button(self, "D&uplicate", "Copy the selected target.", self.duplicate)
        self.remove_button = grid_button(self, "Remove", "Remove the selected target.", self.remove)
        self.up_button = grid_button(self, "Up", "Move the selected target up.", lambda: self.move_target(-1))
        self.down_button = grid_button(
            self, "Down", "Move the selected target down.", lambda: self.move_target(+1)
        )
        self.list_problems = ProblemLabel(self)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("&Targets:", left)
        caption.setBuddy(self.list)
        left_layout.addWidget(caption)
        left_layout.addWidget(self.list_problems)
        left_layout.addWidget(self.list, 1)
        for row in (
            (self.add_button, self.duplicate_button, self.remove_button),
            (self.up_button, self.down_button),
        ):
            line = QHBoxLayout()
            for button in row:
                line.addWidget(button)
            left_layout.addLayout(line)

        self.form = TargetForm(document)
        self.expression = ExpressionBuilder(document, Target, "expression", "expression_json")
        self.filters = FiltersPanel(document)
        self.values = DefaultValuesPanel(document)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        for title, widget in (
            ("Target", self.form),
            ("Condition", self.expression),
            ("Filters", self.filters),
        ):
            box = QGroupBox(title, details)
            QVBoxLayout(box).addWidget(widget)
            details_layout.addWidget(box)
        details_layout.addStretch(1)
        self.details = QScrollArea(self)
        self.details.setWidget(details)
        self.details.setWidgetResizable(True)
        self.values_page = QWidget(self)
        QVBoxLayout(self.values_page).addWidget(self.values)
        # The form and the per-period values each need the full width: side by side, the
        # form's editors were squeezed out of sight beside the preview.
        self.sections = QTabWidget(self)
        self.sections.setDocumentMode(True)
        self.sections.addTab(self.details, "Details")
        self.sections.addTab(self.values_page, "Target values (one per period)")

        self.empty_hint = QLabel("No target yet: press Add to create one.", self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.sections)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([190, 570])
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.splitter, 1)
        self.current: int | None = None
        self._problems: list[Problem] = []
        document.changed.connect(self._on_document_changed)
        self._select(0 if self.list_model.rowCount() else None)

    # which target is shown ---------------------------------------------------------

    def _select(self, row: int | None) -> None:
        count = self.list_model.rowCount()
        if row is not None and count:
            row = max(0, min(row, count - 1))
            index = self.list_model.index(row)
            self.list.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        self._show_target(row if count else None)

    def _show_target(self, row: int | None) -> None:
        if row is not None and not 0 <= row < self.list_model.rowCount():
            row = None
        if row == self.current and row is not None:
            return
        self.current = row
        self.form.set_target(row)
        self.expression.set_base(None if row is None else f"targets[{row}]")
        self.filters.set_target(row)
        self.values.set_target(row)
        self.empty_hint.setVisible(row is None)
        for button in (self.duplicate_button, self.remove_button, self.up_button, self.down_button):
            button.setEnabled(row is not None)
        self.show_problems(self._problems)

    def _on_document_changed(self, path: str) -> None:
        if path not in ("", "targets"):
            return
        keep = self.current if self.current is not None else 0
        self.current = None  # the list was rebuilt: show (and rebind) again
        self._select(keep if self.list_model.rowCount() else None)

    # list operations ---------------------------------------------------------------

    def _targets(self) -> list[Target]:
        return list(group_of(self.document).targets or [])

    def add(self) -> None:
        """Append a target that counts everything, with an empty value for every period.

        It starts as the most common milestone target, net sales of bills (Transaction / Net
        sales, customers enrolled by transacting); the Entity and Measure lists change it.
        """
        targets = self._targets()
        names = {(t.name or "").casefold() for t in targets}
        number = len(targets) + 1
        while f"target {number}" in names:
            number += 1
        target = Target(
            active=True,
            name=f"Target {number}",
            target_entity=TargetEntity.TRANSACTION,
            target_type=TargetType.SALES,
            enrolment_method=EnrolmentMethod.TRANSACTION,
            expression="true",
            expression_json=ALWAYS_TRUE_JSON,
            default_values=[DefaultValue() for _ in group_of(self.document).periods or []],
        )
        self.document.insert_items("targets", len(targets), [target], "Add target")
        self._select(len(targets))
        self.form.focus_field("name")

    def duplicate(self) -> None:
        """Insert a copy of the selected target below it, without the server's ids."""
        if self.current is None:
            return
        source = self._targets()[self.current]
        copy = source.model_copy(deep=True)
        names = {(t.name or "").casefold() for t in self._targets()}
        name = f"{source.name or 'Target'} (copy)"
        number = 2
        while name.casefold() in names:
            name, number = f"{source.name or 'Target'} (copy {number})", number + 1
        copy.name = name
        for model in (copy, *(copy.default_values or [])):
            for key in type(model).SERVER_FIELDS:  # a duplicate must not carry the server's ids
                (model.__pydantic_extra__ or {}).pop(key, None)
        self.document.insert_items("targets", self.current + 1, [copy], "Duplicate target")
        self._select(self.current + 1)

    def remove(self) -> None:
        if self.current is None:
            return
        row = self.current
        self.document.remove_items("targets", [row], "Remove target")
        self._select(min(row, self.list_model.rowCount() - 1) if self.list_model.rowCount() else None)

    def move_target(self, step: int) -> None:
        """Move the selected target ``step`` rows (named so as not to hide ``QWidget.move``)."""
        if self.current is None or not 0 <= self.current + step < self.list_model.rowCount():
            return
        row = self.current
        self.document.move_item("targets", row, row + step, "Move target")
        self._select(row + step)

    # contract with the main window ---------------------------------------------------

    def show_problems(self, problems: list[Problem]) -> None:
        """Mark the list, the form, the condition, the filters and the value cells."""
        self._problems = problems
        self.list_model.set_problems(problems)
        self.list_problems.show_problems([p for p in problems if p.path == "targets"])
        self.form.show_problems(problems)
        self.expression.show_problems(problems)
        self.filters.show_problems(problems)
        self.values.show_problems(problems)

    def focus_path(self, path: str) -> bool:
        """Show the target a path is under and put the cursor on its field or cell."""
        if path == "targets":
            self.list.setFocus()
            return True
        item = split_item(path, "targets")
        if item is None:
            return False
        row, rest = item
        if row >= self.list_model.rowCount():
            return False
        self._select(row)
        if not rest:
            self.list.setFocus()
            return True
        field = first_step(rest)
        self.sections.setCurrentWidget(self.values_page if field == "defaultValues" else self.details)
        if rest in ("expression", "expressionJson"):
            self.expression.focus_field(rest)
            self.details.ensureWidgetVisible(self.expression)
            return True
        if field == "defaultValues":
            value = split_item(rest, "defaultValues")
            if value is None:
                self.values.table.setFocus()
                return True
            return self.values.focus_row(value[0])
        if field == "filters":
            self.details.ensureWidgetVisible(self.filters)
            found = split_item(rest, "filters")
            if found is None:
                self.filters.table.setFocus()
                return True
            return self.filters.focus_cell(found[0], first_step(found[1]) or None)
        if self.form.focus_field(rest):
            self.details.ensureWidgetVisible(self.form.fields.get(rest, self.form))
            return True
        return False
