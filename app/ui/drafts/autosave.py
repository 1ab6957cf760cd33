"""Autosave of the open payload, and the offer to restore drafts left by a crashed app.

Every running window holds a :class:`~app.services.drafts.DraftSession`. Shortly after
each change (debounced, but never later than :data:`MAX_DELAY_MS` after the first unsaved
change, so steady typing is saved too) the payload's JSON text is written off the GUI
thread, atomically, with a revision number; writes run one at a time, so an older save can
never land after a newer one. A document with nothing unsaved needs no draft: its draft is
removed. A clean close ends the session, which removes the draft; a crash or a kill leaves
it, and the next start offers it back (Restore / Discard / Later).

Test and automation switch: the environment variable ``TGB_RESTORE_DRAFTS`` answers the
restore offer without showing it (``accept`` restores the newest draft, ``discard`` removes
them all, ``later`` keeps them). It is read only when set; operators never need it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain import jsontext
from app.ui.common.workers import run_in_background

if TYPE_CHECKING:
    # The drafts service is imported by the worker that claims the session, off the GUI
    # thread, so it does not stand between the operator and a usable window.
    from app.services.drafts import DraftSession, RecoverableDraft
    from app.ui.common.context import WindowContext
    from app.ui.drafts.offer_dialog import RestoreDraftsDialog

#: Quiet time after the last change before the draft is written.
DEBOUNCE_MS = 1000
#: A draft is written at most this long after the first change it holds, even while typing.
MAX_DELAY_MS = 4000
#: The environment variable that answers the restore offer (tests, automation).
RESTORE_ENV = "TGB_RESTORE_DRAFTS"


@dataclass(frozen=True)
class _Job:
    """One disk operation of the autosave: write ``text`` (``None``: remove the draft)."""

    revision: int
    text: str | None
    meta: dict[str, Any]


class Autosave(QObject):
    """The window's autosave: owns the session, the debounce timer and the one write in flight.

    Signals:
        saved(int): a draft with this revision is on disk (or the draft was removed: -1).
        failed(str): a write failed; the message is also shown in the status bar.
        recoverable(list): drafts of crashed apps found at start (maybe empty).
    """

    saved = Signal(int)
    failed = Signal(str)
    recoverable = Signal(list)

    def __init__(self, context: WindowContext) -> None:
        super().__init__(context.window)
        self.context = context
        self.document = context.document
        self.session: DraftSession | None = None
        self.revision = 0
        self.closed = False
        self._first_unsaved: float | None = None
        self._busy = False
        self._pending = False
        self._after_write: list[Callable[[], None]] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.save_now)
        self.document.changed.connect(lambda _path: self.schedule())
        self.document.undo_stack.cleanChanged.connect(lambda _clean: self.schedule())
        self.document.fileChanged.connect(self.schedule)

    # start ---------------------------------------------------------------------

    def start(self) -> None:
        """Claim a session and look for drafts of crashed apps, off the GUI thread."""

        def claim() -> tuple[DraftSession, list[RecoverableDraft]]:
            from app.services.drafts import DraftSession, load_recoverable

            session = DraftSession.start()
            return session, load_recoverable(session.folder)

        task = run_in_background(claim)
        task.signals.finished.connect(self._started)
        task.signals.failed.connect(lambda exc: self._report(f"Autosave is off: {exc}"))

    def _started(self, result: tuple[DraftSession, list[RecoverableDraft]]) -> None:
        session, drafts = result
        if self.closed:  # the window closed before the session was ready
            run_in_background(session.close)
            return
        self.session = session
        if self.document.is_modified:
            self.save_now()
        self.recoverable.emit(drafts)

    # saving --------------------------------------------------------------------

    def schedule(self) -> None:
        """Write soon: after a quiet second, but no later than MAX_DELAY_MS after the first change."""
        if self.closed:
            return
        now = time.monotonic()
        if self._first_unsaved is None:
            self._first_unsaved = now
        left = MAX_DELAY_MS - int((now - self._first_unsaved) * 1000)
        self.timer.start(max(0, min(DEBOUNCE_MS, left)))

    def save_now(self, then: Callable[[], None] | None = None) -> None:
        """Write the current text now (or right after the write in flight); ``then`` runs once written."""
        self.timer.stop()
        self._first_unsaved = None
        if then is not None:
            self._after_write.append(then)
        if self.session is None or self.closed:
            return
        if self._busy:
            self._pending = True
            return
        self.revision += 1
        job = _Job(self.revision, self._text_to_keep(), self._meta())
        self._busy = True
        task = run_in_background(_write, self.session, job)
        task.signals.finished.connect(self._written)
        task.signals.failed.connect(self._write_failed)

    def _text_to_keep(self) -> str | None:
        return self.document.current_json() if self.document.is_modified else None

    def _meta(self) -> dict[str, Any]:
        path = self.document.file_path
        return {
            "title": self.document.title or "Untitled",
            "kind": self.document.kind.name,
            "file": str(path) if path else None,
        }

    def _written(self, revision: int) -> None:
        self._busy = False
        self.saved.emit(revision)
        self._next()

    def _write_failed(self, exc: object) -> None:
        self._busy = False
        self._report(f"Could not autosave the draft: {exc}")
        self._next()

    def _next(self) -> None:
        if self._pending:
            self._pending = False
            self.save_now()
            return
        callbacks, self._after_write = self._after_write, []
        for callback in callbacks:
            callback()

    def _report(self, message: str) -> None:
        self.context.status(message, 10000)
        self.failed.emit(message)

    def close(self) -> None:
        """A clean exit: no more writes, and the session (with its draft) is removed."""
        self.closed = True
        self.timer.stop()
        if self.session is not None:
            self.session.close()  # quick; must finish before the app exits


def _write(session: DraftSession, job: _Job) -> int:
    if job.text is None:
        session.discard()
        return -1
    session.save_draft(job.text, job.meta, job.revision)
    return job.revision


# restoring -------------------------------------------------------------------------


class DraftRestorer(QObject):
    """Offers crashed drafts once at start and loads the chosen one into the window."""

    def __init__(self, context: WindowContext, autosave: Autosave) -> None:
        super().__init__(context.window)
        self.context = context
        self.autosave = autosave
        self.dialog: RestoreDraftsDialog | None = None
        autosave.recoverable.connect(self.offer)

    def offer(self, drafts: list[RecoverableDraft]) -> None:
        usable = [d for d in drafts if d.text is not None]
        if not drafts:
            return
        answer = os.environ.get(RESTORE_ENV, "").strip().lower()
        if answer == "accept" and usable:
            self.restore(usable[0])
            return
        if answer == "discard":
            for draft in drafts:
                self.discard(draft)
            return
        if answer == "later":
            return
        from app.ui.drafts.offer_dialog import RestoreDraftsDialog

        self.dialog = RestoreDraftsDialog(drafts, self.context.window)
        self.dialog.restoreRequested.connect(self.restore)
        self.dialog.discardRequested.connect(self.discard)
        self.dialog.open()

    def discard(self, draft: RecoverableDraft) -> None:
        from app.services.drafts import discard_recoverable

        run_in_background(discard_recoverable, draft)

    def restore(self, draft: RecoverableDraft) -> None:
        """Load the draft as unsaved work; text that is not a payload goes to Edit JSON instead."""
        self.context.ask_unsaved(lambda: self._restore_now(draft))

    def _restore_now(self, draft: RecoverableDraft) -> None:
        text = draft.text or ""
        file = draft.meta.get("file")
        path = Path(file) if isinstance(file, str) and file else None
        document = self.context.document
        from app.domain.kinds import kind_of

        try:
            raw = jsontext.parse(text).value
        except jsontext.JsonTextError:
            model = None
        else:
            kind = kind_of(raw, default=document.kind.name)
            model = kind.load(raw).model
        if model is None:
            self._rescue_in_editor(draft, text)
            return
        document.load(model, path, kind)
        document.undo_stack.resetClean()  # unsaved work: the title shows it, closing asks
        self.context.status(f"Restored the draft saved {draft.saved_at or ''}.", 10000)
        # The old draft goes only once this session's own draft holds the same text.
        self.autosave.save_now(then=lambda: self.discard(draft))

    def _rescue_in_editor(self, draft: RecoverableDraft, text: str) -> None:
        dialog = self.context.edit_json(text)
        dialog.apply()  # shows what is wrong (line, column or paths) and keeps the dialog open
        dialog.accepted.connect(lambda: self.discard(draft))
        self.context.status(
            "The draft is not a valid payload; fix it in Edit JSON (it stays on disk until applied).", 15000
        )


class DraftsFeature:
    """Autosave and the restore offer of one window."""

    def __init__(self, context: WindowContext) -> None:
        self.autosave = Autosave(context)
        self.restorer = DraftRestorer(context, self.autosave)
        context.on_close(self.autosave.close)
        self.autosave.start()
