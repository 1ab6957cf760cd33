"""One broken payload per rule: each must produce its rule, at its path, with the API's code where one exists."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.domain.problems import Severity
from app.domain.validate import validate_payload
from tests.domain.payloads import NOW, target, valid_payload

Mutation = Callable[[dict[str, Any]], None]


def _set(path: list[Any], value: Any) -> Mutation:
    def apply(payload: dict[str, Any]) -> None:
        node = payload
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value

    return apply


def _drop(path: list[Any]) -> Mutation:
    def apply(payload: dict[str, Any]) -> None:
        node = payload
        for step in path[:-1]:
            node = node[step]
        del node[path[-1]]

    return apply


def _all(*mutations: Mutation) -> Mutation:
    def apply(payload: dict[str, Any]) -> None:
        for mutation in mutations:
            mutation(payload)

    return apply


def _unified(payload: dict[str, Any]) -> None:
    payload["trackingType"] = "UNIFIED"
    payload["combinationType"] = "ALL"
    payload["targets"].append(target("second"))


def _two_targets(payload: dict[str, Any]) -> None:
    payload["targets"].append(target("second"))


E, W = Severity.ERROR, Severity.WARNING

# (id, mutation, expected path, expected code, severity)
CASES: list[tuple[str, Mutation, str, str, Severity]] = [
    ("name missing", _drop(["name"]), "name", "required", E),
    ("name blank", _set(["name"], "   "), "name", "required", E),
    ("name too long", _set(["name"], "x" * 201), "name", "310008", E),
    ("description too long", _set(["description"], "d" * 256), "description", "description-too-long", E),
    ("tracking type missing", _drop(["trackingType"]), "trackingType", "required", E),
    ("tracking type unknown", _set(["trackingType"], "SINGLE"), "trackingType", "type", E),
    ("evaluation type missing", _drop(["targetEvaluationType"]), "targetEvaluationType", "required", E),
    ("total periods missing", _drop(["totalPeriods"]), "totalPeriods", "required", E),
    ("frequency type missing", _drop(["frequencyType"]), "frequencyType", "required-soft", W),
    ("frequency type unknown", _set(["frequencyType"], "FORTNIGHTLY"), "frequencyType", "type", E),
    (
        "recurring cycles over 100",
        _set(["recurringCycles"], 101),
        "recurringCycles",
        "recurring-cycles-range",
        E,
    ),
    (
        "recurring cycles negative",
        _set(["recurringCycles"], -1),
        "recurringCycles",
        "recurring-cycles-range",
        E,
    ),
    ("total periods mismatch", _set(["totalPeriods"], 3), "totalPeriods", "total-periods-mismatch", W),
    ("unknown time zone", _set(["timeZoneName"], "India/Mumbai"), "timeZoneName", "time-zone-unknown", W),
    (
        "cycle end before start",
        _set(["targetCycleEndDateISO"], "2026-12-01T00:00:00.000+05:30"),
        "targetCycleEndDateISO",
        "window-order",
        E,
    ),
    (
        "cycle date unreadable",
        _set(["targetCycleStartDateISO"], "1st Jan"),
        "targetCycleStartDateISO",
        "date-format",
        E,
    ),
    ("two targets on DEFAULT", _two_targets, "targets", "target-count", E),
    ("no targets", _set(["targets"], []), "targets", "target-count", E),
    (
        "UNIFIED with one target",
        _all(_set(["trackingType"], "UNIFIED"), _set(["combinationType"], "ALL")),
        "targets",
        "target-count",
        E,
    ),
    (
        "UNIFIED without combination",
        _all(_unified, _drop(["combinationType"])),
        "combinationType",
        "combination-type-missing",
        E,
    ),
    (
        "UNIFIED aggregation without threshold",
        _all(_unified, _set(["unifiedTargetExpression"], {"aggregation": "SUM"})),
        "unifiedTargetExpression.thresholdValue",
        "threshold-missing",
        E,
    ),
    ("STREAKS without levels", _set(["trackingType"], "STREAKS"), "streaks", "streaks-missing", E),
    (
        "streak level without count",
        _all(_set(["trackingType"], "STREAKS"), _set(["streaks"], [{"name": "Bronze"}])),
        "streaks[0].targetCountOfSequence",
        "required",
        E,
    ),
    (
        "leaderboard on cyclic window",
        _all(
            _set(["leaderboardEnabled"], True),
            _set(["targetEvaluationType"], "CYCLIC_WINDOW"),
            _set(["targets", 0, "defaultValues"], [{"defaultValue": 5}, {"defaultValue": 5}]),
        ),
        "leaderboardEnabled",
        "310132",
        E,
    ),
    (
        "leaderboard on UNIFIED",
        _all(_unified, _set(["leaderboardEnabled"], True)),
        "leaderboardEnabled",
        "leaderboard-tracking",
        E,
    ),
    (
        "user-created without enrolment method",
        _set(["userCreated"], True),
        "targets[0].enrolmentMethod",
        "user-created-enrolment",
        W,
    ),
    (
        "user-created enrolled by transaction",
        _all(_set(["userCreated"], True), _set(["targets", 0, "enrolmentMethod"], "TRANSACTION")),
        "targets[0].enrolmentMethod",
        "user-created-enrolment",
        E,
    ),
    ("period without refCode", _drop(["periods", 1, "refCode"]), "periods[1].refCode", "required", E),
    ("period without start", _drop(["periods", 0, "startDate"]), "periods[0].startDate", "required", E),
    (
        "period date unreadable",
        _set(["periods", 0, "endDate"], "31/01/2027"),
        "periods[0].endDate",
        "date-format",
        E,
    ),
    (
        "period ends before it starts",
        _set(["periods", 0, "endDate"], "2026-12-31T00:00:00.000+05:30"),
        "periods[0].endDate",
        "period-order",
        E,
    ),
    (
        "periods overlap",
        _set(["periods", 1, "startDate"], "2027-01-15T00:00:00.000+05:30"),
        "periods[1].startDate",
        "period-overlap",
        E,
    ),
    (
        "duplicate refCode (any case)",
        _set(["periods", 1, "refCode"], "cycle_1"),
        "periods[1].refCode",
        "ref-code-duplicate",
        E,
    ),
    (
        "period outside the cycle window",
        _set(["periods", 1, "endDate"], "2027-03-05T23:59:59.999+05:30"),
        "periods[1].endDate",
        "period-outside-cycle",
        E,
    ),
    (
        "period outside fromDate/toDate",
        _all(
            _set(["fromDate"], "2027-01-01T00:00:00.000+05:30"),
            _set(["toDate"], "2027-01-31T23:59:59.999+05:30"),
        ),
        "periods[1].endDate",
        "period-outside-milestone",
        W,
    ),
    (
        "response-only status",
        _set(["periods", 0, "periodStatus"], "LIVE"),
        "periods[0].periodStatus",
        "period-status-response-only",
        W,
    ),
    (
        "status RUNNING in the future",
        _set(["periods", 0, "periodStatus"], "RUNNING"),
        "periods[0].periodStatus",
        "period-status-stale",
        W,
    ),
    (
        "period wholly in the past",
        _all(
            _set(["periods", 0, "startDate"], "2026-01-01T00:00:00.000+05:30"),
            _set(["periods", 0, "endDate"], "2026-01-31T23:59:59.999+05:30"),
            _set(["targetCycleStartDateISO"], "2026-01-01T00:00:00.000+05:30"),
        ),
        "periods[0].endDate",
        "period-in-past",
        W,
    ),
    (
        "unknown period status",
        _set(["periods", 0, "periodStatus"], "PAUSED"),
        "periods[0].periodStatus",
        "type",
        E,
    ),
    ("target name missing", _drop(["targets", 0, "name"]), "targets[0].name", "required", E),
    ("target name too long", _set(["targets", 0, "name"], "t" * 201), "targets[0].name", "310008", E),
    (
        "duplicate target names (any case)",
        _all(_unified, _set(["targets", 1, "name"], "SPEND_5000")),
        "targets[1].name",
        "target-name-duplicate",
        E,
    ),
    (
        "entity/type mismatch",
        _set(["targets", 0, "targetType"], "REGULAR_POINTS"),
        "targets[0].targetType",
        "310033",
        E,
    ),
    (
        "target entity missing",
        _drop(["targets", 0, "targetEntity"]),
        "targets[0].targetEntity",
        "required",
        E,
    ),
    (
        "extended field without info",
        _set(["targets", 0, "targetType"], "EXTENDED_FIELD"),
        "targets[0].extendedFieldInfo",
        "310094",
        E,
    ),
    (
        "extended field without name",
        _all(
            _set(["targets", 0, "targetType"], "EXTENDED_FIELD"),
            _set(["targets", 0, "extendedFieldInfo"], {"aggregateFunction": "SUM"}),
        ),
        "targets[0].extendedFieldInfo.name",
        "310094",
        E,
    ),
    (
        "event attribute counted instead of summed",
        _all(
            _set(["targets", 0, "targetEntity"], "EVENT"),
            _set(["targets", 0, "eventName"], "spinTheWheel"),
            _set(["targets", 0, "targetType"], "EVENT_ATTRIBUTE"),
            _set(["targets", 0, "extendedFieldInfo"], {"name": "points", "aggregateFunction": "COUNT"}),
        ),
        "targets[0].extendedFieldInfo.aggregateFunction",
        "event-attribute-function",
        E,
    ),
    (
        "event without eventName",
        _all(_set(["targets", 0, "targetEntity"], "EVENT"), _set(["targets", 0, "targetType"], "COUNT")),
        "targets[0].eventName",
        "event-name-missing",
        W,
    ),
    (
        "alternate currency without identifier",
        _all(
            _set(["targets", 0, "targetEntity"], "ALTERNATE_CURRENCIES"),
            _set(["targets", 0, "targetType"], "ALL"),
            _set(["targets", 0, "extendedFieldInfo"], {"programId": 783}),
        ),
        "targets[0].extendedFieldInfo.alternateCurrencyIdentifier",
        "310147",
        E,
    ),
    (
        "alternate currency without program",
        _all(
            _set(["targets", 0, "targetEntity"], "ALTERNATE_CURRENCIES"),
            _set(["targets", 0, "targetType"], "ALL"),
            _set(["targets", 0, "extendedFieldInfo"], {"alternateCurrencyIdentifier": "DocCoin"}),
        ),
        "targets[0].extendedFieldInfo.programId",
        "310146",
        E,
    ),
    (
        "alternate currency without info",
        _all(
            _set(["targets", 0, "targetEntity"], "ALTERNATE_CURRENCIES"),
            _set(["targets", 0, "targetType"], "ALL"),
        ),
        "targets[0].extendedFieldInfo",
        "310094",
        E,
    ),
    (
        "one default value for two periods",
        _set(["targets", 0, "defaultValues"], [{"defaultValue": 1}]),
        "targets[0].defaultValues",
        "default-values-count",
        E,
    ),
    (
        "negative default value",
        _set(["targets", 0, "defaultValues", 1, "defaultValue"], -5),
        "targets[0].defaultValues[1].defaultValue",
        "default-value-range",
        E,
    ),
    (
        "default value not a number",
        _set(["targets", 0, "defaultValues", 1, "defaultValue"], "lots"),
        "targets[0].defaultValues[1].defaultValue",
        "type",
        E,
    ),
    (
        "default value true",
        _set(["targets", 0, "defaultValues", 0, "defaultValue"], True),
        "targets[0].defaultValues[0].defaultValue",
        "type",
        E,
    ),
    (
        "empty default value",
        _set(["targets", 0, "defaultValues", 0], {}),
        "targets[0].defaultValues[0].defaultValue",
        "default-value-missing",
        E,
    ),
    (
        "different values on a cyclic window",
        _set(["targetEvaluationType"], "CYCLIC_WINDOW"),
        "targets[0].defaultValues",
        "default-values-vary",
        E,
    ),
    (
        "filter with unknown entity type",
        _set(["targets", 0, "filters"], [{"entityType": "REGION", "entityIds": [1]}]),
        "targets[0].filters[0].entityType",
        "type",
        E,
    ),
    (
        "filter without ids",
        _set(["targets", 0, "filters"], [{"entityType": "STORE", "entityIds": []}]),
        "targets[0].filters[0].entityIds",
        "filter-ids-empty",
        E,
    ),
    (
        "filter id not a number",
        _set(["targets", 0, "filters"], [{"entityType": "STORE", "entityIds": [12, "store-9"]}]),
        "targets[0].filters[0].entityIds[1]",
        "type",
        E,
    ),
    (
        "expressionJson not JSON",
        _set(["targets", 0, "expressionJson"], "{arity: literal"),
        "targets[0].expressionJson",
        "expression-json-invalid",
        E,
    ),
    (
        "expressionJson unknown node",
        _set(["targets", 0, "expressionJson"], '{"arity":"lambda","value":"x"}'),
        "targets[0].expressionJson",
        "expression-json-invalid",
        E,
    ),
    ("unknown field kept", _set(["targets", 0, "rewardCap"], 10), "targets[0].rewardCap", "unknown-field", W),
    (
        "STREAK spelling",
        _all(
            _set(["trackingType"], "STREAK"),
            _set(["streaks"], [{"name": "Bronze", "targetCountOfSequence": 2}]),
        ),
        "trackingType",
        "tracking-type-spelling",
        W,
    ),
    ("payload not an object", lambda p: None, "", "payload-shape", E),
]


def test_valid_base_payload_has_no_problems() -> None:
    assert validate_payload(valid_payload(), now=NOW).problems == []


@pytest.mark.parametrize(
    ("mutation", "path", "code", "severity"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_rule_reports_its_code_at_its_path(
    mutation: Mutation, path: str, code: str, severity: Severity
) -> None:
    payload: Any = valid_payload()
    if code == "payload-shape":
        payload = [payload]
    else:
        mutation(payload)
    problems = validate_payload(payload, now=NOW).problems
    found = [(p.path, p.code, p.severity) for p in problems]
    assert (path, code, severity) in found, f"expected {(path, code, severity.value)}, got {found}"
    for problem in problems:
        assert problem.message.strip().endswith((".", ")")), problem.message
