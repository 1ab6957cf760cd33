"""The preview, the Problems list and Edit JSON, as the operator sees them."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.domain.problems import Severity
from app.ui.payload.preview import JsonPreview, changed_span
from app.ui.payload.problems_view import PLACE, PROBLEM_ROLE, describe_path


def double_click_row(qtbot, view, row: int) -> None:
    rect = view.visualRect(view.model().index(row, PLACE))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def row_of(view, path: str) -> int:
    model = view.model()
    for row in range(model.rowCount()):
        if model.index(row, 0).data(PROBLEM_ROLE).path == path:
            return row
    raise AssertionError(f"no problem at {path}")


def test_preview_is_read_only_highlighted_and_follows_edits(sample_window, qtbot):
    preview = sample_window.preview
    assert preview.isReadOnly()
    assert json.loads(preview.toPlainText()) == sample_window.document.model.to_wire()
    block = preview.document().findBlockByNumber(2)  # "name": "uatTargetGroup130",
    assert '"name"' in block.text()
    assert len(block.layout().formats()) >= 2  # the key and the string are coloured
    scroll = preview.verticalScrollBar()
    scroll.setValue(scroll.maximum())
    position = scroll.value()
    description = sample_window.group_tab.fields["description"].editor
    qtbot.keyClick(description, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(description, " (edited)")
    qtbot.waitUntil(lambda: "thirty (edited)" in preview.toPlainText())
    assert scroll.value() == position  # the operator's place in the preview is kept
    assert preview.toPlainText() == sample_window.document.model.to_json()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="ab\n{}😀é", max_size=6), max_size=6),
    st.lists(st.text(alphabet="ab\n{}😀é", max_size=6), max_size=6),
)
def test_changed_span_rebuilds_the_new_text(old_parts, new_parts):
    old, new = "\n".join(old_parts), "\n".join(new_parts)
    start, old_end, new_end = changed_span(old, new)
    assert old[:start] + new[start:new_end] + old[old_end:] == new
    assert start == 0 or old[start - 1] == "\n"


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 9000),
    st.text(alphabet="ab\n", max_size=8),
    st.text(alphabet="ab\n", max_size=8),
    st.integers(0, 9000),
)
def test_changed_span_of_long_texts_is_the_changed_lines(prefix_size, middle_old, middle_new, suffix_size):
    """Texts longer than the chunks the search compares: the span still rebuilds the new text, and
    it starts at the line of the first difference (not earlier), whatever the chunk boundaries."""
    prefix = ("x" * 37 + "\n") * (prefix_size // 38) + "y" * (prefix_size % 38)
    suffix = "z" * (suffix_size % 41) + ("\n" + "w" * 40) * (suffix_size // 41)
    old, new = prefix + middle_old + suffix, prefix + middle_new + suffix
    start, old_end, new_end = changed_span(old, new)
    assert old[:start] + new[start:new_end] + old[old_end:] == new
    first_difference = next(
        (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new))
    )
    assert start == old.rfind("\n", 0, first_difference) + 1


def test_preview_partial_updates_match_full_text_with_wide_characters(qtbot):
    preview = JsonPreview()
    qtbot.addWidget(preview)
    texts = [
        '{\n  "a": "x"\n}',
        '{\n  "a": "😀 x"\n}',
        '{\n  "a": "😀 y",\n  "b": 1\n}',
        "{}",
        '{\n  "é": 2\n}',
    ]
    for text in texts:
        preview.show_json(text)
        assert preview.toPlainText() == text


def test_problems_list_shows_rules_problems_and_counts(window, qtbot):
    window.document.refresh_now()
    view = window.problems_view
    row = row_of(view, "name")
    model = view.model()
    # A blank name is a warning: a server was seen to store a group named "" (issue 19).
    assert model.index(row, 0).data() == "Warning"
    assert model.index(row, PLACE).data() == "Group name"
    assert "Group name is empty" in model.index(row, 2).data()
    errors = sum(1 for p in window.document.problems if p.severity is Severity.ERROR)
    assert window.counts_label.text().startswith(f"{errors} error")
    group_level = [p for p in window.document.problems if not p.path.startswith(("periods", "targets"))]
    assert window.tabs.tabText(0) == f"Group ({len(group_level)})"
    qtbot.keyClicks(window.group_tab.fields["name"].editor, "Gold")
    window.document.refresh_now()
    assert window.tabs.tabText(0) == f"Group ({len(group_level) - 1})"
    assert view.model().rowCount() == len(window.document.problems)


def test_problems_model_passes_qtmodeltester(qtmodeltester, sample_window):
    sample_window.document.set_value("name", "")
    sample_window.document.refresh_now()
    qtmodeltester.check(sample_window.problems_view.model(), force_py=True)


def test_double_clicking_a_problem_focuses_its_field(window, qtbot):
    window.document.refresh_now()
    view = window.problems_view
    double_click_row(qtbot, view, row_of(view, "name"))
    assert window.tabs.currentWidget() is window.group_tab
    assert QApplication.focusWidget() is window.group_tab.fields["name"].editor


def test_double_clicking_a_period_problem_opens_the_periods_tab(sample_window, qtbot):
    sample_window.document.refresh_now()
    view = sample_window.problems_view
    double_click_row(qtbot, view, row_of(view, "periods[1].endDate"))
    assert sample_window.tabs.currentWidget() is sample_window.periods_tab
    table = getattr(sample_window.periods_tab, "table", None)
    if table is not None:
        assert table.currentIndex().row() == 1


def test_location_names_use_field_titles_and_item_names(sample_group):
    assert describe_path("targets[0].defaultValues[1].defaultValue", sample_group) == (
        "Targets › #1 uat_target_group_130 › Target values › #2 › Target value"
    )
    assert describe_path("periods[0].endDate", sample_group) == "Periods › #1 Cycle_1 › End"
    assert describe_path("fooBar") == "fooBar"
    assert describe_path("") == "Whole payload"


def test_edit_json_reports_line_and_column_and_keeps_everything(sample_window, qtbot):
    before = sample_window.document.model.to_json()
    dialog = sample_window.edit_json()
    editor = dialog.editor
    broken = '{\n  "name": "x",\n  "active": tru\n}'
    QApplication.clipboard().setText(broken)
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # paste
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Apply), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "line 3, column 13" in dialog.error.text()
    assert editor.toPlainText() == broken
    assert editor.textCursor().blockNumber() == 2
    assert sample_window.document.model.to_json() == before
    assert sample_window.document.undo_stack.count() == 0


def test_edit_json_with_wrong_types_lists_the_paths(sample_window, qtbot):
    dialog = sample_window.edit_json()
    dialog.editor.setPlainText('{"name": "x", "totalPeriods": "many", "periods": [{"active": "maybe"}]}')
    assert not dialog.apply()
    assert "totalPeriods" in dialog.error.text() and "periods[0].active" in dialog.error.text()
    assert sample_window.document.model.name == "uatTargetGroup130"


def test_edit_json_applies_as_one_undoable_step(sample_window, qtbot):
    dialog = sample_window.edit_json()
    data = json.loads(dialog.editor.toPlainText())
    data["name"] = "pasted"
    data["extraThing"] = {"kept": True}
    dialog.editor.setPlainText(json.dumps(data))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Apply), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert sample_window.group_tab.fields["name"].editor.text() == "pasted"
    sample_window.document.refresh_now()
    assert json.loads(sample_window.preview.toPlainText())["extraThing"] == {"kept": True}
    assert any(p.rule == "unknown-field" and p.path == "extraThing" for p in sample_window.document.problems)
    sample_window.undo_action.trigger()
    assert sample_window.group_tab.fields["name"].editor.text() == "uatTargetGroup130"


def test_edit_json_takes_a_pasted_curl_commands_body(sample_window, qtbot):
    dialog = sample_window.edit_json()
    data = json.loads(dialog.editor.toPlainText())
    data["name"] = "from curl"
    body = json.dumps(data).replace("'", "'\\''")
    token = "c2VjcmV0OnNlY3JldA=="  # a made-up credential
    dialog.editor.setPlainText(
        "curl -X POST 'https://eu.api.capillarytech.com/v3/targetGroups' \\\n"
        f"  -H 'Authorization: Basic {token}' \\\n"
        f"  --data-raw '{body}'"
    )
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Apply), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert sample_window.group_tab.fields["name"].editor.text() == "from curl"
    sample_window.document.refresh_now()
    assert token not in sample_window.preview.toPlainText()
