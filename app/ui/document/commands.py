"""The undo commands: every edit of a document is one of these on its one undo stack (BeeRef's pattern).

Typing in one field merges into one step (:class:`SetValueCommand`); list edits replace the list
as a whole (:class:`ReplaceListCommand`); Edit JSON and Plan periods swap the model
(:class:`ReplaceModelCommand`). Command texts use the form's labels (``Edit target 1 name``).
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from app.domain.base import WireModel
from app.domain.wirepath import describe_path, resolve_parent, unset

if TYPE_CHECKING:
    from app.ui.document.document import PayloadDocument

_SET_VALUE_ID = 4711


class SetValueCommand(QUndoCommand):
    """Set one field at a wire path; consecutive typing in the same field merges."""

    def __init__(
        self, document: PayloadDocument, path: str, value: Any, merge: bool, new_step: bool = False
    ) -> None:
        super().__init__(f"Edit {describe_path(type(document.model), path)}")
        self.document = document
        self.path = path
        self.new = value
        self.merge = merge  # later typing in this field may join this step
        self.joins = merge and not new_step  # this edit may join the step before it
        self.old: Any = None
        self.was_set = False
        self.created: list[tuple[WireModel, str]] = []

    def id(self) -> int:
        return _SET_VALUE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            not isinstance(other, SetValueCommand)
            or not (self.merge and other.joins)
            or other.path != self.path
        ):
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        parent, key, created = resolve_parent(self.document.model, self.path, create=True)
        self.created = created
        if isinstance(key, int):
            self.old, self.was_set = parent[key], True
            parent[key] = self.new
        else:
            self.old, self.was_set = getattr(parent, key), key in parent.model_fields_set
            if self.new is None:
                unset(parent, key)
            else:
                setattr(parent, key, self.new)
        self.document.changed.emit(self.path)

    def undo(self) -> None:
        parent, key, _ = resolve_parent(self.document.model, self.path)
        if isinstance(key, int):
            parent[key] = self.old
        elif self.was_set:
            setattr(parent, key, self.old)
        else:
            unset(parent, key)
        for owner, attribute in reversed(self.created):
            unset(owner, attribute)
        self.document.changed.emit(self.path)


class ReplaceListCommand(QUndoCommand):
    """Replace a list field (periods, targets, filters...) with a new list of the same items."""

    def __init__(self, document: PayloadDocument, list_path: str, items: list[Any], text: str) -> None:
        super().__init__(text)
        self.document = document
        self.path = list_path
        self.new = items
        self.old: list[Any] | None = None
        self.was_set = False

    def redo(self) -> None:
        parent, key, _ = resolve_parent(self.document.model, self.path, create=True)
        assert isinstance(key, str)
        current = getattr(parent, key)
        self.old = list(current) if current is not None else None
        self.was_set = key in parent.model_fields_set
        setattr(parent, key, list(self.new))
        self.document.changed.emit(self.path)

    def undo(self) -> None:
        parent, key, _ = resolve_parent(self.document.model, self.path)
        assert isinstance(key, str)
        if self.was_set:
            setattr(parent, key, self.old)
        else:
            unset(parent, key)
        self.document.changed.emit(self.path)


class ReplaceModelCommand(QUndoCommand):
    """Swap the whole model (kept as deep copies so later edits cannot leak into the history)."""

    def __init__(self, document: PayloadDocument, model: WireModel, text: str) -> None:
        super().__init__(text)
        self.document = document
        self.new = model
        self.old = copy.deepcopy(document.model)

    def redo(self) -> None:
        self.document.model = copy.deepcopy(self.new)
        self.document.changed.emit("")

    def undo(self) -> None:
        self.document.model = copy.deepcopy(self.old)
        self.document.changed.emit("")
