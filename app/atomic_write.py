"""Atomic file writes: a reader sees the old file or the new one, never half of either.

Standard library only and below every layer, so the services and the sandbox can both use it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO


def write_text_atomic(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, flushed and renamed."""
    write_bytes_atomic(path, text.encode(encoding))


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file, flush, fsync, rename)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # The temporary file stays locked until it is renamed: a sweep (at the next start, or the
        # next write of the same target) removes only the ones no live writer holds.
        with os.fdopen(fd, "wb") as handle:
            hold_temporary(handle)
            sweep_leftovers(target)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            if target.exists():
                with contextlib.suppress(OSError):
                    os.chmod(tmp_name, target.stat().st_mode & 0o777)
            os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(target.parent)


#: A temporary file younger than this may be one a writer has created but not locked yet.
_GRACE_SECONDS = 0.5


def hold_temporary(handle: IO[bytes]) -> None:
    """Mark a temporary file as being written (an OS lock the sweep tests; freed by any death)."""
    from app.filelock import try_lock

    if os.name == "posix":
        try_lock(handle)


def is_leftover(path: Path, age_seconds: float) -> bool:
    """Whether a temporary file was left by a writer that is gone (nobody holds it).

    Where locks cannot tell (not POSIX), only files older than 15 minutes count.
    """
    from app.filelock import try_lock, unlock

    if os.name != "posix":
        return age_seconds > 15 * 60
    if age_seconds < _GRACE_SECONDS:
        return False
    try:
        handle = open(path, "rb")  # noqa: SIM115 - held across the lock test only
    except OSError:
        return False
    with handle:
        if not try_lock(handle):
            return False
        unlock(handle)
    return True


def sweep_leftovers(target: Path) -> None:
    """Remove the temporary files an interrupted write of ``target`` left beside it."""
    import time

    prefix = f".{target.name}."
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            if not (entry.name.startswith(prefix) and entry.name.endswith(".tmp")):
                continue
            if len(entry.name) != len(prefix) + 8 + len(".tmp"):
                continue
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False) and is_leftover(
                    Path(entry.path), now - entry.stat(follow_symlinks=False).st_mtime
                ):
                    os.unlink(entry.path)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_text_new(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Create ``path`` with ``text`` atomically, never replacing a file that exists.

    The text is written to a temporary file first and then hard-linked into place, which fails
    when the name is taken: a reader never sees half a file and a create never overwrites one.

    Raises:
        FileExistsError: ``path`` exists.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            hold_temporary(handle)  # held until linked, like every temporary file (see is_leftover)
            handle.write(text.encode(encoding))
            handle.flush()
            os.fsync(handle.fileno())
            os.link(tmp_name, target)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
    _fsync_dir(target.parent)


#: Files that hold payloads, responses or settings are the owner's alone; so are the app's folders.
PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


def restrict_file(path: str | os.PathLike[str]) -> None:
    """Make a file the owner's alone (POSIX; a no-op elsewhere or when it cannot be changed)."""
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.chmod(path, PRIVATE_FILE_MODE)


def private_dir(path: str | os.PathLike[str]) -> Path:
    """Create a folder (and its parents) for the owner alone; an existing one is tightened."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.chmod(folder, PRIVATE_DIR_MODE)
    return folder
