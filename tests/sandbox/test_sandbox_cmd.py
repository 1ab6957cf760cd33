"""``tgb sandbox`` as an operator runs it: a process that serves until Ctrl+C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from app.cli import main
from app.services.credentials import basic_authorization, md5_hex
from app.services.profiles import SANDBOX_DEMO_PASSWORD, SANDBOX_DEMO_TILL_CODE
from tests.services.sending_support import payload

ROOT = Path(__file__).resolve().parents[2]


def test_the_command_serves_with_faults_until_interrupted(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.cli",
            "sandbox",
            "--data",
            str(tmp_path),
            "--latency",
            "50",
            "--seed",
            "1",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("Sandbox listening on http://127.0.0.1:")
        url = first.rsplit(" ", 1)[1].strip()
        banner = [process.stdout.readline() for _ in range(4)]
        assert banner[1].startswith("Demo credentials (sandbox only)")
        assert banner[2].startswith("Faults: latency 50 ms")
        header = basic_authorization(SANDBOX_DEMO_TILL_CODE, md5_hex(SANDBOX_DEMO_PASSWORD))
        answer = httpx.post(
            url + "v3/targetGroups", json=payload("From the command"), headers={"Authorization": header}
        )
        assert answer.status_code == 200
        assert (tmp_path / "groups" / f"{answer.json()['data']['id']}.json").is_file()
    finally:
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "Stopped." in out


@pytest.mark.parametrize(
    ("args", "words"),
    [(["--fail-rate", "2"], "between 0 and 1"), (["--port", "70000"], "not between 0 and 65535")],
)
def test_impossible_options_are_usage_errors(
    args: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sandbox", *args]) == 2
    assert words in capsys.readouterr().err
