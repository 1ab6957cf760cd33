"""The embedded sandbox: started on first use of the "Local sandbox" profile, once per data folder.

It serves on a free loopback port from a daemon thread and keeps its groups in
``data_paths().sandbox_dir``, so what a newcomer created is still there next session.
Only one process serves a data folder (:mod:`app.sandbox.instance`): when the app, ``tgb send``
or ``tgb sandbox`` already serves it, :func:`sandbox_url` returns that instance's URL, and when
that process ends, the next call here takes over. The sandbox package is imported only here,
and only when first needed.
"""

from __future__ import annotations

import atexit
import threading
import time
from typing import TYPE_CHECKING

from app.services.paths import data_paths

if TYPE_CHECKING:
    from app.sandbox.faults import Faults
    from app.sandbox.instance import InstanceClaim
    from app.sandbox.server import SandboxServer

#: How long to wait for another process that claimed the folder to start answering.
STARTUP_WAIT_SECONDS = 10.0

_lock = threading.Lock()
_server: SandboxServer | None = None
_claim: InstanceClaim | None = None


class SandboxUnavailable(RuntimeError):
    """Another process claimed the sandbox folder but does not answer."""


def sandbox_url(faults: Faults | None = None) -> str:
    """The base URL of the sandbox serving this data folder: this process's, another's, or a new one.

    Raises:
        SandboxUnavailable: another process holds the folder but did not answer in time.
    """
    from app.sandbox.instance import InstanceClaim, running_url

    folder = data_paths().sandbox_dir
    deadline = time.monotonic() + STARTUP_WAIT_SECONDS
    while True:
        with _lock:
            if _server is not None:
                return _server.url
            claim = InstanceClaim.try_claim(folder)
            if claim is not None:
                return _serve(claim, faults).url
        url = running_url(folder)
        if url is not None:
            return url
        if time.monotonic() > deadline:
            raise SandboxUnavailable(
                f"Another program serves the local sandbox of {folder} but does not answer; close it "
                "and try again."
            )
        time.sleep(0.05)


def embedded_sandbox(faults: Faults | None = None) -> SandboxServer:
    """This process's sandbox server, started here (tests and the in-process benchmarks).

    Raises:
        SandboxUnavailable: another process serves this data folder.
    """
    from app.sandbox.instance import InstanceClaim

    with _lock:
        if _server is not None:
            return _server
        claim = InstanceClaim.try_claim(data_paths().sandbox_dir)
        if claim is None:
            raise SandboxUnavailable("Another process serves the local sandbox of this data folder.")
        return _serve(claim, faults)


def _serve(claim: InstanceClaim, faults: Faults | None) -> SandboxServer:
    """Start the server for a claimed folder (called under ``_lock``)."""
    global _server, _claim
    from app.sandbox.server import SandboxServer

    try:
        server = SandboxServer(claim.folder, faults)
        server.start()
    except BaseException:
        claim.release()
        raise
    claim.publish(server.url)
    _server, _claim = server, claim
    return server


def is_running() -> bool:
    """Whether this process serves the sandbox."""
    with _lock:
        return _server is not None


#: At exit, how long the owner keeps serving after its last request (other processes may be on their way).
EXIT_LINGER_SECONDS = 1.0


def stop_sandbox(linger: float = 0.0) -> None:
    """Stop this process's sandbox and give up the folder (at exit, and in tests between data folders)."""
    global _server, _claim
    with _lock:
        server, _server = _server, None
        claim, _claim = _claim, None
    if server is not None:
        server.stop(linger=linger)
    if claim is not None:
        claim.release()


def _stop_at_exit() -> None:
    stop_sandbox(linger=EXIT_LINGER_SECONDS)


atexit.register(_stop_at_exit)
