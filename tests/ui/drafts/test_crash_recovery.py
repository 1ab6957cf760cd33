"""A killed app loses nothing: the real app, in its own process, autosaves; SIGKILL it; the
next start restores the draft intact, as unsaved work."""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.gui, pytest.mark.slow]

DRIVER = Path(__file__).with_name("crash_recovery_driver.py")
ROOT = Path(__file__).parent.parent.parent.parent


def start(home: Path, *args: str, restore: str | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "TGB_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env.pop("TGB_RESTORE_DRAFTS", None)
    if restore is not None:
        env["TGB_RESTORE_DRAFTS"] = restore
    return subprocess.Popen(
        [sys.executable, str(DRIVER), *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def read_line_starting(process: subprocess.Popen[str], prefix: str, timeout: float = 60) -> str:
    """The first stdout line starting with ``prefix``; fails (and kills) after ``timeout`` seconds."""
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
            break
        line = process.stdout.readline()
        if not line:
            break
        if line.startswith(prefix):
            return line
    process.kill()
    _, err = process.communicate(timeout=10)
    pytest.fail(f"the app never printed {prefix!r}; stderr:\n{err}")


def test_a_killed_app_offers_its_draft_back_intact(tmp_path: Path) -> None:
    home = tmp_path / "home"
    typed = 'Spring sprint "Q2" 2027 - 50% off'
    first = start(home, "edit", typed)
    read_line_starting(first, "READY")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert first.returncode == -signal.SIGKILL
    assert len(list(home.rglob("draft-*.json"))) == 1

    second = start(home, "restore", restore="accept")
    line = read_line_starting(second, "RESTORED ")
    assert second.wait(timeout=30) == 0
    report = json.loads(line.removeprefix("RESTORED "))
    assert report["payload"]["name"] == typed
    assert report["modified"] is True
    assert report["title"].startswith(typed)
    # the restored draft belongs to the new session now; the clean exit removed it too
    assert list(home.rglob("draft-*.json")) == []
