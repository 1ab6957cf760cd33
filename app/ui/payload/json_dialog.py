"""Edit JSON: paste or edit the raw payload and apply it to the form in one undoable step.

Nothing is lost on a mistake: invalid JSON is reported with its line and column and the
cursor is put there, a payload that cannot be read as a target group lists each problem
with its path, and in both cases the dialog stays open with the text as typed and the form
untouched.
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain import jsontext
from app.domain.curl import CurlError, looks_like_curl, read_curl
from app.domain.problems import Severity
from app.ui.document.document import PayloadDocument
from app.ui.payload.preview import JsonColouring
from app.ui.widgets.problem_marks import severity_color
from app.ui.widgets.text_cursor import put_cursor


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
        self.colouring = JsonColouring(self.editor)
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
        taken = ""
        if looks_like_curl(text):  # pasted from the docs: its body, never its credentials
            try:
                request = read_curl(text)
            except CurlError as exc:
                self._report(str(exc))
                return False
            text, taken = request.body, request.summary()
        try:
            raw = jsontext.parse(text).value
        except jsontext.JsonTextError as exc:
            self._report(f"{taken} But its body {exc.reason}" if taken else f"The text {exc.reason}")
            if not taken and exc.line is not None and exc.column is not None:
                put_cursor(self.editor, exc.line, exc.column)
            return False
        from app.domain.kinds import kind_of

        kind = self.document.kind
        other = kind_of(raw, default=kind.name)
        if other is not kind:
            self._report(
                f"This JSON is a {other.label}, and the open payload is a {kind.label}. Open it as a "
                "new draft with File › New from pasted JSON (it keeps this one's undo history)."
            )
            return False
        why = kind.why_not(raw)
        if why is not None:
            self._report(f"This JSON cannot be loaded as a {kind.label}:\n{why}")
            return False
        self.document.replace_model(
            kind.load(raw).model, "Edit JSON (a curl command's body)" if taken else "Edit JSON"
        )
        self.accept()
        return True

    def _report(self, message: str) -> None:
        self.error.setText(message)
        self.error.setStyleSheet(f"color: {severity_color(Severity.ERROR).name()};")
        self.error.show()
