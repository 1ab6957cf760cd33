"""The history window after real sends to the loopback sandbox: search, details, open as a
draft, exports (CSV cells a spreadsheet would run are neutralised), and fetch by id."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services.history import History, export_csv
from tests.services import sending_support as support
from tests.ui.send.test_send_flow import add_profile, name_check, press_send, use_payload

keychain = support.keychain
sandbox = support.sandbox

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("keychain")]


def send(qtbot, window, name: str, **changes) -> Any:
    use_payload(window, qtbot, name, **changes)
    with qtbot.waitSignal(window.send.flow.finished, timeout=15000) as done:
        press_send(window, qtbot)
    return done.args[0]


@pytest.fixture
def sent_window(qtbot, window, sandbox):
    """A window that sent three groups (the third refused: its name is taken)."""
    add_profile(qtbot, window, sandbox.url)
    name_check(window, False)  # the third is refused by the server itself, not by the name check
    assert send(qtbot, window, "Spring push").created
    assert send(qtbot, window, "=SUM(1,2) promo").created
    assert not send(qtbot, window, "SPRING PUSH", description="again").created
    window.send.flow.result_dialog.close()
    return window


def open_history(qtbot, window):
    history = window.send.open_history()
    qtbot.addWidget(history)
    qtbot.waitUntil(lambda: history.model.rowCount() > 0, timeout=5000)
    return history


def test_the_table_model_passes_qtmodeltester(qtbot, qtmodeltester, sent_window) -> None:
    history = open_history(qtbot, sent_window)
    qtmodeltester.check(history.model)


def test_search_and_details(qtbot, sent_window) -> None:
    history = open_history(qtbot, sent_window)
    assert history.model.rowCount() == 3 and history.count_label.text() == "3 submissions"
    newest = history.selected_entry()
    assert newest is not None and newest.outcome == "rejected" and newest.error_codes == "310069"
    assert '"SPRING PUSH"' in history.payload_view.toPlainText()
    assert "310069" in history.response_view.toPlainText()
    with qtbot.waitSignal(history.loaded, timeout=5000):
        qtbot.keyClicks(history.search_edit, "spring")
    assert [e.payload_name for e in history.model.entries()] == ["SPRING PUSH", "Spring push"]
    with qtbot.waitSignal(history.loaded, timeout=5000):
        history.search_edit.clear()
        qtbot.keyClicks(history.search_edit, "310069")
    assert [e.payload_name for e in history.model.entries()] == ["SPRING PUSH"]
    with qtbot.waitSignal(history.loaded, timeout=5000):
        history.search_edit.clear()
        qtbot.keyClicks(history.search_edit, "nothing like this")
    assert history.model.rowCount() == 0 and not history.open_button.isEnabled()


def test_open_as_new_draft_loads_the_sent_payload_unsaved(qtbot, sent_window) -> None:
    window = sent_window
    use_payload(window, qtbot, "Something else")
    history = open_history(qtbot, window)
    history.table.selectRow(2)
    assert history.selected_entry().payload_name == "Spring push"
    qtbot.mouseClick(history.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.document.model.name == "Spring push", timeout=5000)
    assert window.document.is_modified and window.document.file_path is None
    # the draft comes to the front with the keyboard, not behind the History window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def test_exports_off_the_gui_thread_with_formulas_neutralised(qtbot, sent_window, tmp_path: Path) -> None:
    history = open_history(qtbot, sent_window)
    with qtbot.waitSignal(history.exported, timeout=5000):
        history.export("csv", tmp_path / "h.csv")
    with qtbot.waitSignal(history.exported, timeout=5000):
        history.export("json", tmp_path / "h.json")
    rows = list(csv.DictReader((tmp_path / "h.csv").open(encoding="utf-8")))
    assert [r["payload_name"] for r in rows] == ["SPRING PUSH", "'=SUM(1,2) promo", "Spring push"]
    assert rows[0]["error_codes"] == "310069" and rows[0]["outcome"] == "rejected"
    exported = json.loads((tmp_path / "h.json").read_text(encoding="utf-8"))
    assert exported[1]["payload_name"] == "=SUM(1,2) promo"  # JSON keeps the true value
    assert "Exported 3 row(s)" in history.message.text()


def test_csv_export_neutralises_every_formula_start(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    for name in ("=1+1", "+1", "-2", "@SUM(A1)", "plain", "a=b"):
        row = history.record_attempt("p", "h", name, {"name": name})
        history.record_outcome(row, "failed", message=f"-{name}")
    export_csv(history.search(), tmp_path / "out.csv")
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    names = [r["payload_name"] for r in reversed(rows)]
    assert names == ["'=1+1", "'+1", "'-2", "'@SUM(A1)", "plain", "a=b"]
    assert all(r["message"].startswith("'-") for r in rows)
    assert rows[0]["id"] == "6"  # numbers are left alone


def test_fetch_by_id_opens_the_group_as_a_draft(qtbot, sent_window, sandbox) -> None:
    window = sent_window
    stored = {g["name"]: g["id"] for g in sandbox.store.all()}
    fetch = window.send.fetch
    assert fetch.action in window.menu_actions.menu("file").actions()
    dialog = fetch.ask()
    assert "Test org" in dialog.labelText()
    dialog.setIntValue(stored["Spring push"])
    dialog.accept()
    qtbot.waitUntil(lambda: window.document.model.name == "Spring push", timeout=10000)
    assert window.document.is_modified
    assert len(window.document.model.periods) == 2 and window.document.model.targets
    window.document.undo_stack.setClean()
    dialog = fetch.ask()
    dialog.setIntValue(987654)
    dialog.accept()
    qtbot.waitUntil(
        lambda: window.last_message is not None and "987654" in window.last_message.text(), timeout=10000
    )
    assert "310017" in window.last_message.text() or "not" in window.last_message.text().lower()
    assert window.document.model.name == "Spring push"


def test_the_history_window_closes_on_esc_and_has_a_close_button(window, qtbot):
    history = window.send.open_history()
    qtbot.waitExposed(history)
    assert history.close_button.text() == "Close"
    history.activateWindow()
    qtbot.waitUntil(lambda: history.isActiveWindow())
    qtbot.keyClick(history.search_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not history.isVisible())
    history = window.send.open_history()
    qtbot.waitExposed(history)
    qtbot.mouseClick(history.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not history.isVisible())
