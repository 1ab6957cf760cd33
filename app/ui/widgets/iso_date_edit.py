"""Date and date-time edits where typing or pasting an ISO date gives exactly that date.

Qt's date edits take typing one section at a time (year, then month...), so an operator who
types ``2027-01-01`` over a selected field, or after Ctrl+A, ends up with another date. Here the
first digit typed starts a free-text entry that is shown as typed and read as ISO 8601
(``2027-01-01``, ``2027-01-01T10:30``, ``2027-01-01T10:30:00.000+05:30``, or ``2027-1-5``); the date
is set as soon as the text is a date, and the entry ends with Enter, Tab or leaving the field
(Esc puts the old value back). Ctrl+V pastes an ISO date the same way. Arrow keys and the
calendar popup work as before. Tab always moves to the next field (it no longer walks the
sections, which trapped the focus in an empty field).
"""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtGui import QFocusEvent, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget

from app.domain.dates import WallClock, wall_clock

_TYPED = set("0123456789-:T .+Zz")
_LOOSE_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(.*)$")
_KEY_RETURN = 0x01000004
_KEY_ENTER = 0x01000005
_KEY_ESCAPE = 0x01000000
_KEY_BACKSPACE = 0x01000003


def read_iso(text: str) -> WallClock | None:
    """An ISO 8601 date or date-time as written (``2027-1-5`` is read as ``2027-01-05``)."""
    stripped = text.strip().replace(" ", "T", 1) if "T" not in text else text.strip()
    found = wall_clock(stripped)
    if found is not None:
        return found
    match = _LOOSE_DATE.match(stripped)
    if match is None:
        return None
    year, month, day, rest = match.groups()
    return wall_clock(f"{year}-{int(month):02d}-{int(day):02d}{rest}")


class _IsoTyping:
    """The free-text entry shared by the date and the date-time edit (a mixin over QDateTimeEdit)."""

    def _iso_setup(self) -> None:
        self._buffer = ""
        self._before: QDateTime | None = None

    # what the subclass provides: apply a parsed value ------------------------------------

    def _apply(self, found: WallClock) -> None:
        raise NotImplementedError

    def _started(self) -> None:
        raise NotImplementedError

    # typing ------------------------------------------------------------------------------

    def _iso_key(self, event: QKeyEvent) -> bool:
        """Handle a key of the free-text entry; whether it was used."""
        edit = self._edit()
        if event.matches(QKeySequence.StandardKey.Paste):
            found = read_iso(QGuiApplication.clipboard().text())
            if found is not None:
                self._reset()
                self._started()
                self._apply(found)
            return True
        key, text = event.key(), event.text()
        if self._buffer:
            if key == _KEY_ESCAPE:
                self._revert()
                return True
            if key in (_KEY_RETURN, _KEY_ENTER):
                self._finish()
                return False  # let the dialog or the cell editor see Enter too
            if key == _KEY_BACKSPACE:
                self._buffer = self._buffer[:-1]
                self._show_buffer()
                return True
        if len(text) == 1 and text in _TYPED and (self._buffer or text.isdigit()):
            if not self._buffer:
                self._before = edit.dateTime()
                self._started()
            self._buffer += text
            self._show_buffer()
            found = read_iso(self._buffer)
            if found is not None and len(self._buffer) >= 8:
                self._apply(found)
                self._show_buffer()
            return True
        return False

    def _show_buffer(self) -> None:
        line = self._edit().lineEdit()
        if line is not None:
            line.setText(self._buffer)
            line.setCursorPosition(len(self._buffer))

    def _finish(self) -> None:
        """End the entry: keep the date typed, or put the old one back if the text is not a date."""
        if not self._buffer:
            return
        found = read_iso(self._buffer)
        if found is None:
            self._revert()
            return
        self._reset()
        self._apply(found)

    def _revert(self) -> None:
        before = self._before
        self._reset()
        edit = self._edit()
        if before is not None:
            edit.setDateTime(before)
        line = edit.lineEdit()
        if line is not None:
            line.setText(
                edit.textFromDateTime(edit.dateTime())
                if edit.dateTime() != edit.minimumDateTime()
                else edit.specialValueText()
            )

    def _reset(self) -> None:
        self._buffer = ""
        self._before = None

    def _edit(self) -> QDateTimeEdit:
        assert isinstance(self, QDateTimeEdit)
        return self


class IsoDateTimeEdit(_IsoTyping, QDateTimeEdit):
    """A date-time edit that takes typed or pasted ISO dates.

    Signals:
        isoEntered(object): a :class:`~app.domain.dates.WallClock` typed or pasted (with its offset).
        entryStarted(): a typed or pasted entry begins (the field makes it a new undo step).
    """

    isoEntered = Signal(object)
    entryStarted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._iso_setup()
        self.typed: WallClock | None = None  # the last ISO text typed or pasted, with its offset

    def _started(self) -> None:
        self.entryStarted.emit()

    def _apply(self, found: WallClock) -> None:
        self.typed = found
        value = found.value
        if found.date_only:
            current = self.dateTime()
            keep = current.time() if current != self.minimumDateTime() else QTime(0, 0)
            self.setDateTime(QDateTime(QDate(value.year, value.month, value.day), keep, self.timeZone()))
        else:
            self.setDateTime(_qt(value, self))
        self.isoEntered.emit(found)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._iso_key(event):
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._reset()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._finish()
        super().focusOutEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        self._finish()
        return QWidget.focusNextPrevChild(self, next)


class IsoDateEdit(_IsoTyping, QDateEdit):
    """A date edit that takes typed or pasted ISO dates (a time typed with it is ignored)."""

    isoEntered = Signal(object)
    entryStarted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._iso_setup()

    def _started(self) -> None:
        self.entryStarted.emit()

    def _apply(self, found: WallClock) -> None:
        value = found.value
        self.setDate(QDate(value.year, value.month, value.day))
        self.isoEntered.emit(found)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._iso_key(event):
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._reset()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._finish()
        super().focusOutEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        self._finish()
        return QWidget.focusNextPrevChild(self, next)


def _qt(value: datetime, edit: QDateTimeEdit) -> QDateTime:
    day = QDate(value.year, value.month, value.day)
    clock = QTime(value.hour, value.minute, value.second, value.microsecond // 1000)
    return QDateTime(day, clock, edit.timeZone())
