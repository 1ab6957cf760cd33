"""Bulk create: Templates › Bulk create…, and the offer to go on with a run that did not finish.

The window makes one :class:`BulkFeature`, handing it what it needs from sending as
:class:`~app.ui.bulk.hooks.BulkHooks` (the sender, the chosen profile, the history link, and
a way to choose a profile), so this folder does not import the send feature. Shortly after the
window is up, the journal is read off the GUI thread; a run with rows still pending, sending or
unknown (the window closed, the app crashed, Ctrl+C on ``tgb bulk``) is offered back:
Resume opens Bulk create with those rows, Not now asks again next start, Forget drops the run
from the journal.

Test and automation switch: the environment variable ``TGB_RESUME_BULK`` answers the offer
without showing it (``resume`` the oldest run, ``forget`` them all, ``later``). It is read only
when set; operators never need it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from app.ui.bulk.hooks import BulkHooks
from app.ui.common.workers import run_in_background
from app.ui.widgets.dialogs import open_freed

if TYPE_CHECKING:
    from app.ui.bulk.dialog import BulkDialog
    from app.ui.common.context import WindowContext

RESUME_ENV = "TGB_RESUME_BULK"
#: How long after the window is built the journal is read (the window first becomes usable).
OFFER_DELAY_MS = 400


class BulkFeature(QObject):
    """The Bulk create action, its dialog and the resume offer.

    Args:
        context: the window's context.
        hooks: what bulk needs from sending.
        select_profile: chooses a profile by name in the window's "Send to" box (false: none).
        journal_path: the journal (the default, beside the history, when omitted).

    Signals:
        unfinished(list): the unfinished runs found at start (maybe empty).
    """

    unfinished = Signal(list)

    def __init__(
        self,
        context: WindowContext,
        hooks: BulkHooks,
        select_profile: Callable[[str], bool],
        journal_path: str | None = None,
    ) -> None:
        super().__init__(context.window)
        self.context = context
        self.hooks = hooks
        self.select_profile = select_profile
        self.journal_path = journal_path
        self.dialog: BulkDialog | None = None
        self.offer_box: QMessageBox | None = None
        self.action = context.actions.bind("bulk_create", self.open)
        context.on_close(self.close, first=True)  # before Send closes the sender the run uses
        QTimer.singleShot(OFFER_DELAY_MS, self.look_for_unfinished)

    def open(self) -> BulkDialog:
        """Templates › Bulk create…: the one Bulk create window (raised when already open)."""
        if self.dialog is None:
            from app.ui.bulk.dialog import BulkDialog  # built on first use, with what it imports
            from app.ui.common.geometry import fit_to_screen

            self.dialog = BulkDialog(self.hooks, self.context.window, self.journal_path)
            fit_to_screen(self.dialog, restored=False, preferred=self.dialog.size())
        self.dialog.set_profile(self.hooks.profile())
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def profile_changed(self) -> None:
        """The window's "Send to" choice changed: an idle Bulk create follows it."""
        dialog = self.dialog
        if dialog is not None and not (dialog.run is not None and dialog.run.running):
            dialog.set_profile(self.hooks.profile())

    # the offer ------------------------------------------------------------------

    def look_for_unfinished(self) -> None:
        task = run_in_background(_unfinished_runs, self.journal_path)
        task.signals.finished.connect(self._found)
        task.signals.failed.connect(
            lambda exc: self.context.status(f"The bulk journal could not be read: {exc}", 10000)
        )

    def _found(self, runs: list[dict[str, Any]]) -> None:
        self.unfinished.emit(runs)
        if not runs:
            return
        answer = os.environ.get(RESUME_ENV, "").strip().lower()
        if answer == "resume":
            self.resume(runs[0])
            return
        if answer == "forget":
            for run in runs:
                self.forget(run)
            return
        if answer == "later":
            return
        self.offer(runs[0], len(runs))

    def offer(self, run: dict[str, Any], count: int) -> QMessageBox:
        more = f" ({count - 1} other unfinished run(s) are offered next start.)" if count > 1 else ""
        text = (
            f"A bulk run did not finish: {run['left']} of {run['rows']} row(s) of "
            f"{Path(str(run['rowsFile'])).name} are not created yet (to {run['profile']}, started "
            f"{str(run['started'])[:16].replace('T', ' ')} UTC).{more}"
        )
        box = QMessageBox(
            QMessageBox.Icon.Question, "Go on with a bulk run?", text, parent=self.context.window
        )
        box.setInformativeText(
            "Resume shows its rows and what each one got so far; Send all goes on (rows whose outcome is "
            "unknown are looked up by name first)."
        )
        resume = box.addButton("&Resume…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Not now", QMessageBox.ButtonRole.RejectRole)
        forget = box.addButton("&Forget this run", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(resume)

        def answered() -> None:
            clicked = box.clickedButton()
            if clicked is resume:
                self.resume(run)
            elif clicked is forget:
                self.forget(run)

        box.finished.connect(lambda _result: answered())
        self.offer_box = open_freed(box)
        return box

    def resume(self, run: dict[str, Any]) -> BulkDialog | None:
        """Open Bulk create on an unfinished run (its profile chosen in the "Send to" box)."""
        if not self.select_profile(str(run["profile"])):
            self.context.show_error(
                "Bulk create",
                f"The unfinished bulk run was sent to the profile '{run['profile']}', which no longer exists. "
                "Add it again under Send › Profiles… to go on, or forget the run.",
            )
            return None
        dialog = self.open()
        dialog.resume(run)
        return dialog

    def forget(self, run: dict[str, Any]) -> None:
        run_in_background(_forget_run, self.journal_path, str(run["key"]))
        self.context.status("The unfinished bulk run was dropped from the journal.", 6000)

    def close(self) -> None:
        """The window is closing: a run stops after the rows on the wire, which are recorded first."""
        if self.dialog is not None:
            self.dialog.stop_for_exit()


def _unfinished_runs(journal_path: str | None) -> list[dict[str, Any]]:
    from app.services.bulk import Journal
    from app.services.paths import data_paths

    path = Path(journal_path) if journal_path else data_paths().bulk_journal
    if not path.exists():
        return []
    journal = Journal(path)
    try:
        return journal.unfinished_runs()
    finally:
        journal.close()


def _forget_run(journal_path: str | None, key: str) -> None:
    from app.services.bulk import Journal

    journal = Journal(journal_path)
    try:
        journal.forget_run(key)
    finally:
        journal.close()
