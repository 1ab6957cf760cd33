"""The app's own toolbar icons, drawn as vector paths so they are sharp at any scale.

The style's standard icons drew Send, Redo and Copy as curl as the same ▶ triangle (and Undo as
◀), so the toolbar could not be read by its icons. These are drawn in the palette's text colour
(greyed when disabled), at whatever size and device pixel ratio the toolbar asks for:

* ``undo`` / ``redo``: a curved arrow turning back / forward;
* ``send``: a paper plane;
* ``curl``: a terminal prompt (``>_``).

An :class:`~app.ui.window.menu_structure.ActionSpec` names one as ``"draw:send"``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)

PREFIX = "draw:"


def _arrow(painter: QPainter, box: QRectF, forward: bool) -> None:
    """A curved arrow: an arc over the top, and a head at its end pointing down-back."""
    w = box.width()
    pen = QPen(painter.pen())
    pen.setWidthF(max(w * 0.11, 1.2))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    path = QPainterPath()
    arc = QRectF(box.left() + w * 0.18, box.top() + w * 0.22, w * 0.64, w * 0.62)
    if forward:
        path.arcMoveTo(arc, 200)
        path.arcTo(arc, 200, -200)
    else:
        path.arcMoveTo(arc, -20)
        path.arcTo(arc, -20, 200)
    painter.drawPath(path)
    end = path.currentPosition()
    head = w * 0.2
    painter.setBrush(painter.pen().color())
    tip = QPainterPath()
    tip.moveTo(end + QPointF(0, head * 0.9))
    tip.lineTo(end + QPointF(-head * 0.75, -head * 0.15))
    tip.lineTo(end + QPointF(head * 0.75, -head * 0.15))
    tip.closeSubpath()
    painter.fillPath(tip, painter.pen().color())


def _send(painter: QPainter, box: QRectF) -> None:
    """A paper plane flying up and to the right."""
    w, x, y = box.width(), box.left(), box.top()
    plane = QPainterPath()
    plane.moveTo(x + w * 0.08, y + w * 0.48)
    plane.lineTo(x + w * 0.92, y + w * 0.1)
    plane.lineTo(x + w * 0.62, y + w * 0.9)
    plane.lineTo(x + w * 0.45, y + w * 0.58)
    plane.closeSubpath()
    color = painter.pen().color()
    painter.fillPath(plane, color)
    fold = QPen(QColor(color).lighter(170) if color.lightness() < 128 else QColor(color).darker(170))
    fold.setWidthF(max(w * 0.06, 1.0))
    painter.setPen(fold)
    painter.drawLine(QPointF(x + w * 0.45, y + w * 0.58), QPointF(x + w * 0.92, y + w * 0.1))


def _curl(painter: QPainter, box: QRectF) -> None:
    """A terminal prompt: a chevron and an underscore in a rounded frame."""
    w, x, y = box.width(), box.left(), box.top()
    pen = QPen(painter.pen())
    pen.setWidthF(max(w * 0.09, 1.1))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(QRectF(x + w * 0.06, y + w * 0.14, w * 0.88, w * 0.72), w * 0.1, w * 0.1)
    chevron = QPainterPath()
    chevron.moveTo(x + w * 0.24, y + w * 0.34)
    chevron.lineTo(x + w * 0.42, y + w * 0.5)
    chevron.lineTo(x + w * 0.24, y + w * 0.66)
    painter.drawPath(chevron)
    painter.drawLine(QPointF(x + w * 0.5, y + w * 0.66), QPointF(x + w * 0.74, y + w * 0.66))


_DRAWINGS: dict[str, Callable[[QPainter, QRectF], None]] = {
    "undo": lambda painter, box: _arrow(painter, box, forward=False),
    "redo": lambda painter, box: _arrow(painter, box, forward=True),
    "send": _send,
    "curl": _curl,
}

NAMES = tuple(_DRAWINGS)


class _DrawnEngine(QIconEngine):
    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        palette = QGuiApplication.palette()
        group = QPalette.ColorGroup.Disabled if mode == QIcon.Mode.Disabled else QPalette.ColorGroup.Active
        color = palette.color(group, QPalette.ColorRole.WindowText)
        side = min(rect.width(), rect.height())
        box = QRectF(
            rect.left() + (rect.width() - side) / 2, rect.top() + (rect.height() - side) / 2, side, side
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(color))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        _DRAWINGS[self._name](painter, box)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(0, 0, size.width(), size.height()), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _DrawnEngine(self._name)


def drawn_icon(name: str) -> QIcon:
    """The drawn icon called ``name`` (one of :data:`NAMES`)."""
    if name not in _DRAWINGS:
        raise KeyError(f"no drawn icon {name!r}; known: {', '.join(NAMES)}")
    return QIcon(_DrawnEngine(name))
