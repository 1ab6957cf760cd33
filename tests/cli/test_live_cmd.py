"""``tgb pull``, ``tgb diff``, ``tgb push`` against the Local sandbox over real HTTP: a promotion edited
as a file and sent back, with the window's checks and the documented exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.services import sandbox_runtime
from tests.promotions.payloads import valid_promotion
from tests.services import sending_support as support

keychain = support.keychain
embedded_sandbox_stopped = support.embedded_sandbox_stopped

pytestmark = pytest.mark.usefixtures("keychain", "embedded_sandbox_stopped")


def _created(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> str:
    body = valid_promotion()
    body["metadata"]["name"] = name
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    assert main(["send", str(path)]) == 0
    promotion_id = capsys.readouterr().out.strip()
    assert len(promotion_id) == 24
    return promotion_id


def _stored(promotion_id: str) -> dict[str, Any]:
    stored = sandbox_runtime.embedded_sandbox().api.promotions.store.read(promotion_id)
    assert stored is not None
    return stored


def _no_tty(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO("")
    stream.isatty = lambda: False  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", stream)


def test_pull_edit_diff_push_changes_exactly_the_edit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    promotion_id = _created(tmp_path, capsys, "Pulled promo")
    out = tmp_path / "pulled.json"
    assert main(["pull", promotion_id, "-o", str(out)]) == 0
    assert f"promotion {promotion_id} on Local sandbox" in capsys.readouterr().out
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["id"] == promotion_id and "version" not in payload  # a payload, id kept for push
    payload["metadata"]["description"] = "Edited as a file"
    out.write_text(json.dumps(payload), encoding="utf-8")

    assert main(["diff", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "metadata.description" in printed and printed.count("\n") == 1

    _no_tty(monkeypatch)
    assert main(["push", str(out)]) == 2  # no terminal to ask on: nothing sent without --yes
    assert "--yes" in capsys.readouterr().err
    assert "description" not in _stored(promotion_id)["metadata"] or not _stored(promotion_id)[
        "metadata"
    ].get("description")
    assert main(["push", str(out), "--yes"]) == 0
    assert "Updated promotion" in capsys.readouterr().out
    assert _stored(promotion_id)["metadata"]["description"] == "Edited as a file"
    assert main(["diff", str(out)]) == 0
    assert "changes nothing" in capsys.readouterr().out


def test_push_is_refused_when_the_server_changed_since_the_pull(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    promotion_id = _created(tmp_path, capsys, "Raced promo")
    mine, theirs = tmp_path / "mine.json", tmp_path / "theirs.json"
    assert main(["pull", promotion_id, "-o", str(mine)]) == 0
    assert main(["pull", promotion_id, "-o", str(theirs)]) == 0
    capsys.readouterr()
    edited = json.loads(theirs.read_text(encoding="utf-8"))
    edited["metadata"]["description"] = "theirs"
    theirs.write_text(json.dumps(edited), encoding="utf-8")
    assert main(["push", str(theirs), "--yes"]) == 0  # another file, pulled from the same copy, goes first
    edited = json.loads(mine.read_text(encoding="utf-8"))
    edited["metadata"]["name"] = "Raced promo 2"
    mine.write_text(json.dumps(edited), encoding="utf-8")
    capsys.readouterr()
    assert main(["push", str(mine), "--yes"]) == 1
    err = capsys.readouterr().err
    assert "changed on the server" in err and "tgb diff" in err
    assert _stored(promotion_id)["metadata"]["name"] == "Raced promo"
    assert _stored(promotion_id)["metadata"]["description"] == "theirs"  # nothing overwritten blind


def test_an_edit_lock_is_refused_before_sending_with_its_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    promotion_id = _created(tmp_path, capsys, "Live promo")
    assert main(["promotions", "submit", promotion_id]) == 0
    assert main(["promotions", "approve", promotion_id, "--comment", "ok"]) == 0
    out = tmp_path / "live.json"
    assert main(["pull", promotion_id, "-o", str(out)]) == 0
    payload = json.loads(out.read_text(encoding="utf-8"))
    payload["metadata"]["startDate"] = "2027-01-02T00:00:00+05:30"
    out.write_text(json.dumps(payload), encoding="utf-8")
    capsys.readouterr()
    assert main(["push", str(out), "--yes"]) == 1
    err = capsys.readouterr().err
    assert "310153" in err and "Nothing was sent" in err


def test_usage_faults_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pull", "not-an-id", "-o", str(tmp_path / "x.json")]) == 2
    assert "neither a promotion id" in capsys.readouterr().err
    no_id = tmp_path / "no-id.json"
    no_id.write_text(json.dumps(valid_promotion()), encoding="utf-8")
    assert main(["diff", str(no_id)]) == 2
    assert "--id" in capsys.readouterr().err
    assert main(["push", str(tmp_path / "missing.json")]) == 2


def test_a_copied_file_is_not_pushed_blind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file tgb pull did not write has no known base: --yes alone refuses, --force compares with now."""
    import shutil

    promotion_id = _created(tmp_path, capsys, "Copied promo")
    pulled_file, copied = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["pull", promotion_id, "-o", str(pulled_file)]) == 0
    shutil.copy(pulled_file, copied)
    edited = json.loads(copied.read_text(encoding="utf-8"))
    edited["metadata"]["name"] = "Copied promo 2"
    copied.write_text(json.dumps(edited), encoding="utf-8")
    capsys.readouterr()
    assert main(["push", str(copied), "--yes"]) == 1
    assert "was not written by tgb pull" in capsys.readouterr().err
    assert _stored(promotion_id)["metadata"]["name"] == "Copied promo"
    assert main(["push", str(copied), "--yes", "--force"]) == 0
    assert _stored(promotion_id)["metadata"]["name"] == "Copied promo 2"
