"""Where templates are looked for: the app's own folder, the operator's extra folders, the starters.

Extra folders (a shared drive, a git checkout) are kept in their own small settings file,
``template-folders.json`` in the config folder, so that nothing else's settings can be
clobbered by adding one. A settings file that cannot be read is reported and left alone:
adding a folder then fails with the reason rather than overwriting it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from app.atomic_write import write_text_atomic
from app.domain import jsontext
from app.resources import templates_dir
from app.services.paths import data_paths

FOLDERS_FILE_NAME = "template-folders.json"

#: The starter templates that ship with the app (read-only).
STARTER_DIR = templates_dir()


class FolderRole(StrEnum):
    USER = "user"
    EXTRA = "extra"
    STARTER = "starter"


@dataclass(frozen=True)
class TemplateFolder:
    """One folder the library reads.

    Attributes:
        path: the folder.
        role: the app's own folder (new templates go there), an extra folder, or the starters.
        label: what the library view shows as the template's source.
        problem: why the folder cannot be read right now (an unplugged drive), else ``None``.
    """

    path: Path
    role: FolderRole
    label: str
    problem: str | None = None

    @property
    def read_only(self) -> bool:
        """Starters are never changed; duplicate one to edit it."""
        return self.role is FolderRole.STARTER


class FolderSettingsError(OSError):
    """The extra-folders settings cannot be read or written; the message says why and where."""


def folders_file() -> Path:
    return data_paths().config_dir / FOLDERS_FILE_NAME


def read_extra_folders() -> list[Path]:
    """The operator's extra folders, in the order added.

    Raises:
        FolderSettingsError: the settings file exists but cannot be read; it is not touched.
    """
    file = folders_file()
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise FolderSettingsError(f"{file} cannot be read: {exc}") from None
    try:
        document = jsontext.parse(text).value
    except jsontext.JsonTextError as exc:
        raise FolderSettingsError(f"{file} {exc.reason}") from None
    folders = document.get("folders") if isinstance(document, dict) else None
    if not isinstance(folders, list) or not all(isinstance(f, str) for f in folders):
        raise FolderSettingsError(f'{file} must hold {{"folders": ["/path", ...]}}.')
    return [Path(f) for f in folders]


def add_extra_folder(folder: str | os.PathLike[str]) -> list[Path]:
    """Add a folder to look for templates in; returns the new list. Adding one twice is a no-op."""
    path = Path(folder).expanduser().resolve()
    if not path.is_dir():
        raise FolderSettingsError(f"{path} is not a folder.")
    folders = read_extra_folders()
    if path not in folders:
        folders.append(path)
        _write(folders)
    return folders


def remove_extra_folder(folder: str | os.PathLike[str]) -> list[Path]:
    """Stop looking in a folder (its files are not touched); returns the new list."""
    path = Path(folder).expanduser().resolve()
    folders = [f for f in read_extra_folders() if f != path and f != Path(folder)]
    _write(folders)
    return folders


def _write(folders: list[Path]) -> None:
    document = {"version": 1, "folders": [str(f) for f in folders]}
    write_text_atomic(folders_file(), json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def library_folders() -> list[TemplateFolder]:
    """Every folder the library reads: the app's own first, then extra folders, then the starters."""
    user_dir = data_paths().templates_dir
    out = [TemplateFolder(user_dir, FolderRole.USER, "My templates")]
    try:
        extras = read_extra_folders()
    except FolderSettingsError as exc:
        out.append(TemplateFolder(folders_file(), FolderRole.EXTRA, "Extra folders", str(exc)))
        extras = []
    for path in extras:
        problem = None if path.is_dir() else f"{path} is not reachable (moved, or a drive not connected)."
        out.append(TemplateFolder(path, FolderRole.EXTRA, path.name or str(path), problem))
    out.append(TemplateFolder(STARTER_DIR, FolderRole.STARTER, "Starter"))
    return out
