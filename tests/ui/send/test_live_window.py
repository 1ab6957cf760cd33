"""Live milestones in the real window, over real HTTP to a loopback sandbox: Send › On the server…,
a promotion opened from the list, its status strip through the whole lifecycle, locked fields,
and an update that shows its changes first and never overwrites the server's newer version."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from app.sandbox.server import SandboxServer
from app.services.credentials import basic_authorization, md5_hex
from app.services.history import History
from tests.promotions.payloads import valid_promotion
from tests.services import sending_support as support
from tests.ui.editors.promotions.test_promotion_editor import paste
from tests.ui.send.test_send_flow import add_profile, click, press_send

keychain = support.keychain
sandbox = support.sandbox

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("keychain")]

AUTH = {"Authorization": basic_authorization("till.one", md5_hex("secret-one"))}


def create(server: SandboxServer, name: str) -> str:
    body = valid_promotion()
    body["metadata"]["name"] = name
    answer = httpx.post(server.url + "v3/promotions", json=body, headers=AUTH)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["data"]["id"])


def stored(server: SandboxServer, promotion_id: str) -> dict[str, Any]:
    answer = httpx.get(server.url + f"v3/promotions/{promotion_id}", headers=AUTH)
    data: dict[str, Any] = answer.json()["data"]
    return data


def without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def open_from_server(qtbot, window, name: str) -> None:
    """Send › On the server…, search the name, Enter, open the first row."""
    window.menu_actions["on_server"].trigger()
    browser = window.send.live.browser
    assert browser is not None
    qtbot.waitUntil(lambda: not browser.busy.isVisible(), timeout=10000)
    browser.search.setFocus()
    qtbot.keyClicks(browser.search, name)
    qtbot.keyClick(browser.search, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: [r.name for r in browser.rows] == [name] and not browser.busy.isVisible(), timeout=10000
    )
    assert browser.open_button.isEnabled()
    click(qtbot, browser.open_button)
    qtbot.waitUntil(lambda: window.send.live.strip.isVisible(), timeout=10000)
    assert window.kind.payload.name == "promotion"


def open_three_periods(qtbot, window, sandbox: SandboxServer) -> dict[str, Any]:
    """A group whose periods ended, run and start later, made on the server and opened from the list."""
    from tests.services.test_live import _three_periods

    created: dict[str, Any] = httpx.post(
        sandbox.url + "v3/targetGroups", json=_three_periods(), headers=AUTH
    ).json()["data"]
    add_profile(qtbot, window, sandbox.url)
    window.menu_actions["on_server"].trigger()
    browser = window.send.live.browser
    assert browser is not None
    browser.kind_box.setCurrentIndex(browser.kind_box.findData("target-group"))
    qtbot.waitUntil(
        lambda: [r.name for r in browser.rows] == ["Three periods"] and not browser.busy.isVisible()
    )
    click(qtbot, browser.open_button)
    qtbot.waitUntil(lambda: window.send.live.strip.isVisible(), timeout=10000)
    return created


def strip_text(window) -> str:
    return str(window.send.live.label.text())


def offered(window) -> set[str]:
    return {verb for verb, action in window.send.live.step_actions.items() if action.isVisible()}


def step(qtbot, window, verb: str, status: str) -> None:
    live = window.send.live
    live.step_actions[verb].trigger()
    dialog = live.dialog
    if verb in ("approve", "reject"):
        assert isinstance(dialog, QInputDialog)
        qtbot.waitUntil(dialog.isVisible)
        dialog.setTextValue("Looks right")
        dialog.accept()
    elif verb == "stop":
        assert isinstance(dialog, QMessageBox) and "final" in dialog.text()
        stop = next(b for b in dialog.buttons() if b.text() == "Stop it")
        click(qtbot, stop)
    qtbot.waitUntil(lambda: f"<b>{status}</b>" in strip_text(window) and not live.busy, timeout=10000)


def test_a_promotion_moves_through_its_lifecycle_from_the_strip(
    qtbot, window, sandbox: SandboxServer
) -> None:
    promotion_id = create(sandbox, "Spring visits")
    add_profile(qtbot, window, sandbox.url)
    open_from_server(qtbot, window, "Spring visits")
    assert promotion_id in strip_text(window) and "<b>Draft</b>" in strip_text(window)
    assert offered(window) == {"submit"}
    fields = window.tab_widgets["promotion"].metadata.fields
    assert fields["name"].editor.isEnabled()
    assert not fields["program_id"].editor.isEnabled()  # never changes once created
    assert "program cannot change" in fields["program_id"].message.full_text

    step(qtbot, window, "submit", "Pending approval")
    assert offered(window) == {"approve", "reject", "revoke"}
    assert not fields["name"].editor.isEnabled()  # nothing can be edited while pending
    assert "revoke the request first" in fields["name"].message.full_text
    step(qtbot, window, "approve", "Active")
    assert offered(window) == {"pause", "stop"}
    assert fields["name"].editor.isEnabled() and not fields["start_date"].editor.isEnabled()
    assert "start date of a live promotion" in fields["start_date"].message.full_text
    step(qtbot, window, "pause", "Paused")
    assert offered(window) == {"resume", "stop"}
    step(qtbot, window, "resume", "Active")
    step(qtbot, window, "stop", "Stopped")
    assert offered(window) == set()
    assert stored(sandbox, promotion_id)["metadata"]["status"] == "STOPPED"
    steps = [e.payload_name for e in History().search(f"promotion {promotion_id}")]
    for verb in ("submit", "approve", "pause", "resume", "stop"):
        assert f"{verb} promotion {promotion_id}" in steps


def test_an_update_shows_its_changes_and_sends_only_them(qtbot, window, sandbox: SandboxServer) -> None:
    promotion_id = create(sandbox, "Summer spend")
    before = stored(sandbox, promotion_id)
    add_profile(qtbot, window, sandbox.url)
    open_from_server(qtbot, window, "Summer spend")
    fields = window.tab_widgets["promotion"].metadata.fields
    paste(qtbot, fields["end_date"].editor, "2027-12-31T23:59:59+05:30")
    qtbot.waitUntil(lambda: "2027-12-31T23:59:59+05:30" in window.preview.toPlainText())
    press_send(window, qtbot)  # Send goes back to the server it came from, as an update
    live = window.send.live
    dialog = live.dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    assert [row[0] for row in dialog.rows()] == ["Promotion › End"]  # one change, in the form's words
    click(qtbot, dialog.confirm_button)
    qtbot.waitUntil(lambda: "Updated promotion" in window.statusBar().currentMessage(), timeout=10000)
    after = stored(sandbox, promotion_id)
    assert after["metadata"]["endDate"] == "2027-12-31T23:59:59+05:30"
    for document in (before, after):
        for key in ("endDate", "lastModifiedOn", "lastModifiedBy"):
            document["metadata"].pop(key, None)
        document.pop("version", None)
    # Nothing else changed (a PUT replaces the whole promotion: a field left out is cleared, as null is).
    assert json.dumps(without_nulls(before), sort_keys=True) == json.dumps(
        without_nulls(after), sort_keys=True
    )
    assert not window.document.is_modified


def test_a_server_copy_changed_meanwhile_is_shown_before_anything_is_sent(
    qtbot, window, sandbox: SandboxServer
) -> None:
    promotion_id = create(sandbox, "Autumn club")
    add_profile(qtbot, window, sandbox.url)
    open_from_server(qtbot, window, "Autumn club")
    theirs = stored(sandbox, promotion_id)  # another window updates it first
    body = {k: v for k, v in theirs.items() if k not in ("id",)}
    body["metadata"] = {**theirs["metadata"], "description": "Changed elsewhere"}
    assert (
        httpx.put(sandbox.url + f"v3/promotions/{promotion_id}", json=body, headers=AUTH).status_code == 201
    )
    fields = window.tab_widgets["promotion"].metadata.fields
    qtbot.keyClicks(fields["name"].editor, " 2027")
    qtbot.waitUntil(lambda: "Autumn club 2027" in window.preview.toPlainText())
    live = window.send.live
    live.update_action.trigger()
    first = live.dialog
    qtbot.waitUntil(lambda: first is not None and first.isVisible())
    click(qtbot, first.confirm_button)
    qtbot.waitUntil(
        lambda: live.dialog is not first and live.dialog is not None and live.dialog.isVisible(),
        timeout=10000,
    )
    second = live.dialog
    assert "changed on the server" in second.summary.text()
    assert [row[0] for row in second.rows()] == [
        "Promotion › Promotion name"
    ]  # their change is taken in, not undone
    qtbot.waitUntil(lambda: "Changed elsewhere" in window.preview.toPlainText())
    assert stored(sandbox, promotion_id)["metadata"]["name"] == "Autumn club"  # nothing sent yet
    click(qtbot, second.confirm_button)
    qtbot.waitUntil(lambda: "Updated promotion" in window.statusBar().currentMessage(), timeout=10000)
    now = stored(sandbox, promotion_id)["metadata"]
    assert now["name"] == "Autumn club 2027" and now["description"] == "Changed elsewhere"  # nothing lost
    QApplication.processEvents()


def test_a_target_group_from_the_server_is_updated_with_only_what_changed(
    qtbot, window, sandbox: SandboxServer
) -> None:
    from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QWidget

    from app.ui.editors.target_groups.periods.periods_model import END, START
    from app.ui.editors.target_groups.targets.values_model import VALUE
    from tests.services.test_live import _days

    created = open_three_periods(qtbot, window, sandbox)
    assert window.kind.payload.name == "target-group" and offered(window) == set()  # no lifecycle steps
    assert window.send.live.update_action.isEnabled()

    periods = window.tab_widgets["periods"]
    window.tab_widgets.show_page("periods")
    model = periods.model
    assert not model.flags(model.index(1, START)) & Qt.ItemFlag.ItemIsEditable  # running: start fixed
    assert "running" in model.data(model.index(1, START), Qt.ItemDataRole.ToolTipRole)
    assert not model.flags(model.index(0, END)) & Qt.ItemFlag.ItemIsEditable  # ended: nothing
    periods.table.setFocus()
    periods.table.setCurrentIndex(model.index(1, END))
    qtbot.keyClick(periods.table, Qt.Key.Key_F2)
    assert periods.table.state() == QAbstractItemView.State.EditingState
    editor = next(
        w
        for w in periods.table.viewport().findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
        )
        if w.isVisible()
    )
    QApplication.clipboard().setText(_days(10))  # an ISO date pasted gives that date
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: periods.table.state() == QAbstractItemView.State.NoState)

    targets = window.tab_widgets["targets"]
    window.tab_widgets.show_page("targets")
    targets.sections.setCurrentWidget(targets.values_page)
    panel = targets.values
    qtbot.waitUntil(panel.table.isVisible)
    assert not panel.model.flags(panel.model.index(0, VALUE)) & Qt.ItemFlag.ItemIsEditable  # ended period
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(2, VALUE))
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    cell = next(
        w
        for w in panel.table.viewport().findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
        )
        if w.isVisible()
    )
    assert isinstance(cell, QLineEdit)
    cell.selectAll()
    qtbot.keyClicks(cell, "350")
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.table.state() == QAbstractItemView.State.NoState)

    press_send(window, qtbot)
    live = window.send.live
    dialog = live.dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    assert len(dialog.rows()) == 2
    click(qtbot, dialog.confirm_button)
    qtbot.waitUntil(lambda: "Updated target group" in window.statusBar().currentMessage(), timeout=10000)
    stored_now = sandbox.store.get(created["id"])
    assert stored_now is not None
    assert stored_now["periods"][1]["endDate"].startswith(_days(10))
    assert [v["defaultValue"] for v in stored_now["targets"][0]["defaultValues"]] == [100, 200, 350]
    assert stored_now["periods"][0] == created["periods"][0] and stored_now["name"] == created["name"]


def test_a_refresh_never_makes_the_draft_forget_the_servers_changes(
    qtbot, window, sandbox: SandboxServer
) -> None:
    """Found in review: Refresh with edits of its own took the server's new version as the draft's
    base without its changes, so the update then overwrote them."""
    promotion_id = create(sandbox, "Winter club")
    add_profile(qtbot, window, sandbox.url)
    open_from_server(qtbot, window, "Winter club")
    fields = window.tab_widgets["promotion"].metadata.fields
    qtbot.keyClicks(fields["name"].editor, " 2027")
    qtbot.waitUntil(lambda: "Winter club 2027" in window.preview.toPlainText())
    theirs = stored(sandbox, promotion_id)
    body = {k: v for k, v in theirs.items() if k != "id"}
    body["metadata"] = {**theirs["metadata"], "description": "Changed elsewhere"}
    assert (
        httpx.put(sandbox.url + f"v3/promotions/{promotion_id}", json=body, headers=AUTH).status_code == 201
    )
    live = window.send.live
    live.refresh_action.trigger()
    qtbot.waitUntil(lambda: not live.busy, timeout=10000)
    live.update_action.trigger()
    first = live.dialog
    qtbot.waitUntil(lambda: first is not None and first.isVisible())
    click(qtbot, first.confirm_button)
    qtbot.waitUntil(
        lambda: live.dialog is not first and live.dialog is not None and live.dialog.isVisible(),
        timeout=10000,
    )
    assert "changed on the server" in live.dialog.summary.text()
    click(qtbot, live.dialog.confirm_button)
    qtbot.waitUntil(lambda: "Updated promotion" in window.statusBar().currentMessage(), timeout=10000)
    now = stored(sandbox, promotion_id)["metadata"]
    assert now["name"] == "Winter club 2027" and now["description"] == "Changed elsewhere"


def test_a_late_answer_is_not_applied_to_another_draft(qtbot, window, sandbox: SandboxServer) -> None:
    """Found in review: an update answered after another promotion was opened tied that draft to
    the first one's id on the server."""
    import time as clock

    alpha = create(sandbox, "Alpha promo")
    beta = create(sandbox, "Beta promo")
    add_profile(qtbot, window, sandbox.url)
    open_from_server(qtbot, window, "Alpha promo")
    live = window.send.live
    fields = window.tab_widgets["promotion"].metadata.fields
    qtbot.keyClicks(fields["name"].editor, " 2027")
    qtbot.waitUntil(lambda: "Alpha promo 2027" in window.preview.toPlainText())
    real = live.service.update

    def slow(*args: Any) -> Any:
        clock.sleep(1.0)  # a slow network
        return real(*args)

    live.service.update = slow
    live.update_action.trigger()
    dialog = live.dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    click(qtbot, dialog.confirm_button)
    assert live.busy
    window.document.undo_stack.setClean()  # the operator opens Beta meanwhile
    fetched = live.service.fetch(live.profile(), "promotion", beta)
    live.open_copy(fetched)
    qtbot.waitUntil(lambda: "Beta promo" in window.preview.toPlainText(), timeout=5000)
    qtbot.waitUntil(lambda: not live.busy, timeout=10000)
    assert live.copy is not None and live.copy.server_id == beta  # Beta stays Beta
    assert alpha not in strip_text(window)
    assert stored(sandbox, alpha)["metadata"]["name"] == "Alpha promo 2027"  # Alpha's update went through


def test_bulk_value_actions_leave_locked_values_alone(qtbot, window, sandbox: SandboxServer) -> None:
    """Found in review: Fill all wrote an ended period's value, which the table shows read-only."""
    from app.ui.editors.target_groups.targets.values_model import VALUE

    open_three_periods(qtbot, window, sandbox)
    targets = window.tab_widgets["targets"]
    window.tab_widgets.show_page("targets")
    targets.sections.setCurrentWidget(targets.values_page)
    panel = targets.values
    qtbot.waitUntil(panel.table.isVisible)
    assert not panel.model.flags(panel.model.index(0, VALUE)) & Qt.ItemFlag.ItemIsEditable
    panel.fill_edit.setText("999")
    panel.fill_all()
    values = [v.default_value for v in window.document.model.targets[0].default_values]
    assert values == [100, 999, 999]  # the ended period's value is kept
