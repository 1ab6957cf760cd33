"""Starting the desktop app: the QApplication, its names and theme, and the main window.

Start-up is kept to what the first frame needs: Qt, the window's frame and its saved
geometry. The domain (pydantic), the Group form, the preview and every feature's menus are
imported and built right after the first paint (:meth:`MainWindow.finish_building`); the
Periods and Targets pages when first opened; HTTP, keychain, SQLite (history), the
template library and the sandbox only when a feature first needs them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app import __version__
from app.services.paths import APP_NAME
from app.ui.common.theme import follow_os_scheme
from app.ui.window.main_window import APP_TITLE, MainWindow

#: How long after the window is built the housekeeping sweep starts.
TIDY_DELAY_MS = 3000


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


def start(argv: Sequence[str]) -> tuple[QApplication, MainWindow]:
    """Show the window's frame now and build the rest right after its first paint.

    A payload file given as the first argument is opened once the window is built.
    The caller runs the event loop (:func:`run` does).
    """
    args = list(argv)
    app = create_application(args)
    from app.services.housekeeping import private_files

    private_files()
    window = MainWindow(deferred=True)
    files = [arg for arg in args[1:] if not arg.startswith("-")]
    if files:
        path = Path(files[0])
        window.built.connect(lambda: window.files.open_file(path))
    window.show()
    window.built.connect(lambda: QTimer.singleShot(TIDY_DELAY_MS, _tidy_in_background))
    return app, window


def _tidy_in_background() -> None:
    """Sweep stale temporary files and tighten modes off the GUI thread, a while after the window is
    built (its imports and file walk would otherwise compete with the operator's first actions)."""
    from app.services.housekeeping import tidy
    from app.ui.common.workers import run_in_background

    run_in_background(tidy)


def run(argv: Sequence[str] | None = None) -> int:
    """Show the editor (opening a payload file given as the first argument) until it is closed."""
    app, _window = start(sys.argv if argv is None else argv)
    code = app.exec()
    from app.ui.common.workers import wait_for_background_tasks

    wait_for_background_tasks()
    return int(code)
