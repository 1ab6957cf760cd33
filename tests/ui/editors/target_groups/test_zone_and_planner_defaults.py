"""The time-zone field and the planner's defaults, as the walkthrough met them.

* Clicking the next field while the zone list was open only closed the list: the focus stayed in
  Time zone and the next typing ("5000") went into it. Clicks here go through the window system
  (``QTest`` on the window handle), so the popup's handling of them is the real one.
* The planner said "Not started" for periods already over; its defaults did not fit a new
  monthly milestone (start, zone, a cycle end that did not follow the start).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollArea

from app.domain.enums import PeriodStatus
from app.domain.period_phase import expected_status
from app.ui.widgets.zone_picker import resolve_zone

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def preview_json(window) -> dict:
    window.document.refresh_now()
    return json.loads(window.preview.toPlainText())


def real_click(window, widget) -> None:
    """A click delivered as the window system would: to the window, where popups see it first."""
    position = widget.mapTo(window, widget.rect().center())
    QTest.mouseClick(
        window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, position
    )


def scroll_into_view(widget) -> None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget)


def keys_to_focus(qtbot, text: str) -> None:
    """Type into whatever has the focus now (the list is closed, so nothing else is in the way)."""
    qtbot.keyClicks(QApplication.focusWidget(), text)


def test_a_click_outside_the_zone_list_reaches_the_field_clicked(window, qtbot):
    zone = window.group_tab.fields["timeZoneName"]
    zone.editor.setFocus()
    qtbot.keyClicks(zone.editor.lineEdit(), "kolk")
    popup = zone.editor.completer().popup()
    assert popup.isVisible()
    till = window.group_tab.fields["preferredTillId"].editor
    scroll_into_view(till)
    real_click(window, till)
    assert not popup.isVisible()
    assert QApplication.focusWidget() is till
    keys_to_focus(qtbot, "5000")
    data = preview_json(window)
    assert data["preferredTillId"] == 5000
    assert data["timeZoneName"] == "Asia/Kolkata"  # the one zone "kolk" matches
    assert zone.editor.currentText() == "Asia/Kolkata"


def test_tab_out_of_the_zone_keeps_the_zone_typed(window, qtbot):
    zone = window.group_tab.fields["timeZoneName"]
    zone.editor.setFocus()
    qtbot.keyClicks(zone.editor.lineEdit(), "asia/kolkata")
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Tab)
    assert not zone.editor.hasFocus()
    assert preview_json(window)["timeZoneName"] == "Asia/Kolkata"


def test_unknown_zone_text_is_kept_for_the_rules_to_name(window, qtbot):
    zone = window.group_tab.fields["timeZoneName"]
    zone.editor.setFocus()
    qtbot.keyClicks(zone.editor.lineEdit(), "Mars/Olympus")
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Tab)
    assert preview_json(window)["timeZoneName"] == "Mars/Olympus"
    window.document.refresh_now()
    assert any(p.path == "timeZoneName" for p in window.document.problems)


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Asia/Kolkata", "Asia/Kolkata"),
        ("ASIA/KOLKATA", "Asia/Kolkata"),
        ("lisbon", "Europe/Lisbon"),
        ("America", "America"),
        ("", ""),
    ],
)
def test_resolve_zone(typed, zone):
    assert (
        resolve_zone(typed, ["Asia/Kolkata", "Europe/Lisbon", "America/New_York", "America/Chicago"]) == zone
    )


# the planner ---------------------------------------------------------------------------------


def preview_statuses(dialog) -> list[str]:
    model = dialog.preview_model
    return [model.index(r, 4).data() for r in range(model.rowCount())]


def test_blank_group_planner_starts_next_month_in_the_os_zone(window, qtbot, monkeypatch):
    dialog = window.periods_tab.open_planner(now=NOW)
    assert dialog.start_edit.date() == QDate(2027, 1, 1)
    assert dialog.count_spin.value() == 12
    assert dialog.unit_combo.currentData() == "MONTHLY"
    from app.ui.editors.target_groups.periods import plan_dialog

    assert dialog.zone_combo.currentText() == plan_dialog._system_zone()
    assert preview_statuses(dialog) == ["Not started"] * 12
    dialog.reject()


def test_planner_takes_the_group_zone_and_cycle_start(window, qtbot):
    zone = window.group_tab.fields["timeZoneName"]
    zone.editor.setFocus()
    qtbot.keyClicks(zone.editor.lineEdit(), "Asia/Kolkata")
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Tab)
    window.document.set_value("targetCycleStartDateISO", "2027-03-01T00:00:00.000+05:30")
    dialog = window.periods_tab.open_planner(now=NOW)
    assert dialog.zone_combo.currentText() == "Asia/Kolkata"
    assert dialog.start_edit.date() == QDate(2027, 3, 1)
    dialog.reject()


def test_periods_already_over_show_ended_with_the_rules_warning(window, qtbot):
    dialog = window.periods_tab.open_planner(now=NOW)
    dialog.start_edit.setFocus()
    qtbot.keyClicks(dialog.start_edit, "2026-10-01")
    qtbot.keyClick(dialog.start_edit, Qt.Key.Key_Tab)
    statuses = preview_statuses(dialog)
    assert statuses[:3] == ["Ended", "Ended", "Running"]
    assert set(statuses[3:]) == {"Not started"}
    tip = dialog.preview_model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert tip and "ended before now" in tip
    assert dialog.preview_model.index(0, 4).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert dialog.preview_model.index(3, 4).data(Qt.ItemDataRole.ToolTipRole) is None
    # after Apply the Periods tab says the same: a blank status and the same warning
    dialog.apply_button.click()
    window.document.refresh_now()
    periods = preview_json(window)["periods"]
    assert "periodStatus" not in periods[0]
    assert periods[2]["periodStatus"] == "RUNNING"
    assert periods[3]["periodStatus"] == "NOT_STARTED"
    assert any(
        p.path == "periods[0].endDate" and "ended before now" in p.message for p in window.document.problems
    )


def test_cycle_end_follows_the_start(window, qtbot):
    dialog = window.periods_tab.open_planner(now=NOW)
    assert dialog.end_edit.date() == QDate(2027, 12, 31)  # 12 monthly cycles from 2027-01-01
    dialog.start_edit.setFocus()
    qtbot.keyClicks(dialog.start_edit, "2027-02-01")
    qtbot.keyClick(dialog.start_edit, Qt.Key.Key_Tab)
    assert dialog.end_edit.date() == QDate(2028, 1, 31)
    dialog.end_radio.click()
    dialog.start_edit.setFocus()
    qtbot.keyClicks(dialog.start_edit, "2027-03-01")
    qtbot.keyClick(dialog.start_edit, Qt.Key.Key_Tab)
    assert dialog.end_edit.date() == QDate(2028, 1, 31).addDays(28)  # moved by as many days
    dialog.reject()


def test_the_status_rule_is_shared():
    first, last = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 30, 23, 59, tzinfo=UTC)
    assert expected_status(first, last, NOW) is None
    assert expected_status(first, datetime(2026, 12, 31, tzinfo=UTC), NOW) is PeriodStatus.RUNNING
    assert expected_status(datetime(2027, 1, 1, tzinfo=UTC), datetime(2027, 1, 31, tzinfo=UTC), NOW) is (
        PeriodStatus.NOT_STARTED
    )
