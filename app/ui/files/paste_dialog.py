"""New from pasted JSON: a text box for a payload or a response, checked before anything changes.

Invalid JSON is reported with its line and column (the cursor goes there); JSON that is not a
target group lists each problem with its path. Either way the dialog stays open with the
text exactly as pasted, and the open payload is untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFontDatabase, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.convert import ConversionError
from app.domain.curl import CurlError, looks_like_curl, read_curl
from app.services.payload_files import PayloadFileError, parse_json_text
from app.ui.widgets.problem_marks import error_style
from app.ui.widgets.text_cursor import put_cursor


class PasteJsonDialog(QDialog):
    """Paste JSON, then Create draft.

    Args:
        to_payload: turns the parsed document into a payload (converting a response).
        problems: why a payload is not a target group, or ``None`` when it is one.

    Signals:
        payloadReady(object): the payload to open as a new draft; the receiver closes the
            dialog once the draft is open (it stays, with its text, if that is cancelled).
    """

    payloadReady = Signal(object)

    def __init__(
        self,
        to_payload: Callable[[Any], Any],
        problems: Callable[[Any], str | None],
        parent: QWidget | None,
        kind_label: str,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New from pasted JSON")
        self.to_payload = to_payload
        self.problems = problems
        self.kind_label = kind_label
        intro = QLabel(
            "Paste a payload, a create/get response (its server fields are dropped), or a curl "
            "command from the API docs (its body is taken; its credentials are not kept). "
            "It opens as a new draft. Ctrl+Enter creates it."
        )
        intro.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setAccessibleName("Pasted JSON")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(error_style())
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = QPushButton("Create draft")
        self.create_button.setDefault(True)
        self.buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.clicked.connect(self.create_draft)
        self.editor.installEventFilter(self)  # Ctrl+Enter in the text creates the draft
        #: What was taken from a pasted curl command (shown once the draft is open), else "".
        self.taken = ""
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(720, 600)

    def create_draft(self) -> bool:
        """Check the text; when it is a target group, hand its payload over."""
        text = self.editor.toPlainText()
        if not text.strip():
            self._report("Paste the JSON first.")
            return False
        self.taken = ""
        if looks_like_curl(text):
            try:
                request = read_curl(text)
            except CurlError as exc:
                self._report(str(exc))
                return False
            text, self.taken = request.body, request.summary()
        try:
            payload = self.to_payload(parse_json_text(text, "The pasted text"))
        except PayloadFileError as exc:
            start = text.lstrip()[:1]
            if self.taken:
                self._report(f"{self.taken} But its body {exc.reason}")
            elif start not in ("{", "[", ""):
                self._report(
                    "Paste JSON: a payload or a response starts with { (or a curl command from the "
                    f"docs, whose body is taken). This text starts with {text.strip()[:20]!r}."
                )
            else:
                self._report(str(exc))
                if exc.line is not None and exc.column is not None:
                    put_cursor(self.editor, exc.line, exc.column)
            return False
        except ConversionError as exc:
            self._report(f"This looks like a response, but: {exc}")
            return False
        problems = self.problems(payload)
        if problems is not None:
            self._report(f"This JSON cannot be opened as a {self.kind_label}:\n" + problems)
            return False
        self.error.hide()
        self.payloadReady.emit(payload)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.editor
            and event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            if event.type() == QEvent.Type.KeyPress:
                self.create_draft()
            event.accept()
            return True
        return super().eventFilter(watched, event)

    def _report(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
