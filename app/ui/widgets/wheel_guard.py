"""The mouse wheel scrolls the form; it changes a value only in a field that has the focus.

Operators scroll long forms all day. Qt's drop-downs, spin boxes and date fields take the wheel
(and the focus) whenever the pointer is over them, so scrolling once set the time zone to
Africa/Banjul and the tracking type to CAPPING, silently. :func:`guard_wheels` makes every such
field of a page or dialog take the focus only by click or Tab, and hands a wheel over an unfocused
one to the scroll area around it (or drops it where there is none).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QWidget

_GUARDED = "tgbWheelGuarded"


class _WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget) or watched.hasFocus():
            return False
        area = watched.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is not None:
            QApplication.sendEvent(area.viewport(), event)
        return True  # the field keeps its value


_guard: _WheelGuard | None = None


def guard_wheels(root: QWidget) -> None:
    """Guard every drop-down, spin box and date field under ``root`` (again safe to call)."""
    global _guard
    if _guard is None:
        _guard = _WheelGuard(QApplication.instance())
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, QComboBox | QAbstractSpinBox) or widget.property(_GUARDED):
            continue
        widget.setProperty(_GUARDED, True)
        if widget.focusPolicy() & Qt.FocusPolicy.WheelFocus == Qt.FocusPolicy.WheelFocus:
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.installEventFilter(_guard)
