"""The Problems list: every problem of the payload, where it is, and a way to go there.

:class:`ProblemsModel` is a table over the rules' problem list (one row per problem, the
:class:`~app.domain.problems.Problem` under :data:`PROBLEM_ROLE`); :class:`ProblemsView`
emits :attr:`ProblemsView.problemActivated` on double-click or Enter so the window can
take the operator to the field or cell. Locations are written with the fields' own titles
(``Targets › #1 uat_target › Target values › #4``), read from the models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.domain.base import WireModel
from app.domain.problems import Problem
from app.domain.wirepath import field_place
from app.ui.widgets.indexes import ROOT_INDEX, AnyIndex
from app.ui.widgets.problem_marks import severity_color, severity_icon, severity_word

if TYPE_CHECKING:
    from app.ui.document.document import PayloadDocument

PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1

SEVERITY, PLACE, MESSAGE = range(3)
_HEADERS = ("Severity", "Where", "Message")


describe_path = field_place  # the Problems list's name for it


#: Up to this many problems, each row is as tall as its wrapped message.
WRAPPED_ROWS = 300


class ProblemsModel(QAbstractTableModel):
    """Rows of problems; :meth:`set_problems` swaps the whole list in one cheap reset."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._problems: list[Problem] = []
        self._places: list[str] = []

    def set_problems(self, problems: list[Problem], model: WireModel | None = None) -> None:
        places = [describe_path(p.path, model) for p in problems]
        if problems == self._problems and places == self._places:
            return
        self.beginResetModel()
        self._problems = list(problems)
        self._places = places
        self.endResetModel()

    def problem(self, row: int) -> Problem:
        return self._problems[row]

    def rowCount(self, parent: AnyIndex = ROOT_INDEX) -> int:
        return 0 if parent.isValid() else len(self._problems)

    def columnCount(self, parent: AnyIndex = ROOT_INDEX) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _HEADERS[section] if 0 <= section < len(_HEADERS) else None
        return None

    def data(self, index: AnyIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._problems):
            return None
        problem = self._problems[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == SEVERITY:
                return severity_word(problem.severity)
            if column == PLACE:
                return self._places[index.row()]
            return problem.message
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{problem.message}\n\nPath: {problem.path or '(payload)'}\nCode: {problem.code}"
        if role == Qt.ItemDataRole.DecorationRole and column == SEVERITY:
            return severity_icon(problem.severity)
        if role == Qt.ItemDataRole.ForegroundRole and column == SEVERITY:
            return severity_color(problem.severity)
        if role == PROBLEM_ROLE:
            return problem
        return None


class ProblemsView(QTableView):
    """The table of problems; double-click or Enter on a row asks to go to its field."""

    problemActivated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problems_model = ProblemsModel(self)
        self.setModel(self.problems_model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)  # the whole message is read here; it wraps instead of being cut
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setAlternatingRowColors(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rows = self.verticalHeader()
        rows.hide()
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionResizeMode(SEVERITY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PLACE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(PLACE, 170)
        header.setStretchLastSection(True)
        self.problems_model.modelReset.connect(self._fit_rows)
        self.setAccessibleName("Problems")
        self.setToolTip("Double-click a problem to go to its field.")
        self.doubleClicked.connect(self._activate)

    def follow(self, document: PayloadDocument) -> None:
        """List the document's problems at every refresh (straight from the document)."""
        document.refreshed.connect(
            lambda _text, problems: self.problems_model.set_problems(problems, document.model)
        )
        self.problems_model.set_problems(document.problems, document.model)

    def _fit_rows(self) -> None:
        """Rows grow to their wrapped message; past a few hundred they stay one line (tooltip)."""
        mode = (
            QHeaderView.ResizeMode.ResizeToContents
            if self.problems_model.rowCount() <= WRAPPED_ROWS
            else QHeaderView.ResizeMode.Fixed
        )
        self.verticalHeader().setSectionResizeMode(mode)

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            self.problemActivated.emit(self.problems_model.problem(index.row()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._activate(self.currentIndex())
            return
        super().keyPressEvent(event)
