"""``tgb send``: the created id on stdout and exit codes 0 created, 1 refused, 2 usage, 3 network."""

from __future__ import annotations

import io
import json
import socket
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.sandbox.server import SandboxServer
from app.services import sandbox_runtime
from tests.services import sending_support as support
from tests.services.sending_support import MemoryKeyring, payload, posts

keychain = support.keychain
sandbox = support.sandbox
embedded_sandbox_stopped = support.embedded_sandbox_stopped
pytestmark = pytest.mark.usefixtures("keychain", "embedded_sandbox_stopped")


def _file(tmp_path: Path, data: Any, name: str = "payload.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _no_tty(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO("")
    stream.isatty = lambda: False  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", stream)


def _add_profile(monkeypatch: pytest.MonkeyPatch, name: str, host: str, *extra: str) -> None:
    monkeypatch.setenv("TGB_PASSWORD", "secret-one")
    assert main(["profiles", "add", name, "--host", host, "--till-code", "till.one", *extra]) == 0
    monkeypatch.delenv("TGB_PASSWORD")


def test_a_newcomer_sends_to_the_local_sandbox_and_gets_the_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["send", _file(tmp_path, payload("First"))]) == 0
    out, err = capsys.readouterr()
    group_id = int(out.strip())
    assert f"Created target group 'First' with id {group_id} on Local sandbox." in err
    assert sandbox_runtime.embedded_sandbox().store.get(group_id)["name"] == "First"


def test_validation_errors_exit_1_and_send_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = payload("Bad")
    bad["name"] = "N" * 201
    assert main(["send", _file(tmp_path, bad)]) == 1
    err = capsys.readouterr().err
    assert "name: error:" in err and "[310008]" in err and "not sent" in err
    assert not sandbox_runtime.is_running()


def test_a_server_rejection_exits_1_with_code_explanation_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = _file(tmp_path, payload("Twice"))
    assert main(["send", file]) == 0
    other = _file(tmp_path, payload("TWICE"), "other.json")
    assert main(["send", other]) == 1
    err = capsys.readouterr().err
    assert "310069: Target group name already exists." in err
    assert "choose another name. [field: name]" in err and "Request id: " in err


def test_json_output_for_scripts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["send", _file(tmp_path, payload("Scripted")), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "created" and isinstance(result["id"], int) and result["requestId"]


def test_check_name_refuses_a_taken_name_before_posting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["send", _file(tmp_path, payload("Named"))]) == 0
    assert main(["send", _file(tmp_path, payload("named"), "b.json"), "--check-name"]) == 1
    assert "already exists on Local sandbox; nothing was sent" in capsys.readouterr().err
    assert posts(sandbox_runtime.embedded_sandbox()) == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["send", "missing.json"], "does not exist"),
        (["send", "{file}", "--profile", "Nope"], "No profile named 'Nope'"),
    ],
)
def test_usage_and_file_problems_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    file = _file(tmp_path, payload())
    assert main([a.replace("{file}", file) for a in args]) == 2
    assert words in capsys.readouterr().err


def test_a_file_that_is_not_json_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"name": ', encoding="utf-8")
    assert main(["send", str(path)]) == 2
    assert "is not valid JSON" in capsys.readouterr().err


def test_unconfirmed_questions_without_a_terminal_send_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sandbox: SandboxServer,
) -> None:
    _add_profile(monkeypatch, "Prod", sandbox.url, "--production")
    _no_tty(monkeypatch)
    file = _file(tmp_path, payload("Careful"))
    assert main(["send", file, "--profile", "Prod"]) == 2
    err = capsys.readouterr().err
    assert "PRODUCTION profile" in err and "'Careful'" in err and sandbox.url.rstrip("/") in err
    assert "pass --yes to agree" in err and posts(sandbox) == 0
    assert main(["send", file, "--profile", "Prod", "--yes"]) == 0
    assert posts(sandbox) == 1
    # Sending the identical file again within ten minutes asks first.
    assert main(["send", file, "--profile", "Prod"]) == 2
    assert "This exact payload was sent to 'Prod'" in capsys.readouterr().err
    assert posts(sandbox) == 1


def test_a_terminal_answer_of_yes_sends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sandbox: SandboxServer
) -> None:
    _add_profile(monkeypatch, "Prod", sandbox.url, "--production")
    stream = io.StringIO("y\n")
    stream.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", stream)
    assert main(["send", _file(tmp_path, payload("Asked")), "--profile", "Prod"]) == 0
    assert posts(sandbox) == 1


def test_network_failures_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _add_profile(monkeypatch, "Down", f"http://127.0.0.1:{port}")
    assert main(["send", _file(tmp_path, payload()), "--profile", "Down"]) == 3
    assert "connection refused" in capsys.readouterr().err


def test_the_environment_secret_is_used_when_the_keychain_has_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keychain: MemoryKeyring, sandbox: SandboxServer,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    _add_profile(monkeypatch, "Org", sandbox.url)
    keychain.entries.clear()
    file = _file(tmp_path, payload("From env"))
    assert main(["send", file, "--profile", "Org"]) == 2
    assert "No password or secret is stored for 'Org'" in capsys.readouterr().err
    monkeypatch.setenv("TGB_PASSWORD", "secret-one")
    assert main(["send", file, "--profile", "Org"]) == 0
