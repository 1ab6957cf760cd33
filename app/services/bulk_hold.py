"""One bulk run per journal key at a time, across processes.

Two runs of the same rows, source and profile (two terminals, or the window and a terminal)
share one journal key: without a hold, each overwrote the other's results and later reruns
kept refusing rows the server held once. A run now holds ``<journal>.runs/<key>.lock`` (an OS
lock: a crash or kill -9 frees it) for as long as it sends; the file names the holder, so the
second run can say who it waits for.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from app.filelock import open_lock_file, try_lock, unlock


class RunBusy(RuntimeError):
    """Another process (named in the message) is sending the same run."""

    def __init__(self, holder: str) -> None:
        super().__init__(
            f"Another run of the same rows, source and profile is under way ({holder}); "
            "its results would be overwritten. Wait for it to end, then run again."
        )
        self.holder = holder


def describe_process(what: str) -> str:
    """How a holder names itself: what it is and its process id."""
    return f"{what}, process {os.getpid()}, since {datetime.now(UTC).strftime('%H:%M:%S')} UTC"


class RunHold:
    """The hold of one run key (see the module docstring); use as a context manager.

    Args:
        journal: the journal file the run writes.
        key: the run key.
        who: what holds it, for the other run's message (:func:`describe_process`).
    """

    def __init__(self, journal: Path, key: str, who: str) -> None:
        self.path = journal.with_name(journal.name + ".runs") / f"{key}.lock"
        self.who = who
        self._handle: IO[bytes] | None = None

    def holder(self) -> str:
        """Who holds it now, as written in the lock file (best effort)."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return "another process"
        return text[:200] or "another process"

    def take(self, wait: float = 0.0, on_wait: Callable[[str], None] | None = None) -> None:
        """Take the hold, waiting up to ``wait`` seconds (``on_wait(holder)`` is told once).

        Raises:
            RunBusy: another run still holds it.
        """
        handle = open_lock_file(self.path)
        deadline = time.monotonic() + wait
        told = False
        while not try_lock(handle):
            if time.monotonic() >= deadline:
                holder = self.holder()
                handle.close()
                raise RunBusy(holder)
            if not told and on_wait is not None:
                on_wait(self.holder())
                told = True
            time.sleep(0.1)
        handle.seek(0)
        handle.truncate()
        handle.write(self.who.encode("utf-8"))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is None:
            return
        try:
            handle.seek(0)
            handle.truncate()
            handle.flush()
        except OSError:
            pass
        unlock(handle)
        handle.close()

    def __enter__(self) -> RunHold:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


WAIT_FOREVER = float(sys.maxsize)
