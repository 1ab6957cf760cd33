"""Interrupted atomic writes leave no temporary file for ever, and the app's files are the owner's alone."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.filelock import try_lock
from tests.domain.payloads import valid_payload

ROOT = Path(__file__).resolve().parents[2]

_WRITER = """
import sys
from app.atomic_write import write_text_atomic
target = sys.argv[1]
print("writing", flush=True)
while True:
    write_text_atomic(target, "x" * 20_000_000)
"""


def _tgb(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env={**os.environ, "TGB_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9")
def test_a_write_killed_with_sigkill_leaves_a_temp_file_that_the_next_start_removes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folders = [
        home / "data" / "templates",
        home / "data" / "drafts",
        home / "config",
        home / "data" / "sandbox" / "groups",
    ]
    leftovers = []
    for folder in folders:
        folder.mkdir(parents=True)
        writer = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(folder / "big.json")], cwd=ROOT, stdout=subprocess.PIPE
        )
        assert writer.stdout is not None and writer.stdout.readline()
        deadline = time.monotonic() + 20
        while not list(folder.glob(".big.json.*.tmp")) and time.monotonic() < deadline:
            time.sleep(0.01)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        temps = list(folder.glob(".big.json.*.tmp"))
        assert temps, f"no temporary file was caught in {folder}"
        leftovers += temps
    # a live writer's temporary file: it holds it locked, so no sweep touches it, however old
    live = home / "data" / "templates" / ".other.json.abcd1234.tmp"
    live.write_text("{}")
    old = time.time() - 3600
    os.utime(live, (old, old))
    with live.open("rb") as held:
        assert try_lock(held)
        time.sleep(0.6)  # past the grace a just-created file gets before its writer locks it
        # the very next start removes what the killed writers left: no 15-minute wait
        done = _tgb(
            home, "validate", str(ROOT / "tests" / "fixtures" / "request-uatTargetGroup130-event-sum.json")
        )
        assert done.returncode == 0, done.stderr
        assert [p for p in leftovers if p.exists()] == []
        assert live.exists()
    done = _tgb(home, "templates", "list")
    assert done.returncode == 0 and not live.exists()  # its writer is gone now


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_files_are_0600_and_folders_0700_from_creation_and_old_ones_are_tightened(tmp_path: Path) -> None:
    home = tmp_path / "home"
    old_folder = home / "data" / "templates"
    old_folder.mkdir(parents=True, mode=0o755)
    os.chmod(old_folder, 0o755)
    old_file = old_folder / "old.json"
    old_file.write_text("{}")
    os.chmod(old_file, 0o644)
    payload = tmp_path / "group.json"
    payload.write_text(json.dumps(valid_payload()), encoding="utf-8")
    done = _tgb(home, "send", str(payload), "--yes")
    assert done.returncode == 0, done.stderr
    checked = 0
    for path in [home, *home.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        if path == home:
            continue  # the folder the operator chose (TGB_HOME) is theirs to set
        assert mode & 0o077 == 0, f"{path} is {oct(mode)}"
        checked += 1
    assert stat.S_IMODE((home / "data" / "history.sqlite3").stat().st_mode) == 0o600
    assert stat.S_IMODE(old_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(old_folder.stat().st_mode) == 0o700
    assert checked > 5


@pytest.mark.skipif(os.name != "posix", reason="locks on POSIX")
def test_the_next_write_of_an_output_file_removes_what_a_killed_write_left_beside_it(tmp_path: Path) -> None:
    target = tmp_path / "out" / "group.json"
    target.parent.mkdir()
    leftover = target.parent / ".group.json.k1ll3d99.tmp"  # a killed `tgb format -o` left this
    leftover.write_text('{"half": ')
    other = target.parent / ".notes.json.k1ll3d99.tmp"  # another file's: not this write's business
    other.write_text("x")
    time.sleep(0.6)
    source = ROOT / "tests" / "fixtures" / "request-uatTargetGroup130-event-sum.json"
    done = _tgb(tmp_path / "home", "format", str(source), "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert json.loads(target.read_text())["name"] == "uatTargetGroup130"
    assert not leftover.exists() and other.exists()
