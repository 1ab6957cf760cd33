"""One sandbox per data folder: the running instance claims the folder, later processes reuse it.

The claim is a lock on ``instance.lock`` in the sandbox folder, held for as long as the serving
process lives (the OS drops it when the process dies, however it dies). The claimant publishes
its URL in ``instance.json``; another process (the app, ``tgb send``, a second ``tgb send``) that
finds the lock held reads the URL there and sends to that instance instead of starting its own,
so every create goes through one server. The store is safe for several writers regardless.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from app.atomic_write import write_text_atomic
from app.filelock import open_lock_file, try_lock

LOCK_NAME = "instance.lock"
INFO_NAME = "instance.json"


@dataclass
class InstanceClaim:
    """This process serves the sandbox of ``folder``; hold it until the server stops."""

    folder: Path
    handle: IO[bytes] | None

    @classmethod
    def try_claim(cls, folder: Path) -> InstanceClaim | None:
        """Claim ``folder`` when no live process serves it; ``None`` when one does."""
        handle = open_lock_file(folder / LOCK_NAME)
        if not try_lock(handle):
            handle.close()
            return None
        return cls(folder, handle)

    def publish(self, url: str) -> None:
        info = {"pid": os.getpid(), "url": url, "started": datetime.now(UTC).isoformat(timespec="seconds")}
        write_text_atomic(self.folder / INFO_NAME, json.dumps(info) + "\n")

    def release(self) -> None:
        if self.handle is None:
            return
        with contextlib.suppress(OSError):
            (self.folder / INFO_NAME).unlink()
        self.handle.close()
        self.handle = None


def running_url(folder: Path) -> str | None:
    """The URL of the live instance serving ``folder``, or ``None`` (no claim, or not answering yet)."""
    lock = folder / LOCK_NAME
    if not lock.exists():
        return None
    handle = open_lock_file(lock)
    try:
        if try_lock(handle):  # nobody holds it: whatever instance.json says is stale
            return None
    finally:
        handle.close()
    try:
        info = json.loads((folder / INFO_NAME).read_text(encoding="utf-8"))
        url = str(info["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # the claimant is still starting
    parts = urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1") or parts.port is None:
        return None  # the sandbox only ever serves loopback; anything else is not ours
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=0.5):
            return url
    except OSError:
        return None
