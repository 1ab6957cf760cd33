"""A field's problem line follows the theme while the window is open (light to dark and back)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.enums import TrackingType
from app.domain.problems import Severity
from app.ui.common.theme import apply_theme
from app.ui.widgets.problem_marks import severity_color


def test_a_fields_message_takes_the_new_themes_colour_at_the_next_check(sample_window, qtbot):
    window = sample_window
    window.document.set_value("trackingType", TrackingType.STREAKS)
    window.document.set_value("leaderboardEnabled", True)
    window.document.refresh_now()
    message = window.group_tab.fields["leaderboardEnabled"].message
    assert message.full_text  # a warning is shown
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    first = apply_theme(app)
    other = Qt.ColorScheme.Light if first == Qt.ColorScheme.Dark else Qt.ColorScheme.Dark
    try:
        apply_theme(app, other)
        # The same problems come again (checks skip unchanged fields), in the new palette's colour.
        window.document.refresh_now()
        assert severity_color(Severity.WARNING).name() in message.styleSheet()
    finally:
        apply_theme(app, first)
    window.document.refresh_now()
    assert severity_color(Severity.WARNING).name() in message.styleSheet()


def test_a_field_marked_with_a_problem_still_shows_where_the_focus_is(sample_window, qtbot):
    """A problem's border must not hide the focus: with the focus the border takes the focus colour."""
    from PySide6.QtGui import QPalette

    window = sample_window
    window.document.set_value("name", "n" * 201)  # an error at the group name
    window.document.refresh_now()
    field = window.group_tab.fields["name"]
    other = window.group_tab.fields["description"].editor
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    edge = field.editor.height() // 2

    def left_edge() -> str:
        image = field.editor.grab().toImage()
        return str(image.pixelColor(0, edge).name())

    assert left_edge() == severity_color(Severity.ERROR).name()
    field.editor.setFocus()
    qtbot.waitUntil(field.editor.hasFocus)
    highlight = QApplication.palette().color(QPalette.ColorRole.Highlight).name()
    assert left_edge() == highlight
