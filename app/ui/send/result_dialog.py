"""The answer to a Send: the new id and name, or each error with a way to its field.

The dialog is not modal, so the operator can keep it open beside the form while fixing
the fields it points at. The raw response (with ``X-Cap-Requestid`` for Capillary
support) is shown on demand only, with credential headers blanked out. When the outcome
is unknown (a timeout, a dropped connection) it says the group may exist and offers a
check by name before anything is sent again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.api_result import ApiError
from app.services.history import scrub
from app.services.send_outcome import NameCheck, SendOutcome, SendStatus

_TITLES = {
    SendStatus.CREATED: "Target group created",
    SendStatus.REJECTED: "The server refused the target group",
    SendStatus.NAME_TAKEN: "The name is taken",
    SendStatus.CONFIG: "Cannot send with this profile",
    SendStatus.FAILED: "Sending failed",
    SendStatus.CANCELLED: "Sending cancelled",
    SendStatus.BUSY: "Already sending",
}


class SendResultDialog(QDialog):
    """What one send came to.

    Args:
        outcome: the send's outcome.
        go_to_field: called with ``(path, error)`` by an error's "Go to field" button.
        check_name: called (no arguments) by "Check by name"; the caller runs the check
            off the GUI thread and hands the answer to :meth:`show_name_check`.
        describe: a wire path in the form's words ("target 1 name"), for the buttons.
    """

    def __init__(
        self,
        outcome: SendOutcome,
        go_to_field: Callable[[str, ApiError], None],
        check_name: Callable[[], None] | None,
        parent: QWidget | None = None,
        describe: Callable[[str], str] = str,
    ) -> None:
        super().__init__(parent)
        self.outcome = outcome
        self._go_to_field = go_to_field
        self._describe = describe
        self.setWindowTitle(_TITLES.get(outcome.status, "Send"))
        self.setModal(False)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.headline = QLabel(outcome.message.splitlines()[0] if outcome.message else "", self)
        self.headline.setWordWrap(True)
        self.headline.setObjectName("sendHeadline")
        layout.addWidget(self.headline)
        self.id_edit: QLineEdit | None = None
        self.name_edit: QLineEdit | None = None
        self.copy_button: QPushButton | None = None
        self.go_buttons: dict[str, QPushButton] = {}
        self.check_button: QPushButton | None = None
        self.check_label: QLabel | None = None
        if outcome.created:
            self._add_created(layout)
        else:
            self._add_errors(layout)
        if outcome.outcome_unknown:
            self._add_unknown(layout, check_name)
        self._add_raw(layout)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def _add_created(self, layout: QVBoxLayout) -> None:
        form = QFormLayout()
        self.id_edit = QLineEdit(str(self.outcome.created_id), self)
        self.name_edit = QLineEdit(self.outcome.payload_name, self)
        for edit in (self.id_edit, self.name_edit):
            edit.setReadOnly(True)
        row = QHBoxLayout()
        row.addWidget(self.id_edit, 1)
        self.copy_button = QPushButton("Copy", self)
        self.copy_button.setToolTip("Copy the new id and name (id, a tab, the name)")
        self.copy_button.clicked.connect(self.copy_id_and_name)
        row.addWidget(self.copy_button)
        form.addRow("New id:", row)
        form.addRow("Name:", self.name_edit)
        layout.addLayout(form)

    def copy_id_and_name(self) -> None:
        QGuiApplication.clipboard().setText(f"{self.outcome.created_id}\t{self.outcome.payload_name}")
        self.headline.setText(f"Copied id {self.outcome.created_id} and the name.")

    def _add_errors(self, layout: QVBoxLayout) -> None:
        extra = self.outcome.message.splitlines()[1:] if not self.outcome.errors else []
        if extra:
            details = QLabel("\n".join(extra), self)
            details.setWordWrap(True)
            layout.addWidget(details)
        for error in self.outcome.errors:
            layout.addWidget(self._error_row(error))

    def _error_row(self, error: ApiError) -> QFrame:
        frame = QFrame(self)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        row = QVBoxLayout(frame)
        title = QLabel(f"<b>{error.code}</b>: {_escape(error.message)}", frame)
        title.setWordWrap(True)
        row.addWidget(title)
        if error.explanation:
            why = QLabel(error.explanation, frame)
            why.setWordWrap(True)
            row.addWidget(why)
        if error.path:
            place = self._describe(error.path)
            button = QPushButton(f"Go to {place}", frame)
            button.setToolTip(f"Show {place} in the form (sent as {error.path}).")
            button.clicked.connect(lambda _checked=False, e=error: self._go_to_field(e.path or "", e))
            row.addWidget(button)
            self.go_buttons[error.path] = button
        return frame

    def _add_unknown(self, layout: QVBoxLayout, check_name: Callable[[], None] | None) -> None:
        note = QLabel(
            f"No clear answer came, so '{self.outcome.payload_name}' may have been created anyway. "
            "Check by name before sending it again.",
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        if check_name is not None:
            self.check_button = QPushButton("Check by name", self)
            self.check_button.clicked.connect(lambda: self._checking(check_name))
            layout.addWidget(self.check_button)
        self.check_label = QLabel("", self)
        self.check_label.setWordWrap(True)
        layout.addWidget(self.check_label)

    def _checking(self, check_name: Callable[[], None]) -> None:
        if self.check_button is not None:
            self.check_button.setEnabled(False)
        if self.check_label is not None:
            self.check_label.setText("Checking the name…")
        check_name()

    def show_name_check(self, check: NameCheck) -> None:
        if self.check_label is not None:
            self.check_label.setText(check.message)
        if self.check_button is not None:
            self.check_button.setEnabled(True)

    def _add_raw(self, layout: QVBoxLayout) -> None:
        raw = self.outcome.raw_response
        self.raw_button = QPushButton("Show raw response", self)
        self.raw_button.setCheckable(True)
        self.raw_button.setEnabled(raw is not None or self.outcome.request_id is not None)
        self.raw_view = QPlainTextEdit(self)
        self.raw_view.setReadOnly(True)
        request_id = self.outcome.request_id or "(none)"
        status = self.outcome.result.status if self.outcome.result else None
        self.raw_view.setPlainText(
            f"HTTP status: {status}\nX-Cap-Requestid: {request_id}\n\n{scrub(raw) or '(no body)'}"
        )
        self.raw_view.setVisible(False)
        self.raw_button.toggled.connect(self.raw_view.setVisible)
        layout.addWidget(self.raw_button)
        layout.addWidget(self.raw_view, 1)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
