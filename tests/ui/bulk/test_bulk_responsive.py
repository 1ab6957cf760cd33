"""Checking a big spreadsheet never freezes Bulk create: the window repaints and Cancel answers."""

from __future__ import annotations

import gc
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer

from tests.ui.bulk.test_bulk_dialog import open_bulk, regions, write_rows

pytestmark = [pytest.mark.gui]


class Ticker:
    """A 10 ms timer on the GUI thread; the longest gap between its ticks is the longest freeze."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.clock.start()
        self.last = 0
        self.longest = 0
        self.ticks = 0
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.longest = max(self.longest, now - self.last)
        self.last = now
        self.ticks += 1

    def start(self) -> None:
        self.last = self.clock.elapsed()
        self.longest = 0
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()


def choose(qtbot, dialog, rows: Path) -> None:
    combo = dialog.template_combo
    combo.setFocus()
    qtbot.keyClicks(combo, "Monthly spend")
    dialog.rows_edit.setFocus()
    dialog.rows_edit.setText(str(rows))


def test_checking_2000_rows_keeps_the_window_answering(window, qtbot, tmp_path, capsys):
    rows = write_rows(tmp_path / "regions.csv", regions(2000))
    dialog = open_bulk(window, qtbot)
    choose(qtbot, dialog, rows)
    # The test session's heap (every earlier test's leftovers) is not the app's: keep its full
    # collections out of the measurement, as a freshly started app would not have them.
    gc.collect()
    gc.freeze()
    ticker = Ticker()
    ticker.start()
    started = time.perf_counter()
    try:
        with qtbot.waitSignal(dialog.loaded, timeout=60000):
            qtbot.keyClick(dialog.rows_edit, Qt.Key.Key_Return)
    finally:
        gc.unfreeze()
    took = time.perf_counter() - started
    ticker.stop()
    assert dialog.model.rowCount() == 2000
    with capsys.disabled():
        print(
            f"\nchecking 2,000 rows: {took:.2f} s, {ticker.ticks} ticks, longest freeze {ticker.longest} ms"
        )
    assert ticker.longest <= 100, f"the window froze for {ticker.longest} ms while checking"


def test_cancel_answers_while_rows_are_checked(window, qtbot, tmp_path):
    rows = write_rows(tmp_path / "regions.csv", regions(2000))
    dialog = open_bulk(window, qtbot)
    choose(qtbot, dialog, rows)
    qtbot.keyClick(dialog.rows_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.stop_check_button.isVisible(), timeout=5000)
    started = time.perf_counter()
    qtbot.mouseClick(dialog.stop_check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "stopped" in dialog.summary.text().lower(), timeout=2000)
    assert time.perf_counter() - started < 1.0
    assert dialog.model.rowCount() == 0
    assert not dialog.send_button.isEnabled()
