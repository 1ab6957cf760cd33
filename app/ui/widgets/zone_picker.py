"""The time-zone completer: search any part of an IANA name; a click outside the list is not lost.

Qt closes a completion popup on a mouse press outside it and, on Linux, drops that press: the
walkthrough clicked the next field, the list closed, the focus stayed in Time zone, and the next
typing ("5000") went into the zone. :class:`ZoneCompleter` closes the list and hands the press to
whatever is under the pointer, as a click would with no list open.

:func:`resolve_zone` reads what the operator left in the field: an exact name in any case, or
the one zone that a fragment such as ``kolk`` matches, becomes that zone's name; anything else
is kept as typed (the rules then say it is unknown).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QCompleter, QWidget


class ZoneCompleter(QCompleter):
    """A case-insensitive, match-anywhere completer whose popup passes outside clicks on."""

    def __init__(self, model: QAbstractItemModel, parent: QWidget) -> None:
        super().__init__(model, parent)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        popup = self.popup()  # made now, so this filter runs before the completer's own
        assert popup is not None
        popup.setAttribute(Qt.WidgetAttribute.WA_NoMouseReplay)
        self._click_through = _ClickThrough(popup)
        popup.installEventFilter(self._click_through)

    def hide_list(self) -> None:
        """Close the list if it is open."""
        popup = self.popup()
        if popup is not None and popup.isVisible():
            popup.hide()


class _ClickThrough(QObject):
    def __init__(self, popup: QWidget) -> None:
        super().__init__(popup)
        self._popup = popup

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.MouseButtonPress or not isinstance(event, QMouseEvent):
            return False
        if self._popup.rect().contains(event.position().toPoint()):
            return False
        where = event.globalPosition()
        self._popup.hide()
        target = QApplication.widgetAt(where.toPoint())
        if target is None or target is self._popup or self._popup.isAncestorOf(target):
            return True
        _focus_as_clicked(target)
        press = QMouseEvent(
            QEvent.Type.MouseButtonPress,
            target.mapFromGlobal(where),
            where,
            event.button(),
            event.buttons(),
            event.modifiers(),
        )
        QApplication.sendEvent(target, press)
        return True


def _focus_as_clicked(widget: QWidget) -> None:
    """Give the focus as a real click would (a sent event is not "spontaneous", so Qt does not)."""
    click = Qt.FocusPolicy.ClickFocus.value
    current: QWidget | None = widget
    while current is not None:
        if current.isEnabled() and current.focusPolicy().value & click == click:
            current.setFocus(Qt.FocusReason.MouseFocusReason)
            return
        if current.isWindow():
            return
        current = current.parentWidget()


def resolve_zone(text: str, zones: Iterable[str]) -> str:
    """The zone the operator meant by ``text`` (see the module docstring); ``""`` for empty text."""
    wanted = text.strip()
    if not wanted:
        return ""
    folded = wanted.casefold()
    matches: list[str] = []
    for zone in zones:
        if zone.casefold() == folded:
            return zone
        if folded in zone.casefold():
            matches.append(zone)
    return matches[0] if len(matches) == 1 else wanted
