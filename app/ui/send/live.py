"""A milestone that lives on a server: Send › On the server…, its status strip, its lifecycle steps
and its update.

A draft opened from the server browser remembers its :class:`~app.services.live.LiveCopy`
(profile, id, version, status). While it is open, a strip under the toolbar says what it is, its
status and when it was fetched, and offers only the steps the lifecycle allows from there
(Submit for approval, Approve…, Reject…, Revoke, Pause, Resume, Stop…); Stop asks first and says it
is final. Fields the server will not change now are read-only, each saying why. Update (the strip's
button, or Send to the same profile) first shows the changes against the version fetched; if the
server's copy changed meanwhile, nothing is sent and the changes against the server's new version
are shown to confirm. Every call runs off the GUI thread and is in the history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QInputDialog, QLabel, QMessageBox, QToolBar, QWidget

from app.ui.common.workers import run_in_background
from app.ui.document.drafting import DraftOrigin
from app.ui.widgets.dialogs import open_freed

if TYPE_CHECKING:
    from app.services.live import LiveCopy, LiveService, Moved, Updated
    from app.services.profiles import Profile
    from app.ui.common.context import WindowContext
    from app.ui.send.feature import SendFeature
    from app.ui.send.server_browser import ServerBrowser
    from app.ui.widgets.diff_dialog import DiffDialog

#: Each lifecycle step as the strip offers it: (button text, asks for a comment, asks first).
STEPS = {
    "submit": ("Submit for approval", False, False),
    "approve": ("Approve…", True, False),
    "reject": ("Reject…", True, False),
    "revoke": ("Revoke", False, False),
    "pause": ("Pause", False, False),
    "resume": ("Resume", False, False),
    "stop": ("Stop…", False, True),
}


def live_for(kind: str) -> Any:
    from app.services.live import live_for as find

    return find(kind)


def said(result: Any) -> str:
    from app.services.api_result import said as say

    return say(result)


def _words(status: str | None) -> str:
    return (status or "no status").replace("_", " ").capitalize()


class LiveFeature(QObject):
    """Browse, the strip and the update of the window's live draft."""

    def __init__(self, context: WindowContext, send: SendFeature) -> None:
        super().__init__(context.window)
        self.context = context
        self.send = send
        self._service: LiveService | None = None
        self.browser: ServerBrowser | None = None
        self.dialog: QWidget | None = None
        self.busy = False
        self.status: str | None = None  # the status last read (a step or Refresh changes it)
        self.latest: LiveCopy | None = None  # the server's copy last read (its locks apply)
        self.browse_action = context.actions.bind("on_server", self.browse)
        self.strip = QToolBar("On the server", context.window)
        self.strip.setObjectName("liveStrip")
        self.strip.setMovable(False)
        self.strip.setAccessibleName("On the server")
        self.label = QLabel(self.strip)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.strip.addWidget(self.label)
        self.strip.addSeparator()
        self.step_actions = {verb: self.strip.addAction(text) for verb, (text, _c, _a) in STEPS.items()}
        for verb, action in self.step_actions.items():
            action.triggered.connect(lambda _checked=False, v=verb: self.step(v))
        self.strip.addSeparator()
        self.refresh_action = self.strip.addAction("Refresh")
        self.refresh_action.setToolTip("Read the status on the server again")
        self.refresh_action.triggered.connect(self.refresh)
        self.changes_action = self.strip.addAction("Changes…")
        self.changes_action.setToolTip("What this draft changes against the version fetched")
        self.changes_action.triggered.connect(self.show_changes)
        self.update_action = self.strip.addAction("Update on server…")
        self.update_action.setToolTip(
            "Send this draft back as the new version (asks first, with the changes)"
        )
        self.update_action.triggered.connect(self.update)
        context.window.addToolBarBreak()
        context.window.addToolBar(self.strip)
        self.strip.hide()
        context.document.loaded.connect(self.show_strip)
        context.document.fileChanged.connect(self.show_strip)

    @property
    def service(self) -> LiveService:
        """Made on first use: it brings in HTTP and the history, which the window does not need to start."""
        if self._service is None:
            from app.services.live import LiveService

            self._service = LiveService(self.send.send_service)
        return self._service

    @property
    def copy(self) -> LiveCopy | None:
        """The server copy the open draft came from (``None``: it did not come from a server)."""
        origin = self.context.drafts.origin
        return origin.live if origin is not None and origin.live is not None else None

    def profile(self) -> Profile | None:
        live = self.copy
        if live is None:
            return None
        try:
            return self.send.send_service.profiles.get(live.profile)
        except Exception:  # the profile was removed or renamed since: say so where it is used
            return None

    # browsing and opening -------------------------------------------------------------------

    def browse(self) -> ServerBrowser:
        from app.ui.common.geometry import fit_to_screen
        from app.ui.send.server_browser import ServerBrowser

        browser = ServerBrowser(self.service, self.send.profile, self.open_copy, self.context.window)
        fit_to_screen(browser, restored=False, preferred=browser.size())
        self.browser = open_freed(browser, self.browser)
        return browser

    def open_copy(self, live: LiveCopy) -> bool:
        """Open a fetched copy as a new draft that remembers it."""
        what = live_for(live.kind).what
        label = f"{what} {live.server_id} on {live.profile} as fetched at {live.fetched_at}"
        return self.context.drafts.open(live.payload, label, self._opened, live=live)

    def _opened(self) -> None:
        live = self.copy
        self.status = live.status if live else None
        self.latest = live
        self.show_strip()

    # the strip ------------------------------------------------------------------------------

    def show_strip(self) -> None:
        """Show the strip for a live draft (and its locks), hide it otherwise."""
        from datetime import UTC, datetime

        live = self.copy
        if live is None:
            self.strip.hide()
            self.context.document.set_locks({})
            return
        kind = live_for(live.kind)
        status = self.status or live.status
        self.label.setText(
            f"<b>{kind.what.capitalize()} {live.server_id}</b> on {live.profile}: "
            f"<b>{_words(status)}</b> · fetched {live.fetched_at.replace('T', ' ')}"
        )
        allowed = set(kind.steps(status or "")) if not self.busy else set()
        for verb, action in self.step_actions.items():
            action.setVisible(verb in allowed)
        self.update_action.setEnabled(not self.busy and kind.update is not None)
        if kind.update is None:
            self.update_action.setToolTip(f"Updating a {kind.what} on the server is not built yet")
        self.refresh_action.setEnabled(not self.busy)
        latest = self.latest if self.latest is not None and self.latest.server_id == live.server_id else live
        self.context.document.set_locks(kind.locked_paths(latest.stored, datetime.now(UTC)))
        self.strip.show()

    def _busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        if text:
            self.context.status(text, 0 if busy else 8000)
        self.show_strip()

    def refresh(self) -> None:
        """Read the status on the server again (the draft and its baseline stay as they are)."""
        live, profile = self.copy, self.profile()
        if live is None or profile is None or self.busy:
            return
        self._busy(True, f"Reading {live.label}…")
        task = run_in_background(self.service.fetch, profile, live.kind, live.server_id)
        task.signals.finished.connect(lambda answer: self._refreshed(live, answer))
        task.signals.failed.connect(lambda exc: self._failed("Refresh", str(exc)))

    def _still(self, started: LiveCopy) -> bool:
        """Whether the draft a task started for is still the one open (else its answer is dropped:
        another payload was opened meanwhile)."""
        if self.copy is started:
            return True
        self._busy(False, "An answer came for a draft that is no longer open; it was left alone.")
        return False

    def _refreshed(self, started: LiveCopy, answer: LiveCopy | Any) -> None:
        from app.services.live import LiveCopy

        if not self._still(started):
            return
        if isinstance(answer, LiveCopy):
            self.status = answer.status
            self.latest = answer
            self._busy(False, f"{answer.label}: {_words(answer.status)}.")
            self._rebase_if_unchanged(answer)
        else:
            self._failed("Refresh", said(answer))

    def _rebase_if_unchanged(self, fresh: LiveCopy) -> None:
        """With no edit of its own, the draft follows the server's new version (a step changed it).

        A draft with edits keeps the version it was fetched as: its update then finds the server
        changed and merges (nothing of the server's is overwritten unseen); only the status and the
        locks follow the server now.
        """
        live = self.copy
        if live is None or fresh.version == live.version:
            return
        document = self.context.document
        if document.model.to_wire() != live.payload or document.is_modified:
            return
        model = document.kind.load(fresh.payload).model
        if model is None:
            return
        document.load(model, None)
        document.undo_stack.resetClean()
        self._remember(fresh)

    def _remember(self, fresh: LiveCopy) -> None:
        what = live_for(fresh.kind).what
        label = f"{what} {fresh.server_id} on {fresh.profile} as fetched at {fresh.fetched_at}"
        self.context.drafts.remember(DraftOrigin(label, fresh.payload, fresh))
        self.status = fresh.status
        self.latest = fresh
        self.show_strip()

    def _failed(self, what: str, text: str) -> None:
        self._busy(False)
        self.context.show_error(what, text)

    # lifecycle ------------------------------------------------------------------------------

    def step(self, verb: str, comment: str | None = None, *, confirmed: bool = False) -> bool:
        """One lifecycle step of the live draft (asks for a comment or a confirmation first)."""
        live, profile = self.copy, self.profile()
        if live is None or self.busy:
            return False
        if profile is None:
            self.context.show_error(
                verb.capitalize(), f"The profile '{live.profile}' is gone; nothing was sent."
            )
            return False
        text, wants_comment, asks = STEPS[verb]
        if wants_comment and comment is None and not confirmed:
            self._ask_comment(verb, text)
            return False
        if asks and not confirmed:
            self._ask_stop(verb)
            return False
        self._busy(True, f"{text.rstrip('…')}: {live.label}…")
        task = run_in_background(self.service.move, profile, live, verb, comment or None)
        task.signals.finished.connect(lambda moved: self._moved(live, verb, moved))
        task.signals.failed.connect(lambda exc: self._failed(text.rstrip("…"), str(exc)))
        return True

    def _ask_comment(self, verb: str, text: str) -> None:
        dialog = QInputDialog(self.context.window)
        dialog.setWindowTitle(text.rstrip("…"))
        dialog.setLabelText("A comment for the maker (optional, at most 150 characters):")
        dialog.textValueSelected.connect(lambda value: self.step(verb, value, confirmed=True))
        self.dialog = open_freed(dialog, self.dialog)

    def _ask_stop(self, verb: str) -> None:
        live = self.copy
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Stop the promotion?",
            f"Stop {live.label if live else 'it'}? Stopping is final: a stopped promotion cannot be "
            "resumed or edited.",
            QMessageBox.StandardButton.Cancel,
            self.context.window,
        )
        stop = box.addButton("Stop it", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(lambda button: self.step(verb, confirmed=True) if button is stop else None)
        self.dialog = open_freed(box, self.dialog)

    def _moved(self, started: LiveCopy, verb: str, moved: Moved) -> None:
        if not self._still(started):
            if not moved.ok:
                self.context.show_error(STEPS[verb][0].rstrip("…"), moved.message)
            return
        if moved.status:
            self.status = moved.status
        if moved.ok:
            self._busy(False, moved.message)
            self.refresh()  # the new version (and its locks)
            return
        self._busy(False)
        codes = ""
        if moved.result is not None and moved.result.errors:
            codes = "\n\n" + "\n".join(f"{e.code}: {e.message}" for e in moved.result.errors)
        self.context.show_error(STEPS[verb][0].rstrip("…"), f"{moved.message}{codes}")

    # changes and the update -----------------------------------------------------------------

    def show_changes(self, against: LiveCopy | None = None, confirm: str | None = None) -> DiffDialog | None:
        """The draft against the version fetched (or ``against``), field by field."""
        from app.ui.widgets.diff_dialog import DiffDialog

        live = against or self.copy
        if live is None:
            return None
        document = self.context.document
        dialog = DiffDialog(
            live.payload,
            document.model.to_wire(),
            f"the server's version ({live.fetched_at})",
            "this draft",
            self.context.window,
            root=type(document.model),
            model=document.model,
            go_to=lambda path: self.context.go_to_problem(_problem_at(path)),
            confirm=confirm,
        )
        self.dialog = open_freed(dialog, self.dialog)
        return dialog

    def update(self) -> bool:
        """Update on server: show the changes against the version fetched, then send them."""
        live = self.copy
        if live is None or self.busy:
            return False
        kind = live_for(live.kind)
        if kind.update is None:
            self.context.show_error("Update", f"Updating a {kind.what} on the server is not built yet.")
            return False
        dialog = self.show_changes(confirm="Update on server")
        if dialog is None:
            return False
        if not dialog.changes:
            dialog.summary.setText(
                "This draft changes nothing against the version fetched; there is nothing to send."
            )
        dialog.accepted.connect(lambda: self.send_update(live) if dialog.confirmed else None)
        return True

    def send_update(self, live: LiveCopy) -> bool:
        """Send the draft as the new version of ``live`` (off the GUI thread)."""
        profile = self.profile()
        if profile is None:
            self.context.show_error("Update", f"The profile '{live.profile}' is gone; nothing was sent.")
            return False
        problems = [p for p in self.context.document.problems if p.is_error]
        if problems:
            self.context.show_error(
                "Update",
                f"The draft has {len(problems)} error(s); fix them first (see Problems). Nothing was sent.",
            )
            return False
        payload = self.context.document.model.to_wire()
        self._busy(True, f"Updating {live.label}…")
        task = run_in_background(self.service.update, profile, live, payload)
        task.signals.finished.connect(lambda done: self._updated(live, done))
        task.signals.failed.connect(lambda exc: self._failed("Update", str(exc)))
        return True

    def _updated(self, started: LiveCopy, done: Updated) -> None:
        if not self._still(started):
            if done.ok:
                self.context.status(f"{done.message} (another payload is open now)", 8000)
            else:
                self.context.show_error("Update", done.message)
            return
        self._busy(False)
        if done.ok:
            if done.copy is not None:
                self._remember(done.copy)
            self.context.document.undo_stack.setClean()
            self.context.status(done.message, 8000)
            return
        if done.stale and done.copy is not None:
            self._take_in(done.copy, done.message)
            return
        codes = ""
        if done.result is not None and done.result.errors:
            codes = "\n\n" + "\n".join(f"{e.code}: {e.message}" for e in done.result.errors)
        self.context.show_error("Update", f"{done.message}{codes}")

    def _take_in(self, fresh: LiveCopy, message: str) -> None:
        """The server's copy changed since it was fetched: its changes join the draft's (a
        three-way merge, one undo step), and what the draft still changes is shown to confirm."""
        from app.domain.diff import merge3

        live = self.copy
        document = self.context.document
        base = live.payload if live is not None else fresh.payload
        merged, conflicts = merge3(base, document.model.to_wire(), fresh.payload)
        model = document.kind.load(merged).model if isinstance(merged, dict) else None
        if model is None:
            self.context.show_error(
                "Update",
                f"{message}\n\nIts changes could not be joined to this draft; nothing was sent. Open it "
                "from the server again (Send › On the server…) and make your change there.",
            )
            return
        if model.to_wire() != document.model.to_wire():
            document.replace_model(model, "Take in the server's changes")
        self._remember(fresh)
        dialog = self.show_changes(against=fresh, confirm="Update with these changes")
        if dialog is None:
            return
        both = ""
        if conflicts:
            named = ", ".join(conflicts[:6]) + (" …" if len(conflicts) > 6 else "")
            both = f"\n\nChanged on both sides, this draft's value kept: {named}."
        dialog.summary.setText(
            f"{message}\n\nThe server's changes are now in this draft too (Edit › Undo takes them out). "
            f"Below: what this draft still changes against the server's version now.{both}"
        )
        dialog.accepted.connect(lambda: self.send_update(fresh) if dialog.confirmed else None)


def _problem_at(path: str) -> Any:
    from app.domain.problems import Problem, Severity

    return Problem(path, Severity.WARNING, "changed", "")
