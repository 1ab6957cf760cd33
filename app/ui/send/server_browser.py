"""Send › On the server…: the promotions and target groups on the chosen profile's server.

The kind, a search text and a status filter choose what is listed; the list comes a page at a
time, read off the GUI thread with a busy bar and Cancel (a late answer to a cancelled or older
request is dropped). Open (Enter, a double-click) fetches the selected one and opens it as a draft
that remembers where it came from (:class:`~app.services.live.LiveCopy`): its status strip, its
lifecycle steps and its update go back there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.api_result import ApiResult, said
from app.services.live import LiveCopy, LiveService, ServerPage, ServerRow, live_kinds
from app.ui.common.workers import run_in_background
from app.ui.widgets.dialogs import alive

if TYPE_CHECKING:
    from app.services.profiles import Profile

COLUMNS = ("Name", "Status", "Starts", "Ends", "Last change", "Id", "More")
PAGE_SIZE = 20
ANY_STATUS = "Any status"


def _shown_status(value: str) -> str:
    return value.replace("_", " ").capitalize() if value else ""


def _shown_time(value: str) -> str:
    """``2027-01-01T00:00:00+05:30`` as ``2027-01-01 00:00`` (the whole text is in the tooltip)."""
    if len(value) >= 16 and value[10] == "T":
        return f"{value[:10]} {value[11:16]}"
    return value


class ServerBrowser(QDialog):
    """The list of one kind on one profile's server; ``opened`` gets each fetched copy.

    Args:
        service: the window's live service (its sender's clients and credentials).
        profile: the server to browse (the profile chosen in the window).
        opened: called with the :class:`LiveCopy` of the row opened.
    """

    def __init__(
        self,
        service: LiveService,
        profile: Profile,
        opened: Callable[[LiveCopy], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.profile = profile
        self._opened = opened
        self.generation = 0
        self.page = 0
        self.last: ServerPage | None = None
        self.rows: list[ServerRow] = []
        self.setWindowTitle(f"On the server: {profile.name}")
        self.kinds = live_kinds()
        self.kind_box = QComboBox(self)
        for live in self.kinds:
            self.kind_box.addItem(f"{live.what[0].upper()}{live.what[1:]}s", live.kind)
        promotions = next((i for i, live in enumerate(self.kinds) if live.searchable), 0)
        self.kind_box.setCurrentIndex(promotions)  # the kind new milestones are made as
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Name contains…")
        self.search.setClearButtonEnabled(True)
        self.status_box = QComboBox(self)
        self.find_button = QPushButton("&Find", self)
        self.find_button.setToolTip("List what matches (Enter in the search field does the same)")
        self.table = QTableView(self)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setModel(self.model)
        self.table.setAccessibleName("What the server holds")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(14)
        self.busy.setAccessibleName("Waiting for the server")
        self.busy.hide()
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setToolTip("Stop waiting for this answer")
        self.cancel_button.hide()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.previous_button = QPushButton("◀ &Previous", self)
        self.next_button = QPushButton("&Next ▶", self)
        self.page_label = QLabel(self)
        self.buttons = QDialogButtonBox(self)
        self.open_button = self.buttons.addButton("&Open as draft", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setToolTip(
            "Fetch the selected one and open it as a draft that remembers where it came from"
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.open_button.clicked.connect(self.open_selected)
        self.open_button.setDefault(True)

        filters = QHBoxLayout()
        for text, widget in (
            ("&Kind:", self.kind_box),
            ("&Search:", self.search),
            ("S&tatus:", self.status_box),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget, 2 if widget is self.search else 0)
        filters.addWidget(self.find_button)
        waiting = QHBoxLayout()
        waiting.addWidget(self.busy, 1)
        waiting.addWidget(self.cancel_button)
        pages = QHBoxLayout()
        pages.addWidget(self.previous_button)
        pages.addWidget(self.page_label, 1, Qt.AlignmentFlag.AlignCenter)
        pages.addWidget(self.next_button)
        where = QLabel(f"{profile.name} ({profile.host_label})", self)
        where.setObjectName("serverLabel")
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(waiting)
        layout.addWidget(self.message)
        layout.addLayout(pages)
        layout.addWidget(self.buttons)

        self.kind_box.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.status_box.currentIndexChanged.connect(lambda _i: self.find_matching())
        self.find_button.clicked.connect(self.find_matching)
        self.previous_button.clicked.connect(lambda: self.load(self.page - 1))
        self.next_button.clicked.connect(lambda: self.load(self.page + 1))
        self.cancel_button.clicked.connect(self.cancel)
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._update_buttons())
        self.resize(980, 560)
        self._kind_changed()

    # what is listed -------------------------------------------------------------------------

    @property
    def kind(self) -> str:
        return str(self.kind_box.currentData())

    @property
    def status(self) -> str:
        value = self.status_box.currentData()
        return str(value) if value else ""

    def _kind_changed(self) -> None:
        live = self.kinds[self.kind_box.currentIndex()] if self.kinds else None
        self.status_box.blockSignals(True)
        self.status_box.clear()
        self.status_box.addItem(ANY_STATUS, "")
        for status in live.statuses if live else ():
            self.status_box.addItem(_shown_status(status), status)
        self.status_box.blockSignals(False)
        self.find_matching()

    def find_matching(self) -> None:
        """List the first page of what matches the kind, search and status."""
        self.load(0)

    def load(self, page: int) -> None:
        """Ask for one page, off the GUI thread; an older request's answer is dropped."""
        if page < 0:
            return
        self.generation += 1
        generation = self.generation
        self._waiting(True, f"Asking {self.profile.name} for page {page + 1}…")
        task = run_in_background(
            self.service.page, self.profile, self.kind, self.search.text(), self.status, page, PAGE_SIZE
        )
        task.signals.finished.connect(lambda answer: self._listed(generation, page, answer))
        task.signals.failed.connect(
            lambda exc: self._failed(generation, f"The list could not be read: {exc}")
        )

    def cancel(self) -> None:
        """Stop waiting: the answer, when it comes, is dropped."""
        self.generation += 1
        self._waiting(False, "Cancelled; the list shows what it showed before.")

    def _waiting(self, waiting: bool, text: str = "") -> None:
        self.busy.setVisible(waiting)
        self.cancel_button.setVisible(waiting)
        self.message.setText(text)
        self._update_buttons(waiting)

    def _current(self, generation: int) -> bool:
        """Whether an answer is still wanted: the dialog is open and no newer request was made."""
        return alive(self) and generation == self.generation

    def _listed(self, generation: int, page: int, answer: ServerPage | ApiResult) -> None:
        if not self._current(generation):
            return
        if isinstance(answer, ApiResult):
            self._failed(generation, f"{self.profile.name} did not list them: {said(answer)}")
            return
        self.page = page
        self.last = answer
        self.rows = list(answer.rows)
        self.model.removeRows(0, self.model.rowCount())
        for row in self.rows:
            cells = [
                row.name,
                _shown_status(row.status),
                row.starts,
                row.ends,
                row.changed,
                row.id,
                row.detail,
            ]
            items = [QStandardItem(text) for text in cells]
            for item in items:
                item.setEditable(False)
                item.setToolTip(item.text())
            self.model.appendRow(items)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        total = f" of {answer.pages}" if answer.pages else ""
        self.page_label.setText(f"Page {page + 1}{total}")
        count = f"{answer.total} found" if answer.total is not None else f"{len(self.rows)} on this page"
        self._waiting(False, count if self.rows else "Nothing matches.")
        if self.rows:
            self.table.setCurrentIndex(self.model.index(0, 0))
            self.table.selectRow(0)
        self._update_buttons()

    def _failed(self, generation: int, text: str) -> None:
        if not self._current(generation):
            return
        self._waiting(False, text)

    def _update_buttons(self, waiting: bool | None = None) -> None:
        waiting = self.busy.isVisible() if waiting is None else waiting
        self.previous_button.setEnabled(not waiting and self.page > 0)
        self.next_button.setEnabled(not waiting and self.last is not None and self.last.has_next)
        self.open_button.setEnabled(not waiting and self.selected() is not None)
        self.find_button.setEnabled(not waiting)

    # opening --------------------------------------------------------------------------------

    def selected(self) -> ServerRow | None:
        index = self.table.currentIndex()
        row = index.row() if index.isValid() else -1
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def open_selected(self) -> None:
        """Fetch the selected row and hand its copy over (the dialog closes once it is opened)."""
        row = self.selected()
        if row is None:
            return
        self.generation += 1
        generation = self.generation
        self._waiting(True, f"Fetching {row.name or row.id}…")
        task = run_in_background(self.service.fetch, self.profile, self.kind, row.id)
        task.signals.finished.connect(lambda answer: self._fetched(generation, row, answer))
        task.signals.failed.connect(lambda exc: self._failed(generation, f"It could not be fetched: {exc}"))

    def _fetched(self, generation: int, row: ServerRow, answer: LiveCopy | ApiResult) -> None:
        if not self._current(generation):
            return
        if isinstance(answer, ApiResult):
            self._failed(generation, f"{row.name or row.id} could not be fetched: {said(answer)}")
            return
        self._waiting(False)
        self.accept()
        self._opened(answer)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.search.hasFocus():
            self.find_matching()  # Enter in the search field finds; elsewhere it opens (the default button)
            return
        super().keyPressEvent(event)
