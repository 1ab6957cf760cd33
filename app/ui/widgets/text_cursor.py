"""Putting the cursor where a JSON error is, in any plain-text editor (Edit JSON, pasted JSON)."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit


def put_cursor(editor: QPlainTextEdit, line: int, column: int) -> None:
    """Put the cursor at a 1-based line and column (where a JSON error is) and focus the editor."""
    block = editor.document().findBlockByLineNumber(max(line - 1, 0))
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.MoveAnchor, max(column - 1, 0))
    editor.setTextCursor(cursor)
    editor.setFocus()
