"""A damaged history database refuses the send with a message that names the file and the way out."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.services import sandbox_runtime
from app.services.history import History, HistoryUnavailable
from app.services.paths import data_paths
from tests.domain.payloads import valid_payload

ROOT = Path(__file__).resolve().parents[2]


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _text(path: Path) -> None:
    path.write_text("these are my notes, not a database\n" * 40)


def _truncated(path: Path) -> None:
    History(path).close()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE filler (x)")
        db.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,)] * 200)
    for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        extra.unlink(missing_ok=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _folder(path: Path) -> None:
    path.mkdir()


def _wal_is_a_folder(path: Path) -> None:
    Path(f"{path}-wal").mkdir()


def _read_only(path: Path) -> None:
    History(path).close()
    path.chmod(0o400)
    path.parent.chmod(0o500)


DAMAGES: dict[str, Callable[[Path], None]] = {
    "random bytes": _random_bytes,
    "a text file": _text,
    "a truncated database": _truncated,
    "a folder in its place": _folder,
    "its journal is a folder": _wal_is_a_folder,
}
if os.name == "posix" and os.geteuid() != 0:  # root writes read-only files anyway
    DAMAGES["a read-only file"] = _read_only


@pytest.mark.parametrize("damage", list(DAMAGES), ids=list(DAMAGES))
def test_tgb_send_refuses_and_names_the_damaged_file(
    damage: str, isolated_home: Path, tmp_path: Path
) -> None:
    db = data_paths().history_db
    db.parent.mkdir(parents=True, exist_ok=True)
    DAMAGES[damage](db)
    payload = tmp_path / "group.json"
    payload.write_text(json.dumps(valid_payload()), encoding="utf-8")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "app", "send", str(payload), "--yes"],
            cwd=ROOT,
            env={**os.environ, "TGB_HOME": str(isolated_home)},
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        db.parent.chmod(0o700)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2, done.stderr
    assert str(db) in done.stderr and "move the file aside" in done.stderr
    groups = data_paths().sandbox_dir / "groups"
    assert not groups.exists() or not list(groups.glob("*.json")), "nothing may be sent"


@pytest.mark.parametrize("damage", ["random bytes", "a folder in its place"])
def test_the_service_raises_one_clear_error(damage: str, tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    DAMAGES[damage](db)
    with pytest.raises(HistoryUnavailable) as caught:
        History(db).search()
    assert (str(db) in str(caught.value) and "damaged" in str(caught.value)) or "folder" in str(caught.value)


def teardown_module() -> None:
    sandbox_runtime.stop_sandbox()
