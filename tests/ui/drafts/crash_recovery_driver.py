"""Drives the real app in a child process for ``test_crash_recovery.py``.

``python crash_recovery_driver.py edit TEXT``: start the app through its normal entry point
(:func:`app.ui.window.application.run`), type TEXT into the group name field, wait until the
autosaved draft holds it, print ``READY`` and keep running until killed.

``python crash_recovery_driver.py restore``: start the app the same way (the restore offer
is answered by ``TGB_RESTORE_DRAFTS`` in the environment), wait until the document changes,
print ``RESTORED <json>`` with the document's JSON, the title and the modified flag, and quit.

Every wait is bounded: after 30 s the driver prints ``TIMEOUT`` and exits with code 3.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.ui.window.application import run
from app.ui.window.main_window import MainWindow

LIMIT_MS = 30_000


def main_window() -> MainWindow:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            return widget
    raise RuntimeError("no main window")


def poll(check: Any, then: Any, waited: int = 0) -> None:
    """Call ``then()`` once ``check()`` is true, looking every 50 ms, for at most LIMIT_MS."""
    if check():
        then()
    elif waited > LIMIT_MS:
        print("TIMEOUT", flush=True)
        QApplication.exit(3)
    else:
        QTimer.singleShot(50, lambda: poll(check, then, waited + 50))


def edit(text: str) -> None:
    window = main_window()
    page: Any = window.group_tab
    field = page.fields["name"].editor
    field.setFocus()
    QTest.keyClicks(field, text)
    draft_path = window.drafts_feature.autosave.session.draft_path

    def saved() -> bool:
        try:
            draft = json.loads(draft_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return bool(json.loads(draft["text"]).get("name") == text)

    poll(saved, lambda: print("READY", flush=True))


def report_restored() -> None:
    window = main_window()
    report = {
        "payload": json.loads(window.document.model.to_json()),
        "title": window.windowTitle(),
        "modified": window.isWindowModified(),
        "file": str(window.document.file_path) if window.document.file_path else None,
    }
    print("RESTORED " + json.dumps(report), flush=True)
    window.document.undo_stack.setClean()  # nothing to ask on the way out
    window.close()


def main(argv: list[str]) -> int:
    mode = argv[1]
    if mode == "edit":
        QTimer.singleShot(0, lambda: poll(lambda: _session_ready(), lambda: edit(argv[2])))
    else:
        QTimer.singleShot(
            0, lambda: poll(lambda: _built() and main_window().document.is_modified, report_restored)
        )
    return run(["tgb-gui"])


def _built() -> bool:
    return bool(main_window().is_built)  # the window builds its forms after the first paint


def _session_ready() -> bool:
    return _built() and main_window().drafts_feature.autosave.session is not None


if __name__ == "__main__":
    sys.exit(main(sys.argv))
