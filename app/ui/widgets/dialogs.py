"""Opening a dialog that frees itself when it closes.

A dialog built anew for each use and kept only by its parent stays alive, hidden, until the
parent goes: on a day of opening the library or the planner, that is hundreds of windows and
megabytes. Every such dialog opens through :func:`open_freed`, which marks it to be deleted when
it closes (signals such as ``accepted`` still reach their slots first). A feature that keeps a
reference to its dialog asks :func:`alive` before touching it again.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget
from shiboken6 import Shiboken

from app.ui.widgets.wheel_guard import guard_wheels

W = TypeVar("W", bound=QWidget)


def alive(obj: QObject | None) -> bool:
    """Whether ``obj`` is set and its Qt object has not been deleted."""
    return obj is not None and Shiboken.isValid(obj)


def open_freed(dialog: W, previous: QWidget | None = None) -> W:
    """Close ``previous`` (the last one of its kind) if still open, then open ``dialog``
    window-modal; it is deleted once closed."""
    if alive(previous) and previous is not dialog:
        assert previous is not None
        previous.close()
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    guard_wheels(dialog)
    open_ = getattr(dialog, "open", None)
    if callable(open_):
        open_()
    else:
        dialog.show()
    return dialog
