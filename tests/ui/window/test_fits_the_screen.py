"""The first window fits a 1366×768 screen, and a restored geometry stays on the screen.

The walkthrough's window opened at 1320×860: the status bar and the bottom of Problems were off
a 1366×768 screen. The GUI tests run on a 1366×768 offscreen screen (tests/conftest.py).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect
from PySide6.QtWidgets import QApplication

from app.ui.common.geometry import PREFERRED_SIZE, fit_to_screen
from app.ui.common.settings import WindowSettings


def test_the_test_screen_is_the_small_laptop(qapp):
    screen = QApplication.primaryScreen()
    assert screen.availableGeometry() == QRect(0, 0, 1366, 768)


def test_first_window_fits_the_available_screen(window, qtbot):
    area = window.screen().availableGeometry()
    frame = window.frameGeometry()
    assert area.contains(frame), (frame, area)
    status = window.statusBar()
    bottom = status.mapToGlobal(status.rect().bottomLeft())
    assert area.contains(bottom)
    assert window.problems_view.isVisible()
    problems_bottom = window.problems_view.mapToGlobal(window.problems_view.rect().bottomLeft())
    assert problems_bottom.y() < status.mapToGlobal(status.rect().topLeft()).y()
    assert window.minimumSizeHint().height() <= area.height()
    assert window.width() >= 1200  # and it still uses the width there is


def test_a_restored_geometry_too_big_for_the_screen_is_brought_back(qtbot, isolated_home):
    from app.ui.window.main_window import MainWindow

    first = MainWindow()
    qtbot.addWidget(first)
    first.resize(2400, 1500)
    first.move(3000, 2000)  # on a monitor that is no longer there
    first.settings.save_layout(first, first._splitters())
    first.document.undo_stack.setClean()
    first.close()
    saved = WindowSettings().qsettings.value("window/geometry")
    assert isinstance(saved, QByteArray) and not saved.isEmpty()

    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    area = again.screen().availableGeometry()
    assert area.contains(again.frameGeometry()), (again.frameGeometry(), area)
    again.document.undo_stack.setClean()


def test_fit_on_a_large_screen_keeps_the_preferred_size(window):
    fit_to_screen(window, restored=False, area=QRect(0, 0, 2560, 1440))
    assert window.size() == PREFERRED_SIZE


def test_bulk_create_and_history_fit_a_short_screen(window, qtbot):
    """They opened about 15 px taller than a 768-pixel screen under a window manager with a panel:
    both are sized to the room there is, less the frame, and placed on the screen."""
    window.menu_actions["bulk_create"].trigger()
    history = window.send.open_history()
    for top in (window.bulk.dialog, history):
        qtbot.waitExposed(top)
        area = top.screen().availableGeometry()
        assert area.contains(top.frameGeometry()), (type(top).__name__, top.frameGeometry(), area)
        short = QRect(0, 0, 1366, 600)  # a panel or dock takes its share
        fit_to_screen(top, restored=False, area=short, preferred=top.size())
        assert top.frameGeometry().height() <= 600 and top.frameGeometry().top() >= 0
