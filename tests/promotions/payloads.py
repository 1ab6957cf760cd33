"""A valid promotion to break in tests: one SINGLE activity with one monthly milestone and a reward."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

DELEGATE = "com.capillary.shopbook.pointsengine.endpoint.impl.action.AwardPointsActionImpl"
DECORATOR = "com.capillary.shopbook.pointsengine.endpoint.impl.action.CommunicationDecoratorActionImpl"
TRUE_JSON = '{"arity":"literal","value":"true","type":"boolean:primitive"}'


def action() -> dict[str, Any]:
    return {
        "actionName": "AWARD_POINTS_ACTION",
        "actionClass": DECORATOR,
        "mandatoryPropertiesValues": {
            "delegateActionClass": DELEGATE,
            "PointType": "Main",
            "Event Name": "TargetCompleted",
        },
    }


def cycle(number: int, month: int, value: str = "5000") -> dict[str, Any]:
    last = {1: 31, 2: 28, 3: 31}[month]
    return {
        "cycle": f"Cycle_{number}",
        "startDate": f"2027-{month:02d}-01T00:00:00+05:30",
        "endDate": f"2027-{month:02d}-{last}T23:59:59+05:30",
        "defaultValue": value,
        "actions": [action()] if number == 1 else [],
    }


def milestone() -> dict[str, Any]:
    return {
        "name": "Q1 spend~Spend~Milestone 1",
        "trackingType": "DEFAULT",
        "targetEntity": "TRANSACTION",
        "targetType": "SALES",
        "defaultValue": "5000",
        "frequencyType": "MONTHLY",
        "targetEvaluationType": "FIXED_CALENDAR_WINDOW",
        "recurringCycles": 3,
        "sameActionsForEveryCycle": True,
        "differentTargetsForEveryCycle": False,
        "cycleActionMapping": [cycle(1, 1), cycle(2, 2), cycle(3, 3)],
    }


def activity() -> dict[str, Any]:
    return {
        "id": "activity_1",
        "type": "SINGLE",
        "name": "Spend",
        "event": "TransactionAdd",
        "expJSON": TRUE_JSON,
        "milestones": [milestone()],
    }


_VALID: dict[str, Any] = {
    "metadata": {
        "name": "Q1 spend",
        "orgId": 100737,
        "programId": 973,
        "startDate": "2027-01-01T00:00:00+05:30",
        "endDate": "2027-03-31T23:59:59+05:30",
        "timezoneName": "Asia/Kolkata",
        "promotionType": "GENERIC",
        "status": "DRAFT",
    },
    "customerEnrolment": {"enrolmentMethod": "TRANSACTION"},
    "activities": [activity()],
}


def valid_promotion() -> dict[str, Any]:
    """A fresh copy of a promotion with no problems at :data:`NOW`."""
    return copy.deepcopy(_VALID)


def group_promotion() -> dict[str, Any]:
    """An ALL group of two milestones, rewarded on the group."""
    data = valid_promotion()
    first, second = activity(), activity()
    first["id"], second["id"] = "child_1", "child_2"
    second["name"] = "Visits"
    second["milestones"][0]["targetType"] = "VISIT"
    for child in (first, second):
        child["parentId"] = "group_1"
        for item in child["milestones"][0]["cycleActionMapping"]:
            item["actions"] = []
    data["activities"] = [
        {
            "id": "group_1",
            "type": "GROUP",
            "name": "Both",
            "combinationType": "ALL",
            "expJSON": TRUE_JSON,
            "commonCycleActionMapping": [
                {
                    "cycle": "Cycle_1",
                    "startDate": "2027-01-01T00:00:00+05:30",
                    "endDate": "2027-03-31T23:59:59+05:30",
                    "actions": [action()],
                }
            ],
            "children": [first, second],
        }
    ]
    return data
