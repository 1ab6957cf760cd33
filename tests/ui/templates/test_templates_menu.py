"""The Templates menu in the window: save the open payload as a template, start a new draft
from one (placeholders asked, periods re-planned), manage the library, compare with the origin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox, QSpinBox

from app.services.paths import data_paths
from app.ui.templates.library_dialog import TemplateLibraryDialog
from app.ui.templates.new_from_template_dialog import NewFromTemplateDialog

pytestmark = pytest.mark.gui


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def retype(qtbot, line: QLineEdit, text: str) -> None:
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)


def open_library(window, qtbot, action: str = "library_action") -> TemplateLibraryDialog:
    getattr(window.templates, action).trigger()
    dialog = window.templates.library_dialog
    qtbot.waitUntil(lambda: dialog.list.count() > 0, timeout=5000)
    assert dialog.isVisible()
    return dialog


def reloaded(qtbot, dialog: TemplateLibraryDialog, action) -> None:
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        action()


def fill_leaderboard(qtbot, window, name: str) -> None:
    """New from template › the monthly leaderboard, for three months from 2027-04-01."""
    dialog = open_library(window, qtbot, "new_action")
    assert dialog.windowTitle().startswith("New from template")
    qtbot.keyClicks(dialog.search, "leaderboard")
    assert dialog.visible_titles() == ["Leaderboard: monthly spend ranking"]
    click(qtbot, dialog.new_button)
    form = dialog.findChild(NewFromTemplateDialog)
    assert form is not None and form.isVisible()
    qtbot.keyClicks(form.editors["name"], name)
    form.editors["start"].setDate(QDate(2027, 4, 1))  # type: ignore[attr-defined]
    cycles = form.editors["cycles"]
    assert isinstance(cycles, QSpinBox)
    cycles.selectAll()
    qtbot.keyClicks(cycles, "3")
    click(qtbot, form.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert not dialog.isVisible()


def test_new_from_template_fills_placeholders_and_replans_into_an_unsaved_draft(window, qtbot):
    fill_leaderboard(qtbot, window, "Q2 ranking")
    qtbot.waitUntil(lambda: window.document.model.name == "Q2 ranking")
    periods = window.document.model.periods or []
    assert [p.start_date[:10] for p in periods] == ["2027-04-01", "2027-05-01", "2027-06-01"]
    assert window.document.file_path is None and window.isWindowModified()
    assert "Q2 ranking" in window.windowTitle()
    qtbot.waitUntil(lambda: '"Q2 ranking"' in window.preview.toPlainText())
    origin = window.context.drafts.origin
    assert origin is not None and origin.label == "template “Leaderboard: monthly spend ranking”"

    window.files.compare.origin_action.trigger()
    rows = {row[0]: row for row in window.files.compare.diff_dialog.rows()}
    assert rows["Group name"][3] == '"Q2 ranking"'  # in the form's words
    assert "Periods › #1 Cycle_1 › Start" in rows and rows["Periods › #4"][1] == "removed"


def test_new_from_template_asks_about_unsaved_changes_first(window, qtbot, monkeypatch):
    qtbot.keyClicks(window.group_tab.fields["name"].editor, "Half done")
    asked: list[str] = []

    def cancel(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", staticmethod(cancel))
    fill_leaderboard(qtbot, window, "Q2 ranking")
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert "Half done" in asked[0]
    assert window.document.model.name == "Half done"
    assert window.context.drafts.origin is None


def test_save_as_template_from_the_menu_then_compare_shows_later_edits(sample_window, qtbot):
    window = sample_window
    window.templates.save_action.trigger()
    dialog = window.templates.save_dialog
    assert dialog.isVisible() and dialog.title_edit.text() == "uatTargetGroup130"
    retype(qtbot, dialog.title_edit, "Event sum weekly")
    qtbot.keyClicks(dialog.tags_edit, "events")
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    written = json.loads(Path(saved.args[0]).read_text())
    assert written["meta"]["title"] == "Event sum weekly" and written["meta"]["tags"] == ["events"]
    assert written["payload"] == window.document.model.to_wire()
    assert "Event sum weekly" in window.statusBar().currentMessage()

    window.files.compare.origin_action.trigger()
    assert window.files.compare.diff_dialog.rows() == []
    assert "No differences" in window.files.compare.diff_dialog.summary.text()
    retype(qtbot, window.group_tab.fields["name"].editor, "Renamed")
    window.files.compare.origin_action.trigger()
    assert window.files.compare.diff_dialog.rows() == [
        ["Group name", "changed", '"uatTargetGroup130"', '"Renamed"']
    ]


def test_opening_another_payload_forgets_the_origin(window, qtbot):
    fill_leaderboard(qtbot, window, "Q2 ranking")
    qtbot.waitUntil(lambda: window.context.drafts.origin is not None)
    window.document.undo_stack.setClean()
    window.menu_actions["new"].trigger()
    window.files.new_dialog.choose("target-group")
    assert window.document.model.name == "" and window.context.drafts.origin is None


def test_the_library_searches_duplicates_renames_deletes_and_undoes(window, qtbot):
    dialog = open_library(window, qtbot)
    qtbot.keyClicks(dialog.search, "kind:streaks")
    assert dialog.visible_titles() == ["Streaks: weekly visit streak"]
    reloaded(qtbot, dialog, lambda: click(qtbot, dialog.duplicate_button))
    assert dialog.visible_titles() == ["Streaks: weekly visit streak", "Streaks: weekly visit streak (copy)"]
    assert dialog.list.currentItem().text().endswith("(copy)")

    retype(qtbot, dialog.title_edit, "Streaks for stores")
    reloaded(qtbot, dialog, lambda: click(qtbot, dialog.rename_button))
    assert "Streaks for stores" in dialog.visible_titles()
    folder = data_paths().templates_dir
    assert [p.name for p in folder.glob("*.json")] == ["streaks-for-stores.json"]

    dialog.select_title("Streaks for stores")
    reloaded(qtbot, dialog, lambda: click(qtbot, dialog.delete_button))
    assert dialog.visible_titles() == ["Streaks: weekly visit streak"]
    assert list(folder.glob("*.json")) == []
    reloaded(qtbot, dialog, lambda: click(qtbot, dialog.undo_button))
    assert "Streaks for stores" in dialog.visible_titles()
    assert [p.name for p in folder.glob("*.json")] == ["streaks-for-stores.json"]
