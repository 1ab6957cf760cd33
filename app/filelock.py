"""Locks between processes on the same files (``flock`` on POSIX, ``msvcrt.locking`` on Windows).

Standard library only and below every layer, like :mod:`app.atomic_write`: the services (drafts,
history, the bulk journal) and the sandbox (its store, the one-instance claim) all use it. The OS
drops a lock when its process dies, however it dies, so a lock can never be left behind.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def try_lock(handle: IO[bytes]) -> bool:
        """Take an exclusive lock on ``handle`` without waiting; whether it was taken."""
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def unlock(handle: IO[bytes]) -> None:
        with contextlib.suppress(OSError):
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def try_lock(handle: IO[bytes]) -> bool:
        """Take an exclusive lock on ``handle`` without waiting; whether it was taken."""
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def unlock(handle: IO[bytes]) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class LockTimeout(TimeoutError):
    """Another process held the lock for longer than the wait allowed."""


def open_lock_file(path: Path) -> IO[bytes]:
    """Open (creating, owner-only) a lock file for reading and writing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
    return os.fdopen(fd, "r+b")


_local_locks: dict[str, threading.Lock] = {}
_local_guard = threading.Lock()


@contextlib.contextmanager
def exclusive(path: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold ``path`` locked against every other thread and process for the block.

    Raises:
        LockTimeout: the lock could not be taken within ``timeout`` seconds.
    """
    with _local_guard:
        local = _local_locks.setdefault(str(path), threading.Lock())
    if not local.acquire(timeout=timeout):
        raise LockTimeout(f"{path} is locked by another thread")
    try:
        handle = open_lock_file(path)
        try:
            deadline = time.monotonic() + timeout
            delay = 0.002
            while not try_lock(handle):
                if time.monotonic() > deadline:
                    raise LockTimeout(f"{path} is locked by another process")
                time.sleep(delay)
                delay = min(delay * 2, 0.05)
            try:
                yield
            finally:
                unlock(handle)
        finally:
            handle.close()
    finally:
        local.release()
