"""After a full session, no secret is in any file of the data folder, any log line or any output.

The session: profiles added through the CLI (Basic from stdin, OAuth from the environment),
sends that succeed, are refused, fail on the network and renew an OAuth token, a look at the
profiles, and history exported as CSV and JSON. Then every file under the data folder (the
SQLite database and its journal included), every captured log record and all console output
are searched for each secret in plain text, base64 and hex.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
from pathlib import Path

import pytest

from app.cli import main
from app.sandbox.api import AuthPolicy
from app.sandbox.faults import Faults
from app.sandbox.server import SandboxServer
from app.services import history as hist
from app.services import sandbox_runtime
from app.services.paths import data_paths
from app.services.sending import Sender
from tests.services import sending_support as support
from tests.services.sending_support import MemoryKeyring, encodings, payload

keychain = support.keychain

PASSWORD = "Till-Pa55word!"
TILL = "till.secret.test"
CLIENT_KEY = "client-key-1"
CLIENT_SECRET = "Cl1ent-S3cret-Value"


def _forbidden(tokens: list[str]) -> dict[str, set[str]]:
    digest = hashlib.md5(PASSWORD.encode()).hexdigest()
    header_value = base64.b64encode(f"{TILL}:{digest}".encode()).decode()
    found = {
        "password": encodings(PASSWORD),
        "md5 digest": encodings(digest)
        | {base64.b64encode(hashlib.md5(PASSWORD.encode()).digest()).decode()},
        "basic header": encodings(header_value),
        "client secret": encodings(CLIENT_SECRET),
    }
    for index, token in enumerate(tokens):
        found[f"token {index}"] = encodings(token)
    return found


def _session(tmp: Path, monkeypatch: pytest.MonkeyPatch, server: SandboxServer) -> None:
    stdin = io.StringIO(PASSWORD + "\n")
    stdin.isatty = lambda: False  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", stdin)
    assert (
        main(["profiles", "add", "Basic org", "--host", server.url, "--till-code", TILL, "--password-stdin"])
        == 0
    )
    monkeypatch.setenv("TGB_CLIENT_SECRET", CLIENT_SECRET)
    assert (
        main(
            [
                "profiles",
                "add",
                "OAuth org",
                "--host",
                server.url,
                "--auth",
                "oauth",
                "--client-key",
                CLIENT_KEY,
            ]
        )
        == 0
    )
    monkeypatch.delenv("TGB_CLIENT_SECRET")
    assert main(["profiles", "list"]) == 0

    for index, profile in enumerate(("Basic org", "OAuth org", "Local sandbox")):
        file = tmp / f"p{index}.json"
        file.write_text(json.dumps(payload(f"Group {index}")), encoding="utf-8")
        assert main(["send", str(file), "--profile", profile]) == 0
        assert main(["send", str(file), "--profile", profile, "--yes"]) == 1  # name taken

    sender = Sender()
    server.auth.revoke_tokens()  # the next OAuth call gets a 401 and renews its token
    assert sender.send(sender.prepare(payload("Renewed"), "OAuth org")).created
    for faults in (Faults(fail_rate=1.0), Faults(drop_rate=1.0), Faults(non_json_rate=1.0)):
        server.set_faults(faults)
        for profile in ("Basic org", "OAuth org"):
            outcome = sender.send(sender.prepare(payload(f"Faulty {faults}"[:60]), profile), confirmed=True)
            assert not outcome.created
    server.set_faults(None)
    assert sender.check_name("OAuth org", "Renewed").exists is True
    sender.close()

    exports = data_paths().data_dir / "exports"
    entries = hist.History().search()
    assert len(entries) >= 13
    hist.export_csv(entries, exports / "history.csv")
    hist.export_json(entries, exports / "history.json")
    assert main(["profiles", "remove", "Basic org"]) == 0


def test_no_secret_is_written_logged_or_printed(
    isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    keychain: MemoryKeyring,
) -> None:
    caplog.set_level(logging.DEBUG)
    server = SandboxServer(
        data_paths().sandbox_dir / "org", auth=AuthPolicy(oauth_clients={CLIENT_KEY: CLIENT_SECRET})
    )
    server.start()
    try:
        _session(tmp_path, monkeypatch, server)
    finally:
        server.stop()
        sandbox_runtime.stop_sandbox()
    tokens = server.auth.issued_tokens()
    assert len(tokens) >= 2  # at least one renewal happened
    assert CLIENT_SECRET in keychain.entries.values()  # the keychain is where it belongs

    files = [p for p in isolated_home.rglob("*") if p.is_file()]
    assert any(p.name == "history.sqlite3" for p in files) and any(p.suffix == ".csv" for p in files)
    output = capsys.readouterr()
    places = {str(p.relative_to(isolated_home)): p.read_bytes().decode("utf-8", "replace") for p in files}
    places["log records"] = "\n".join(
        f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records
    )
    places["stdout"], places["stderr"] = output.out, output.err
    leaks = [
        f"{what} in {place}"
        for what, forms in _forbidden(tokens).items()
        for place, text in places.items()
        if any(form in text for form in forms)
    ]
    assert leaks == []
