"""The template library view and the "Save as template" dialog.

Both are standalone dialogs the main window opens from its menus. Every disk operation
(listing, saving, renaming, duplicating, deleting, restoring) runs off the GUI thread
through :func:`~app.ui.common.workers.run_in_background`; the view refreshes when it returns.
A file the library cannot read stays in the list, marked, with the reason as its preview.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.base import WireModel
from app.domain.problems import Severity
from app.services.templates import (
    DeletedTemplate,
    Template,
    TemplateEntry,
    TemplateFolder,
    TemplateLibrary,
)
from app.ui.common.workers import run_in_background
from app.ui.document.document import PayloadDocument
from app.ui.widgets.dialogs import open_freed
from app.ui.widgets.problem_marks import error_style, severity_color

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1


def _error_text(error: object) -> str:
    return str(error) or type(error).__name__


class TemplateLibraryDialog(QDialog):
    """List, search, preview, rename, duplicate, delete (with undo) and use templates.

    Args:
        library: the library to show (the default one when omitted).
        on_new: called with the filled group and its template after "New from template"
            (the main window loads the group into a new draft).

    Signals:
        loaded(): the list was (re)filled from disk.
        operationFailed(str): a disk operation failed; the message is also shown in the view.
    """

    loaded = Signal()
    operationFailed = Signal(str)

    def __init__(
        self,
        library: TemplateLibrary | None = None,
        on_new: Callable[[WireModel, Template], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Template library")
        self.library = library or TemplateLibrary()
        self.on_new = on_new
        self.entries: list[TemplateEntry] = []
        self.deleted: list[DeletedTemplate] = []
        self._select_after_load: str | None = None
        self.form_dialog: QDialog | None = None  # the placeholder form of New from template
        self._notice = ""

        self.search = QLineEdit(placeholderText="Search title, tag:…, kind:…")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.preview = QPlainTextEdit(readOnly=True)
        self.title_edit = QLineEdit()
        self.search.setAccessibleName("Search templates")
        self.list.setAccessibleName("Templates")
        self.preview.setAccessibleName("The chosen template's payload")
        self.title_edit.setAccessibleName("Title of the chosen template")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.new_button = QPushButton("New from template…")
        self.rename_button = QPushButton("Rename")
        self.duplicate_button = QPushButton("Duplicate")
        self.delete_button = QPushButton("Delete")
        self.undo_button = QPushButton("Undo delete")
        self.refresh_button = QPushButton("Refresh")
        self.close_button = QPushButton("Close")
        self.close_button.setAutoDefault(False)
        # Enter uses the chosen template (typed in the search, then Enter); in the title field it
        # renames instead (see eventFilter).
        self.new_button.setDefault(True)
        self.title_edit.installEventFilter(self)
        self._build_layout()

        self.search.textChanged.connect(self._fill_list)
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.list.itemDoubleClicked.connect(lambda _item: self._new_from_current())
        self.new_button.clicked.connect(self._new_from_current)
        self.rename_button.clicked.connect(self._rename_current)
        self.duplicate_button.clicked.connect(self._duplicate_current)
        self.delete_button.clicked.connect(self._delete_current)
        self.undo_button.clicked.connect(self._undo_delete)
        self.refresh_button.clicked.connect(self.reload)
        self.close_button.clicked.connect(self.reject)
        self._show_current()
        self.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.title_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._rename_current()
            return True  # not the dialog's default button too
        return super().eventFilter(watched, event)

    def _build_layout(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.list)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(QLabel("Title:"))
        title_row.addWidget(self.title_edit, 1)
        title_row.addWidget(self.rename_button)
        right_layout.addLayout(title_row)
        right_layout.addWidget(self.preview, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.duplicate_button, self.delete_button, self.undo_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(900, 560)

    # loading -------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Read the folders again, off the GUI thread; ``select`` a file path afterwards."""
        self._select_after_load = select
        task = run_in_background(lambda: (self.library.entries(), self.library.folders()))
        task.signals.finished.connect(self._loaded)
        task.signals.failed.connect(self._failed)

    def _loaded(self, result: tuple[list[TemplateEntry], list[TemplateFolder]]) -> None:
        self.entries, folders = result
        lines = [f.problem for f in folders if f.problem]
        self.status.setText("\n".join([*lines, self._notice] if self._notice else lines))
        self._notice = ""
        self._fill_list()
        self.loaded.emit()

    def _fill_list(self) -> None:
        query = self.search.text()
        current = self._current()
        wanted = self._select_after_load or (str(current.path) if current else None)
        self.list.blockSignals(True)
        self.list.clear()
        for entry in self.entries:
            if query and not entry.matches(query):
                continue
            item = QListWidgetItem(entry.title if entry.ok else f"⚠ {entry.path.name}")
            item.setData(ENTRY_ROLE, entry)
            item.setToolTip(
                f"{entry.title}\n{entry.kind}\n{entry.path}" if entry.ok else f"{entry.path}: {entry.problem}"
            )
            if not entry.ok:
                item.setForeground(QBrush(severity_color(Severity.ERROR)))
            self.list.addItem(item)
            if wanted and str(entry.path) == wanted:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._fit_list_width()
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._select_after_load = None
        self._show_current()

    def _fit_list_width(self) -> None:
        """Make the list wide enough for its longest title (up to half the dialog); the full title
        is in each item's tooltip when a title is longer still."""
        metrics = self.list.fontMetrics()
        widest = max(
            (metrics.horizontalAdvance(self.list.item(i).text()) for i in range(self.list.count())), default=0
        )
        wanted = widest + 2 * self.list.frameWidth() + self.list.verticalScrollBar().sizeHint().width() + 16
        sizes = self.splitter.sizes()
        total = sum(sizes)
        if total > 0 and sizes[0] < wanted:
            left = min(wanted, total // 2)
            self.splitter.setSizes([left, total - left])

    def visible_titles(self) -> list[str]:
        """The titles the list shows, top to bottom (what the operator sees)."""
        return [self.list.item(i).text() for i in range(self.list.count())]

    def select_title(self, title: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).text() == title:
                self.list.setCurrentRow(i)
                return
        raise LookupError(title)

    # preview -------------------------------------------------------------------

    def _current(self) -> TemplateEntry | None:
        item = self.list.currentItem()
        return item.data(ENTRY_ROLE) if item is not None else None

    def _show_current(self) -> None:
        entry = self._current()
        editable = entry is not None and not entry.read_only
        self.new_button.setEnabled(entry is not None and entry.ok)
        self.duplicate_button.setEnabled(entry is not None and entry.ok)
        self.rename_button.setEnabled(editable)
        self.delete_button.setEnabled(editable)
        self.title_edit.setEnabled(editable)
        self.undo_button.setEnabled(bool(self.deleted))
        self.title_edit.setText(entry.title if entry and entry.ok else "")
        self.preview.setPlainText(preview_text(entry) if entry else "")

    # operations ----------------------------------------------------------------

    def _run(self, fn: Callable[..., Any], *args: Any, then: Callable[[Any], None]) -> None:
        task = run_in_background(fn, *args)
        task.signals.finished.connect(then)
        task.signals.failed.connect(self._failed)

    def _failed(self, error: object) -> None:
        message = _error_text(error)
        self.status.setText(message)
        self.operationFailed.emit(message)

    def _rename_current(self) -> None:
        entry = self._current()
        if entry is not None:
            self._run(self.library.rename, entry, self.title_edit.text(), then=lambda p: self.reload(str(p)))

    def _duplicate_current(self) -> None:
        entry = self._current()
        if entry is not None:
            self._run(self.library.duplicate, entry, then=lambda p: self.reload(str(p)))

    def _delete_current(self) -> None:
        entry = self._current()
        if entry is not None:
            self._run(self.library.delete, entry, then=self._deleted)

    def _deleted(self, record: DeletedTemplate) -> None:
        self.deleted.append(record)
        self._notice = f"Deleted {record.original.name}. Undo delete puts it back."
        self.reload()

    def _undo_delete(self) -> None:
        if self.deleted:
            record = self.deleted.pop()
            self._run(self.library.restore, record, then=lambda p: self.reload(str(p)))

    def _new_from_current(self) -> None:
        entry = self._current()
        if entry is None or entry.template is None:
            return
        from app.ui.templates.new_from_template_dialog import NewFromTemplateDialog

        dialog = NewFromTemplateDialog(entry.template, self)
        dialog.accepted.connect(lambda: self._use(dialog))
        self.form_dialog = open_freed(dialog, self.form_dialog)

    def _use(self, dialog: Any) -> None:
        if self.on_new is not None and dialog.filled is not None:
            self.on_new(dialog.filled.model, dialog.template)
        self.accept()


def preview_text(entry: TemplateEntry) -> str:
    """What the preview pane shows: the reason for an unusable file, else the details and the JSON."""
    if entry.template is None:
        return f"This file cannot be used and is left as it is.\n\n{entry.path}\n{entry.problem}"
    template = entry.template
    lines = [template.meta.title, entry.kind, f"From: {entry.folder.label} ({entry.path})"]
    if template.migrated:
        lines.append("Older format: read as current; saved in the current format when you rename it.")
    if template.meta.description:
        lines += ["", template.meta.description]
    if template.meta.tags:
        lines.append("Tags: " + ", ".join(template.meta.tags))
    if template.placeholders:
        lines += ["", "Asks for: " + ", ".join(p.label for p in template.placeholders)]
    lines += ["", json.dumps(template.payload, indent=2, ensure_ascii=False)]
    return "\n".join(lines)


class SaveTemplateDialog(QDialog):
    """ "Save as template": a title, a description and tags for the document's current payload.

    The usual placeholders are offered (a name, and a start date and a number of cycles when the
    periods can be re-planned). Saving runs off the GUI thread; a refusal (something like a
    credential in the payload) is shown in the dialog, which stays open.

    Signals:
        saved(str): the path written.
    """

    saved = Signal(str)

    def __init__(
        self, document: PayloadDocument, library: TemplateLibrary | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save as template")
        self.document = document
        self.library = library or TemplateLibrary()
        self.title_edit = QLineEdit(document.title)
        self.description_edit = QLineEdit(str(getattr(document.model, "description", None) or ""))
        self.tags_edit = QLineEdit(placeholderText="comma-separated, e.g. monthly, sales")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(error_style())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        form = QFormLayout(self)
        form.addRow("Title", self.title_edit)
        form.addRow("Description", self.description_edit)
        form.addRow("Tags", self.tags_edit)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def save(self) -> None:
        title = self.title_edit.text().strip()
        if not title:
            self.error.setText("Give the template a title.")
            return
        tags = [t for t in self.tags_edit.text().split(",") if t.strip()]
        template = Template.from_group(self.document.model, title, self.description_edit.text(), tags)
        self.buttons.setEnabled(False)
        task = run_in_background(self.library.save, template)
        task.signals.finished.connect(self._saved)
        task.signals.failed.connect(self._failed)

    def _saved(self, path: object) -> None:
        self.saved.emit(str(path))
        self.accept()

    def _failed(self, error: object) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(_error_text(error))
