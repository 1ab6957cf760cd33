"""Labelled field editors bound to one wire path of a :class:`PayloadDocument`.

An editor reads its label, tooltip and choices from the model's field metadata
(``field_title``, the field description, the enum and :func:`app.domain.enums.label`), so
no form repeats those strings. It writes through ``document.set_value`` (typing in one
field merges into one undo step), re-reads its value only when a change touches its path,
and shows the problems of its path with :mod:`app.ui.problem_marks`.

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
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QRegularExpression, Qt, QTime, QTimeZone
from PySide6.QtGui import QRegularExpressionValidator, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.base import WireModel
from app.domain.dates import known_zones, zone_or_none
from app.domain.enums import help_text, label
from app.domain.models import field_max_length, field_required, field_title, wire_name
from app.domain.problems import Problem
from app.ui.document import PayloadDocument
from app.ui.problem_marks import ProblemLabel, mark_widget, remember_tooltip

NOT_SET = "Not set"
_DATE_FORMAT = "yyyy-MM-dd HH:mm:ss.zzz"
_UTC = QTimeZone(QTimeZone.Initialization.UTC)
_UNSET_DATE = QDateTime(QDate(1900, 1, 1), QTime(0, 0), _UTC)


def path_affects(changed: str, path: str) -> bool:
    """Whether a change at ``changed`` may alter the value at ``path`` ("" means everything)."""
    if not changed or changed == path:
        return True
    return path.startswith(changed) and path[len(changed)] in ".["


class FieldEditor(QWidget):
    """One field of the payload: a caption, an input and a problem message under it."""

    def __init__(
        self,
        document: PayloadDocument,
        model: type[WireModel],
        field: str,
        path: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.model = model
        self.field = field
        self.path = path or wire_name(model, field)
        self._updating = False
        self.editor = self._build_editor()
        self.message = ProblemLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self._editor_row())
        layout.addWidget(self.message)
        title = field_title(model, field)
        self.caption = QLabel(f"{title}{' *' if field_required(model, field) else ''}:", parent)
        self.caption.setBuddy(self.editor)
        self.editor.setAccessibleName(title)
        remember_tooltip(self.editor, self.tooltip_text())
        self.caption.setToolTip(self.tooltip_text())
        document.changed.connect(self._on_changed)
        self.refresh()

    # to override ----------------------------------------------------------

    def _build_editor(self) -> QWidget:
        raise NotImplementedError

    def _editor_row(self) -> QWidget:
        return self.editor

    def _show_value(self, value: Any) -> None:
        raise NotImplementedError

    # shared ---------------------------------------------------------------

    def tooltip_text(self) -> str:
        """The field's description, its wire name and its declared limits."""
        info = self.model.model_fields[self.field]
        parts = [info.description or ""]
        limit = field_max_length(self.model, self.field)
        if limit:
            parts.append(f"At most {limit} characters.")
        parts.append(f"Sent as {wire_name(self.model, self.field)}.")
        return "\n".join(p for p in parts if p)

    def refresh(self) -> None:
        """Show the document's current value (without writing it back)."""
        self._updating = True
        try:
            self._show_value(self.document.value(self.path))
        finally:
            self._updating = False

    def set_path(self, path: str) -> None:
        """Bind the editor to another path (e.g. another row) and show its value."""
        self.path = path
        self.refresh()

    def show_problems(self, problems: list[Problem]) -> None:
        mine = [p for p in problems if p.path == self.path]
        mark_widget(self.editor, mine)
        self.message.show_problems(mine)

    def focus_editor(self) -> None:
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def commit(self, value: Any, merge: bool = False) -> None:
        """Write a value the user entered (ignored while the editor itself is refreshing)."""
        if self._updating:
            return
        if value is None and self.document.value(self.path) is None:
            return
        self.document.set_value(self.path, value, merge=merge)

    def _on_changed(self, changed: str) -> None:
        if path_affects(changed, self.path):
            self.refresh()


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


class IntField(_LineField):
    """A whole number as text, so ids beyond a 32-bit spin box (751552970000) fit."""

    def _build_editor(self) -> QWidget:
        edit = super()._build_editor()
        assert isinstance(edit, QLineEdit)
        edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"-?\d{0,18}"), edit))
        return edit

    def _parse(self, text: str) -> Any:
        return int(text) if text.strip("-") else None


class NumberField(_LineField):
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
            item = QStandardItem(label(member))
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


class TimeZoneField(FieldEditor):
    """An editable combo of every IANA zone; typing filters by any part of the name."""

    editor: QComboBox

    def _build_editor(self) -> QWidget:
        combo = QComboBox(self)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems(sorted(known_zones()))
        combo.setCurrentIndex(-1)
        line = combo.lineEdit()
        assert line is not None
        line.setPlaceholderText("Search, e.g. Kolkata")
        completer = QCompleter(combo.model(), combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        combo.setCompleter(completer)
        combo.textActivated.connect(lambda text: self.commit(text.strip() or None))
        completer.activated.connect(lambda text: self.commit(text.strip() or None))
        line.editingFinished.connect(lambda: self.commit(combo.currentText().strip() or None))
        return combo

    def _show_value(self, value: Any) -> None:
        text = value or ""
        if self.editor.currentText() != text:
            row = self.editor.findText(text) if text else -1
            self.editor.setCurrentIndex(row)
            self.editor.setEditText(text)


class DateTimeField(FieldEditor):
    """A date-time with its UTC offset kept as written (``+05:30``, ``Z`` or none).

    Editing the date or time never changes the offset; a new value takes the offset of the
    group's time zone at that date (``default_offset``), so the JSON keeps the operator's zone.
    """

    editor: QDateTimeEdit

    def __init__(self, *args: Any, default_offset: Callable[[datetime], str] | None = None, **kw: Any):
        self.default_offset = default_offset
        super().__init__(*args, **kw)

    def _build_editor(self) -> QWidget:
        edit = QDateTimeEdit(self)
        edit.setDisplayFormat(_DATE_FORMAT)
        edit.setCalendarPopup(True)
        edit.setMinimumDateTime(_UNSET_DATE)
        edit.setSpecialValueText(NOT_SET)
        edit.setTimeZone(_UTC)  # wall-clock time as written; the offset is kept beside it
        edit.dateTimeChanged.connect(lambda _value: self._commit_parts(merge=True))
        self.offset = QLineEdit(self)
        self.offset.setPlaceholderText("+00:00")
        self.offset.setMaximumWidth(self.offset.fontMetrics().horizontalAdvance("+00:00") + 24)
        self.offset.setAccessibleName("UTC offset")
        self.offset.setToolTip("UTC offset kept with the value: +05:30, -04:00, Z, or empty for none.")
        pattern = QRegularExpression(r"Z|[+-]\d{0,2}(:\d{0,2})?")
        self.offset.setValidator(QRegularExpressionValidator(pattern, self.offset))
        self.offset.textEdited.connect(lambda _text: self._commit_parts(merge=True))
        self.clear_button = QToolButton(self)
        self.clear_button.setText("✕")
        self.clear_button.setToolTip("Clear this date (leave it out of the JSON)")
        self.clear_button.setAccessibleName("Clear date")
        self.clear_button.clicked.connect(lambda: self.commit(None))
        return edit

    def _editor_row(self) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.offset)
        layout.addWidget(self.clear_button)
        return row

    def _commit_parts(self, merge: bool) -> None:
        if self._updating:
            return
        moment = self.editor.dateTime()
        if moment == _UNSET_DATE:
            self.commit(None)
            return
        naive = _to_naive(moment)
        offset = self.offset.text().strip()
        if not offset and self.document.value(self.path) is None and self.default_offset:
            offset = self.default_offset(naive)
            self._updating = True
            self.offset.setText(offset)
            self._updating = False
        if offset and offset != "Z" and len(offset) != 6:
            return  # half-typed offset: wait for the rest
        self.commit(naive.isoformat(timespec="milliseconds") + offset, merge=merge)

    def _show_value(self, value: Any) -> None:
        parsed = split_offset(value) if isinstance(value, str) else None
        if parsed is None:
            self.editor.setDateTime(_UNSET_DATE)
            today = QDateTime.currentDateTime().date()
            self.editor.calendarWidget().setCurrentPage(today.year(), today.month())
            if value is None:
                self.offset.clear()
            return
        naive, offset = parsed
        if _to_naive(self.editor.dateTime()) != naive:
            self.editor.setDateTime(_to_qt(naive))
        if self.offset.text() != offset:
            self.offset.setText(offset)


def _to_naive(moment: QDateTime) -> datetime:
    day, clock = moment.date(), moment.time()
    return datetime(
        day.year(), day.month(), day.day(), clock.hour(), clock.minute(), clock.second(), clock.msec() * 1000
    )


def _to_qt(naive: datetime) -> QDateTime:
    day = QDate(naive.year, naive.month, naive.day)
    clock = QTime(naive.hour, naive.minute, naive.second, naive.microsecond // 1000)
    return QDateTime(day, clock, _UTC)


def split_offset(text: str) -> tuple[datetime, str] | None:
    """``"2026-01-01T10:30:00+05:30"`` -> (naive 2026-01-01 10:30, ``"+05:30"``); ``None`` if unreadable."""
    stripped = text.strip()
    try:
        value = datetime.fromisoformat(stripped)
    except ValueError:
        return None
    if value.tzinfo is None:
        return value, ""
    if stripped.endswith("Z"):
        return value.replace(tzinfo=None), "Z"
    delta = value.utcoffset()
    assert delta is not None
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return value.replace(tzinfo=None), f"{sign}{hours:02d}:{mins:02d}"


def zone_offset(zone_name: str | None, moment: datetime) -> str:
    """The offset of an IANA zone at a local time (``""`` when the zone is unknown)."""
    zone = zone_or_none(zone_name)
    if zone is None:
        return ""
    parsed = split_offset(moment.replace(tzinfo=zone).isoformat())
    return parsed[1] if parsed else ""


def _leaves(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _leaves(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [leaf for arg in typing.get_args(annotation) for leaf in _leaves(arg)]
    return [annotation]


def _enum_of(model: type[WireModel], field: str) -> type[StrEnum]:
    for leaf in _leaves(model.model_fields[field].annotation):
        if isinstance(leaf, type) and issubclass(leaf, StrEnum):
            return leaf
    raise TypeError(f"{model.__name__}.{field} is not an enum field")


def field_kind(model: type[WireModel], field: str) -> type[FieldEditor]:
    """The editor class for a model field, from its annotation and name."""
    leaves = [leaf for leaf in _leaves(model.model_fields[field].annotation) if leaf is not type(None)]
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
