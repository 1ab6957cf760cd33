"""The target group's rules table: one broken payload per rule (run by ``tests/kinds/test_rules_tables.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.domain.problems import Problem, Severity
from app.domain.target_groups.validate import validate_payload
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

# (id, mutation, expected path, expected rule id, expected code, severity)
CASES: list[tuple[str, Mutation, str, str, str, Severity]] = [
    ("name missing", _drop(["name"]), "name", "required", "required", E),
    # A server's stored groups include an active one named "": blank is a warning, missing an error.
    ("name blank", _set(["name"], "   "), "name", "required-empty", "required-empty", W),
    ("name empty", _set(["name"], ""), "name", "required-empty", "required-empty", W),
    ("name too long", _set(["name"], "x" * 201), "name", "name-too-long", "310008", E),
    (
        "description too long",
        _set(["description"], "d" * 256),
        "description",
        "text-too-long",
        "text-too-long",
        E,
    ),
    ("tracking type missing", _drop(["trackingType"]), "trackingType", "required-soft", "required-soft", W),
    ("tracking type unknown", _set(["trackingType"], "SINGLE"), "trackingType", "type", "type", E),
    (
        "evaluation type missing (the unified examples omit it)",
        _drop(["targetEvaluationType"]),
        "targetEvaluationType",
        "required-soft",
        "required-soft",
        W,
    ),
    ("total periods missing", _drop(["totalPeriods"]), "totalPeriods", "required-soft", "required-soft", W),
    (
        "frequency type missing",
        _drop(["frequencyType"]),
        "frequencyType",
        "required-soft",
        "required-soft",
        W,
    ),
    ("frequency type unknown", _set(["frequencyType"], "FORTNIGHTLY"), "frequencyType", "type", "type", E),
    (
        "recurring cycles over 100",
        _set(["recurringCycles"], 101),
        "recurringCycles",
        "above-maximum",
        "above-maximum",
        E,
    ),
    (
        "recurring cycles negative (responses show -1)",
        _set(["recurringCycles"], -1),
        "recurringCycles",
        "below-minimum",
        "below-minimum",
        W,
    ),
    (
        "negative till id",
        _set(["preferredTillId"], -3),
        "preferredTillId",
        "below-minimum",
        "below-minimum",
        W,
    ),
    (
        "total periods mismatch",
        _set(["totalPeriods"], 3),
        "totalPeriods",
        "total-periods-mismatch",
        "total-periods-mismatch",
        W,
    ),
    (
        "unknown time zone",
        _set(["timeZoneName"], "India/Mumbai"),
        "timeZoneName",
        "time-zone-unknown",
        "time-zone-unknown",
        W,
    ),
    (
        "cycle end before start",
        _set(["targetCycleEndDateISO"], "2026-12-01T00:00:00.000+05:30"),
        "targetCycleEndDateISO",
        "window-order",
        "window-order",
        W,
    ),
    (
        "cycle date unreadable",
        _set(["targetCycleStartDateISO"], "1st Jan"),
        "targetCycleStartDateISO",
        "date-format",
        "date-format",
        E,
    ),
    (
        "NON_CONTINUOUS_STREAKS",
        _all(
            _set(["trackingType"], "NON_CONTINUOUS_STREAKS"),
            _set(["streaks"], [{"name": "Bronze", "targetCountOfSequence": 2}]),
        ),
        "trackingType",
        "tracking-type-unverified",
        "tracking-type-unverified",
        W,
    ),
    (
        "combination type on a DEFAULT group",
        _set(["combinationType"], "ALL"),
        "combinationType",
        "combination-type-ignored",
        "combination-type-ignored",
        W,
    ),
    ("two targets on DEFAULT", _two_targets, "targets", "target-count", "target-count", W),
    (
        "no targets (added later through targets API)",
        _set(["targets"], []),
        "targets",
        "target-count",
        "target-count",
        W,
    ),
    (
        "UNIFIED with one target",
        _all(_set(["trackingType"], "UNIFIED"), _set(["combinationType"], "ALL")),
        "targets",
        "target-count",
        "target-count",
        W,
    ),
    (
        "UNIFIED without combination",
        _all(_unified, _drop(["combinationType"])),
        "combinationType",
        "combination-type-missing",
        "combination-type-missing",
        W,
    ),
    (
        "UNIFIED aggregation without threshold",
        _all(_unified, _set(["unifiedTargetExpression"], {"aggregation": "SUM"})),
        "unifiedTargetExpression.thresholdValue",
        "threshold-missing",
        "threshold-missing",
        W,
    ),
    (
        "UNIFIED negative threshold",
        _all(_unified, _set(["unifiedTargetExpression"], {"aggregation": "SUM", "thresholdValue": -1})),
        "unifiedTargetExpression.thresholdValue",
        "threshold-negative",
        "threshold-negative",
        W,
    ),
    (
        "STREAKS without levels",
        _set(["trackingType"], "STREAKS"),
        "streaks",
        "streaks-missing",
        "streaks-missing",
        W,
    ),
    (
        "streak level without count",
        _all(_set(["trackingType"], "STREAKS"), _set(["streaks"], [{"name": "Bronze"}])),
        "streaks[0].targetCountOfSequence",
        "required-soft",
        "required-soft",
        W,
    ),
    (
        "streak level count zero",
        _all(
            _set(["trackingType"], "STREAKS"),
            _set(["streaks"], [{"name": "Bronze", "targetCountOfSequence": 0}]),
        ),
        "streaks[0].targetCountOfSequence",
        "below-minimum",
        "below-minimum",
        W,
    ),
    (
        "streak level names repeat",
        _all(
            _set(["trackingType"], "STREAKS"),
            _set(
                ["streaks"],
                [
                    {"name": "Bronze", "targetCountOfSequence": 2},
                    {"name": "bronze", "targetCountOfSequence": 4},
                ],
            ),
        ),
        "streaks[1].name",
        "streak-name-duplicate",
        "streak-name-duplicate",
        W,
    ),
    (
        "streak level name very long",
        _all(
            _set(["trackingType"], "STREAKS"),
            _set(["streaks"], [{"name": "s" * 201, "targetCountOfSequence": 2}]),
        ),
        "streaks[0].name",
        "text-long",
        "text-long",
        W,
    ),
    (
        "streak levels on a DEFAULT group",
        _set(["streaks"], [{"name": "Bronze", "targetCountOfSequence": 2}]),
        "streaks",
        "streaks-ignored",
        "streaks-ignored",
        W,
    ),
    (
        "leaderboard on cyclic window",
        _all(
            _set(["leaderboardEnabled"], True),
            _set(["targetEvaluationType"], "CYCLIC_WINDOW"),
            _set(["targets", 0, "defaultValues"], [{"defaultValue": 5}, {"defaultValue": 5}]),
        ),
        "leaderboardEnabled",
        "leaderboard-window",
        "310132",
        E,
    ),
    (
        "leaderboard on UNIFIED",
        _all(_unified, _set(["leaderboardEnabled"], True)),
        "leaderboardEnabled",
        "leaderboard-tracking",
        "leaderboard-tracking",
        W,
    ),
    (
        "user-created without enrolment method",
        _set(["userCreated"], True),
        "targets[0].enrolmentMethod",
        "user-created-enrolment",
        "user-created-enrolment",
        W,
    ),
    (
        "user-created enrolled by transaction (a streak example does this)",
        _all(_set(["userCreated"], True), _set(["targets", 0, "enrolmentMethod"], "TRANSACTION")),
        "targets[0].enrolmentMethod",
        "user-created-enrolment",
        "user-created-enrolment",
        W,
    ),
    (
        "no periods",
        _all(_set(["periods"], []), _set(["totalPeriods"], 0)),
        "periods",
        "periods-missing",
        "periods-missing",
        W,
    ),
    (
        "period without refCode",
        _drop(["periods", 1, "refCode"]),
        "periods[1].refCode",
        "required-soft",
        "required-soft",
        W,
    ),
    (
        "period without start",
        _drop(["periods", 0, "startDate"]),
        "periods[0].startDate",
        "required-soft",
        "required-soft",
        W,
    ),
    (
        "period description too long",
        _set(["periods", 0, "description"], "p" * 256),
        "periods[0].description",
        "text-too-long",
        "text-too-long",
        E,
    ),
    (
        "period date unreadable",
        _set(["periods", 0, "endDate"], "31/01/2027"),
        "periods[0].endDate",
        "date-format",
        "date-format",
        E,
    ),
    (
        "period ends before it starts",
        _set(["periods", 0, "endDate"], "2026-12-31T00:00:00.000+05:30"),
        "periods[0].endDate",
        "period-order",
        "period-order",
        W,
    ),
    (
        "periods overlap",
        _set(["periods", 1, "startDate"], "2027-01-15T00:00:00.000+05:30"),
        "periods[1].startDate",
        "period-overlap",
        "period-overlap",
        W,
    ),
    (
        "periods out of date order",
        _all(
            _set(["periods", 1, "startDate"], "2026-12-01T00:00:00.000+05:30"),
            _set(["periods", 1, "endDate"], "2026-12-31T23:59:59.999+05:30"),
        ),
        "periods[1].startDate",
        "period-sequence",
        "period-sequence",
        W,
    ),
    (
        "duplicate refCode (any case)",
        _set(["periods", 1, "refCode"], "cycle_1"),
        "periods[1].refCode",
        "ref-code-duplicate",
        "ref-code-duplicate",
        W,
    ),
    (
        "period outside the cycle window (working examples do this)",
        _set(["periods", 1, "endDate"], "2027-03-05T23:59:59.999+05:30"),
        "periods[1].endDate",
        "period-outside-cycle",
        "period-outside-cycle",
        W,
    ),
    (
        "period outside fromDate/toDate",
        _all(
            _set(["fromDate"], "2027-01-01T00:00:00.000+05:30"),
            _set(["toDate"], "2027-01-31T23:59:59.999+05:30"),
        ),
        "periods[1].endDate",
        "period-outside-milestone",
        "period-outside-milestone",
        W,
    ),
    (
        "response-only status",
        _set(["periods", 0, "periodStatus"], "LIVE"),
        "periods[0].periodStatus",
        "period-status-response-only",
        "period-status-response-only",
        W,
    ),
    (
        "status RUNNING in the future",
        _set(["periods", 0, "periodStatus"], "RUNNING"),
        "periods[0].periodStatus",
        "period-status-stale",
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
        "period-in-past",
        W,
    ),
    (
        "unknown period status",
        _set(["periods", 0, "periodStatus"], "PAUSED"),
        "periods[0].periodStatus",
        "type",
        "type",
        E,
    ),
    (
        "target name missing",
        _drop(["targets", 0, "name"]),
        "targets[0].name",
        "required-soft",
        "required-soft",
        W,
    ),
    (
        "target name too long",
        _set(["targets", 0, "name"], "t" * 201),
        "targets[0].name",
        "name-too-long",
        "310008",
        E,
    ),
    (
        "target description very long",
        _set(["targets", 0, "description"], "t" * 256),
        "targets[0].description",
        "text-long",
        "text-long",
        W,
    ),
    (
        "duplicate target names (any case)",
        _all(_unified, _set(["targets", 1, "name"], "SPEND_5000")),
        "targets[1].name",
        "target-name-duplicate",
        "target-name-duplicate",
        W,
    ),
    # The docs' table with 310033, contradicted by stored groups: a warning now.
    (
        "entity/type not in the docs' table",
        _set(["targets", 0, "targetType"], "REGULAR_POINTS"),
        "targets[0].targetType",
        "entity-type-mismatch",
        "entity-type-mismatch",
        W,
    ),
    (
        "transaction measured as ALL, as stored groups are",
        _all(
            _set(["targets", 0, "targetType"], "ALL"),
            _set(["targets", 0, "enrolmentMethod"], "IMPORT"),
            _set(["targets", 0, "extendedFieldInfo"], {"name": "points", "aggregateFunction": "SUM"}),
        ),
        "targets[0].targetType",
        "entity-type-seen-stored",
        "entity-type-seen-stored",
        W,
    ),
    (
        "points spelled as in the response tables",
        _all(_set(["targets", 0, "targetEntity"], "REWARDS"), _set(["targets", 0, "targetType"], "ALL")),
        "targets[0].targetType",
        "target-type-conflicting-docs",
        "target-type-conflicting-docs",
        W,
    ),
    (
        "legacy POINTS entity",
        _all(
            _set(["targets", 0, "targetEntity"], "POINTS"), _set(["targets", 0, "targetType"], "ALL_POINTS")
        ),
        "targets[0].targetEntity",
        "target-entity-legacy",
        "target-entity-legacy",
        W,
    ),
    (
        "target entity missing",
        _drop(["targets", 0, "targetEntity"]),
        "targets[0].targetEntity",
        "required-soft",
        "required-soft",
        W,
    ),
    (
        "extended field without info",
        _set(["targets", 0, "targetType"], "EXTENDED_FIELD"),
        "targets[0].extendedFieldInfo",
        "extended-field-missing",
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
        "extended-field-missing",
        "310094",
        E,
    ),
    (
        "event attribute without attribute",
        _all(
            _set(["targets", 0, "targetEntity"], "EVENT"),
            _set(["targets", 0, "eventName"], "spinTheWheel"),
            _set(["targets", 0, "targetType"], "EVENT_ATTRIBUTE"),
        ),
        "targets[0].extendedFieldInfo",
        "event-attribute-missing",
        "event-attribute-missing",
        W,
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
        "event-attribute-function",
        W,
    ),
    (
        "event without eventName",
        _all(_set(["targets", 0, "targetEntity"], "EVENT"), _set(["targets", 0, "targetType"], "COUNT")),
        "targets[0].eventName",
        "event-name-missing",
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
        "alternate-currency-identifier",
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
        "program-id",
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
        "alternate-currency-missing",
        "310094",
        E,
    ),
    (
        "alternate currency in a UNIFIED group",
        _all(
            _unified,
            _set(["targets", 0, "targetEntity"], "ALTERNATE_CURRENCIES"),
            _set(["targets", 0, "targetType"], "ALL"),
            _set(
                ["targets", 0, "extendedFieldInfo"],
                {"alternateCurrencyIdentifier": "DocCoin", "programId": 783},
            ),
        ),
        "targets[0].targetEntity",
        "alternate-currency-unified",
        "alternate-currency-unified",
        W,
    ),
    (
        "audience filter enrolment",
        _set(["targets", 0, "enrolmentMethod"], "AUDIENCE_FILTER"),
        "targets[0].enrolmentMethod",
        "enrolment-response-only",
        "enrolment-response-only",
        W,
    ),
    (
        "one default value for two periods",
        _set(["targets", 0, "defaultValues"], [{"defaultValue": 1}]),
        "targets[0].defaultValues",
        "default-values-count",
        "default-values-count",
        W,
    ),
    (
        "negative default value",
        _set(["targets", 0, "defaultValues", 1, "defaultValue"], -5),
        "targets[0].defaultValues[1].defaultValue",
        "below-minimum",
        "below-minimum",
        W,
    ),
    (
        "default value not a number",
        _set(["targets", 0, "defaultValues", 1, "defaultValue"], "lots"),
        "targets[0].defaultValues[1].defaultValue",
        "type",
        "type",
        E,
    ),
    (
        "default value true",
        _set(["targets", 0, "defaultValues", 0, "defaultValue"], True),
        "targets[0].defaultValues[0].defaultValue",
        "type",
        "type",
        E,
    ),
    (
        "empty default value",
        _set(["targets", 0, "defaultValues", 0], {}),
        "targets[0].defaultValues[0].defaultValue",
        "default-value-missing",
        "default-value-missing",
        W,
    ),
    (
        "different values on a cyclic window",
        _set(["targetEvaluationType"], "CYCLIC_WINDOW"),
        "targets[0].defaultValues",
        "default-values-vary",
        "default-values-vary",
        W,
    ),
    (
        "filter with unknown entity type",
        _set(["targets", 0, "filters"], [{"entityType": "REGION", "entityIds": [1]}]),
        "targets[0].filters[0].entityType",
        "type",
        "type",
        E,
    ),
    (
        "filter without entity type",
        _set(["targets", 0, "filters"], [{"entityIds": [1]}]),
        "targets[0].filters[0].entityType",
        "required-soft",
        "required-soft",
        W,
    ),
    (
        "filter without ids",
        _set(["targets", 0, "filters"], [{"entityType": "STORE", "entityIds": []}]),
        "targets[0].filters[0].entityIds",
        "filter-ids-empty",
        "filter-ids-empty",
        W,
    ),
    (
        "filter id negative",
        _set(["targets", 0, "filters"], [{"entityType": "STORE", "entityIds": [12, -9]}]),
        "targets[0].filters[0].entityIds[1]",
        "filter-id-negative",
        "filter-id-negative",
        W,
    ),
    (
        "filter id not a number",
        _set(["targets", 0, "filters"], [{"entityType": "STORE", "entityIds": [12, "store-9"]}]),
        "targets[0].filters[0].entityIds[1]",
        "type",
        "type",
        E,
    ),
    (
        "expressionJson not JSON",
        _set(["targets", 0, "expressionJson"], "{arity: literal"),
        "targets[0].expressionJson",
        "expression-json-invalid",
        "expression-json-invalid",
        W,
    ),
    (
        "expressionJson unknown node",
        _set(["targets", 0, "expressionJson"], '{"arity":"lambda","value":"x"}'),
        "targets[0].expressionJson",
        "expression-json-invalid",
        "expression-json-invalid",
        W,
    ),
    (
        "condition without JSON",
        _all(
            _set(["targets", 0, "expression"], "currentTxn.value>500"),
            _drop(["targets", 0, "expressionJson"]),
        ),
        "targets[0].expressionJson",
        "expression-json-missing",
        "expression-json-missing",
        W,
    ),
    (
        "condition true but JSON says otherwise",
        _set(
            ["targets", 0, "expressionJson"],
            '{"arity":"binary_operation","value":">","type":"boolean:primitive","operands":['
            '{"arity":"name","value":"x","type":"real:object:primitive"},'
            '{"arity":"name","value":"y","type":"real:object:primitive"}]}',
        ),
        "targets[0].expression",
        "expression-mismatch",
        "expression-mismatch",
        W,
    ),
    (
        "unknown field kept",
        _set(["targets", 0, "rewardCap"], 10),
        "targets[0].rewardCap",
        "unknown-field",
        "unknown-field",
        W,
    ),
    (
        "STREAK spelling",
        _all(
            _set(["trackingType"], "STREAK"),
            _set(["streaks"], [{"name": "Bronze", "targetCountOfSequence": 2}]),
        ),
        "trackingType",
        "tracking-type-spelling",
        "tracking-type-spelling",
        W,
    ),
    ("payload not an object", lambda p: None, "", "payload-shape", "payload-shape", E),
]

#: Catalogue rules no target-group payload can reach (checked for the other kinds).
UNREACHABLE = {"duplicate-key"}

#: The valid payloads the cases break, each must have no problem.
VALID = [valid_payload]
BASE = valid_payload


def problems(raw: Any) -> list[Problem]:
    """Every problem of raw JSON, as the app checks it."""
    return validate_payload(raw, now=NOW).problems
