"""Templates › Bulk create… in the real window, against a real loopback sandbox: choose a template
and a spreadsheet, see each row's problems, fix one in place, Send all with progress, Pause and
Cancel, follow a row to its history entry, and go on with an unfinished run at the next start."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMessageBox

from app.cli import main
from app.sandbox.faults import Faults
from app.sandbox.server import SandboxServer
from app.services.bulk import Journal
from app.ui.bulk.rows_model import CHECK, FIXED, NAME, RESULT
from tests.services import sending_support as support

keychain = support.keychain
sandbox = support.sandbox

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("keychain")]


def write_rows(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    return path


def regions(count: int) -> list[dict[str, Any]]:
    return [
        {"name": f"Region {n:03d} spend", "target": "monthly_sales", "value": 5000 + n} for n in range(count)
    ]


def use_sandbox_profile(window, qtbot, monkeypatch, sandbox: SandboxServer, name: str = "Test org") -> None:
    monkeypatch.setenv("TGB_PASSWORD", "secret-one")
    assert main(["profiles", "add", name, "--host", sandbox.url, "--till-code", "till.one"]) == 0
    monkeypatch.delenv("TGB_PASSWORD")
    window.send.picker.reload(select=name)
    qtbot.waitUntil(lambda: window.send.picker.current_profile().name == name, timeout=5000)


def open_bulk(window, qtbot):
    """Templates › Bulk create…, as picked from the menu."""
    menu = window.menu_actions.menu("templates")
    action = next(a for a in menu.actions() if a.text().replace("&", "") == "Bulk create…")
    action.trigger()
    dialog = window.bulk.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.template_combo.count() > 1, timeout=5000)
    assert dialog.template_combo.currentText() == "Choose a template…"
    return dialog


def choose(qtbot, dialog, rows: Path, template_title: str = "Monthly spend") -> None:
    """Type the template's title into its list, then the rows file's path and Enter."""
    combo = dialog.template_combo
    combo.setFocus()
    qtbot.keyClicks(combo, template_title)
    assert combo.currentText().startswith(template_title)
    dialog.rows_edit.setFocus()
    qtbot.keyClicks(dialog.rows_edit, str(rows))
    with qtbot.waitSignal(dialog.loaded, timeout=10000):
        qtbot.keyClick(dialog.rows_edit, Qt.Key.Key_Return)


def cell(dialog, row: int, column: int) -> str:
    return str(dialog.model.index(row, column).data() or "")


def column_of(dialog, name: str) -> int:
    return len(FIXED) + dialog.model.columns.index(name)


def edit_cell(qtbot, dialog, row: int, column: int, text: str) -> None:
    """Select the cell, press F2, replace its text and press Enter (as an operator would)."""
    table = dialog.table
    index = dialog.model.index(row, column)
    table.scrollTo(index)
    table.setCurrentIndex(index)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    assert table.state() == QAbstractItemView.State.EditingState
    editor = QApplication.focusWidget()
    assert editor is not table and editor is not None and table.isAncestorOf(editor)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    qtbot.wait(20)  # the closed editor is deleted


def names_on(sandbox: SandboxServer) -> list[str]:
    return sorted(g["name"] for g in sandbox.store.all())


def test_rows_are_checked_fixed_in_place_sent_and_linked_to_history(
    window, qtbot, tmp_path: Path, monkeypatch, sandbox: SandboxServer
) -> None:
    use_sandbox_profile(window, qtbot, monkeypatch, sandbox)
    data = [
        *regions(3),
        {"name": "Region 000 SPEND", "target": "t", "value": 1},
        {"name": "Bad value", "target": "t", "value": "lots"},
    ]
    rows = write_rows(tmp_path / "regions.csv", data)
    dialog = open_bulk(window, qtbot)
    assert "Test org" in dialog.profile_label.text()
    choose(qtbot, dialog, rows)

    assert dialog.model.rowCount() == 5
    assert [cell(dialog, r, NAME) for r in range(5)][:3] == [
        "Region 000 spend",
        "Region 001 spend",
        "Region 002 spend",
    ]
    assert cell(dialog, 0, CHECK).startswith("1 error") and "rows 2, 5" in cell(dialog, 0, CHECK)
    assert "with errors" in dialog.summary.text()
    assert not dialog.send_button.isEnabled()  # nothing is sent while a row has errors
    assert dialog.table.currentIndex().row() == 0  # the first row with a problem is chosen
    assert "regions.csv:row 2 (Region 000 spend): name: error:" in dialog.details.toPlainText()

    edit_cell(qtbot, dialog, 3, NAME, "Region 003 spend")  # the Name column edits the name's column
    assert cell(dialog, 3, column_of(dialog, "name")) == "Region 003 spend"
    edit_cell(qtbot, dialog, 4, column_of(dialog, "value"), "7000")
    assert [cell(dialog, r, CHECK) for r in range(5)] == ["Ready"] * 5
    # Ctrl+Z takes the last edit back (the row is wrong again), Ctrl+Shift+Z puts it back
    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert cell(dialog, 4, column_of(dialog, "value")) == "lots" and not dialog.send_button.isEnabled()
    assert cell(dialog, 4, CHECK).startswith("1 error")
    qtbot.keyClick(
        dialog.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert cell(dialog, 4, column_of(dialog, "value")) == "7000"
    assert [cell(dialog, r, CHECK) for r in range(5)] == ["Ready"] * 5
    assert dialog.send_button.isEnabled()

    with qtbot.waitSignal(dialog.runFinished, timeout=20000):
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert "Done: 5 created, 0 refused, 0 unknown." in dialog.summary.text()
    assert dialog.progress.value() == dialog.progress.maximum() == 5
    assert names_on(sandbox) == sorted([*(r["name"] for r in regions(3)), "Region 003 spend", "Bad value"])
    by_name = {g["name"]: g for g in sandbox.store.all()}
    assert cell(dialog, 4, RESULT) == f"Created (id {by_name['Bad value']['id']})"
    assert by_name["Bad value"]["targets"][0]["defaultValues"][0]["defaultValue"] == 7000

    dialog.table.setCurrentIndex(dialog.model.index(4, RESULT))
    dialog.table.doubleClicked.emit(dialog.model.index(4, RESULT))
    history = window.send.history_window
    assert history is not None
    qtbot.waitUntil(
        lambda: history.selected_entry() is not None and history.selected_entry().payload_name == "Bad value",
        timeout=5000,
    )
    assert history.selected_entry().created_id == by_name["Bad value"]["id"]
    history.close()
    dialog.close()  # nothing edited is left unsent: it closes without asking
    assert not dialog.isVisible()


def test_pause_cancel_then_the_next_start_offers_to_go_on(
    window, qtbot, tmp_path: Path, monkeypatch, sandbox: SandboxServer
) -> None:
    from app.ui.common.workers import wait_for_background_tasks
    from app.ui.window.main_window import MainWindow

    use_sandbox_profile(window, qtbot, monkeypatch, sandbox)
    rows = write_rows(tmp_path / "many.csv", regions(40))
    dialog = open_bulk(window, qtbot)
    choose(qtbot, dialog, rows)
    sandbox.set_faults(Faults(latency_ms=60))
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.value() >= 4, timeout=10000)
    qtbot.mouseClick(dialog.pause_button, Qt.MouseButton.LeftButton)
    assert dialog.pause_button.text().replace("&", "") == "Resume" and "Paused" in dialog.summary.text()
    qtbot.wait(400)  # the rows on the wire finish
    held = len(sandbox.store.all())
    qtbot.wait(400)
    assert len(sandbox.store.all()) == held < 40  # no new row starts while paused
    qtbot.mouseClick(dialog.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(sandbox.store.all()) > held, timeout=5000)
    with qtbot.waitSignal(dialog.runFinished, timeout=10000):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.summary.text().startswith("Stopped:")
    made = len(sandbox.store.all())
    assert 0 < made < 40
    dialog.close()

    # The next start offers the run back; Resume shows its rows, Send all goes on.
    window.document.undo_stack.setClean()
    window.close()
    wait_for_background_tasks()
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(
        lambda: second.bulk.offer_box is not None and second.bulk.offer_box.isVisible(), timeout=5000
    )
    box = second.bulk.offer_box
    assert f"{40 - made} of 40 row(s) of many.csv are not created yet (to Test org" in box.text()
    resume = next(b for b in box.buttons() if b.text().replace("&", "") == "Resume…")
    qtbot.mouseClick(resume, Qt.MouseButton.LeftButton)
    again = second.bulk.dialog
    assert again is not None
    qtbot.waitUntil(lambda: again.model.rowCount() == 40, timeout=10000)
    assert "unfinished run" in again.summary.text()
    assert sum(1 for r in range(40) if cell(again, r, RESULT).startswith("Created")) == made
    sandbox.set_faults(None)
    with qtbot.waitSignal(again.runFinished, timeout=20000):
        qtbot.mouseClick(again.send_button, Qt.MouseButton.LeftButton)
    assert names_on(sandbox) == sorted(
        r["name"] for r in regions(40)
    )  # every row once: none twice, none lost
    assert "Done: 40 created" in again.summary.text()
    journal = Journal()
    assert journal.unfinished_runs() == []
    journal.close()
    again.close()
    second.document.undo_stack.setClean()
    wait_for_background_tasks()


def test_closing_mid_run_asks_and_stops_after_the_rows_on_the_wire(
    window, qtbot, tmp_path: Path, monkeypatch, sandbox: SandboxServer
) -> None:
    use_sandbox_profile(window, qtbot, monkeypatch, sandbox)
    rows = write_rows(tmp_path / "close.csv", regions(30))
    dialog = open_bulk(window, qtbot)
    choose(qtbot, dialog, rows)
    sandbox.set_faults(Faults(latency_ms=50))
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.value() >= 2, timeout=10000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    box = dialog.question
    assert isinstance(box, QMessageBox) and box.isVisible() and dialog.isVisible()
    stop = next(b for b in box.buttons() if b.text() == "Stop and close")
    with qtbot.waitSignal(dialog.runFinished, timeout=10000):
        qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    journal = Journal()
    (run,) = journal.unfinished_runs()
    assert run["left"] == 30 - len(sandbox.store.all()) > 0
    journal.close()


def test_a_bad_spreadsheet_says_what_is_wrong_and_nothing_breaks(window, qtbot, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    dialog = open_bulk(window, qtbot)
    choose(qtbot, dialog, broken)
    assert "broken.xlsx" in dialog.summary.text() and "XLSX" in dialog.summary.text()
    assert dialog.model.rowCount() == 0 and not dialog.send_button.isEnabled()
    missing = tmp_path / "nowhere.csv"
    dialog.rows_edit.clear()
    qtbot.keyClicks(dialog.rows_edit, str(missing))
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        qtbot.keyClick(dialog.rows_edit, Qt.Key.Key_Return)
    assert "nowhere.csv" in dialog.summary.text()
    dialog.close()


def test_production_is_asked_about_first_and_cancel_sends_nothing(
    window, qtbot, tmp_path: Path, monkeypatch, sandbox: SandboxServer
) -> None:
    monkeypatch.setenv("TGB_PASSWORD", "secret-one")
    assert (
        main(["profiles", "add", "Live org", "--host", sandbox.url, "--till-code", "t", "--production"]) == 0
    )
    monkeypatch.delenv("TGB_PASSWORD")
    window.send.picker.reload(select="Live org")
    qtbot.waitUntil(lambda: window.send.picker.current_profile().name == "Live org", timeout=5000)
    dialog = open_bulk(window, qtbot)
    assert "PRODUCTION" in dialog.profile_label.text()
    choose(qtbot, dialog, write_rows(tmp_path / "live.csv", regions(3)))

    def question() -> QMessageBox:
        qtbot.waitUntil(lambda: dialog.question is not None and dialog.question.isVisible(), timeout=5000)
        box = dialog.question
        assert box is not None
        return box

    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    box = question()
    assert "Send 3 target group(s) to PRODUCTION (Live org" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.summary.text() == "Nothing was sent.", timeout=5000)
    assert sandbox.store.all() == [] and dialog.send_button.isEnabled()
    dialog.question = None
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    box = question()
    with qtbot.waitSignal(dialog.runFinished, timeout=20000):
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert names_on(sandbox) == sorted(r["name"] for r in regions(3))
    dialog.close()


def test_quitting_the_app_mid_run_keeps_the_rest_for_next_time(
    qtbot, isolated_home, tmp_path: Path, monkeypatch, sandbox: SandboxServer, capfd
) -> None:
    from app.ui.common.workers import wait_for_background_tasks
    from app.ui.window.main_window import MainWindow

    window = MainWindow()
    window.show()
    qtbot.waitExposed(window)
    use_sandbox_profile(window, qtbot, monkeypatch, sandbox)
    dialog = open_bulk(window, qtbot)
    choose(qtbot, dialog, write_rows(tmp_path / "quit.csv", regions(30)))
    sandbox.set_faults(Faults(latency_ms=50))
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.value() >= 2, timeout=10000)
    window.document.undo_stack.setClean()
    window.close()  # File › Quit: the run stops after the rows on the wire
    window.deleteLater()
    qtbot.wait(50)
    assert wait_for_background_tasks(20000)
    made = len(sandbox.store.all())
    journal = Journal()
    (run,) = journal.unfinished_runs()
    journal.close()
    assert 0 < made < 30 and run["left"] == 30 - made
    err = capfd.readouterr().err
    assert "Traceback" not in err and "has been deleted" not in err


def test_the_window_and_a_terminal_never_run_the_same_rows_at_once(
    window, qtbot, tmp_path: Path, monkeypatch, sandbox: SandboxServer
) -> None:
    """A terminal's tgb bulk holds the run: the window's Send all says who, and sends nothing; once
    the terminal is done, Send all finds every row created, each once on the server."""
    import os
    import subprocess

    from tests.bulk.test_bulk_crash_and_resume import ROOT, _command, _env

    use_sandbox_profile(window, qtbot, monkeypatch, sandbox)
    rows = write_rows(tmp_path / "regions.csv", regions(30))
    sandbox.set_faults(Faults(latency_ms=80))
    env = _env(Path(os.environ["TGB_HOME"]))  # the window's data folder, the password in the environment
    terminal = subprocess.Popen(
        _command(rows, "Test org"),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        qtbot.waitUntil(lambda: len(sandbox.store.all()) >= 1, timeout=20000)
        dialog = open_bulk(window, qtbot)
        choose(qtbot, dialog, rows)
        assert dialog.send_button.isEnabled()
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Nothing was sent" in dialog.summary.text(), timeout=10000)
        assert "tgb bulk, process" in dialog.summary.text() and "under way" in dialog.summary.text()
        _out, err = terminal.communicate(timeout=120)
    finally:
        if terminal.poll() is None:
            terminal.kill()
    assert terminal.returncode == 0, err[-400:]
    sandbox.set_faults(None)
    with qtbot.waitSignal(dialog.runFinished, timeout=30000):
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert "Done: 30 created" in dialog.summary.text()
    assert names_on(sandbox) == sorted(r["name"] for r in regions(30))
