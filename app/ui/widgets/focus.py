"""Moving the keyboard focus as Tab would: to the next field in the chain, or to a page's first one.

Qt's tables keep Tab for moving between cells, so the focus never left the Periods table: the
grids of the form now let Tab (and Shift+Tab) leave at their last (first) cell, and tab switches
put the focus on the page's first field instead of leaving it in the preview.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget


def _takes_tab(widget: QWidget, window: QWidget) -> bool:
    return (
        widget.isVisibleTo(window)
        and widget.isEnabled()
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.focusProxy() is None
    )


def step_focus(start: QWidget, forward: bool = True, outside: QWidget | None = None) -> QWidget | None:
    """Give the focus to the next (previous) widget of the focus chain that takes Tab, skipping
    ``outside``'s own children; returns it."""
    window = start.window()
    widget: QWidget | None = start
    for _ in range(2000):
        assert widget is not None
        widget = widget.nextInFocusChain() if forward else widget.previousInFocusChain()
        if widget is None or widget is start:
            return None
        if outside is not None and outside.isAncestorOf(widget):
            continue
        if _takes_tab(widget, window):
            reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
            widget.setFocus(reason)
            return widget
    return None


def focus_first_field(page: QWidget) -> QWidget | None:
    """Put the focus on the first widget of ``page`` that takes Tab (in the focus chain's order)."""
    window = page.window()
    widget: QWidget | None = page
    for _ in range(2000):
        assert widget is not None
        widget = widget.nextInFocusChain()
        if widget is None or widget is page:
            break
        if page.isAncestorOf(widget) and _takes_tab(widget, window):
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            return widget
    return None


class _LeaveAtEdges(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() != QEvent.Type.KeyPress
            or not isinstance(event, QKeyEvent)
            or not isinstance(watched, QAbstractItemView)
            or event.key() not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            or event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            return False
        backward = event.key() == Qt.Key.Key_Backtab
        model, current = watched.model(), watched.currentIndex()
        rows = model.rowCount() if model is not None else 0
        columns = model.columnCount() if model is not None else 0
        last = (rows - 1, columns - 1) if not backward else (0, 0)
        if rows == 0 or columns == 0 or not current.isValid() or (current.row(), current.column()) == last:
            step_focus(watched, forward=not backward, outside=watched)
            return True
        return False


_edges: _LeaveAtEdges | None = None


def leave_at_edges(table: QAbstractItemView) -> None:
    """Tab moves through ``table``'s cells and then on to the next field (Shift+Tab: back out)."""
    global _edges
    if _edges is None:
        _edges = _LeaveAtEdges(QApplication.instance())
    table.installEventFilter(_edges)
