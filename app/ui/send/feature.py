"""Send: the profile picker, Send (Ctrl+Enter), the Send menu, On the server, profiles, history,
Fetch by id, Copy as curl.

The window gets one :class:`SendFeature` (``window.send``) holding its one
:class:`~app.services.sending.Sender`, closed by a close hook. The sender and the send flow are
made on first use: they bring in HTTP, the keychain and the history database (SQLite), which the
window does not need to be usable. The chosen profile's host is what Copy as curl names, never a
credential.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.services.profiles import Profile
from app.ui.send.fetch import FetchById
from app.ui.send.live import LiveFeature
from app.ui.send.picker import ProfilePicker

if TYPE_CHECKING:
    from app.services.sending import Sender
    from app.ui.common.context import WindowContext
    from app.ui.send.flow import SendFlow
    from app.ui.send.history_window import HistoryWindow
    from app.ui.send.profiles_dialog import ProfilesDialog


class SendFeature(QObject):
    """The window's send feature: picker, actions, the flow, and the dialogs it opens."""

    def __init__(self, context: WindowContext) -> None:
        super().__init__(context.window)
        self.context = context
        self._send_service: Sender | None = None
        self._flow: SendFlow | None = None
        self.picker = ProfilePicker(context.settings, context.window)
        self.profiles_dialog: ProfilesDialog | None = None
        self.history_window: HistoryWindow | None = None
        bind = context.actions.bind
        self.send_action = bind("send", self.send)
        self.check_name_action = bind("check_name", self._check_name_toggled)
        self.strict_action = bind("strict", self._strict_toggled)
        self.profiles_action = bind("profiles", self.open_profiles)
        self.history_action = bind("history", self.open_history)
        self.curl_action = bind("copy_curl", self.copy_curl)
        self.fetch = FetchById(context, self)
        self.live = LiveFeature(context, self)
        context.actions.fill_slot("send_to", self.picker)
        self.picker.profileChanged.connect(self._profile_changed)
        self.picker.loadFailed.connect(lambda text: context.status(text, 10000))
        context.on_close(self.close)
        self._profile_changed(self.picker.current_profile())
        self.picker.reload()

    @property
    def send_service(self) -> Sender:
        """The window's one sender, made when something is first sent, fetched or looked up."""
        if self._send_service is None:
            from app.services.sending import Sender

            self._send_service = Sender()
        return self._send_service

    @property
    def flow(self) -> SendFlow:
        """The send flow (questions, progress, the answer), made on the first send."""
        if self._flow is None:
            from app.ui.send.flow import SendFlow

            flow = SendFlow(self.context, self.send_service)
            flow.check_name_first = self.check_name_action.isChecked()
            flow.strict_checks = self.strict_action.isChecked()
            flow.busyChanged.connect(lambda busy: self.send_action.setEnabled(not busy))
            flow.finished.connect(lambda _outcome: self._profile_changed(self.profile))  # sandbox URL
            self._flow = flow
        return self._flow

    def _check_name_toggled(self, checked: bool) -> None:
        if self._flow is not None:
            self._flow.check_name_first = checked

    def _strict_toggled(self, checked: bool) -> None:
        if self._flow is not None:
            self._flow.strict_checks = checked

    @property
    def profile(self) -> Profile:
        return self.picker.current_profile()

    def send(self) -> bool:
        """Send the open payload to the chosen profile (the Send button and Ctrl+Enter).

        A draft fetched from that profile's server goes back there as an update (with the
        changes shown first); to any other profile it is created anew.
        """
        if not self.send_action.isEnabled():
            return False
        live = self.live.copy
        if live is not None and live.profile == self.profile.name:
            return self.live.update()
        return self.flow.start(self.profile)

    def _profile_changed(self, profile: Profile) -> None:
        self.curl_host = _curl_host(profile)
        where = "PRODUCTION " if profile.production else ""
        self.send_action.setToolTip(f"Send the payload to {where}{profile.name} ({profile.host_label})")
        self.picker.show_production(profile.production)
        self.context.show_production(profile.name if profile.production else None)

    def copy_curl(self) -> str:
        """Edit › Copy as curl: the payload as a curl command for the chosen profile's host (no secrets)."""
        from app.ui.send.curl import copy_curl

        command = copy_curl(self.context.document, self.curl_host)
        self.context.status(
            "Copied a curl command; replace <API_HOST> and <YOUR_CREDENTIALS> before running it.", 6000
        )
        return command

    def open_profiles(self) -> ProfilesDialog:
        from app.ui.send.profiles_dialog import ProfilesDialog

        if self.profiles_dialog is not None:
            self.profiles_dialog.close()
            self.profiles_dialog.deleteLater()
        dialog = ProfilesDialog(self.context.window)
        dialog.profilesChanged.connect(lambda name: self.picker.reload(select=name or None))
        dialog.open()
        self.profiles_dialog = dialog
        return dialog

    def open_history(self) -> HistoryWindow:
        from app.ui.send.history_window import HistoryWindow

        if self.history_window is None:
            service = self.send_service  # made here, on the GUI thread, not in the reader
            self.history_window = HistoryWindow(
                lambda: service.history,
                self.context.drafts.open,
                self.context.window,
            )
            from app.ui.common.geometry import fit_to_screen

            fit_to_screen(self.history_window, restored=False, preferred=self.history_window.size())
        self.history_window.show()
        self.history_window.raise_()
        self.history_window.reload()
        return self.history_window

    def show_submission(self, entry_id: int, name: str) -> HistoryWindow:
        """The history window at one submission (a bulk row's result links here)."""
        window = self.open_history()
        window.show_submission(entry_id, name)
        return window

    def close(self) -> None:
        if self._flow is not None:
            self._flow.cancel()
        if self._send_service is not None:
            self._send_service.close()


def _curl_host(profile: Profile) -> str | None:
    """The host a copied curl command should name: the profile's, or the running sandbox's URL."""
    if not profile.is_sandbox:
        return profile.host
    from app.services import sandbox_runtime

    return sandbox_runtime.sandbox_url() if sandbox_runtime.is_running() else None
