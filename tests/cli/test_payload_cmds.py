"""The CLI contract: line format, JSON format, exit codes 0/1/2, convert and format output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from tests.conftest import FIXTURES
from tests.domain.payloads import valid_payload

EXAMPLE = FIXTURES / "request-uatTargetGroup130-event-sum.json"


def _write(tmp_path: Path, name: str, payload: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def test_validate_prints_one_line_per_problem_and_exits_0_on_warnings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate", str(EXAMPLE)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"{EXAMPLE}: targets[0].eventName: warning: " in "\n".join(lines)
    assert all(line.startswith(f"{EXAMPLE}: ") and line.endswith("]") for line in lines)


def test_validate_exits_1_on_errors_with_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = valid_payload()
    payload["name"] = "N" * 201
    bad = _write(tmp_path, "bad.json", payload)
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}: name: error: " in out
    assert out.rstrip().endswith("[310008]")


def test_validate_exits_2_for_unreadable_json_with_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "name": "x",\n  "active": tru\n}\n', encoding="utf-8")
    before = broken.read_bytes()
    assert main(["validate", str(broken), str(EXAMPLE)]) == 2
    out = capsys.readouterr().out
    assert "line 3, column 13" in out
    assert broken.read_bytes() == before


def test_validate_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope.json")]) == 2
    assert "does not exist" in capsys.readouterr().out


def test_validate_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = valid_payload()
    payload["name"] = "n" * 201
    bad = _write(tmp_path, "long.json", payload)
    assert main(["validate", "--format", "json", str(bad), str(EXAMPLE)]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert {"file", "path", "severity", "code", "message"} <= set(rows[0])
    assert {"file": str(bad), "path": "name", "severity": "error", "code": "310008"}.items() <= rows[
        0
    ].items()
    assert {row["file"] for row in rows} == {str(bad), str(EXAMPLE)}


def test_convert_writes_a_payload_that_validates(tmp_path: Path) -> None:
    out = tmp_path / "payload.json"
    assert main(["convert", str(FIXTURES / "response-UCCtesttarget2.json"), "-o", str(out)]) == 0
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert "id" not in payload and payload["name"] == "UCCtesttarget2"
    assert main(["validate", str(out)]) == 0


def test_convert_rejects_an_error_response(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    error = _write(
        tmp_path, "err.json", {"data": None, "errors": [{"code": 310146, "message": "Invalid program id"}]}
    )
    assert main(["convert", str(error)]) == 2
    assert "310146" in capsys.readouterr().err


def test_format_normalises(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["format", str(FIXTURES / "request-UCCtesttarget2-user-created-daily.json")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["targets"][0]["defaultValues"][0] == {"defaultValue": 1}
    assert out["targets"][0]["expression"] == "true"


def test_console_entry_points_run() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app", "validate", str(EXAMPLE)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "eventName" in result.stdout


def test_python_m_app_opens_the_editor_for_a_lone_file_and_runs_commands_otherwise(tmp_path: Path) -> None:
    from app.__main__ import wants_editor

    assert wants_editor([])
    assert wants_editor([str(EXAMPLE)])
    assert not wants_editor(["validate", str(EXAMPLE)])
    assert not wants_editor(["--help"])
    assert not wants_editor([str(tmp_path / "missing.json")])


def test_a_file_named_like_a_command_still_runs_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.__main__ import wants_editor

    monkeypatch.chdir(tmp_path)
    (tmp_path / "sandbox").write_text("{}", encoding="utf-8")
    (tmp_path / "payload.json").write_text("{}", encoding="utf-8")
    assert not wants_editor(["sandbox"])
    assert wants_editor(["payload.json"])
