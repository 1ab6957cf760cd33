"""The history table: one row per submission, newest first (a Vorta-style row model)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import QWidget

from app.services.history import HistoryEntry
from app.ui.widgets.indexes import ROOT_INDEX, AnyIndex

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1

SENT, PROFILE, GROUP, OUTCOME, HTTP, CREATED_ID, CODES, REQUEST_ID = range(8)
HEADERS = ("Sent (UTC)", "Profile", "Name", "Outcome", "HTTP", "Id", "Error codes", "Request id")


def _cell(entry: HistoryEntry, column: int) -> Any:
    values = (
        entry.sent_at.replace("T", " ").removesuffix("Z"),
        entry.profile,
        entry.payload_name,
        entry.outcome,
        entry.http_status,
        entry.created_id,
        entry.error_codes,
        entry.request_id,
    )
    value = values[column]
    return "" if value is None else str(value)


class HistoryTableModel(QAbstractTableModel):
    """Rows of :class:`HistoryEntry`; :meth:`set_entries` swaps the list in one reset."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: list[HistoryEntry] = []

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entries(self) -> list[HistoryEntry]:
        return list(self._entries)

    def entry(self, row: int) -> HistoryEntry:
        return self._entries[row]

    def rowCount(self, parent: AnyIndex = ROOT_INDEX) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: AnyIndex = ROOT_INDEX) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: AnyIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(entry, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.message or None
        if role == ENTRY_ROLE:
            return entry
        return None
