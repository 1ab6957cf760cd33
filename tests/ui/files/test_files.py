"""Opening and saving payload files: nothing typed or saved is ever lost or half-written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.ui.window.main_window import MainWindow

FIXTURE = Path(__file__).parents[2] / "fixtures" / "request-uatTargetGroup130-event-sum.json"


@pytest.fixture
def answer(monkeypatch):
    """Script the unsaved-changes question; records how often it was asked."""
    asked: list[str] = []

    def set_answer(button: QMessageBox.StandardButton) -> list[str]:
        def question(parent, title, text, *args, **kwargs):
            asked.append(text)
            return button

        monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
        return asked

    return set_answer


def choose_file(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "")))


def open_and_wait(window: MainWindow, qtbot, path: Path) -> None:
    window.menu_actions["open"].trigger()
    qtbot.waitUntil(lambda: window.document.file_path == path or window.last_message is not None)


def test_open_shows_the_payload_and_remembers_the_file(window, qtbot, monkeypatch, tmp_path):
    path = tmp_path / "group.json"
    shutil.copy(FIXTURE, path)
    choose_file(monkeypatch, path)
    open_and_wait(window, qtbot, path)
    assert window.group_tab.fields["name"].editor.text() == "uatTargetGroup130"
    assert json.loads(window.preview.toPlainText())["preferredTillId"] == 751552970000
    assert not window.isWindowModified()
    assert "group.json" in window.windowTitle()
    assert window.settings.recent_files()[0] == path.resolve()
    window.files._fill_recent_menu()
    assert [a.text() for a in window.files.recent_menu.actions()] == [str(path.resolve())]


def test_a_file_that_is_not_json_is_reported_and_left_alone(window, qtbot, monkeypatch, tmp_path, answer):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "name": "x",\n  oops\n}', encoding="utf-8")
    before = path.read_bytes()
    qtbot.keyClicks(window.group_tab.fields["name"].editor, "Typed by hand")
    asked = answer(QMessageBox.StandardButton.Discard)  # "discard" only once the new file has loaded
    choose_file(monkeypatch, path)
    window.menu_actions["open"].trigger()
    qtbot.waitUntil(lambda: window.last_message is not None)
    text = window.last_message.text()
    assert "broken.json" in text and "line 3, column 3" in text
    assert len(asked) == 1
    assert window.group_tab.fields["name"].editor.text() == "Typed by hand"
    assert window.document.file_path is None
    assert path.read_bytes() == before


def test_a_payload_with_wrong_types_lists_each_path(window, qtbot, monkeypatch, tmp_path):
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps({"name": "x", "totalPeriods": "many", "targets": [{"active": 3}]}))
    choose_file(monkeypatch, path)
    window.menu_actions["open"].trigger()
    qtbot.waitUntil(lambda: window.last_message is not None)
    text = window.last_message.text()
    assert "totalPeriods" in text and "targets[0].active" in text and "not opened" in text
    assert window.document.model.name == ""


def test_save_as_writes_the_json_and_clears_the_modified_mark(window, qtbot, monkeypatch, tmp_path):
    qtbot.keyClicks(window.group_tab.fields["name"].editor, "Saved group")
    assert window.isWindowModified()
    target = tmp_path / "out" / "saved"
    choose_file(monkeypatch, target)
    window.menu_actions["save_as"].trigger()
    written = target.with_suffix(".json")
    qtbot.waitUntil(lambda: not window.isWindowModified())
    assert json.loads(written.read_text(encoding="utf-8")) == window.document.model.to_wire()
    assert written.read_text(encoding="utf-8").endswith("}\n")
    assert not list(written.parent.glob(".*.tmp"))  # no temporary file left behind
    qtbot.keyClicks(window.group_tab.fields["name"].editor, " 2")
    window.menu_actions["save"].trigger()  # Ctrl+S: same file, no dialog
    qtbot.waitUntil(lambda: not window.isWindowModified())
    assert json.loads(written.read_text(encoding="utf-8"))["name"] == "Saved group 2"


def test_unknown_fields_are_kept_through_open_and_save(window, qtbot, monkeypatch, tmp_path):
    path = tmp_path / "extra.json"
    data = json.loads(FIXTURE.read_text())
    data["futureFlag"] = {"x": 1}
    path.write_text(json.dumps(data))
    choose_file(monkeypatch, path)
    open_and_wait(window, qtbot, path)
    window.document.refresh_now()
    assert any(p.path == "futureFlag" and p.rule == "unknown-field" for p in window.document.problems)
    assert "futureFlag" in window.group_tab.general_message.text()
    qtbot.keyClicks(window.group_tab.fields["name"].editor, "_v2")
    window.menu_actions["save"].trigger()
    qtbot.waitUntil(lambda: not window.isWindowModified())
    saved = json.loads(path.read_text())
    assert saved["futureFlag"] == {"x": 1} and saved["name"] == "uatTargetGroup130_v2"


def test_new_with_unsaved_changes_asks_and_cancel_keeps_everything(window, qtbot, answer):
    qtbot.keyClicks(window.group_tab.fields["name"].editor, "Keep me")
    asked = answer(QMessageBox.StandardButton.Cancel)
    window.menu_actions["new"].trigger()
    assert len(asked) == 1 and "Keep me" in asked[0]
    assert window.document.model.name == "Keep me"
    answer(QMessageBox.StandardButton.Discard)
    window.menu_actions["new"].trigger()
    window.files.new_dialog.choose("target-group")
    assert window.document.model.name == ""
    assert not window.isWindowModified()


def test_close_with_unsaved_changes_asks_first(window, qtbot, answer):
    qtbot.keyClicks(window.group_tab.fields["name"].editor, "Unsaved")
    asked = answer(QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert window.isVisible() and len(asked) == 1
    answer(QMessageBox.StandardButton.Discard)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible())


def test_save_from_the_close_question_saves_then_closes(window, qtbot, answer, monkeypatch, tmp_path):
    qtbot.keyClicks(window.group_tab.fields["name"].editor, "Save on close")
    target = tmp_path / "closing.json"
    choose_file(monkeypatch, target)
    answer(QMessageBox.StandardButton.Save)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert json.loads(target.read_text())["name"] == "Save on close"


def test_a_failed_save_keeps_the_edits_and_says_so(window, qtbot, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    choose_file(monkeypatch, blocker / "group.json")
    qtbot.keyClicks(window.group_tab.fields["name"].editor, "Precious")
    window.menu_actions["save_as"].trigger()
    qtbot.waitUntil(lambda: window.last_message is not None)
    assert "could not be written" in window.last_message.text()
    assert window.isWindowModified()
    assert window.document.model.name == "Precious"
