"""Odd host spellings and an interrupted password prompt are usage errors (exit 2), never tracebacks."""

from __future__ import annotations

import io
import os
import select
import sys
import time
from pathlib import Path

import pytest

from app.cli import main
from tests.services import sending_support as support

keychain = support.keychain

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "host",
    [
        "http://[::1",
        "http://[127.0.0.1]",
        "http://[::1]evil.example:8080",
        "https://a b.com",
        "https://host:99999",
    ],
)
def test_odd_hosts_are_usage_errors(host: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profiles", "add", "Odd", "--host", host, "--till-code", "t1", "--password-stdin"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and host in err


@pytest.mark.usefixtures("keychain")
def test_a_loopback_ipv6_host_with_a_port_is_fine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("secret-password\n"))
    assert (
        main(
            [
                "profiles",
                "add",
                "Local v6",
                "--host",
                "http://[::1]:8080",
                "--till-code",
                "t1",
                "--password-stdin",
            ]
        )
        == 0
    )


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_ctrl_d_at_the_password_prompt_is_a_usage_error(isolated_home: Path) -> None:
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: tgb with a terminal, so it asks for the password
        os.environ["TGB_HOME"] = str(isolated_home)
        os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
        os.chdir(ROOT)
        os.execv(
            sys.executable,
            [sys.executable, "-m", "app", "profiles", "add", "Prompted", "--host", "eu", "--till-code", "t1"],
        )
    output = b""
    deadline = time.monotonic() + 30
    sent = False
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        if not sent and b"assword" in output:
            os.write(fd, b"\x04")  # Ctrl+D
            sent = True
    _, status = os.waitpid(pid, 0)
    text = output.decode("utf-8", "replace")
    assert sent, text
    assert os.waitstatus_to_exitcode(status) == 2, text
    assert "Traceback" not in text and "no password was entered" in text
