"""Every folder and file the app writes to, in one place.

By default the OS conventions (platformdirs). The environment variable ``TGB_HOME``
puts all of them under one folder: tests and portable installs use it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from app.atomic_write import private_dir

APP_NAME = "TargetGroupBuilder"
HOME_ENV = "TGB_HOME"


@dataclass(frozen=True)
class DataPaths:
    """The app's folders. Created on first use by :meth:`ensure`."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path
    log_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def profiles_file(self) -> Path:
        return self.config_dir / "profiles.json"

    @property
    def templates_dir(self) -> Path:
        return self.data_dir / "templates"

    @property
    def drafts_dir(self) -> Path:
        return self.data_dir / "drafts"

    @property
    def history_db(self) -> Path:
        return self.data_dir / "history.sqlite3"

    @property
    def bulk_journal(self) -> Path:
        """Where ``tgb bulk`` and Bulk create keep each row's state, beside the history."""
        return self.data_dir / "bulk-journal.sqlite3"

    @property
    def sandbox_dir(self) -> Path:
        return self.data_dir / "sandbox"

    @property
    def folders(self) -> tuple[Path, ...]:
        """The app's own top folders (templates, drafts, history, the sandbox... live below them)."""
        return (self.config_dir, self.data_dir, self.cache_dir, self.log_dir)

    def ensure(self) -> DataPaths:
        """Create the folders, for the owner alone (0700)."""
        for folder in self.folders:
            private_dir(folder)
        return self


def data_paths() -> DataPaths:
    """The folders in force now (read ``TGB_HOME`` each call, so tests can change it)."""
    home = os.environ.get(HOME_ENV, "").strip()
    if home:
        root = Path(home).expanduser().resolve()
        return DataPaths(
            config_dir=root / "config",
            data_dir=root / "data",
            cache_dir=root / "cache",
            log_dir=root / "logs",
        )
    return DataPaths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )
