"""Typing or pasting an ISO date into any date field gives exactly that date.

The walkthrough typed ``2027-01-01`` into the planner's Cycle start and got 2027-12-01; Ctrl+A and
digits were ignored. These tests type as an operator does: focus, optionally Ctrl+A, then keys,
then Tab or Enter, in the planner, the Group tab and the period cells.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QWidget

from app.ui.editors.target_groups.periods.periods_model import END, START
from app.ui.widgets.field_widgets import DateTimeField
from app.ui.widgets.iso_date_edit import read_iso

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def preview_json(window) -> dict:
    window.document.refresh_now()
    return json.loads(window.preview.toPlainText())


def select_all(qtbot, widget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)


def paste(qtbot, widget, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-01-01", "2027-01-01"),
        ("2027-1-5", "2027-01-05"),
        ("2027-01-01T10:30", "2027-01-01T10:30:00"),
        ("2027-01-01 10:30", "2027-01-01T10:30:00"),
        ("2027-01-01T10:30:00.000+05:30", "2027-01-01T10:30:00"),
    ],
)
def test_iso_texts_are_read_as_written(text, expected):
    found = read_iso(text)
    assert found is not None
    assert found.value.isoformat().startswith(expected)


@pytest.mark.parametrize("text", ["", "2027", "2027-13-01", "2027-02-30", "01/02/2027", "tomorrow"])
def test_non_dates_are_not_read(text):
    assert read_iso(text) is None


# the planner ---------------------------------------------------------------------------------


@pytest.fixture
def planner(qtbot, window):
    dialog = window.periods_tab.open_planner(now=NOW)
    qtbot.waitExposed(dialog)
    yield dialog
    dialog.reject()


@pytest.mark.parametrize("ctrl_a", [False, True], ids=["typed over", "after Ctrl+A"])
def test_planner_cycle_start_takes_a_typed_iso_date(qtbot, planner, ctrl_a):
    edit = planner.start_edit
    edit.setFocus()
    if ctrl_a:
        select_all(qtbot, edit)
    qtbot.keyClicks(edit, "2027-01-01")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.date() == QDate(2027, 1, 1)
    assert not edit.hasFocus()  # Tab moved on


def test_planner_cycle_start_takes_a_pasted_date_and_esc_keeps_the_old_one(qtbot, planner):
    edit = planner.start_edit
    edit.setFocus()
    paste(qtbot, edit, " 2027-03-05T00:00:00.000+05:30 ")
    assert edit.date() == QDate(2027, 3, 5)
    qtbot.keyClicks(edit, "2028-0")
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert edit.date() == QDate(2027, 3, 5)
    assert planner.isVisible()  # Esc in the field cancels the typing, not the dialog


def test_planner_cycle_end_takes_a_typed_iso_date(qtbot, planner):
    planner.end_radio.click()
    edit = planner.end_edit
    edit.setFocus()
    select_all(qtbot, edit)
    qtbot.keyClicks(edit, "2027-06-30")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.date() == QDate(2027, 6, 30)


def test_half_typed_date_is_dropped_when_leaving(qtbot, planner):
    edit = planner.start_edit
    before = edit.date()
    edit.setFocus()
    qtbot.keyClicks(edit, "2027-1")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.date() == before
    assert edit.text() == before.toString("yyyy-MM-dd")


# the Group tab -------------------------------------------------------------------------------


def test_group_cycle_start_takes_a_typed_date_in_the_group_zone(window, qtbot):
    zone = window.group_tab.fields["timeZoneName"]
    window.document.set_value("timeZoneName", "Asia/Kolkata")
    start = window.group_tab.fields["targetCycleStartDateISO"]
    assert isinstance(start, DateTimeField)
    start.editor.setFocus()
    qtbot.keyClicks(start.editor, "2027-01-01")
    qtbot.keyClick(start.editor, Qt.Key.Key_Tab)
    assert preview_json(window)["targetCycleStartDateISO"] == "2027-01-01T00:00:00.000+05:30"
    assert zone is not None
    # a second typing over the selected text replaces it; undo takes it back in one step
    start.editor.setFocus()
    select_all(qtbot, start.editor)
    qtbot.keyClicks(start.editor, "2027-02-01T09:00")
    qtbot.keyClick(start.editor, Qt.Key.Key_Return)
    assert preview_json(window)["targetCycleStartDateISO"] == "2027-02-01T09:00:00.000+05:30"
    window.document.undo_stack.undo()
    assert preview_json(window)["targetCycleStartDateISO"] == "2027-01-01T00:00:00.000+05:30"


def test_group_date_keeps_a_pasted_offset(window, qtbot):
    start = window.group_tab.fields["fromDate"]
    assert isinstance(start, DateTimeField)
    start.editor.setFocus()
    paste(qtbot, start.editor, "2027-01-01T00:00:00.000-04:00")
    assert preview_json(window)["fromDate"] == "2027-01-01T00:00:00.000-04:00"
    assert start.offset.text() == "-04:00"


def test_tab_leaves_an_unset_date_field(window, qtbot):
    start = window.group_tab.fields["targetCycleStartDateISO"]
    start.editor.setFocus()
    qtbot.keyClick(start.editor, Qt.Key.Key_Tab)
    assert not start.editor.hasFocus()
    assert "targetCycleStartDateISO" not in preview_json(window)


# the period cells ----------------------------------------------------------------------------


def open_cell(qtbot, window, row, column) -> QWidget:
    window.tabs.setCurrentWidget(window.periods_tab)
    table = window.periods_tab.table
    table.setFocus()
    table.setCurrentIndex(window.periods_tab.model.index(row, column))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    assert table.state() == QAbstractItemView.State.EditingState
    editors = [
        w
        for w in table.viewport().findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if w.isVisible()
    ]
    assert len(editors) == 1
    return editors[0]


@pytest.mark.parametrize(("column", "key"), [(START, "startDate"), (END, "endDate")])
def test_period_cell_takes_a_typed_iso_date(sample_window, qtbot, column, key):
    editor = open_cell(qtbot, sample_window, 0, column)
    select_all(qtbot, editor)
    qtbot.keyClicks(editor, "2027-01-01")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    table = sample_window.periods_tab.table
    qtbot.waitUntil(lambda: table.state() == QAbstractItemView.State.NoState, timeout=2000)
    assert sample_window.document.value(f"periods[0].{key}").startswith("2027-01-01T")


def test_period_cell_takes_a_pasted_date_with_its_offset(sample_window, qtbot):
    editor = open_cell(qtbot, sample_window, 0, START)
    paste(qtbot, editor, "2027-01-01T00:00:00.000-04:00")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    table = sample_window.periods_tab.table
    qtbot.waitUntil(lambda: table.state() == QAbstractItemView.State.NoState, timeout=2000)
    assert sample_window.document.value("periods[0].startDate") == "2027-01-01T00:00:00.000-04:00"
