"""The smaller defects of the walkthrough, each as the operator met it.

* The toolbar did not stay still: Send jumped as the Undo label grew.
* Picking "Tracked on" removed its error line and Measure jumped up under the pointer.
* Warnings beside fields took three lines.
* Send, Redo and Copy as curl had the same ▶ icon.
* The template library had no Close button.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from app.domain.enums import TargetEntity, TrackingType
from app.domain.target_groups.models import Target


def test_the_toolbar_stays_still_as_undo_texts_change(window, qtbot):
    send = window.toolbar.widgetForAction(window.menu_actions["send"])
    undo = window.toolbar.widgetForAction(window.undo_action)
    before = send.mapTo(window, send.rect().topLeft())
    qtbot.keyClicks(window.group_tab.fields["name"].editor, "A rather long group name for the undo text")
    window.document.set_value("leaderboardEnabled", True)
    qtbot.wait(10)
    assert undo.text() == "Undo" and window.undo_action.toolTip() == "Undo Edit leaderboard"
    assert send.mapTo(window, send.rect().topLeft()) == before


def test_fixing_a_field_does_not_move_the_fields_below_it(window, qtbot):
    window.document.insert_items("targets", 0, [Target(name="t", target_entity=None, target_type=None)])
    window.tabs.setCurrentWidget(window.targets_tab)
    window.document.show_all_marks()  # as after a Send: "Tracked on" shows its error
    window.document.refresh_now()
    form = window.targets_tab.form
    tracked, measure = form.fields["targetEntity"], form.fields["targetType"]
    assert tracked.message.text()  # the error line is there
    before = measure.editor.mapTo(window, measure.editor.rect().topLeft())
    combo = tracked.editor
    row = combo.findData(TargetEntity.TRANSACTION.value, Qt.ItemDataRole.UserRole)
    combo.setCurrentIndex(row)
    combo.activated.emit(row)
    window.document.refresh_now()
    qtbot.wait(10)
    assert tracked.message.text() == ""  # fixed: the message is gone...
    assert measure.editor.mapTo(window, measure.editor.rect().topLeft()) == before  # ...nothing moved


def test_a_long_warning_beside_a_field_is_one_line_with_the_rest_in_the_tooltip(sample_window, qtbot):
    window = sample_window
    window.document.set_value("trackingType", TrackingType.STREAKS)
    window.document.set_value("leaderboardEnabled", True)
    window.document.refresh_now()
    message = window.group_tab.fields["leaderboardEnabled"].message
    assert message.full_text.startswith("Leaderboards are for single target groups")
    assert message.height() <= message.fontMetrics().height() + 4  # one line
    assert message.text().endswith("…") or message.text() == message.full_text
    assert message.full_text in message.toolTip()


def _icon(action) -> QImage:
    return action.icon().pixmap(24, 24).toImage()


def test_send_redo_undo_and_copy_as_curl_have_their_own_icons(window):
    actions = window.menu_actions
    images = {name: _icon(actions[name]) for name in ("send", "redo", "undo", "copy_curl")}
    for name, image in images.items():
        assert not image.isNull(), name
    names = list(images)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            assert images[first] != images[second], (first, second)


def test_the_template_library_closes_with_its_close_button(window, qtbot):
    dialog = window.templates.open_library()
    qtbot.waitUntil(lambda: dialog.list.count() > 0, timeout=5000)
    assert dialog.close_button.text() == "Close"
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
