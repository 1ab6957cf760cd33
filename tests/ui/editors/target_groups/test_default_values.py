"""The target values grid as an operator uses it: type, fill all, fill down, paste a column, undo."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QWidget

from app.domain.target_groups.models import DefaultValue, Period, Target, TargetGroup
from app.ui.document.document import PayloadDocument
from app.ui.editors.target_groups.targets.targets_tab import TargetsTab
from app.ui.editors.target_groups.targets.values_model import VALUE
from app.ui.editors.target_groups.targets.values_paste import ValueTextError, parse_column, parse_number


def group(periods: int, values: list[float | None]) -> TargetGroup:
    return TargetGroup(
        name="g",
        tracking_type="DEFAULT",
        target_evaluation_type="FIXED_CALENDAR_WINDOW",
        periods=[
            Period(ref_code=f"P{n + 1}", start_date=f"2030-{n + 1:02d}-01", end_date=f"2030-{n + 1:02d}-28")
            for n in range(periods)
        ],
        targets=[
            Target(
                name="t",
                target_entity="TRANSACTION",
                target_type="SALES",
                default_values=[
                    DefaultValue(default_value=v) if v is not None else DefaultValue() for v in values
                ],
            )
        ],
    )


@pytest.fixture
def doc(qtbot):
    return PayloadDocument(group(5, [10, 20, 30, 40, 50]))


def open_values_page(qtbot, tab):
    """Click the "Target values" page, as an operator would."""
    bar = tab.sections.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert tab.sections.currentWidget() is tab.values_page


@pytest.fixture
def panel(qtbot, doc):
    tab = TargetsTab(doc)
    qtbot.addWidget(tab)
    tab.resize(1300, 700)
    tab.show()
    qtbot.waitExposed(tab)
    open_values_page(qtbot, tab)
    return tab.values


def column(doc):
    return [v.default_value for v in doc.model.targets[0].default_values]


def select_rows(panel, rows):
    selection = panel.table.selectionModel()
    selection.clearSelection()
    panel.table.setCurrentIndex(panel.model.index(rows[0], VALUE))
    for row in rows:
        selection.select(panel.model.index(row, VALUE), QItemSelectionModel.SelectionFlag.Select)


def edit_cell(qtbot, panel, row, text):
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(row, VALUE))
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    editor = next(
        w
        for w in panel.table.viewport().findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
        )
        if w.isVisible()
    )
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.table.state() == QAbstractItemView.State.NoState)


def test_grid_shows_one_row_per_period_with_its_ref_code(panel):
    model = panel.model
    assert model.rowCount() == 5
    assert [model.index(r, 0).data() for r in range(5)] == ["P1", "P2", "P3", "P4", "P5"]
    assert model.index(2, VALUE).data() == "30"


def test_typing_a_value_updates_preview_and_undo(qtbot, panel, doc):
    edit_cell(qtbot, panel, 1, "7,5")
    assert column(doc) == [10, 7.5, 30, 40, 50]
    with qtbot.waitSignal(doc.refreshed) as refreshed:
        pass
    assert json.loads(refreshed.args[0])["targets"][0]["defaultValues"][1] == {"defaultValue": 7.5}
    doc.undo_stack.undo()
    assert column(doc) == [10, 20, 30, 40, 50]
    assert panel.model.index(1, VALUE).data() == "20"


def test_typing_a_non_number_is_refused_with_a_message(qtbot, panel, doc):
    edit_cell(qtbot, panel, 0, "ten")
    assert column(doc) == [10, 20, 30, 40, 50]
    assert panel.message.isVisible()
    assert "Row 1" in panel.message.text() and "'ten' is not a number" in panel.message.text()
    assert doc.undo_stack.count() == 0


def test_fill_all_is_one_undo_step(qtbot, panel, doc):
    qtbot.keyClicks(panel.fill_edit, "99")
    qtbot.mouseClick(panel.fill_all_button, Qt.MouseButton.LeftButton)
    assert column(doc) == [99] * 5
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert column(doc) == [10, 20, 30, 40, 50]


def test_fill_all_refuses_an_ambiguous_number(qtbot, panel, doc):
    qtbot.keyClicks(panel.fill_edit, "1,000")
    qtbot.keyClick(panel.fill_edit, Qt.Key.Key_Return)
    assert column(doc) == [10, 20, 30, 40, 50]
    assert "ambiguous" in panel.message.text()


def test_fill_down_from_one_row_fills_every_row_below(qtbot, panel, doc):
    select_rows(panel, [2])
    qtbot.mouseClick(panel.fill_down_button, Qt.MouseButton.LeftButton)
    assert column(doc) == [10, 20, 30, 30, 30]


def test_fill_down_over_a_selection_and_ctrl_d(qtbot, panel, doc):
    select_rows(panel, [0, 1, 3])
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert column(doc) == [10, 10, 30, 10, 50]


@pytest.mark.parametrize("key", [Qt.Key.Key_Delete, Qt.Key.Key_Backspace])
def test_delete_clears_the_selected_values_in_one_undo_step(qtbot, panel, doc, key):
    select_rows(panel, [1, 2, 4])
    panel.table.setFocus()
    qtbot.keyClick(panel.table, key)
    assert column(doc) == [10, None, None, 40, None]
    assert len(doc.model.targets[0].default_values) == 5  # still one per period
    assert "Cleared 3 values" in panel.message.text()
    doc.undo_stack.undo()
    assert column(doc) == [10, 20, 30, 40, 50]


def test_delete_on_one_value_clears_it(qtbot, panel, doc):
    select_rows(panel, [0])
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert column(doc) == [None, 20, 30, 40, 50]
    doc.undo_stack.undo()
    assert column(doc) == [10, 20, 30, 40, 50]


def test_paste_a_spreadsheet_column_from_the_selected_row(qtbot, panel, doc):
    QGuiApplication.clipboard().setText("100\t x\n200,5\n300\n")
    select_rows(panel, [1])
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert column(doc) == [10, 100, 200.5, 300, 50]
    assert "Pasted 3 values into rows 2 to 4" in panel.message.text()
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert column(doc) == [10, 20, 30, 40, 50]


def test_paste_with_a_bad_line_changes_nothing(qtbot, panel, doc):
    QGuiApplication.clipboard().setText("1\n2\nthree\n4")
    select_rows(panel, [0])
    qtbot.mouseClick(panel.paste_button, Qt.MouseButton.LeftButton)
    assert column(doc) == [10, 20, 30, 40, 50]
    assert "Line 3" in panel.message.text() and "'three'" in panel.message.text()
    assert doc.undo_stack.count() == 0


def test_paste_longer_than_the_periods_left_changes_nothing(qtbot, panel, doc):
    QGuiApplication.clipboard().setText("1\n2\n3")
    select_rows(panel, [3])
    qtbot.mouseClick(panel.paste_button, Qt.MouseButton.LeftButton)
    assert column(doc) == [10, 20, 30, 40, 50]
    assert "3 values but only 2 periods" in panel.message.text()


def test_missing_values_are_marked_and_match_periods_fills_them(qtbot):
    doc = PayloadDocument(group(4, [5, 6]))
    tab = TargetsTab(doc)
    qtbot.addWidget(tab)
    tab.show()
    open_values_page(qtbot, tab)
    panel = tab.values
    doc.refresh_now()
    tab.show_problems(doc.problems)
    assert panel.model.rowCount() == 4
    assert panel.model.index(3, VALUE).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "No value for this period" in panel.model.index(3, VALUE).data(Qt.ItemDataRole.ToolTipRole)
    assert "2 value(s) for 4 period(s)" in panel.list_problems.text()
    assert panel.match_button.isVisible()
    qtbot.mouseClick(panel.match_button, Qt.MouseButton.LeftButton)
    assert column(doc) == [5, 6, 6, 6]
    assert not panel.match_button.isVisible()


def test_typing_into_a_row_without_a_value_adds_it(qtbot):
    doc = PayloadDocument(group(3, [5]))
    tab = TargetsTab(doc)
    qtbot.addWidget(tab)
    tab.show()
    open_values_page(qtbot, tab)
    edit_cell(qtbot, tab.values, 2, "8")
    assert [v.to_wire() for v in doc.model.targets[0].default_values] == [
        {"defaultValue": 5},
        {},
        {"defaultValue": 8},
    ]


def test_problem_on_a_value_is_shown_in_its_cell_and_focus_path_goes_there(qtbot, panel, doc):
    doc.set_value("targets[0].defaultValues[3].defaultValue", -1)
    doc.refresh_now()
    tab = panel.parent()
    while not isinstance(tab, TargetsTab):
        tab = tab.parent()
    tab.show_problems(doc.problems)
    index = panel.model.index(3, VALUE)
    assert "use 0 or more" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert tab.focus_path("targets[0].defaultValues[3].defaultValue")
    assert panel.table.currentIndex().row() == 3 and panel.table.currentIndex().column() == VALUE
    assert not tab.focus_path("targets[0].defaultValues[30].defaultValue")


def test_period_edit_repaints_only_its_row_in_the_grid(panel, doc):
    changes = []
    panel.model.dataChanged.connect(lambda tl, br, _roles: changes.append((tl.row(), br.row())))
    resets = []
    panel.model.modelReset.connect(lambda: resets.append(1))
    doc.set_value("periods[2].refCode", "MAR")
    doc.set_value("targets[0].defaultValues[4].defaultValue", 1)
    assert changes == [(2, 2), (4, 4)]
    assert resets == []
    assert panel.model.index(2, 0).data() == "MAR"


@pytest.mark.parametrize(
    ("text", "value"),
    [("500", 500), (" 1.5 ", 1.5), ("1,5", 1.5), ("-2", -2), ("12,3456", 12.3456), ("1e3", 1000), ("2.0", 2)],
)
def test_parse_number_accepts(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1,000", "1.000,5", "1 000", "$5", "nan", "inf", "1,2,3"])
def test_parse_number_refuses(text):
    with pytest.raises(ValueTextError):
        parse_number(text)


def test_parse_column_names_the_bad_line():
    assert parse_column("1\r\n2\t3\n\n") == [1, 2]
    with pytest.raises(ValueTextError, match="Line 2"):
        parse_column("1\n\n3")
    with pytest.raises(ValueTextError, match="no values"):
        parse_column("\n\n")


def test_the_fill_value_is_emptied_when_another_payload_opens(qtbot, panel, doc):
    qtbot.keyClicks(panel.fill_edit, "99")
    doc.load(doc.model.model_copy(deep=True), None)
    assert panel.fill_edit.text() == ""
