"""The editors a model-driven form needs beyond the target group's field kinds.

:class:`ChoiceField` (documented values kept as text, an undocumented one kept and shown as
such), :class:`FlagField` (a flag sent as it came: ``true`` or ``"true"``), :class:`FlexField` (an
id or number that may be text, a placeholder such as ``<ORG_ID>`` included),
:class:`JsonValueField` (free JSON), :class:`KeyValueField` (an object of text values) and
:class:`SecondsDateField`; :func:`editor_class` picks one for a field from its annotation.
Used by :mod:`app.ui.widgets.model_form`.
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.base import WireModel
from app.domain.enums import readable_code
from app.ui.widgets.field_editor_base import NOT_SET, FieldEditor
from app.ui.widgets.field_widgets import (
    DateTimeField,
    MultilineField,
    TextField,
    TimeZoneField,
    annotation_leaves,
)

#: documented values of (model class, python field name); empty: free text.
Choices = Callable[[type[WireModel], str], tuple[str, ...]]


def no_choices(_model: type[WireModel], _field: str) -> tuple[str, ...]:
    return ()


# --- editors --------------------------------------------------------------------------------------


class ChoiceField(FieldEditor):
    """A drop-down of the documented values, "Readable (CODE)", with Not set first.

    A value the docs do not list (opened from a file) is kept, shown as "CODE (not documented)";
    the rules say what the server may do with it.
    """

    editor: QComboBox

    def __init__(self, *args: Any, choices: tuple[str, ...] = (), **kw: Any) -> None:
        self.choices = choices
        super().__init__(*args, **kw)

    def _build_editor(self) -> QWidget:
        combo = QComboBox(self)
        self.items = QStandardItemModel(combo)
        combo.setModel(self.items)
        self._fill(None)
        combo.activated.connect(self._on_activated)
        return combo

    def _fill(self, extra: str | None) -> None:
        self.items.clear()
        unset = QStandardItem(NOT_SET)
        unset.setData(None, Qt.ItemDataRole.UserRole)
        self.items.appendRow(unset)
        for value in self.choices:
            item = QStandardItem(f"{readable_code(value)} ({value})")
            item.setData(value, Qt.ItemDataRole.UserRole)
            self.items.appendRow(item)
        if extra is not None:
            item = QStandardItem(f"{extra} (not documented)")
            item.setData(extra, Qt.ItemDataRole.UserRole)
            self.items.appendRow(item)

    def _on_activated(self, row: int) -> None:
        self.commit(self.editor.itemData(row, Qt.ItemDataRole.UserRole))

    def _show_value(self, value: Any) -> None:
        text = None if value is None else str(value)
        row = self.editor.findData(text, Qt.ItemDataRole.UserRole) if text is not None else 0
        if row < 0:
            self._fill(text)
            row = self.editor.findData(text, Qt.ItemDataRole.UserRole)
        self.editor.setCurrentIndex(max(row, 0))

    def set_choice_enabled(self, value: str, enabled: bool, reason: str = "") -> None:
        """Grey out (or restore) a choice; the reason in its tooltip."""
        item = self.items.item(self.editor.findData(value, Qt.ItemDataRole.UserRole))
        if item is None:
            return
        item.setEnabled(enabled)
        item.setToolTip("" if enabled else f"Not available: {reason}")

    def choice_enabled(self, value: str) -> bool:
        item = self.items.item(self.editor.findData(value, Qt.ItemDataRole.UserRole))
        return bool(item and item.isEnabled())


class FlagField(FieldEditor):
    """A check box; the flag is sent as it came (``true``, or the text ``"true"`` some examples use)."""

    editor: QCheckBox

    def _build_editor(self) -> QWidget:
        box = QCheckBox(self)
        box.clicked.connect(self._clicked)
        return box

    def _clicked(self, checked: bool) -> None:
        current = self.document.value(self.path)
        self.commit(("true" if checked else "false") if isinstance(current, str) else bool(checked))

    def _show_value(self, value: Any) -> None:
        self.editor.setChecked(value is True or (isinstance(value, str) and value.strip().lower() == "true"))


_INT = re.compile(r"-?\d{1,18}")
_FLOAT = re.compile(r"-?\d{0,15}\.\d{1,6}")


class FlexField(TextField):
    """An id or a number that the API also takes as text: digits become a number unless the value
    was text already (``"15"`` stays text); anything else (``<ORG_ID>``) is kept as text."""

    def _parse(self, text: str) -> Any:
        if not text:
            return None
        was_text = isinstance(self.document.value(self.path), str)
        if not was_text:
            if _INT.fullmatch(text):
                return int(text)
            if _FLOAT.fullmatch(text):
                return float(text)
        return text

    def _show_value(self, value: Any) -> None:
        shown = "" if value is None else str(value)
        if self.editor.text() != shown:
            self.editor.setText(shown)


class JsonValueField(FieldEditor):
    """Any JSON value, typed as JSON on one line; taken when the field is left and it parses."""

    editor: QLineEdit

    def _build_editor(self) -> QWidget:
        edit = QLineEdit(self)
        edit.setPlaceholderText("JSON, e.g. [] or {}")
        edit.editingFinished.connect(self._finished)
        return edit

    def _finished(self) -> None:
        text = self.editor.text().strip()
        if not text:
            self.commit(None)
            return
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            self.message.show_hint(f"Not taken: this is not JSON ({exc.msg}).")
            return
        self.commit(value)

    def _show_value(self, value: Any) -> None:
        text = "" if value is None else json.dumps(value, ensure_ascii=False)
        if not self.editor.hasFocus() or self.editor.text().strip() == "":
            self.editor.setText(text)


class KeyValueField(FieldEditor):
    """A JSON object of text values as a two-column table (key, value); rows add and remove."""

    editor: QTableWidget

    def _build_editor(self) -> QWidget:
        table = QTableWidget(0, 2, self)
        table.setHorizontalHeaderLabels(["Key", "Value"])
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().hide()
        table.setMinimumHeight(table.fontMetrics().lineSpacing() * 6)
        table.itemChanged.connect(lambda _item: self._write())
        return table

    def _editor_row(self) -> QWidget:
        row = QWidget(self)
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add key", row)
        self.remove_button = QPushButton("Remove key", row)
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return row

    def _add(self) -> None:
        current = dict(self.document.value(self.path) or {})
        key, n = "key", 1
        while key in current:
            n += 1
            key = f"key{n}"
        current[key] = ""
        self.commit(current)
        self.editor.setCurrentCell(self.editor.rowCount() - 1, 0)
        item = self.editor.item(self.editor.rowCount() - 1, 0)
        if item is not None:
            self.editor.editItem(item)

    def _remove(self) -> None:
        row = self.editor.currentRow()
        current = dict(self.document.value(self.path) or {})
        keys = list(current)
        if 0 <= row < len(keys):
            del current[keys[row]]
            self.commit(current or None)

    def _write(self) -> None:
        if self._updating:
            return
        value: dict[str, Any] = {}
        old = self.document.value(self.path) or {}
        for row in range(self.editor.rowCount()):
            key_item, value_item = self.editor.item(row, 0), self.editor.item(row, 1)
            key = key_item.text() if key_item else ""
            text = value_item.text() if value_item else ""
            previous = old.get(key) if isinstance(old, dict) else None
            value[key] = text if isinstance(previous, str) or previous is None else _typed(text, previous)
        self.commit(value)

    def _show_value(self, value: Any) -> None:
        items = list(value.items()) if isinstance(value, dict) else []
        self.editor.setRowCount(len(items))
        for row, (key, item) in enumerate(items):
            shown = item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
            for column, text in enumerate((str(key), shown)):
                cell = self.editor.item(row, column)
                if cell is None:
                    self.editor.setItem(row, column, QTableWidgetItem(text))
                elif cell.text() != text:
                    cell.setText(text)

    def focus_editor(self) -> None:
        self.editor.setFocus(Qt.FocusReason.TabFocusReason)


def _typed(text: str, previous: Any) -> Any:
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value if type(value) is type(previous) else text


class SecondsDateField(DateTimeField):
    """A date-time written to the second (``2027-01-01T00:00:00+05:30``), as promotions' docs write them."""

    def commit(self, value: Any, merge: bool = False) -> None:
        if isinstance(value, str):
            value = re.sub(r"(T\d\d:\d\d:\d\d)\.000", r"\1", value)
        super().commit(value, merge)


# --- which editor --------------------------------------------------------------------------------


def editor_class(
    model: type[WireModel], field: str, choices: tuple[str, ...]
) -> tuple[type[FieldEditor], dict[str, Any]]:
    """The editor for a scalar field and its options."""
    leaves = [
        leaf for leaf in annotation_leaves(model.model_fields[field].annotation) if leaf is not type(None)
    ]
    if choices:
        return ChoiceField, {"choices": choices}
    if "zone" in field:
        return TimeZoneField, {}
    if bool in leaves:
        return FlagField, {}
    if int in leaves or float in leaves:
        return FlexField, {}
    if leaves == [str] and field.endswith("date"):
        return SecondsDateField, {}
    if leaves == [str] and field == "description":
        return MultilineField, {}
    if leaves == [str]:
        return TextField, {}
    if any(typing.get_origin(leaf) is dict or leaf is dict for leaf in leaves):
        return KeyValueField, {}
    return JsonValueField, {}
