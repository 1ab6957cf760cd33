"""The form of one target: name, what it tracks, the measure, and exactly the fields that pair needs.

Choosing what a target tracks (targetEntity) narrows the measures (targetType) to the
pairs the API accepts; the choices it forbids stay visible but greyed out, with the
reason. Extra fields appear for the pairs that need them (event name; field name and
function; currency and program). A field the new pair does not use is cleared in the
same undo step as the choice, and the form says so, so no invisible value is sent.
A field that is set although the pair does not use it (e.g. from a file) stays visible.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from app.domain.enums import AggregateFunction, TargetEntity, TargetType, label
from app.domain.fields import field_title
from app.domain.problems import Problem
from app.domain.target_groups.models import ExtendedFieldInfo, Target
from app.domain.target_groups.rules.targets import allowed_types
from app.ui.document.document import PayloadDocument
from app.ui.editors.target_groups.document import group_of
from app.ui.widgets.expression_builder import set_fields
from app.ui.widgets.field_widgets import EnumField, FieldEditor, make_field

#: Fields (wire path under the target) -> (model, python field name).
_FIELDS: dict[str, tuple[type, str]] = {
    "name": (Target, "name"),
    "active": (Target, "active"),
    "description": (Target, "description"),
    "targetEntity": (Target, "target_entity"),
    "targetType": (Target, "target_type"),
    "eventName": (Target, "event_name"),
    "extendedFieldInfo.name": (ExtendedFieldInfo, "name"),
    "extendedFieldInfo.aggregateFunction": (ExtendedFieldInfo, "aggregate_function"),
    "extendedFieldInfo.alternateCurrencyIdentifier": (ExtendedFieldInfo, "alternate_currency_identifier"),
    "extendedFieldInfo.programId": (ExtendedFieldInfo, "program_id"),
    "enrolmentMethod": (Target, "enrolment_method"),
}
PAIR_FIELDS = (
    "eventName",
    "extendedFieldInfo.name",
    "extendedFieldInfo.aggregateFunction",
    "extendedFieldInfo.alternateCurrencyIdentifier",
    "extendedFieldInfo.programId",
)
_EXTENDED_INFO_FIELDS = tuple(p for p in PAIR_FIELDS if p.startswith("extendedFieldInfo."))
_EXTENDED_INFO_NAMES = {_FIELDS[p][1] for p in _EXTENDED_INFO_FIELDS}


def needed_fields(entity: TargetEntity | None, kind: TargetType | None) -> set[str]:
    """The extra fields (wire paths under the target) a targetEntity/targetType pair needs."""
    needed = set()
    if entity is TargetEntity.EVENT:
        needed.add("eventName")
    if kind in (TargetType.EXTENDED_FIELD, TargetType.EVENT_ATTRIBUTE):
        needed |= {"extendedFieldInfo.name", "extendedFieldInfo.aggregateFunction"}
    if entity is TargetEntity.ALTERNATE_CURRENCIES:
        needed |= {"extendedFieldInfo.alternateCurrencyIdentifier", "extendedFieldInfo.programId"}
    return needed


class _PairChoice(EnumField):
    """An enum field whose choice goes to the form, which adjusts the dependent fields with it."""

    def __init__(self, form: TargetForm, *args: Any, **kwargs: Any) -> None:
        self.form = form
        super().__init__(*args, **kwargs)

    def commit(self, value: Any, merge: bool = False) -> None:
        if not self._updating:
            self.form.choose(self.field, value)


class TargetForm(QWidget):
    """Edits the target at :attr:`target` (``None``: nothing to edit, the form is disabled)."""

    def __init__(self, document: PayloadDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.target: int | None = None
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, FieldEditor] = {}
        for wire, (model, name) in _FIELDS.items():
            path = f"targets[0].{wire}"
            if name in ("target_entity", "target_type", "aggregate_function"):
                field: FieldEditor = _PairChoice(self, document, model, name, path, self)
            else:
                field = make_field(document, model, name, path, self)
            self.fields[wire] = field
            self.layout_.addRow(field.caption, field)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.hide()
        self.layout_.addRow(self.note)
        document.changed.connect(self._on_document_changed)
        self.set_target(None)

    # binding -------------------------------------------------------------------------

    def set_target(self, index: int | None) -> None:
        self.target = index
        self.setEnabled(index is not None)
        for wire, field in self.fields.items():
            field.set_path(f"targets[{index if index is not None else 0}].{wire}")
        self.note.hide()
        self.update_choices()

    def _target(self) -> Target | None:
        targets = group_of(self.document).targets or []
        return targets[self.target] if self.target is not None and self.target < len(targets) else None

    def _on_document_changed(self, path: str) -> None:
        if self.target is None:
            return
        prefix = f"targets[{self.target}]"
        if path in ("", "targets") or path.startswith(prefix + ".") or path == prefix:
            self.update_choices()

    def update_choices(self) -> None:
        """Narrow the measures to the entity, and show the fields the pair needs (or that are set)."""
        target = self._target()
        entity = target.target_entity if target else None
        kind = target.target_type if target else None
        allowed = set(allowed_types(entity))
        type_field = self.fields["targetType"]
        assert isinstance(type_field, EnumField)
        for member in TargetType:
            type_field.set_choice_enabled(
                member, member in allowed, f"not measured on {_name(entity)} targets"
            )
        function_field = self.fields["extendedFieldInfo.aggregateFunction"]
        assert isinstance(function_field, EnumField)
        function_field.set_choice_enabled(
            AggregateFunction.COUNT,
            kind is not TargetType.EVENT_ATTRIBUTE,
            "an event attribute target sums the attribute",
        )
        needed = needed_fields(entity, kind)
        for wire in PAIR_FIELDS:
            field = self.fields[wire]
            has_value = target is not None and self.document.value(field.path) is not None
            self.layout_.setRowVisible(field, wire in needed or has_value)

    # choosing the pair ---------------------------------------------------------------

    def choose(self, field: str, value: StrEnum | None) -> None:
        """Set targetEntity / targetType / aggregateFunction and adjust what depends on it, as one step."""
        target = self._target()
        if target is None or self.target is None:
            return
        prefix = f"targets[{self.target}]"
        if field == "aggregate_function":
            self.document.set_value(f"{prefix}.extendedFieldInfo.aggregateFunction", value)
            return
        entity = (
            value if field == "target_entity" and isinstance(value, TargetEntity) else target.target_entity
        )
        kind = value if field == "target_type" and isinstance(value, TargetType) else target.target_type
        if field == "target_entity" and value is None:
            entity = None
        if field == "target_type" and value is None:
            kind = None
        changes: dict[str, Any] = {
            f"{prefix}.{'targetEntity' if field == 'target_entity' else 'targetType'}": value
        }
        cleared = []
        if field == "target_entity" and kind is not None and kind not in allowed_types(entity):
            changes[f"{prefix}.targetType"] = None
            cleared.append(field_title(Target, "target_type"))
            kind = None
        needed = needed_fields(entity, kind)
        for wire in PAIR_FIELDS:
            if wire not in needed and self.document.value(f"{prefix}.{wire}") is not None:
                changes[f"{prefix}.{wire}"] = None
                cleared.append(field_title(*_FIELDS[wire]))
        info = target.extended_field_info
        if info is not None and any(f"{prefix}.{w}" in changes for w in _EXTENDED_INFO_FIELDS):
            paths = [f"{prefix}.{w}" for w in _EXTENDED_INFO_FIELDS]
            left = [p for p in paths if (changes[p] if p in changes else self.document.value(p)) is not None]
            if not left and not info.model_fields_set - _EXTENDED_INFO_NAMES:
                for path in paths:  # nothing left in it: leave the whole object out again
                    changes.pop(path, None)
                changes[f"{prefix}.extendedFieldInfo"] = None
        if kind is TargetType.EVENT_ATTRIBUTE and (info is None or info.aggregate_function is None):
            changes.pop(f"{prefix}.extendedFieldInfo", None)
            changes[f"{prefix}.extendedFieldInfo.aggregateFunction"] = AggregateFunction.SUM
        set_fields(self.document, changes, f"Choose {field_title(Target, field).lower()}")
        if cleared:
            self.note.setText(
                f"Cleared {', '.join(cleared)}: not used by {_name(entity)} targets measuring "
                f"{_name(kind)}. Undo (Ctrl+Z) brings it back."
            )
            self.note.show()
        else:
            self.note.hide()

    # problems and focus --------------------------------------------------------------

    def show_problems(self, problems: list[Problem]) -> None:
        if self.target is None:
            return
        prefix = f"targets[{self.target}]."
        mine = [p for p in problems if p.path.startswith(prefix)]
        for field in self.fields.values():
            field.show_problems(mine)

    def focus_field(self, wire: str) -> bool:
        """Put the cursor in the field at ``wire`` (e.g. ``extendedFieldInfo.name``)."""
        field = self.fields.get(wire)
        if field is None and wire == "extendedFieldInfo":
            field = self.fields["extendedFieldInfo.name"]
        if field is None:
            return False
        self.layout_.setRowVisible(field, True)
        field.focus_editor()
        return True


def _name(member: StrEnum | None) -> str:
    return label(member) if member is not None else "unchosen"
