"""The spec's own examples: requests Capillary shows as working must pass with only the expected warnings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.domain.convert import response_to_payload
from app.domain.validate import validate_payload
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
