"""The open payload: one model, one undo stack, and a debounced refresh of preview and problems.

Every edit goes through a small ``QUndoCommand`` on :attr:`PayloadDocument.undo_stack`
(the BeeRef pattern); the window's modified marker is the stack's clean state. Widgets
never write the model directly: they call :meth:`set_value`, the list operations or
:meth:`replace_group`, and listen to :attr:`changed` to refresh what they show.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.domain.base import WireModel
from app.domain.models import TargetGroup
from app.domain.problems import Problem
from app.domain.validate import validate_group
from app.domain.wirepath import describe_path, get_at, resolve_parent, unset

REFRESH_DELAY_MS = 150
_SET_VALUE_ID = 4711


class PayloadDocument(QObject):
    """The payload being edited.

    Signals:
        changed(str): a wire path whose value changed ("" when everything may have).
        refreshed(str, list): the JSON text and the problems, shortly after edits settle.
        fileChanged(): the file path changed (opened, saved as).
    """

    changed = Signal(str)
    refreshed = Signal(str, list)
    fileChanged = Signal()

    def __init__(self, group: TargetGroup | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.group: TargetGroup = group if group is not None else new_group()
        self.undo_stack = QUndoStack(self)
        self.file_path: Path | None = None
        self.json_text = ""
        self.problems: list[Problem] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh_now)
        self.changed.connect(lambda _path: self._timer.start())
        self.refresh_now()

    # reading -----------------------------------------------------------------

    def value(self, path: str) -> Any:
        """The current value at a wire path (``None`` when not set)."""
        return get_at(self.group, path)

    # editing -----------------------------------------------------------------

    def set_value(self, path: str, value: Any, merge: bool = False) -> None:
        """Set one field; ``None`` clears it (left out of the JSON). ``merge`` joins typing into one step."""
        if self.value(path) == value and value is not None:
            return
        self.undo_stack.push(SetValueCommand(self, path, value, merge))

    def insert_items(self, list_path: str, index: int, items: Sequence[WireModel], text: str = "Add") -> None:
        self.undo_stack.push(
            ReplaceListCommand(self, list_path, _inserted(self._list(list_path), index, items), text)
        )

    def remove_items(self, list_path: str, indexes: Sequence[int], text: str = "Remove") -> None:
        drop = set(indexes)
        kept = [item for i, item in enumerate(self._list(list_path)) if i not in drop]
        self.undo_stack.push(ReplaceListCommand(self, list_path, kept, text))

    def move_item(self, list_path: str, source: int, target: int, text: str = "Move") -> None:
        items = list(self._list(list_path))
        if not (0 <= source < len(items) and 0 <= target < len(items)) or source == target:
            return
        items.insert(target, items.pop(source))
        self.undo_stack.push(ReplaceListCommand(self, list_path, items, text))

    def replace_list(self, list_path: str, items: Sequence[Any], text: str) -> None:
        self.undo_stack.push(ReplaceListCommand(self, list_path, list(items), text))

    def replace_group(self, group: TargetGroup, text: str) -> None:
        """Swap in a whole new model as one undoable step (Edit JSON, Plan periods)."""
        self.undo_stack.push(ReplaceGroupCommand(self, group, text))

    def load(self, group: TargetGroup, path: Path | None) -> None:
        """Start over with a model from a file (not undoable; the stack is cleared)."""
        self.group = group
        self.file_path = path
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.fileChanged.emit()
        self.changed.emit("")
        self.refresh_now()

    def mark_saved(self, path: Path) -> None:
        self.file_path = path
        self.undo_stack.setClean()
        self.fileChanged.emit()

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    # refresh -----------------------------------------------------------------

    def current_json(self) -> str:
        """The payload's JSON text as of now, reusing the last refresh unless an edit is pending.

        Dumping a big payload costs as much as validating it; autosave, Copy JSON and the
        curl export take the text the preview already has instead of dumping again.
        """
        if self._timer.isActive():
            self.refresh_now()
        return self.json_text

    def refresh_now(self) -> None:
        """Recompute the JSON text and the problems and announce them."""
        self._timer.stop()
        self.json_text = self.group.to_json()
        self.problems = validate_group(self.group)
        self.refreshed.emit(self.json_text, self.problems)

    def _list(self, list_path: str) -> list[Any]:
        return list(self.value(list_path) or [])


def new_group() -> TargetGroup:
    """A new, empty payload with the choices most operators start from."""
    return TargetGroup(
        active=True,
        name="",
        tracking_type="DEFAULT",
        target_evaluation_type="FIXED_CALENDAR_WINDOW",
        periods=[],
        targets=[],
    )


def _inserted(items: list[Any], index: int, new: Sequence[Any]) -> list[Any]:
    index = max(0, min(index, len(items)))
    return items[:index] + list(new) + items[index:]


class SetValueCommand(QUndoCommand):
    """Set one field at a wire path; consecutive typing in the same field merges."""

    def __init__(self, document: PayloadDocument, path: str, value: Any, merge: bool) -> None:
        super().__init__(f"Edit {describe_path(type(document.group), path)}")
        self.document = document
        self.path = path
        self.new = value
        self.merge = merge
        self.old: Any = None
        self.was_set = False
        self.created: list[tuple[WireModel, str]] = []

    def id(self) -> int:
        return _SET_VALUE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            not isinstance(other, SetValueCommand)
            or not (self.merge and other.merge)
            or other.path != self.path
        ):
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        parent, key, created = resolve_parent(self.document.group, self.path, create=True)
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
        parent, key, _ = resolve_parent(self.document.group, self.path)
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
        parent, key, _ = resolve_parent(self.document.group, self.path, create=True)
        assert isinstance(key, str)
        current = getattr(parent, key)
        self.old = list(current) if current is not None else None
        self.was_set = key in parent.model_fields_set
        setattr(parent, key, list(self.new))
        self.document.changed.emit(self.path)

    def undo(self) -> None:
        parent, key, _ = resolve_parent(self.document.group, self.path)
        assert isinstance(key, str)
        if self.was_set:
            setattr(parent, key, self.old)
        else:
            unset(parent, key)
        self.document.changed.emit(self.path)


class ReplaceGroupCommand(QUndoCommand):
    """Swap the whole model (kept as deep copies so later edits cannot leak into the history)."""

    def __init__(self, document: PayloadDocument, group: TargetGroup, text: str) -> None:
        super().__init__(text)
        self.document = document
        self.new = group
        self.old = copy.deepcopy(document.group)

    def redo(self) -> None:
        self.document.group = copy.deepcopy(self.new)
        self.document.changed.emit("")

    def undo(self) -> None:
        self.document.group = copy.deepcopy(self.old)
        self.document.changed.emit("")
