"""A server (or proxy) that echoes credentials back: no form of them reaches output, history or exports.

The echo server on 127.0.0.1 answers every create with an error envelope, a request id and a
redirect URL that carry the credentials it received: the Basic header's base64 of till:md5, that
base64 URL-encoded, the MD5 digest (lower and upper case), the decoded ``till:md5``, the OAuth
token and the client secret from the token request.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import pytest

from app.cli import main
from app.services import history as hist
from app.services.paths import data_paths
from tests.domain.payloads import valid_payload
from tests.services import sending_support as support
from tests.services.sending_support import MemoryKeyring

keychain = support.keychain

PASSWORD = "Echo-Pa55word!"
TILL = "till.echo.test"
CLIENT_KEY = "echo-client"
CLIENT_SECRET = "Echo-Cl1ent-Secret"
DIGEST = hashlib.md5(PASSWORD.encode()).hexdigest()
BASIC = base64.b64encode(f"{TILL}:{DIGEST}".encode()).decode()


class _Echo(BaseHTTPRequestHandler):
    tokens: list[str] = []  # noqa: RUF012 - shared by the test

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8", "replace")
        if self.path.endswith("/oauth/token/generate"):
            token = f"echo-token-{len(self.tokens)}-{hashlib.sha1(body.encode()).hexdigest()[:12]}"
            self.tokens.append(token)
            self._answer(
                200,
                {
                    "data": {"accessToken": token, "ttlSeconds": 300},
                    "errors": None,
                    "warnings": [{"message": body}],
                },
            )
            return
        auth = self.headers.get("Authorization", "")
        token = self.headers.get("X-CAP-API-OAUTH-TOKEN", "")
        value = auth.split(" ", 1)[-1]
        decoded = base64.b64decode(value).decode() if value and auth else ""
        echoed = " | ".join(
            [
                auth,
                value,
                quote(value, safe=""),
                quote_plus(value),
                decoded,
                decoded.upper(),
                token,
                quote(token, safe=""),
                base64.b64encode(token.encode()).decode(),
            ]
        )
        self._answer(
            400,
            {
                "data": None,
                "errors": [{"code": 300004, "message": f"Invalid input: {echoed}"}],
                "warnings": [{"message": f"echo {echoed}"}],
            },
            {
                "X-Cap-Requestid": token or value,
                "Location": f"https://login.example/?auth={quote(value, safe='')}",
            },
        )

    def _answer(self, status: int, document: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, header in (headers or {}).items():
            self.send_header(key, header)
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def echo_server() -> Iterator[str]:
    _Echo.tokens = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def _forms(secret: str) -> set[str]:
    b64 = base64.b64encode(secret.encode()).decode()
    return {secret, secret.upper(), b64, quote(secret, safe=""), quote(b64, safe=""), quote_plus(b64)}


def test_echoed_credentials_are_scrubbed_everywhere(
    isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    keychain: MemoryKeyring,
    echo_server: str,
) -> None:
    stdin = io.StringIO(PASSWORD + "\n")
    stdin.isatty = lambda: False  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", stdin)
    assert (
        main(
            ["profiles", "add", "Echo basic", "--host", echo_server, "--till-code", TILL, "--password-stdin"]
        )
        == 0
    )
    monkeypatch.setenv("TGB_CLIENT_SECRET", CLIENT_SECRET)
    assert (
        main(
            [
                "profiles",
                "add",
                "Echo oauth",
                "--host",
                echo_server,
                "--auth",
                "oauth",
                "--client-key",
                CLIENT_KEY,
            ]
        )
        == 0
    )
    monkeypatch.delenv("TGB_CLIENT_SECRET")
    for index, profile in enumerate(("Echo basic", "Echo oauth")):
        file = tmp_path / f"g{index}.json"
        payload = valid_payload()
        payload["name"] = f"Echoed {index}"
        file.write_text(json.dumps(payload), encoding="utf-8")
        assert main(["send", str(file), "--profile", profile, "--yes"]) == 1
        assert main(["send", str(file), "--profile", profile, "--yes", "--format", "json"]) == 1
    entries = hist.History().search()
    assert len(entries) == 4 and all("[redacted]" in (e.response or "") for e in entries)
    exports = data_paths().data_dir / "exports"
    hist.export_csv(entries, exports / "history.csv")
    hist.export_json(entries, exports / "history.json")

    output = capsys.readouterr()
    assert "300004" in output.out + output.err  # the refusal itself is shown
    forbidden = {"md5": _forms(DIGEST), "basic header": _forms(BASIC), "client secret": _forms(CLIENT_SECRET)}
    forbidden["till:md5"] = _forms(f"{TILL}:{DIGEST}")
    for index, token in enumerate(_Echo.tokens):
        forbidden[f"token {index}"] = _forms(token)
    assert _Echo.tokens, "the OAuth profile fetched a token"
    places = {
        str(p): p.read_bytes().decode("utf-8", "replace") for p in isolated_home.rglob("*") if p.is_file()
    }
    places["stdout"], places["stderr"] = output.out, output.err
    leaks = [
        f"{what} in {place}"
        for what, forms in forbidden.items()
        for place, text in places.items()
        if any(f in text for f in forms)
    ]
    assert leaks == []
