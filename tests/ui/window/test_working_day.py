"""A working day in one process: thousands of keystrokes, every dialog many times, the big payload.

Two guards. The first fails when the Qt binding loses references to ``None``, ``True`` or
``False`` (PySide6 6.12.0 on Python 3.11 did, and the app aborted with "none_dealloc" after about
1,200 keystrokes); it checks as it goes, so a drifting binding fails the test instead of killing
the test run. The second is the soak: the process lives, live Qt objects and top-level windows
stay flat, and memory grows by a bounded amount per round.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget

from benchmarks.big_payload import big_unified_payload

#: Python 3.12+ makes None, True and False immortal: their counts no longer move, nor matter.
COUNTED = sys.version_info < (3, 12)
#: Every dialog the menus open (Compare needs a second payload and has its own tests).
DIALOG_ACTIONS = (
    "edit_json",
    "plan",
    "new_from_template",
    "template_library",
    "save_as_template",
    "paste_json",
    "fetch_by_id",
    "profiles",
    "history",
    "on_server",
    "about",
    "bulk_create",
)


def singleton_counts() -> tuple[int, int, int]:
    gc.collect()
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def settle() -> None:
    """Let queued work, deferred deletes and collected wrappers go, as the event loop would."""
    app = QCoreApplication.instance()
    assert app is not None
    for _ in range(3):
        app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def live_qobjects() -> int:
    """Every QObject in a window's tree, plus the application's own children."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    tops = QApplication.topLevelWidgets()
    return len(tops) + sum(len(w.findChildren(QObject)) for w in tops) + len(app.findChildren(QObject))


def rss_mb() -> float:
    """The resident set now (not the peak), from /proc."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class _Emitter(QObject):
    flag = Signal(bool)
    nothing = Signal()


@pytest.mark.skipif(not COUNTED, reason="None, True and False are immortal on Python 3.12+")
def test_the_binding_keeps_its_references_to_none_true_and_false(window, qtbot):
    """Type, emit and pump events in chunks; fail at the first chunk that loses references."""
    name = window.group_tab.fields["name"].editor
    description = window.group_tab.fields["description"].editor
    label = QLabel("Name", window)
    emitter = _Emitter()
    seen: list[bool] = []
    emitter.flag.connect(seen.append)
    emitter.nothing.connect(lambda: None)
    app = QApplication.instance()
    assert app is not None
    start = singleton_counts()
    keystrokes = 0
    for chunk in range(30):
        field = name if chunk % 2 == 0 else description
        field.setFocus()
        qtbot.keyClicks(field, "abcdefghij" * 10)  # 100 keystrokes
        keystrokes += 100
        for i in range(100):
            emitter.flag.emit(i % 2 == 0)
            emitter.nothing.emit()
            app.processEvents()
            label.buddy()  # a call that returns None
        field.clear()
        now = singleton_counts()
        lost = [before - after for before, after in zip(start, now, strict=True)]
        assert max(lost) < 200, (
            f"after {keystrokes} keystrokes and {(chunk + 1) * 200} emits the binding lost "
            f"{lost[0]} references to None, {lost[1]} to True, {lost[2]} to False "
            f"(counts {start} -> {now}): it will abort with none_dealloc"
        )
    assert len(seen) == 3000


@pytest.mark.slow
def test_a_working_day_keeps_the_process_alive_and_flat(window, qtbot, capsys):
    from app.domain.target_groups.validate import load_payload

    figures: list[str] = []

    def close_dialogs() -> None:
        for widget in QApplication.topLevelWidgets():
            if widget is window or not widget.isVisible():
                continue
            if isinstance(widget, QDialog):
                widget.reject()
            else:
                widget.close()
        settle()

    # Every dialog, 20 times: the first two rounds warm caches up, the rest must add nothing.
    counts: list[tuple[int, int, float]] = []
    for _round in range(20):
        for action_id in DIALOG_ACTIONS:
            window.menu_actions[action_id].trigger()
            qtbot.wait(1)
            close_dialogs()
            assert window.isVisible()
        from app.ui.common.workers import wait_for_background_tasks

        wait_for_background_tasks()
        settle()
        counts.append((live_qobjects(), len(QApplication.topLevelWidgets()), rss_mb()))
    objects = [c[0] for c in counts]
    windows = [c[1] for c in counts]
    grown = counts[-1][2] - counts[2][2]
    figures.append(
        f"dialogs x20: QObjects {objects[2]} -> {objects[-1]}, top-level windows {windows[2]} -> "
        f"{windows[-1]}, RSS {counts[2][2]:.1f} -> {counts[-1][2]:.1f} MB "
        f"({grown / 17 * 1024:.0f} KB per round)"
    )
    assert objects[-1] - objects[2] <= 5, f"QObjects per round of dialogs: {objects}"
    assert windows[-1] == windows[2], f"top-level windows per round of dialogs: {windows}"
    assert grown / 17 < 1.0, f"memory per round of dialogs: {[round(c[2], 1) for c in counts]}"

    # The big payload (366 periods x 50 targets), opened, edited and undone 30 times.
    big = load_payload(big_unified_payload()).model
    small = load_payload(big_unified_payload(periods=3, targets=2)).model
    assert big is not None and small is not None
    name = window.group_tab.fields["name"].editor
    rounds: list[tuple[int, float]] = []
    for _round in range(30):
        window.document.load(big.model_copy(deep=True), None)
        window.tabs.setCurrentIndex(0)
        name.setFocus()
        qtbot.keyClicks(name, " edited")
        window.document.refresh_now()
        assert "edited" in window.preview.toPlainText()[:400]
        window.menu_actions["undo"].trigger()
        window.document.refresh_now()
        assert "edited" not in window.preview.toPlainText()[:400]
        window.document.load(small.model_copy(deep=True), None)
        window.document.refresh_now()
        settle()
        rounds.append((live_qobjects(), rss_mb()))
    grown = rounds[-1][1] - rounds[4][1]
    figures.append(
        f"big payload x30: QObjects {rounds[4][0]} -> {rounds[-1][0]}, RSS {rounds[4][1]:.1f} -> "
        f"{rounds[-1][1]:.1f} MB ({grown / 25 * 1024:.0f} KB per round)"
    )
    assert rounds[-1][0] - rounds[4][0] <= 5, f"QObjects per big round: {[r[0] for r in rounds]}"
    assert grown / 25 < 2.0, f"memory per big round: {[round(r[1], 1) for r in rounds]}"

    # 3,000 keystrokes of plain typing into the name and the description.
    before = (live_qobjects(), rss_mb())
    window.document.load(small.model_copy(deep=True), None)
    for chunk in range(30):
        field: QWidget = window.group_tab.fields["name" if chunk % 2 else "description"].editor
        field.setFocus()
        qtbot.keyClicks(field, "working day " * 8 + "tgb ")  # 100 keystrokes
    window.document.refresh_now()
    settle()
    after = (live_qobjects(), rss_mb())
    figures.append(
        f"3,000 keystrokes: QObjects {before[0]} -> {after[0]}, RSS {before[1]:.1f} -> {after[1]:.1f} MB"
    )
    assert after[0] - before[0] <= 5
    assert window.isVisible()
    with capsys.disabled():
        print("\nworking day: " + "; ".join(figures))
