"""Cycles and rewards: a milestone's cycle table (Cycle_n, start, end, target) and each cycle's rewards.

The milestone is picked from every milestone of every activity. The table edits
``cycleActionMapping`` cell by cell (one undo step per cell; a pasted column or Delete over a
selection is one step too); Plan cycles lays the cycles out with the planner from the
promotion's start, the milestone's cycle unit and the zone. Below, the selected cycle's rewards:
an action picker for the common rewards (their documented properties as fields) and the raw
action form for everything else.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.problems import Problem
from app.domain.promotions.actions import ACTIONS, action_kind, new_action
from app.domain.promotions.models import Action, CycleActionMapping
from app.domain.wirepath import path_affects
from app.ui.document.document import PayloadDocument
from app.ui.editors.promotions.cycles_table import COLUMNS, CyclesModel, CyclesTable, milestone_paths
from app.ui.editors.promotions.pages import choices
from app.ui.widgets.model_form import ListSection, ModelForm, retire
from app.ui.widgets.problem_marks import ProblemLabel, problems_by_path
from app.ui.widgets.wheel_guard import guard_wheels


class ActionProperties(QWidget):
    """The documented properties of the action at ``path`` as typed fields (the rest stay raw)."""

    def __init__(self, document: PayloadDocument, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.path = path
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.inputs: dict[str, QComboBox | QLineEdit] = {}
        action = document.value(path)
        kind = action_kind(getattr(action, "action_name", None))
        if kind is None:
            return
        props = getattr(action, "mandatory_properties_values", None) or {}
        for prop in kind.properties:
            current = props.get(prop.key)
            widget: QComboBox | QLineEdit
            if prop.choices:
                widget = QComboBox(self)
                widget.addItems(list(prop.choices))
                if isinstance(current, str):
                    if widget.findText(current) < 0:
                        widget.addItem(current)
                    widget.setCurrentText(current)
                widget.textActivated.connect(lambda text, key=prop.key: self._write(key, text))
            else:
                widget = QLineEdit("" if current is None else str(current), self)
                widget.setPlaceholderText(prop.default)
                widget.textEdited.connect(lambda text, key=prop.key: self._write(key, text, merge=True))
            widget.setToolTip(f"{prop.hint}\nSent as mandatoryPropertiesValues.{prop.key}.")
            widget.setAccessibleName(prop.label)
            label = QLabel(f"{prop.label}:", self)
            label.setBuddy(widget)
            self.form.addRow(label, widget)
            self.inputs[prop.key] = widget

    def _write(self, key: str, text: str, merge: bool = False) -> None:
        path = f"{self.path}.mandatoryPropertiesValues"
        props = dict(self.document.value(path) or {})
        props[key] = text  # every property is text on the wire
        self.document.set_value(path, props, merge=merge)


class CyclesPage(QWidget):
    """The milestone picker, its cycle options and table, and the selected cycle's rewards."""

    MILESTONE_FIELDS = (
        "default_value",
        "different_targets_for_every_cycle",
        "same_actions_for_every_cycle",
        "frequency_type",
    )

    def __init__(self, document: PayloadDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.picker = QComboBox(self)
        self.picker.setAccessibleName("Milestone")
        picker_label = QLabel("&Milestone:", self)
        picker_label.setBuddy(self.picker)
        self.model = CyclesModel(document, self)
        self.table = CyclesTable(self.model, self)
        self.options: ModelForm | None = None
        self.options_holder = QVBoxLayout()
        self.count = QSpinBox(self)
        self.count.setRange(1, 366)
        self.count.setValue(4)
        self.count.setAccessibleName("Cycles to plan")
        self.plan_button = QPushButton("&Plan cycles", self)
        self.plan_button.setToolTip("Lay out Cycle_1..Cycle_n from the promotion's start, one per cycle unit")
        self.plan_button.clicked.connect(self.plan)
        self.add_button = QPushButton("Add cycle", self)
        self.add_button.clicked.connect(self.add_cycle)
        self.remove_button = QPushButton("Remove cycle", self)
        self.remove_button.clicked.connect(self.remove_cycle)
        self.fill_button = QPushButton("Fill down", self)
        self.fill_button.setToolTip("Copy the first selected cell down the selection")
        self.fill_button.clicked.connect(self.table.fill_down)
        self.message = ProblemLabel(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.rewards_area = QScrollArea(self)
        self.rewards_area.setWidgetResizable(True)
        self.rewards: ListSection | None = None
        self.reward_picker = QComboBox(self)
        for action in ACTIONS:
            self.reward_picker.addItem(f"{action.label} ({action.name})", action.name)
        self.reward_picker.setAccessibleName("Reward to add")
        self.add_reward = QPushButton("Add &reward", self)
        self.add_reward.clicked.connect(self.add_action)
        self._problems: list[Problem] = []

        top = QHBoxLayout()
        top.addWidget(picker_label)
        top.addWidget(self.picker, 1)
        plan_row = QHBoxLayout()
        count_label = QLabel("C&ycles:", self)
        count_label.setBuddy(self.count)
        for widget in (
            count_label,
            self.count,
            self.plan_button,
            self.add_button,
            self.remove_button,
            self.fill_button,
        ):
            plan_row.addWidget(widget)
        plan_row.addStretch(1)
        reward_row = QHBoxLayout()
        reward_label = QLabel("Rewards of the selected cycle:", self)
        reward_row.addWidget(reward_label)
        reward_row.addWidget(self.reward_picker, 1)
        reward_row.addWidget(self.add_reward)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.options_holder)
        layout.addLayout(plan_row)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addLayout(reward_row)
        layout.addWidget(self.rewards_area, 3)
        self.picker.currentIndexChanged.connect(lambda _row: self._pick())
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self._show_rewards(current.row())
        )
        document.changed.connect(self._changed)
        self._fill_picker()

    # the milestone ---------------------------------------------------------------------------

    @property
    def milestone(self) -> str | None:
        data = self.picker.currentData()
        return data if isinstance(data, str) else None

    def _fill_picker(self) -> None:
        paths = milestone_paths(self.document)
        current = self.milestone
        self.picker.blockSignals(True)
        self.picker.clear()
        for path, label in paths:
            self.picker.addItem(label, path)
        if not paths:
            self.picker.addItem("No milestone yet: add one on the Milestone tab", None)
        row = self.picker.findData(current) if current else 0
        self.picker.setCurrentIndex(max(row, 0))
        self.picker.blockSignals(False)
        self._pick()

    def _changed(self, path: str) -> None:
        if (
            path == ""
            or ("milestones" not in path and path_affects(path, "activities"))
            or path.endswith(".milestones")
            or path.endswith(".children")
            or path.endswith(".name")
        ):
            labels = [(self.picker.itemData(i), self.picker.itemText(i)) for i in range(self.picker.count())]
            if labels != milestone_paths(self.document):
                self._fill_picker()

    def _pick(self) -> None:
        path = self.milestone
        if self.model.milestone == path and self.options is not None:
            return
        self.model.set_milestone(path)
        if self.options is not None:
            retire(self.options)
            self.options = None
        if path is not None:
            from app.domain.promotions.models import Milestone

            self.options = ModelForm(
                self.document, Milestone, path, self, choices=choices, only=self.MILESTONE_FIELDS
            )
            self.options_holder.addWidget(self.options)
            guard_wheels(self.options)
        for widget in (
            self.table,
            self.plan_button,
            self.add_button,
            self.remove_button,
            self.fill_button,
            self.add_reward,
        ):
            widget.setEnabled(path is not None)
        self._show_rewards(0 if self.model.rowCount() else -1)
        self.show_problems(self._problems)

    # cycles ----------------------------------------------------------------------------------

    def plan(self) -> None:
        """Replace the cycles with ``count`` planned ones (one undo step); say why when it cannot."""
        from app.domain.dates import wall_clock
        from app.domain.promotions.cycles import PlanError, plan_cycles

        path = self.milestone
        if path is None:
            return
        start = wall_clock(str(self.document.value("metadata.startDate") or ""))
        zone = self.document.value("metadata.timezoneName") or ""
        unit = self.document.value(f"{path}.frequencyType") or "WEEKLY"
        if start is None:
            self.note.setText("Set the promotion's start (Promotion tab) first: cycles start there.")
            return
        target = self.document.value(f"{path}.defaultValue")
        try:
            entries = plan_cycles(
                start.value.date(),
                str(unit),
                str(zone),
                cycles=self.count.value(),
                target=None if target is None else str(target),
                offset=start.suffix,
            )
        except PlanError as exc:
            self.note.setText(str(exc))
            return
        self.note.setText(
            f"Planned {len(entries)} {str(unit).lower()} cycles from {start.value.date().isoformat()}."
        )
        items = [CycleActionMapping.model_validate(entry) for entry in entries]
        self.document.replace_list(f"{path}.cycleActionMapping", items, "Plan cycles")
        self.table.setCurrentIndex(self.model.index(0, 0))  # its rewards show below at once

    def add_cycle(self) -> None:
        path = self.milestone
        if path is None:
            return
        rows = self.model.rowCount()
        item = CycleActionMapping.model_validate({"cycle": f"Cycle_{rows + 1}", "actions": []})
        self.document.insert_items(f"{path}.cycleActionMapping", rows, [item], "Add cycle")
        self.table.setCurrentIndex(self.model.index(rows, 0))

    def remove_cycle(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()} or {self.table.currentIndex().row()})
        rows = [r for r in rows if r >= 0]
        if rows and self.milestone:
            self.document.remove_items(f"{self.milestone}.cycleActionMapping", rows, "Remove cycles")

    # rewards ---------------------------------------------------------------------------------

    def _show_rewards(self, row: int) -> None:
        old = self.rewards_area.takeWidget()
        if old is not None:
            old.setParent(self)
            retire(old)
        self.rewards = None
        if self.milestone is None or row < 0 or row >= self.model.rowCount():
            holder = QLabel("Select a cycle to see its rewards.")
            self.rewards_area.setWidget(holder)
            return
        body = QWidget()
        layout = QVBoxLayout(body)
        self.rewards = ListSection(
            self.document,
            Action,
            f"{self.milestone}.cycleActionMapping[{row}].actions",
            body,
            choices=choices,
            title=f"Cycle {row + 1}: its rewards",
            new_item=lambda index: Action.model_validate(new_action(self._chosen_action(), index + 1)),
        )
        self.rewards.add_button.setText("Add raw action")
        layout.addWidget(self.rewards)
        self._properties: ActionProperties | None = None
        self.rewards.items.currentRowChanged.connect(lambda r: self._show_properties(layout, r))
        self._show_properties(layout, self.rewards.items.currentRow())
        layout.addStretch(1)
        self.rewards_area.setWidget(body)
        guard_wheels(body)
        self.rewards.show_problems(self._problems)

    def _show_properties(self, layout: QVBoxLayout, row: int) -> None:
        if self._properties is not None:
            retire(self._properties)
            self._properties = None
        if self.rewards is None or row < 0:
            return
        self._properties = ActionProperties(self.document, f"{self.rewards.list_path}[{row}]")
        layout.insertWidget(1, self._properties)
        # made after the page: its drop-downs take the wheel only with the focus, like the rest
        guard_wheels(self._properties)

    def _chosen_action(self) -> Any:
        return action_kind(self.reward_picker.currentData()) or ACTIONS[0]

    def add_action(self) -> None:
        if self.rewards is not None:
            self.rewards.add()

    # the page protocol -------------------------------------------------------------------------

    def show_problems(self, problems: list[Problem]) -> None:
        self._problems = problems
        shown = [p for p in problems if self.document.shows_marks_at(p.path)]
        self.model.problems = problems_by_path(shown)
        if self.model.rowCount():
            self.model.dataChanged.emit(
                self.model.index(0, 0), self.model.index(self.model.rowCount() - 1, len(COLUMNS) - 1)
            )
        if self.options is not None:
            self.options.show_problems(problems)
        if self.rewards is not None:
            self.rewards.show_problems(problems)
        if self.milestone:
            own = [p for p in shown if p.path == f"{self.milestone}.cycleActionMapping"]
            self.message.show_problems(own)

    def focus_path(self, path: str) -> bool:
        for row in range(self.picker.count()):
            milestone = self.picker.itemData(row)
            if isinstance(milestone, str) and (path == milestone or path.startswith(milestone + ".")):
                self.picker.setCurrentIndex(row)
                rest = path[len(milestone) :]
                prefix = ".cycleActionMapping["
                if rest.startswith(prefix):
                    index_text, _, field = rest[len(prefix) :].partition("]")
                    if index_text.isdigit():
                        cycle = int(index_text)
                        column = next((c for c, (key, _) in enumerate(COLUMNS) if field == f".{key}"), 0)
                        self.table.setCurrentIndex(self.model.index(cycle, column))
                        self.table.setFocus()
                        if field.startswith(".actions") and self.rewards is not None:
                            return self.rewards.focus_path(path)
                        return True
                if self.options is not None and self.options.focus_path(path):
                    return True
                self.table.setFocus()
                return True
        return False
