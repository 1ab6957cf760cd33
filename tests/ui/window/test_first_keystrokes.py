"""At start-up the Group name has the focus, so the first keystrokes are not lost."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt


def test_the_group_name_has_the_focus_at_start_up(window, qtbot):
    name = window.group_tab.fields["name"].editor
    assert window.focusWidget() is name
    qtbot.keyClicks(window.focusWidget(), "Gold")
    window.document.refresh_now()
    assert json.loads(window.preview.toPlainText())["name"] == "Gold"


def test_file_new_puts_the_focus_back_on_the_name(window, qtbot):
    window.document.set_value("description", "something")
    window.document.undo_stack.setClean()
    window.tabs.setCurrentIndex(2)
    window.menu_actions["new"].trigger()
    window.files.new_dialog.choose("target-group")
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 0)
    assert window.focusWidget() is window.group_tab.fields["name"].editor
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_A)
