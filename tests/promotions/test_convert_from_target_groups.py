"""Every seed target-group example converts into a promotion draft (``tgb convert --to promotion``).

The draft validates with no errors; the values an old payload never had (org, program, reward
actions, an event a target never named) are left as placeholders the rules flag; and the list of
what was lost names every field of the input that has no place in a promotion, and nothing else.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.domain.conversions.target_group_to_promotion import from_target_group
from app.domain.dates import parse_wire_date, zone_or_none
from app.domain.promotions.validate import validate_raw
from app.domain.target_groups.validate import load_payload
from tests.promotions.payloads import NOW

FIXTURES = Path(__file__).parents[1] / "fixtures"
SEEDS = sorted(p.name for p in FIXTURES.glob("request-*.json")) + sorted(
    f"classes/{p.name}" for p in (FIXTURES / "classes").glob("request-*.json")
)

#: The fields a promotion carries, by level; any other key of the input must be reported as lost.
CARRIED_GROUP = {
    "name",
    "description",
    "timeZoneName",
    "trackingType",
    "combinationType",
    "preferredTillId",
    "frequencyType",
    "targetEvaluationType",
    "recurringCycles",
    "leaderboardEnabled",
    "streaks",
    "periods",
    "targets",
}
CARRIED_TARGET = {
    "name",
    "description",
    "targetEntity",
    "targetType",
    "eventName",
    "expression",
    "expressionJson",
    "defaultValues",
}
CARRIED_PERIOD = {"startDate", "endDate"}
#: The group's window, in each spelling: kept when it gives the promotion's start or end.
WINDOW_DATES = (
    "fromDate",
    "toDate",
    "targetCycleStartDateISO",
    "targetCycleEndDateISO",
    "targetCycleStartDate",
    "targetCycleEndDate",
)


def read(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def expected_losses(raw: dict[str, Any]) -> set[str]:
    """Every input path whose value has no place in the promotion (defaults that mean nothing aside)."""
    out: set[str] = set()
    for key, value in raw.items():
        if key in CARRIED_GROUP or key in WINDOW_DATES:
            continue
        if key == "frequency" and value in (0, 1):
            continue
        if key == "userCreated" and value is False:
            continue
        out.add(key)
    for index, target in enumerate(raw.get("targets") or []):
        for key, value in target.items():
            if key in CARRIED_TARGET or (key == "active" and value is not False):
                continue
            if key == "enrolmentMethod" and value == "TRANSACTION":
                continue
            if key in ("filters", "targetMilestoneTriggers") and not value:
                continue
            if key == "extendedFieldInfo" and target.get("targetType") == "EXTENDED_FIELD":
                continue
            out.add(f"targets[{index}].{key}")
    for index, period in enumerate(raw.get("periods") or []):
        for key, value in period.items():
            if key in CARRIED_PERIOD or (key == "active" and value is not False):
                continue
            if key == "refCode" and value == f"Cycle_{index + 1}":
                continue
            out.add(f"periods[{index}].{key}")
    return out


@pytest.mark.parametrize("name", SEEDS)
def test_each_seed_converts_into_a_draft_with_no_errors(name: str) -> None:
    raw = read(name)
    group = load_payload(raw).group
    assert group is not None
    converted = from_target_group(group)
    result = validate_raw(converted.payload, NOW)
    errors = [(p.path, p.rule, p.message) for p in result.problems if p.is_error]
    assert errors == []
    rules = {(p.rule, p.path) for p in result.problems}
    assert ("placeholder", "metadata.programId") in rules and ("placeholder", "metadata.orgId") in rules
    assert any(rule == "no-reward" for rule, _ in rules)  # reward actions are new input
    metadata = converted.payload["metadata"]
    assert metadata["status"] == "DRAFT" and metadata["name"] == raw["name"]


@pytest.mark.parametrize("name", SEEDS)
def test_the_lost_report_names_exactly_what_was_dropped(name: str) -> None:
    raw = read(name)
    group = load_payload(raw).group
    assert group is not None
    converted = from_target_group(group)
    lost = {item.path for item in converted.lost}
    wanted = expected_losses(raw)
    # each window date either gives the promotion's start or end, or is reported as not kept
    dates = converted.payload["metadata"]
    for key in WINDOW_DATES:
        if key in raw and key not in lost:
            moment = parse_wire_date(raw[key], zone_or_none(raw.get("timeZoneName")))
            assert moment is not None
            kept = {parse_wire_date(dates["startDate"], None), parse_wire_date(dates["endDate"], None)}
            assert any(
                k is not None and (k.as_start() == moment.as_start() or k.as_end() == moment.as_end())
                for k in kept
            ), f"{key} {raw[key]} is neither kept nor reported"
    lost -= {key for key in WINDOW_DATES if key in raw}
    missing = {
        path for path in wanted if not any(item == path or item.startswith(path + ".") for item in lost)
    }
    assert missing == set(), "dropped without a word"
    # what is reported beyond the dropped fields is a choice made (REWARDS -> POINTS, reordering...)
    extra = lost - wanted
    choices = {
        p
        for p in extra
        if p.endswith((".targetType", ".targetEntity", ".eventName")) or p in ("periods", "combinationType")
    }
    assert extra - choices == set(), "reported but not dropped"
    for item in from_target_group(group).lost:
        assert item.reason and not item.reason.endswith(".")  # one line: "path: reason"


def test_unified_all_becomes_a_group_with_one_child_per_target() -> None:
    group = load_payload(read("classes/request-unified-without-evaluation-type.json")).group
    assert group is not None
    payload = from_target_group(group).payload
    (activity,) = payload["activities"]
    assert activity["type"] == "GROUP" and activity["combinationType"] == group.combination_type.value
    assert len(activity["children"]) == len(group.targets or [])
    for child in activity["children"]:
        assert child["type"] == "SINGLE" and len(child["milestones"]) == 1
        assert child["parentId"] == activity["id"]


def test_periods_and_values_become_cycles_with_numeric_strings() -> None:
    group = load_payload(read("request-fixed-window-milestone-monthly-leaderboard.json")).group
    assert group is not None
    milestone = from_target_group(group).payload["activities"][0]["milestones"][0]
    cycles = milestone["cycleActionMapping"]
    assert [c["cycle"] for c in cycles] == [f"Cycle_{i + 1}" for i in range(len(group.periods or []))]
    values = [v.default_value for v in (group.targets or [])[0].default_values or []]
    assert [c["defaultValue"] for c in cycles] == [str(v) for v in values]
    assert milestone["differentTargetsForEveryCycle"] is (len(set(values)) > 1)
    assert milestone["leaderboardEnabled"] is True
