"""`tgb rules`, docs/rules.md, `tgb validate --strict` and `tgb convert --index`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.domain.rules.catalogue import render_markdown
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = FIXTURES / "request-uatTargetGroup130-event-sum.json"


def test_docs_rules_md_is_the_generated_catalogue() -> None:
    written = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert written == render_markdown(), "run: .venv/bin/tgb rules --format markdown > docs/rules.md"


def test_rules_json_lists_id_severity_code_evidence_and_description(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rules", "--format", "json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    by_id = {(r["kind"], r["id"]): r for r in rules}
    too_long = by_id[("target-group", "name-too-long")]
    assert too_long["severity"] == "error" and too_long["apiCode"] == 310008
    assert too_long["evidence"] == "api-code" and too_long["description"]
    mismatch = by_id[("target-group", "entity-type-mismatch")]  # the table, contradicted by stored groups
    assert mismatch["severity"] == "warning" and mismatch["apiCode"] is None
    assert mismatch["evidence"] == "example" and "stored" in mismatch["source"]
    outside = by_id[("target-group", "period-outside-cycle")]
    assert outside["severity"] == "warning" and outside["evidence"] == "example"
    assert all(r["severity"] == "warning" for r in rules if r["evidence"] in ("example", "inferred"))


def test_rules_text_has_one_line_per_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--kind", "target-group"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(
        line.startswith("leaderboard-window") and "310132" in line and "error" in line for line in lines
    )


def test_strict_turns_warnings_into_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(EXAMPLE)]) == 0
    relaxed = capsys.readouterr().out
    assert ": warning: " in relaxed
    assert main(["validate", "--strict", str(EXAMPLE)]) == 1
    strict = capsys.readouterr().out
    assert ": warning: " not in strict and strict.count(": error: ") == relaxed.count(": warning: ")


def test_convert_picks_one_group_of_a_list_response(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = FIXTURES / "classes" / "response-list-two-groups.json"
    assert main(["convert", str(listing)]) == 2
    assert "--index" in capsys.readouterr().err
    out = tmp_path / "second.json"
    assert main(["convert", str(listing), "--index", "2", "-o", str(out)]) == 0
    payload = json.loads(out.read_text())
    assert payload["name"] == "listed2" and "id" not in payload and "orgId" not in payload
    assert "targetGroupId" not in payload["targets"][0]
