"""One undo history: Ctrl+Z inside a field runs the window's Undo, not the field's own.

The walkthrough typed a name, pressed Ctrl+Z in the field: the field emptied, the JSON lost
``name`` only on the screen, and the toolbar still offered "Undo Edit name".
"""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QWidget

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def preview_json(window) -> dict:
    window.document.refresh_now()
    return json.loads(window.preview.toPlainText())


def test_ctrl_z_in_the_name_field_undoes_the_window_history(window, qtbot):
    window.document.set_value("description", "first")
    name = window.group_tab.fields["name"].editor
    name.setFocus()
    qtbot.keyClicks(name, "spend_jan")
    assert window.undo_action.toolTip() == "Undo Edit group name"
    qtbot.keyClick(name, Qt.Key.Key_Z, CTRL)
    assert name.text() == ""
    assert preview_json(window).get("name", "") == ""
    assert preview_json(window)["description"] == "first"  # only the typing was undone
    assert window.redo_action.isEnabled()
    qtbot.keyClick(name, Qt.Key.Key_Z, CTRL_SHIFT)
    assert name.text() == "spend_jan"
    assert preview_json(window)["name"] == "spend_jan"
    # a second Ctrl+Z inside the field goes on down the same history, past the name
    qtbot.keyClick(name, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(name, Qt.Key.Key_Z, CTRL)
    assert "description" not in preview_json(window)
    assert name.hasFocus()


def test_ctrl_z_in_a_number_field_and_ctrl_y_redo(window, qtbot):
    till = window.group_tab.fields["preferredTillId"].editor
    till.setFocus()
    qtbot.keyClicks(till, "42")
    assert preview_json(window)["preferredTillId"] == 42
    qtbot.keyClick(till, Qt.Key.Key_Z, CTRL)
    assert "preferredTillId" not in preview_json(window)
    qtbot.keyClick(till, Qt.Key.Key_Y, CTRL)
    assert preview_json(window)["preferredTillId"] == 42


def test_each_visit_to_a_field_is_its_own_undo_step(window, qtbot):
    fields = window.group_tab.fields
    name = fields["name"].editor
    name.setFocus()
    qtbot.keyClicks(name, "spend")
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    name.setFocus()
    name.end(False)
    qtbot.keyClicks(name, "_jan")
    qtbot.keyClick(name, Qt.Key.Key_Z, CTRL)
    assert preview_json(window)["name"] == "spend"


def test_a_cell_editor_undoes_its_own_typing_first(sample_window, qtbot):
    window = sample_window
    window.tabs.setCurrentWidget(window.periods_tab)
    table = window.periods_tab.table
    table.setFocus()
    table.setCurrentIndex(window.periods_tab.model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editors = [
        w
        for w in table.viewport().findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if w.isVisible()
    ]
    assert len(editors) == 1 and isinstance(editors[0], QLineEdit)
    cell = editors[0]
    before = cell.text()
    qtbot.keyClicks(cell, "X")
    qtbot.keyClick(cell, Qt.Key.Key_Z, CTRL)
    assert cell.text() == before
    assert table.state() == QAbstractItemView.State.EditingState
    assert not window.document.undo_stack.canUndo()  # nothing of the document's was undone


def test_undo_texts_use_the_forms_words_and_say_which_item(sample_window, qtbot):
    window = sample_window
    window.document.set_value("leaderboardEnabled", True)
    assert window.undo_action.toolTip() == "Undo Edit leaderboard"
    window.document.set_value("targets[0].name", "monthly_sales")
    assert window.undo_action.toolTip() == "Undo Edit target 1 name"
