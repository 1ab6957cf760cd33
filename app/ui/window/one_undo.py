"""One undo history: Ctrl+Z and Ctrl+Shift+Z (Ctrl+Y) inside the window's text fields run the
window's Undo and Redo, not the field's own.

Qt's line edits, spin boxes and text edits keep a private undo history and claim the undo keys
for it (through a ShortcutOverride event), so Ctrl+Z in the name field emptied the field while
the toolbar still offered "Undo Edit name" and the document kept the name. Every edit already
lands in the document's undo stack as it is typed, so the field's own history is not needed:
this filter declines the shortcut override, and the key reaches the window's Undo action.

A table cell that is being edited keeps its own undo while it has uncommitted typing (that text
is not in the document yet; Esc drops it); once there is nothing of its own to undo, the keys go
to the window too. Dialogs (Edit JSON, paste) are other windows and keep their own histories.

The filter is installed on a widget when it first gets the focus (through
``QApplication.focusChanged``), so it costs nothing for the many widgets never focused.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

_TEXT_INPUTS = (QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit)
_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
_MARK = "tgbOneUndo"


class OneUndoHistory(QObject):
    """Routes the undo keys of ``window``'s text inputs to the window's actions."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focused)

    def _focused(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or not isinstance(new, _TEXT_INPUTS) or new.property(_MARK):
            return
        if new.window() is not self._window:
            return
        new.setProperty(_MARK, True)
        new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if not any(event.matches(key) for key in _KEYS):
            return False
        if isinstance(watched, QWidget) and _cell_has_own_undo(watched):
            return False
        event.ignore()
        return True  # declined: the window's Undo or Redo shortcut runs


def _cell_has_own_undo(widget: QWidget) -> bool:
    """A table cell editor with typing of its own not yet committed."""
    parent = widget.parentWidget()
    in_cell = False
    while parent is not None:
        if isinstance(parent, QAbstractItemView):
            in_cell = True
            break
        parent = parent.parentWidget()
    if not in_cell:
        return False
    line = widget if isinstance(widget, QLineEdit) else widget.findChild(QLineEdit)
    return isinstance(line, QLineEdit) and line.isUndoAvailable()
