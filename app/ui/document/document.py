"""The open payload: one model of one kind, one undo stack, and a debounced refresh of preview and problems.

Every edit goes through a small ``QUndoCommand`` on :attr:`PayloadDocument.undo_stack`
(the BeeRef pattern, :mod:`app.ui.document.commands`); the window's modified marker is the
stack's clean state. Widgets never write the model directly: they call :meth:`set_value`, the
list operations or :meth:`replace_model`, and listen to :attr:`changed` to refresh what they
show. The document knows its :class:`~app.domain.kinds.PayloadKind`, and validates and names
things through it, so it holds a target group or a promotion alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from app.domain.base import WireModel
from app.domain.kinds import DEFAULT_KIND, PayloadKind, kind_named, kind_of_model
from app.domain.problems import Problem
from app.domain.wirepath import get_at, path_matches
from app.ui.document.commands import ReplaceListCommand, ReplaceModelCommand, SetValueCommand

REFRESH_DELAY_MS = 150


class PayloadDocument(QObject):
    """The payload being edited.

    Problems are always listed (Problems view, tab counts), but the marks beside fields of a
    new, blank payload wait until the operator has touched that field or tried to send (the
    "show errors after interaction" convention): see :meth:`shows_marks_at`. A payload that
    was opened, restored or made from a template shows every mark at once.

    Signals:
        changed(str): a wire path whose value changed ("" when everything may have).
        refreshed(str, list): the JSON text and the problems, shortly after edits settle.
        fileChanged(): the file path changed (opened, saved as).
        revealChanged(): more field marks are to be shown (a field was touched, Send was tried).
    """

    changed = Signal(str)
    refreshed = Signal(str, list)
    fileChanged = Signal()
    revealChanged = Signal()
    #: Another payload replaced this one (opened, new, restored): not an edit, nothing to undo.
    loaded = Signal()
    #: The payload now is of another kind (a promotion opened over a target group): emitted while
    #: loading, before any other signal, so the window swaps its pages before they read the model.
    kindChanged = Signal()
    #: The fields that cannot change now changed (see :meth:`set_locks`).
    locksChanged = Signal()

    def __init__(
        self, model: WireModel | None = None, parent: QObject | None = None, kind: PayloadKind | None = None
    ) -> None:
        super().__init__(parent)
        self.kind: PayloadKind = kind or (
            kind_of_model(model) if model is not None else kind_named(DEFAULT_KIND)
        )
        self.model: Any = model if model is not None else self.kind.new_model()
        self.undo_stack = QUndoStack(self)
        self.file_path: Path | None = None
        self.json_text = ""
        self.problems: list[Problem] = []
        #: Notes about how this payload was made (what a conversion could not carry over): listed
        #: with the problems until another payload is loaded.
        self.notes: list[Problem] = []
        self.touched: set[str] = set()
        #: Wire path pattern -> why it cannot change (a copy of a live milestone); "" is everything.
        self.locks: dict[str, str] = {}
        self.marks_everywhere = model is not None  # a given payload shows all; a blank one waits
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh_now)
        self.changed.connect(lambda _path: self._timer.start())
        self.refresh_now()

    # reading -----------------------------------------------------------------

    @property
    def title(self) -> str:
        """What the payload is called (its group or promotion name)."""
        return self.kind.name_of(self.model)

    def value(self, path: str) -> Any:
        """The current value at a wire path (``None`` when not set)."""
        return get_at(self.model, path)

    def lock_of(self, path: str) -> str | None:
        """Why the field at ``path`` cannot change now, or ``None`` when it can."""
        if not self.locks:
            return None
        if "" in self.locks:
            return self.locks[""]
        return next((why for pattern, why in self.locks.items() if path_matches(pattern, path)), None)

    def set_locks(self, locks: dict[str, str]) -> None:
        """Make fields read-only, each with its reason (``{}``: none); cleared when another payload loads."""
        if locks != self.locks:
            self.locks = dict(locks)
            self.locksChanged.emit()

    # editing -----------------------------------------------------------------

    def set_value(self, path: str, value: Any, merge: bool = False, new_step: bool = False) -> None:
        """Set one field; ``None`` clears it (left out of the JSON).

        ``merge`` joins consecutive typing in one field into one undo step; ``new_step`` starts a
        new step that later typing joins (a new visit to the field).
        """
        if self.value(path) == value and value is not None:
            return
        self.undo_stack.push(SetValueCommand(self, path, value, merge, new_step))

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

    def replace_model(self, model: WireModel, text: str) -> None:
        """Swap in a whole new model as one undoable step (Edit JSON, Plan periods)."""
        self.undo_stack.push(ReplaceModelCommand(self, model, text))

    def load(
        self, model: WireModel, path: Path | None, kind: PayloadKind | None = None, *, blank: bool = False
    ) -> None:
        """Start over with a model from a file (not undoable; the stack is cleared).

        ``blank``: a new, empty payload (File › New): its field marks wait for the operator.
        ``kind`` defaults to the kind whose model ``model`` is.
        """
        kind = kind or kind_of_model(model)
        switched = kind is not self.kind
        self.kind = kind
        self.model = model
        if switched:
            self.undo_stack.clear()  # its commands hold the other kind's model
            self.kindChanged.emit()
        self.file_path = path
        self.notes = []
        self.touched = set()
        self.set_locks({})
        self.marks_everywhere = not blank
        self.revealChanged.emit()
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.fileChanged.emit()
        self.loaded.emit()
        self.changed.emit("")
        self.refresh_now()

    def mark_saved(self, path: Path) -> None:
        self.file_path = path
        self.undo_stack.setClean()
        self.fileChanged.emit()

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    # which field marks show ---------------------------------------------------

    def shows_marks_at(self, path: str) -> bool:
        """Whether the field at ``path`` shows its problems beside it (see the class docstring)."""
        return self.marks_everywhere or path in self.touched

    def touch(self, path: str) -> None:
        """The operator visited or changed the field at ``path``: its marks show from now on."""
        if self.marks_everywhere or path in self.touched:
            return
        self.touched.add(path)
        self.revealChanged.emit()

    def show_all_marks(self) -> None:
        """Send was tried: every field shows its problems."""
        if not self.marks_everywhere:
            self.marks_everywhere = True
            self.revealChanged.emit()

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
        self.json_text = self.model.to_json()
        self.problems = self.kind.validate_model(self.model, None) + self.notes
        self.refreshed.emit(self.json_text, self.problems)

    def _list(self, list_path: str) -> list[Any]:
        return list(self.value(list_path) or [])


def _inserted(items: list[Any], index: int, new: Sequence[Any]) -> list[Any]:
    index = max(0, min(index, len(items)))
    return items[:index] + list(new) + items[index:]
