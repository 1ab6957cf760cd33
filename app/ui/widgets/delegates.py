"""What the tables share: a date-time editor with a calendar popup, an enum combo, cell problem marks.

The API's dates are text in several shapes (a plain ``YYYY-MM-DD``, a date-time with ``Z``,
with an offset, or with no zone at all). An operator who picks a new day in the calendar
expects the rest of the text to stay as it was, so :func:`format_like` writes the new
wall-clock value in the shape of the old text: same precision, same kind of zone suffix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from enum import StrEnum

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QDateTime,
    Qt,
    QTime,
    QTimeZone,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.domain.dates import offset_text, wall_clock, zone_or_none
from app.domain.enums import choice_label, help_text
from app.domain.problems import Problem
from app.domain.wirepath import first_step, split_item
from app.ui.widgets.indexes import AnyIndex
from app.ui.widgets.iso_date_edit import IsoDateTimeEdit
from app.ui.widgets.problem_marks import problem_tooltip, severity_brush, worst_severity

#: Text shown for "no value" in combos; choosing it clears the field (left out of the JSON).
NOT_SET_TEXT = "(not set)"

_DATE_FORMAT = "yyyy-MM-dd"
_DATETIME_FORMAT = "yyyy-MM-dd HH:mm:ss.zzz"


def split_wire_datetime(text: str | None) -> tuple[datetime, bool, str | None] | None:
    """Read a wire date-time as ``(wall clock, date only, zone suffix)`` (:func:`app.domain.dates.wall_clock`)."""
    found = wall_clock(text)
    return None if found is None else (found.value, found.date_only, found.suffix)


def format_like(original: str | None, wall: datetime, zone_name: str | None) -> str:
    """Write ``wall`` in the shape of ``original`` (see the module docstring).

    * A plain date stays a plain date.
    * ``Z`` stays ``Z``; no zone stays no zone.
    * An offset that was the group zone's offset at the old time follows the zone to
      the new time (a period moved across a clock change gets the right offset);
      any other offset is kept exactly.
    * With nothing to imitate, the group's zone gives the offset (``Z`` without a zone).
    """
    parts = split_wire_datetime(original)
    zone = zone_or_none(zone_name)
    if parts is not None and parts[1]:
        return wall.date().isoformat()
    stamp = wall.isoformat(timespec="milliseconds")
    if parts is None:
        if zone is None:
            return stamp + "Z"
        return stamp + offset_text(zone.utcoffset(wall) or timedelta(0))
    old_wall, _, suffix = parts
    if suffix is None or suffix == "Z":
        return stamp + (suffix or "")
    if zone is not None and offset_text(zone.utcoffset(old_wall) or timedelta(0)) == suffix:
        return stamp + offset_text(zone.utcoffset(wall) or timedelta(0))
    return stamp + suffix


def _to_qdatetime(value: datetime) -> QDateTime:
    return QDateTime(
        QDate(value.year, value.month, value.day),
        QTime(value.hour, value.minute, value.second, value.microsecond // 1000),
        QTimeZone.utc(),
    )


def _from_qdatetime(value: QDateTime) -> datetime:
    day, clock = value.date(), value.time()
    return datetime(
        day.year(), day.month(), day.day(), clock.hour(), clock.minute(), clock.second(), clock.msec() * 1000
    )


class DateTimeDelegate(QStyledItemDelegate):
    """Edits a wire date-time cell with a calendar popup, keeping the text's shape and offset.

    Text that is not a date at all (e.g. from a hand-edited file) opens in a plain line
    edit, so the operator sees exactly what is there and can correct it.

    Args:
        zone_name: returns the group's time zone (used for offsets of new values).
        end_columns: columns holding an end date; an empty one starts at 23:59:59.999.
    """

    def __init__(
        self,
        zone_name: Callable[[], str | None],
        end_columns: Iterable[int] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._zone_name = zone_name
        self._end_columns = frozenset(end_columns)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        text = index.data(Qt.ItemDataRole.EditRole)
        if text and split_wire_datetime(text) is None:
            line = QLineEdit(parent)
            line.setAccessibleName("Date text")
            return line
        editor = IsoDateTimeEdit(parent)
        editor.setTimeZone(QTimeZone.utc())
        editor.setCalendarPopup(True)
        parts = split_wire_datetime(text)
        editor.setDisplayFormat(_DATE_FORMAT if parts and parts[1] else _DATETIME_FORMAT)
        editor.setAccessibleName("Date and time")
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QLineEdit):
            editor.setText(text)
            return
        assert isinstance(editor, QDateTimeEdit)
        parts = split_wire_datetime(text)
        if parts is not None:
            wall = parts[0]
        else:
            today = datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
            wall = today
            if index.column() in self._end_columns:
                wall = today.replace(hour=23, minute=59, second=59, microsecond=999000)
        editor.setDateTime(_to_qdatetime(wall))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text().strip() or None, Qt.ItemDataRole.EditRole)
            return
        assert isinstance(editor, QDateTimeEdit)
        original = index.data(Qt.ItemDataRole.EditRole)
        wall = _from_qdatetime(editor.dateTime())
        new_text = format_like(original, wall, self._zone_name())
        typed = editor.typed if isinstance(editor, IsoDateTimeEdit) else None
        if typed is not None and typed.suffix is not None and not typed.date_only:
            new_text = wall.isoformat(timespec="milliseconds") + typed.suffix  # the offset pasted
        if new_text != original:
            model.setData(index, new_text, Qt.ItemDataRole.EditRole)


class EnumComboDelegate(QStyledItemDelegate):
    """Edits an enum cell with a combo of readable labels (wire value and help as tooltip).

    The model's EditRole holds the enum member or ``None``; choosing "(not set)" writes ``None``.

    Args:
        members: the choices, in the order to offer them.
        allow_empty: offer "(not set)".
    """

    def __init__(
        self, members: Iterable[StrEnum], allow_empty: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._members = list(members)
        self._allow_empty = allow_empty

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        combo = QComboBox(parent)
        fill_enum_combo(combo, self._members, self._allow_empty)
        combo.setAccessibleName(str(index.model().headerData(index.column(), Qt.Orientation.Horizontal)))
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        current = index.data(Qt.ItemDataRole.EditRole)
        found = editor.findData(current.value if isinstance(current, StrEnum) else None)
        editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        wire = editor.currentData()
        member = next((m for m in self._members if m.value == wire), None)
        if member != index.data(Qt.ItemDataRole.EditRole):
            model.setData(index, member, Qt.ItemDataRole.EditRole)


def fill_enum_combo(combo: QComboBox, members: Iterable[StrEnum], allow_empty: bool = True) -> None:
    """Fill a combo with readable labels; item data is the wire value (``None`` for "(not set)")."""
    combo.clear()
    if allow_empty:
        combo.addItem(NOT_SET_TEXT, None)
        combo.setItemData(0, "Leave the field out of the payload.", Qt.ItemDataRole.ToolTipRole)
    for member in members:
        combo.addItem(choice_label(member), member.value)
        tip = help_text(member)
        combo.setItemData(combo.count() - 1, tip or member.value, Qt.ItemDataRole.ToolTipRole)


class CellProblems:
    """The problems of one table's cells, found from wire paths under the table's list path.

    ``periods[3].startDate`` lands on row 3 in the column of ``startDate``; a path that
    names the row but not a known field lands in ``default_column``. Kept as a dict so a
    cell's ``data()`` stays a lookup with 366 rows.

    Args:
        columns: wire field name -> column.
        default_column: where row problems without a known field go.
    """

    def __init__(self, columns: dict[str, int], default_column: int = 0) -> None:
        self._columns = columns
        self._default_column = default_column
        self._cells: dict[tuple[int, int], list[Problem]] = {}

    def update(self, list_path: str | None, problems: Iterable[Problem]) -> set[int]:
        """Take the problems under ``list_path`` (none when ``None``); return the rows whose marks changed."""
        cells: dict[tuple[int, int], list[Problem]] = {}
        if list_path is not None:
            for problem in problems:
                item = split_item(problem.path, list_path)
                if item is None:
                    continue
                column = self._columns.get(first_step(item[1]), self._default_column)
                cells.setdefault((item[0], column), []).append(problem)
        changed = {row for row, _ in cells.keys() ^ self._cells.keys()}
        changed |= {cell[0] for cell in cells.keys() & self._cells.keys() if cells[cell] != self._cells[cell]}
        self._cells = cells
        return changed

    def at(self, row: int, column: int) -> list[Problem]:
        return self._cells.get((row, column), [])

    def rows(self) -> set[int]:
        return {row for row, _ in self._cells}

    def data(self, row: int, column: int, role: int) -> object:
        """The BackgroundRole brush or ToolTipRole text of a cell with problems, else ``None``."""
        problems = self._cells.get((row, column))
        if not problems:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            severity = worst_severity(problems)
            return severity_brush(severity) if severity else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return problem_tooltip(problems)
        return None
