"""Starting the desktop app: the QApplication, its names and theme, and the main window."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app import __version__
from app.services.paths import APP_NAME
from app.ui.main_window import APP_TITLE, MainWindow
from app.ui.theme import follow_os_scheme
from app.ui.workers import wait_for_background_tasks


def create_application(argv: Sequence[str]) -> QApplication:
    """The QApplication with the names QSettings and the OS use, in the OS's light or dark look."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(list(argv))
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setApplicationVersion(__version__)
    follow_os_scheme(app)
    return app


def run(argv: Sequence[str] | None = None) -> int:
    """Show the editor (opening a payload file given as the first argument) until it is closed."""
    args = list(sys.argv if argv is None else argv)
    app = create_application(args)
    window = MainWindow()
    window.show()
    files = [arg for arg in args[1:] if not arg.startswith("-")]
    if files:
        window.open_file(Path(files[0]))
    code = app.exec()
    wait_for_background_tasks()
    return int(code)
