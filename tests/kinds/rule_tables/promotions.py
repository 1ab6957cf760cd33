"""The promotion's rules table: one broken promotion per rule (run by ``tests/kinds/test_rules_tables.py``,
which fails while a rule of the catalogue has no case here)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.domain.problems import Problem, Severity
from app.domain.promotions.validate import validate_raw
from tests.promotions.payloads import NOW, action, group_promotion, valid_promotion

Mutation = Callable[[dict[str, Any]], None]
E, W = Severity.ERROR, Severity.WARNING

M = ["activities", 0, "milestones", 0]
C = [*M, "cycleActionMapping"]


def at(payload: Any, path: list[Any]) -> Any:
    for step in path:
        payload = payload[step]
    return payload


def put(path: list[Any], value: Any) -> Mutation:
    def apply(payload: dict[str, Any]) -> None:
        at(payload, path[:-1])[path[-1]] = value

    return apply


def drop(path: list[Any]) -> Mutation:
    def apply(payload: dict[str, Any]) -> None:
        del at(payload, path[:-1])[path[-1]]

    return apply


def both(*mutations: Mutation) -> Mutation:
    def apply(payload: dict[str, Any]) -> None:
        for mutation in mutations:
            mutation(payload)

    return apply


def as_group(mutation: Mutation | None = None) -> Mutation:
    """Replace the body with the ALL group of two milestones, then apply ``mutation``."""

    def apply(payload: dict[str, Any]) -> None:
        payload.clear()
        payload.update(group_promotion())
        if mutation is not None:
            mutation(payload)

    return apply


def tags(*items: dict[str, Any]) -> Mutation:
    return put(["metadata", "promotionMetadata"], list(items))


def optin(**fields: Any) -> Mutation:
    def apply(payload: dict[str, Any]) -> None:
        payload["metadata"]["promotionType"] = "LOYALTY_EARNING"
        payload.setdefault("workflowMetadata", {})["optin"] = {"basedOn": "AUDIENCE", **fields}

    return apply


def limit(**fields: Any) -> Mutation:
    base = {"granularity": "USER", "actionType": "AWARD_CURRENCY", "limitType": "SUM", "limitValue": 1000}
    return put(["limits"], [{**base, **fields}])


def broadcast(**changes: Any) -> Mutation:
    def apply(payload: dict[str, Any]) -> None:
        payload["metadata"].update(promotionType="LOYALTY", promotionCategory="BROADCAST")
        payload["activities"][0]["event"] = "BulkEMFEvent"
        payload["broadcastMetadata"] = {
            "source": "AUDIENCE_FILTER",
            "audienceFilter": {"audienceListIds": [1]},
            "tillId": 75,
        }
        payload["promotionSchedule"] = {"schedule": {"startType": "IMMEDIATE", "frequency": "ONCE"}}
        for key, value in changes.items():
            key_path = [int(step) if step.isdigit() else step for step in key.split("__")]
            node: Any = payload
            for step in key_path[:-1]:
                node = node[step]
            if value is None:
                del node[key_path[-1]]
            else:
                node[key_path[-1]] = value

    return apply


# (name, mutation, path, rule id, code, severity)
CASES: list[tuple[str, Mutation, str, str, str, Severity]] = [
    # the body
    ("not an object", lambda p: None, "", "payload-shape", "payload-shape", E),
    ("a name that is a number", put(["metadata", "name"], 42), "metadata.name", "type", "type", E),
    ("an unknown key", put(["promoCode"], "X"), "promoCode", "unknown-field", "unknown-field", W),
    ("metadata missing", drop(["metadata"]), "metadata", "required", "required", E),
    ("name missing", drop(["metadata", "name"]), "metadata.name", "required", "required", E),
    ("status missing", drop(["metadata", "status"]), "metadata.status", "required", "required", E),
    (
        "type missing",
        drop(["metadata", "promotionType"]),
        "metadata.promotionType",
        "required",
        "required",
        E,
    ),
    ("activities missing", drop(["activities"]), "activities", "required", "required", E),
    (
        "milestone target type missing",
        drop([*M, "targetType"]),
        "activities[0].milestones[0].targetType",
        "required",
        "required",
        E,
    ),
    (
        "milestone entity missing",
        drop([*M, "targetEntity"]),
        "activities[0].milestones[0].targetEntity",
        "required",
        "required",
        E,
    ),
    # A GROUP's child milestones do without them in the GROUP ANY examples: a warning there only.
    (
        "child milestone measure and entity missing (the GROUP examples omit them)",
        as_group(
            both(
                drop(["activities", 0, "children", 1, "milestones", 0, "targetType"]),
                drop(["activities", 0, "children", 1, "milestones", 0, "targetEntity"]),
            )
        ),
        "activities[0].children[1].milestones[0].targetType",
        "required-soft",
        "required-soft",
        W,
    ),
    (
        "org id missing (examples omit it)",
        drop(["metadata", "orgId"]),
        "metadata.orgId",
        "required-soft",
        "required-soft",
        W,
    ),
    (
        "name over 255",
        put(["metadata", "name"], "n" * 256),
        "metadata.name",
        "name-too-long",
        "name-too-long",
        E,
    ),
    (
        "name of 220 (200 or 255?)",
        put(["metadata", "name"], "n" * 220),
        "metadata.name",
        "name-long",
        "name-long",
        W,
    ),
    (
        "description over 1000",
        put(["metadata", "description"], "d" * 1001),
        "metadata.description",
        "text-too-long",
        "text-too-long",
        E,
    ),
    (
        "activity name over 100",
        put(["activities", 0, "name"], "a" * 101),
        "activities[0].name",
        "text-too-long",
        "text-too-long",
        E,
    ),
    (
        "ratio over 100",
        put(["liabilityOwnerSplitInfo"], [{"liabilityOwnerId": 1, "ratio": 120}]),
        "liabilityOwnerSplitInfo[0].ratio",
        "above-maximum",
        "above-maximum",
        E,
    ),
    (
        "negative ratio",
        put(
            ["liabilityOwnerSplitInfo"],
            [{"liabilityOwnerId": 1, "ratio": -5}, {"liabilityOwnerId": 2, "ratio": 105}],
        ),
        "liabilityOwnerSplitInfo[0].ratio",
        "below-minimum",
        "below-minimum",
        E,
    ),
    (
        "a date that is not a date",
        put(["metadata", "startDate"], "1 Jan 2027"),
        "metadata.startDate",
        "date-format",
        "date-format",
        E,
    ),
    # the promotion
    (
        "created as ACTIVE",
        put(["metadata", "status"], "ACTIVE"),
        "metadata.status",
        "status-not-draft",
        "status-not-draft",
        E,
    ),
    (
        "start without an offset",
        put(["metadata", "startDate"], "2027-01-01T00:00:00"),
        "metadata.startDate",
        "date-offset",
        "date-offset",
        E,
    ),
    (
        "a cycle date without an offset",
        put([*C, 0, "startDate"], "2027-01-01T00:00:00"),
        "activities[0].milestones[0].cycleActionMapping[0].startDate",
        "cycle-date-offset",
        "cycle-date-offset",
        W,
    ),
    (
        "ends before it starts",
        put(["metadata", "endDate"], "2026-12-31T23:59:59+05:30"),
        "metadata.endDate",
        "window-order",
        "window-order",
        E,
    ),
    (
        "already over",
        both(
            put(["metadata", "startDate"], "2026-01-01T00:00:00+05:30"),
            put(["metadata", "endDate"], "2026-03-31T23:59:59+05:30"),
        ),
        "metadata.endDate",
        "promotion-ended",
        "promotion-ended",
        W,
    ),
    (
        "zone not IANA",
        put(["metadata", "timezoneName"], "IST"),
        "metadata.timezoneName",
        "time-zone-unknown",
        "time-zone-unknown",
        W,
    ),
    (
        "zone offset differs",
        put(["metadata", "timezoneName"], "Europe/Lisbon"),
        "metadata.startDate",
        "time-zone-offset",
        "time-zone-offset",
        W,
    ),
    (
        "undocumented type",
        put(["metadata", "promotionType"], "DISCOUNT"),
        "metadata.promotionType",
        "value-undocumented",
        "value-undocumented",
        W,
    ),
    (
        "REWARDS entity",
        put([*M, "targetEntity"], "REWARDS"),
        "activities[0].milestones[0].targetEntity",
        "value-undocumented",
        "value-undocumented",
        W,
    ),
    (
        "a placeholder program",
        put(["metadata", "programId"], "<PROGRAM_ID>"),
        "metadata.programId",
        "placeholder",
        "placeholder",
        W,
    ),
    # tags and stacking
    (
        "a tag without a key",
        tags({"key": "", "value": "v"}),
        "metadata.promotionMetadata[0].key",
        "tag-key-missing",
        "310177",
        E,
    ),
    (
        "a tag key over 100",
        tags({"key": "k" * 101, "value": "v"}),
        "metadata.promotionMetadata[0].key",
        "tag-key-too-long",
        "310178",
        E,
    ),
    (
        "a tag without a value",
        tags({"key": "k"}),
        "metadata.promotionMetadata[0].value",
        "tag-value-missing",
        "310179",
        E,
    ),
    (
        "a tag value over 1000",
        tags({"key": "k", "value": "v" * 1001}),
        "metadata.promotionMetadata[0].value",
        "tag-value-too-long",
        "310180",
        E,
    ),
    (
        "a tag key twice",
        tags({"key": "k", "value": "1"}, {"key": "k", "value": "2"}),
        "metadata.promotionMetadata[1].key",
        "tag-key-duplicate",
        "310181",
        E,
    ),
    (
        "always apply and stackable",
        put(["metadata", "loyaltyConfigMetaData"], {"isAlwaysApply": True, "isStackable": True}),
        "metadata.loyaltyConfigMetaData.isAlwaysApply",
        "stacking-always-apply",
        "310184",
        E,
    ),
    (
        "stackable and exclusive",
        put(["metadata", "loyaltyConfigMetaData"], {"isStackable": True, "isExclusive": True}),
        "metadata.loyaltyConfigMetaData.isExclusive",
        "stacking-exclusive",
        "310185",
        E,
    ),
    # enrolment and opt-in
    (
        "enrolment limit over 100,000",
        put(
            ["workflowMetadata"],
            {"enrolment": {"restrictions": {"enrolmentLimitPerPromotion": {"value": "100001"}}}},
        ),
        "workflowMetadata.enrolment.restrictions.enrolmentLimitPerPromotion.value",
        "enrolment-limit",
        "enrolment-limit",
        E,
    ),
    (
        "a restriction that is not a number",
        put(["workflowMetadata"], {"optin": {"restrictions": {"optinLimitPerCustomer": {"value": "one"}}}}),
        "workflowMetadata.optin.restrictions.optinLimitPerCustomer.value",
        "restriction-value",
        "restriction-value",
        W,
    ),
    (
        "opt-in dates on a GENERIC promotion",
        both(
            optin(optInStartDate="2027-01-01T00:00:00+05:30", optInEndDate="2027-01-31T23:59:59+05:30"),
            put(["metadata", "promotionType"], "GENERIC"),
        ),
        "workflowMetadata.optin.optInStartDate",
        "optin-window-place",
        "optin-window-place",
        E,
    ),
    (
        "only one opt-in date",
        optin(optInStartDate="2027-01-01T00:00:00+05:30"),
        "workflowMetadata.optin.optInEndDate",
        "optin-window-pair",
        "optin-window-pair",
        E,
    ),
    (
        "opt-in closes before it opens",
        optin(optInStartDate="2027-02-01T00:00:00+05:30", optInEndDate="2027-01-01T00:00:00+05:30"),
        "workflowMetadata.optin.optInEndDate",
        "optin-window-order",
        "optin-window-order",
        E,
    ),
    (
        "opt-in closes after the promotion",
        optin(optInStartDate="2027-01-01T00:00:00+05:30", optInEndDate="2027-05-01T00:00:00+05:30"),
        "workflowMetadata.optin.optInEndDate",
        "optin-window-end",
        "optin-window-end",
        E,
    ),
    (
        "opt-in dates with activity enrolment",
        both(
            optin(optInStartDate="2027-01-01T00:00:00+05:30", optInEndDate="2027-01-31T23:59:59+05:30"),
            put(["workflowMetadata", "enrolment"], {"basedOn": "ACTIVITY"}),
        ),
        "workflowMetadata.optin.optInStartDate",
        "optin-window-trigger",
        "310228",
        E,
    ),
    # activities
    ("no activity", put(["activities"], []), "activities", "activities-empty", "activities-empty", E),
    (
        "a third kind of activity",
        put(["activities", 0, "type"], "MULTI"),
        "activities[0].type",
        "activity-type",
        "activity-type",
        E,
    ),
    (
        "a SINGLE without an event",
        drop(["activities", 0, "event"]),
        "activities[0].event",
        "activity-event-missing",
        "activity-event-missing",
        E,
    ),
    (
        "a SINGLE without a condition",
        drop(["activities", 0, "expJSON"]),
        "activities[0].expJSON",
        "activity-condition-missing",
        "activity-condition-missing",
        W,
    ),
    (
        "a condition that is not JSON",
        put(["activities", 0, "expJSON"], "{not json"),
        "activities[0].expJSON",
        "condition-invalid",
        "condition-invalid",
        W,
    ),
    (
        "two milestones on a SINGLE",
        lambda p: p["activities"][0]["milestones"].append(dict(p["activities"][0]["milestones"][0])),
        "activities[0].milestones",
        "milestones-per-single",
        "milestones-per-single",
        E,
    ),
    (
        "a GROUP without ALL/ANY",
        as_group(drop(["activities", 0, "combinationType"])),
        "activities[0].combinationType",
        "group-combination",
        "group-combination",
        E,
    ),
    (
        "a GROUP without children",
        as_group(put(["activities", 0, "children"], [])),
        "activities[0].children",
        "group-children",
        "group-children",
        E,
    ),
    (
        "a child with its own common mapping",
        as_group(
            lambda p: p["activities"][0]["children"][0].__setitem__(
                "commonCycleActionMapping", [{"cycle": "Cycle_1", "actions": [action()]}]
            )
        ),
        "activities[0].children[0].commonCycleActionMapping",
        "child-common-mapping",
        "child-common-mapping",
        E,
    ),
    (
        "two activities with one id",
        lambda p: p["activities"].append({**p["activities"][0], "milestones": []}),
        "activities[1].id",
        "activity-id-duplicate",
        "activity-id-duplicate",
        W,
    ),
    # milestones
    (
        "EXTENDED_FIELD without its field",
        put([*M, "targetType"], "EXTENDED_FIELD"),
        "activities[0].milestones[0].targetRuleMetaData",
        "extended-field-metadata",
        "extended-field-metadata",
        E,
    ),
    (
        "STREAKS without levels",
        put([*M, "trackingType"], "STREAKS"),
        "activities[0].milestones[0].streaks",
        "streak-levels-missing",
        "streak-levels-missing",
        E,
    ),
    (
        "CAPPING (no example)",
        put([*M, "trackingType"], "CAPPING"),
        "activities[0].milestones[0].trackingType",
        "tracking-unproven",
        "tracking-unproven",
        W,
    ),
    (
        "a leaderboard on a cyclic window",
        both(put([*M, "leaderboardEnabled"], True), put([*M, "targetEvaluationType"], "CYCLIC_WINDOW")),
        "activities[0].milestones[0].leaderboardEnabled",
        "leaderboard-window",
        "leaderboard-window",
        W,
    ),
    (
        "no reward anywhere",
        put([*C, 0, "actions"], []),
        "activities[0].milestones[0].cycleActionMapping",
        "no-reward",
        "no-reward",
        W,
    ),
    (
        "a target that is not a number",
        put([*C, 1, "defaultValue"], "lots"),
        "activities[0].milestones[0].cycleActionMapping[1].defaultValue",
        "target-value-invalid",
        "target-value-invalid",
        E,
    ),
    (
        "a target as a number",
        put([*M, "defaultValue"], 5000),
        "activities[0].milestones[0].defaultValue",
        "target-value-text",
        "target-value-text",
        W,
    ),
    (
        "a negative target",
        put([*M, "defaultValue"], "-1"),
        "activities[0].milestones[0].defaultValue",
        "target-value-negative",
        "target-value-negative",
        W,
    ),
    (
        "cycle targets differ",
        put([*C, 2, "defaultValue"], "7000"),
        "activities[0].milestones[0].differentTargetsForEveryCycle",
        "targets-differ",
        "targets-differ",
        W,
    ),
    (
        "no target at all",
        both(drop([*M, "defaultValue"]), *(drop([*C, i, "defaultValue"]) for i in range(3))),
        "activities[0].milestones[0].defaultValue",
        "target-missing",
        "target-missing",
        W,
    ),
    # cycles
    (
        "a cycle named Week_2",
        put([*C, 1, "cycle"], "Week_2"),
        "activities[0].milestones[0].cycleActionMapping[1].cycle",
        "cycle-name",
        "cycle-name",
        W,
    ),
    (
        "a cycle that ends before it starts",
        put([*C, 1, "endDate"], "2027-01-15T23:59:59+05:30"),
        "activities[0].milestones[0].cycleActionMapping[1].endDate",
        "cycle-order",
        "cycle-order",
        W,
    ),
    (
        "a gap between cycles",
        put([*C, 1, "startDate"], "2027-02-03T00:00:00+05:30"),
        "activities[0].milestones[0].cycleActionMapping[1].startDate",
        "cycle-gap",
        "cycle-gap",
        W,
    ),
    (
        "a cycle after the promotion",
        put([*C, 2, "endDate"], "2027-04-30T23:59:59+05:30"),
        "activities[0].milestones[0].cycleActionMapping[2].endDate",
        "cycle-outside",
        "cycle-outside",
        W,
    ),
    # actions
    (
        "an action without its delegate",
        lambda p: at(p, [*C, 0, "actions", 0, "mandatoryPropertiesValues"]).pop("delegateActionClass"),
        "activities[0].milestones[0].cycleActionMapping[0].actions[0].actionClass",
        "action-delegate",
        "action-delegate",
        W,
    ),
    (
        "an action property that is a number",
        put([*C, 0, "actions", 0, "mandatoryPropertiesValues", "PointType"], 1),
        "activities[0].milestones[0].cycleActionMapping[0].actions[0].mandatoryPropertiesValues.PointType",
        "action-property-text",
        "action-property-text",
        W,
    ),
    (
        "two expiry strategies",
        put(
            [*C, 0, "actions", 0, "embeddedStrategies"],
            [{"strategyTypeId": 3, "propertyValues": "{}"}, {"strategyTypeId": 3, "propertyValues": "{}"}],
        ),
        "activities[0].milestones[0].cycleActionMapping[0].actions[0].embeddedStrategies[1].strategyTypeId",
        "strategy-duplicate",
        "strategy-duplicate",
        E,
    ),
    (
        "strategy properties not an object",
        put([*C, 0, "actions", 0, "embeddedStrategies"], [{"strategyTypeId": 1, "propertyValues": "[1, 2]"}]),
        "activities[0].milestones[0].cycleActionMapping[0].actions[0].embeddedStrategies[0].propertyValues",
        "strategy-properties",
        "strategy-properties",
        W,
    ),
    # limits, liability, broadcast
    (
        "a week start day on a monthly limit",
        limit(
            period={
                "periodType": "FIXED_CALENDAR_WINDOW",
                "periodUnit": "MONTHS",
                "periodValue": 1,
                "periodStartDay": "MONDAY",
            }
        ),
        "limits[0].period.periodStartDay",
        "limit-week-start",
        "limit-week-start",
        E,
    ),
    (
        "a two-week limit with a start day",
        limit(
            period={
                "periodType": "FIXED_CALENDAR_WINDOW",
                "periodUnit": "WEEKS",
                "periodValue": 2,
                "periodStartDay": "MONDAY",
            }
        ),
        "limits[0].period.periodValue",
        "limit-week-length",
        "limit-week-length",
        E,
    ),
    (
        "a program limit without its program",
        limit(entityScope="PROGRAM"),
        "limits[0].entityId",
        "limit-program-entity",
        "limit-program-entity",
        E,
    ),
    (
        "shares of 60 and 30",
        put(
            ["liabilityOwnerSplitInfo"],
            [{"liabilityOwnerId": 1, "ratio": 60}, {"liabilityOwnerId": 2, "ratio": "30"}],
        ),
        "liabilityOwnerSplitInfo",
        "liability-total",
        "liability-total",
        W,
    ),
    (
        "a broadcast on TransactionAdd",
        broadcast(activities__0__event="TransactionAdd"),
        "activities[0].event",
        "broadcast-shape",
        "broadcast-shape",
        E,
    ),
    (
        "a broadcast without a till",
        broadcast(broadcastMetadata__tillId=None),
        "broadcastMetadata.tillId",
        "broadcast-till",
        "broadcast-till",
        E,
    ),
    (
        "a broadcast to nobody",
        broadcast(broadcastMetadata__audienceFilter={"audienceListIds": []}),
        "broadcastMetadata.audienceFilter.audienceListIds",
        "broadcast-audience",
        "broadcast-audience",
        E,
    ),
    (
        "a dated broadcast without its date",
        broadcast(promotionSchedule={"schedule": {"startType": "PARTICULAR_DATE", "frequency": "DAILY"}}),
        "promotionSchedule.schedule.scheduleDate",
        "schedule-date",
        "schedule-date",
        E,
    ),
]


#: Rules checked elsewhere: duplicate keys need JSON text (tests/promotions/test_promotion_text.py).
UNREACHABLE = {"duplicate-key"}

#: The valid payloads the cases break, each must have no problem.
VALID = [valid_promotion, group_promotion]
BASE = valid_promotion


def problems(raw: Any) -> list[Problem]:
    """Every problem of raw JSON, as the app checks it."""
    return validate_raw(raw, NOW).problems
