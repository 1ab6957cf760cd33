"""Start-up care of the app's folders: stale temporary files removed, permissions tightened.

An atomic write goes through ``.<name>.<random>.tmp`` beside its target; a process killed in the
middle (kill -9, power loss) leaves that file behind forever. At the start of the app and of
every ``tgb`` command, every folder the app writes to is swept for such files that no live writer
holds (a writer keeps its temporary file locked until it is renamed; see
:func:`app.atomic_write.is_leftover`).
The same walk makes the app's folders 0700 and its files 0600 (POSIX), so history, drafts,
profiles and settings written by older versions with looser modes are tightened too.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from app.atomic_write import is_leftover
from app.services.paths import data_paths

log = logging.getLogger(__name__)

#: ``tempfile.mkstemp(prefix=".name.", suffix=".tmp")`` names: a dot, the target, 8 random chars.
_TEMP_NAME = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
_MAX_DEPTH = 4


def private_files() -> None:
    """Files this process creates from now on are the owner's alone (history, drafts, exports...)."""
    if os.name == "posix":
        os.umask(0o077)


@dataclass
class Tidied:
    removed: list[Path]
    tightened: int


def tidy(folders: Iterable[Path] | None = None, *, now: float | None = None, tighten: bool = True) -> Tidied:
    """Sweep ``folders`` (by default the app's own and its extra template folders). Never raises."""
    moment = time.time() if now is None else now
    removed: list[Path] = []
    tightened = 0
    own = list(data_paths().folders)
    targets = list(folders) if folders is not None else own + _extra_template_folders()
    for top in targets:
        mine = any(_is_within(top, base) for base in own)
        for path, info in _walk(top):
            if (
                stat.S_ISREG(info.st_mode)
                and _TEMP_NAME.match(path.name)
                and is_leftover(path, moment - info.st_mtime)
            ):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
                continue
            if tighten and mine and os.name == "posix" and stat.S_IMODE(info.st_mode) & 0o077:
                with contextlib.suppress(OSError):  # 0644 -> 0600, 0755 -> 0700
                    os.chmod(path, stat.S_IMODE(info.st_mode) & ~0o077)
                    tightened += 1
    if removed:
        log.info("Removed %d stale temporary file(s) left by interrupted writes", len(removed))
    return Tidied(removed, tightened)


def _walk(top: Path, depth: int = 0) -> Iterable[tuple[Path, os.stat_result]]:
    try:
        entries = list(os.scandir(top))
    except OSError:
        return
    if depth == 0:
        with contextlib.suppress(OSError):
            yield top, os.stat(top, follow_symlinks=False)
    for entry in entries:
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        path = Path(entry.path)
        if stat.S_ISLNK(info.st_mode):
            continue
        yield path, info
        if stat.S_ISDIR(info.st_mode) and depth < _MAX_DEPTH:
            yield from _walk(path, depth + 1)


def _is_within(path: Path, base: Path) -> bool:
    try:
        path.resolve().relative_to(base.resolve())
    except (ValueError, OSError):
        return False
    return True


def _extra_template_folders() -> list[Path]:
    """The extra template folders the operator added (writes happen there too)."""
    try:
        from app.services.templates.folders import library_folders

        return [folder.path for folder in library_folders()]
    except Exception:  # a damaged folders setting must not stop the start
        return []
