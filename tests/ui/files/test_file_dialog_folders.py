"""File dialogs start beside the open file, else in the last folder used, else in Documents or the
home folder; never in the program's own folder."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from tests.ui.files.test_imports import REQUEST


def test_open_starts_away_from_the_program_then_where_the_last_file_was(window, qtbot, monkeypatch, tmp_path):
    starts: list[str] = []
    folder = tmp_path / "payloads"
    folder.mkdir()
    chosen = folder / "group.json"
    chosen.write_bytes(REQUEST.read_bytes())

    def pick(parent, title, start, filters):
        starts.append(start)
        return str(chosen), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))
    from app.ui.widgets import file_dialogs

    monkeypatch.setattr(file_dialogs, "_last_folder", None)
    window.menu_actions["import_response"].trigger()
    qtbot.waitUntil(lambda: window.document.model.name == "uatTargetGroup130", timeout=5000)
    assert starts and Path(starts[0]).resolve() != Path(os.getcwd()).resolve()
    assert starts[0]  # a real folder, not "" (which means the working directory)
    window.document.undo_stack.setClean()
    window.menu_actions["import_response"].trigger()
    qtbot.waitUntil(lambda: len(starts) == 2, timeout=5000)
    assert Path(starts[1]) == folder  # the folder of the last file chosen
