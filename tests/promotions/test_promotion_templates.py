"""The promotion starters and ``tgb new`` on them: re-planned cycles, values in the API's own form."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app.cli import main
from app.domain.placeholders import fill_template
from app.services.templates import TemplateLibrary
from tests.promotions.payloads import NOW

STARTERS = ("promotion-weekly-points", "promotion-monthly-spend", "promotion-all-group")


@pytest.mark.parametrize("name", STARTERS)
def test_each_promotion_starter_validates_with_no_errors(name: str) -> None:
    entry = TemplateLibrary().find(name)
    template = entry.template
    assert template is not None and template.payload_kind == "promotion"
    kind = template.kind_of_payload
    problems = kind.validate_model(template.model(), NOW)
    assert [p for p in problems if p.is_error] == []
    assert {p.rule for p in problems} <= {"placeholder"}  # only the org and program to fill in


def test_filling_the_group_starter_replans_every_milestone_and_the_group_reward() -> None:
    template = TemplateLibrary().find("promotion-all-group").template
    assert template is not None
    filled = fill_template(
        template.model(),
        template.placeholders,
        {"name": "Q2 both", "start": "2027-04-01", "cycles": "2", "org": "7", "program": "9"},
    )
    wire = filled.model.to_wire()
    group = wire["activities"][0]
    for child in group["children"]:
        cycles = child["milestones"][0]["cycleActionMapping"]
        assert [c["cycle"] for c in cycles] == ["Cycle_1", "Cycle_2"]
        assert cycles[0]["startDate"].startswith("2027-04-01") and cycles[-1]["endDate"].startswith(
            "2027-05-31"
        )
    reward = group["commonCycleActionMapping"][0]
    assert (reward["startDate"], reward["endDate"]) == (
        wire["metadata"]["startDate"],
        wire["metadata"]["endDate"],
    )
    assert wire["metadata"]["orgId"] == 7 and wire["metadata"]["programId"] == 9
    problems = template.kind_of_payload.validate_model(filled.model, NOW)
    assert [(p.rule, p.path) for p in problems] == []


def test_tgb_new_writes_a_promotion_with_numeric_strings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "weekly.json"
    code = main(
        [
            "new",
            "-t",
            "promotion-weekly-points",
            "--set",
            "name=Week promo",
            "--set",
            "start=2027-02-01",
            "--set",
            "cycles=6",
            "--set",
            "visits=4",
            "--set",
            "points=150",
            "--set",
            "org=100737",
            "--set",
            "program=973",
            "-o",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    wire = json.loads(out.read_text(encoding="utf-8"))
    milestone = wire["activities"][0]["milestones"][0]
    cycles = milestone["cycleActionMapping"]
    assert (
        len(cycles) == 6 and {c["defaultValue"] for c in cycles} == {"4"} and milestone["defaultValue"] == "4"
    )
    assert cycles[0]["actions"][0]["mandatoryPropertiesValues"]["Points"] == "150"
    assert all(c["actions"] == [] for c in cycles[1:])  # the same reward every cycle comes from Cycle_1
    assert date.fromisoformat(wire["metadata"]["startDate"][:10]) == date(2027, 2, 1)
    assert main(["validate", str(out)]) == 0
