"""The promotion's activities as a Qt tree model: one row per activity, a GROUP's children below it.

Rebuilt from the document when the activities change; a rename repaints its row only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import QWidget

from app.domain.wirepath import path_affects
from app.ui.document.document import PayloadDocument
from app.ui.widgets.indexes import AnyIndex

_ROOT = QModelIndex()


@dataclass
class _Node:
    path: str
    parent: int  # -1: top level
    row: int
    children: list[int] = field(default_factory=list)


def activity_paths(activities: Any, prefix: str = "activities") -> list[tuple[str, Any]]:
    """Every activity's path and model, depth first (a GROUP before its children)."""
    out: list[tuple[str, Any]] = []
    for index, activity in enumerate(activities or []):
        path = f"{prefix}[{index}]"
        out.append((path, activity))
        out.extend(activity_paths(getattr(activity, "children", None), f"{path}.children"))
    return out


class ActivityTreeModel(QAbstractItemModel):
    """The activities as a tree: one column, "name · SINGLE|GROUP ALL|ANY"."""

    def __init__(self, document: PayloadDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.nodes: list[_Node] = []
        self.top: list[int] = []
        self._build()
        document.changed.connect(self._changed)

    def _build(self) -> None:
        self.nodes, self.top = [], []

        def walk(items: Any, prefix: str, parent: int) -> list[int]:
            ids = []
            for row, activity in enumerate(items or []):
                node_id = len(self.nodes)
                path = f"{prefix}[{row}]"
                self.nodes.append(_Node(path, parent, row))
                ids.append(node_id)
                self.nodes[node_id].children = walk(
                    getattr(activity, "children", None), f"{path}.children", node_id
                )
            return ids

        self.top = walk(getattr(self.document.model, "activities", None), "activities", -1)

    def _changed(self, path: str) -> None:
        if path_affects(path, "activities") or path.endswith(".children"):
            self.beginResetModel()
            self._build()
            self.endResetModel()
        elif path.startswith("activities") and path.rpartition(".")[2] in ("name", "type", "combinationType"):
            item = path.rpartition(".")[0]
            for node_id, node in enumerate(self.nodes):
                if node.path == item:
                    index = self.createIndex(node.row, 0, node_id)
                    self.dataChanged.emit(index, index)

    # the model ------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = _ROOT) -> QModelIndex:
        siblings = self._children_of(parent)
        if column != 0 or not 0 <= row < len(siblings):
            return QModelIndex()
        return self.createIndex(row, 0, siblings[row])

    def parent(self, child: AnyIndex = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not child.isValid():
            return QModelIndex()
        node = self.nodes[child.internalId()]
        if node.parent < 0:
            return QModelIndex()
        return self.createIndex(self.nodes[node.parent].row, 0, node.parent)

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children_of(parent))

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 1

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self.nodes[index.internalId()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            activity = self.document.value(node.path)
            name = getattr(activity, "name", None) or "(no name)"
            kind = getattr(activity, "type", None) or "?"
            combination = getattr(activity, "combination_type", None)
            if kind == "GROUP":
                kind = f"GROUP, {combination or '?'} of its children"
            return f"{name} · {kind}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return node.path
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and section == 0:
            return "Activities"
        return None

    def _children_of(self, parent: AnyIndex) -> list[int]:
        if not parent.isValid():
            return self.top
        return self.nodes[parent.internalId()].children

    def path_of(self, index: AnyIndex) -> str | None:
        return self.nodes[index.internalId()].path if index.isValid() else None

    def index_of(self, path: str) -> QModelIndex:
        for node_id, node in enumerate(self.nodes):
            if node.path == path:
                return self.createIndex(node.row, 0, node_id)
        return QModelIndex()
