"""The Templates menu: the library, Save as template, New from template.

"New from template" fills the template's placeholders (re-planning the periods for a new
start), then replaces the open payload with the result as a new unsaved draft, after the
usual unsaved-changes question. The template is remembered as the draft's origin (see
:func:`app.ui.import_ext.origin_of`), so Compare can show what changed since; saving the
open payload as a template makes that template its origin too.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction

from app.domain.models import TargetGroup
from app.ui.import_ext import DraftOrigin, load_new_draft, remember_origin

if TYPE_CHECKING:
    # The library (template files, placeholders) and its dialogs load when the menu is used.
    from app.services.templates import Template, TemplateLibrary
    from app.ui.main_window import MainWindow
    from app.ui.template_library import SaveTemplateDialog, TemplateLibraryDialog


def template_origin(template: Template) -> DraftOrigin:
    return DraftOrigin(f"template “{template.meta.title}”", copy.deepcopy(template.payload))


class TemplatesMenu:
    """The menu's actions and the dialogs they open (kept so tests can drive them).

    Args:
        window: the main window.
        library: the library to use (the default folders when omitted).
    """

    def __init__(self, window: MainWindow, library: TemplateLibrary | None = None) -> None:
        self.window = window
        self.library = library
        self.library_dialog: TemplateLibraryDialog | None = None
        self.save_dialog: SaveTemplateDialog | None = None
        menu = window.menuBar().addMenu("&Templates")
        self.menu = menu
        self.library_action = QAction("Template &library…", window)
        self.library_action.setStatusTip("Browse, search, rename, duplicate and delete templates")
        self.library_action.triggered.connect(lambda: self.open_library())
        self.new_action = QAction("&New from template…", window)
        self.new_action.setStatusTip("Start a new draft from a template, filling in its blanks")
        self.new_action.triggered.connect(lambda: self.open_library(choose=True))
        self.save_action = QAction("&Save as template…", window)
        self.save_action.setStatusTip("Keep the open payload as a template to start from later")
        self.save_action.triggered.connect(self.save_as_template)
        menu.addActions([self.new_action, self.save_action])
        menu.addSeparator()
        menu.addAction(self.library_action)

    def open_library(self, choose: bool = False) -> TemplateLibraryDialog:
        """The library view; with ``choose``, titled for picking a template to start from."""
        from app.ui.template_library import TemplateLibraryDialog

        if self.library_dialog is not None:
            self.library_dialog.close()
        dialog = TemplateLibraryDialog(self.library, on_new=self._use_template, parent=self.window)
        if choose:
            dialog.setWindowTitle("New from template: choose a template")
            dialog.search.setFocus()
        dialog.open()
        self.library_dialog = dialog
        return dialog

    def _use_template(self, group: TargetGroup, template: Template) -> None:
        # The library closes right after this call; ask about unsaved changes once it has.
        QTimer.singleShot(0, lambda: load_new_draft(self.window, group, template_origin(template)))

    def save_as_template(self) -> SaveTemplateDialog:
        from app.ui.template_library import SaveTemplateDialog

        if self.save_dialog is not None:
            self.save_dialog.close()
        dialog = SaveTemplateDialog(self.window.document, self.library, self.window)
        snapshot = self.window.document.group
        dialog.saved.connect(lambda path: self._saved(path, dialog, snapshot))
        dialog.open()
        self.save_dialog = dialog
        return dialog

    def _saved(self, path: str, dialog: SaveTemplateDialog, group: TargetGroup) -> None:
        title = dialog.title_edit.text().strip()
        if self.window.document.group is group:
            origin = DraftOrigin(f"template “{title}”", copy.deepcopy(group.to_wire()))
            remember_origin(self.window, origin)
        self.window.statusBar().showMessage(f"Saved the template “{title}” to {path}.", 8000)


def install(window: MainWindow) -> None:
    window.templates = TemplatesMenu(window)  # type: ignore[attr-defined]
