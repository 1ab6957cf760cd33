"""The condition editor as an operator uses it: always true, one comparison, the raw JSON."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from app.domain.expression import ALWAYS_TRUE_JSON, Condition
from app.domain.target_groups.models import Period, Target, TargetGroup
from app.ui.document.document import PayloadDocument
from app.ui.editors.target_groups.targets.targets_tab import TargetsTab
from app.ui.widgets.expression_builder import ADVANCED, CONDITION, NONE, TRUE, mode_of


@pytest.fixture
def doc(qtbot):
    return PayloadDocument(
        TargetGroup(
            name="g",
            periods=[Period(ref_code="P1", start_date="2030-01-01", end_date="2030-01-31")],
            targets=[Target(name="a"), Target(name="b", expression="true", expression_json=ALWAYS_TRUE_JSON)],
        )
    )


@pytest.fixture
def builder(qtbot, doc):
    tab = TargetsTab(doc)
    qtbot.addWidget(tab)
    tab.resize(1300, 700)
    tab.show()
    qtbot.waitExposed(tab)
    return tab.expression


def target(doc, index=0):
    return doc.model.targets[index]


def click_mode(qtbot, builder, mode):
    qtbot.mouseClick(builder.modes.button(mode), Qt.MouseButton.LeftButton)


def test_always_true_writes_both_fields_in_one_step(qtbot, builder, doc):
    assert builder.modes.checkedId() == NONE
    click_mode(qtbot, builder, TRUE)
    assert (target(doc).expression, target(doc).expression_json) == ("true", ALWAYS_TRUE_JSON)
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert "expression" not in target(doc).to_wire() and "expressionJson" not in target(doc).to_wire()
    assert builder.modes.checkedId() == NONE


def test_typing_a_comparison_writes_matching_text_and_json_as_one_step(qtbot, builder, doc):
    click_mode(qtbot, builder, CONDITION)
    assert builder.condition_box.isVisible()
    qtbot.keyClicks(builder.attribute_edit, "value")
    builder.operator_combo.setCurrentText(">")
    qtbot.keyClicks(builder.value_edit, "500")
    assert "expression" in target(doc).to_wire()
    assert target(doc).expression == "currentTxn.value>500"
    tree = json.loads(target(doc).expression_json)
    assert tree["value"] == ">" and tree["operands"][1] == {
        "arity": "literal",
        "value": "500",
        "type": "number:primitive",
    }
    with qtbot.waitSignal(doc.refreshed) as refreshed:
        pass
    problems = [p for p in refreshed.args[1] if p.path.startswith("targets[0].expression")]
    assert problems == []
    assert builder.summary.text() == "Sends: currentTxn.value>500"
    assert doc.undo_stack.count() == 1  # typing "500" merged into the step
    doc.undo_stack.undo()
    assert target(doc).expression is None


def test_incomplete_comparison_is_not_sent_and_says_why(qtbot, builder, doc):
    click_mode(qtbot, builder, CONDITION)
    qtbot.keyClicks(builder.attribute_edit, "value")
    assert target(doc).expression is None
    assert builder.condition_message.isVisible()
    assert "value to compare with is empty" in builder.condition_message.text()


def test_text_value_is_quoted_and_the_typed_text_is_left_alone(qtbot, builder, doc):
    click_mode(qtbot, builder, CONDITION)
    builder.profile_combo.setCurrentText("currentCustomer")
    qtbot.keyClicks(builder.attribute_edit, "city")
    qtbot.keyClicks(builder.value_edit, "Pune")
    assert target(doc).expression == 'currentCustomer.city=="Pune"'
    assert builder.value_edit.text() == "Pune"


def test_advanced_editor_checks_json_as_you_type_and_keeps_it(qtbot, builder, doc):
    click_mode(qtbot, builder, ADVANCED)
    assert builder.advanced_box.isVisible()
    builder.json_edit.setFocus()
    qtbot.keyClicks(builder.json_edit, '{"arity":"literal"')
    assert "not valid JSON" in builder.json_check.text()
    assert target(doc).expression_json == '{"arity":"literal"'  # what was typed is kept
    qtbot.keyClicks(builder.json_edit, ',"value":"true","type":"boolean:primitive"}')
    assert builder.json_check.text() == "The JSON is a valid condition tree."
    assert builder.modes.checkedId() == ADVANCED
    assert doc.undo_stack.count() == 1


def test_unknown_node_kind_is_reported_where_it_is(qtbot, builder, doc):
    click_mode(qtbot, builder, ADVANCED)
    builder.json_edit.setPlainText(
        '{"arity":"binary_operation","value":">","operands":[{"arity":"group"},{"arity":"literal","value":"1"}]}'
    )
    assert "at /operands/0" in builder.json_check.text()
    doc.refresh_now()
    builder.parent()  # the tab marks the field from the rules' problems
    tab = builder
    while not isinstance(tab, TargetsTab):
        tab = tab.parent()
    tab.show_problems(doc.problems)
    assert builder.json_edit.property("problem") == "warning"
    assert "unknown node kind" in builder.problems.text()
    assert tab.focus_path("targets[0].expressionJson")
    assert builder.json_edit.hasFocus()


def test_switching_targets_shows_each_condition(qtbot, builder, doc):
    tab = builder
    while not isinstance(tab, TargetsTab):
        tab = tab.parent()
    tab.list.setCurrentIndex(tab.list_model.index(1))
    assert builder.modes.checkedId() == TRUE
    condition = Condition("currentTxn", "value", ">=", "10")
    doc.set_value("targets[1].expression", condition.expression())
    doc.set_value("targets[1].expressionJson", condition.expression_json())
    assert builder.modes.checkedId() == CONDITION
    assert builder.attribute_edit.text() == "value" and builder.value_edit.text() == "10"
    tab.list.setCurrentIndex(tab.list_model.index(0))
    assert builder.modes.checkedId() == NONE


def test_mode_of():
    condition = Condition("currentTxn", "value", ">", "5")
    assert mode_of(None, None) == NONE
    assert mode_of("true", ALWAYS_TRUE_JSON) == TRUE
    assert mode_of("true", None) == TRUE
    assert mode_of(condition.expression(), condition.expression_json()) == CONDITION
    assert mode_of(condition.expression(), ALWAYS_TRUE_JSON) == ADVANCED  # they disagree
    assert mode_of("a && b", None) == ADVANCED
