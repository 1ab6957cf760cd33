"""The window's own memory: geometry, splitter positions and recently opened files.

Kept in an INI file under ``data_paths().config_dir`` (not the OS registry), so
``TGB_HOME`` isolates it in tests and portable installs. Only paths and layout are
stored here, never payload content or anything secret.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from app.services.paths import data_paths

MAX_RECENT_FILES = 8
SETTINGS_FILE_NAME = "window.ini"


def settings_path() -> Path:
    return data_paths().config_dir / SETTINGS_FILE_NAME


class WindowSettings:
    """Reads and writes the window's layout and the recent-files list."""

    def __init__(self) -> None:
        path = settings_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        self.qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    def save_layout(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
        self.qsettings.setValue("window/geometry", window.saveGeometry())
        self.qsettings.setValue("window/state", window.saveState())
        for name, splitter in splitters.items():
            self.qsettings.setValue(f"splitters/{name}", splitter.saveState())
        self.qsettings.sync()

    def restore_layout(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> bool:
        """Restore what :meth:`save_layout` stored; ``False`` when nothing was stored yet."""
        geometry = self.qsettings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            window.restoreGeometry(geometry)
        state = self.qsettings.value("window/state")
        if isinstance(state, QByteArray):
            window.restoreState(state)
        for name, splitter in splitters.items():
            saved = self.qsettings.value(f"splitters/{name}")
            if isinstance(saved, QByteArray):
                splitter.restoreState(saved)
        return isinstance(geometry, QByteArray)

    def new_kind(self) -> str | None:
        """The payload kind last chosen in File › New (its name), or ``None``."""
        value = self.qsettings.value("files/new_kind")
        return value if isinstance(value, str) and value else None

    def set_new_kind(self, name: str) -> None:
        self.qsettings.setValue("files/new_kind", name)

    def recent_files(self) -> list[Path]:
        value = self.qsettings.value("files/recent", [])
        items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        return [Path(item) for item in items if isinstance(item, str) and item]

    def add_recent_file(self, path: Path) -> list[Path]:
        """Put ``path`` first in the list (once) and return the new list."""
        resolved = path.resolve()
        files = [resolved] + [p for p in self.recent_files() if p != resolved]
        return self._store_recent(files[:MAX_RECENT_FILES])

    def remove_recent_file(self, path: Path) -> list[Path]:
        return self._store_recent([p for p in self.recent_files() if p != path.resolve()])

    def _store_recent(self, files: list[Path]) -> list[Path]:
        self.qsettings.setValue("files/recent", [str(p) for p in files])
        self.qsettings.sync()
        return files
