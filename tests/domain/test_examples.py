"""The spec's own examples: requests Capillary shows as working must pass with only the expected warnings."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.domain.base import WireModel
from app.domain.convert import ConversionError
from app.domain.fields import nested_model, wire_name
from app.domain.target_groups.convert import response_groups, response_to_payload
from app.domain.target_groups.models import TargetGroup
from app.domain.target_groups.validate import validate_payload
from tests.conftest import load_fixture, request_examples, response_examples

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

#: (path, rule) of every warning each example is expected to raise, and nothing else.
EXPECTED_REQUEST_WARNINGS = {
    "request-UCCtesttarget2-user-created-daily.json": {
        ("periods[0].endDate", "period-in-past"),
        ("periods[1].endDate", "period-in-past"),
        ("periods[2].endDate", "period-in-past"),
        ("periods[3].endDate", "period-in-past"),
        ("targets[0].enrolmentMethod", "user-created-enrolment"),
    },
    "request-fixed-window-milestone-monthly-leaderboard.json": {
        ("frequency", "required-soft"),
        ("recurringCycles", "required-soft"),
        ("periods[0].endDate", "period-in-past"),
        ("periods[1].endDate", "period-in-past"),
    },
    "request-uatTargetGroup124-alternate-currencies.json": {
        ("frequencyType", "required-soft"),
        ("periods[0].endDate", "period-in-past"),
        ("periods[1].endDate", "period-in-past"),
        ("periods[0].endDate", "period-outside-milestone"),
        ("periods[1].endDate", "period-outside-milestone"),
    },
    "request-uatTargetGroup130-event-sum.json": {
        ("periods[0].endDate", "period-in-past"),
        ("periods[1].endDate", "period-in-past"),
        ("targets[0].eventName", "event-name-missing"),
    },
}


def test_every_request_example_is_covered() -> None:
    assert set(request_examples()) == set(EXPECTED_REQUEST_WARNINGS)


@pytest.mark.parametrize("name", request_examples())
def test_request_examples_validate_without_errors(name: str) -> None:
    result = validate_payload(load_fixture(name), now=NOW)
    assert result.group is not None
    errors = [p for p in result.problems if p.is_error]
    assert errors == []
    warnings = {(p.path, p.rule) for p in result.problems}
    assert warnings == EXPECTED_REQUEST_WARNINGS[name]


def test_event_name_warning_says_what_the_server_does() -> None:
    result = validate_payload(load_fixture("request-uatTargetGroup130-event-sum.json"), now=NOW)
    message = next(p.message for p in result.problems if p.rule == "event-name-missing")
    assert "TransactionAdd" in message


@pytest.mark.parametrize("name", response_examples())
def test_response_examples_convert_to_payloads_without_errors(name: str) -> None:
    payload = response_to_payload(load_fixture(name))
    for key in ("id", "attribution"):
        assert key not in payload
    for period in payload["periods"]:
        assert "id" not in period and "targetGroupId" not in period and "attribution" not in period
    for target in payload["targets"]:
        assert not {"id", "emfRuleSetId", "targetPeriodDefaultValuesMap", "targetGroupId"} & set(target)
        assert all(set(value) == {"defaultValue"} for value in target["defaultValues"])
    result = validate_payload(payload, now=NOW)
    assert result.group is not None
    assert [p for p in result.problems if p.is_error] == []
    assert not [p for p in result.problems if p.rule == "unknown-field"]


def test_conversion_keeps_what_the_operator_set() -> None:
    response = load_fixture("response-uatTargetGroup130.json")
    payload = response_to_payload(response)
    data = response["data"]
    assert payload["name"] == data["name"]
    assert payload["timeZoneName"] == "Asia/Kolkata"
    assert payload["targets"][0]["eventName"] == "TransactionAdd"
    assert [p["refCode"] for p in payload["periods"]] == ["Cycle_1", "Cycle_2"]


def test_conversion_accepts_a_bare_group_without_envelope() -> None:
    data = load_fixture("response-uatTargetGroup80.json")["data"]
    assert response_to_payload(data)["name"] == "uatTargetGroup80"


# --- Working payloads of the kinds the server accepts although the docs say otherwise --------

CLASSES = Path(__file__).parent.parent / "fixtures" / "classes"


def _class_fixtures(prefix: str) -> list[str]:
    return sorted(p.name for p in CLASSES.glob(f"{prefix}-*.json"))


def _server_made_keys(node: Any, model: type[WireModel], path: str = "") -> list[str]:
    """Every server-made key left anywhere in a converted payload, walking along the model tree."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in model.SERVER_FIELDS:
                found.append(f"{path}.{key}" if path else key)
            name = next((n for n in model.model_fields if wire_name(model, n) == key), None)
            child = nested_model(model, name)[0] if name else None
            if child is not None:
                items = value if isinstance(value, list) else [value]
                for index, item in enumerate(items):
                    found += _server_made_keys(item, child, f"{path}.{key}[{index}]")
    return found


@pytest.mark.parametrize("name", _class_fixtures("request"))
def test_accepted_payload_classes_validate_without_errors(name: str) -> None:
    document = json.loads((CLASSES / name).read_text(encoding="utf-8"))
    result = validate_payload(document, now=NOW)
    assert result.group is not None
    assert [(p.path, p.rule, p.message) for p in result.problems if p.is_error] == []
    assert _keys(result.group.to_wire()) == _keys(document), "every field is sent as it was written"


def _keys(node: Any, path: str = "") -> set[str]:
    if isinstance(node, dict):
        return {k for key, value in node.items() for k in ({f"{path}.{key}"} | _keys(value, f"{path}.{key}"))}
    if isinstance(node, list):
        return {k for i, item in enumerate(node) for k in _keys(item, f"{path}[{i}]")}
    return set()


def test_numeric_ref_code_is_kept_as_a_number() -> None:
    document = json.loads((CLASSES / "request-numeric-refcode-alternate-currency.json").read_text())
    result = validate_payload(document, now=NOW)
    assert result.group is not None
    assert result.group.to_wire()["periods"][0]["refCode"] == 1720782952


def test_periods_outside_the_cycle_window_warn_and_say_the_server_accepted_it() -> None:
    document = json.loads((CLASSES / "request-behavioural-event-periods-before-cycle-start.json").read_text())
    problems = validate_payload(document, now=NOW).problems
    outside = [p for p in problems if p.rule == "period-outside-cycle"]
    assert outside and all(not p.is_error for p in outside)
    assert "accepted" in outside[0].message


@pytest.mark.parametrize("name", _class_fixtures("response") + response_examples())
def test_converted_responses_have_no_server_made_field_anywhere(name: str) -> None:
    path = CLASSES / name if (CLASSES / name).exists() else None
    document = json.loads(path.read_text()) if path else load_fixture(name)
    for payload in response_groups(document):
        assert _server_made_keys(payload, TargetGroup) == []
        result = validate_payload(payload, now=NOW)
        assert result.group is not None
        assert [p for p in result.problems if p.is_error] == []
        assert not [p for p in result.problems if p.rule == "unknown-field"]


def test_streak_levels_lose_their_server_fields() -> None:
    payload = response_to_payload(
        json.loads((CLASSES / "response-streak-with-server-fields.json").read_text())
    )
    assert payload["streaks"] == [{"name": "twoDays", "targetCountOfSequence": 2}]
    assert "activePeriod" not in payload and "createdOn" not in payload and "orgId" not in payload
    assert "emfUnrolledRulesetId" not in payload["targets"][0]
    assert "extendedFieldInfo" in payload["targets"][0] and payload["targets"][0]["extendedFieldInfo"] == {}


def test_a_list_response_converts_one_group_at_a_time() -> None:
    document = json.loads((CLASSES / "response-list-two-groups.json").read_text())
    assert [g["name"] for g in response_groups(document)] == ["listed1", "listed2"]
    assert response_to_payload(document, index=1)["name"] == "listed2"
    with pytest.raises(ConversionError, match="--index"):
        response_to_payload(document)
    with pytest.raises(ConversionError, match="no group 3"):
        response_to_payload(document, index=2)
