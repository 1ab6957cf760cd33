"""The targets as a list: one row per target, named, with a mark when it has problems."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QObject, Qt

from app.domain.enums import label
from app.domain.problems import Problem, Severity
from app.domain.target_groups.models import Target
from app.domain.wirepath import split_item
from app.ui.document.document import PayloadDocument
from app.ui.editors.target_groups.document import group_of
from app.ui.widgets.indexes import ROOT_INDEX, AnyIndex
from app.ui.widgets.problem_marks import problem_tooltip, severity_color, severity_icon, worst_severity

_SHOWN_FIELDS = ("name", "targetEntity", "targetType")


class TargetsListModel(QAbstractListModel):
    """Rows are ``group_of(document).targets``; the text is the target's name."""

    def __init__(self, document: PayloadDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._count = len(self._targets())
        self._problems: dict[int, list[Problem]] = {}
        document.changed.connect(self._on_document_changed)

    def _targets(self) -> list[Target]:
        return group_of(self.document).targets or []

    def rowCount(self, parent: AnyIndex = ROOT_INDEX) -> int:
        return 0 if parent.isValid() else self._count

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        targets = self._targets()
        if not index.isValid() or index.row() >= min(self._count, len(targets)):
            return None
        row = index.row()
        target = targets[row]
        problems = self._problems.get(row, [])
        severity = worst_severity(problems)
        if role == Qt.ItemDataRole.DisplayRole:
            return target.name or f"(target {row + 1} has no name)"
        if role == Qt.ItemDataRole.DecorationRole:
            return severity_icon(severity) if severity else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return severity_color(Severity.ERROR) if severity is Severity.ERROR else None
        if role == Qt.ItemDataRole.ToolTipRole:
            entity = label(target.target_entity) if target.target_entity else "not chosen"
            kind = label(target.target_type) if target.target_type else "not chosen"
            text = f"Tracked on: {entity}\nMeasure: {kind}"
            return f"{text}\n\n{problem_tooltip(problems)}" if problems else text
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return f"{len(problems)} problems" if problems else "no problems"
        return None

    def _on_document_changed(self, path: str) -> None:
        if path in ("", "targets"):
            self.beginResetModel()
            self._count = len(self._targets())
            self.endResetModel()
            return
        item = split_item(path, "targets")
        if item is None or item[0] >= self._count:
            return
        row, rest = item
        if rest in _SHOWN_FIELDS:
            index = self.index(row)
            self.dataChanged.emit(index, index)

    def set_problems(self, problems: list[Problem]) -> None:
        """Mark the targets that have problems anywhere under them."""
        grouped: dict[int, list[Problem]] = {}
        for problem in problems:
            item = split_item(problem.path, "targets")
            if item is not None:
                grouped.setdefault(item[0], []).append(problem)
        changed = {row for row in grouped.keys() ^ self._problems.keys()}
        changed |= {
            row for row in grouped.keys() & self._problems.keys() if grouped[row] != self._problems[row]
        }
        self._problems = grouped
        for row in sorted(r for r in changed if r < self._count):
            index = self.index(row)
            self.dataChanged.emit(index, index)
