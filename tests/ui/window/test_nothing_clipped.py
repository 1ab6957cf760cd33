"""Text the walkthrough found cut off is shown whole: period offsets, problem messages, template
titles, the template form's title and hint, and the unsaved-changes question for a long name.

Widths follow the font, so the same checks hold at 200 %: the last test runs them again in a
fresh process with ``QT_SCALE_FACTOR=2`` and the dark scheme.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from app.services.templates import TemplateLibrary
from app.ui.editors.target_groups.periods.periods_model import END, START
from app.ui.templates.library_dialog import TemplateLibraryDialog
from app.ui.templates.new_from_template_dialog import NewFromTemplateDialog
from app.ui.window.main_window import unsaved_question

ROOT = Path(__file__).resolve().parents[3]
LONG_NAME = "Festive season 2027 – monthly net sales milestone for Gold, Platinum and Diamond tiers"


def text_width(widget, text: str) -> int:
    return widget.fontMetrics().horizontalAdvance(text)


def test_period_start_and_end_show_their_offset(window, qtbot):
    from app.domain.clock import first_of_next_month  # noqa: F401  (the planner's own dates)

    window.document.set_value("timeZoneName", "Asia/Kolkata")
    window.periods_tab.open_planner().apply()
    table = window.periods_tab.table
    value = window.periods_tab.model.index(0, START).data()
    assert value.endswith("+05:30") and ".000" in value
    for column in (START, END):
        shown = window.periods_tab.model.index(0, column).data()
        assert table.columnWidth(column) > text_width(table, shown), (column, shown)


def test_problem_messages_wrap_instead_of_being_cut(window, qtbot):
    window.document.refresh_now()
    view = window.problems_view
    model = view.problems_model
    longest = max(range(model.rowCount()), key=lambda r: len(model.problem(r).message))
    message = model.problem(longest).message
    column = view.columnWidth(2)
    assert text_width(view, message) > column  # too long for one line...
    lines = -(-text_width(view, message) // max(column - 12, 1))
    assert view.rowHeight(longest) >= lines * view.fontMetrics().lineSpacing()  # ...so the row grows
    assert view.wordWrap()


def test_template_titles_fit_the_list(qtbot):
    dialog = TemplateLibraryDialog()
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.show()
    room = dialog.list.viewport().width()
    for title in dialog.visible_titles():
        assert text_width(dialog.list, title) < room, title


def test_the_template_form_has_room_for_its_title_and_hint(qtbot):
    entry = next(e for e in TemplateLibrary().entries() if e.title == "Monthly spend: one sales target")
    assert entry.template is not None
    form = NewFromTemplateDialog(entry.template)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    assert form.width() >= text_width(form, form.windowTitle()) + 100  # the title bar has room
    assert form.hint.wordWrap() and form.hint.height() >= form.hint.heightForWidth(form.hint.width())
    name = form.editors["name"]
    assert isinstance(name, QLineEdit)
    assert text_width(name, name.placeholderText()) < name.width()


def test_the_unsaved_question_for_a_long_name_stays_inside_its_box(qtbot):
    text = unsaved_question(LONG_NAME)
    assert "…" in text and len(text) < 130
    box = QMessageBox(QMessageBox.Icon.Question, "Unsaved changes", text)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    screen = QApplication.primaryScreen().availableGeometry()
    assert box.width() < screen.width() * 0.6
    assert unsaved_question("Short name") == "“Short name” has changes that are not saved. Save them first?"


@pytest.mark.skipif(os.environ.get("TGB_CLIP_RERUN") == "1", reason="this is the re-run")
def test_the_same_at_200_percent_in_dark(tmp_path):
    env = {
        **os.environ,
        "TGB_CLIP_RERUN": "1",
        "QT_SCALE_FACTOR": "2",
        "TGB_COLOR_SCHEME": "dark",
        "TGB_HOME": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(Path(__file__))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "5 passed" in done.stdout
