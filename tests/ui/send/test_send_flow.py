"""Send from the window against a real loopback sandbox: profiles typed into the dialog,
Ctrl+Enter, the questions, progress and Cancel, the answer, Go to field, Check by name."""

from __future__ import annotations

from typing import Any

import keyring.errors
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton

from app.domain.target_groups.validate import load_payload
from app.sandbox.faults import Faults
from app.sandbox.server import SandboxServer
from app.services.history import History
from app.services.send_outcome import SendStatus
from tests.domain.payloads import valid_payload
from tests.services import sending_support as support
from tests.services.sending_support import posts

keychain = support.keychain
sandbox = support.sandbox
embedded_sandbox_stopped = support.embedded_sandbox_stopped

pytestmark = pytest.mark.gui


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def add_profile(
    qtbot,
    window,
    host: str,
    name: str = "Test org",
    till: str = "till.one",
    password: str = "secret-one",
    *,
    production: bool = False,
    timeout: int | None = None,
) -> None:
    """Type a Basic profile into the Profiles dialog, save it and choose it for Send."""
    ext = window.send
    dialog = ext.open_profiles()
    qtbot.waitUntil(lambda: dialog.state is not None)
    click(qtbot, dialog.new_button)
    qtbot.keyClicks(dialog.name_edit, name)
    qtbot.keyClicks(dialog.host_combo.lineEdit(), host)
    qtbot.keyClicks(dialog.identity_edit, till)
    qtbot.keyClicks(dialog.secret_edit, password)
    if production:
        click(qtbot, dialog.production_check)
    if timeout is not None:
        dialog.timeout_spin.lineEdit().selectAll()
        qtbot.keyClicks(dialog.timeout_spin, str(timeout))
    with qtbot.waitSignal(dialog.profilesChanged, timeout=5000):
        click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: ext.picker.current_profile().name == name, timeout=5000)
    dialog.close()


def name_check(window, on: bool) -> None:
    """Send › Check the name before sending, as picked from the menu (it starts on)."""
    action = window.send.check_name_action
    if action.isChecked() != on:
        action.trigger()
    assert action.isChecked() is on


def use_payload(window, qtbot, name: str = "Spend 5000 in March", **changes: Any) -> None:
    data = valid_payload()
    data.update(name=name, **changes)
    group = load_payload(data).group
    assert group is not None
    window.document.load(group, None)
    qtbot.waitUntil(lambda: f'"{name}"' in window.preview.toPlainText())


def press_send(window, qtbot) -> None:
    """Ctrl+Enter in the form, as an operator would."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    target = window.focusWidget() or window
    qtbot.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def answer(qtbot, window, yes: bool) -> str:
    flow = window.send.flow
    qtbot.waitUntil(lambda: flow.question_box is not None, timeout=5000)
    box: QMessageBox = flow.question_box
    text = box.text()
    button = box.button(QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No)
    click(qtbot, button)
    return text


def wait_outcome(qtbot, window, timeout: int = 15000):
    flow = window.send.flow
    with qtbot.waitSignal(flow.finished, timeout=timeout) as blocker:
        pass
    return blocker.args[0]


@pytest.mark.usefixtures("keychain")
def test_a_basic_profile_typed_in_the_dialog_sends_the_sample_and_shows_the_new_id(
    qtbot, sample_window, sandbox: SandboxServer
) -> None:
    window = sample_window
    add_profile(qtbot, window, sandbox.url)
    flow = window.send.flow
    with qtbot.waitSignal(flow.finished, timeout=15000) as done:
        press_send(window, qtbot)  # warnings do not ask unless Strict checks is on
    outcome = done.args[0]
    stored = sandbox.store.all()
    assert outcome.created and len(stored) == 1
    dialog = flow.result_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.id_edit.text() == str(stored[0]["id"])
    assert dialog.name_edit.text() == "uatTargetGroup130"
    click(qtbot, dialog.copy_button)
    assert QGuiApplication.clipboard().text() == f"{stored[0]['id']}\tuatTargetGroup130"
    assert f"id {stored[0]['id']}" in window.statusBar().currentMessage()
    assert window.send.send_action.isEnabled()


@pytest.mark.usefixtures("keychain")
def test_validation_errors_block_the_send_and_focus_problems(qtbot, window, sandbox: SandboxServer) -> None:
    add_profile(qtbot, window, sandbox.url)
    use_payload(window, qtbot, "Broken")
    window.document.set_value("targets[0].name", "n" * 201)  # 310008: at most 200 characters
    qtbot.waitUntil(
        lambda: "error" in window.counts_label.text() and "0 errors" not in window.counts_label.text()
    )
    flow = window.send.flow
    with qtbot.waitSignal(flow.blocked, timeout=5000) as blocked:
        press_send(window, qtbot)
    assert [p.path for p in blocked.args[0]] == ["targets[0].name"]
    assert window.statusBar().currentMessage().startswith("Not sent: 1 error must be fixed first")
    assert window.problems_view.isVisible() and window.problems_view.height() > 40
    selected = window.problems_view.selectionModel().selectedRows()
    assert selected and window.problems_view.problems_model.problem(selected[0].row()).is_error
    # ...and the form went to the field of that first error
    assert window.tabs.currentWidget() is window.targets_tab
    name = window.targets_tab.form.fields["name"].editor
    assert window.focusWidget() is name
    assert name.property("problem") == "error"
    assert posts(sandbox) == 0 and History().search() == []
    assert window.send.send_action.isEnabled()


@pytest.mark.usefixtures("keychain")
def test_with_strict_checks_no_to_the_warnings_question_sends_nothing(
    qtbot, sample_window, sandbox: SandboxServer
) -> None:
    add_profile(qtbot, sample_window, sandbox.url)
    sample_window.send.strict_action.trigger()
    assert sample_window.settings.qsettings.value("send/strictChecks") in (True, "true")
    flow = sample_window.send.flow
    with qtbot.waitSignal(flow.declined, timeout=5000):
        press_send(sample_window, qtbot)
        assert "3 warnings. Send anyway?" in answer(qtbot, sample_window, yes=False)
    assert posts(sandbox) == 0 and History().search() == []
    assert sample_window.statusBar().currentMessage() == "Not sent."
    assert sample_window.send.send_action.isEnabled()


@pytest.mark.usefixtures("keychain")
def test_a_production_profile_asks_naming_host_and_group(qtbot, window, sandbox: SandboxServer) -> None:
    add_profile(qtbot, window, sandbox.url, "Live org", production=True)
    assert window.send.picker.currentText() == "Live org (production)"
    use_payload(window, qtbot, "Live group")
    flow = window.send.flow
    with qtbot.waitSignal(flow.declined, timeout=5000):
        press_send(window, qtbot)
        question = answer(qtbot, window, yes=False)
    assert "PRODUCTION" in question and "'Live group'" in question
    assert sandbox.url.rstrip("/") in question
    assert posts(sandbox) == 0
    with qtbot.waitSignal(flow.finished, timeout=15000) as done:
        press_send(window, qtbot)
        answer(qtbot, window, yes=True)
    assert done.args[0].created and posts(sandbox) == 1


@pytest.mark.usefixtures("keychain")
def test_a_production_profile_looks_different_until_the_sandbox_is_picked_again(
    qtbot, window, sandbox: SandboxServer
) -> None:
    picker = window.send.picker
    status = window.statusBar()
    assert picker.styleSheet() == "" and status.styleSheet() == ""
    sandbox_shot = status.grab().toImage().pixelColor(3, 3)
    add_profile(qtbot, window, sandbox.url, "Live org", production=True)
    assert window.windowTitle().startswith("PRODUCTION (Live org) — ")
    assert "border" in picker.styleSheet() and "font-weight: bold" in picker.styleSheet()
    assert window.production_label.isVisible()
    assert window.production_label.text() == "Sending to PRODUCTION: Live org"
    assert status.grab().toImage().pixelColor(3, 3) != sandbox_shot  # the status area changed colour
    picker.setCurrentIndex(picker.findText("Local sandbox"))  # as if picked from the list
    assert not window.windowTitle().startswith("PRODUCTION")
    assert picker.styleSheet() == "" and status.styleSheet() == ""
    assert not window.production_label.isVisible()


@pytest.mark.usefixtures("keychain")
def test_send_is_disabled_while_in_flight_so_nothing_is_sent_twice(
    qtbot, window, sandbox: SandboxServer
) -> None:
    add_profile(qtbot, window, sandbox.url)
    use_payload(window, qtbot, "Once only")
    sandbox.set_faults(Faults(latency_ms=1200))
    ext = window.send
    flow = ext.flow
    with qtbot.waitSignal(flow.finished, timeout=15000) as done:
        press_send(window, qtbot)
        qtbot.waitUntil(lambda: flow.progress_dialog is not None, timeout=5000)
        assert not ext.send_action.isEnabled()
        button = window.toolbar.widgetForAction(ext.send_action)
        assert not button.isEnabled()
        assert ext.send() is False
        qtbot.wait(200)
        assert flow.progress_dialog is not None and "Once only" in flow.progress_dialog.labelText()
    assert done.args[0].created
    assert posts(sandbox) == 1 and len(History().search()) == 1
    assert ext.send_action.isEnabled()


@pytest.mark.usefixtures("keychain")
def test_cancel_while_waiting_says_the_group_may_exist(qtbot, window, sandbox: SandboxServer) -> None:
    add_profile(qtbot, window, sandbox.url)
    use_payload(window, qtbot, "Cancelled one")
    sandbox.set_faults(Faults(latency_ms=1500))
    flow = window.send.flow
    with qtbot.waitSignal(flow.finished, timeout=15000) as done:
        press_send(window, qtbot)
        qtbot.waitUntil(lambda: posts(sandbox) == 1, timeout=5000)
        cancel = flow.progress_dialog.findChild(QPushButton)
        click(qtbot, cancel)
    outcome = done.args[0]
    assert outcome.status is SendStatus.CANCELLED and outcome.outcome_unknown
    dialog = flow.result_dialog
    assert dialog is not None and dialog.check_button is not None
    assert "may have been created" in dialog.headline.text()
    assert window.send.send_action.isEnabled()


@pytest.mark.usefixtures("keychain")
def test_a_taken_name_is_refused_and_go_to_field_focuses_the_name(
    qtbot, window, sandbox: SandboxServer
) -> None:
    add_profile(qtbot, window, sandbox.url)
    name_check(window, False)  # so that the server itself refuses the taken name
    use_payload(window, qtbot, "Taken")
    flow = window.send.flow
    with qtbot.waitSignal(flow.finished, timeout=15000):
        press_send(window, qtbot)
    use_payload(window, qtbot, "TAKEN", description="another description")
    with qtbot.waitSignal(flow.finished, timeout=15000) as done:
        press_send(window, qtbot)
    assert done.args[0].status is SendStatus.REJECTED
    status = window.statusBar().currentMessage()
    assert "310069" in status and not status.endswith(":")  # the line says what the error was
    dialog = flow.result_dialog
    texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.headline)))
    assert "310069" in texts and "already exists" in texts.lower()
    assert "names are compared ignoring case" in texts  # our explanation
    dialog.raw_button.click()
    assert "X-Cap-Requestid: " in dialog.raw_view.toPlainText() and dialog.raw_view.isVisible()
    window.tabs.setCurrentIndex(2)
    assert dialog.go_buttons["name"].text() == "Go to group name"  # the form's words, not "name"
    click(qtbot, dialog.go_buttons["name"])
    assert window.tabs.currentWidget() is window.group_tab
    name_editor = window.group_tab.fields["name"].editor
    assert window.focusWidget() is name_editor and isinstance(name_editor, QLineEdit)
    assert posts(sandbox) == 2


@pytest.mark.usefixtures("keychain")
def test_the_name_check_is_on_by_default_and_catches_a_taken_name_before_sending(
    qtbot, window, sandbox: SandboxServer
) -> None:
    assert window.send.check_name_action.isChecked()
    add_profile(qtbot, window, sandbox.url)
    use_payload(window, qtbot, "Taken")
    flow = window.send.flow
    with qtbot.waitSignal(flow.finished, timeout=15000):
        press_send(window, qtbot)
    use_payload(window, qtbot, "taken", description="changed, so not a repeat")
    with qtbot.waitSignal(flow.finished, timeout=15000) as done:
        press_send(window, qtbot)
    assert done.args[0].status is SendStatus.NAME_TAKEN
    assert posts(sandbox) == 1  # the sandbox answered the name check; nothing more was created
    assert "already exists" in window.statusBar().currentMessage()
    assert len(sandbox.store.all()) == 1


@pytest.mark.usefixtures("keychain")
def test_after_a_timeout_check_by_name_finds_the_group(qtbot, window, sandbox: SandboxServer) -> None:
    add_profile(qtbot, window, sandbox.url, timeout=1)
    assert window.send.profile.timeout_seconds == 1
    name_check(window, False)  # the slow answer is the create's, not the name check's
    use_payload(window, qtbot, "Slow one")
    sandbox.set_faults(Faults(latency_ms=1800))
    flow = window.send.flow
    with qtbot.waitSignal(flow.finished, timeout=15000) as done:
        press_send(window, qtbot)
    outcome = done.args[0]
    assert outcome.status is SendStatus.FAILED and outcome.outcome_unknown
    sandbox.set_faults(None)
    qtbot.waitUntil(lambda: bool(sandbox.store.all()), timeout=5000)
    dialog = flow.result_dialog
    click(qtbot, dialog.check_button)
    qtbot.waitUntil(lambda: "exists" in dialog.check_label.text(), timeout=10000)
    assert "do not send it again" in dialog.check_label.text()
    assert str(sandbox.store.all()[0]["id"]) in dialog.check_label.text()
    assert posts(sandbox) == 1


@pytest.mark.usefixtures("embedded_sandbox_stopped")
def test_the_local_sandbox_is_the_default_and_copy_as_curl_names_its_host(qtbot, window) -> None:
    ext = window.send
    assert ext.picker.currentText() == "Local sandbox"
    use_payload(window, qtbot, "First steps")
    with qtbot.waitSignal(ext.flow.finished, timeout=15000) as done:
        press_send(window, qtbot)
    assert done.args[0].created, done.args[0].message
    window.menu_actions["copy_curl"].trigger()
    command = QGuiApplication.clipboard().text()
    assert command.startswith("curl --request POST http://127.0.0.1:")
    assert "<YOUR_CREDENTIALS>" in command and "First steps" in command


@pytest.mark.usefixtures("embedded_sandbox_stopped")
def test_a_locked_keychain_asks_for_the_password_for_this_session(
    qtbot, window, sandbox: SandboxServer, keychain, monkeypatch
) -> None:
    """The keychain's unlock prompt was dismissed: Send says so, asks for the password, sends with
    it, and keeps it in memory only (nothing is written to the keychain)."""
    add_profile(qtbot, window, sandbox.url)
    stored = dict(keychain.entries)

    def locked(service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection: Prompt dismissed.")

    monkeypatch.setattr(keychain, "get_password", locked)
    name_check(window, False)
    use_payload(window, qtbot, "Locked keychain spend")
    flow = window.send.flow
    press_send(window, qtbot)
    qtbot.waitUntil(lambda: flow.secret_dialog is not None and flow.secret_dialog.isVisible(), timeout=10000)
    dialog = flow.secret_dialog
    assert "keychain is locked" in dialog.labelText() and "never stored" in dialog.labelText()
    editor = dialog.findChild(QLineEdit)
    assert editor is not None and editor.echoMode() is QLineEdit.EchoMode.Password
    qtbot.keyClicks(editor, "secret-one")
    with qtbot.waitSignal(flow.finished, timeout=15000) as done:
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    outcome = done.args[0]
    assert outcome.status.value == "created", outcome.message
    assert [g["name"] for g in sandbox.store.all()] == ["Locked keychain spend"]
    assert keychain.entries == stored  # the password given was not written anywhere
