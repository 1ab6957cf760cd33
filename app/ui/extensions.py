"""Features that plug into the main window without growing it.

Each module listed in :data:`EXTENSION_MODULES` defines ``install(window)``; it may add
actions to ``window.file_menu``, ``window.edit_menu``, ``window.periods_menu``, new menus
on ``window.menuBar()``, buttons on ``window.toolbar``, and callables to
``window.close_hooks`` (run when the window really closes). The window's document is
``window.document``; its messages go through ``window.show_error`` and ``window.statusBar()``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

#: Installed in this order, after the window's own menus and toolbar exist.
EXTENSION_MODULES: tuple[str, ...] = (
    "app.ui.drafts_ext",
    "app.ui.import_ext",
    "app.ui.templates_ext",
    "app.ui.send_ext",
    "app.ui.fetch_ext",
    "app.ui.about_ext",
)


def install_extensions(window: MainWindow) -> None:
    for name in EXTENSION_MODULES:
        importlib.import_module(name).install(window)
