"""Where file dialogs start: beside the open file, else the last folder used, else Documents.

They used to start in the program's own folder (the working directory), which is never where an
operator keeps payloads or spreadsheets. Every Open and Save dialog of the app goes through
:func:`choose_open` and :func:`choose_save`, which start in the right place and remember the
folder chosen for the next one (for the session).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

_last_folder: str | None = None


def start_folder(near: str | Path | None = None) -> str:
    """The folder a dialog starts in: ``near``'s (a file or folder), the last one used, or Documents."""
    if near:
        path = Path(near)
        folder = path if path.is_dir() else path.parent
        if str(folder) not in ("", ".") and folder.is_dir():
            return str(folder)
    if _last_folder and Path(_last_folder).is_dir():
        return _last_folder
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return documents
    return str(Path.home())


def remember(chosen: str) -> str:
    """Keep the folder of a chosen file for the next dialog; returns ``chosen``."""
    global _last_folder
    if chosen:
        _last_folder = str(Path(chosen).parent)
    return chosen


def choose_open(parent: QWidget | None, title: str, filters: str, near: str | Path | None = None) -> str:
    """A file to open ("" when cancelled)."""
    chosen, _filter = QFileDialog.getOpenFileName(parent, title, start_folder(near), filters)
    return remember(chosen)


def choose_save(
    parent: QWidget | None, title: str, name: str, filters: str, near: str | Path | None = None
) -> str:
    """Where to save (""), suggesting ``name`` in the start folder."""
    start = str(Path(start_folder(near)) / Path(name).name)
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, start, filters)
    return remember(chosen)
