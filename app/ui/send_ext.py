"""Send: the profile picker, the Send action (Ctrl+Enter), the Send menu, profiles and history.

Installed through :mod:`app.ui.extensions`. The window gets one :class:`SendExtension`
(``window.send_extension``) holding its one :class:`~app.services.sending.Sender`, which
is closed by a close hook. The sender and the send flow are made on first use: they bring
in HTTP, the keychain and the history database (SQLite), which the window does not need
to be usable. The chosen profile's host is handed to Copy as curl (as the
document's ``curlHost`` property), never a credential.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QStyle

from app.services.profiles import Profile
from app.ui.send_open import open_as_draft
from app.ui.send_picker import ProfilePicker

if TYPE_CHECKING:
    from app.services.sending import Sender
    from app.ui.history_window import HistoryWindow
    from app.ui.main_window import MainWindow
    from app.ui.profiles_dialog import ProfilesDialog
    from app.ui.send_flow import SendFlow

#: Remembers whether to ask isValidName before each POST.
CHECK_NAME_KEY = "send/checkNameFirst"
#: Strict checks: treat warnings as something to confirm before each send (off by default).
STRICT_KEY = "send/strictChecks"


class SendExtension(QObject):
    """The window's send feature: picker, actions, the flow, and the dialogs it opens."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._send_service: Sender | None = None
        self._flow: SendFlow | None = None
        self.picker = ProfilePicker(window.settings, window)
        self.profiles_dialog: ProfilesDialog | None = None
        self.history_window: HistoryWindow | None = None
        self._build_actions()
        self.picker.profileChanged.connect(self._profile_changed)
        self.picker.loadFailed.connect(lambda text: window.statusBar().showMessage(text, 10000))
        window.close_hooks.append(self.close)
        self._profile_changed(self.picker.current_profile())
        self.picker.reload()

    def _action(self, text: str, slot: Any, tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        window = self.window
        self.send_action = self._action("Sen&d", self.send, "Send the payload to the chosen profile")
        self.send_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.send_action.setIcon(window.style().standardIcon(QStyle.StandardPixmap.SP_ArrowRight))
        self.profiles_action = self._action(
            "&Profiles…", self.open_profiles, "Add, edit or remove where payloads are sent"
        )
        self.history_action = self._action("&History…", self.open_history, "Every submission, searchable")
        self.check_name_action = QAction("Check the &name before sending", window)
        self.check_name_action.setCheckable(True)
        self.check_name_action.setToolTip("Ask the server whether the name is free before each send")
        stored = window.settings.qsettings.value(CHECK_NAME_KEY, False)
        self.check_name_action.setChecked(stored in (True, "true"))
        self.check_name_action.toggled.connect(self._check_name_toggled)
        self.strict_action = QAction("&Strict checks: ask about warnings", window)
        self.strict_action.setCheckable(True)
        self.strict_action.setToolTip(
            "Treat warnings as errors to confirm: Send asks before sending a payload that has any"
        )
        self.strict_action.setChecked(window.settings.qsettings.value(STRICT_KEY, False) in (True, "true"))
        self.strict_action.toggled.connect(self._strict_toggled)
        menu = window.menuBar().addMenu("&Send")
        self.send_menu = menu
        menu.addAction(self.send_action)
        menu.addAction(self.check_name_action)
        menu.addAction(self.strict_action)
        menu.addSeparator()
        menu.addActions([self.profiles_action, self.history_action])
        window.toolbar.addSeparator()
        label = QLabel(" Send to: ", window)
        label.setBuddy(self.picker)
        window.toolbar.addWidget(label)
        window.toolbar.addWidget(self.picker)
        window.toolbar.addAction(self.send_action)

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
            from app.ui.send_flow import SendFlow

            flow = SendFlow(self.window, self.send_service)
            flow.check_name_first = self.check_name_action.isChecked()
            flow.strict_checks = self.strict_action.isChecked()
            flow.busyChanged.connect(lambda busy: self.send_action.setEnabled(not busy))
            flow.finished.connect(lambda _outcome: self._profile_changed(self.profile))  # sandbox URL
            self._flow = flow
        return self._flow

    def _check_name_toggled(self, checked: bool) -> None:
        if self._flow is not None:
            self._flow.check_name_first = checked
        self.window.settings.qsettings.setValue(CHECK_NAME_KEY, checked)

    def _strict_toggled(self, checked: bool) -> None:
        if self._flow is not None:
            self._flow.strict_checks = checked
        self.window.settings.qsettings.setValue(STRICT_KEY, checked)

    @property
    def profile(self) -> Profile:
        return self.picker.current_profile()

    def send(self) -> bool:
        """Send the open payload to the chosen profile (the Send button and Ctrl+Enter)."""
        if not self.send_action.isEnabled():
            return False
        return self.flow.start(self.profile)

    def _profile_changed(self, profile: Profile) -> None:
        self.window.document.setProperty("curlHost", _curl_host(profile))
        where = "PRODUCTION " if profile.production else ""
        self.send_action.setToolTip(f"Send the payload to {where}{profile.name} ({profile.host_label})")

    def open_profiles(self) -> ProfilesDialog:
        from app.ui.profiles_dialog import ProfilesDialog

        if self.profiles_dialog is not None:
            self.profiles_dialog.close()
            self.profiles_dialog.deleteLater()
        dialog = ProfilesDialog(self.window)
        dialog.profilesChanged.connect(lambda name: self.picker.reload(select=name or None))
        dialog.open()
        self.profiles_dialog = dialog
        return dialog

    def open_history(self) -> HistoryWindow:
        from app.ui.history_window import HistoryWindow

        if self.history_window is None:
            service = self.send_service  # made here, on the GUI thread, not in the reader
            self.history_window = HistoryWindow(
                lambda: service.history,
                lambda payload, label: open_as_draft(self.window, payload, label),
                self.window,
            )
        self.history_window.show()
        self.history_window.raise_()
        self.history_window.reload()
        return self.history_window

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


def install(window: MainWindow) -> None:
    window.send_extension = SendExtension(window)  # type: ignore[attr-defined]
