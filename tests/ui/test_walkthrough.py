"""The task operators do most, driven as a newcomer does it, with every interaction counted.

The task: 12 monthly periods from 2027-01-01 in Asia/Kolkata, one TRANSACTION/SALES target named
``monthly_sales`` with 5000 in every period, sent to the Local sandbox. Interactions are counted
as the walkthrough counted them: a click, a field typed into (getting there with Tab or a click
included), a key shortcut, and two for a drop-down choice.

* From Templates › New from template it takes at most 8.
* From a blank window it takes at most 15.

Both end with the group created by the Local sandbox, and the created group is checked against
the task.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget, QMenu, QWidget

from app.domain import clock
from tests.services import sending_support as support

embedded_sandbox_stopped = support.embedded_sandbox_stopped

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("embedded_sandbox_stopped")]

TODAY = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """The walkthrough's date, so "next month" is 2027-01 whenever the tests run."""
    monkeypatch.setattr(clock, "now", lambda: TODAY)


class Steps:
    """Performs interactions on real widgets and counts them."""

    def __init__(self, qtbot, window) -> None:
        self.qtbot = qtbot
        self.window = window
        self.log: list[str] = []

    @property
    def count(self) -> int:
        return len(self.log)

    def _note(self, what: str) -> None:
        self.log.append(what)

    def click(self, widget: QWidget, what: str) -> None:
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        self._note(f"click {what}")

    def menu(self, title: str, action_text: str) -> None:
        """Click a menu-bar title, then an item of its menu (two interactions)."""
        bar = self.window.menuBar()
        menu = next(a.menu() for a in bar.actions() if a.menu() and a.text().replace("&", "") == title)
        assert isinstance(menu, QMenu)
        self.qtbot.mouseClick(
            bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu.menuAction()).center()
        )
        self.qtbot.waitUntil(menu.isVisible)
        self._note(f"click the {title} menu")
        action = next(a for a in menu.actions() if a.text().replace("&", "") == action_text)
        self.qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
        self._note(f"click {action_text}")

    def type(self, widget: QWidget, text: str, what: str, *, tab: bool = False) -> None:
        """Type into a field: the one with the focus, or the next one (Tab), or by clicking it."""
        if tab:
            self.qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        elif not widget.hasFocus():
            self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
            if isinstance(widget, QLineEdit):
                widget.selectAll()
        assert widget.hasFocus(), f"{what} did not get the focus"
        self.qtbot.keyClicks(widget, text)
        self._note(f"type {text!r} into {what}")

    def key(self, key: Qt.Key, what: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(QApplication.focusWidget() or self.window, key, modifier)
        self._note(what)

    def wait_active(self, dialog: QWidget) -> None:
        """Wait until a dialog that just opened is the active window (a window manager does this)."""
        self.qtbot.waitUntil(dialog.isVisible)
        dialog.activateWindow()
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)

    def double_click_item(self, view: QListWidget, text: str) -> None:
        item = next(view.item(r) for r in range(view.count()) if view.item(r).text() == text)
        view.scrollToItem(item)
        rect = view.visualItemRect(item)
        # a double click is a press and release, then a second press seen as a double click
        self.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        self.qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        self._note(f"double-click {text!r}")


def check_created(outcome) -> None:
    assert outcome.created, outcome.message
    group = outcome.result.data
    periods = group["periods"]
    assert len(periods) == 12
    assert periods[0]["startDate"].startswith("2027-01-01")  # the server answers with plain dates
    assert periods[-1]["endDate"].startswith("2027-12-31")
    assert group["timeZoneName"] == "Asia/Kolkata"
    (target,) = group["targets"]
    assert (target["name"], target["targetEntity"], target["targetType"]) == (
        "monthly_sales",
        "TRANSACTION",
        "SALES",
    )
    assert [v["defaultValue"] for v in target["defaultValues"]] == [5000] * 12


def send(steps: Steps):
    flow = steps.window.send.flow
    with steps.qtbot.waitSignal(flow.finished, timeout=20000) as done:
        steps.key(Qt.Key.Key_Return, "Ctrl+Enter (Send)", Qt.KeyboardModifier.ControlModifier)
    return done.args[0]


def test_from_a_template_in_at_most_8_interactions(qtbot, window):
    steps = Steps(qtbot, window)
    assert window.send.picker.currentText() == "Local sandbox"
    steps.menu("Templates", "New from template…")
    library = window.templates.library_dialog
    qtbot.waitUntil(lambda: library.list.count() > 0, timeout=5000)
    steps.wait_active(library)
    steps.double_click_item(library.list, "Monthly spend: one sales target")
    qtbot.waitUntil(lambda: library.form_dialog is not None)
    form = library.form_dialog
    steps.wait_active(form)
    editors = form.editors
    steps.type(editors["name"], "Monthly sales 2027", "Group name")
    steps.type(editors["target"], "monthly_sales", "Target name", tab=True)
    steps.type(editors["value"], "5000", "Net sales per month", tab=True)
    steps.key(Qt.Key.Key_Return, "Enter (Create draft)")
    qtbot.waitUntil(lambda: window.document.title == "Monthly sales 2027", timeout=5000)
    steps.wait_active(window)
    outcome = send(steps)
    check_created(outcome)
    assert steps.count <= 8, steps.log
    print("\n".join(f"{n}. {what}" for n, what in enumerate(steps.log, 1)))


def test_from_a_blank_window_in_at_most_15_interactions(qtbot, window):
    steps = Steps(qtbot, window)
    group = window.group_tab.fields
    steps.type(group["name"].editor, "Monthly sales 2027", "Group name")  # it has the focus
    steps.type(group["timeZoneName"].editor, "kolk", "Time zone")
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    steps._note("click the Periods tab")
    periods = window.periods_tab
    steps.click(periods.plan_button, "Plan periods")
    planner = periods.planner
    steps.wait_active(planner)
    assert planner.zone_combo.currentText() == "Asia/Kolkata"  # the group's zone, taken on leaving it
    steps.key(Qt.Key.Key_Return, "Enter (Apply plan)")
    qtbot.waitUntil(lambda: len(window.document.model.periods or []) == 12)
    steps.wait_active(window)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(2).center())
    steps._note("click the Targets tab")
    targets = window.targets_tab
    steps.click(targets.add_button, "Add (a target)")
    name = targets.form.fields["name"].editor
    steps.type(name, "monthly_sales", "Target name")  # Add put the focus there
    sections = targets.sections.tabBar()
    qtbot.mouseClick(sections, Qt.MouseButton.LeftButton, pos=sections.tabRect(1).center())
    steps._note("click the Target values page")
    steps.type(targets.values.fill_edit, "5000", "Value for Fill all")
    steps.key(Qt.Key.Key_Return, "Enter (Fill all)")
    outcome = send(steps)
    check_created(outcome)
    assert steps.count <= 15, steps.log
    print("\n".join(f"{n}. {what}" for n, what in enumerate(steps.log, 1)))


CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


class _NoMouse(QObject):
    """Counts every mouse press the application sees (a keyboard-only walkthrough has none)."""

    def __init__(self) -> None:
        super().__init__()
        self.presses = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self.presses += 1
        return False


def test_from_a_template_with_the_keyboard_alone(qtbot, window):
    """Ctrl+Shift+N, the search, Enter, the form's fields by Tab, Enter, Ctrl+Enter: no mouse at all."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    guard = _NoMouse()
    app.installEventFilter(guard)
    try:
        steps = Steps(qtbot, window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        steps.key(Qt.Key.Key_N, "Ctrl+Shift+N (New from template)", CTRL_SHIFT)
        library = window.templates.library_dialog
        qtbot.waitUntil(lambda: library is not None and library.list.count() > 0, timeout=5000)
        steps.wait_active(library)
        qtbot.waitUntil(library.search.hasFocus)  # the search has the focus: type to find
        steps.type(library.search, "monthly spend: one", "Search")
        qtbot.waitUntil(lambda: library.visible_titles() == ["Monthly spend: one sales target"])
        steps.key(Qt.Key.Key_Return, "Enter (New from template)")
        qtbot.waitUntil(lambda: library.form_dialog is not None, timeout=5000)
        form = library.form_dialog
        steps.wait_active(form)
        editors = form.editors
        steps.type(editors["name"], "Monthly sales 2027", "Group name")  # it has the focus
        steps.type(editors["target"], "monthly_sales", "Target name", tab=True)
        steps.type(editors["value"], "5000", "Net sales per month", tab=True)
        steps.key(Qt.Key.Key_Return, "Enter (Create draft)")
        qtbot.waitUntil(lambda: window.document.title == "Monthly sales 2027", timeout=5000)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # the focus comes back by itself
        outcome = send(steps)
        check_created(outcome)
    finally:
        app.removeEventFilter(guard)
    assert guard.presses == 0
    print("\n".join(f"{n}. {what}" for n, what in enumerate(steps.log, 1)))
    assert steps.count <= 9, steps.log
