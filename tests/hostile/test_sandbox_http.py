"""The sandbox answers every request, however malformed, with the API envelope and a fitting status."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.sandbox.server import SandboxServer
from tests.domain.payloads import valid_payload
from tests.services.sending_support import DOC_HEADER


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxServer]:
    running = SandboxServer(tmp_path_factory.mktemp("sandbox"))
    running.start()
    yield running
    running.stop()


def _raw(server: SandboxServer, request: bytes, *, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    port = int(server.url.rsplit(":", 1)[1].strip("/"))
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("iso-8859-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return status, headers, body


def _envelope(body: bytes) -> dict[str, object]:
    document = json.loads(body)
    assert set(document) == {"data", "errors", "warnings"}, document
    assert document["errors"] and document["errors"][0]["code"], document
    return document


def _post(body: bytes, length: str | None = None, extra: str = "") -> bytes:
    size = str(len(body)) if length is None else length
    return (
        f"POST /v3/targetGroups HTTP/1.1\r\nHost: x\r\nAuthorization: {DOC_HEADER}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {size}\r\n{extra}\r\n"
    ).encode() + body


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"PATCH /v3/targetGroups HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 405),
        (b"OPTIONS /v3/targetGroups HTTP/1.1\r\nHost: x\r\n\r\n", 405),
        (b"TRACE /v3/targetGroups HTTP/1.1\r\nHost: x\r\n\r\n", 405),
        (b"get /v3/targetGroups HTTP/1.1\r\nHost: x\r\n\r\n", 501),
        (b"BREW /coffee HTTP/1.1\r\nHost: x\r\n\r\n", 501),
        (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        (b"GET / HTTP/1.1\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(150)) + b"\r\n", 431),
        (b"GET / HTTP/1.1\r\nX-Long: " + b"v" * 70000 + b"\r\n\r\n", 431),
        (b"NOT A REQUEST LINE AT ALL\r\n\r\n", 400),
        (b"GET /v3/targetGroups HTTP/9.9\r\n\r\n", 505),
    ],
    ids=[
        "PATCH",
        "OPTIONS",
        "TRACE",
        "lowercase get",
        "unknown method",
        "414",
        "431 count",
        "431 size",
        "garbage",
        "version",
    ],
)
def test_http_layer_refusals_are_envelopes(server: SandboxServer, request_bytes: bytes, status: int) -> None:
    got, headers, body = _raw(server, request_bytes)
    assert got == status
    assert headers["content-type"] == "application/json"
    _envelope(body)


def test_head_has_the_envelope_headers_and_no_body(server: SandboxServer) -> None:
    status, headers, body = _raw(server, b"HEAD /v3/targetGroups HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 405 and headers["content-type"] == "application/json" and body == b""


@pytest.mark.parametrize("length", ["abc", "0x10", "-1", "1e3", " 12 3"])
def test_bad_content_length_is_refused_and_creates_nothing(server: SandboxServer, length: str) -> None:
    before = len(server.store.all())
    payload = valid_payload()
    payload["name"] = f"Bad length {length}"
    status, _headers, body = _raw(server, _post(json.dumps(payload).encode(), length))
    assert status == 400 and _envelope(body)["errors"][0]["code"] == 300004
    assert len(server.store.all()) == before


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100000 + b"]" * 100000,
        json.dumps({**valid_payload(), "name": "deep", "extra": json.loads("[" * 300 + "]" * 300)}).encode(),
        b'{"name": NaN}',
        b'{"name": "\\ud800"}',
        b'{"n": ' + b"9" * 5000 + b"}",
        b"\xff\xfe not utf-8",
        b"{not json",
    ],
    ids=[
        "100k deep",
        "unknown field 300 deep",
        "NaN",
        "lone surrogate",
        "5000 digits",
        "not UTF-8",
        "not JSON",
    ],
)
def test_hostile_bodies_are_invalid_input(server: SandboxServer, body: bytes) -> None:
    status, _headers, answer = _raw(server, _post(body))
    assert status == 400
    assert _envelope(answer)["errors"][0]["code"] == 300004


def test_a_chunked_body_asks_for_a_length(server: SandboxServer) -> None:
    request = (
        f"POST /v3/targetGroups HTTP/1.1\r\nHost: x\r\nAuthorization: {DOC_HEADER}\r\n"
        "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
    ).encode()
    status, _headers, body = _raw(server, request)
    assert status == 411 and _envelope(body)


def test_the_server_is_still_serving_after_all_that(server: SandboxServer, tmp_path: Path) -> None:
    payload = valid_payload()
    payload["name"] = "Still fine"
    status, _headers, body = _raw(server, _post(json.dumps(payload).encode()))
    assert status == 200 and json.loads(body)["data"]["name"] == "Still fine"


def test_a_real_tgb_sandbox_process_prints_no_traceback(tmp_path: Path) -> None:
    import contextlib
    import os
    import re
    import subprocess
    import sys
    import time

    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "sandbox", "--data", str(tmp_path / "data")],
        cwd=root,
        env={**os.environ, "TGB_HOME": str(tmp_path / "home")},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert url, line
        fake = SandboxServer.__new__(SandboxServer)
        fake.url = url.group(0)
        for request in (
            b"get / HTTP/1.1\r\n\r\n",
            b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n",
            _post(b"[" * 100000 + b"]" * 100000),
            _post(b"{}", "-1"),
            b"\x16\x03\x01 TLS hello to a plain port",
        ):
            # an unreadable request may get no answer line; what matters is the server side
            with contextlib.suppress(ValueError, IndexError, OSError):
                _raw(fake, request)
        time.sleep(0.2)
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=10)
    assert "Traceback" not in err, err
