"""File › Fetch group by id…: a group from the chosen profile's server, as a new draft.

The id is asked in a non-blocking input dialog; the GET runs off the GUI thread through
the window's sender (same client, same credentials as Send); the answer is converted to
a create payload (:func:`app.domain.convert.response_to_payload`) and opened as an
unsaved draft. Every failure (no such group, network, a body that is not a group) is
shown with the profile and the id it concerns. Needs :mod:`app.ui.send_ext` installed first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog

from app.domain.convert import ConversionError, response_to_payload
from app.services.api_result import ApiResult
from app.services.profiles import Profile
from app.ui.send_open import open_as_draft
from app.ui.workers import run_in_background

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow
    from app.ui.send_ext import SendExtension


class FetchById:
    """The action, the id dialog and the request of one window."""

    def __init__(self, window: MainWindow, send: SendExtension) -> None:
        self.window = window
        self.send = send
        self.dialog: QInputDialog | None = None
        self.busy = False
        self.action = QAction("Fetch group by &id…", window)
        self.action.setStatusTip("Open a group from the chosen profile's server as a new draft")
        self.action.triggered.connect(lambda _checked=False: self.ask())
        actions = window.file_menu.actions()
        if actions:  # before Quit, the last entry
            window.file_menu.insertAction(actions[-1], self.action)
        else:
            window.file_menu.addAction(self.action)

    def ask(self) -> QInputDialog:
        profile = self.send.profile
        dialog = QInputDialog(self.window)
        dialog.setWindowTitle("Fetch group by id")
        dialog.setInputMode(QInputDialog.InputMode.IntInput)
        dialog.setIntRange(1, 2**31 - 1)
        dialog.setLabelText(f"Target group id on {profile.name} ({profile.host_label}):")
        dialog.intValueSelected.connect(lambda value: self.fetch(profile, value))
        self.dialog = dialog
        dialog.open()
        return dialog

    def fetch(self, profile: Profile, group_id: int) -> bool:
        if self.busy:
            self.window.statusBar().showMessage("A fetch is already under way.", 5000)
            return False
        self.busy = True
        self.action.setEnabled(False)
        self.window.statusBar().showMessage(f"Fetching group {group_id} from {profile.name}…")
        task = run_in_background(self.send.send_service.get_group, profile, group_id)
        task.signals.finished.connect(lambda result: self._fetched(profile, group_id, result))
        task.signals.failed.connect(lambda exc: self._failed(profile, group_id, str(exc)))
        return True

    def _done(self) -> None:
        self.busy = False
        self.action.setEnabled(True)
        self.window.statusBar().clearMessage()

    def _fetched(self, profile: Profile, group_id: int, result: ApiResult) -> None:
        self._done()
        if not result.ok:
            codes = "".join(f"\n{e.code}: {e.message}" for e in result.errors)
            self._failed(profile, group_id, f"{result.message}{codes}")
            return
        try:
            payload = response_to_payload(result.data)
        except ConversionError as exc:
            self._failed(profile, group_id, str(exc))
            return
        open_as_draft(self.window, payload, f"group {group_id} from {profile.name}")

    def _failed(self, profile: Profile, group_id: int, reason: str) -> None:
        self._done()
        self.window.show_error(
            "Cannot fetch the group",
            f"Group {group_id} could not be fetched from {profile.name} ({profile.host_label}):\n{reason}"
            "\n\nThe open payload is unchanged.",
        )


def install(window: MainWindow) -> None:
    send: SendExtension = window.send_extension  # type: ignore[attr-defined]
    window.fetch_by_id = FetchById(window, send)  # type: ignore[attr-defined]
