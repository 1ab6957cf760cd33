"""Labelled field editors bound to one wire path of a :class:`PayloadDocument`.

An editor reads its label, tooltip and choices from the model's field metadata
(``field_title``, the field description, the enum and :func:`app.domain.enums.label`), so
no form repeats those strings. It writes through ``document.set_value`` (typing in one
field merges into one undo step), re-reads its value only when a change touches its path,
and shows the problems of its path with :mod:`app.ui.widgets.problem_marks`.

Public API (kept stable; the Periods and Targets tabs reuse it):

- :func:`make_field(document, model, field, path=None, parent=None) <make_field>` picks the
  editor for a model field: :class:`BoolField`, :class:`EnumField`, :class:`IntField`,
  :class:`NumberField`, :class:`DateTimeField` (fields whose name has "date"),
  :class:`TimeZoneField` (``time_zone_name``), :class:`MultilineField` (``description``) or
  :class:`TextField`. ``path`` defaults to the field's wire name (a group field).
- Every editor is a :class:`FieldEditor` (a ``QWidget``) with ``caption`` (the ``QLabel`` to
  put beside it, buddy set), ``editor`` (the input widget), ``path``, ``refresh()``,
  ``set_path(path)`` (rebind, e.g. to another row), ``show_problems(problems)`` (pass the
  whole list or a pre-filtered one; only problems at exactly ``path`` are shown) and
  ``focus_editor()``. Put it in a form with ``form.addRow(field.caption, field)``.
- :meth:`EnumField.set_choice_enabled(member, enabled, reason) <EnumField.set_choice_enabled>`
  greys out a choice the rules forbid, the reason in its tooltip.
- :func:`path_affects` says whether a ``document.changed`` path concerns another path.

The base class lives in :mod:`app.ui.widgets.field_editor_base` and the date-time and time zone
editors in :mod:`app.ui.widgets.field_editors_datetime`; everything is importable from here.
"""

from __future__ import annotations

import types
import typing
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget

from app.domain.base import WireModel
from app.domain.enums import choice_label, help_text
from app.domain.fields import field_required
from app.ui.document.document import PayloadDocument
from app.ui.widgets.field_editor_base import NOT_SET, FieldEditor, path_affects
from app.ui.widgets.field_editors_datetime import DateTimeField, TimeZoneField, split_offset, zone_offset

__all__ = [
    "NOT_SET",
    "BoolField",
    "DateTimeField",
    "EnumField",
    "FieldEditor",
    "IntField",
    "MultilineField",
    "NumberField",
    "TextField",
    "TimeZoneField",
    "field_kind",
    "make_field",
    "path_affects",
    "split_offset",
    "zone_offset",
]


class _LineField(FieldEditor):
    """A one-line input; ``_parse`` turns text into the model value (``None`` for empty)."""

    editor: QLineEdit

    def _build_editor(self) -> QWidget:
        edit = QLineEdit(self)
        edit.textEdited.connect(lambda text: self.commit(self._parse(text), merge=True))
        return edit

    def _parse(self, text: str) -> Any:
        return text if text else None

    def _format(self, value: Any) -> str:
        return "" if value is None else str(value)

    def _show_value(self, value: Any) -> None:
        # Leave the text alone when it already means this value: keeps "1." while typing "1.5".
        if self._parse(self.editor.text()) != value:
            self.editor.setText(self._format(value))


class TextField(_LineField):
    def _build_editor(self) -> QWidget:
        edit = super()._build_editor()
        assert isinstance(edit, QLineEdit)
        edit.setPlaceholderText("Required" if field_required(self.model, self.field) else "")
        return edit


class _NumberLineField(_LineField):
    """A number typed as text; a key the number cannot take is said under the field, not dropped
    without a word (as the template form and the targets table say it)."""

    _what = "a number (digits and one decimal point)"

    def _build_editor(self) -> QWidget:
        edit = super()._build_editor()
        assert isinstance(edit, QLineEdit)
        edit.inputRejected.connect(self._rejected)
        return edit

    def _rejected(self) -> None:
        self.message.show_hint(f"That key was not taken: type {self._what}.")


class IntField(_NumberLineField):
    """A whole number as text, so ids beyond a 32-bit spin box (751552970000) fit."""

    _what = "a whole number (digits only)"

    def _build_editor(self) -> QWidget:
        edit = super()._build_editor()
        assert isinstance(edit, QLineEdit)
        edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"-?\d{0,18}"), edit))
        return edit

    def _parse(self, text: str) -> Any:
        return int(text) if text.strip("-") else None


class NumberField(_NumberLineField):
    def _build_editor(self) -> QWidget:
        edit = super()._build_editor()
        assert isinstance(edit, QLineEdit)
        pattern = QRegularExpression(r"-?\d{0,15}(\.\d{0,6})?")
        edit.setValidator(QRegularExpressionValidator(pattern, edit))
        return edit

    def _parse(self, text: str) -> Any:
        if not text.strip("-."):
            return None
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number


class MultilineField(FieldEditor):
    editor: QPlainTextEdit

    def _build_editor(self) -> QWidget:
        edit = QPlainTextEdit(self)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 14)
        edit.textChanged.connect(lambda: self.commit(edit.toPlainText() or None, merge=True))
        return edit

    def _show_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.editor.toPlainText() != text:
            self.editor.setPlainText(text)


class BoolField(FieldEditor):
    editor: QCheckBox

    def _build_editor(self) -> QWidget:
        box = QCheckBox(self)
        box.clicked.connect(lambda checked: self.commit(bool(checked)))
        return box

    def _editor_row(self) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor)
        layout.addStretch(1)
        return row

    def _show_value(self, value: Any) -> None:
        self.editor.setChecked(bool(value))


class EnumField(FieldEditor):
    """A combo box of the enum's readable names, with "Not set" first."""

    editor: QComboBox

    def _build_editor(self) -> QWidget:
        self.enum = _enum_of(self.model, self.field)
        combo = QComboBox(self)
        self.items = QStandardItemModel(combo)
        unset = QStandardItem(NOT_SET)
        unset.setData(None, Qt.ItemDataRole.UserRole)
        self.items.appendRow(unset)
        for member in self.enum:
            item = QStandardItem(choice_label(member))
            item.setData(member.value, Qt.ItemDataRole.UserRole)
            item.setToolTip(f"{help_text(member)} ({member.value})".strip())
            self.items.appendRow(item)
        combo.setModel(self.items)
        combo.activated.connect(self._on_activated)
        return combo

    def _on_activated(self, row: int) -> None:
        wire = self.editor.itemData(row, Qt.ItemDataRole.UserRole)
        self.commit(self.enum(wire) if wire is not None else None)

    def _show_value(self, value: Any) -> None:
        wire = value.value if isinstance(value, StrEnum) else value
        row = self.editor.findData(wire, Qt.ItemDataRole.UserRole) if wire is not None else 0
        self.editor.setCurrentIndex(max(row, 0))

    def set_choice_enabled(self, member: StrEnum, enabled: bool, reason: str = "") -> None:
        """Grey out (or restore) a choice; the reason joins its tooltip."""
        row = self.editor.findData(member.value, Qt.ItemDataRole.UserRole)
        item = self.items.item(row)
        if item is None or item.isEnabled() == enabled:
            return
        item.setEnabled(enabled)
        base = f"{help_text(member)} ({member.value})".strip()
        item.setToolTip(base if enabled else f"Not available: {reason}\n{base}")

    def choice_enabled(self, member: StrEnum) -> bool:
        item = self.items.item(self.editor.findData(member.value, Qt.ItemDataRole.UserRole))
        return bool(item and item.isEnabled())


def annotation_leaves(annotation: Any) -> list[Any]:
    """The plain types a field annotation allows (``StrictBool | None`` -> ``[bool, NoneType]``)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return annotation_leaves(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [leaf for arg in typing.get_args(annotation) for leaf in annotation_leaves(arg)]
    return [annotation]


def _enum_of(model: type[WireModel], field: str) -> type[StrEnum]:
    for leaf in annotation_leaves(model.model_fields[field].annotation):
        if isinstance(leaf, type) and issubclass(leaf, StrEnum):
            return leaf
    raise TypeError(f"{model.__name__}.{field} is not an enum field")


def field_kind(model: type[WireModel], field: str) -> type[FieldEditor]:
    """The editor class for a model field, from its annotation and name."""
    leaves = [
        leaf for leaf in annotation_leaves(model.model_fields[field].annotation) if leaf is not type(None)
    ]
    if field == "time_zone_name":
        return TimeZoneField
    if leaves == [bool]:
        return BoolField
    if any(isinstance(leaf, type) and issubclass(leaf, StrEnum) for leaf in leaves):
        return EnumField
    if leaves == [int]:
        return IntField
    if {int, float} <= set(leaves):
        return NumberField
    if leaves == [str] and "date" in field:
        return DateTimeField
    if leaves == [str] and field == "description":
        return MultilineField
    return TextField


def make_field(
    document: PayloadDocument,
    model: type[WireModel],
    field: str,
    path: str | None = None,
    parent: QWidget | None = None,
    **options: Any,
) -> FieldEditor:
    """The right editor for ``model.field`` bound to ``path`` (default: the wire name)."""
    return field_kind(model, field)(document, model, field, path, parent, **options)
