"""The embedded sandbox: started on first use of the "Local sandbox" profile, once per process.

It serves on a free loopback port from a daemon thread and keeps its groups in
``data_paths().sandbox_dir``, so what a newcomer created is still there next session.
The sandbox package is imported only here, and only when first needed.
"""

from __future__ import annotations

import atexit
import threading
from typing import TYPE_CHECKING

from app.services.paths import data_paths

if TYPE_CHECKING:
    from app.sandbox.faults import Faults
    from app.sandbox.server import SandboxServer

_lock = threading.Lock()
_server: SandboxServer | None = None


def sandbox_url(faults: Faults | None = None) -> str:
    """The base URL of the running embedded sandbox, starting it when needed."""
    return embedded_sandbox(faults).url


def embedded_sandbox(faults: Faults | None = None) -> SandboxServer:
    """The process's sandbox server (started); ``faults`` apply only when it is first started."""
    global _server
    with _lock:
        if _server is None:
            from app.sandbox.server import SandboxServer

            server = SandboxServer(data_paths().sandbox_dir, faults)
            server.start()
            _server = server
        return _server


def is_running() -> bool:
    with _lock:
        return _server is not None


def stop_sandbox() -> None:
    """Stop the embedded sandbox (at exit, and in tests between data folders)."""
    global _server
    with _lock:
        server, _server = _server, None
    if server is not None:
        server.stop()


atexit.register(stop_sandbox)
