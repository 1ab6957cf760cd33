"""Hostile servers on 127.0.0.1: an answer that trickles, one that never ends, a gzip bomb.

Each ``tgb promotions`` command is a real process against a real socket; it must end within the
profile's timeout (the deadline for the whole answer) with exit 3 and a message, holding well
under 200 MB.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.cli import main

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 3.0
PROMOTION_ID = "a" * 24


def _trickle(conn: socket.socket, stop: threading.Event) -> None:
    """One byte of a valid answer every half second."""
    answer = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{"data": {}}'
    for byte in answer:
        if stop.wait(0.5):
            return
        conn.sendall(bytes([byte]))


def _endless(conn: socket.socket, stop: threading.Event) -> None:
    """Headers at once, then a chunked body that never ends."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    conn.sendall(b"1\r\n[\r\n")
    while not stop.wait(0.05):
        conn.sendall(b"2\r\n1,\r\n")


def _gzip_bomb(unpacked_mb: int) -> bytes:
    """A gzip answer that unpacks to ``unpacked_mb`` MB (made a megabyte at a time)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [packer.compress(b'{"data": {"content": [')]
    spaces = b" " * (1024 * 1024)
    parts += [packer.compress(spaces) for _ in range(unpacked_mb)]
    parts += [packer.compress(b"]}}"), packer.flush()]
    return b"".join(parts)


_BOMB = _gzip_bomb(300)


def _bomb(conn: socket.socket, stop: threading.Event) -> None:
    """A small gzip answer that unpacks to 300 MB."""
    head = (
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
        f"Content-Length: {len(_BOMB)}\r\n\r\n"
    ).encode()
    conn.sendall(head + _BOMB)
    stop.wait(5)


Behaviour = Callable[[socket.socket, threading.Event], None]


@pytest.fixture
def hostile() -> Iterator[Callable[[Behaviour], str]]:
    stop = threading.Event()
    servers: list[socket.socket] = []

    def start(behaviour: Behaviour) -> str:
        server = socket.create_server(("127.0.0.1", 0))
        servers.append(server)

        def serve() -> None:
            while not stop.is_set():
                try:
                    conn, _ = server.accept()
                except OSError:
                    return
                conn.settimeout(10)

                def handle(conn: socket.socket = conn) -> None:
                    try:
                        conn.recv(65536)  # the request (small: headers only, or a short body)
                        behaviour(conn, stop)
                    except OSError:
                        pass
                    finally:
                        conn.close()

                threading.Thread(target=handle, daemon=True).start()

        threading.Thread(target=serve, daemon=True).start()
        return f"http://127.0.0.1:{server.getsockname()[1]}"

    yield start
    stop.set()
    for server in servers:
        server.close()


def _profile(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TGB_PASSWORD", "secret-one")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    assert (
        main(["profiles", "add", "Hostile", "--host", url, "--till-code", "t", "--timeout", str(TIMEOUT)])
        == 0
    )


#: Runs tgb and, as it exits, writes its own peak memory (KB) on stderr's last line.
_MEASURED = (
    "import atexit, sys\n"
    "def peak():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    "            sys.stderr.write('\\nPEAK_KB ' + line.split()[1] + '\\n')\n"
    "atexit.register(peak)\n"
    "from app.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def _run(args: list[str]) -> tuple[int, str, float, float]:
    """Exit code, stderr, seconds taken and the command's peak memory in MB."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, *args], env=env, cwd=ROOT, capture_output=True, timeout=60
    )
    took = time.monotonic() - started
    err = done.stderr.decode(errors="replace")
    text, _, peak_kb = err.rpartition("PEAK_KB ")
    return done.returncode, text, took, int(peak_kb.strip() or 0) / 1024


@pytest.mark.parametrize(
    ("behaviour", "command"),
    [
        (_trickle, ["promotions", "list"]),
        (_trickle, ["promotions", "show", PROMOTION_ID]),
        (_endless, ["promotions", "list"]),
        (_endless, ["promotions", "pause", PROMOTION_ID]),
        (_bomb, ["promotions", "list"]),
        (_bomb, ["promotions", "approve", PROMOTION_ID]),
    ],
    ids=["trickle-list", "trickle-show", "endless-list", "endless-pause", "bomb-list", "bomb-approve"],
)
def test_a_hostile_answer_ends_in_time_with_exit_3(
    behaviour: Behaviour,
    command: list[str],
    hostile: Callable[[Behaviour], str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _profile(hostile(behaviour), monkeypatch)
    code, err, took, peak = _run([*command, "--profile", "Hostile"])
    with capsys.disabled():
        print(f"\n{behaviour.__name__} {' '.join(command)}: exit {code}, {took:.1f} s, peak {peak:.0f} MB")
    assert "Traceback" not in err
    assert code == 3, err
    assert took < TIMEOUT * 2 + 3, f"took {took:.1f} s"
    assert peak < 200, f"peak {peak:.0f} MB"
    assert err.strip()
