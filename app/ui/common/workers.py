"""Running blocking work (disk, network) off the GUI thread and getting the result back by signal.

Usage::

    task = run_in_background(read_json_file, path)
    task.signals.finished.connect(on_loaded)   # called on the GUI thread with the result
    task.signals.failed.connect(on_error)      # called with the exception

Keep a reference to the returned task only if you need to cancel it; the pool owns it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, SignalInstance, Slot


class TaskSignals(QObject):
    """Lives on the GUI thread; results cross over by a queued connection and are re-emitted here,
    so any slot (a lambda included) runs on the GUI thread, and never before the event loop turns."""

    finished = Signal(object)
    failed = Signal(object)
    _done = Signal(object)
    _error = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._done.connect(self._relay_done, Qt.ConnectionType.QueuedConnection)
        self._error.connect(self._relay_error, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _relay_done(self, result: object) -> None:
        self.finished.emit(result)

    @Slot(object)
    def _relay_error(self, error: object) -> None:
        self.failed.emit(error)


class BackgroundTask(QRunnable):
    """One call of ``fn(*args, **kwargs)`` on the global thread pool.

    ``cancelled`` is a :class:`threading.Event` the function may watch when it accepts a
    ``cancel_event`` keyword; after :meth:`cancel`, no result signal is delivered.
    """

    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.signals = TaskSignals()
        self.cancelled = threading.Event()

    def cancel(self) -> None:
        self.cancelled.set()

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:  # every failure must reach the GUI as a message
            if not self.cancelled.is_set():
                self._deliver(self.signals._error, exc)
            return
        if not self.cancelled.is_set():
            self._deliver(self.signals._done, result)

    @staticmethod
    def _deliver(signal: SignalInstance, value: object) -> None:
        with contextlib.suppress(RuntimeError):  # the window closed while the work ran: nobody to tell
            signal.emit(value)


_running: set[BackgroundTask] = set()


def run_in_background(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> BackgroundTask:
    """Start ``fn`` on the global pool; connect to ``task.signals`` right after this returns.

    Signals are queued to the receiver's thread, so connecting just after the call is safe:
    delivery waits for the GUI event loop.
    """
    task = BackgroundTask(fn, *args, **kwargs)
    _running.add(task)
    task.signals.finished.connect(lambda _result: _running.discard(task))
    task.signals.failed.connect(lambda _exc: _running.discard(task))
    QThreadPool.globalInstance().start(task)
    return task


def wait_for_background_tasks(timeout_ms: int = 10000) -> bool:
    """Block until the pool is idle (at shutdown and in tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


class ProgressRelay(QObject):
    """Counts reported by a worker thread (:meth:`report`), delivered on the GUI thread as
    ``reported(done, total)``; reports after the receiver is gone are dropped."""

    reported = Signal(int, int)
    _raw = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._raw.connect(self._relay, Qt.ConnectionType.QueuedConnection)

    @Slot(int, int)
    def _relay(self, done: int, total: int) -> None:
        self.reported.emit(done, total)

    def report(self, done: int, total: int) -> None:
        with contextlib.suppress(RuntimeError):
            self._raw.emit(done, total)
