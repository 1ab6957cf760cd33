"""The window's size and place on the screen: the first start fits, a restored one stays on it.

The first window used to open at 1320×860, which put the status bar and the bottom of Problems
off a 1366×768 screen. :func:`fit_to_screen` sizes the first window to the preferred size or the
screen's available area (less the title bar and borders), whichever is smaller, and centres it.
A geometry restored from the last session is shrunk and moved back onto the available area
(the screen may have changed since: a laptop off its docking station).
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

PREFERRED_SIZE = QSize(1320, 860)

# What a window manager adds around the client area before the frame is known (title bar and
# borders of the common Linux, Windows and macOS themes, rounded up).
_FRAME_GUESS = QMargins(8, 38, 8, 8)


def available_area(window: QWidget) -> QRect:
    """The available geometry of the window's screen (or the primary one)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


def frame_margins(window: QWidget) -> QMargins:
    """The frame around the client area: measured once shown, guessed before."""
    frame, inner = window.frameGeometry(), window.geometry()
    measured = QMargins(
        inner.left() - frame.left(),
        inner.top() - frame.top(),
        frame.right() - inner.right(),
        frame.bottom() - inner.bottom(),
    )
    if window.isVisible() and (measured.top() > 0 or measured.left() > 0):
        return measured
    return _FRAME_GUESS


def fit_to_screen(
    window: QWidget, restored: bool, area: QRect | None = None, preferred: QSize = PREFERRED_SIZE
) -> None:
    """Size and place ``window`` inside ``area`` (the screen's available geometry by default).

    Args:
        window: the top-level window.
        restored: a geometry from the last session was applied (keep it, but on the screen).
        area: the available screen area (tests pass one).
        preferred: the size wanted when the screen has room (the main window's by default; the
            Bulk create and History windows pass theirs).
    """
    area = area or available_area(window)
    margins = frame_margins(window)
    room = QSize(
        max(area.width() - margins.left() - margins.right(), 320),
        max(area.height() - margins.top() - margins.bottom(), 240),
    )
    if not restored:
        window.resize(preferred.boundedTo(room))
    elif window.width() > room.width() or window.height() > room.height():
        window.resize(window.size().boundedTo(room))
    size = window.size()
    if restored:
        x = min(
            max(window.x(), area.left()), area.right() + 1 - size.width() - margins.left() - margins.right()
        )
        y = min(
            max(window.y(), area.top()), area.bottom() + 1 - size.height() - margins.top() - margins.bottom()
        )
    else:
        x = area.left() + (area.width() - size.width() - margins.left() - margins.right()) // 2
        y = area.top() + (area.height() - size.height() - margins.top() - margins.bottom()) // 2
    window.move(max(x, area.left()), max(y, area.top()))
