"""The restore offer shown at start when crashed apps left drafts: Restore / Discard / Later.

It never blocks (opened with ``open()``), so the window is usable behind it and tests can
answer it by clicking. Unreadable drafts are listed with the reason and cannot be restored
or discarded here: the file stays for the operator to rescue by hand.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.drafts import RecoverableDraft

DRAFT_ROLE = Qt.ItemDataRole.UserRole + 1


def describe(draft: RecoverableDraft) -> str:
    """One line per draft: its title, when it was saved and the file it belonged to."""
    if draft.problem is not None:
        return f"⚠ {draft.path.name} {draft.problem}"
    title = str(draft.meta.get("title") or "Untitled")
    when = (draft.saved_at or "unknown time").replace("T", " ")[:19]
    file = draft.meta.get("file")
    where = f" — from {file}" if file else " — never saved to a file"
    return f"{title} (saved {when} UTC){where}"


class RestoreDraftsDialog(QDialog):
    """Lists drafts of apps that did not exit cleanly.

    Signals:
        restoreRequested(object): the operator chose to restore this draft (the dialog closes).
        discardRequested(object): the operator dropped this draft (it leaves the list).
    """

    restoreRequested = Signal(object)
    discardRequested = Signal(object)

    def __init__(self, drafts: list[RecoverableDraft], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore unsaved work?")
        intro = QLabel(
            "Target Group Builder did not close normally last time. These drafts were autosaved; "
            "restore one, discard it, or decide later (they are kept until you do)."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        for draft in drafts:
            item = QListWidgetItem(describe(draft))
            item.setData(DRAFT_ROLE, draft)
            if draft.problem is not None:
                item.setToolTip(f"{draft.path}: {draft.problem} The file is left as it is.")
            self.list.addItem(item)
        self.buttons = QDialogButtonBox()
        self.restore_button = QPushButton("Restore")
        self.discard_button = QPushButton("Discard")
        self.later_button = QPushButton("Later")
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self._restore)
        self.discard_button.clicked.connect(self._discard)
        self.later_button.clicked.connect(self.reject)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.list.itemDoubleClicked.connect(lambda _item: self._restore())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 300)
        self.list.setCurrentRow(0)
        self._update_buttons()

    def current(self) -> RecoverableDraft | None:
        item = self.list.currentItem()
        return item.data(DRAFT_ROLE) if item is not None else None

    def _update_buttons(self) -> None:
        draft = self.current()
        usable = draft is not None and draft.problem is None
        self.restore_button.setEnabled(usable)
        self.discard_button.setEnabled(usable)

    def _restore(self) -> None:
        draft = self.current()
        if draft is not None and draft.problem is None:
            self.accept()
            self.restoreRequested.emit(draft)

    def _discard(self) -> None:
        draft = self.current()
        if draft is None or draft.problem is not None:
            return
        self.list.takeItem(self.list.currentRow())
        self.discardRequested.emit(draft)
        if self.list.count() == 0:
            self.accept()
        else:
            self._update_buttons()
