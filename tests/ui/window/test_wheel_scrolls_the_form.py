"""The mouse wheel scrolls the form; a drop-down, spin box or date field changes on the wheel only
when it has the focus (scrolling once set Tracking type to CAPPING and Time zone to Africa/Banjul)."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox


def wheel(widget, steps: int = -3) -> None:
    """Turn the wheel over ``widget`` (negative: towards the operator, scrolling down)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(QPoint(int(centre.x()), int(centre.y())))),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_an_unfocused_drop_down_scrolls_the_form_and_changes_nothing(window, qtbot):
    window.resize(1000, 500)  # a short window: the Group form scrolls
    qtbot.wait(50)
    group = window.group_tab
    area = group.scroll_area
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0, "the form should be taller than the window here"
    tracking = group.fields["trackingType"].editor
    assert isinstance(tracking, QComboBox)
    window.group_tab.fields["name"].editor.setFocus()
    before_text, before_json = tracking.currentText(), window.preview.toPlainText()
    start = bar.value()
    wheel(tracking)
    window.document.refresh_now()
    assert tracking.currentText() == before_text and not tracking.hasFocus()
    assert window.preview.toPlainText() == before_json
    assert bar.value() > start  # the form scrolled instead
    assert window.document.undo_stack.count() == 0  # and nothing was added to the history


def test_a_focused_drop_down_still_takes_the_wheel(window, qtbot):
    tracking = window.group_tab.fields["trackingType"].editor
    tracking.setFocus()
    qtbot.waitUntil(tracking.hasFocus)
    before = tracking.currentIndex()
    wheel(tracking, steps=-1)
    assert tracking.currentIndex() != before
    window.document.refresh_now()
    assert json.loads(window.preview.toPlainText())["trackingType"] == str(tracking.currentData())


def test_every_drop_down_and_spin_box_of_the_pages_takes_the_focus_only_by_click_or_tab(window):
    for key in ("group", "periods", "targets"):
        window.tab_widgets.page(key)
    fields = [
        w
        for w in window.findChildren(QComboBox) + window.findChildren(QAbstractSpinBox)
        if window.tabs.isAncestorOf(w)
    ]
    assert fields
    assert all(w.focusPolicy() == Qt.FocusPolicy.StrongFocus for w in fields), [
        w.objectName() or type(w).__name__ for w in fields if w.focusPolicy() != Qt.FocusPolicy.StrongFocus
    ]
