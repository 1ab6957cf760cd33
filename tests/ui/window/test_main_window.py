"""The window as a whole: tabs, counts, title, shortcuts, layout memory, clipboard."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from app.services.curl_export import CREDENTIALS_PLACEHOLDER, HOST_PLACEHOLDER
from app.ui.window.main_window import MainWindow


def test_tabs_preview_problems_and_status_counts(sample_window):
    window = sample_window
    assert [window.tabs.tabText(i).split(" (")[0] for i in range(3)] == ["Group", "Periods", "Targets"]
    window.document.refresh_now()
    periods = [p for p in window.document.problems if p.path.startswith("periods")]
    assert window.tabs.tabText(1) == f"Periods ({len(periods)})"
    assert window.counts_label.text() == "0 errors, 3 warnings"
    assert window.main_splitter.widget(0) is window.tabs


def test_shortcuts_are_the_usual_ones(window):
    expected = {
        window.menu_actions["new"]: "Ctrl+N",
        window.menu_actions["open"]: "Ctrl+O",
        window.menu_actions["save"]: "Ctrl+S",
        window.menu_actions["save_as"]: "Ctrl+Shift+S",
        window.undo_action: "Ctrl+Z",
        window.redo_action: "Ctrl+Shift+Z",
    }
    for action, keys in expected.items():
        assert action.shortcut() == QKeySequence(keys), action.text()


def test_ctrl_z_and_ctrl_shift_z_undo_and_redo_typing(window, qtbot):
    name = window.group_tab.fields["name"].editor
    qtbot.keyClicks(name, "Alpha")
    qtbot.keyClick(window.group_tab.fields["description"].editor, Qt.Key.Key_A)
    assert window.document.undo_stack.count() == 2  # typing in one field merged into one step
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert name.text() == "" and not window.isWindowModified()
    window.redo_action.trigger()
    assert name.text() == "Alpha" and window.isWindowModified()


def test_title_shows_name_and_unsaved_mark(window, qtbot):
    assert window.windowTitle().startswith("Untitled")
    qtbot.keyClicks(window.group_tab.fields["name"].editor, "Diwali")
    assert window.windowTitle().startswith("Diwali — not saved[*]")
    assert window.isWindowModified()


def test_geometry_and_splitters_are_remembered(window, qtbot):
    window.resize(window.minimumSizeHint().width(), 540)  # the offscreen screen is 800 x 600
    window.main_splitter.setSizes([300, 400])
    sizes, size = window.main_splitter.sizes(), window.size()
    assert size.height() == 540
    window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.size() == size
    assert again.main_splitter.sizes() == sizes


def test_copy_json_puts_the_preview_on_the_clipboard(sample_window):
    sample_window.menu_actions["copy_json"].trigger()
    assert QApplication.clipboard().text() == sample_window.document.model.to_json()


def test_copy_json_right_after_typing_has_what_was_just_typed(window, qtbot):
    qtbot.keyClicks(window.group_tab.fields["name"].editor, "Typed just now")
    window.menu_actions["copy_json"].trigger()  # before the preview's refresh delay has passed
    assert json.loads(QApplication.clipboard().text())["name"] == "Typed just now"


def test_copy_as_curl_has_placeholders_and_never_a_secret(sample_window):
    sample_window.menu_actions["copy_curl"].trigger()
    command = QApplication.clipboard().text()
    assert command.startswith(f"curl --request POST 'https://{HOST_PLACEHOLDER}/v3/targetGroups'")
    assert f"Authorization: Basic {CREDENTIALS_PLACEHOLDER}" in command
    body = command.split("--data-raw ", 1)[1]
    assert json.loads(body.strip("'")) == sample_window.document.model.to_wire()


def test_plan_periods_opens_the_planner_from_the_window(window, qtbot):
    assert window.menu_actions["plan"].isEnabled()
    window.menu_actions["plan"].trigger()
    planner = getattr(window.periods_tab, "planner", None)
    assert planner is not None and planner.isVisible()
    assert window.tabs.currentWidget() is window.periods_tab
    planner.reject()
