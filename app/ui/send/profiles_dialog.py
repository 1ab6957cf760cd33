"""The Profiles dialog: where payloads are sent, and with which credentials.

The list and the form follow Vorta's repository page: pick a profile on the left, edit
it on the right, Save. Non-secret data goes to the profiles file, the password or client
secret only to the vault (:func:`~app.services.credentials.open_vault`): for Basic, the
vault keeps the MD5 digest, never the password. The secret field is a password field,
cleared after saving and never filled again; a line says where the secret is kept.
When there is no keychain, a banner says secrets last for this session only.

The profiles file and the keychain are read and written off the GUI thread (a keychain
may wait on a desktop unlock prompt).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.credentials import CredentialError, open_vault
from app.services.profiles import HOST_PRESETS, AuthKind, Profile, ProfileError, ProfileStore, make_profile
from app.ui.widgets.dialogs import open_freed
from app.ui.widgets.file_dialogs import choose_open
from app.ui.widgets.problem_marks import error_style

KEPT_PERSISTENT = "stored in the keychain"
KEPT_SESSION = "kept for this session only"


@dataclass(frozen=True)
class ProfilesState:
    """What the dialog shows, read in the background."""

    profiles: list[Profile]
    has_secret: dict[str, bool]
    persistent: bool
    notice: str | None


def read_state() -> ProfilesState:
    vault = open_vault()
    profiles = ProfileStore().load()
    secrets = {p.name: p.is_sandbox or vault.has_secret(p) for p in profiles}
    return ProfilesState(profiles, secrets, vault.persistent, vault.notice)


def save_profile(previous: Profile | None, fields: dict[str, Any], secret: str) -> str:
    """Check and store a profile and its secret; returns the new profile's name.

    Raises:
        ProfileError: a field is wrong, or the secret is needed again (new profile, or the
            name, till code or auth kind changed: secrets are kept per those).
        CredentialError: the keychain refused.
    """
    profile = make_profile(**fields)
    vault = open_vault()
    store = ProfileStore()
    moved = previous is not None and (previous.name.casefold(), previous.identity, previous.auth) != (
        profile.name.casefold(),
        profile.identity,
        profile.auth,
    )
    word = "password" if profile.auth is AuthKind.BASIC else "client secret"
    if not secret and (previous is None or (moved and vault.has_secret(previous))):
        raise ProfileError(f"Enter the {word}: it is stored per profile name and {_identity_word(profile)}.")
    if previous is not None and previous.name.casefold() != profile.name.casefold():
        store.add(profile)
        store.remove(previous.name)
    else:
        store.add(profile, replace_existing=previous is not None)
    if secret:
        vault.save_secret(profile, secret)
    if moved and previous is not None:
        vault.forget(previous)
    return profile.name


def remove_profile(profile: Profile) -> str:
    ProfileStore().remove(profile.name)
    open_vault().forget(profile)
    return profile.name


def _identity_word(profile: Profile) -> str:
    return "till code" if profile.auth is AuthKind.BASIC else "client key"


class ProfilesDialog(QDialog):
    """List, add, edit and remove profiles.

    Signals:
        loaded(): the list was (re)read.
        profilesChanged(str): a profile was saved (its name) or removed (empty).
        failed(str): a save or removal was refused; the message is also shown in the dialog.
    """

    loaded = Signal()
    profilesChanged = Signal(str)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Profiles")
        self.state: ProfilesState | None = None
        self.editing: Profile | None = None
        self.confirm_box: QMessageBox | None = None
        layout = QVBoxLayout(self)
        self.banner = QLabel(self)
        self.banner.setObjectName("keychainBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff3cd; color: #664d03; padding: 6px;")
        self.banner.hide()
        layout.addWidget(self.banner)
        body = QHBoxLayout()
        left = QVBoxLayout()
        self.list = QListWidget(self)
        self.list.setAccessibleName("Profiles")
        self.list.currentRowChanged.connect(self._selected)
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.new_button = QPushButton("&New", self)
        self.new_button.clicked.connect(self.start_new)
        self.remove_button = QPushButton("&Remove…", self)
        self.remove_button.clicked.connect(self.ask_remove)
        row.addWidget(self.new_button)
        row.addWidget(self.remove_button)
        left.addLayout(row)
        body.addLayout(left, 1)
        body.addLayout(self._build_form(), 2)
        layout.addLayout(body, 1)
        self.message = QLabel(self)
        self.message.setObjectName("profilesMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 460)
        self._set_form_enabled(False)
        self.reload()

    def _build_form(self) -> QFormLayout:
        form = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.host_combo = QComboBox(self)
        self.host_combo.setEditable(True)
        for key, url in HOST_PRESETS.items():
            self.host_combo.addItem(key)
            self.host_combo.setItemData(self.host_combo.count() - 1, url, Qt.ItemDataRole.ToolTipRole)
        self.host_combo.setToolTip("A cluster (apac, apac2, eu, us, cn) or a custom https:// address")
        self.auth_combo = QComboBox(self)
        self.auth_combo.addItem("Basic (till code + password)", AuthKind.BASIC.value)
        self.auth_combo.addItem("OAuth (client key + secret)", AuthKind.OAUTH.value)
        self.auth_combo.currentIndexChanged.connect(self._auth_changed)
        self.identity_label = QLabel("Till code:", self)
        self.identity_edit = QLineEdit(self)
        self.secret_label = QLabel("Password:", self)
        self.secret_edit = QLineEdit(self)
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_status = QLabel(self)
        self.secret_status.setObjectName("secretStatus")
        self.production_check = QCheckBox("Production (ask before every send)", self)
        self.ca_edit = QLineEdit(self)
        self.ca_edit.setPlaceholderText("optional: a PEM file of extra trusted CAs")
        self.ca_edit.setAccessibleName("CA bundle file")
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_edit, 1)
        ca_row.addWidget(browse)
        self.timeout_spin = QDoubleSpinBox(self)
        self.timeout_spin.setRange(1, 600)
        self.timeout_spin.setDecimals(0)
        self.timeout_spin.setSuffix(" s")
        self.timeout_spin.setValue(60)
        self.save_button = QPushButton("&Save profile", self)
        self.save_button.clicked.connect(self.save)
        form.addRow("Name:", self.name_edit)
        form.addRow("Host:", self.host_combo)
        form.addRow("Authentication:", self.auth_combo)
        # labels handed to addRow are not linked to their field: link them, so a screen reader says
        # "Till code" (or "Client key") and "Password" rather than "edit, blank"
        self.identity_label.setBuddy(self.identity_edit)
        self.secret_label.setBuddy(self.secret_edit)
        form.addRow(self.identity_label, self.identity_edit)
        form.addRow(self.secret_label, self.secret_edit)
        form.addRow("", self.secret_status)
        form.addRow("", self.production_check)
        form.addRow("CA bundle:", ca_row)
        form.addRow("Timeout:", self.timeout_spin)
        form.addRow("", self.save_button)
        self.form_widgets: list[QWidget] = [
            self.name_edit,
            self.host_combo,
            self.auth_combo,
            self.identity_edit,
            self.secret_edit,
            self.production_check,
            self.ca_edit,
            browse,
            self.timeout_spin,
            self.save_button,
        ]
        return form

    # loading ---------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        from app.ui.common.workers import run_in_background

        task = run_in_background(read_state)
        task.signals.finished.connect(lambda state: self._loaded(state, select))
        task.signals.failed.connect(lambda exc: self._show_message(f"Profiles could not be read: {exc}"))

    def _loaded(self, state: ProfilesState, select: str | None) -> None:
        self.state = state
        self.banner.setText(state.notice or "")
        self.banner.setVisible(not state.persistent)
        wanted = select or (self.editing.name if self.editing else None)
        self.list.blockSignals(True)
        self.list.clear()
        for profile in state.profiles:
            marker = " (production)" if profile.production else ""
            self.list.addItem(f"{profile.name}{marker}")
        self.list.blockSignals(False)
        names = [p.name.casefold() for p in state.profiles]
        row = names.index(wanted.casefold()) if wanted and wanted.casefold() in names else 0
        self.list.setCurrentRow(row)
        self._selected(row)
        self.loaded.emit()

    def _selected(self, row: int) -> None:
        if self.state is None or not 0 <= row < len(self.state.profiles):
            return
        profile = self.state.profiles[row]
        self.editing = profile
        self._fill(profile)
        self._set_form_enabled(not profile.is_sandbox)
        self.remove_button.setEnabled(not profile.is_sandbox)
        if profile.is_sandbox:
            self.secret_status.setText("Built in: uses the sandbox's demo till; nothing to enter.")

    def _fill(self, profile: Profile) -> None:
        self.name_edit.setText(profile.name)
        preset = [key for key, url in HOST_PRESETS.items() if url == profile.host]
        self.host_combo.setEditText(preset[0] if preset else profile.host_label)
        self.auth_combo.setCurrentIndex(0 if profile.auth is AuthKind.BASIC else 1)
        self.identity_edit.setText(profile.identity)
        self.secret_edit.clear()
        self.production_check.setChecked(profile.production)
        self.ca_edit.setText(profile.ca_bundle or "")
        self.timeout_spin.setValue(profile.timeout_seconds)
        stored = self.state is not None and self.state.has_secret.get(profile.name, False)
        self._show_secret_status(stored)

    def _show_secret_status(self, stored: bool) -> None:
        word = self.secret_label.text().rstrip(":")
        if not stored:
            self.secret_status.setText(f"{word}: none stored yet.")
            self.secret_edit.setPlaceholderText("")
            return
        where = KEPT_PERSISTENT if self.state is None or self.state.persistent else KEPT_SESSION
        self.secret_status.setText(f"{word}: {where}.")
        self.secret_edit.setPlaceholderText(f"{where}; type a new one to replace it")

    def start_new(self) -> None:
        """Clear the form for a new profile (the list keeps its selection until it is saved)."""
        self.editing = None
        self.list.clearSelection()
        for edit in (self.name_edit, self.identity_edit, self.secret_edit, self.ca_edit):
            edit.clear()
        self.host_combo.setEditText("")
        self.auth_combo.setCurrentIndex(0)
        self.production_check.setChecked(False)
        self.timeout_spin.setValue(60)
        self.secret_status.setText("")
        self.secret_edit.setPlaceholderText("")
        self._set_form_enabled(True)
        self.remove_button.setEnabled(False)
        self.name_edit.setFocus()

    def _set_form_enabled(self, enabled: bool) -> None:
        for widget in self.form_widgets:
            widget.setEnabled(enabled)

    def _auth_changed(self, index: int) -> None:
        basic = index == 0
        self.identity_label.setText("Till code:" if basic else "Client key:")
        self.secret_label.setText("Password:" if basic else "Client secret:")

    def _browse_ca(self) -> None:
        chosen = choose_open(self, "CA bundle", "PEM files (*.pem *.crt);;All files (*)")
        if chosen:
            self.ca_edit.setText(chosen)

    # saving and removing ---------------------------------------------------------------

    def fields(self) -> dict[str, Any]:
        return {
            "name": self.name_edit.text(),
            "host": self.host_combo.currentText(),
            "auth": str(self.auth_combo.currentData()),
            "identity": self.identity_edit.text(),
            "production": self.production_check.isChecked(),
            "ca_bundle": self.ca_edit.text().strip() or None,
            "timeout_seconds": float(self.timeout_spin.value()),
        }

    def save(self) -> None:
        from app.ui.common.workers import run_in_background

        secret = self.secret_edit.text()
        self.secret_edit.clear()  # never kept in the form, whatever happens next
        self.save_button.setEnabled(False)
        self._show_message("Saving…")
        task = run_in_background(save_profile, self.editing, self.fields(), secret)
        task.signals.finished.connect(self._saved)
        task.signals.failed.connect(self._refused)

    def _saved(self, name: str) -> None:
        self.save_button.setEnabled(True)
        self._show_message(f"Saved profile '{name}'.")
        self.editing = None
        self.reload(select=name)
        self.profilesChanged.emit(name)

    def _refused(self, error: object) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, ProfileError | CredentialError):
            text = str(error)
        else:
            text = f"Unexpected failure: {error}"
        self._show_message(f"Not saved: {text}", error=True)
        self.failed.emit(text)

    def ask_remove(self) -> None:
        profile = self.editing
        if profile is None or profile.is_sandbox:
            return
        buttons = QMessageBox.StandardButton
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Remove profile",
            f"Remove '{profile.name}' and forget its stored secret?",
            buttons.Yes | buttons.No,
            self,
        )
        box.setDefaultButton(buttons.No)
        box.buttonClicked.connect(
            lambda button: self._remove(profile) if button is box.button(buttons.Yes) else None
        )
        self.confirm_box = open_freed(box)

    def _remove(self, profile: Profile) -> None:
        from app.ui.common.workers import run_in_background

        task = run_in_background(remove_profile, profile)
        task.signals.finished.connect(self._removed)
        task.signals.failed.connect(self._refused)

    def _removed(self, name: str) -> None:
        self._show_message(f"Removed profile '{name}' and its secret.")
        self.editing = None
        self.reload()
        self.profilesChanged.emit("")

    def _show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(error_style() if error else "")
