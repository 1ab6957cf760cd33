"""Start-up: the window is on screen at once, fully usable right after, and stays light.

The start path (:func:`app.ui.window.application.start`, what ``python -m app`` runs) shows the
window's frame before the domain and the forms exist and builds them right after the first
paint. These tests check what an operator would notice: nothing can be clicked or typed
into before the window is built, everything works after, a file named on the command line
is opened, and the heavy libraries are not loaded just to show the window.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.ui.common.workers import wait_for_background_tasks
from app.ui.widgets.field_widgets import TimeZoneField
from app.ui.window.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[3]
FIXTURE = ROOT / "tests" / "fixtures" / "request-uatTargetGroup130-event-sum.json"


@pytest.fixture
def started(qtbot, isolated_home):
    """Start the app through its real start path; returns a function taking argv."""
    from app.ui.window.application import start

    windows: list[MainWindow] = []

    def launch(argv: list[str]) -> MainWindow:
        _app, window = start(argv)
        windows.append(window)
        return window

    yield launch
    for window in windows:
        wait_for_background_tasks()
        if window.is_built:
            window.document.undo_stack.setClean()
        window.close()
        window.deleteLater()


def test_frame_is_inert_until_built_then_everything_works(started, qtbot):
    window = started(["tgb-gui"])
    assert window.isVisible()
    assert not window.is_built
    assert [a.text() for a in window.menu_actions.menu("file").actions()][:2] == ["&New", "&Open…"]
    assert not window.menu_actions["new"].isEnabled() and not window.menu_actions["save"].isEnabled()
    assert not window.tabs.currentWidget().isEnabled()  # nothing to type into yet
    assert window.counts_label.text() == "Loading…"

    with qtbot.waitSignal(window.built, timeout=10_000):
        pass
    assert window.is_built
    assert window.tabs.currentWidget() is window.group_tab
    assert window.menu_actions["new"].isEnabled() and window.menu_actions["save"].isEnabled()
    assert not window.undo_action.isEnabled()
    name = window.group_tab.fields["name"].editor
    qtbot.keyClicks(name, "spring_push")
    qtbot.waitUntil(lambda: '"name": "spring_push"' in window.preview.toPlainText())
    assert window.undo_action.isEnabled()
    assert window.undo_action.text().startswith("&Undo")
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: '"spring_push"' not in window.preview.toPlainText())
    assert window.redo_action.isEnabled()
    assert re.fullmatch(r"\d+ errors?, \d+ warnings?", window.counts_label.text())


def test_a_file_named_on_the_command_line_is_opened_once_built(started, qtbot):
    window = started(["tgb-gui", str(FIXTURE)])
    qtbot.waitUntil(lambda: window.is_built and window.document.file_path == FIXTURE, timeout=10_000)
    assert window.document.model.name == "uatTargetGroup130"
    assert "request-uatTargetGroup130-event-sum.json" in window.windowTitle()
    assert not window.isWindowModified()


def test_features_are_created_once_the_window_is_built(started, qtbot):
    window = started(["tgb-gui"])
    assert not hasattr(window, "send")  # not while only the frame exists
    assert not window.menu_actions["send"].isEnabled() and not window.menu_actions["about"].isEnabled()
    with qtbot.waitSignal(window.built, timeout=10_000):
        pass
    from app.ui.send.feature import SendFeature
    from app.ui.templates.feature import TemplatesFeature

    assert isinstance(window.send, SendFeature) and isinstance(window.templates, TemplatesFeature)
    assert window.menu_actions["send"].isEnabled() and window.menu_actions["about"].isEnabled()
    assert window.menu_actions.slot("send_to").findChild(type(window.send.picker)) is window.send.picker


def test_time_zone_list_is_filled_when_first_opened(window, qtbot):
    zone = window.group_tab.fields["timeZoneName"]
    assert isinstance(zone, TimeZoneField)
    assert zone.editor.count() == 0  # not built with the form
    zone.editor.showPopup()
    assert zone.editor.count() > 300
    zone.editor.hidePopup()
    assert zone.editor.currentText() == ""  # filling it chose nothing
    assert not window.isWindowModified()


def test_time_zone_list_keeps_the_value_shown_when_filled(sample_window, qtbot):
    zone = sample_window.group_tab.fields["timeZoneName"]
    assert isinstance(zone, TimeZoneField)
    assert zone.editor.currentText() == "Asia/Kolkata"
    zone.editor.setFocus()
    qtbot.keyClick(zone.editor.lineEdit(), Qt.Key.Key_End)
    assert zone.editor.count() > 300
    assert zone.editor.currentText() == "Asia/Kolkata"
    assert zone.editor.itemText(zone.editor.currentIndex()) == "Asia/Kolkata"
    assert not sample_window.isWindowModified()


_PROBE = """
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from app.ui.window.application import start
app, window = start(["tgb-gui"])
seen = {}
def loaded():
    return sorted(m for m in sys.modules if m.split(".")[0] in NAMES or m.startswith(PREFIXES))
NAMES = {"pydantic", "httpx", "keyring", "sqlite3", "ssl"}
PREFIXES = (
    "app.domain",
    "app.sandbox",
    "app.services.capillary_client",
    "app.services.history",
    "app.services.sending",
    "app.services.credentials",
    "app.ui.send.flow",
    "app.ui.templates.library_dialog",
    "app.ui.widgets.diff_dialog",
    "app.ui.editors.target_groups.periods.periods_tab",
    "app.ui.editors.target_groups.targets.targets_tab",
    "app.ui.bulk.dialog",
)
class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "painted" not in seen:
            seen["painted"] = loaded()
        return False
probe = Probe()
window.installEventFilter(probe)
def built():
    seen["built"] = loaded()
    import linecache
    seen["sources_read"] = sorted(name for name in linecache.cache if "app" in name and "_pyside" not in name)
    print(json.dumps(seen), flush=True)
    app.quit()
window.built.connect(lambda: QTimer.singleShot(0, built))
app.exec()
"""


def test_first_paint_needs_no_domain_and_no_heavy_library(tmp_path):
    env = {**os.environ, "TGB_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["painted"] == []  # not pydantic, the domain, HTTP, keychain, SQLite or the sandbox
    assert "pydantic" in seen["built"] and "app.domain.validate" in seen["built"]
    heavy = [
        m
        for m in seen["built"]
        if m.split(".")[0] in ("httpx", "keyring", "ssl", "sqlite3")
        or m.startswith(("app.sandbox", "app.services.sending", "app.services.credentials"))
        or m.startswith(("app.services.history", "app.ui.send.flow", "app.ui.templates.library_dialog"))
        or m.startswith(
            (
                "app.ui.widgets.diff_dialog",
                "app.ui.editors.target_groups.periods.periods_tab",
                "app.ui.editors.target_groups.targets.targets_tab",
                "app.domain.promotions.models",  # the other kind: a target-group window never needs it
                "app.domain.conversions.target_group_to_promotion",
                "app.ui.bulk.dialog",  # Bulk create's window and its parts: when first opened
            )
        )
    ]
    assert heavy == []  # HTTP, keychain, history, sandbox, dialogs, hidden tabs: when first needed
    # PySide6 looks for "PySide6" in every module imported (the few before it at once, in one go);
    # that must not leave the app's sources in memory (app.ui._pyside reads bytes instead).
    assert seen["sources_read"] == []


def test_send_fetch_history_and_templates_still_work_when_first_used(window, qtbot):
    """What the window no longer builds up front is made the first time it is asked for."""
    send = window.send
    assert send.flow.send_service is send.send_service  # one sender for the window
    assert send.send_action.isEnabled()
    history = send.open_history()
    qtbot.waitUntil(history.isVisible)
    history.close()
    dialog = window.templates.open_library()
    qtbot.waitUntil(dialog.isVisible)
    dialog.close()


def _click_tab(qtbot, window: MainWindow, index: int) -> None:
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


def test_hidden_tabs_are_built_when_opened_and_their_problem_counts_show_before(sample_window, qtbot):
    window = sample_window
    problems = window.document.problems
    in_periods = [p for p in problems if p.path.startswith("periods")]
    in_targets = [p for p in problems if p.path.startswith("targets")]
    assert in_periods and in_targets  # the example's periods have ended; its target has no event name
    assert list(window.tab_widgets.built_pages()) == ["group"]
    assert window.tabs.tabText(1) == f"Periods ({len(in_periods)})"
    assert window.tabs.tabText(2) == f"Targets ({len(in_targets)})"
    assert not window.tabs.tabIcon(2).isNull()

    _click_tab(qtbot, window, 2)
    page = window.tabs.currentWidget()
    assert type(page).__name__ == "TargetsTab" and page.isEnabled()
    assert page is window.targets_tab
    assert window.tabs.tabText(2) == f"Targets ({len(in_targets)})"  # title, icon and tip kept
    assert not window.tabs.tabIcon(2).isNull()
    first = page.list_model.index(0, 0)
    assert page.list_model.data(first, Qt.ItemDataRole.DecorationRole) is not None  # marked at once

    _click_tab(qtbot, window, 1)
    assert type(window.tabs.currentWidget()).__name__ == "PeriodsTab"
    assert list(window.tab_widgets.built_pages()) == ["group", "targets", "periods"]
    assert [window.tabs.tabText(i).split(" (")[0] for i in range(3)] == ["Group", "Periods", "Targets"]


def test_a_tab_built_late_shows_the_payload_and_edits_it(sample_window, qtbot):
    window = sample_window
    _click_tab(qtbot, window, 1)
    table = window.periods_tab.table
    assert table.model().rowCount() == len(window.document.model.periods)
    window.menu_actions["plan"].trigger()  # the planner lives on the Periods page
    qtbot.waitUntil(lambda: window.periods_tab.planner is not None and window.periods_tab.planner.isVisible())
    window.periods_tab.planner.close()
    window.document.set_value("periods[0].refCode", "Renamed_1")
    qtbot.waitUntil(lambda: table.model().index(0, 0).data() == "Renamed_1")
