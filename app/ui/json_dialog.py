"""Edit JSON: paste or edit the raw payload and apply it to the form in one undoable step.

Nothing is lost on a mistake: invalid JSON is reported with its line and column and the
cursor is put there, a payload that cannot be read as a target group lists each problem
with its path, and in both cases the dialog stays open with the text as typed and the form
untouched.
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain import jsontext
from app.domain.problems import Severity
from app.domain.validate import load_payload
from app.ui.document import PayloadDocument
from app.ui.preview import JsonHighlighter
from app.ui.problem_marks import severity_color


class EditJsonDialog(QDialog):
    """A text editor over the payload JSON with Apply and Cancel."""

    def __init__(self, document: PayloadDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle("Edit JSON")
        self.resize(720, 640)
        intro = QLabel(
            "Paste or edit the payload JSON, then Apply to load it into the form (one step you can undo).",
            self,
        )
        intro.setWordWrap(True)
        self.editor = QPlainTextEdit(self)
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setAccessibleName("Payload JSON")
        self.editor.setPlainText(document.current_json())
        self.highlighter = JsonHighlighter(self.editor.document())
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("JSON error")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel, self
        )
        apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        apply_button.setDefault(True)
        apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def apply(self) -> bool:
        """Load the text into the document; on any problem report it and keep everything as is."""
        text = self.editor.toPlainText()
        try:
            raw = jsontext.parse(text).value
        except jsontext.JsonTextError as exc:
            self._report(f"The text {exc.reason}")
            if exc.line is not None and exc.column is not None:
                put_cursor(self.editor, exc.line, exc.column)
            return False
        result = load_payload(raw)
        if result.group is None:
            lines = [f"• {p.path or 'payload'}: {p.message}" for p in result.problems if p.is_error]
            self._report("This JSON cannot be loaded as a target group:\n" + "\n".join(lines[:12]))
            return False
        self.document.replace_group(result.group, "Edit JSON")
        self.accept()
        return True

    def _report(self, message: str) -> None:
        self.error.setText(message)
        self.error.setStyleSheet(f"color: {severity_color(Severity.ERROR).name()};")
        self.error.show()


def put_cursor(editor: QPlainTextEdit, line: int, column: int) -> None:
    """Put the cursor at a 1-based line and column (where a JSON error is) and focus the editor."""
    block = editor.document().findBlockByLineNumber(max(line - 1, 0))
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.MoveAnchor, max(column - 1, 0))
    editor.setTextCursor(cursor)
    editor.setFocus()
