""" "New from template": one small form with the template's placeholders.

Each placeholder gets the editor that fits its kind (a date picker for the start, a spin
box for the number of cycles), pre-filled with the template's own value; a required one
(the group's name) starts empty, the template's value shown only as a hint. On OK the values fill the template (re-planning the
periods for a new start or cycle count); a bad value is shown next to its field and the
dialog stays open. Filling is pure computation and fast, so it runs on the GUI thread.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.placeholders import (
    FilledTemplate,
    Placeholder,
    PlaceholderError,
    PlaceholderKind,
    PlanRole,
    fill_template,
    suggested_value,
)
from app.domain.planner import API_MAX_CYCLES
from app.services.templates import Template
from app.ui.widgets.iso_date_edit import IsoDateEdit
from app.ui.widgets.problem_marks import error_style


class NewFromTemplateDialog(QDialog):
    """Ask for a template's placeholders and build the new group.

    After ``accepted``, :attr:`filled` holds the new group and what re-planning did.

    Attributes:
        editors: placeholder key -> its input widget (QLineEdit, QDateEdit or QSpinBox).
        errors: placeholder key -> the label that shows what is wrong with its value.
    """

    def __init__(self, template: Template, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"New from template: {template.meta.title}")
        self.template = template
        self.filled: FilledTemplate | None = None
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        group = template.model()
        form = QFormLayout()
        #: What each text field started with: left as it is, the template's value is kept (as
        #: ``tgb new`` keeps a placeholder not --set), so "<ORG_ID>" stays, with a warning.
        self.initial: dict[str, str] = {}
        for placeholder in template.placeholders:
            editor = _editor(placeholder, suggested_value(group, placeholder))
            if isinstance(editor, QLineEdit):
                self.initial[placeholder.key] = editor.text()
            editor.setToolTip(placeholder.help)
            error = QLabel()
            error.setStyleSheet(error_style())
            error.setWordWrap(True)
            error.hide()
            self.editors[placeholder.key] = editor
            self.errors[placeholder.key] = error
            label = placeholder.label + (" *" if placeholder.required else "")
            form.addRow(label, editor)
            form.addRow("", error)
        self.general_error = QLabel()
        self.general_error.setStyleSheet(error_style())
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        heading = QLabel(template.meta.title, self)
        heading.setObjectName("templateTitle")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.hint = QLabel(
            "Fill in what changes for this launch; everything else comes from the template and "
            "can be edited in the new draft. Enter creates the draft.",
            self,
        )
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        if not template.placeholders:
            layout.addWidget(QLabel("This template asks for nothing; OK makes a copy of it."))
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Create draft")
        ok.setDefault(True)  # Enter in any field creates the draft
        # Wide enough for the window title (a title bar cuts it otherwise) and the hints in the fields.
        title_room = self.fontMetrics().horizontalAdvance(self.windowTitle()) + 160
        self.setMinimumWidth(max(480, min(title_room, 900)))
        first = next(iter(self.editors.values()), None)
        if first is not None:
            first.setFocus()  # the group name: start typing at once

    def values(self) -> dict[str, Any]:
        """What the form holds, by placeholder key (text for text fields, typed otherwise)."""
        out: dict[str, Any] = {}
        for key, editor in self.editors.items():
            if isinstance(editor, QDateEdit):
                out[key] = editor.date().toPython()
            elif isinstance(editor, QSpinBox):
                out[key] = editor.value()
            elif isinstance(editor, QLineEdit):
                if editor.text() and editor.text() == self.initial.get(key):
                    continue  # untouched: the template's own value stays (a placeholder too)
                out[key] = editor.text()
        return out

    def accept(self) -> None:
        for label in [*self.errors.values(), self.general_error]:
            label.hide()
        try:
            self.filled = fill_template(self.template.model(), self.template.placeholders, self.values())
        except PlaceholderError as exc:
            for key, message in exc.problems.items():
                label = self.errors.get(key, self.general_error)
                label.setText(message)
                label.show()
            return
        super().accept()


def _editor(placeholder: Placeholder, value: Any) -> QWidget:
    if placeholder.kind is PlaceholderKind.DATE:
        editor = IsoDateEdit()
        editor.setCalendarPopup(True)
        editor.setDisplayFormat("yyyy-MM-dd")
        editor.setDate(
            QDate(value.year, value.month, value.day) if isinstance(value, date) else QDate.currentDate()
        )
        return editor
    if placeholder.kind is PlaceholderKind.INT and placeholder.plan is PlanRole.CYCLES:
        spin = QSpinBox()
        spin.setRange(1, API_MAX_CYCLES)
        spin.setValue(int(value) if isinstance(value, int) and value > 0 else 1)
        return spin
    text = "" if value is None else str(value)
    if placeholder.required:
        # A required value must be the operator's own (a group name is unique per org):
        # the template's value is only a hint.
        line = QLineEdit()
        line.setPlaceholderText(f"required, e.g. {text}" if text else "required")
        return line
    return QLineEdit(text)
