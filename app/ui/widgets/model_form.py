"""A form built from a wire model's fields: every field reachable, labelled from its metadata.

:class:`ModelForm` lays out one wire object at a path of a :class:`PayloadDocument`: a scalar
field gets a :class:`~app.ui.widgets.field_editor_base.FieldEditor` (its caption, tooltip and
limits from the model, its problems beside it, typing merged into one undo step per visit); a
nested object a collapsible section (open when it holds something, so an unused workflow does
not crowd the form); a list of objects a :class:`ListSection` (add, remove, reorder, and the
selected item's own form). Each scalar field's editor is picked by
:func:`app.ui.widgets.flex_fields.editor_class`.

What differs by kind is passed in: the documented values of a field (``choices``) and the
fields a page lays out itself (``skip``). Nothing here names a kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.base import WireModel
from app.domain.fields import field_title, nested_model, wire_name
from app.domain.problems import Problem
from app.domain.wirepath import path_affects
from app.ui.document.document import PayloadDocument
from app.ui.widgets.field_editor_base import FieldEditor
from app.ui.widgets.flex_fields import Choices, editor_class, no_choices
from app.ui.widgets.problem_marks import FieldMessage, problems_by_path
from app.ui.widgets.wheel_guard import guard_wheels

# --- sections -----------------------------------------------------------------------------------


class Section(QWidget):
    """A titled part of a form that folds; open when its object holds something.

    Its body is made the first time it is opened (a folded workflow costs nothing to show).
    """

    def __init__(
        self, title: str, make: Callable[[], ModelForm], opened: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._make = make
        self.body: ModelForm | None = None
        self._problems: list[Problem] = []
        self.toggle = QToolButton(self)
        self.toggle.setText(title)
        self.toggle.setAccessibleName(title)
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setStyleSheet("QToolButton { border: none; font-weight: bold; }")
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.toggled.connect(self._toggled)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 4, 0, 0)
        self.box.addWidget(self.toggle)
        if opened:
            self.toggle.setChecked(True)

    def _toggled(self, opened: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if opened else Qt.ArrowType.RightArrow)
        if opened and self.body is None:
            self.body = self._make()
            self.body.setParent(self)
            self.body.setContentsMargins(16, 0, 0, 0)
            self.box.addWidget(self.body)
            guard_wheels(self.body)
            self.body.show_problems(self._problems)
        if self.body is not None:
            self.body.setVisible(opened)

    def open(self) -> None:
        self.toggle.setChecked(True)

    def show_problems(self, problems: list[Problem]) -> None:
        self._problems = problems
        if self.body is not None:
            self.body.show_problems(problems)

    def focus_path(self, path: str) -> bool:
        if self.body is None:
            return False
        return self.body.focus_path(path)


class ModelForm(QWidget):
    """The fields of the wire object at ``prefix`` (``""``: the root), laid out by the model.

    Args:
        document: the document.
        model: the wire object's class.
        prefix: its wire path.
        choices: the documented values of a field (see :data:`Choices`).
        skip: python names of fields the caller lays out itself.
        only: when given, just these fields, in this order.
        list_labels: how a list item is named in its list (by default its name or key).
    """

    def __init__(
        self,
        document: PayloadDocument,
        model: type[WireModel],
        prefix: str,
        parent: QWidget | None = None,
        *,
        choices: Choices = no_choices,
        skip: Iterable[str] = (),
        only: Iterable[str] | None = None,
        more: Iterable[str] = (),
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.model = model
        self.prefix = prefix
        self.choices = choices
        self.fields: dict[str, FieldEditor] = {}
        self.sections: dict[str, Section] = {}
        self.children_forms: list[ListSection | Section] = []
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rare = [name for name in more if name in model.model_fields]
        self.more_fields = tuple(rare)
        skipped = set(skip) | set(rare)
        names = list(only) if only is not None else [n for n in model.model_fields if n not in skipped]
        for name in names:
            self._add(name)
        if rare:  # the fields few payloads use, in a fold made when first opened
            used = any(holds_something(document.value(self.path_of(name))) for name in rare)
            more_section = Section(
                "More fields",
                lambda: ModelForm(document, model, prefix, None, choices=choices, only=rare),
                used,
                self,
            )
            self.children_forms.append(more_section)
            self.sections["__more__"] = more_section
            self.form.addRow(more_section)

    def path_of(self, name: str) -> str:
        wire = wire_name(self.model, name)
        return f"{self.prefix}.{wire}" if self.prefix else wire

    def _add(self, name: str) -> None:
        path = self.path_of(name)
        child, is_list = nested_model(self.model, name)
        title = field_title(self.model, name)
        if child is not None and is_list:
            section = ListSection(self.document, child, path, self, choices=self.choices, title=title)
            self.children_forms.append(section)
            self.form.addRow(section)
            return
        if child is not None:
            holder = Section(
                title,
                lambda: ModelForm(self.document, child, path, None, choices=self.choices),
                holds_something(self.document.value(path)),
                self,
            )
            self.children_forms.append(holder)
            holder.toggle.setToolTip(self.model.model_fields[name].description or "")
            self.sections[name] = holder
            self.form.addRow(holder)
            return
        cls, options = editor_class(self.model, name, self.choices(self.model, name))
        editor = cls(self.document, self.model, name, path, self, **options)
        self.fields[name] = editor
        self.form.addRow(editor.caption, editor)

    def show_problems(self, problems: list[Problem]) -> None:
        mine = [p for p in problems if p.path == self.prefix or p.path.startswith(self.prefix)]
        for editor in self.fields.values():
            editor.show_problems(mine)
        for child in self.children_forms:
            child.show_problems(mine)

    def focus_path(self, path: str) -> bool:
        for editor in self.fields.values():
            if editor.path == path:
                editor.focus_editor()
                return True
        for name, section in self.sections.items():
            inside = self.more_fields if name == "__more__" else (name,)
            if any(path_affects(self.path_of(field), path) for field in inside):
                section.open()
        return any(child.focus_path(path) for child in self.children_forms)


def retire(widget: QWidget) -> None:
    """Take a form that is replaced out of sight; it stays its parent's child until deleted, so a
    page deleted at once (another kind opened) takes it along and it never reads the next model."""
    widget.hide()
    widget.deleteLater()


def holds_something(value: Any) -> bool:
    """Whether a value is worth showing open: not unset, and not an empty object, list or text."""
    if isinstance(value, WireModel):
        return any(holds_something(getattr(value, name)) for name in type(value).model_fields) or bool(
            value.model_extra
        )
    return value is not None and value not in ([], {}, "")


def item_label(item: Any, index: int) -> str:
    """How a list shows one item: its name, key, cycle or action, else "Item n"."""
    for attribute in (
        "name",
        "action_name",
        "cycle",
        "key",
        "audience_group_name",
        "group_name",
        "granularity",
    ):
        value = getattr(item, attribute, None)
        if isinstance(value, str) and value.strip():
            return f"{index + 1}. {value.strip()}"
    return f"{index + 1}. Item"


class ListSection(QWidget):
    """A list of wire objects: the items, Add / Remove / Up / Down, and the selected item's form."""

    def __init__(
        self,
        document: PayloadDocument,
        item_model: type[WireModel],
        list_path: str,
        parent: QWidget | None = None,
        *,
        choices: Choices = no_choices,
        title: str = "",
        skip: Iterable[str] = (),
        new_item: Callable[[int], WireModel] | None = None,
        on_detail: Callable[[ModelForm], object] | None = None,
        more: Iterable[str] = (),
    ) -> None:
        super().__init__(parent)
        self.more = tuple(more)
        self.document = document
        self.on_detail = on_detail
        self.item_model = item_model
        self.list_path = list_path
        self.choices = choices
        self.skip = tuple(skip)
        self.new_item = new_item or (lambda _index: item_model())
        self.detail: ModelForm | None = None
        self._problems: list[Problem] = []
        self.caption = QLabel(f"<b>{title}</b>", self)
        self.items = QListWidget(self)
        self.items.setAccessibleName(title)
        self.items.setMaximumHeight(self.items.fontMetrics().lineSpacing() * 6 + 8)
        self.caption.setBuddy(self.items)
        self.message = FieldMessage(self)
        self.add_button = QPushButton("Add", self)
        self.remove_button = QPushButton("Remove", self)
        self.up_button = QPushButton("Up", self)
        self.down_button = QPushButton("Down", self)
        for button, tip in (
            (self.add_button, f"Add to {title}"),
            (self.remove_button, "Remove the selected item"),
            (self.up_button, "Move the selected item up"),
            (self.down_button, "Move the selected item down"),
        ):
            button.setToolTip(tip)
            button.setAccessibleName(f"{button.text()} ({title})")
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.detail_holder = QVBoxLayout()
        self.detail_holder.setContentsMargins(16, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.items)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addLayout(self.detail_holder)
        self.items.currentRowChanged.connect(self._selected)
        document.changed.connect(self._on_changed)
        self.refresh()

    def _values(self) -> list[Any]:
        return list(self.document.value(self.list_path) or [])

    def refresh(self) -> None:
        values = self._values()
        row = self.items.currentRow()
        self.items.blockSignals(True)
        try:
            while self.items.count() > len(values):
                self.items.takeItem(self.items.count() - 1)
            for index, value in enumerate(values):
                text = item_label(value, index)
                item = self.items.item(index)
                if item is None:
                    self.items.addItem(QListWidgetItem(text))
                elif item.text() != text:
                    item.setText(text)
        finally:
            self.items.blockSignals(False)
        if values:
            wanted = min(max(row, 0), len(values) - 1)
            if self.items.currentRow() != wanted or self.detail is None:
                self.items.setCurrentRow(wanted)
                self._selected(wanted)
        else:
            self._selected(-1)
        self._buttons()

    def _buttons(self) -> None:
        row, count = self.items.currentRow(), self.items.count()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)

    def _selected(self, row: int) -> None:
        path = f"{self.list_path}[{row}]" if row >= 0 else None
        if self.detail is not None and (path is None or self.detail.prefix != path):
            retire(self.detail)
            self.detail = None
        if path is not None and self.detail is None:
            self.detail = ModelForm(
                self.document,
                self.item_model,
                path,
                self,
                choices=self.choices,
                skip=self.skip,
                more=self.more,
            )
            self.detail_holder.addWidget(self.detail)
            if self.on_detail is not None:
                self.on_detail(self.detail)
            self.detail.show_problems(self._problems)
            guard_wheels(self.detail)
        self._buttons()

    def _on_changed(self, path: str) -> None:
        if path_affects(path, self.list_path):  # the list, or something holding it
            self.refresh()
        elif path.startswith(f"{self.list_path}[") and path.count(".") == self.list_path.count(".") + 1:
            self.refresh()  # a field of an item: its label may follow it

    def add(self) -> None:
        index = len(self._values())
        self.document.insert_items(self.list_path, index, [self.new_item(index)], "Add")
        self.items.setCurrentRow(index)

    def remove(self) -> None:
        row = self.items.currentRow()
        if row >= 0:
            self.document.remove_items(self.list_path, [row], "Remove")

    def move_selected(self, step: int) -> None:
        row = self.items.currentRow()
        target = row + step
        if row >= 0 and 0 <= target < self.items.count():
            self.document.move_item(self.list_path, row, target, "Move")
            self.items.setCurrentRow(target)

    def show_problems(self, problems: list[Problem]) -> None:
        self._problems = [p for p in problems if p.path.startswith(self.list_path)]
        own = problems_by_path(self._problems).get(self.list_path, [])
        self.message.show_problems(own if self.document.shows_marks_at(self.list_path) else [])
        if self.detail is not None:
            self.detail.show_problems(self._problems)

    def focus_path(self, path: str) -> bool:
        if path == self.list_path:
            self.items.setFocus()
            return True
        prefix = f"{self.list_path}["
        if not path.startswith(prefix):
            return False
        index_text = path[len(prefix) :].partition("]")[0]
        if not index_text.isdigit() or int(index_text) >= self.items.count():
            return False
        self.items.setCurrentRow(int(index_text))
        self._selected(int(index_text))
        if self.detail is not None and self.detail.focus_path(path):
            return True
        self.items.setFocus()
        return True
