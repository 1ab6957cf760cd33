"""The Targets tab as an operator uses it: list operations, the form, the entity/type pairs, filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit, QWidget

from app.domain.enums import AggregateFunction, TargetEntity, TargetType
from app.domain.target_groups.models import DefaultValue
from app.domain.target_groups.validate import load_payload
from app.ui.document.document import PayloadDocument
from app.ui.editors.target_groups.targets.filters_table import (
    ENTITY_IDS,
    ENTITY_TYPE,
    IdsTextError,
    parse_ids,
)
from app.ui.editors.target_groups.targets.targets_tab import TargetsTab

FIXTURES = Path(__file__).parents[3] / "fixtures"


def fixture_doc(name: str) -> PayloadDocument:
    return PayloadDocument(load_payload(json.loads((FIXTURES / name).read_text())).group)


@pytest.fixture
def doc(qtbot):
    return fixture_doc("request-fixed-window-milestone-monthly-leaderboard.json")


@pytest.fixture
def tab(qtbot, doc):
    widget = TargetsTab(doc)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def pick(qtbot, field, member):
    """Choose an item of an EnumField's combo (found by its wire value) as a user does."""
    combo = field.editor
    row = combo.findData(member.value, Qt.ItemDataRole.UserRole)
    assert row >= 0, f"{member!r} not offered"
    combo.setFocus()
    combo.setCurrentIndex(row)
    combo.activated.emit(row)


def refreshed(qtbot, doc):
    with qtbot.waitSignal(doc.refreshed, timeout=2000) as blocker:
        pass
    return json.loads(blocker.args[0]), blocker.args[1]


def test_form_shows_the_selected_target(tab):
    assert tab.form.fields["name"].editor.text() == "target-2024-09-10T13:17:57.210Z"
    assert tab.form.fields["targetEntity"].editor.currentText() == "Event (EVENT)"
    assert tab.form.fields["eventName"].isVisibleTo(tab)


def test_typing_a_name_is_one_undo_step_and_renames_the_list_row(qtbot, tab, doc):
    name = tab.form.fields["name"].editor
    name.selectAll()
    qtbot.keyClicks(name, "Spend 500")
    preview, _ = refreshed(qtbot, doc)
    assert preview["targets"][0]["name"] == "Spend 500"
    assert tab.list_model.index(0).data() == "Spend 500"
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert name.text() == "target-2024-09-10T13:17:57.210Z"


def test_entity_narrows_the_measures(qtbot, tab, doc):
    type_field = tab.form.fields["targetType"]
    assert type_field.choice_enabled(TargetType.COUNT)
    assert not type_field.choice_enabled(TargetType.SALES)  # Event targets cannot measure sales
    pick(qtbot, tab.form.fields["targetEntity"], TargetEntity.TRANSACTION)
    assert type_field.choice_enabled(TargetType.SALES)
    assert not type_field.choice_enabled(TargetType.EVENT_ATTRIBUTE)


def test_changing_entity_clears_what_the_new_pair_does_not_use_in_one_step(qtbot, tab, doc):
    pick(qtbot, tab.form.fields["targetEntity"], TargetEntity.REWARDS)
    target = doc.model.targets[0]
    assert target.target_entity is TargetEntity.REWARDS
    assert target.target_type is None  # COUNT is not a points measure
    assert target.event_name is None and target.extended_field_info is None
    assert not tab.form.fields["eventName"].isVisibleTo(tab)
    assert not tab.form.fields["extendedFieldInfo.name"].isVisibleTo(tab)
    assert "Cleared" in tab.form.note.text() and "Event name" in tab.form.note.text()
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    target = doc.model.targets[0]
    assert (target.target_entity, target.target_type, target.event_name) == (
        TargetEntity.EVENT,
        TargetType.COUNT,
        "TransactionAdd",
    )
    assert target.extended_field_info.name == "cartId"
    assert tab.form.fields["eventName"].isVisibleTo(tab)


def test_each_pair_shows_exactly_its_fields(qtbot, tab, doc):
    fields = tab.form.fields
    pick(qtbot, fields["targetEntity"], TargetEntity.TRANSACTION)
    pick(qtbot, fields["targetType"], TargetType.EXTENDED_FIELD)
    visible = {
        w
        for w in (
            "eventName",
            "extendedFieldInfo.name",
            "extendedFieldInfo.aggregateFunction",
            "extendedFieldInfo.alternateCurrencyIdentifier",
            "extendedFieldInfo.programId",
        )
        if fields[w].isVisibleTo(tab)
    }
    assert visible == {"extendedFieldInfo.name", "extendedFieldInfo.aggregateFunction"}
    pick(qtbot, fields["targetEntity"], TargetEntity.ALTERNATE_CURRENCIES)
    visible = {w for w in fields if w.startswith(("event", "extended")) and fields[w].isVisibleTo(tab)}
    assert visible == {"extendedFieldInfo.alternateCurrencyIdentifier", "extendedFieldInfo.programId"}
    ident = fields["extendedFieldInfo.alternateCurrencyIdentifier"].editor
    qtbot.keyClicks(ident, "DocCoin")
    qtbot.keyClicks(fields["extendedFieldInfo.programId"].editor, "42")
    preview, problems = refreshed(qtbot, doc)
    assert preview["targets"][0]["extendedFieldInfo"] == {
        "alternateCurrencyIdentifier": "DocCoin",
        "programId": 42,
    }
    assert not [p for p in problems if p.path.startswith("targets[0].extendedFieldInfo")]


def test_event_attribute_gets_sum_and_count_is_greyed(qtbot, tab, doc):
    fields = tab.form.fields
    pick(qtbot, fields["targetType"], TargetType.EVENT_ATTRIBUTE)
    assert doc.model.targets[0].extended_field_info.aggregate_function.value == "SUM"
    assert not fields["extendedFieldInfo.aggregateFunction"].choice_enabled(AggregateFunction.COUNT)


def test_problems_show_at_fields_and_in_the_list(qtbot, tab, doc):
    pick(qtbot, tab.form.fields["targetEntity"], TargetEntity.REWARDS)
    doc.refresh_now()
    tab.show_problems(doc.problems)
    type_field = tab.form.fields["targetType"]
    assert type_field.editor.property("problem") == "warning"
    assert "Measure is missing" in type_field.message.text()
    assert tab.list_model.index(0).data(Qt.ItemDataRole.DecorationRole) is not None
    assert "Measure is missing" in tab.list_model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    pick(qtbot, type_field, TargetType.ALL_POINTS)
    doc.refresh_now()
    tab.show_problems(doc.problems)
    assert type_field.editor.property("problem") == ""


def test_add_duplicate_move_remove_and_undo(qtbot, tab, doc):
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert [t.name for t in doc.model.targets] == ["target-2024-09-10T13:17:57.210Z", "Target 2"]
    assert tab.current == 1
    assert tab.form.fields["name"].editor.text() == "Target 2"
    assert len(doc.model.targets[1].default_values) == 2  # one per period
    assert doc.model.targets[1].expression == "true"
    qtbot.mouseClick(tab.duplicate_button, Qt.MouseButton.LeftButton)
    assert [t.name for t in doc.model.targets][2] == "Target 2 (copy)"
    assert tab.current == 2
    qtbot.mouseClick(tab.up_button, Qt.MouseButton.LeftButton)
    assert [t.name for t in doc.model.targets][1:] == ["Target 2 (copy)", "Target 2"]
    assert tab.current == 1
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert [t.name for t in doc.model.targets][1:] == ["Target 2"]
    for _ in range(4):
        doc.undo_stack.undo()
    assert len(doc.model.targets) == 1
    assert tab.list_model.rowCount() == 1
    assert tab.current == 0


def test_duplicate_drops_server_ids(qtbot):
    doc = fixture_doc("request-fixed-window-milestone-monthly-leaderboard.json")
    doc.model.targets[0].default_values = [DefaultValue(default_value=1, id=7, periodId=9)]
    tab = TargetsTab(doc)
    qtbot.addWidget(tab)
    tab.duplicate()
    assert doc.model.targets[1].default_values[0].to_wire() == {"defaultValue": 1}
    assert doc.model.targets[0].default_values[0].to_wire() == {"defaultValue": 1, "id": 7, "periodId": 9}


def test_switching_targets_rebinds_every_part(qtbot, tab, doc):
    tab.add()
    doc.set_value("targets[1].defaultValues[0].defaultValue", 77)
    tab.list.setCurrentIndex(tab.list_model.index(0))
    assert tab.values.model.index(0, 3).data() == "500"
    tab.list.setCurrentIndex(tab.list_model.index(1))
    assert tab.values.model.index(0, 3).data() == "77"
    assert tab.form.fields["name"].path == "targets[1].name"


def test_filters_table_add_edit_ids_and_refuse_bad_ids(qtbot, tab, doc):
    qtbot.mouseClick(tab.filters.add_button, Qt.MouseButton.LeftButton)
    table = tab.filters.table
    table.setCurrentIndex(tab.filters.model.index(0, ENTITY_IDS))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = next(
        w
        for w in table.viewport().findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if w.isVisible()
    )
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "101, 102 103")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() == QAbstractItemView.State.NoState)
    assert doc.model.targets[0].filters[0].to_wire() == {"entityType": "STORE", "entityIds": [101, 102, 103]}
    assert tab.filters.model.index(0, ENTITY_IDS).data() == "101, 102, 103"
    assert tab.filters.model.setData(tab.filters.model.index(0, ENTITY_IDS), "7, x8") is False
    assert "'x8' is not an id" in tab.filters.message.text()
    assert doc.model.targets[0].filters[0].entity_ids == [101, 102, 103]
    table.setCurrentIndex(tab.filters.model.index(0, ENTITY_TYPE))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    combo = next(w for w in table.viewport().findChildren(QComboBox) if w.isVisible())
    combo.setCurrentIndex(combo.findText("Zone (ZONE)"))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() == QAbstractItemView.State.NoState)
    assert doc.model.targets[0].filters[0].entity_type.value == "ZONE"
    table.setCurrentIndex(tab.filters.model.index(0, ENTITY_TYPE))
    qtbot.mouseClick(tab.filters.remove_button, Qt.MouseButton.LeftButton)
    assert "filters" not in doc.model.targets[0].to_wire()


def test_filter_problem_marks_the_ids_cell(qtbot, tab, doc):
    tab.filters.add()
    doc.refresh_now()
    tab.show_problems(doc.problems)
    tip = tab.filters.model.index(0, ENTITY_IDS).data(Qt.ItemDataRole.ToolTipRole)
    assert "Add at least one id" in tip
    assert tab.focus_path("targets[0].filters[0].entityIds")
    assert tab.filters.table.currentIndex().column() == ENTITY_IDS


def test_focus_path_reaches_form_fields_and_refuses_unknown_targets(qtbot, tab, doc):
    tab.add()
    assert tab.focus_path("targets[0].extendedFieldInfo.name")
    assert tab.current == 0
    assert tab.form.fields["extendedFieldInfo.name"].editor.hasFocus()
    assert tab.focus_path("targets[1].name")
    assert tab.current == 1
    assert not tab.focus_path("targets[5].name")
    assert not tab.focus_path("periods[0].refCode")
    assert tab.focus_path("targets")


def test_list_level_problem_shows_above_the_list(qtbot, tab, doc):
    tab.add()
    doc.refresh_now()
    tab.show_problems(doc.problems)
    assert "has exactly 1 target in the docs; it has 2" in tab.list_problems.text()


def test_empty_group_shows_a_hint_and_disables_the_form(qtbot):
    doc = PayloadDocument()
    tab = TargetsTab(doc)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.empty_hint.isVisible()
    assert not tab.form.isEnabled()
    tab.add()
    assert not tab.empty_hint.isVisible()
    assert tab.form.isEnabled()


@pytest.mark.parametrize(("text", "ids"), [("1,2", [1, 2]), (" 5 ; 6\t7 ", [5, 6, 7]), ("", [])])
def test_parse_ids(text, ids):
    assert parse_ids(text) == ids


@pytest.mark.parametrize("text", ["1.5", "-3", "abc", "1,two"])
def test_parse_ids_refuses(text):
    with pytest.raises(IdsTextError):
        parse_ids(text)
