"""Two bulk runs of the same rows at the same moment: one sends, the other waits for it.

Real ``tgb bulk`` processes on one data folder and a real loopback sandbox. Before the hold,
both wrote the same journal key and overwrote each other's results, so later reruns kept
reporting "name exists" for rows the server held once.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.sandbox.faults import Faults
from app.sandbox.server import SandboxServer
from app.services.bulk import Journal
from app.services.bulk_hold import RunBusy, RunHold, describe_process
from tests.bulk.test_bulk_crash_and_resume import ROOT, _check_agreement, _command, _env, _set_up
from tests.services import sending_support as support

sandbox = support.sandbox


def test_two_runs_at_once_create_each_row_once_and_the_journal_agrees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sandbox: SandboxServer
) -> None:
    home, rows = _set_up(tmp_path, monkeypatch, sandbox)
    sandbox.set_faults(Faults(latency_ms=10))
    first = subprocess.Popen(
        _command(rows), env=_env(home), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    second = subprocess.Popen(
        _command(rows), env=_env(home), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    _out1, err1 = first.communicate(timeout=300)
    _out2, err2 = second.communicate(timeout=300)
    assert b"Traceback" not in err1 + err2
    assert {first.returncode, second.returncode} == {0}, (err1[-400:], err2[-400:])
    assert b"waiting for it to end" in err1 + err2  # one was told who held the run
    assert b"process" in err1 + err2
    _check_agreement(sandbox, home)
    sandbox.set_faults(None)
    again = subprocess.run(_command(rows), env=_env(home), cwd=ROOT, capture_output=True, timeout=300)
    assert again.returncode == 0, again.stderr[-400:]
    assert b"0 refused" in again.stderr
    _check_agreement(sandbox, home)


def test_the_hold_names_its_holder_and_is_freed_when_released(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    first = RunHold(journal, "k1", describe_process("the window"))
    first.take()
    other = RunHold(journal, "k1", describe_process("tgb bulk"))
    started = time.monotonic()
    with pytest.raises(RunBusy) as busy:
        other.take(wait=0.3)
    assert time.monotonic() - started >= 0.3
    assert "the window, process" in str(busy.value)
    RunHold(journal, "k2", "another key").take()  # another run key is not held
    first.release()
    other.take()
    other.release()


def test_a_crashed_holder_frees_the_run(tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    code = (
        "import sys, os, signal; from pathlib import Path; from app.services.bulk_hold import RunHold; "
        f"RunHold(Path({str(journal)!r}), 'k', 'doomed').take(); print('held', flush=True); "
        "os.kill(os.getpid(), signal.SIGKILL)"
    )
    process = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, env=_env(tmp_path))
    assert b"held" in process.stdout
    RunHold(journal, "k", "after the crash").take(wait=2)
    Journal(journal).close()
