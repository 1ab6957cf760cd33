"""Ctrl+Tab, Ctrl+Shift+Tab and Alt+1…n change the tab and the focus follows; Tab leaves a table
at its edge (it used to stay inside the Periods table, and Ctrl+Tab left the focus in the preview)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def focused(window):
    return QApplication.focusWidget()


def test_ctrl_tab_moves_through_the_tabs_and_the_focus_follows(window, qtbot):
    window.activateWindow()
    name = window.group_tab.fields["name"].editor
    name.setFocus()
    qtbot.waitUntil(name.hasFocus)
    qtbot.keyClick(name, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 1
    periods = window.tabs.currentWidget()
    assert periods.isAncestorOf(focused(window)), focused(window)
    qtbot.keyClick(focused(window), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 2 and window.tabs.currentWidget().isAncestorOf(focused(window))
    qtbot.keyClick(
        focused(window),
        Qt.Key.Key_Backtab,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.tabs.currentIndex() == 1
    qtbot.keyClick(focused(window), Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentIndex() == 0 and focused(window) is name


def test_tab_leaves_the_periods_table_at_its_last_cell(sample_window, qtbot):
    window = sample_window
    window.show_tab(1)
    table = window.periods_tab.table
    model = table.model()
    assert model.rowCount() > 0
    table.setFocus()
    table.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert focused(window) is table and table.currentIndex().column() == 1  # inside: the next cell
    table.setCurrentIndex(model.index(model.rowCount() - 1, model.columnCount() - 1))
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert focused(window) is not table and not table.isAncestorOf(focused(window))
    table.setFocus()
    table.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused(window) is not table
