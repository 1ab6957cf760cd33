"""A bulk run killed with kill -9, or stopped with Ctrl+C, in the middle; then the same command again.

The run is a real ``tgb bulk`` process against a real loopback sandbox that answers slowly, so
the kill lands with requests on the wire. After the rerun: every row exists once on the server
(0 sent twice, 0 lost), and the journal and the server agree on each row's id.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli import main
from app.sandbox.faults import Faults
from app.sandbox.server import SandboxServer
from app.services.bulk import Journal
from tests.services import sending_support as support

sandbox = support.sandbox
ROOT = Path(__file__).resolve().parents[2]
ROWS = 200


def _rows(tmp_path: Path) -> Path:
    path = tmp_path / "regions.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "target", "value"])
        for n in range(ROWS):
            writer.writerow([f"Region {n:04d} spend", "monthly_sales", 5000 + n])
    return path


def _env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "TGB_HOME": str(home),
        "TGB_PASSWORD": "secret-one",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        "PYTHONPATH": str(ROOT),
    }


def _command(rows: Path, profile: str = "Crashy") -> list[str]:
    return [
        sys.executable,
        "-m",
        "app.cli",
        "bulk",
        "--template",
        "monthly-spend",
        str(rows),
        "--profile",
        profile,
    ]


def _set_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sandbox: SandboxServer) -> tuple[Path, Path]:
    home = Path(os.environ["TGB_HOME"])
    monkeypatch.setenv("TGB_PASSWORD", "secret-one")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    assert main(["profiles", "add", "Crashy", "--host", sandbox.url, "--till-code", "till.one"]) == 0
    sandbox.set_faults(Faults(latency_ms=25))
    return home, _rows(tmp_path)


def _interrupt(sandbox: SandboxServer, process: subprocess.Popen[bytes], how: int) -> None:
    deadline = time.monotonic() + 60
    while len(sandbox.store.all()) < ROWS // 4:
        assert process.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(process.pid, how)
    process.wait(timeout=60)


def _check_agreement(sandbox: SandboxServer, home: Path) -> None:
    groups = sandbox.store.all()
    names = [g["name"] for g in groups]
    assert len(names) == ROWS and len(set(names)) == ROWS  # none lost, none twice
    by_name = {g["name"]: str(g["id"]) for g in groups}
    journal = Journal()  # TGB_HOME is the same in this process
    try:
        (key,) = [r[0] for r in journal._run("SELECT run_key FROM runs").fetchall()]
        rows = journal.rows(key)
        assert len(rows) == ROWS
        for row in rows.values():
            assert row.state == "created", (row.name, row.state)
            if row.created_id is not None:
                assert row.created_id == by_name[row.name]
        assert journal.unfinished_runs() == []
    finally:
        journal.close()


@pytest.mark.parametrize(("how", "name"), [(signal.SIGKILL, "kill -9"), (signal.SIGINT, "Ctrl+C")])
def test_an_interrupted_run_resumes_without_sending_a_row_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sandbox: SandboxServer, how: int, name: str
) -> None:
    home, rows = _set_up(tmp_path, monkeypatch, sandbox)
    process = subprocess.Popen(
        _command(rows), env=_env(home), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    _interrupt(sandbox, process, how)
    _out, err = process.communicate()
    created_before = len(sandbox.store.all())
    assert 0 < created_before < ROWS, name
    if how == signal.SIGINT:
        assert process.returncode in (1, 3)
        assert b"interrupted; rerun the same command" in err
        assert b"Traceback" not in err
    sandbox.set_faults(None)
    again = subprocess.run(_command(rows), env=_env(home), cwd=ROOT, capture_output=True, timeout=300)
    assert again.returncode == 0, again.stderr.decode()[-2000:]
    assert f"{ROWS} created".encode() in again.stderr
    _check_agreement(sandbox, home)
