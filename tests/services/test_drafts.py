"""Autosaved drafts: a killed app's draft is offered back intact; a clean exit leaves nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.services.drafts import (
    DraftError,
    DraftSession,
    discard_recoverable,
    load_recoverable,
)
from app.services.paths import data_paths

ROOT = Path(__file__).resolve().parents[2]
PAYLOAD_TEXT = '{\n  "name": "Half-built \\u00e9t\\u00e9 milestone",\n  "targets": [\n'  # not even valid JSON

CHILD = """
import sys, time
from app.services.drafts import DraftSession
session = DraftSession.start()
session.save_draft(sys.argv[1], {"title": "Summer", "source": "/tmp/summer.json"}, revision=7)
if sys.argv[2] == "clean":
    session.close()
    print("closed", flush=True)
    sys.exit(0)
print("saved", flush=True)
time.sleep(60)
"""


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TGB_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def run_child(mode: str, home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "TGB_HOME": str(home), "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, PAYLOAD_TEXT, mode], stdout=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    assert line == ("closed" if mode == "clean" else "saved")
    return child


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_apps_draft_is_offered_back_exactly_as_typed(home: Path) -> None:
    child = run_child("crash", home)
    try:
        assert load_recoverable() == []  # the app is still running: its draft is not up for grabs
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
        assert child.stdout is not None
        child.stdout.close()
    (draft,) = load_recoverable()
    assert draft.text == PAYLOAD_TEXT
    assert draft.meta == {"title": "Summer", "source": "/tmp/summer.json"}
    assert draft.pid == child.pid and draft.saved_at and draft.problem is None
    discard_recoverable(draft)
    assert load_recoverable() == []
    assert list(data_paths().drafts_dir.iterdir()) == []


def test_a_clean_exit_leaves_nothing_to_restore(home: Path) -> None:
    child = run_child("clean", home)
    child.wait(10)
    assert child.stdout is not None
    child.stdout.close()
    assert load_recoverable() == []
    assert list(data_paths().drafts_dir.iterdir()) == []


def test_this_apps_own_draft_is_never_offered_while_it_runs() -> None:
    session = DraftSession.start()
    try:
        assert session.save_draft("{}", {"title": "mine"})
        assert load_recoverable() == []
    finally:
        session.close()


def test_a_session_closed_without_close_is_recoverable_in_the_same_process() -> None:
    """Dropping the lock (as the OS does for a dead process) makes the draft recoverable."""
    session = DraftSession.start()
    session.save_draft('{"name": "x"}', {})
    handle = session._lock_handle
    assert handle is not None
    handle.close()
    (draft,) = load_recoverable()
    assert draft.text == '{"name": "x"}' and draft.session_id == session.session_id


def test_an_older_autosave_finishing_late_never_replaces_a_newer_one() -> None:
    session = DraftSession.start()
    try:
        assert session.save_draft("new", revision=5)
        assert not session.save_draft("old", revision=3)
        assert json.loads(session.draft_path.read_text())["text"] == "new"
    finally:
        session.close()


def test_saves_racing_on_threads_leave_the_newest_complete_draft() -> None:
    session = DraftSession.start()
    texts = {n: json.dumps({"name": f"rev {n}", "pad": "x" * 5000}) for n in range(40)}
    threads = [threading.Thread(target=session.save_draft, args=(texts[n], {}, n)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = json.loads(session.draft_path.read_text())
    assert stored["text"] == texts[stored["revision"]]
    assert stored["revision"] == 39  # whatever order the threads ran in, the newest edit won
    assert [p.name for p in session.folder.iterdir() if p.name.endswith(".tmp")] == []
    session.close()


def test_draft_details_never_carry_credentials() -> None:
    session = DraftSession.start()
    try:
        with pytest.raises(DraftError, match="credentials"):
            session.save_draft("{}", {"profile": {"password": "hunter2"}})
        assert not session.draft_path.exists()
    finally:
        session.close()


def test_an_unreadable_draft_is_listed_with_the_reason_and_kept() -> None:
    folder = data_paths().drafts_dir
    folder.mkdir(parents=True)
    broken = folder / "draft-123-dead.json"
    broken.write_text('{"format": "tgb-draft", "version": 1, "te')
    (draft,) = load_recoverable()
    assert draft.text is None and draft.problem and "is not valid JSON" in draft.problem
    discard_recoverable(draft)
    assert broken.exists()


def test_a_newer_draft_format_is_not_read() -> None:
    folder = data_paths().drafts_dir
    folder.mkdir(parents=True)
    (folder / "draft-1-x.json").write_text(json.dumps({"format": "tgb-draft", "version": 9, "text": "{}"}))
    (draft,) = load_recoverable()
    assert draft.problem and "newer" in draft.problem


def test_stale_lock_files_without_drafts_are_tidied_at_start() -> None:
    folder = data_paths().drafts_dir
    folder.mkdir(parents=True)
    (folder / "session-99-gone.lock").write_text('{"pid": 99}')
    (folder / "session-98-kept.lock").write_text('{"pid": 98}')
    (folder / "draft-98-kept.json").write_text("{}")
    session = DraftSession.start()
    names = sorted(p.name for p in folder.iterdir())
    assert "session-99-gone.lock" not in names
    assert {"session-98-kept.lock", "draft-98-kept.json", session.lock_path.name} <= set(names)
    session.close()


def test_recoverable_drafts_come_newest_first() -> None:
    folder = data_paths().drafts_dir
    folder.mkdir(parents=True)
    for name, saved in (("a", "2026-01-01T00:00:00"), ("b", "2026-03-01T00:00:00")):
        document = {"format": "tgb-draft", "version": 1, "saved": saved, "text": name, "meta": {}}
        (folder / f"draft-{name}.json").write_text(json.dumps(document))
    assert [d.text for d in load_recoverable()] == ["b", "a"]
