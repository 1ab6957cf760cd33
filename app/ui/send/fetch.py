"""File › Fetch group by id…: a group from the chosen profile's server, as a new draft.

The id is asked in a non-blocking input dialog; the GET runs off the GUI thread through
the window's sender (same client, same credentials as Send); the answer is converted to
a create payload (by the kind it holds: :func:`app.domain.kinds.convertible_kind`) and opened as an
unsaved draft. Every failure (no such group, network, a body that is not a group) is
shown with the profile and the id it concerns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog

from app.domain.convert import ConversionError
from app.domain.kinds import convertible_kind
from app.services.api_result import ApiResult
from app.services.profiles import Profile
from app.ui.common.workers import run_in_background
from app.ui.widgets.dialogs import open_freed

if TYPE_CHECKING:
    from app.ui.common.context import WindowContext
    from app.ui.send.feature import SendFeature


class FetchById:
    """The action, the id dialog and the request of one window."""

    def __init__(self, context: WindowContext, send: SendFeature) -> None:
        self.context = context
        self.window = context.window
        self.send = send
        self.dialog: QInputDialog | None = None
        self.busy = False
        self.action = context.actions.bind("fetch_by_id", self.ask)

    def ask(self) -> QInputDialog:
        profile = self.send.profile
        dialog = QInputDialog(self.window)
        dialog.setWindowTitle("Fetch group by id")
        dialog.setInputMode(QInputDialog.InputMode.IntInput)
        dialog.setIntRange(1, 2**31 - 1)
        dialog.setLabelText(f"Target group id on {profile.name} ({profile.host_label}):")
        dialog.intValueSelected.connect(lambda value: self.fetch(profile, value))
        self.dialog = open_freed(dialog, self.dialog)
        return dialog

    def fetch(self, profile: Profile, group_id: int) -> bool:
        if self.busy:
            self.context.status("A fetch is already under way.", 5000)
            return False
        self.busy = True
        self.action.setEnabled(False)
        self.context.status(f"Fetching group {group_id} from {profile.name}…", 0)
        task = run_in_background(self.send.send_service.get_group, profile, group_id)
        task.signals.finished.connect(lambda result: self._fetched(profile, group_id, result))
        task.signals.failed.connect(lambda exc: self._failed(profile, group_id, str(exc)))
        return True

    def _done(self) -> None:
        self.busy = False
        self.action.setEnabled(True)
        self.context.status("", 0)

    def _fetched(self, profile: Profile, group_id: int, result: ApiResult) -> None:
        self._done()
        if not result.ok:
            codes = "".join(f"\n{e.code}: {e.message}" for e in result.errors)
            self._failed(profile, group_id, f"{result.message}{codes}")
            return
        try:
            payload = convertible_kind(result.data).as_payload(result.data)
        except ConversionError as exc:
            self._failed(profile, group_id, str(exc))
            return
        self.context.drafts.open(payload, f"group {group_id} from {profile.name}")

    def _failed(self, profile: Profile, group_id: int, reason: str) -> None:
        self._done()
        self.context.show_error(
            "Cannot fetch the group",
            f"Group {group_id} could not be fetched from {profile.name} ({profile.host_label}):\n{reason}"
            "\n\nThe open payload is unchanged.",
        )
