"""Every input of every window and dialog has a name a screen reader can say (its label linked as
buddy, or an accessible name), and not "edit, blank"."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from tests.ui.window.test_working_day import DIALOG_ACTIONS, settle

_INPUTS = (
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QAbstractButton,
)


def spoken_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def unnamed(root: QWidget) -> list[str]:
    out = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, _INPUTS) or not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parentWidget(), QComboBox | QAbstractSpinBox):
            continue  # the inner line edit of a combo or spin box: the box carries the name
        if widget.inherits("QHeaderView") or widget.objectName() == "qt_tableview_cornerbutton":
            continue  # parts of a table, which carries the name
        if not spoken_name(widget):
            parent = root.windowTitle() or type(root).__name__
            out.append(f"{parent}: {type(widget).__name__} {widget.objectName() or ''}".strip())
    return out


def test_every_input_of_every_dialog_has_a_spoken_name(window, qtbot):
    missing: list[str] = []
    for key in ("group", "periods", "targets"):
        window.show_tab(window.kind.tabs.index(next(t for t in window.kind.tabs if t.key == key)))
    missing += unnamed(window)
    for action_id in DIALOG_ACTIONS:
        window.menu_actions[action_id].trigger()
        qtbot.wait(50)
        for top in QApplication.topLevelWidgets():
            if top is not window and top.isVisible():
                missing += unnamed(top)
                if isinstance(top, QDialog):
                    top.reject()
                else:
                    top.close()
        settle()
    assert missing == [], "\n".join(sorted(set(missing)))


def test_every_input_of_the_promotion_editor_and_its_dialogs_has_a_spoken_name(window, qtbot, tmp_path):
    from pathlib import Path

    fixture = (
        Path(__file__).parents[2]
        / "fixtures"
        / "promotions"
        / (
            "request-create-milestone-cyclic-window-weekly-leaderboard-event-count-tier-upgrade-Workout-Warrior.json"
        )
    )
    window.files.open_file(fixture)
    qtbot.waitUntil(lambda: window.kind.payload.name == "promotion", timeout=5000)
    missing: list[str] = []
    for index in range(len(window.kind.tabs)):
        window.show_tab(index)
        page = window.tabs.currentWidget()
        for section in page.findChildren(QAbstractButton):
            if section.isCheckable() and section.text() in ("More fields", "Workflows", "Enrolment workflow"):
                section.setChecked(True)  # the folds too
        missing += unnamed(window)
    window.document.undo_stack.setClean()
    window.menu_actions["new"].trigger()
    missing += unnamed(window.files.new_dialog)
    window.files.new_dialog.reject()
    dialog = window.files.compare.show_diff({"metadata": {"name": "Other"}}, "another payload")
    missing += unnamed(dialog)
    dialog.reject()
    settle()
    assert missing == [], "\n".join(sorted(set(missing)))
