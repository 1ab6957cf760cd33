"""One press of Send: check, ask, submit once off the GUI thread, show the answer.

The steps are those of :class:`~app.services.sending.Sender`: ``prepare`` (rules and the
duplicate check, which reads the history database, so it runs in the background), then
the plan's questions one at a time in non-blocking message boxes (production first,
then a recent identical send, then warnings), then ``send`` with a progress dialog whose
Cancel sets the sender's cancel event. From the press until the answer, :attr:`busy` is
True and the Send action is disabled, so a payload cannot be submitted twice.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox, QProgressDialog

from app.domain.problems import Problem, Severity
from app.domain.wirepath import describe_path
from app.services.api_result import ApiError
from app.services.profiles import AuthKind, Profile
from app.services.send_outcome import NameCheck, SendOutcome, SendStatus
from app.services.send_plan import SendPlan
from app.services.sending import Sender
from app.ui.common.workers import run_in_background
from app.ui.send.result_dialog import SendResultDialog
from app.ui.widgets.dialogs import open_freed

if TYPE_CHECKING:
    from app.ui.common.context import WindowContext


class SendFlow(QObject):
    """The send state of one window.

    Signals:
        busyChanged(bool): a send started (True) or ended (False).
        progressed(str): a stage of the request ("Sending"); emitted from the worker thread.
        blocked(list): our rules found errors; nothing was sent.
        declined(): the operator said No to a question; nothing was sent.
        finished(object): the :class:`SendOutcome` of a submission.
    """

    busyChanged = Signal(bool)
    progressed = Signal(str)
    blocked = Signal(list)
    declined = Signal()
    finished = Signal(object)

    def __init__(self, context: WindowContext, sender: Sender) -> None:
        super().__init__(context.window)
        self.context = context
        self.window = context.window
        self.send_service = sender
        self.busy = False
        self.check_name_first = False
        self.strict_checks = False
        self.plan: SendPlan | None = None
        self.question_box: QMessageBox | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.result_dialog: SendResultDialog | None = None
        self.secret_dialog: QInputDialog | None = None
        self.cancel_event = threading.Event()
        self._questions: list[str] = []
        self.progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)

    def start(self, profile: Profile) -> bool:
        """Begin a send of the document as it is now; False when one is already under way."""
        if self.busy:
            self._status("A send is already under way; wait for its answer.")
            return False
        self._set_busy(True)
        document = self.context.document
        document.show_all_marks()  # Send was tried: every field shows its problems now
        model = document.model.model_copy(deep=True)
        self._status(f"Checking '{document.title or 'Untitled'}' before sending to {profile.name}…")
        task = run_in_background(self.send_service.prepare, model, profile, kind=document.kind)
        task.signals.finished.connect(self._prepared)
        task.signals.failed.connect(self._prepare_failed)
        return True

    def _prepared(self, plan: SendPlan) -> None:
        plan.ask_about_warnings = self.strict_checks
        self.plan = plan
        if plan.blocked:
            self._set_busy(False)
            self._show_blocked(plan.errors)
            return
        self._questions = list(plan.questions)
        self._ask_next()

    def _prepare_failed(self, error: object) -> None:
        self._set_busy(False)
        self._status("Nothing was sent.")
        self.context.show_error(
            "Cannot send", f"The send could not be prepared, so nothing was sent:\n{error}"
        )

    def _show_blocked(self, errors: list[Problem]) -> None:
        """Nothing was sent: show the Problems list with the first error selected, and go to its field."""
        count = len(errors)
        self._status(f"Not sent: {count} error{'s' * (count != 1)} must be fixed first (see Problems).")
        first = errors[0] if errors else None
        self.context.reveal_problem(first)
        if first is not None:
            self.context.go_to_problem(first)
        self.blocked.emit(errors)

    # questions -----------------------------------------------------------------------

    def _ask_next(self) -> None:
        if not self._questions:
            self._submit()
            return
        question = self._questions.pop(0)
        production = self.plan is not None and question == self.plan.production_question
        buttons = QMessageBox.StandardButton
        box = QMessageBox(
            QMessageBox.Icon.Warning if production else QMessageBox.Icon.Question,
            "Send to production?" if production else "Send?",
            question,
            buttons.Yes | buttons.No,
            self.window,
        )
        box.setDefaultButton(buttons.No)
        box.button(buttons.Yes).setText("Send")
        box.button(buttons.No).setText("Don't send")
        box.buttonClicked.connect(lambda button: self._answered(box, button is box.button(buttons.Yes)))
        self.question_box = open_freed(box)

    def _answered(self, box: QMessageBox, yes: bool) -> None:
        box.buttonClicked.disconnect()
        self.question_box = None
        if yes:
            self._ask_next()
            return
        self._questions = []
        self._set_busy(False)
        self._status("Not sent.")
        self.declined.emit()

    # the request ---------------------------------------------------------------------

    def _submit(self) -> None:
        plan = self.plan
        assert plan is not None
        self.cancel_event = threading.Event()
        dialog = QProgressDialog(f"Sending '{plan.payload_name}' to {plan.profile.name}…", "Cancel", 0, 0)
        dialog.setParent(self.window, dialog.windowFlags())
        dialog.setWindowTitle("Sending")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        dialog.show()
        self.progress_dialog = dialog
        task = run_in_background(
            self.send_service.send,
            plan,
            confirmed=True,
            check_name=self.check_name_first,
            cancel=self.cancel_event,
            progress=self.progressed.emit,
        )
        task.signals.finished.connect(self._sent)
        task.signals.failed.connect(self._send_crashed)

    def _ask_secret(self, outcome: SendOutcome) -> None:
        """The keychain could not give the secret: ask for it, for this session only, and send."""
        from PySide6.QtWidgets import QLineEdit

        plan = self.plan
        assert plan is not None
        basic = plan.profile.auth is AuthKind.BASIC
        dialog = QInputDialog(self.window)
        dialog.setWindowTitle("Password for this session")
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.setLabelText(
            f"{outcome.message}\n\nEnter the {'password' if basic else 'client secret'} of "
            f"'{plan.profile.name}' to send now. It is kept in memory until the app quits, never stored."
        )
        dialog.setOkButtonText("Send")
        dialog.textValueSelected.connect(lambda text: self._secret_given(plan, text))
        dialog.rejected.connect(lambda: self._secret_refused(outcome))
        self.secret_dialog = open_freed(dialog)

    def _secret_given(self, plan: SendPlan, secret: str) -> None:
        if not secret:
            self._secret_refused(SendOutcome(SendStatus.CONFIG, "No password was given; nothing was sent."))
            return
        self.send_service.use_for_session(plan.profile, secret)
        self._status(f"Using the password for '{plan.profile.name}' for this session only.")
        self._submit()

    def _secret_refused(self, outcome: SendOutcome) -> None:
        self._set_busy(False)
        self._status(outcome.status_line)
        self.show_result(outcome)
        self.finished.emit(outcome)

    def cancel(self) -> None:
        """Stop waiting; a request already on the wire may still create the group (the answer says so)."""
        if self.busy and not self.cancel_event.is_set():
            self.cancel_event.set()
            if self.progress_dialog is not None:
                self.progress_dialog.setLabelText("Cancelling…")
                self.progress_dialog.setCancelButton(None)

    def _show_progress(self, text: str) -> None:
        if self.progress_dialog is not None and not self.cancel_event.is_set():
            plan = self.plan
            what = f" '{plan.payload_name}' to {plan.profile.name}" if plan else ""
            self.progress_dialog.setLabelText(f"{text}{what}…")

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect()
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _sent(self, outcome: SendOutcome) -> None:
        self._close_progress()
        if outcome.needs_secret and self.plan is not None:
            self._ask_secret(outcome)
            return
        self._set_busy(False)
        self._status(outcome.status_line)
        self.show_result(outcome)
        self.finished.emit(outcome)

    def _send_crashed(self, error: object) -> None:
        self._close_progress()
        self._set_busy(False)
        self._status("Sending failed.")
        self.context.show_error(
            "Sending failed",
            f"Sending stopped on an unexpected error: {error}\n\nThe group may or may not exist; "
            "look at Send › History before sending again.",
        )

    # the answer ----------------------------------------------------------------------

    def show_result(self, outcome: SendOutcome) -> SendResultDialog:
        if self.result_dialog is not None:
            self.result_dialog.close()
            self.result_dialog.deleteLater()
        checker = self._check_name if outcome.outcome_unknown and self.plan is not None else None
        model_class = type(self.context.document.model)
        dialog = SendResultDialog(
            outcome,
            self._go_to_field,
            checker,
            self.window,
            describe=lambda path: describe_path(model_class, path),
        )
        dialog.show()
        self.result_dialog = dialog
        return dialog

    def _go_to_field(self, path: str, error: ApiError) -> None:
        problem = Problem(path, Severity.ERROR, "server", error.message, error.code)
        self.window.raise_()
        self.window.activateWindow()
        self.context.go_to_problem(problem)

    def _check_name(self) -> None:
        plan = self.plan
        if plan is None:
            return
        task = run_in_background(self.send_service.check_name, plan.profile, plan.payload_name)
        task.signals.finished.connect(self._name_checked)
        task.signals.failed.connect(
            lambda exc: self._name_checked(NameCheck(None, f"The check failed: {exc}"))
        )

    def _name_checked(self, check: NameCheck) -> None:
        self._status(check.message)
        if self.result_dialog is not None:
            self.result_dialog.show_name_check(check)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busyChanged.emit(busy)

    def _status(self, text: str) -> None:
        self.context.status(text, 10000)
