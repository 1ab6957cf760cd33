"""The template dialogs, driven by typing and clicking: save as template, the library view
(search, rename, duplicate, delete and undo), new from template with placeholders, compare."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QDialogButtonBox, QLineEdit, QSpinBox

from app.domain.target_groups.models import TargetGroup
from app.services.paths import data_paths
from app.services.templates import Template, TemplateLibrary
from app.ui.common.workers import wait_for_background_tasks
from app.ui.document.document import PayloadDocument
from app.ui.templates.library_dialog import SaveTemplateDialog, TemplateLibraryDialog
from app.ui.templates.new_from_template_dialog import NewFromTemplateDialog
from app.ui.widgets.diff_dialog import DiffDialog

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TGB_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def retype(qtbot, line: QLineEdit, text: str) -> None:
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)


def open_library(qtbot, **kwargs) -> TemplateLibraryDialog:
    dialog = TemplateLibraryDialog(**kwargs)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.show()
    return dialog


def reloaded(qtbot, dialog: TemplateLibraryDialog, action) -> None:
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        action()


def test_save_as_template_writes_the_documents_payload(qtbot, sample_group: TargetGroup) -> None:
    document = PayloadDocument(sample_group)
    dialog = SaveTemplateDialog(document)
    qtbot.addWidget(dialog)
    dialog.show()
    retype(qtbot, dialog.title_edit, "Event sum, two cycles")
    qtbot.keyClicks(dialog.tags_edit, "events, daily")
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    written = json.loads(Path(saved.args[0]).read_text())
    assert written["meta"]["title"] == "Event sum, two cycles"
    assert written["meta"]["tags"] == ["events", "daily"]
    assert written["payload"] == sample_group.to_wire()
    assert not dialog.isVisible()


def test_save_as_template_refuses_a_credential_and_stays_open(qtbot, sample_group: TargetGroup) -> None:
    leaky = TargetGroup.model_validate({**sample_group.to_wire(), "apiToken": "abc"})
    dialog = SaveTemplateDialog(PayloadDocument(leaky))
    qtbot.addWidget(dialog)
    dialog.show()
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    qtbot.waitUntil(lambda: "apiToken" in dialog.error.text(), timeout=5000)
    assert dialog.isVisible()
    assert not data_paths().templates_dir.exists() or not any(data_paths().templates_dir.iterdir())


def test_library_search_filters_the_list_as_you_type(qtbot) -> None:
    dialog = open_library(qtbot)
    assert len(dialog.visible_titles()) == 11  # 8 target-group starters and 3 promotion ones
    qtbot.keyClicks(dialog.search, "kind:streaks")
    assert dialog.visible_titles() == ["Streaks: weekly visit streak"]
    retype(qtbot, dialog.search, "tag:points")
    assert dialog.visible_titles() == [
        "Capping: monthly points cap",
        "Promotion: weekly visits with a points reward",
    ]
    retype(qtbot, dialog.search, "no such thing")
    assert dialog.visible_titles() == []


def test_starters_can_be_duplicated_but_not_renamed_or_deleted(qtbot) -> None:
    dialog = open_library(qtbot)
    dialog.select_title("Streaks: weekly visit streak")
    assert not dialog.rename_button.isEnabled() and not dialog.delete_button.isEnabled()
    assert "Bronze streak" in dialog.preview.toPlainText()
    reloaded(qtbot, dialog, lambda: click(qtbot, dialog.duplicate_button))
    assert "Streaks: weekly visit streak (copy)" in dialog.visible_titles()
    assert dialog.list.currentItem().text() == "Streaks: weekly visit streak (copy)"
    assert dialog.rename_button.isEnabled() and dialog.delete_button.isEnabled()


def test_rename_then_delete_then_undo_delete(qtbot, sample_group: TargetGroup) -> None:
    TemplateLibrary().save(Template.from_group(sample_group, "Event sum"))
    dialog = open_library(qtbot)
    dialog.select_title("Event sum")
    retype(qtbot, dialog.title_edit, "Event sum Q3")
    reloaded(qtbot, dialog, lambda: click(qtbot, dialog.rename_button))
    assert "Event sum Q3" in dialog.visible_titles() and "Event sum" not in dialog.visible_titles()
    assert (data_paths().templates_dir / "event-sum-q3.json").exists()

    dialog.select_title("Event sum Q3")
    reloaded(qtbot, dialog, lambda: click(qtbot, dialog.delete_button))
    assert "Event sum Q3" not in dialog.visible_titles()
    assert not (data_paths().templates_dir / "event-sum-q3.json").exists()
    assert dialog.undo_button.isEnabled() and "Undo delete" in dialog.status.text()

    reloaded(qtbot, dialog, lambda: click(qtbot, dialog.undo_button))
    assert "Event sum Q3" in dialog.visible_titles()
    assert (data_paths().templates_dir / "event-sum-q3.json").exists()
    assert not dialog.undo_button.isEnabled()


def test_an_unreadable_file_is_listed_with_its_reason_and_cannot_be_changed(qtbot) -> None:
    folder = data_paths().templates_dir
    folder.mkdir(parents=True)
    (folder / "half.json").write_text('{"format": "tgb-template", "version": 7}')
    dialog = open_library(qtbot)
    dialog.select_title("⚠ half.json")
    assert "newer Target Group Builder" in dialog.preview.toPlainText()
    for button in (dialog.rename_button, dialog.delete_button, dialog.new_button, dialog.duplicate_button):
        assert not button.isEnabled()


def test_new_from_template_asks_for_the_placeholders_and_replans_the_periods(qtbot) -> None:
    made: list[tuple[TargetGroup, Template]] = []
    dialog = open_library(qtbot, on_new=lambda group, template: made.append((group, template)))
    dialog.select_title("Leaderboard: monthly spend ranking")
    click(qtbot, dialog.new_button)
    form = dialog.findChild(NewFromTemplateDialog)
    assert form is not None and form.isVisible()
    name = form.editors["name"]
    start = form.editors["start"]
    cycles = form.editors["cycles"]
    value = form.editors["value"]
    assert isinstance(name, QLineEdit) and isinstance(start, QDateEdit)
    assert isinstance(cycles, QSpinBox) and isinstance(value, QLineEdit)
    assert start.date().toPython() == date(2027, 1, 1) and cycles.value() == 12 and value.text() == "5000"

    click(qtbot, form.buttons.button(QDialogButtonBox.StandardButton.Ok))  # the name is required
    assert form.isVisible() and "required" in form.errors["name"].text()

    qtbot.keyClicks(name, "Q2 ranking")
    start.setDate(QDate(2027, 4, 1))
    cycles.selectAll()
    qtbot.keyClicks(cycles, "3")
    retype(qtbot, value, "7500")
    click(qtbot, form.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert not form.isVisible()
    ((group, template),) = made
    assert template.meta.title == "Leaderboard: monthly spend ranking"
    assert group.name == "Q2 ranking"
    assert [p.start_date[:10] for p in group.periods or []] == ["2027-04-01", "2027-05-01", "2027-06-01"]
    assert [v.default_value for v in (group.targets or [])[0].default_values or []] == [7500] * 3


def test_new_from_template_shows_a_bad_value_next_to_its_field(qtbot) -> None:
    template = TemplateLibrary().find("monthly-leaderboard").template
    assert template is not None
    form = NewFromTemplateDialog(template)
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.editors["name"], "x")
    retype(qtbot, form.editors["value"], "lots")  # type: ignore[arg-type]
    click(qtbot, form.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert form.isVisible() and form.filled is None
    assert "'lots' is not a number" in form.errors["value"].text()
    assert form.errors["name"].isHidden()


def test_compare_shows_one_row_per_changed_field(qtbot, sample_group: TargetGroup) -> None:
    old = sample_group.to_wire()
    new = json.loads(json.dumps(old))
    new["name"] = "Renamed"
    new["periods"][1]["endDate"] = "2026-02-01T10:30:00+05:30"
    new["leaderboardEnabled"] = True
    del new["description"]
    dialog = DiffDialog(old, new, "the template", "this draft")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.rows() == [
        ["name", "changed", '"uatTargetGroup130"', '"Renamed"'],
        ["periods[1].endDate", "changed", '"2026-01-31T10:30:00+05:30"', '"2026-02-01T10:30:00+05:30"'],
        ["leaderboardEnabled", "added", "", "true"],
        ["description", "removed", '"UAT target group number hundred thirty"', ""],
    ]
    assert dialog.summary.text() == "This draft compared with the template: 1 added, 1 removed, 2 changed."


def test_compare_of_equal_payloads_says_so(qtbot, sample_group: TargetGroup) -> None:
    dialog = DiffDialog(sample_group.to_wire(), sample_group.to_wire(), "the saved file")
    qtbot.addWidget(dialog)
    assert dialog.rows() == [] and "No differences" in dialog.summary.text()
    wait_for_background_tasks()


def test_enter_in_the_title_renames_and_enter_elsewhere_uses_the_template(
    qtbot, sample_group: TargetGroup
) -> None:
    TemplateLibrary().save(Template.from_group(sample_group, "Event sum"))
    dialog = open_library(qtbot)
    dialog.select_title("Event sum")
    retype(qtbot, dialog.title_edit, "Event sum Q4")
    reloaded(qtbot, dialog, lambda: qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return))
    assert "Event sum Q4" in dialog.visible_titles()
    assert dialog.form_dialog is None  # Enter in the title renamed, it did not open the form
    dialog.search.setFocus()
    qtbot.keyClicks(dialog.search, "Q4")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.form_dialog is not None and dialog.form_dialog.isVisible())
