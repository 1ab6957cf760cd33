"""The base of every field editor: one wire path of a :class:`PayloadDocument`, shown and edited.

:class:`FieldEditor` holds what all editors share (caption and tooltip from the model's
metadata, writing through ``document.set_value``, re-reading on ``document.changed``,
problem marks); :mod:`app.ui.widgets.field_widgets` has the editors themselves and
:func:`~app.ui.widgets.field_widgets.make_field`, and re-exports everything here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.base import WireModel
from app.domain.fields import field_max_length, field_required, field_title, wire_name
from app.domain.problems import Problem
from app.domain.wirepath import path_affects
from app.ui.document.document import PayloadDocument
from app.ui.widgets.problem_marks import FieldMessage, mark_widget, remember_tooltip

NOT_SET = "Not set"


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
        self._fresh_entry = True  # the next edit starts a new undo step (see commit)
        self.editor = self._build_editor()
        self.editor.installEventFilter(self)
        self.message = FieldMessage(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.editor_row = self._editor_row()
        layout.addWidget(self.editor_row)
        layout.addWidget(self.message)
        title = field_title(model, field)
        self.caption = QLabel(f"{title}{' *' if field_required(model, field) else ''}:", parent)
        self.caption.setBuddy(self.editor)
        self.editor.setAccessibleName(title)
        remember_tooltip(self.editor, self.tooltip_text())
        self.caption.setToolTip(self.tooltip_text())
        self._problems: list[Problem] = []
        document.changed.connect(self._on_changed)
        document.revealChanged.connect(self._show_marks)
        document.locksChanged.connect(self._apply_lock)
        self.refresh()
        self._apply_lock()

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

    def _apply_lock(self) -> None:
        """Read-only with the reason while the document locks this field (a live milestone's)."""
        reason = self.document.lock_of(self.path)
        self.editor_row.setEnabled(reason is None)  # the input and what goes with it (offset, clear)
        self.message.show_lock(reason)
        if reason is None:
            self._show_marks()

    def show_problems(self, problems: list[Problem]) -> None:
        """Keep this field's problems; they show once the field was touched or Send was tried."""
        self._problems = [p for p in problems if p.path == self.path]
        self._show_marks()

    def _show_marks(self) -> None:
        if self.document.locks and self.document.lock_of(self.path) is not None:
            return  # the line under the field says why it is locked
        shown = self._problems if self.document.shows_marks_at(self.path) else []
        mark_widget(self.editor, shown)
        self.message.show_problems(shown)

    def focus_editor(self) -> None:
        """Focus the input with its text selected, as Tab does, so typing replaces it."""
        self.editor.setFocus(Qt.FocusReason.TabFocusReason)
        if isinstance(self.editor, QLineEdit):
            self.editor.selectAll()

    def commit(self, value: Any, merge: bool = False) -> None:
        """Write a value the user entered (ignored while the editor itself is refreshing).

        Typing merges into one undo step per visit: coming back to the field, or starting a new
        typed entry (:meth:`start_entry`), begins a new step.
        """
        if self._updating:
            return
        if value is None and self.document.value(self.path) is None:
            return
        new_step, self._fresh_entry = self._fresh_entry, False
        self.document.set_value(self.path, value, merge=merge, new_step=new_step)
        self.document.touch(self.path)

    def start_entry(self) -> None:
        """The next edit is a new undo step (a new visit, or a fresh typed entry)."""
        self._fresh_entry = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is getattr(self, "editor", None):
            if event.type() == QEvent.Type.FocusIn:
                self.start_entry()
            elif (
                event.type() == QEvent.Type.FocusOut
                and isinstance(event, QFocusEvent)
                and event.reason() != Qt.FocusReason.PopupFocusReason
            ):
                self.focus_left()
        return False

    def focus_left(self) -> None:
        """The editor lost the focus to another field or window (not to its own popup).

        The field counts as touched: its problems show from now on.
        """
        self.document.touch(self.path)

    def _on_changed(self, changed: str) -> None:
        if path_affects(changed, self.path):
            self.refresh()
