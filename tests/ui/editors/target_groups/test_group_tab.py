"""The Group tab as an operator uses it: typing, choosing, and seeing the JSON follow."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from app.domain.enums import TargetEvaluationType, TrackingType
from app.domain.target_groups.models import Target
from app.ui.editors.target_groups.group.streaks import StreaksModel
from app.ui.widgets.field_widgets import BoolField, DateTimeField, EnumField, TimeZoneField


def preview_json(window) -> dict:
    window.document.refresh_now()
    return json.loads(window.preview.toPlainText())


def choose(qtbot, combo: QComboBox, text: str) -> None:
    """Pick an item the way a keyboard user does: focus the combo and move to the item."""
    combo.setFocus()
    target = combo.findText(text)
    assert target >= 0, text
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != target:
        before = combo.currentIndex()
        qtbot.keyClick(combo, key)
        assert combo.currentIndex() != before, f"{text} cannot be reached (disabled?)"


def test_typing_a_name_shows_in_preview_and_undoes_in_one_step(window, qtbot):
    name = window.group_tab.fields["name"]
    qtbot.keyClicks(name.editor, "Summer sprint")
    qtbot.waitUntil(lambda: '"name": "Summer sprint"' in window.preview.toPlainText())
    assert window.isWindowModified()
    assert "Summer sprint" in window.windowTitle()

    window.undo_action.trigger()
    assert name.editor.text() == ""
    assert preview_json(window)["name"] == ""
    window.redo_action.trigger()
    assert name.editor.text() == "Summer sprint"


def test_required_name_problem_is_marked_at_the_field_and_cleared_when_fixed(window, qtbot):
    window.document.refresh_now()
    name = window.group_tab.fields["name"]
    assert name.editor.property("problem") == ""  # a blank form does not shout...
    listed = window.problems_view.problems_model
    assert any(listed.problem(r).path == "name" for r in range(listed.rowCount()))  # ...but lists it
    name.editor.setFocus()
    qtbot.keyClicks(name.editor, "G")
    qtbot.keyClick(name.editor, Qt.Key.Key_Backspace)
    window.document.refresh_now()
    assert name.editor.property("problem") == "error"  # touched: now it is marked
    assert "Group name is required" in name.message.text()
    assert name.message.isVisible()
    height = name.message.height()
    qtbot.keyClicks(name.editor, "Gold")
    window.document.refresh_now()
    assert name.editor.property("problem") == ""
    assert name.message.text() == ""
    assert name.message.height() == height  # its line is kept: nothing below moves


def test_choosing_unified_shows_its_settings_and_writes_the_wire_value(window, qtbot):
    group_tab = window.group_tab
    assert not group_tab.unified_box.isVisible()
    tracking = group_tab.fields["trackingType"]
    choose(qtbot, tracking.editor, "Unified, several targets (UNIFIED)")
    assert group_tab.unified_box.isVisible()
    assert preview_json(window)["trackingType"] == "UNIFIED"
    combination = group_tab.fields["combinationType"]
    assert combination.editor.property("problem") == ""  # not touched yet
    window.document.show_all_marks()  # as when Send is tried
    assert combination.editor.property("problem") == "warning"  # UNIFIED needs ALL or ANY
    choose(qtbot, combination.editor, "All targets (ALL)")
    threshold = group_tab.fields["unifiedTargetExpression.thresholdValue"]
    qtbot.keyClicks(threshold.editor, "250.5")
    data = preview_json(window)
    assert data["combinationType"] == "ALL"
    assert data["unifiedTargetExpression"] == {"thresholdValue": 250.5}
    assert combination.editor.property("problem") == ""


def test_measure_list_shows_the_api_codes(window, qtbot):
    window.document.insert_items("targets", 0, [Target()])
    window.tabs.setCurrentWidget(window.targets_tab)
    measure = window.targets_tab.form.fields["targetType"].editor
    texts = [measure.itemText(i) for i in range(measure.count())]
    assert "Net sales (SALES)" in texts and "Gross sales (GROSS_SALES)" in texts


def test_enum_choices_show_readable_names_with_help(window):
    evaluation = window.group_tab.fields["targetEvaluationType"]
    assert isinstance(evaluation, EnumField)
    texts = [evaluation.editor.itemText(i) for i in range(evaluation.editor.count())]
    assert texts == [
        "Not set",
        "Fixed calendar window (FIXED_CALENDAR_WINDOW)",
        "Cyclic window (CYCLIC_WINDOW)",
        "Until target achieved (PERIOD_AGNOSTIC_WINDOW)",
    ]
    tip = evaluation.editor.itemData(2, Qt.ItemDataRole.ToolTipRole)
    assert "rolling 24 h" in tip and "CYCLIC_WINDOW" in tip


def test_leaderboard_greys_out_cyclic_window_with_the_reason(window, qtbot):
    group_tab = window.group_tab
    leaderboard = group_tab.fields["leaderboardEnabled"]
    assert isinstance(leaderboard, BoolField)
    qtbot.mouseClick(leaderboard.editor, Qt.MouseButton.LeftButton)
    assert window.document.model.leaderboard_enabled is True
    evaluation = group_tab.fields["targetEvaluationType"]
    assert isinstance(evaluation, EnumField)
    assert not evaluation.choice_enabled(TargetEvaluationType.CYCLIC_WINDOW)
    row = evaluation.editor.findData("CYCLIC_WINDOW", Qt.ItemDataRole.UserRole)
    assert "fixed calendar window" in evaluation.editor.itemData(row, Qt.ItemDataRole.ToolTipRole)
    # Keyboard navigation skips the disabled choice: the value stays a fixed window.
    evaluation.editor.setFocus()
    qtbot.keyClick(evaluation.editor, Qt.Key.Key_Down)
    assert window.document.model.target_evaluation_type is TargetEvaluationType.FIXED_CALENDAR_WINDOW

    qtbot.mouseClick(leaderboard.editor, Qt.MouseButton.LeftButton)  # off again
    assert evaluation.choice_enabled(TargetEvaluationType.CYCLIC_WINDOW)
    choose(qtbot, evaluation.editor, "Cyclic window (CYCLIC_WINDOW)")
    assert not leaderboard.editor.isEnabled()
    assert "fixed calendar window" in leaderboard.editor.toolTip()


def test_streak_levels_table_appears_for_streaks_and_edits_cells(window, qtbot):
    group_tab = window.group_tab
    choose(qtbot, group_tab.fields["trackingType"].editor, "Streaks (STREAKS)")
    assert group_tab.streaks_box.isVisible()
    window.document.refresh_now()
    assert "at least one streak level" in group_tab.streaks.message.text()
    qtbot.mouseClick(group_tab.streaks.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(group_tab.streaks.add_button, Qt.MouseButton.LeftButton)
    table = group_tab.streaks.table
    group_tab.scroll_area.ensureWidgetVisible(table)
    cell = table.visualRect(table.model().index(1, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)  # a real double-click
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)  # starts with a click
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Gold")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.document.value("streaks[1].name") == "Gold")
    assert preview_json(window)["streaks"] == [
        {"name": "Level 1", "targetCountOfSequence": 4},
        {"name": "Gold", "targetCountOfSequence": 8},
    ]
    window.undo_action.trigger()
    assert table.model().index(1, 0).data() == "Level 2"


def test_streaks_model_passes_qtmodeltester(qtmodeltester, window):
    window.document.set_value("trackingType", TrackingType.STREAKS)
    window.group_tab.streaks.add_level()
    window.group_tab.streaks.add_level()
    window.document.set_value("streaks[0].name", None)
    window.document.refresh_now()
    model = window.group_tab.streaks.model
    assert isinstance(model, StreaksModel)
    qtmodeltester.check(model, force_py=True)
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole).startswith("Warning:")


def test_time_zone_picker_searches_every_zone(window, qtbot):
    zone = window.group_tab.fields["timeZoneName"]
    assert isinstance(zone, TimeZoneField)
    line = zone.editor.lineEdit()
    qtbot.keyClicks(line, "kolk")
    assert zone.editor.count() > 300  # the zones are added on first use
    completer = zone.editor.completer()
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "Asia/Kolkata"
    line.selectAll()
    qtbot.keyClicks(line, "Europe/Lisbon")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert preview_json(window)["timeZoneName"] == "Europe/Lisbon"


def test_date_time_editor_keeps_the_offset(sample_window, qtbot):
    start = sample_window.group_tab.fields["targetCycleStartDateISO"]
    assert isinstance(start, DateTimeField)
    assert start.offset.text() == "+05:30"
    start.editor.setFocus()
    start.editor.setCurrentSection(start.editor.Section.DaySection)
    qtbot.keyClick(start.editor, Qt.Key.Key_Up)
    assert preview_json(sample_window)["targetCycleStartDateISO"] == "2026-01-02T10:30:00.000+05:30"


def test_new_date_takes_the_group_zone_offset(sample_window, qtbot):
    from_date = sample_window.group_tab.fields["fromDate"]
    assert isinstance(from_date, DateTimeField)
    from_date.editor.setFocus()
    from_date.editor.setCurrentSection(from_date.editor.Section.YearSection)
    qtbot.keyClick(from_date.editor, Qt.Key.Key_Up)
    assert preview_json(sample_window)["fromDate"] == "1901-01-01T00:00:00.000+05:21"  # Kolkata's LMT
    qtbot.mouseClick(from_date.clear_button, Qt.MouseButton.LeftButton)
    assert "fromDate" not in preview_json(sample_window)


def test_whole_number_field_ignores_letters(window, qtbot):
    till = window.group_tab.fields["preferredTillId"]
    qtbot.keyClicks(till.editor, "75155a2970000")
    assert preview_json(window)["preferredTillId"] == 751552970000


def test_every_input_has_a_label_and_tab_moves_down_the_form(window, qtbot):
    fields = window.group_tab.fields
    for path, field in fields.items():
        assert field.caption.buddy() is field.editor, path
        assert field.caption.text().strip(" *:"), path
        assert field.editor.toolTip(), path
    name, description = fields["name"].editor, fields["description"].editor
    name.setFocus()
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    assert description.hasFocus()


def test_letters_in_a_number_field_are_said_not_dropped_silently(window, qtbot):
    field = window.group_tab.fields["frequency"]
    field.editor.setFocus()
    qtbot.keyClicks(field.editor, "1a")
    assert field.editor.text() == "1"
    assert "not taken" in field.message.full_text and "whole number" in field.message.full_text
    window.document.refresh_now()  # the check of the "1" comes after: the hint stays a moment
    assert "not taken" in field.message.full_text
