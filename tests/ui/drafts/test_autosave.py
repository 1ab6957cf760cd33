"""Autosave and restore in the window: what is typed reaches the draft, a save or a clean close
removes it, and drafts left by a dead app are offered back (Restore / Discard / Later)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from app.services.paths import data_paths
from app.ui.common.workers import wait_for_background_tasks
from app.ui.window.main_window import MainWindow

pytestmark = pytest.mark.gui

ROOT = Path(__file__).parent.parent.parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "request-uatTargetGroup130-event-sum.json"


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def drafts() -> list[Path]:
    return sorted(data_paths().drafts_dir.glob("draft-*.json"))


def draft_text(path: Path) -> dict:
    return json.loads(json.loads(path.read_text(encoding="utf-8"))["text"])


def leave_draft_of_dead_app(text: str, meta: dict | None = None) -> None:
    """A real app-like process saves a draft and dies without closing its session."""
    code = (
        "import os, sys\n"
        "from app.services.drafts import DraftSession\n"
        "DraftSession.start().save_draft(sys.argv[1], __import__('json').loads(sys.argv[2]), 1)\n"
        "os._exit(0)\n"
    )
    subprocess.run(
        [sys.executable, "-c", code, text, json.dumps(meta or {})],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
        timeout=60,
    )


def open_window(qtbot) -> MainWindow:
    def discard_and_wait(win: MainWindow) -> None:
        wait_for_background_tasks()
        win.document.undo_stack.setClean()

    win = MainWindow()
    qtbot.addWidget(win, before_close_func=discard_and_wait)
    win.show()
    qtbot.waitExposed(win)
    return win


def offer(qtbot, win: MainWindow):
    qtbot.waitUntil(
        lambda: (
            win.drafts_feature.restorer.dialog is not None and win.drafts_feature.restorer.dialog.isVisible()
        )
    )
    return win.drafts_feature.restorer.dialog


def test_typing_is_autosaved_and_saving_the_file_removes_the_draft(window, qtbot, monkeypatch, tmp_path):
    name = window.group_tab.fields["name"].editor
    qtbot.keyClicks(name, "Autumn push")
    qtbot.waitUntil(
        lambda: len(drafts()) == 1 and draft_text(drafts()[0])["name"] == "Autumn push", timeout=5000
    )
    saved = json.loads(drafts()[0].read_text(encoding="utf-8"))
    assert saved["meta"] == {"title": "Autumn push", "kind": "target-group", "file": None}

    qtbot.keyClicks(name, " 2")
    qtbot.waitUntil(lambda: draft_text(drafts()[0])["name"] == "Autumn push 2", timeout=5000)

    target = tmp_path / "autumn.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window.menu_actions["save"].trigger()
    qtbot.waitUntil(lambda: target.exists() and drafts() == [], timeout=5000)
    assert not window.isWindowModified()


def test_a_clean_close_leaves_no_draft_and_no_session(window, qtbot):
    qtbot.keyClicks(window.group_tab.fields["name"].editor, "Closing")
    qtbot.waitUntil(lambda: len(drafts()) == 1, timeout=5000)
    window.document.undo_stack.setClean()
    window.close()
    wait_for_background_tasks()
    assert drafts() == []
    assert list(data_paths().drafts_dir.glob("session-*.lock")) == []


def test_restore_brings_back_the_draft_as_unsaved_work_with_its_file(qtbot):
    payload = json.loads(FIXTURE.read_text(encoding="utf-8"))
    payload["name"] = "Recovered group"
    leave_draft_of_dead_app(json.dumps(payload), {"title": "Recovered group", "file": "/work/x/grp.json"})
    (old,) = drafts()
    win = open_window(qtbot)
    dialog = offer(qtbot, win)
    (line,) = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert "Recovered group" in line and "/work/x/grp.json" in line
    click(qtbot, dialog.restore_button)
    qtbot.waitUntil(lambda: win.document.model.name == "Recovered group")
    assert not dialog.isVisible()
    assert win.isWindowModified() and win.document.is_modified
    assert win.document.file_path == Path("/work/x/grp.json")
    assert "Recovered group" in win.windowTitle() and "grp.json" in win.windowTitle()
    assert json.loads(win.document.model.to_json())["periods"] == payload["periods"]
    # the new session holds the text before the old draft goes
    qtbot.waitUntil(lambda: not old.exists(), timeout=5000)
    (mine,) = drafts()
    assert draft_text(mine)["name"] == "Recovered group"


def test_discard_removes_the_draft_and_later_keeps_it(qtbot):
    leave_draft_of_dead_app(json.dumps({"name": "Keep me"}), {"title": "Keep me"})
    leave_draft_of_dead_app(json.dumps({"name": "Drop me"}), {"title": "Drop me"})
    win = open_window(qtbot)
    dialog = offer(qtbot, win)
    assert dialog.list.count() == 2
    row = next(i for i in range(2) if "Drop me" in dialog.list.item(i).text())
    dialog.list.setCurrentRow(row)
    click(qtbot, dialog.discard_button)
    qtbot.waitUntil(lambda: len(drafts()) == 1)
    assert draft_text(drafts()[0]) == {"name": "Keep me"}
    assert dialog.isVisible() and dialog.list.count() == 1
    click(qtbot, dialog.later_button)
    assert not dialog.isVisible()
    assert win.document.model.name == "" and not win.isWindowModified()
    assert len(drafts()) == 1


def test_a_draft_that_is_not_a_payload_opens_in_edit_json_and_stays_until_applied(qtbot):
    leave_draft_of_dead_app('{"name": "Half typed", "periods": [', {"title": "Half typed"})
    (old,) = drafts()
    win = open_window(qtbot)
    click(qtbot, offer(qtbot, win).restore_button)
    qtbot.waitUntil(lambda: win.json_dialog is not None and win.json_dialog.isVisible())
    editor = win.json_dialog
    assert editor.editor.toPlainText() == '{"name": "Half typed", "periods": ['
    assert "line 1, column" in editor.error.text()
    assert old.exists() and win.document.model.name == ""
    editor.editor.setPlainText('{"name": "Half typed", "periods": [], "targets": []}')
    click(qtbot, editor.buttons.button(QDialogButtonBox.StandardButton.Apply))
    assert win.document.model.name == "Half typed"
    qtbot.waitUntil(lambda: not old.exists(), timeout=5000)


def test_an_unreadable_draft_is_listed_with_its_reason_and_left_alone(qtbot):
    folder = data_paths().drafts_dir
    folder.mkdir(parents=True)
    broken = folder / "draft-1-dead.json"
    broken.write_bytes(b'{"format": "tgb-draft", "vers')
    win = open_window(qtbot)
    dialog = offer(qtbot, win)
    assert "is not valid JSON" in dialog.list.item(0).text()
    assert not dialog.restore_button.isEnabled() and not dialog.discard_button.isEnabled()
    click(qtbot, dialog.later_button)
    assert broken.read_bytes() == b'{"format": "tgb-draft", "vers'


def test_the_env_switch_restores_without_asking(qtbot, monkeypatch):
    monkeypatch.setenv("TGB_RESTORE_DRAFTS", "accept")
    leave_draft_of_dead_app(json.dumps({"name": "Automatic"}))
    win = open_window(qtbot)
    qtbot.waitUntil(lambda: win.document.model.name == "Automatic")
    assert win.drafts_feature.restorer.dialog is None and win.isWindowModified()


def test_steady_typing_is_saved_before_it_pauses(window, qtbot, monkeypatch):
    """The debounce waits for a pause, but never longer than MAX_DELAY_MS (scaled down here)."""
    from app.ui.drafts import autosave as drafts_ext

    monkeypatch.setattr(drafts_ext, "DEBOUNCE_MS", 400)
    monkeypatch.setattr(drafts_ext, "MAX_DELAY_MS", 600)
    name = window.group_tab.fields["name"].editor
    for letter in "abcdefghijklmnop":  # one key every 100 ms: never a 400 ms pause
        qtbot.keyClicks(name, letter)
        qtbot.wait(100)
        if drafts():
            break
    assert drafts(), "nothing was saved during 1.6 s of steady typing"
    typed = name.text()
    assert len(typed) < 16
    qtbot.waitUntil(lambda: draft_text(drafts()[0])["name"] == typed, timeout=5000)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"name": "Deep", "extra": ' + "[" * 300 + "]" * 300 + "}", "levels deep"),
        ('{"name": "Odd \\ud800 name"}', "lone surrogate"),
        ('{"name": "Big", "n": ' + "9" * 5000 + "}", "digits"),
    ],
    ids=["nesting 300 deep", "lone surrogate", "5000-digit integer"],
)
def test_a_hostile_draft_opens_in_edit_json_with_the_reason(qtbot, text: str, reason: str):
    leave_draft_of_dead_app(text, {"title": "Hostile"})
    (old,) = drafts()
    win = open_window(qtbot)
    click(qtbot, offer(qtbot, win).restore_button)
    qtbot.waitUntil(lambda: win.json_dialog is not None and win.json_dialog.isVisible())
    assert reason in win.json_dialog.error.text()
    assert win.json_dialog.editor.toPlainText() == text
    assert old.exists() and win.document.model.name == ""
    win.document.set_value("name", "Still editing")  # the window keeps working
    assert win.document.model.name == "Still editing"


def test_a_tampered_draft_file_stays_listed_with_its_reason(qtbot):
    folder = data_paths().drafts_dir
    folder.mkdir(parents=True)
    tampered = folder / "draft-2-dead.json"
    data = b'{"format": "tgb-draft", "version": 1, "meta": {"title": "\\ud800"}, "text": "{}"}'
    tampered.write_bytes(data)
    win = open_window(qtbot)
    dialog = offer(qtbot, win)
    assert "lone surrogate" in dialog.list.item(0).text()
    click(qtbot, dialog.later_button)
    assert tampered.read_bytes() == data


def test_a_promotion_draft_of_a_dead_app_comes_back_in_the_promotion_editor(qtbot):
    promotion = (
        ROOT
        / "tests"
        / "fixtures"
        / "promotions"
        / (
            "request-create-group-all-two-child-milestones-gross-sales-and-voucher-redemption-Group-Promotion.json"
        )
    )
    payload = json.loads(promotion.read_text(encoding="utf-8"))
    payload["metadata"]["name"] = "Recovered promotion"
    leave_draft_of_dead_app(json.dumps(payload), {"title": "Recovered promotion", "kind": "promotion"})
    win = open_window(qtbot)
    click(qtbot, offer(qtbot, win).restore_button)
    qtbot.waitUntil(lambda: win.document.title == "Recovered promotion", timeout=5000)
    assert win.kind.payload.name == "promotion" and win.tabs.tabText(0).startswith("Promotion")
    assert win.isWindowModified()
    assert (
        json.loads(win.document.current_json())["activities"]
        == json.loads(win.document.kind.load(payload).model.to_json())["activities"]
    )
