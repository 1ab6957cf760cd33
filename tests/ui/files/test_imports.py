"""Import a response, paste JSON, compare: each opens or shows what the operator expects, says
what is wrong and where when it cannot, and never changes the file or the open payload then."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from app.services.history import History

pytestmark = pytest.mark.gui

FIXTURES = Path(__file__).parents[2] / "fixtures"
RESPONSE = FIXTURES / "response-uatTargetGroup130.json"
REQUEST = FIXTURES / "request-uatTargetGroup130-event-sum.json"


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose_file(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))


def answer_question(monkeypatch, button: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def test_import_response_opens_a_converted_unsaved_draft(window, qtbot, monkeypatch, tmp_path):
    source = tmp_path / "response.json"
    source.write_bytes(RESPONSE.read_bytes())
    choose_file(monkeypatch, source)
    window.menu_actions["import_response"].trigger()
    qtbot.waitUntil(lambda: window.document.model.name == "uatTargetGroup130")
    wire = window.document.model.to_wire()
    assert "id" not in wire and all("id" not in p for p in wire["periods"])
    assert "targetPeriodDefaultValuesMap" not in wire["targets"][0]
    assert window.document.file_path is None and window.isWindowModified()
    assert source.read_bytes() == RESPONSE.read_bytes()
    assert window.context.drafts.origin is not None and "response.json" in window.context.drafts.origin.label


def test_import_of_an_error_response_says_why_and_changes_nothing(window, qtbot, monkeypatch, tmp_path):
    source = tmp_path / "error.json"
    source.write_text('{"data": null, "errors": [{"code": 1201, "message": "bad"}], "warnings": []}')
    before = source.read_bytes()
    qtbot.keyClicks(window.group_tab.fields["name"].editor, "Mine")
    choose_file(monkeypatch, source)
    window.menu_actions["import_response"].trigger()
    qtbot.waitUntil(lambda: window.last_message is not None)
    assert "is an error, not a target group" in window.last_message.text()
    assert window.document.model.name == "Mine" and source.read_bytes() == before


@pytest.mark.parametrize(
    "answer",
    [
        {"data": [{"name": "SMS"}, {"name": "EMAIL"}], "errors": [], "warnings": []},
        {"data": {"memberId": 7, "promotions": [{"promotionId": 1, "promotionName": "Spring"}]}},
        [{"rank": 1, "customerId": 5, "score": 40}],
    ],
    ids=["channels", "member-promotions", "ranks"],
)
def test_import_of_an_answer_that_is_not_a_group_says_what_it_is(
    window, qtbot, monkeypatch, tmp_path, answer
):
    source = tmp_path / "other.json"
    source.write_text(json.dumps(answer))
    qtbot.keyClicks(window.group_tab.fields["name"].editor, "Mine")
    choose_file(monkeypatch, source)
    window.menu_actions["import_response"].trigger()
    qtbot.waitUntil(lambda: window.last_message is not None)
    text = window.last_message.text()
    assert "not a target group" in text and ("list of" in text or "object with the keys" in text)
    assert window.document.model.name == "Mine"


def test_import_of_a_file_that_is_not_json_gives_line_and_column(window, qtbot, monkeypatch, tmp_path):
    source = tmp_path / "cut.json"
    source.write_text('{"data": {\n  "name": ')
    choose_file(monkeypatch, source)
    window.menu_actions["import_response"].trigger()
    qtbot.waitUntil(lambda: window.last_message is not None)
    assert "line 2, column" in window.last_message.text() and str(source) in window.last_message.text()
    assert source.read_text() == '{"data": {\n  "name": '


def test_pasted_json_with_a_mistake_is_kept_then_opens_once_fixed(window, qtbot, monkeypatch):
    answer_question(monkeypatch, QMessageBox.StandardButton.Discard)
    window.menu_actions["paste_json"].trigger()
    dialog = window.files.paste_dialog
    assert dialog.isVisible()
    text = REQUEST.read_text(encoding="utf-8").replace('"active": true,', '"active": true', 1)
    dialog.editor.setPlainText(text)
    click(qtbot, dialog.create_button)
    assert dialog.isVisible() and "line 3, column" in dialog.error.text()
    assert dialog.editor.toPlainText() == text
    assert dialog.editor.textCursor().blockNumber() == 2
    assert window.document.model.name == ""

    cursor = dialog.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Up)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    dialog.editor.setTextCursor(cursor)
    qtbot.keyClicks(dialog.editor, ",")
    click(qtbot, dialog.create_button)
    assert not dialog.isVisible()
    assert window.document.model.name == "uatTargetGroup130" and window.isWindowModified()


def test_pasted_json_that_is_not_a_group_lists_the_paths(window, qtbot):
    window.menu_actions["paste_json"].trigger()
    dialog = window.files.paste_dialog
    qtbot.keyClicks(dialog.editor, '{"name": "x", "periods": [{"startDate": 5}]}')
    click(qtbot, dialog.create_button)
    assert dialog.isVisible() and "periods[0]" in dialog.error.text()
    assert window.document.model.name == ""


def test_a_pasted_response_is_converted(window, qtbot):
    window.menu_actions["paste_json"].trigger()
    window.files.paste_dialog.editor.setPlainText(RESPONSE.read_text(encoding="utf-8"))
    click(qtbot, window.files.paste_dialog.create_button)
    assert window.document.model.name == "uatTargetGroup130"
    assert "id" not in window.document.model.to_wire()


def test_a_new_draft_waits_for_the_unsaved_question_and_cancel_keeps_everything(window, qtbot, monkeypatch):
    qtbot.keyClicks(window.group_tab.fields["name"].editor, "Unsaved work")
    asked = answer_question(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert window.context.drafts.open(json.loads(REQUEST.read_text()), "a test payload")
    assert len(asked) == 1 and "Unsaved work" in asked[0]
    assert window.document.model.name == "Unsaved work"


def test_open_as_new_draft_refuses_a_payload_with_wrong_types(window):
    assert not window.context.drafts.open({"name": "x", "targets": "many"}, "group 12 on prod")
    assert "group 12 on prod" in window.last_message.text() and "targets" in window.last_message.text()
    assert window.document.model.name == ""


def test_compare_with_a_saved_file_lists_changed_fields(sample_window, qtbot, monkeypatch, tmp_path):
    saved = sample_window.document.model.to_wire()
    saved["name"] = "Old name"
    saved["periods"][0]["endDate"] = "2026-02-01T10:30:00+05:30"
    path = tmp_path / "saved.json"
    path.write_text(json.dumps(saved))
    choose_file(monkeypatch, path)
    sample_window.files.compare.file_action.trigger()
    qtbot.waitUntil(lambda: sample_window.files.compare.diff_dialog is not None)
    rows = sample_window.files.compare.diff_dialog.rows()
    assert [r[:2] for r in rows] == [["Group name", "changed"], ["Periods › #1 Cycle_1 › End", "changed"]]
    assert rows[0][2:] == ['"Old name"', '"uatTargetGroup130"']
    dialog = sample_window.files.compare.diff_dialog
    assert "saved.json" in dialog.windowTitle()
    assert dialog.table.topLevelItem(1).toolTip(0).startswith("periods[0].endDate")
    dialog.table.setCurrentItem(dialog.table.topLevelItem(1))
    assert '"2026-02-01T10:30:00+05:30"' in dialog.detail.toPlainText()  # in full, below the table
    assert dialog.go_to_selected()  # a double-click or Enter: the field in the form
    assert not dialog.isVisible() and sample_window.tabs.currentIndex() == 1


def test_compare_hides_server_fields_and_the_same_date_written_two_ways(sample_window, qtbot):
    document = sample_window.document
    for index, period in enumerate(document.model.to_wire()["periods"]):
        document.set_value(f"periods[{index}].startDate", period["startDate"][:10] + "T00:00:00.000+05:30")
    sent = document.model.to_wire()
    answer = json.loads(json.dumps(sent))
    answer["id"] = 4711
    answer["createdOn"] = "2026-01-01T00:00:00Z"
    for period in answer["periods"]:
        period["id"] = 99
        period["startDate"] = period["startDate"][:10]  # the server's plain date
    answer["description"] = "changed by the operator"
    dialog = sample_window.files.compare.show_diff(answer, "the server's answer")
    assert [r[0] for r in dialog.rows()] == ["Description"]


def test_compare_with_a_history_entry_picked_by_typing(sample_window, qtbot):
    history = History()
    sent = sample_window.document.model.to_wire()
    other = {**sent, "name": "Sent before"}
    history.record_attempt("prod", "eu.api", "uatTargetGroup130", sent)
    history.record_attempt("staging", "eu.api", "Sent before", other)
    history.close()
    sample_window.files.compare.history_action.trigger()
    qtbot.waitUntil(lambda: sample_window.files.compare.history_picker is not None)
    picker = sample_window.files.compare.history_picker
    assert len(picker.visible_labels()) == 2
    qtbot.keyClicks(picker.search, "staging")
    (label,) = picker.visible_labels()
    assert "Sent before" in label
    click(qtbot, picker.buttons.button(QDialogButtonBox.StandardButton.Ok))
    rows = sample_window.files.compare.diff_dialog.rows()
    assert rows == [["Group name", "changed", '"Sent before"', '"uatTargetGroup130"']]


def test_compare_with_origin_without_one_says_so(sample_window):
    sample_window.files.compare.origin_action.trigger()
    assert "not made from a template" in sample_window.last_message.text()


def test_pasted_json_stays_when_the_unsaved_question_is_cancelled(window, qtbot, monkeypatch):
    qtbot.keyClicks(window.group_tab.fields["name"].editor, "Unsaved work")
    asked = answer_question(monkeypatch, QMessageBox.StandardButton.Cancel)
    window.menu_actions["paste_json"].trigger()
    dialog = window.files.paste_dialog
    dialog.editor.setPlainText(REQUEST.read_text(encoding="utf-8"))
    click(qtbot, dialog.create_button)
    assert len(asked) == 1
    assert dialog.isVisible() and dialog.editor.toPlainText() == REQUEST.read_text(encoding="utf-8")
    assert window.document.model.name == "Unsaved work"
    answer_question(monkeypatch, QMessageBox.StandardButton.Discard)
    click(qtbot, dialog.create_button)
    assert not dialog.isVisible() and window.document.model.name == "uatTargetGroup130"


def test_a_pasted_curl_command_from_the_docs_becomes_the_draft_without_its_credentials(
    window, qtbot, monkeypatch, isolated_home
):
    """Pasted as copied from the docs' Try It panel; Ctrl+Enter creates the draft."""
    from PySide6.QtGui import QGuiApplication

    body = REQUEST.read_text(encoding="utf-8").replace("'", "'\\''")
    token = "dGlsbC5vbmU6YmRjODdiOWM4OTRkYTUxNjgwNTllMDBlYmZmYjkwNzc="
    command = (
        "curl -L 'https://eu.api.capillarytech.com/v3/targetGroups' \\\n"
        "-H 'Content-Type: application/json' \\\n"
        f"-H 'Authorization: Basic {token}' \\\n"
        f"-d '{body}'"
    )
    window.menu_actions["paste_json"].trigger()
    dialog = window.files.paste_dialog
    QGuiApplication.clipboard().setText(command)
    dialog.editor.setFocus()
    qtbot.keyClick(dialog.editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.document.model.name == "uatTargetGroup130", timeout=5000)
    message = window.statusBar().currentMessage()
    assert "Took the JSON body of the pasted curl command" in message and "Authorization header" in message
    assert token not in message and token not in window.preview.toPlainText()
    for path in isolated_home.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path


def test_pasted_text_that_is_neither_json_nor_curl_says_what_was_expected(window, qtbot):
    window.menu_actions["paste_json"].trigger()
    dialog = window.files.paste_dialog
    dialog.editor.setPlainText("name: Spring\ntargets: 3")
    click(qtbot, dialog.create_button)
    assert dialog.isVisible()
    assert "starts with {" in dialog.error.text() and "curl command" in dialog.error.text()


def test_a_curl_command_saved_as_a_file_opens_its_body_as_a_new_draft(window, qtbot, tmp_path):
    """File › Open of a .sh or .txt holding the docs' curl command: the body opens as an unsaved
    draft (Save then asks for a .json file; the command is never overwritten)."""
    promotion = (
        FIXTURES
        / "promotions"
        / (
            "request-create-group-all-two-child-milestones-gross-sales-and-voucher-redemption-Group-Promotion.json"
        )
    )
    body = promotion.read_text(encoding="utf-8").replace("'", "'\\''")
    script = tmp_path / "create-promotion.sh"
    script.write_text(
        "curl -L 'https://eu.api.capillarytech.com/v3/promotions' \\\n"
        "-H 'Content-Type: application/json' \\\n"
        f"-d '{body}'\n",
        encoding="utf-8",
    )
    before = script.read_text(encoding="utf-8")
    window.files.open_file(script)
    qtbot.waitUntil(lambda: window.document.title == "Group Promotion", timeout=5000)
    assert window.kind.payload.name == "promotion"
    assert window.document.file_path is None and window.isWindowModified()
    assert "Took the JSON body" in window.statusBar().currentMessage()
    assert script.read_text(encoding="utf-8") == before
    bad = tmp_path / "from-a-file.txt"
    bad.write_text(
        "curl -X POST 'https://eu.api.capillarytech.com/v3/promotions' -d @body.json\n", encoding="utf-8"
    )
    window.document.undo_stack.setClean()
    window.files.open_file(bad)
    qtbot.waitUntil(lambda: window.last_message is not None and window.last_message.isVisible(), timeout=5000)
    assert (
        "body.json" in window.last_message.text() and "open that file instead" in window.last_message.text()
    )
    assert window.document.title == "Group Promotion"  # the open payload is unchanged
