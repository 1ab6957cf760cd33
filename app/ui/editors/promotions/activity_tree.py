"""The Milestone page: the promotion's activities as a tree, and the selected activity's form.

A promotion's ``activities`` nest: a GROUP activity combines its ``children`` (ALL or ANY of
them), each SINGLE or GROUP again. The tree adds, removes, nests and reorders them, each as one
undo step; beside it the selected activity's fields, its condition (the shared expression
builder, writing ``ruleExpression`` and ``expJSON`` together) and its milestones.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.domain.problems import Problem
from app.domain.promotions.models import Activity, Milestone
from app.domain.wirepath import path_affects
from app.ui.document.document import PayloadDocument
from app.ui.editors.promotions.activity_model import ActivityTreeModel, activity_paths
from app.ui.editors.promotions.pages import choices
from app.ui.widgets.expression_builder import ExpressionBuilder
from app.ui.widgets.model_form import ListSection, ModelForm, retire
from app.ui.widgets.wheel_guard import guard_wheels


def _split(path: str) -> tuple[str, int]:
    """``activities[0].children[2]`` -> (``activities[0].children``, 2)."""
    head, _, index = path.rpartition("[")
    return head, int(index.rstrip("]"))


def new_activity(number: int, kind: str = "SINGLE") -> Activity:
    data: dict[str, Any] = {"id": f"activity_{number}", "type": kind, "name": f"Activity {number}"}
    if kind == "SINGLE":
        data.update(event="TransactionAdd", milestones=[])
    else:
        data.update(combinationType="ALL", children=[])
    return Activity.model_validate(data)


class MeasureNarrowing(QObject):
    """Greys the measures that a milestone's entity does not take (see MEASURES_BY_ENTITY).

    A child of the milestone's form, so it stops listening when the form goes.
    """

    def __init__(self, form: ModelForm) -> None:
        super().__init__(form)
        self.form = form
        self.entity_path = form.path_of("target_entity")
        form.document.changed.connect(self.changed)
        self.apply()

    def changed(self, path: str) -> None:
        if path_affects(path, self.entity_path):
            self.apply()

    def apply(self) -> None:
        from app.domain.promotions.values import MEASURES_BY_ENTITY, TARGET_TYPES
        from app.ui.widgets.flex_fields import ChoiceField

        measure = self.form.fields.get("target_type")
        if not isinstance(measure, ChoiceField):
            return
        entity = str(self.form.document.value(self.entity_path) or "").upper()
        allowed = MEASURES_BY_ENTITY.get(entity)
        for value in TARGET_TYPES:
            measure.set_choice_enabled(
                value,
                allowed is None or value in allowed,
                f"not measured on {entity} (the target groups' table; the promotions docs give none)",
            )


class MilestonePage(QWidget):
    """The activity tree, its buttons, and the selected activity's form, condition and milestones."""

    ACTIVITY_SKIP = ("children", "milestones", "rule_expression", "exp_json")
    #: Fields few activities use: in a "More fields" fold, made when first opened.
    ACTIVITY_MORE = (
        "parent_id",
        "ruleset_id",
        "cycles",
        "frequency_type",
        "target_evaluation_type",
        "target_cycle_start_date",
        "target_cycle_end_date",
        "activity_cycles",
    )
    MILESTONE_MORE = (
        "target_value",
        "preferred_till_id",
        "recurring_cycles",
        "target_group_id",
        "aggregate_function",
        "cycles",
        "periods",
        "target_rule_ids",
        "individual_milestone_file_details",
        "same_actions_for_every_cycle",
        "different_targets_for_every_cycle",
        "streaks",
    )

    def __init__(self, document: PayloadDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = ActivityTreeModel(document, self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Activities")
        self.tree.setHeaderHidden(False)
        self.tree.expandAll()
        self.model.modelReset.connect(self._after_reset)
        self.buttons: dict[str, QPushButton] = {}
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.tree, 1)
        for key, text, tip in (
            ("add", "Add activity", "Add a SINGLE activity after the selected one (or at the end)"),
            ("add_group", "Add group", "Add a GROUP activity (ALL or ANY of its children)"),
            ("add_child", "Add child", "Add a SINGLE activity inside the selected GROUP"),
            ("nest", "Nest in group above", "Move the selected activity into the GROUP just above it"),
            ("unnest", "Move out of group", "Move the selected activity out of its GROUP"),
            ("remove", "Remove", "Remove the selected activity (and its children)"),
            ("up", "Up", "Move the selected activity up among its siblings"),
            ("down", "Down", "Move the selected activity down among its siblings"),
        ):
            button = QPushButton(text, side)
            button.setToolTip(tip)
            self.buttons[key] = button
        grid = QVBoxLayout()
        rows = (("add", "add_group", "add_child"), ("nest", "unnest"), ("remove", "up", "down"))
        for row in rows:
            line = QHBoxLayout()
            for key in row:
                line.addWidget(self.buttons[key])
            grid.addLayout(line)
        side_layout.addLayout(grid)
        self.buttons["add"].clicked.connect(lambda: self.add("SINGLE"))
        self.buttons["add_group"].clicked.connect(lambda: self.add("GROUP"))
        self.buttons["add_child"].clicked.connect(self.add_child)
        self.buttons["nest"].clicked.connect(self.nest)
        self.buttons["unnest"].clicked.connect(self.unnest)
        self.buttons["remove"].clicked.connect(self.remove)
        self.buttons["up"].clicked.connect(lambda: self.move_selected(-1))
        self.buttons["down"].clicked.connect(lambda: self.move_selected(1))
        self.detail_area = QScrollArea(self)
        self.detail_area.setWidgetResizable(True)
        self.detail: QWidget | None = None
        self.form: ModelForm | None = None
        self.condition_box = QGroupBox("Condition (which events count)", self)
        self.condition = ExpressionBuilder(
            document, Activity, "rule_expression", "exp_json", self.condition_box
        )
        QVBoxLayout(self.condition_box).addWidget(self.condition)
        self.milestones: ListSection | None = None
        self.selected: str | None = None
        self._problems: list[Problem] = []
        splitter = QSplitter(self)
        splitter.addWidget(side)
        splitter.addWidget(self.detail_area)
        splitter.setSizes([240, 660])
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.tree.selectionModel().currentChanged.connect(
            lambda current, _previous: self.select(self.model.path_of(current))
        )
        first = self.model.index(0, 0)
        if first.isValid():
            self.tree.setCurrentIndex(first)
        else:
            self.select(None)

    # selection ----------------------------------------------------------------------

    def _after_reset(self) -> None:
        self.tree.expandAll()
        wanted = self.selected if self.selected and self.document.value(self.selected) is not None else None
        index = self.model.index_of(wanted) if wanted else self.model.index(0, 0)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            if self.model.path_of(index) == self.selected and self.form is not None:
                self._update_buttons()
                return
        self.select(self.model.path_of(index) if index.isValid() else None)

    def select(self, path: str | None) -> None:
        """Show the form of the activity at ``path`` (``None``: none selected)."""
        if path == self.selected and self.form is not None:
            return
        self.selected = path
        old = self.detail_area.takeWidget()
        if old is not None:
            self.condition_box.setParent(self)  # kept (hidden) with the page, not deleted with the form
            self.condition_box.hide()
            old.setParent(self)
            retire(old)
        self.form, self.milestones = None, None
        body = QWidget()
        layout = QVBoxLayout(body)
        if path is not None:
            self.form = ModelForm(
                self.document,
                Activity,
                path,
                body,
                choices=choices,
                skip=self.ACTIVITY_SKIP,
                more=self.ACTIVITY_MORE,
            )
            layout.addWidget(self.form)
            self.condition.set_base(path)
            self.condition_box.setParent(body)
            layout.addWidget(self.condition_box)
            self.condition_box.show()
            self.milestones = ListSection(
                self.document,
                Milestone,
                f"{path}.milestones",
                body,
                choices=choices,
                title="Milestone (what a customer must reach; its cycles and rewards are on Cycles and rewards)",
                skip=("cycle_action_mapping",),
                more=self.MILESTONE_MORE,
                on_detail=MeasureNarrowing,
                new_item=lambda index: Milestone.model_validate(
                    {
                        "name": f"Milestone {index + 1}",
                        "trackingType": "DEFAULT",
                        "targetType": "QUANTITY",
                        "targetEntity": "TRANSACTION",
                    }
                ),
            )
            layout.addWidget(self.milestones)
        else:
            self.condition.set_base(None)
        layout.addStretch(1)
        self.detail_area.setWidget(body)
        guard_wheels(body)
        self.show_problems(self._problems)
        self._update_buttons()

    def _update_buttons(self) -> None:
        path = self.selected
        activity = self.document.value(path) if path else None
        is_group = getattr(activity, "type", None) == "GROUP"
        head, row = _split(path) if path else ("activities", -1)
        siblings = self.document.value(head) or [] if path else []
        above = self.document.value(f"{head}[{row - 1}]") if path and row > 0 else None
        for key, enabled in (
            ("add_child", is_group),
            ("nest", getattr(above, "type", None) == "GROUP"),
            ("unnest", path is not None and head != "activities"),
            ("remove", path is not None),
            ("up", path is not None and row > 0),
            ("down", path is not None and row < len(siblings) - 1),
        ):
            self.buttons[key].setEnabled(enabled)

    # editing (each one undo step) ---------------------------------------------------------

    def _count(self) -> int:
        return len(activity_paths(getattr(self.document.model, "activities", None)))

    def add(self, kind: str) -> None:
        head, row = (
            _split(self.selected)
            if self.selected
            else ("activities", len(self.document.value("activities") or []) - 1)
        )
        self.document.insert_items(
            head, row + 1, [new_activity(self._count() + 1, kind)], f"Add {kind.lower()} activity"
        )
        self._select_path(f"{head}[{row + 1}]")

    def add_child(self) -> None:
        if not self.selected:
            return
        list_path = f"{self.selected}.children"
        count = len(self.document.value(list_path) or [])
        self.document.insert_items(list_path, count, [new_activity(self._count() + 1)], "Add child activity")
        self._select_path(f"{list_path}[{count}]")

    def remove(self) -> None:
        if not self.selected:
            return
        head, row = _split(self.selected)
        self.document.remove_items(head, [row], "Remove activity")

    def move_selected(self, step: int) -> None:
        if not self.selected:
            return
        head, row = _split(self.selected)
        self.document.move_item(head, row, row + step, "Move activity")
        self._select_path(f"{head}[{row + step}]")

    def nest(self) -> None:
        """Move the selected activity to the end of the GROUP just above it (one undo step)."""
        if not self.selected:
            return
        head, row = _split(self.selected)
        group = f"{head}[{row - 1}]"
        activity = self.document.value(self.selected)
        target = f"{group}.children"
        count = len(self.document.value(target) or [])
        stack = self.document.undo_stack
        stack.beginMacro("Nest activity")
        self.document.insert_items(target, count, [activity], "Nest")
        self.document.remove_items(head, [row], "Nest")
        stack.endMacro()
        self._select_path(f"{target}[{count}]")

    def unnest(self) -> None:
        """Move the selected activity out of its GROUP, right after the group (one undo step)."""
        if not self.selected:
            return
        head, row = _split(self.selected)
        group = head.rpartition(".")[0]
        outer, group_row = _split(group)
        activity = self.document.value(self.selected)
        stack = self.document.undo_stack
        stack.beginMacro("Move activity out of its group")
        self.document.remove_items(head, [row], "Move out")
        self.document.insert_items(outer, group_row + 1, [activity], "Move out")
        stack.endMacro()
        self._select_path(f"{outer}[{group_row + 1}]")

    def _select_path(self, path: str) -> None:
        index = self.model.index_of(path)
        if index.isValid():
            self.tree.setCurrentIndex(index)

    # the page protocol ----------------------------------------------------------------------

    def show_problems(self, problems: list[Problem]) -> None:
        self._problems = problems
        if self.form is not None:
            self.form.show_problems(problems)
        if self.milestones is not None:
            self.milestones.show_problems(problems)
        self.condition.show_problems(problems)

    def focus_path(self, path: str) -> bool:
        best = None
        for candidate, _activity in activity_paths(getattr(self.document.model, "activities", None)):
            if path == candidate or path.startswith(candidate + "."):
                best = candidate  # the deepest activity that holds the path
        if best is None:
            self.tree.setFocus()
            return path == "activities"
        self._select_path(best)
        self.select(best)
        rest = path[len(best) :]
        if rest.startswith(".ruleExpression") or rest.startswith(".expJSON"):
            self.condition.focus_field("expressionJson" if "expJSON" in rest else "expression")
            return True
        for part in (self.form, self.milestones):
            if part is not None and part.focus_path(path):
                self.detail_area.ensureWidgetVisible(self.focusWidget() or part)
                return True
        self.tree.setFocus()
        return True
