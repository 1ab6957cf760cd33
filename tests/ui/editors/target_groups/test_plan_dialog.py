"""The period planner as an operator uses it: fill the form, read the preview, apply, undo."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from app.domain.target_groups.validate import load_payload
from app.ui.document.document import PayloadDocument
from app.ui.editors.target_groups.periods.periods_tab import PeriodsTab

FIXTURES = Path(__file__).parents[3] / "fixtures"
NOW = datetime(2024, 1, 15, tzinfo=UTC)


@pytest.fixture
def doc(qtbot):
    raw = json.loads((FIXTURES / "request-fixed-window-milestone-monthly-leaderboard.json").read_text())
    return PayloadDocument(load_payload(raw).group)


@pytest.fixture
def tab(qtbot, doc):
    widget = PeriodsTab(doc)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def type_into(qtbot, widget, text):
    widget.setFocus()
    line = widget.lineEdit() if hasattr(widget, "lineEdit") and widget.lineEdit() else widget
    line.selectAll()
    qtbot.keyClicks(line, text)


def preview_rows(dialog):
    model = dialog.preview_model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_dialog_starts_from_what_the_group_says(qtbot, tab):
    dialog = tab.open_planner(now=NOW)
    assert dialog.isVisible()
    assert dialog.start_edit.date() == QDate(2024, 8, 20)
    assert dialog.count_spin.value() == 2
    assert dialog.unit_combo.currentData() == "MONTHLY"
    assert dialog.pattern_edit.text() == "TP{n}"  # the group's refCodes are TP1, TP2


def test_plan_six_monthly_cycles_in_india_time_and_apply(qtbot, tab, doc):
    dialog = tab.open_planner(now=NOW)
    type_into(qtbot, dialog.count_spin, "6")
    type_into(qtbot, dialog.zone_combo, "Asia/Kolkata")
    type_into(qtbot, dialog.pattern_edit, "M{n}")
    rows = preview_rows(dialog)
    assert len(rows) == 6
    assert rows[0][1:4] == ["M1", "2024-08-20T00:00:00.000+05:30", "2024-09-19T23:59:59.999+05:30"]
    assert rows[5][3] == "2025-02-19T23:59:59.999+05:30"
    assert "4 values added" in dialog.summary.text()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert [p.ref_code for p in doc.model.periods] == [f"M{n}" for n in range(1, 7)]
    assert [v.default_value for v in doc.model.targets[0].default_values] == [500] * 6
    assert doc.model.time_zone_name == "Asia/Kolkata"
    assert tab.model.rowCount() == 6
    assert "Planned 6 periods (the group had 2)" in tab.info.text()
    assert "4 values added" in tab.info.text()
    doc.undo_stack.undo()  # the whole plan is one step
    assert [p.ref_code for p in doc.model.periods] == ["TP1", "TP2"]
    assert len(doc.model.targets[0].default_values) == 2
    assert tab.model.rowCount() == 2


def test_fewer_cycles_drop_values_and_say_so(qtbot, tab, doc):
    dialog = tab.open_planner(now=NOW)
    type_into(qtbot, dialog.count_spin, "1")
    assert "1 dropped" in dialog.summary.text()
    with qtbot.waitSignal(dialog.applied) as applied:
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert any("1 dropped" in line for line in applied.args[0])
    assert len(doc.model.targets[0].default_values) == 1


def test_cycle_end_mode_cuts_the_last_cycle(qtbot, tab):
    dialog = tab.open_planner(now=NOW)
    qtbot.mouseClick(dialog.end_radio, Qt.MouseButton.LeftButton)
    assert dialog.end_edit.isEnabled() and not dialog.count_spin.isEnabled()
    dialog.end_edit.setDate(QDate(2024, 10, 5))
    rows = preview_rows(dialog)
    assert [r[3][:10] for r in rows] == ["2024-09-19", "2024-10-05"]


def test_pattern_without_number_is_refused_and_apply_is_disabled(qtbot, tab, doc):
    dialog = tab.open_planner(now=NOW)
    type_into(qtbot, dialog.pattern_edit, "Month")
    assert not dialog.apply_button.isEnabled()
    assert dialog.error_label.isVisible()
    assert "{n}" in dialog.error_label.text()
    assert dialog.pattern_edit.property("problem") == "error"
    assert preview_rows(dialog) == []
    type_into(qtbot, dialog.pattern_edit, "Month{n}")
    assert dialog.apply_button.isEnabled()
    assert dialog.pattern_edit.property("problem") == ""


def test_unknown_zone_is_named_in_the_message(qtbot, tab):
    dialog = tab.open_planner(now=NOW)
    type_into(qtbot, dialog.zone_combo, "Mars/Olympus")
    assert "Mars/Olympus" in dialog.error_label.text()
    assert not dialog.apply_button.isEnabled()


def test_fill_value_with_decimal_comma_fills_new_periods(qtbot, tab, doc):
    dialog = tab.open_planner(now=NOW)
    type_into(qtbot, dialog.count_spin, "3")
    type_into(qtbot, dialog.fill_edit, "7,5")
    assert "filled with 7.5" in dialog.summary.text()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert [v.default_value for v in doc.model.targets[0].default_values] == [500, 500, 7.5]


def test_bad_fill_value_is_refused(qtbot, tab):
    dialog = tab.open_planner(now=NOW)
    type_into(qtbot, dialog.fill_edit, "lots")
    assert "'lots' is not a number" in dialog.error_label.text()
    assert not dialog.apply_button.isEnabled()


def test_statuses_follow_now(qtbot, tab):
    dialog = tab.open_planner(now=datetime(2024, 9, 1, tzinfo=UTC))
    rows = preview_rows(dialog)
    assert [r[4] for r in rows] == ["Running", "Not started"]


def test_cancel_changes_nothing(qtbot, tab, doc):
    before = doc.model.to_json()
    dialog = tab.open_planner(now=NOW)
    type_into(qtbot, dialog.count_spin, "9")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert doc.model.to_json() == before
    assert doc.undo_stack.count() == 0
