"""GUI test set-up: offscreen Qt, isolated data folders, Qt warnings fail the test.

``qt_log_level_fail = WARNING`` in pyproject makes any Qt warning a failure (the
qutebrowser habit); the one message the offscreen platform itself prints on show()
is ignored there too.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.domain.target_groups.models import TargetGroup
from app.domain.target_groups.validate import load_payload

FIXTURES = Path(__file__).parent.parent / "fixtures"
SAMPLE = "request-uatTargetGroup130-event-sum.json"


def read_sample(name: str = SAMPLE) -> TargetGroup:
    group = load_payload(json.loads((FIXTURES / name).read_text(encoding="utf-8"))).group
    assert group is not None
    return group


@pytest.fixture(autouse=True, scope="session")
def _forced_scheme(qapp):
    """``TGB_COLOR_SCHEME=dark`` runs the GUI tests on the dark palette (as the app would show it)."""
    from app.ui.common.theme import follow_os_scheme, forced_dark

    if forced_dark() is not None:
        follow_os_scheme(qapp)


@pytest.fixture
def sample_group() -> TargetGroup:
    """A fresh model of the uatTargetGroup130 request example."""
    return read_sample()


@pytest.fixture
def window(qtbot, isolated_home):
    """The real main window, shown, with an empty new payload."""
    from app.ui.common.workers import wait_for_background_tasks
    from app.ui.window.main_window import MainWindow

    def discard_and_wait(win: MainWindow) -> None:
        wait_for_background_tasks()
        win.document.undo_stack.setClean()  # the test is over: nothing to ask about

    win = MainWindow()
    qtbot.addWidget(win, before_close_func=discard_and_wait)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def sample_window(window, qtbot, sample_group):
    """The main window with the uatTargetGroup130 example loaded (as if opened)."""
    window.document.load(sample_group, None)
    qtbot.waitUntil(lambda: '"uatTargetGroup130"' in window.preview.toPlainText())
    return window


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/ui is a GUI test: marked here by folder, so ``-m "not gui"`` runs none
    of them and a new file cannot forget the mark."""
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.path)).is_relative_to(here):
            item.add_marker(pytest.mark.gui)
