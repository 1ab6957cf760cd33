"""The Profiles dialog, typed into: secrets go to the keychain as an MD5 digest only, the
password field is never filled again, a missing keychain is said plainly, edits and removal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from app.services.credentials import NO_KEYCHAIN_NOTICE, md5_hex
from app.services.paths import data_paths
from app.services.profiles import ProfileStore
from app.ui.send.profiles_dialog import ProfilesDialog
from tests.services import sending_support as support
from tests.services.sending_support import MemoryKeyring

keychain = support.keychain
no_keychain = support.no_keychain

pytestmark = pytest.mark.gui


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def open_dialog(qtbot) -> ProfilesDialog:
    dialog = ProfilesDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=5000)
    return dialog


def type_profile(qtbot, dialog: ProfilesDialog, name: str, host: str, who: str, secret: str) -> None:
    click(qtbot, dialog.new_button)
    qtbot.keyClicks(dialog.name_edit, name)
    qtbot.keyClicks(dialog.host_combo.lineEdit(), host)
    qtbot.keyClicks(dialog.identity_edit, who)
    qtbot.keyClicks(dialog.secret_edit, secret)


def save(qtbot, dialog: ProfilesDialog) -> None:
    with (
        qtbot.waitSignal(dialog.loaded, timeout=5000),
        qtbot.waitSignal(dialog.profilesChanged, timeout=5000),
    ):
        click(qtbot, dialog.save_button)


def test_a_basic_profile_keeps_only_the_md5_digest_and_never_refills_the_password(
    qtbot, keychain: MemoryKeyring
) -> None:
    dialog = open_dialog(qtbot)
    assert dialog.list.item(0).text() == "Local sandbox" and not dialog.name_edit.isEnabled()
    assert not dialog.banner.isVisible()
    type_profile(qtbot, dialog, "EU org", "eu", "store123", "password1234")
    assert dialog.secret_edit.echoMode() is QLineEdit.EchoMode.Password
    save(qtbot, dialog)
    assert list(keychain.entries.values()) == [md5_hex("password1234")]
    profile = ProfileStore().get("eu org")
    assert (profile.host, profile.identity) == ("https://eu.api.capillarytech.com", "store123")
    assert "password1234" not in data_paths().profiles_file.read_text(encoding="utf-8")
    assert dialog.list.currentItem().text() == "EU org"
    assert dialog.secret_edit.text() == ""
    assert dialog.secret_status.text() == "Password: stored in the keychain."
    assert dialog.host_combo.currentText() == "eu"


def test_without_a_keychain_a_banner_says_secrets_last_this_session(qtbot, no_keychain: None) -> None:
    dialog = open_dialog(qtbot)
    assert dialog.banner.isVisible() and dialog.banner.text() == NO_KEYCHAIN_NOTICE
    type_profile(qtbot, dialog, "Headless", "https://apac.api.capillarytech.com", "till9", "pw-9")
    save(qtbot, dialog)
    assert dialog.secret_status.text() == "Password: kept for this session only."
    files = [p for p in Path(data_paths().config_dir).parent.rglob("*") if p.is_file()]
    assert all(md5_hex("pw-9") not in p.read_text(errors="replace") for p in files)


def test_mistakes_are_named_and_nothing_is_saved(qtbot, keychain: MemoryKeyring) -> None:
    dialog = open_dialog(qtbot)
    type_profile(qtbot, dialog, "Plain", "http://example.com", "till", "pw")
    with qtbot.waitSignal(dialog.failed, timeout=5000) as failed:
        click(qtbot, dialog.save_button)
    assert "plain http" in failed.args[0] and dialog.message.text().startswith("Not saved:")
    assert dialog.secret_edit.text() == ""  # the password is not kept in the form either
    click(qtbot, dialog.new_button)
    qtbot.keyClicks(dialog.name_edit, "No secret")
    qtbot.keyClicks(dialog.host_combo.lineEdit(), "us")
    qtbot.keyClicks(dialog.identity_edit, "till")
    with qtbot.waitSignal(dialog.failed, timeout=5000) as failed:
        click(qtbot, dialog.save_button)
    assert failed.args[0].startswith("Enter the password")
    assert ProfileStore().load()[1:] == [] and keychain.entries == {}


def test_oauth_edit_rename_and_remove(qtbot, keychain: MemoryKeyring) -> None:
    dialog = open_dialog(qtbot)
    click(qtbot, dialog.new_button)
    dialog.auth_combo.setCurrentIndex(1)
    assert dialog.identity_label.text() == "Client key:" and dialog.secret_label.text() == "Client secret:"
    qtbot.keyClicks(dialog.name_edit, "Partner")
    qtbot.keyClicks(dialog.host_combo.lineEdit(), "apac2")
    qtbot.keyClicks(dialog.identity_edit, "client-1")
    qtbot.keyClicks(dialog.secret_edit, "s3cret")
    click(qtbot, dialog.production_check)
    save(qtbot, dialog)
    assert list(keychain.entries.values()) == ["s3cret"]
    assert dialog.list.currentItem().text() == "Partner (production)"
    dialog.name_edit.selectAll()
    qtbot.keyClicks(dialog.name_edit, "Partner live")
    with qtbot.waitSignal(dialog.failed, timeout=5000) as failed:
        click(qtbot, dialog.save_button)  # secrets are kept per name: a rename needs it again
    assert failed.args[0].startswith("Enter the client secret")
    qtbot.keyClicks(dialog.secret_edit, "s3cret")
    save(qtbot, dialog)
    assert [p.name for p in ProfileStore().load()] == ["Local sandbox", "Partner live"]
    assert len(keychain.entries) == 1 and "partner live|" in next(iter(keychain.entries))[1]
    assert json.loads(data_paths().profiles_file.read_text())["profiles"][0]["production"] is True
    click(qtbot, dialog.remove_button)
    box = dialog.confirm_box
    assert isinstance(box, QMessageBox) and "Partner live" in box.text()
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        click(qtbot, box.button(QMessageBox.StandardButton.Yes))
    assert [p.name for p in ProfileStore().load()] == ["Local sandbox"] and keychain.entries == {}
