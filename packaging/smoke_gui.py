"""Checks the bundled app runs when ``TGB_SMOKE`` is set (bundle-only; not part of the app package).

Two modes, both offscreen-friendly, both printing one line per step on standard output:

- ``TGB_SMOKE=startup``: start the window through the app's own start path
  (:func:`app.ui.window.application.start`: the frame first, the rest after its first paint), print
  ``painted`` on the event-loop turn after the first paint and ``built`` once the window is
  usable and repainted in full, and quit. The bundle benchmark times both lines, as
  ``benchmarks/bench_window.py`` does for the source tree with the same probe.
- ``TGB_SMOKE=gui FILE``: open FILE in the real window (off the GUI thread, as File › Open
  does), wait for the window's own validation, send the payload to the Local sandbox profile
  through the same send service the app uses, print the outcome and quit. Exit 0 only when
  the group was created; 1 on any failed step; gives up after 60 s.

Each step also checks what a packaging mistake would break first: the resources are found,
the app icon loads, the window title names the file, and the time zone database is there.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

TIMEOUT_MS = 60_000
#: Well past the ~1,200 keystrokes after which a binding that loses references to None aborts.
KEYSTROKES = 3_000


def main(mode: str, args: list[str]) -> int:
    if mode == "startup":
        return _startup()
    from PySide6.QtCore import QTimer

    from app.ui.window.application import create_application
    from app.ui.window.main_window import MainWindow

    app = create_application(sys.argv[:1])
    window = MainWindow()
    window.show()
    if not args:
        print("smoke: TGB_SMOKE=gui needs a payload FILE", file=sys.stderr)
        return 2
    smoke = _GuiSmoke(app, window, Path(args[0]))
    QTimer.singleShot(0, smoke.start)
    QTimer.singleShot(TIMEOUT_MS, lambda: smoke.fail("timed out after 60 s"))
    app.exec()
    from app.ui.common.workers import wait_for_background_tasks

    wait_for_background_tasks()
    return smoke.code


def _startup() -> int:
    """Time what an operator sees: the frame on screen, then the window usable."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    from app.ui.window.application import start

    app, window = start(sys.argv[:1])

    class PaintProbe(QObject):
        painted = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.painted:
                self.painted = True  # reported once this paint has reached the screen
                QTimer.singleShot(0, lambda: print("painted", flush=True))
            return False

    probe = PaintProbe(window)
    window.installEventFilter(probe)

    def built() -> None:
        window.repaint()  # the built window, not only the frame, is on screen
        print("built", flush=True)
        app.quit()

    window.built.connect(lambda: QTimer.singleShot(0, built))
    app.exec()
    return 0 if probe.painted and window.is_built else 1


class _GuiSmoke:
    def __init__(self, app: Any, window: Any, path: Path) -> None:
        self.app = app
        self.window = window
        self.path = path
        self.code = 1

    def step(self, text: str) -> None:
        print(f"smoke: {text}", flush=True)

    def fail(self, reason: str) -> None:
        print(f"smoke: FAILED: {reason}", flush=True)
        self.code = 1
        self.app.quit()

    def start(self) -> None:
        from app.resources import app_icon_files, resources_root

        self.step(f"resources at {resources_root()}, {len(app_icon_files())} icon sizes")
        if self.window.windowIcon().isNull():
            return self.fail("the window has no icon")
        if not _has_zone("Asia/Kolkata"):
            return self.fail("no time zone database (tzdata) in the bundle")
        self.window.document.fileChanged.connect(self.opened)
        self.window.files.open_file(self.path)

    def opened(self) -> None:
        if self.window.document.file_path != self.path:
            return
        title = self.window.windowTitle()
        if self.path.name not in title:
            return self.fail(f"the window title {title!r} does not name {self.path.name}")
        self.step(f"opened {self.path.name}; title {title!r}")
        self.window.document.refreshed.connect(self.validated)

    def validated(self, _json_text: str, problems: list[Any]) -> None:
        self.window.document.refreshed.disconnect(self.validated)
        errors = [p for p in problems if p.is_error]
        self.step(f"validated: {len(errors)} error(s), {len(problems) - len(errors)} warning(s)")
        if errors:
            return self.fail("; ".join(f"{p.path}: {p.message}" for p in errors))
        trouble = self.type_for_a_while()
        if trouble:
            return self.fail(trouble)
        from app.ui.common.workers import run_in_background

        task = run_in_background(_send, self.window.document.group)
        task.signals.finished.connect(self.sent)
        task.signals.failed.connect(lambda exc: self.fail(f"send raised {exc!r}"))

    def type_for_a_while(self, keystrokes: int = KEYSTROKES) -> str | None:
        """Type into the description as an operator would, then undo it all.

        A Qt binding that loses references to ``None`` (PySide6 6.12.0 on Python 3.11) aborts
        the process after about 1,200 keystrokes; this types well past that and also checks the
        counts directly where Python still keeps them (before 3.12).
        """
        from PySide6.QtCore import QEvent, Qt
        from PySide6.QtGui import QKeyEvent
        from PySide6.QtWidgets import QApplication

        editor = self.window.group_tab.fields["description"].editor
        editor.setFocus()
        stack = self.window.document.undo_stack
        start = stack.index()
        before = sys.getrefcount(None)
        letters = "abcdefghij "
        for i in range(keystrokes):
            char = letters[i % len(letters)]
            key = Qt.Key.Key_Space if char == " " else getattr(Qt.Key, f"Key_{char.upper()}")
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(editor, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char))
            if i % 25 == 0:
                QApplication.processEvents()
        self.window.document.refresh_now()
        lost = before - sys.getrefcount(None) if sys.version_info < (3, 12) else 0
        stack.setIndex(start)
        self.window.document.refresh_now()
        self.step(f"typed {keystrokes} keystrokes; references to None lost: {lost}")
        if lost > 500:
            return f"the Qt binding lost {lost} references to None while typing (it will abort)"
        return None

    def sent(self, outcome: Any) -> None:
        self.step(f"sent: {outcome.status.value}, id {outcome.group_id}: {outcome.message}")
        if outcome.status.value != "created":
            return self.fail("the sandbox did not create the group")
        self.code = 0
        self.app.quit()


def _send(group: Any) -> Any:
    from app.services.profiles import SANDBOX_PROFILE_NAME
    from app.services.sending import Sender

    sender = Sender()
    try:
        plan = sender.prepare(group, SANDBOX_PROFILE_NAME)
        return sender.send(plan, confirmed=True)
    finally:
        sender.close()


def _has_zone(name: str) -> bool:
    """The zone is in the bundled tzdata package (what Windows relies on; Linux has its own)."""
    try:
        from importlib.resources import files

        return files("tzdata.zoneinfo").joinpath(*name.split("/")).is_file()
    except ModuleNotFoundError:
        return False
