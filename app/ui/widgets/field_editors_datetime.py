"""Date-time and time zone editors: offsets kept as written, every IANA zone searchable.

:class:`DateTimeField` edits the wall-clock time and keeps the UTC offset beside it
(``+05:30``, ``Z`` or none), so editing never moves a value to another zone.
:class:`TimeZoneField` is an editable combo over every IANA zone; the ~600 names and the
completer over them are filled the first time the operator uses the field (focus, typing
or opening the list), not when the form is built. Both are re-exported by
:mod:`app.ui.widgets.field_widgets`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, QRegularExpression, QTime, QTimeZone
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QWidget,
)

from app.domain.dates import WallClock, known_zones, wall_clock, zone_or_none
from app.ui.widgets.field_editor_base import NOT_SET, FieldEditor
from app.ui.widgets.iso_date_edit import IsoDateTimeEdit
from app.ui.widgets.zone_picker import ZoneCompleter, resolve_zone

_DATE_FORMAT = "yyyy-MM-dd HH:mm:ss.zzz"
_UTC = QTimeZone(QTimeZone.Initialization.UTC)
_UNSET_DATE = QDateTime(QDate(1900, 1, 1), QTime(0, 0), _UTC)


class _FirstUse(QObject):
    """Calls back once, when the watched widgets are first focused, typed into or clicked."""

    _EVENTS = (QEvent.Type.FocusIn, QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress)

    def __init__(self, callback: Callable[[], None], *widgets: QWidget) -> None:
        super().__init__(widgets[0])
        self._callback: Callable[[], None] | None = callback
        self._widgets = widgets
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._callback is not None and event.type() in self._EVENTS:
            callback, self._callback = self._callback, None
            for widget in self._widgets:
                widget.removeEventFilter(self)
            callback()
        return False


class _ZoneCombo(QComboBox):
    """The zone combo; opening its list fills it first."""

    def __init__(self, fill: Callable[[], None], parent: QWidget) -> None:
        super().__init__(parent)
        self._fill = fill

    def showPopup(self) -> None:
        self._fill()
        super().showPopup()


class TimeZoneField(FieldEditor):
    """An editable combo of every IANA zone; typing filters by any part of the name.

    The zone names are added on first use (see the module docstring); until then the combo
    shows the value as text, which is all a form that is only looked at needs.
    """

    editor: QComboBox

    def _build_editor(self) -> QWidget:
        self.zones_filled = False
        combo = _ZoneCombo(self.fill_zones, self)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = combo.lineEdit()
        assert line is not None
        line.setPlaceholderText("Search, e.g. Kolkata")
        completer = ZoneCompleter(combo.model(), combo)
        combo.setCompleter(completer)
        combo.textActivated.connect(lambda text: self.commit(text.strip() or None))
        completer.activated.connect(lambda text: self.commit(text.strip() or None))
        line.editingFinished.connect(self.finish_typing)
        _FirstUse(self.fill_zones, combo, line)
        return combo

    def finish_typing(self) -> None:
        """Take what was typed: a zone named in any case, or the one zone a fragment matches."""
        if self._updating:
            return
        completer = self.editor.completer()
        if isinstance(completer, ZoneCompleter):
            completer.hide_list()
        typed = self.editor.currentText()
        zone = resolve_zone(typed, known_zones())
        if zone != typed:
            self.editor.setEditText(zone)
        self.commit(zone or None)

    def focus_left(self) -> None:
        self.finish_typing()  # leaving the field by Tab or a click always keeps the zone
        super().focus_left()

    def fill_zones(self) -> None:
        """Add every IANA zone to the list and the completer (once), keeping the text shown."""
        if self.zones_filled:
            return
        self.zones_filled = True
        text = self.editor.currentText()
        self._updating = True
        try:
            self.editor.addItems(sorted(known_zones()))
            self.editor.setCurrentIndex(self.editor.findText(text) if text else -1)
            self.editor.setEditText(text)
        finally:
            self._updating = False

    def _show_value(self, value: Any) -> None:
        text = value or ""
        if self.editor.currentText() != text:
            row = self.editor.findText(text) if text else -1
            self.editor.setCurrentIndex(row)
            self.editor.setEditText(text)


class DateTimeField(FieldEditor):
    """A date-time with its UTC offset kept as written (``+05:30``, ``Z`` or none).

    Editing the date or time never changes the offset; a new value takes the offset of the
    group's time zone at that date (``default_offset``), so the JSON keeps the operator's zone.
    """

    editor: QDateTimeEdit

    def __init__(self, *args: Any, default_offset: Callable[[datetime], str] | None = None, **kw: Any):
        self.default_offset = default_offset
        super().__init__(*args, **kw)

    def _build_editor(self) -> QWidget:
        edit = IsoDateTimeEdit(self)
        edit.isoEntered.connect(self._typed_offset)
        edit.entryStarted.connect(self.start_entry)
        edit.setDisplayFormat(_DATE_FORMAT)
        edit.setCalendarPopup(True)
        edit.setMinimumDateTime(_UNSET_DATE)
        edit.setSpecialValueText(NOT_SET)
        edit.setTimeZone(_UTC)  # wall-clock time as written; the offset is kept beside it
        edit.dateTimeChanged.connect(lambda _value: self._commit_parts(merge=True))
        self.offset = QLineEdit(self)
        self.offset.setPlaceholderText("+00:00")
        self.offset.setMaximumWidth(self.offset.fontMetrics().horizontalAdvance("+00:00") + 24)
        self.offset.setAccessibleName("UTC offset")
        self.offset.setToolTip("UTC offset kept with the value: +05:30, -04:00, Z, or empty for none.")
        pattern = QRegularExpression(r"Z|[+-]\d{0,2}(:\d{0,2})?")
        self.offset.setValidator(QRegularExpressionValidator(pattern, self.offset))
        self.offset.textEdited.connect(lambda _text: self._commit_parts(merge=True))
        self.clear_button = QToolButton(self)
        self.clear_button.setText("✕")
        self.clear_button.setToolTip("Clear this date (leave it out of the JSON)")
        self.clear_button.setAccessibleName("Clear date")
        self.clear_button.clicked.connect(lambda: self.commit(None))
        return edit

    def _typed_offset(self, found: WallClock) -> None:
        """An ISO date typed or pasted with an offset keeps that offset (``...+05:30``)."""
        if found.suffix is not None and self.offset.text() != found.suffix:
            self.offset.setText(found.suffix)
            self._commit_parts(merge=True)

    def _editor_row(self) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.offset)
        layout.addWidget(self.clear_button)
        return row

    def _commit_parts(self, merge: bool) -> None:
        if self._updating:
            return
        moment = self.editor.dateTime()
        if moment == _UNSET_DATE:
            self.commit(None)
            return
        naive = _to_naive(moment)
        offset = self.offset.text().strip()
        if not offset and self.document.value(self.path) is None and self.default_offset:
            offset = self.default_offset(naive)
            self._updating = True
            self.offset.setText(offset)
            self._updating = False
        if offset and offset != "Z" and len(offset) != 6:
            return  # half-typed offset: wait for the rest
        self.commit(naive.isoformat(timespec="milliseconds") + offset, merge=merge)

    def _show_value(self, value: Any) -> None:
        parsed = split_offset(value) if isinstance(value, str) else None
        if parsed is None:
            self.editor.setDateTime(_UNSET_DATE)
            today = QDateTime.currentDateTime().date()
            self.editor.calendarWidget().setCurrentPage(today.year(), today.month())
            if value is None:
                self.offset.clear()
            return
        naive, offset = parsed
        if _to_naive(self.editor.dateTime()) != naive:
            self.editor.setDateTime(_to_qt(naive))
        if self.offset.text() != offset:
            self.offset.setText(offset)


def _to_naive(moment: QDateTime) -> datetime:
    day, clock = moment.date(), moment.time()
    return datetime(
        day.year(), day.month(), day.day(), clock.hour(), clock.minute(), clock.second(), clock.msec() * 1000
    )


def _to_qt(naive: datetime) -> QDateTime:
    day = QDate(naive.year, naive.month, naive.day)
    clock = QTime(naive.hour, naive.minute, naive.second, naive.microsecond // 1000)
    return QDateTime(day, clock, _UTC)


def split_offset(text: str) -> tuple[datetime, str] | None:
    """``"2026-01-01T10:30:00+05:30"`` -> (naive 2026-01-01 10:30, ``"+05:30"``); ``None`` if unreadable."""
    found = wall_clock(text)
    if found is None or found.date_only:
        return None if found is None else (found.value, "")
    return found.value, found.suffix or ""


def zone_offset(zone_name: str | None, moment: datetime) -> str:
    """The offset of an IANA zone at a local time (``""`` when the zone is unknown)."""
    zone = zone_or_none(zone_name)
    if zone is None:
        return ""
    parsed = split_offset(moment.replace(tzinfo=zone).isoformat())
    return parsed[1] if parsed else ""
