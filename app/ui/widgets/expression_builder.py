"""The condition editor: none, always true, one comparison, or the raw text and JSON.

The API wants a condition twice: as rule text (a target's ``expression``, an activity's
``ruleExpression``) and as a tree (``expressionJson``, ``expJSON``). The builder writes both together from one comparison, so they
cannot disagree; the advanced editor lets an operator paste anything and checks the
JSON as they type. Writing both fields is one undo step, and typing in a field of the
comparison merges into that step (see :class:`SetFieldsCommand`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QUndoCommand
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.base import WireModel
from app.domain.expression import (
    ALWAYS_TRUE_JSON,
    COMPARISON_OPERATORS,
    PROFILES,
    Condition,
    check_expression_json,
    is_always_true,
    parse_condition,
)
from app.domain.fields import field_title, wire_name
from app.domain.problems import Problem, Severity
from app.ui.document.document import PayloadDocument, SetValueCommand
from app.ui.widgets.problem_marks import ProblemLabel, mark_widget, severity_color

NONE, TRUE, CONDITION, ADVANCED = range(4)
_SET_FIELDS_ID = 4713


class SetFieldsCommand(QUndoCommand):
    """Set several fields as one undo step; with ``merge``, typing into the same fields joins it.

    Built from the document's own :class:`SetValueCommand`, so values, created parents and
    change signals behave exactly as for a single field.
    """

    def __init__(self, document: PayloadDocument, values: dict[str, Any], text: str, merge: bool) -> None:
        super().__init__(text)
        self.merge = merge
        self.parts = [SetValueCommand(document, path, value, False) for path, value in values.items()]

    def id(self) -> int:
        return _SET_FIELDS_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, SetFieldsCommand) and self.merge and other.merge):
            return False
        if [p.path for p in other.parts] != [p.path for p in self.parts]:
            return False
        for mine, theirs in zip(self.parts, other.parts, strict=True):
            mine.new = theirs.new
        return True

    def redo(self) -> None:
        for part in self.parts:
            part.redo()

    def undo(self) -> None:
        for part in reversed(self.parts):
            part.undo()


def set_fields(document: PayloadDocument, values: dict[str, Any], text: str, merge: bool = False) -> None:
    """Push a :class:`SetFieldsCommand` unless every value is already in place."""
    if all(document.value(path) == value for path, value in values.items()):
        return
    document.undo_stack.push(SetFieldsCommand(document, values, text, merge))


def mode_of(expression: str | None, expression_json: str | None) -> int:
    """Which editor fits the current condition (the advanced one when in doubt)."""
    if expression is None and expression_json is None:
        return NONE
    if is_always_true(expression) and expression_json in (None, ALWAYS_TRUE_JSON):
        return TRUE
    condition = parse_condition(expression)
    if condition is not None and not condition.problems() and expression_json == condition.expression_json():
        return CONDITION
    return ADVANCED


class ExpressionBuilder(QWidget):
    """Edits the condition text and tree of the object at :attr:`base` (a wire path, or ``None``).

    Args:
        model: the wire object that holds the condition (its fields' titles and tooltips).
        text_field, json_field: the python names of its text and tree fields.
    """

    def __init__(
        self,
        document: PayloadDocument,
        model: type[WireModel],
        text_field: str,
        json_field: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.owner = model
        self.text_field, self.json_field = text_field, json_field
        self.wire = {
            "expression": wire_name(model, text_field),
            "expressionJson": wire_name(model, json_field),
        }
        self.base: str | None = None
        self._updating = False
        self._stay_advanced = False
        self._build()
        document.changed.connect(self._on_document_changed)
        self.set_base(None)

    def _build(self) -> None:
        self.modes = QButtonGroup(self)
        mode_row = QHBoxLayout()
        texts = ("&No condition", "Always &true", "One &comparison", "Ad&vanced")
        tips = (
            "Send no condition (the server decides).",
            "Every transaction or event counts (expression true).",
            "Count only what meets one comparison, e.g. currentTxn.value > 500.",
            "Edit the condition text and its JSON tree by hand.",
        )
        for mode, (caption, tip) in enumerate(zip(texts, tips, strict=True)):
            button = QRadioButton(caption, self)
            button.setToolTip(tip)
            self.modes.addButton(button, mode)
            mode_row.addWidget(button)
        mode_row.addStretch(1)
        self.modes.idClicked.connect(self._on_mode_chosen)

        self.condition_box = QWidget(self)
        self.profile_combo = QComboBox(self.condition_box)
        self.profile_combo.setEditable(True)
        self.profile_combo.addItems(list(PROFILES))
        self.profile_combo.setToolTip(
            "What the condition looks at: the transaction, the customer, the event..."
        )
        self.attribute_edit = QLineEdit(self.condition_box)
        self.attribute_edit.setPlaceholderText("e.g. value")
        self.attribute_edit.setToolTip("The attribute of the profile, e.g. value or storeCode.")
        self.operator_combo = QComboBox(self.condition_box)
        self.operator_combo.addItems(list(COMPARISON_OPERATORS))
        self.operator_combo.setToolTip("How to compare.")
        self.value_edit = QLineEdit(self.condition_box)
        self.value_edit.setPlaceholderText("e.g. 500")
        self.value_edit.setToolTip("A number, or a text (sent in quotes).")
        grid = QGridLayout(self.condition_box)
        grid.setContentsMargins(0, 0, 0, 0)
        cells = (
            ("&Profile:", self.profile_combo),
            ("Attri&bute:", self.attribute_edit),
            ("&Operator:", self.operator_combo),
            ("Val&ue:", self.value_edit),
        )
        for position, (caption, widget) in enumerate(cells):
            buddy = QLabel(caption, self.condition_box)
            buddy.setBuddy(widget)
            widget.setAccessibleName(caption.replace("&", "").rstrip(":"))
            row, column = divmod(position, 2)
            grid.addWidget(buddy, row, column * 2)
            grid.addWidget(widget, row, column * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.profile_combo.currentTextChanged.connect(self._on_condition_edited)
        self.attribute_edit.textEdited.connect(self._on_condition_edited)
        self.operator_combo.currentIndexChanged.connect(self._on_condition_edited)
        self.value_edit.textEdited.connect(self._on_condition_edited)

        self.advanced_box = QWidget(self)
        self.expression_edit = QLineEdit(self.advanced_box)
        self.expression_edit.setToolTip(self.owner.model_fields[self.text_field].description or "")
        self.expression_edit.textEdited.connect(self._on_expression_typed)
        self.json_edit = QPlainTextEdit(self.advanced_box)
        self.json_edit.setTabChangesFocus(True)
        self.json_edit.setFont(QFont("monospace"))
        self.json_edit.setFixedHeight(self.json_edit.fontMetrics().lineSpacing() * 5 + 14)
        self.json_edit.setToolTip(self.owner.model_fields[self.json_field].description or "")
        self.json_edit.textChanged.connect(self._on_json_typed)
        self.json_check = QLabel(self.advanced_box)
        self.json_check.setWordWrap(True)
        advanced = QFormLayout(self.advanced_box)
        advanced.setContentsMargins(0, 0, 0, 0)
        for field, widget in ((self.text_field, self.expression_edit), (self.json_field, self.json_edit)):
            field_label = QLabel(f"{field_title(self.owner, field)}:", self.advanced_box)
            field_label.setBuddy(widget)
            widget.setAccessibleName(field_title(self.owner, field))
            advanced.addRow(field_label, widget)
        advanced.addRow("", self.json_check)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.condition_message = QLabel(self)
        self.condition_message.setWordWrap(True)
        self.condition_message.setStyleSheet(f"color: {severity_color(Severity.WARNING).name()};")
        self.condition_message.hide()
        self.problems = ProblemLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(mode_row)
        layout.addWidget(self.condition_box)
        layout.addWidget(self.condition_message)
        layout.addWidget(self.advanced_box)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)

    # binding -------------------------------------------------------------------------

    def set_base(self, base: str | None) -> None:
        """Edit the condition of the object at ``base`` (``None``: nothing, the editor is disabled)."""
        self.base = base
        self._stay_advanced = False
        self.setEnabled(base is not None)
        self.refresh()

    def _path(self, field: str) -> str:
        """The wire path of ``"expression"`` (the text) or ``"expressionJson"`` (the tree)."""
        return f"{self.base}.{self.wire[field]}"

    def _values(self) -> tuple[str | None, str | None]:
        if self.base is None or self.document.value(self.base) is None:
            return None, None
        return self.document.value(self._path("expression")), self.document.value(
            self._path("expressionJson")
        )

    def refresh(self) -> None:
        """Show the condition in the editor that fits it (without writing anything)."""
        self._updating = True
        try:
            expression, tree = self._values()
            mode = mode_of(expression, tree)
            if self._stay_advanced:
                mode = ADVANCED  # an operator in the raw editor stays there while typing
            self.modes.button(mode).setChecked(True)
            condition = parse_condition(expression)
            typed = self.condition()
            already_shown = not typed.problems() and typed.expression() == expression
            if condition is not None and mode == CONDITION and not already_shown:
                self.profile_combo.setCurrentText(condition.profile)
                _set_text(self.attribute_edit, condition.attribute)
                self.operator_combo.setCurrentText(condition.operator)
                _set_text(self.value_edit, condition.value)
            _set_text(self.expression_edit, expression or "")
            if self.json_edit.toPlainText() != (tree or ""):
                self.json_edit.setPlainText(tree or "")
            self._show_mode(mode)
            self._check_json(tree)
            self.summary.setText(f"Sends: {expression}" if expression is not None else "Sends no condition.")
        finally:
            self._updating = False

    def _show_mode(self, mode: int) -> None:
        self.condition_box.setVisible(mode == CONDITION)
        self.advanced_box.setVisible(mode == ADVANCED)
        if mode != CONDITION:
            self.condition_message.hide()

    def _on_document_changed(self, path: str) -> None:
        if self.base is None:
            return
        own = (self._path("expression"), self._path("expressionJson"))
        parent = self.base.rpartition("[")[0]
        if path in ("", parent, self.base, *own):
            self.refresh()

    # writing -------------------------------------------------------------------------

    def _on_mode_chosen(self, mode: int) -> None:
        if self._updating or self.base is None:
            return
        self._show_mode(mode)
        self._stay_advanced = mode == ADVANCED
        if mode == NONE:
            set_fields(self.document, self._both(None, None), "Remove condition")
        elif mode == TRUE:
            set_fields(self.document, self._both("true", ALWAYS_TRUE_JSON), "Condition: always true")
        elif mode == CONDITION:
            self._on_condition_edited()
        else:
            self.refresh()

    def _both(self, expression: str | None, tree: str | None) -> dict[str, Any]:
        return {self._path("expression"): expression, self._path("expressionJson"): tree}

    def condition(self) -> Condition:
        return Condition(
            self.profile_combo.currentText().strip(),
            self.attribute_edit.text().strip(),
            self.operator_combo.currentText(),
            self.value_edit.text(),
        )

    def _on_condition_edited(self, *_args: object) -> None:
        if self._updating or self.base is None or self.modes.checkedId() != CONDITION:
            return
        condition = self.condition()
        problems = condition.problems()
        if problems:
            self.condition_message.setText("Not sent yet: " + " ".join(problems))
            self.condition_message.show()
            return
        self.condition_message.hide()
        values = self._both(condition.expression(), condition.expression_json())
        set_fields(self.document, values, "Edit condition", merge=True)

    def _on_expression_typed(self, text: str) -> None:
        if not self._updating and self.base is not None:
            self.document.set_value(self._path("expression"), text or None, merge=True)

    def _on_json_typed(self) -> None:
        if self._updating or self.base is None:
            return
        text = self.json_edit.toPlainText()
        self._check_json(text or None)
        self.document.set_value(self._path("expressionJson"), text or None, merge=True)

    def _check_json(self, tree: str | None) -> None:
        """Say at once whether the JSON is a tree the API knows (as the operator types)."""
        if not tree:
            self.json_check.setText("No JSON: the server derives it from the text, if it can.")
            self.json_check.setStyleSheet(f"color: {severity_color(Severity.WARNING).name()};")
            return
        faults = check_expression_json(tree)
        if faults:
            where = [f"{('at ' + w + ' ') if w else ''}{m}" for w, m in faults[:3]]
            self.json_check.setText("The JSON " + "; ".join(where))
            self.json_check.setStyleSheet(f"color: {severity_color(Severity.ERROR).name()};")
        else:
            self.json_check.setText("The JSON is a valid condition tree.")
            self.json_check.setStyleSheet("")

    # problems ------------------------------------------------------------------------

    def show_problems(self, problems: list[Problem]) -> None:
        if self.base is None:
            self.problems.show_problems([])
            return
        own = {self._path("expression"), self._path("expressionJson")}
        mine = [p for p in problems if p.path in own]
        self.problems.show_problems(mine)
        mark_widget(self.expression_edit, [p for p in mine if p.path == self._path("expression")])
        mark_widget(self.json_edit, [p for p in mine if p.path == self._path("expressionJson")])

    def focus_field(self, field: str) -> None:
        """Show the editor of ``expression`` / ``expressionJson`` and put the cursor in it."""
        if self.modes.checkedId() in (ADVANCED, CONDITION) or field == "expressionJson":
            self.modes.button(ADVANCED).setChecked(True)
            self._stay_advanced = True
            self._show_mode(ADVANCED)
            (self.json_edit if field == "expressionJson" else self.expression_edit).setFocus()
        else:
            checked = self.modes.checkedButton()
            if checked is not None:
                checked.setFocus()


def _set_text(edit: QLineEdit, text: str) -> None:
    if edit.text() != text:
        edit.setText(text)
