"""The Periods tab as an operator uses it: edit cells, add, remove, move, undo, see problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QLineEdit,
    QStyle,
    QStyleOptionViewItem,
    QWidget,
)

from app.domain.target_groups.models import DefaultValue, Period, Target, TargetGroup
from app.domain.target_groups.validate import load_payload
from app.ui.document.document import PayloadDocument
from app.ui.editors.target_groups.periods.periods_model import ACTIVE, END, REF_CODE, START, STATUS
from app.ui.editors.target_groups.periods.periods_tab import PeriodsTab, following_period, unique_ref_code

FIXTURES = Path(__file__).parents[3] / "fixtures"


def fixture_group(name: str) -> TargetGroup:
    result = load_payload(json.loads((FIXTURES / name).read_text(encoding="utf-8")))
    assert result.group is not None
    return result.group


@pytest.fixture
def doc(qtbot):
    return PayloadDocument(fixture_group("request-fixed-window-milestone-monthly-leaderboard.json"))


@pytest.fixture
def tab(qtbot, doc):
    widget = PeriodsTab(doc)
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def open_editor(qtbot, tab, row, column):
    index = tab.model.index(row, column)
    tab.table.setFocus()
    tab.table.setCurrentIndex(index)
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)
    assert tab.table.state() == QAbstractItemView.State.EditingState
    editors = [
        w
        for w in tab.table.viewport().findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if w.isVisible()
    ]
    assert len(editors) == 1
    return editors[0]


def commit(qtbot, tab, editor):
    """Press Enter in a cell editor; the view commits on the next turn of the event loop."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.table.state() == QAbstractItemView.State.NoState, timeout=2000)


def refreshed_json(qtbot, doc):
    with qtbot.waitSignal(doc.refreshed, timeout=2000) as blocker:
        pass
    return json.loads(blocker.args[0])


def test_typing_a_ref_code_changes_the_preview_and_undo_restores_it(qtbot, tab, doc):
    editor = open_editor(qtbot, tab, 0, REF_CODE)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "JAN")
    commit(qtbot, tab, editor)
    preview = refreshed_json(qtbot, doc)
    assert preview["periods"][0]["refCode"] == "JAN"
    assert tab.model.index(0, REF_CODE).data() == "JAN"
    doc.undo_stack.undo()
    assert tab.model.index(0, REF_CODE).data() == "TP1"
    doc.undo_stack.redo()
    assert doc.value("periods[0].refCode") == "JAN"


def test_a_cell_edit_repaints_only_that_cell(qtbot, tab, doc):
    changes = []
    tab.model.dataChanged.connect(lambda tl, br, roles: changes.append((tl.row(), tl.column(), br.column())))
    resets = []
    tab.model.modelReset.connect(lambda: resets.append(1))
    doc.set_value("periods[1].description", "second")
    assert changes == [(1, 5, 5)]
    assert resets == []


def test_date_editor_keeps_the_offset_of_the_text(qtbot, doc, tab):
    doc.set_value("periods[0].startDate", "2024-08-20T00:00:00.000+05:30")
    editor = open_editor(qtbot, tab, 0, START)
    assert isinstance(editor, QDateTimeEdit)
    assert editor.calendarPopup()
    assert editor.date() == QDate(2024, 8, 20)
    editor.setDate(QDate(2024, 8, 21))
    commit(qtbot, tab, editor)
    assert doc.value("periods[0].startDate") == "2024-08-21T00:00:00.000+05:30"


def test_plain_date_stays_a_plain_date(qtbot, doc, tab):
    editor = open_editor(qtbot, tab, 1, END)
    assert isinstance(editor, QDateTimeEdit)
    assert editor.displayFormat() == "yyyy-MM-dd"
    editor.setDate(QDate(2024, 10, 31))
    commit(qtbot, tab, editor)
    assert doc.value("periods[1].endDate") == "2024-10-31"


def test_unreadable_date_opens_as_text_so_it_can_be_fixed(qtbot, doc, tab):
    doc.set_value("periods[0].startDate", "20 Aug 2024")
    editor = open_editor(qtbot, tab, 0, START)
    assert isinstance(editor, QLineEdit)
    assert editor.text() == "20 Aug 2024"
    editor.selectAll()
    qtbot.keyClicks(editor, "2024-08-20")
    commit(qtbot, tab, editor)
    assert doc.value("periods[0].startDate") == "2024-08-20"


def test_status_is_picked_from_readable_choices(qtbot, doc, tab):
    editor = open_editor(qtbot, tab, 0, STATUS)
    assert isinstance(editor, QComboBox)
    editor.setCurrentIndex(editor.findText("Running (RUNNING)"))
    commit(qtbot, tab, editor)
    assert doc.model.to_wire()["periods"][0]["periodStatus"] == "RUNNING"
    assert tab.model.index(0, STATUS).data() == "Running"


def test_clicking_active_ticks_it(qtbot, doc, tab):
    index = tab.model.index(1, ACTIVE)
    option = QStyleOptionViewItem()
    option.rect = tab.table.visualRect(index)
    tab.table.itemDelegate().initStyleOption(option, index)
    check = tab.table.style().subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, tab.table
    )
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=check.center())
    assert doc.value("periods[1].active") is True
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=check.center())
    assert doc.value("periods[1].active") is False


def test_add_appends_the_following_period_and_a_value_per_target(qtbot, doc, tab):
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 3
    added = doc.model.periods[2]
    assert (added.ref_code, added.start_date, added.end_date) == ("TP3", "2024-10-20", "2024-11-18")
    assert [v.default_value for v in doc.model.targets[0].default_values] == [500, 500, 500]
    doc.undo_stack.undo()  # one step undoes the period and the value
    assert tab.model.rowCount() == 2
    assert len(doc.model.targets[0].default_values) == 2


def test_remove_several_rows_removes_their_target_values(qtbot, doc, tab):
    doc.replace_list(
        "targets[0].defaultValues", [DefaultValue(default_value=v) for v in (1, 2)], "set values"
    )
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)  # TP3 gets a copy of 2
    doc.set_value("targets[0].defaultValues[2].defaultValue", 3)
    selection = tab.table.selectionModel()
    selection.clearSelection()
    for row in (0, 2):
        selection.select(tab.model.index(row, REF_CODE), QItemSelectionModel.SelectionFlag.Select)
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert [p.ref_code for p in doc.model.periods] == ["TP2"]
    assert [v.default_value for v in doc.model.targets[0].default_values] == [2]
    doc.undo_stack.undo()
    assert [p.ref_code for p in doc.model.periods] == ["TP1", "TP2", "TP3"]
    assert [v.default_value for v in doc.model.targets[0].default_values] == [1, 2, 3]


def test_delete_key_removes_the_selected_period(qtbot, doc, tab):
    tab.table.setFocus()
    tab.table.setCurrentIndex(tab.model.index(1, REF_CODE))
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert [p.ref_code for p in doc.model.periods] == ["TP1"]


def test_move_down_moves_period_and_values_together(qtbot, doc, tab):
    doc.replace_list("targets[0].defaultValues", [DefaultValue(default_value=v) for v in (1, 2)], "v")
    tab.table.setCurrentIndex(tab.model.index(0, REF_CODE))
    qtbot.mouseClick(tab.down_button, Qt.MouseButton.LeftButton)
    assert [p.ref_code for p in doc.model.periods] == ["TP2", "TP1"]
    assert [v.default_value for v in doc.model.targets[0].default_values] == [2, 1]
    assert tab.table.currentIndex().row() == 1
    qtbot.mouseClick(tab.up_button, Qt.MouseButton.LeftButton)
    assert [p.ref_code for p in doc.model.periods] == ["TP1", "TP2"]


def test_insert_puts_an_undated_period_above_the_current_row(qtbot, doc, tab):
    tab.table.setCurrentIndex(tab.model.index(1, REF_CODE))
    qtbot.mouseClick(tab.insert_button, Qt.MouseButton.LeftButton)
    assert [p.ref_code for p in doc.model.periods] == ["TP1", "Cycle_3", "TP2"]
    doc.refresh_now()
    tab.show_problems(doc.problems)
    tip = tab.model.index(1, START).data(Qt.ItemDataRole.ToolTipRole)
    assert "Period 2: Start is missing" in tip and "likely to refuse" in tip
    assert tab.model.index(1, START).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_problems_mark_cells_and_focus_path_selects_them(qtbot, doc, tab):
    doc.set_value("periods[1].refCode", "tp1")
    doc.refresh_now()
    tab.show_problems(doc.problems)
    index = tab.model.index(1, REF_CODE)
    assert "already used by period 1" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert tab.model.index(0, START).data(Qt.ItemDataRole.BackgroundRole) is None
    assert tab.focus_path("periods[1].endDate")
    assert (tab.table.currentIndex().row(), tab.table.currentIndex().column()) == (1, END)
    assert not tab.focus_path("periods[9].endDate")
    assert not tab.focus_path("targets[0].name")
    doc.set_value("periods[1].refCode", "TP2")
    doc.refresh_now()
    tab.show_problems(doc.problems)
    assert index.data(Qt.ItemDataRole.BackgroundRole) is None


def test_list_problem_shows_above_the_table(qtbot, doc, tab):
    doc.remove_items("periods", [0, 1])
    doc.refresh_now()
    tab.show_problems(doc.problems)
    assert tab.list_problems.isVisible()
    assert "no periods" in tab.list_problems.text()


def test_following_period_keeps_offsets_and_length():
    previous = Period(start_date="2025-01-01T00:00:00.000+05:30", end_date="2025-01-10T23:59:59.999+05:30")
    new = following_period(previous, "Asia/Kolkata")
    assert new.start_date == "2025-01-11T00:00:00.000+05:30"
    assert new.end_date == "2025-01-20T23:59:59.999+05:30"


def test_following_period_follows_the_zone_across_a_clock_change():
    previous = Period(start_date="2025-03-20T00:00:00.000+00:00", end_date="2025-03-29T23:59:59.999+00:00")
    new = following_period(previous, "Europe/London")
    assert new.start_date == "2025-03-30T00:00:00.000+00:00"
    assert new.end_date == "2025-04-08T23:59:59.999+01:00"


def test_unique_ref_code_never_repeats():
    assert unique_ref_code(["TP1", "TP2"], "TP2") == "TP3"
    assert unique_ref_code(["TP1", "tp3", "TP2"], "TP2") == "TP4"
    assert unique_ref_code(["x"], None) == "Cycle_2"


def test_add_to_an_empty_group_uses_the_group_zone(qtbot):
    doc = PayloadDocument(TargetGroup(time_zone_name="Asia/Kolkata", periods=[], targets=[Target(name="t")]))
    tab = PeriodsTab(doc)
    qtbot.addWidget(tab)
    tab.add()
    period = doc.model.periods[0]
    assert period.start_date.endswith("T00:00:00.000+05:30")
    assert period.end_date.endswith("T23:59:59.999+05:30")
    assert period.ref_code == "Cycle_1"
