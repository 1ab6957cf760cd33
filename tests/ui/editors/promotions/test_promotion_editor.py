"""The promotion editor in the real window: made from File › New, a file, a starter, a conversion;
typed and clicked into; sent to a loopback sandbox and found there as DRAFT with the payload built."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.domain.kinds import kind_named
from app.sandbox.promotions.store import PromotionStore
from app.sandbox.server import SandboxServer
from tests.services import sending_support as support

keychain = support.keychain
sandbox = support.sandbox

FIXTURES = Path(__file__).parents[3] / "fixtures"
GROUP_PROMOTION = (
    FIXTURES
    / "promotions"
    / "request-create-group-all-two-child-milestones-gross-sales-and-voucher-redemption-Group-Promotion.json"
)


#: What the server writes itself in a stored promotion's metadata (the caller's org, who made it).
SERVER_WRITTEN = {"orgId", "createdBy", "lastModifiedBy"}


def holds(stored: Any, built: Any) -> bool:
    """Whether ``stored`` has every value of ``built`` (objects may have more keys; a null sent may be
    left out; what the server writes itself is its own)."""
    if isinstance(built, dict):
        return isinstance(stored, dict) and all(
            k in SERVER_WRITTEN or (v is None and k not in stored) or (k in stored and holds(stored[k], v))
            for k, v in built.items()
        )
    if isinstance(built, list):
        return isinstance(stored, list) and len(stored) == len(built) and all(map(holds, stored, built))
    return stored == built


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def preview(window) -> dict[str, Any]:
    window.document.refresh_now()
    return json.loads(window.preview.toPlainText())


def paste(qtbot, widget, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def new_promotion(window, qtbot) -> None:
    window.menu_actions["new"].trigger()
    dialog = window.files.new_dialog
    assert dialog is not None
    assert dialog.chosen.name == "promotion"  # listed first, selected when nothing was chosen yet
    click(qtbot, dialog.buttons.buttons()[0])
    qtbot.waitUntil(lambda: window.kind.payload.name == "promotion")


def choose(qtbot, combo, code: str) -> None:
    row = combo.findData(code, Qt.ItemDataRole.UserRole)
    assert row >= 0, code
    combo.setFocus()
    combo.setCurrentIndex(row)
    combo.activated.emit(row)


def build_weekly_visits(window, qtbot) -> None:
    """Weekly visits, 4 weeks, 100 points per week: from a blank promotion, by typing and clicking."""
    page = window.tab_widgets.show_page("promotion")
    fields = page.metadata.fields
    qtbot.keyClicks(fields["name"].editor, "Weekly visits")
    paste(qtbot, fields["start_date"].editor, "2027-01-04T00:00:00+05:30")
    paste(qtbot, fields["end_date"].editor, "2027-01-31T23:59:59+05:30")
    qtbot.keyClicks(fields["program_id"].editor, "973")
    choose(qtbot, fields["promotion_type"].editor, "LOYALTY_EARNING")
    assert fields["loyalty_earning_type"].choice_enabled("DIRECT_EARN") is not False
    milestone = window.tab_widgets.show_page("milestone")
    assert milestone.selected == "activities[0]"
    click(qtbot, milestone.milestones.add_button)
    form = milestone.milestones.detail
    choose(qtbot, form.fields["target_type"].editor, "VISIT")
    choose(qtbot, form.fields["frequency_type"].editor, "WEEKLY")
    qtbot.keyClicks(form.fields["default_value"].editor, "1")
    cycles = window.tab_widgets.show_page("cycles")
    assert cycles.milestone == "activities[0].milestones[0]"
    click(qtbot, cycles.plan_button)
    assert cycles.model.rowCount() == 4
    cycles.table.setCurrentIndex(cycles.model.index(0, 0))
    choose_action = cycles.reward_picker
    choose_action.setCurrentIndex(choose_action.findData("AWARD_POINTS_ACTION"))
    click(qtbot, cycles.add_reward)
    points = cycles._properties
    assert points is not None and "PointType" in points.inputs
    qtbot.keyClicks(points.inputs["AwardStrategy"], "109010")


@pytest.mark.usefixtures("keychain")
def test_weekly_visits_built_from_blank_is_sent_and_stored_as_draft(
    qtbot, window, sandbox: SandboxServer
) -> None:
    from tests.ui.send.test_send_flow import add_profile, name_check, press_send

    new_promotion(window, qtbot)
    assert [window.tabs.tabText(i).split(" (")[0] for i in range(window.tabs.count())] == [
        "Promotion",
        "Audience",
        "Milestone",
        "Cycles and rewards",
        "Limits",
    ]
    assert QApplication.focusWidget() is window.tab_widgets["promotion"].metadata.fields["name"].editor
    build_weekly_visits(window, qtbot)
    built = preview(window)
    assert built["metadata"]["name"] == "Weekly visits"
    assert built["metadata"]["startDate"] == "2027-01-04T00:00:00+05:30"
    assert built["metadata"]["programId"] == 973
    mapping = built["activities"][0]["milestones"][0]["cycleActionMapping"]
    assert [m["cycle"] for m in mapping] == ["Cycle_1", "Cycle_2", "Cycle_3", "Cycle_4"]
    assert mapping[1]["startDate"] == "2027-01-11T00:00:00+05:30" and mapping[0]["defaultValue"] == "1"
    action = mapping[0]["actions"][0]
    assert action["actionName"] == "AWARD_POINTS_ACTION"
    assert action["mandatoryPropertiesValues"]["AwardStrategy"] == "109010"
    assert "Weekly visits" in window.windowTitle()
    add_profile(qtbot, window, sandbox.url)
    name_check(window, False)
    flow = window.send.flow
    with qtbot.waitSignal(flow.finished, timeout=15000) as done:
        press_send(window, qtbot)
    assert done.args[0].created, done.args[0].message
    stored = PromotionStore(sandbox.store.folder).all()
    assert len(stored) == 1 and stored[0]["metadata"]["status"] == "DRAFT"
    kind = kind_named("promotion")
    kept = kind.response_payloads(stored[0])[0]
    assert holds(kept, built)  # every field as built; the server adds only its defaults
    assert {k for k in kept if k not in built} <= {
        "id",
        "limits",
        "liabilityOwnerSplitInfo",
        "workflowMetadata",
        "comments",
    }
    assert stored[0]["id"] in flow.result_dialog.id_edit.text()


def test_undo_returns_every_edit_to_the_same_json(qtbot, window) -> None:
    new_promotion(window, qtbot)
    blank = window.document.current_json()
    build_weekly_visits(window, qtbot)
    milestone = window.tab_widgets.show_page("milestone")
    click(qtbot, milestone.buttons["add_group"])
    click(qtbot, milestone.buttons["add_child"])
    assert milestone.selected == "activities[1].children[0]"
    click(qtbot, milestone.buttons["remove"])
    milestone.tree.setCurrentIndex(milestone.model.index(1, 0))  # the group
    assert milestone.selected == "activities[1]"
    click(qtbot, milestone.buttons["add"])  # after the group: then nest it into the group above
    assert milestone.selected == "activities[2]"
    click(qtbot, milestone.buttons["nest"])
    assert milestone.selected == "activities[1].children[0]"
    cycles = window.tab_widgets.show_page("cycles")
    cycles.table.setCurrentIndex(cycles.model.index(0, 3))
    assert cycles.table.paste("10\n20\n30\n40") == 4
    built = window.document.current_json()
    assert (
        json.loads(built)["activities"][0]["milestones"][0]["cycleActionMapping"][3]["defaultValue"] == "40"
    )
    stack = window.document.undo_stack
    while stack.canUndo():
        stack.undo()
    assert window.document.current_json() == blank
    while stack.canRedo():
        stack.redo()
    assert window.document.current_json() == built


def test_a_promotion_file_opens_in_the_promotion_editor_and_problems_go_to_their_field(
    qtbot, window, tmp_path
) -> None:
    path = tmp_path / "group-promotion.json"
    path.write_text(GROUP_PROMOTION.read_text(encoding="utf-8"), encoding="utf-8")
    window.files.open_file(path)
    qtbot.waitUntil(lambda: window.kind.payload.name == "promotion", timeout=5000)
    assert "Group Promotion" in window.windowTitle()
    tree = window.tab_widgets.show_page("milestone")
    assert tree.model.rowCount() == 1 and tree.model.rowCount(tree.model.index(0, 0)) == 2
    for problem in window.document.problems:
        assert window.go_to_problem(problem), problem
    window.document.set_value("activities[0].children[1].milestones[0].targetType", "NOT_A_TYPE")
    window.document.refresh_now()
    undocumented = [p for p in window.document.problems if p.path.endswith("targetType")]
    assert undocumented and window.go_to_problem(undocumented[0])
    assert tree.selected == "activities[0].children[1]"
    # back to a target group: its tabs come back, and the promotion's pages are gone
    window.document.undo_stack.setClean()
    window.menu_actions["new"].trigger()
    window.files.new_dialog.choose("target-group")
    assert [window.tabs.tabText(i).split(" (")[0] for i in range(window.tabs.count())] == [
        "Group",
        "Periods",
        "Targets",
    ]


def test_each_promotion_starter_opens_in_the_promotion_editor(qtbot, window) -> None:
    from app.services.templates.library import TemplateLibrary

    library = TemplateLibrary()
    starters = [
        t for t in library.entries() if t.template is not None and t.template.payload_kind == "promotion"
    ]
    assert starters, "no promotion starter found"
    for entry in starters:
        template = entry.template
        model = template.model()
        window.document.undo_stack.setClean()
        window.templates._use_template(model, template)
        qtbot.waitUntil(lambda m=model: window.document.model is m, timeout=5000)
        assert window.kind.payload.name == "promotion"
        for key in ("promotion", "audience", "milestone", "cycles", "limits"):
            window.tab_widgets.show_page(key)
        assert json.loads(window.document.current_json()) == model.to_wire()


def test_convert_to_promotion_opens_a_draft_and_lists_what_did_not_carry_over(qtbot, sample_window) -> None:
    window = sample_window
    window.document.undo_stack.setClean()
    assert window.menu_actions["convert"].isEnabled()
    window.menu_actions["convert"].trigger()
    qtbot.waitUntil(lambda: window.kind.payload.name == "promotion", timeout=5000)
    assert window.isWindowModified() and window.document.file_path is None
    notes = [p for p in window.document.problems if p.rule == "not-carried-over"]
    shown = window.problems_view.problems_model
    listed = [shown.problem(row) for row in range(shown.rowCount())]
    assert all(note in listed for note in notes)
    if notes:
        assert window.last_message is not None and "did not carry over" in window.last_message.text()
    assert not window.menu_actions["convert"].isEnabled()  # a promotion converts to nothing


def test_the_activity_tree_and_cycle_table_pass_qtmodeltester(qtbot, window, qtmodeltester) -> None:
    window.files.open_file(GROUP_PROMOTION)
    qtbot.waitUntil(lambda: window.kind.payload.name == "promotion", timeout=5000)
    tree = window.tab_widgets.show_page("milestone")
    qtmodeltester.check(tree.model, force_py=True)
    cycles = window.tab_widgets.show_page("cycles")
    click(qtbot, cycles.plan_button)
    assert cycles.model.rowCount() == 4
    qtmodeltester.check(cycles.model, force_py=True)


def test_a_milestone_offers_the_measures_of_its_entity(qtbot, window) -> None:
    new_promotion(window, qtbot)
    page = window.tab_widgets.show_page("milestone")
    click(qtbot, page.milestones.add_button)
    form = page.milestones.detail
    measure = form.fields["target_type"]
    assert measure.choice_enabled("SALES") and not measure.choice_enabled("REGULAR_POINTS")
    choose(qtbot, form.fields["target_entity"].editor, "POINTS")
    assert measure.choice_enabled("REGULAR_POINTS") and not measure.choice_enabled("SALES")
    assert (
        "not measured on POINTS"
        in measure.items.item(measure.editor.findData("SALES", Qt.ItemDataRole.UserRole)).toolTip()
    )


def test_the_plan_action_speaks_of_cycles_for_a_promotion_and_of_periods_again_after(qtbot, window) -> None:
    plan = window.menu_actions["plan"]
    assert plan.text().replace("&", "").startswith("Plan periods")
    new_promotion(window, qtbot)
    assert plan.text().replace("&", "") == "Plan cycles" and plan.isEnabled()
    assert window.menu_actions.menu("periods").title().replace("&", "") == "Cycles"
    window.document.set_value("metadata.startDate", "2027-01-04T00:00:00+05:30")
    window.tab_widgets.show_page("milestone").milestones.add()
    plan.trigger()  # Ctrl+P: the cycles of the selected milestone
    assert window.tabs.currentWidget() is window.tab_widgets["cycles"]
    assert len(window.document.value("activities[0].milestones[0].cycleActionMapping")) == 4
    window.document.undo_stack.setClean()
    window.menu_actions["new"].trigger()
    window.files.new_dialog.choose("target-group")
    assert plan.text().replace("&", "").startswith("Plan periods")
    assert window.menu_actions.menu("periods").title().replace("&", "") == "Periods"


def test_ctrl_tab_visits_all_five_tabs_and_the_focus_follows(qtbot, window) -> None:
    new_promotion(window, qtbot)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    seen = []
    for _ in range(5):
        qtbot.keyClick(
            QApplication.focusWidget() or window, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier
        )
        page = window.tabs.currentWidget()
        focused = QApplication.focusWidget()
        assert focused is not None and page.isAncestorOf(focused), window.tabs.currentIndex()
        seen.append(window.tabs.currentIndex())
    assert seen == [1, 2, 3, 4, 0]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentIndex() == 4


def _send_and_find(window, qtbot, sandbox: SandboxServer) -> dict[str, Any]:
    """Send the open promotion (Ctrl+Enter) and return what the sandbox stored, checked against it."""
    from tests.ui.send.test_send_flow import press_send

    built = preview(window)
    flow = window.send.flow
    with qtbot.waitSignal(flow.finished, timeout=15000) as done:
        press_send(window, qtbot)
    assert done.args[0].created, done.args[0].message
    found = [
        p for p in PromotionStore(sandbox.store.folder).all() if p["id"] in flow.result_dialog.id_edit.text()
    ]
    assert len(found) == 1 and found[0]["metadata"]["status"] == "DRAFT"
    kept = kind_named("promotion").response_payloads(found[0])[0]
    if not holds(kept, built):
        from app.domain.diff import diff_payloads

        raise AssertionError([c.describe() for c in diff_payloads(built, kept)][:5])
    return found[0]


@pytest.mark.usefixtures("keychain")
def test_each_starter_a_converted_group_and_an_opened_file_are_sent_as_drafts(
    qtbot, window, sandbox: SandboxServer, sample_group, tmp_path
) -> None:
    from app.services.templates.library import TemplateLibrary
    from tests.ui.send.test_send_flow import add_profile, name_check

    add_profile(qtbot, window, sandbox.url)
    name_check(window, False)
    starters = [
        e.template
        for e in TemplateLibrary().entries()
        if e.template and e.template.payload_kind == "promotion"
    ]
    for number, template in enumerate(starters):
        model = template.model()
        model.metadata.name = f"Starter {number}"
        window.document.undo_stack.setClean()
        window.templates._use_template(model, template)
        qtbot.waitUntil(lambda m=model: window.document.model is m, timeout=5000)
        _send_and_find(window, qtbot, sandbox)
    window.document.undo_stack.setClean()
    window.document.load(sample_group, None)
    window.menu_actions["convert"].trigger()
    qtbot.waitUntil(lambda: window.kind.payload.name == "promotion", timeout=5000)
    if window.last_message is not None:
        window.last_message.close()
    window.document.set_value("metadata.name", "Converted seed")
    _send_and_find(window, qtbot, sandbox)
    path = tmp_path / "opened.json"
    data = json.loads(GROUP_PROMOTION.read_text(encoding="utf-8"))
    data["metadata"]["name"] = "Opened from a file"
    path.write_text(json.dumps(data), encoding="utf-8")
    window.document.undo_stack.setClean()
    window.files.open_file(path)
    qtbot.waitUntil(lambda: window.document.title == "Opened from a file", timeout=5000)
    _send_and_find(window, qtbot, sandbox)


def test_the_wheel_over_a_reward_s_drop_down_scrolls_and_changes_nothing(qtbot, window) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QComboBox

    new_promotion(window, qtbot)
    window.document.set_value("metadata.startDate", "2027-01-04T00:00:00+05:30")
    window.tab_widgets.show_page("milestone").milestones.add()
    cycles = window.tab_widgets.show_page("cycles")
    click(qtbot, cycles.plan_button)
    cycles.reward_picker.setCurrentIndex(cycles.reward_picker.findData("ADVANCE_CURRENCY_ALLOCATION_ACTION"))
    click(qtbot, cycles.add_reward)
    combo = cycles._properties.inputs["PointsRoundingStrategy"]
    assert isinstance(combo, QComboBox) and not combo.hasFocus()
    before = window.document.current_json()
    centre = QPointF(combo.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(combo.mapToGlobal(QPoint(5, 5))),
        QPoint(0, -120),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(combo, event)
    assert combo.currentText() == "ACTUAL" and window.document.current_json() == before
