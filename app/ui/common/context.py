"""What the window hands every feature: one typed context instead of attributes on the window.

A feature is made with a :class:`WindowContext` (``self.send = SendFeature(context)``) and reaches
the document, the declared actions, the settings, the status line, the unsaved-changes question,
error messages, new drafts, Edit JSON and "go to this problem" through it, never through the
window's private methods or attributes hung on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

    from app.domain.problems import Problem
    from app.ui.common.settings import WindowSettings
    from app.ui.document.document import PayloadDocument
    from app.ui.document.drafting import NewDrafts


class Actions(Protocol):
    """The window's declared actions as a feature uses them (bind by id, fill a submenu or slot)."""

    def __getitem__(self, action_id: str) -> QAction: ...

    def bind(self, action_id: str, handler: Callable[..., Any]) -> QAction: ...

    def submenu(self, submenu_id: str) -> QMenu: ...

    def fill_slot(self, slot_id: str, widget: QWidget) -> None: ...


class RawJsonEditor(Protocol):
    """Edit JSON as a feature sees it (the dialog itself belongs to the editor)."""

    accepted: SignalInstance

    def apply(self) -> bool: ...


@dataclass
class WindowContext:
    """The window's services for its features.

    Attributes:
        window: the parent of every dialog a feature opens.
        document: the open payload.
        actions: the declared actions, menus and toolbar slots (bind handlers by id).
        settings: the window's settings (QSettings).
        drafts: the one way to open a payload as a new draft, and the draft's origin.
        ask_unsaved: runs its argument once unsaved changes are saved or knowingly dropped.
        show_error: a non-blocking message box (title, text).
        status: a line in the status bar (text, milliseconds; 0 keeps it).
        edit_json: opens Edit JSON (optionally with a text to rescue).
        go_to_problem: shows the tab and field of a problem.
        reveal_problem: shows the Problems list with a problem selected, and its field.
        show_production: marks the window for a production target (the profile's name) or
            back to normal (``None``): title, status area and the "Send to" box.
        close_hooks: run when the window really closes.
    """

    window: QMainWindow
    document: PayloadDocument
    actions: Actions
    settings: WindowSettings
    drafts: NewDrafts
    ask_unsaved: Callable[[Callable[[], None]], None]
    show_error: Callable[[str, str], QMessageBox]
    status: Callable[[str, int], None]
    edit_json: Callable[[str | None], RawJsonEditor]
    go_to_problem: Callable[[Problem], bool]
    reveal_problem: Callable[[Problem | None], None]
    show_production: Callable[[str | None], None] = lambda _name: None
    close_hooks: list[Callable[[], None]] = field(default_factory=list)

    def on_close(self, hook: Callable[[], None], *, first: bool = False) -> None:
        """Run ``hook`` when the window really closes; ``first`` puts it before the others (a
        feature that must finish its work while the services it borrows are still open)."""
        if first:
            self.close_hooks.insert(0, hook)
        else:
            self.close_hooks.append(hook)
