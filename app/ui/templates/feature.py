"""Templates: the library, Save as template, New from template.

"New from template" fills the template's placeholders (re-planning the periods for a new
start), then opens the result as a new unsaved draft through the one way in
(:class:`~app.ui.document.drafting.NewDrafts`), after the usual unsaved-changes question. The
template is remembered as the draft's origin, so Compare can show what changed since; saving
the open payload as a template makes that template its origin too.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from app.domain.base import WireModel
from app.ui.document.drafting import DraftOrigin
from app.ui.widgets.dialogs import open_freed

if TYPE_CHECKING:
    # The library (template files, placeholders) and its dialogs load when the menu is used.
    from app.services.templates import Template, TemplateLibrary
    from app.ui.common.context import WindowContext
    from app.ui.templates.library_dialog import SaveTemplateDialog, TemplateLibraryDialog


def template_origin(template: Template) -> DraftOrigin:
    return DraftOrigin(f"template “{template.meta.title}”", copy.deepcopy(template.payload))


class TemplatesFeature:
    """The Templates menu's actions and the dialogs they open (kept so tests can drive them).

    Args:
        context: the window's context.
        library: the library to use (the default folders when omitted).
    """

    def __init__(self, context: WindowContext, library: TemplateLibrary | None = None) -> None:
        self.context = context
        self.library = library
        self.library_dialog: TemplateLibraryDialog | None = None
        self.save_dialog: SaveTemplateDialog | None = None
        bind = context.actions.bind
        self.new_action = bind("new_from_template", lambda: self.open_library(choose=True))
        self.save_action = bind("save_as_template", self.save_as_template)
        self.library_action = bind("template_library", self.open_library)

    def open_library(self, choose: bool = False) -> TemplateLibraryDialog:
        """The library view; with ``choose``, titled for picking a template to start from."""
        from app.ui.templates.library_dialog import TemplateLibraryDialog

        dialog = TemplateLibraryDialog(self.library, on_new=self._use_template, parent=self.context.window)
        if choose:
            dialog.setWindowTitle("New from template: choose a template")
            dialog.search.setFocus()
        self.library_dialog = open_freed(dialog, self.library_dialog)
        return dialog

    def _use_template(self, model: WireModel, template: Template) -> None:
        # The library closes right after this call; ask about unsaved changes once it has.
        QTimer.singleShot(0, lambda: self.context.drafts.load(model, template_origin(template)))

    def save_as_template(self) -> SaveTemplateDialog:
        from app.ui.templates.library_dialog import SaveTemplateDialog

        document = self.context.document
        dialog = SaveTemplateDialog(document, self.library, self.context.window)
        snapshot = document.model
        dialog.saved.connect(lambda path: self._saved(path, dialog, snapshot))
        self.save_dialog = open_freed(dialog, self.save_dialog)
        return dialog

    def _saved(self, path: str, dialog: SaveTemplateDialog, model: WireModel) -> None:
        title = dialog.title_edit.text().strip()
        if self.context.document.model is model:
            self.context.drafts.remember(DraftOrigin(f"template “{title}”", copy.deepcopy(model.to_wire())))
        self.context.status(f"Saved the template “{title}” to {path}.", 8000)
