"""Small valid payloads for rule tests, with periods safely in the future."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

_VALID: dict[str, Any] = {
    "active": True,
    "name": "Spend 5000 in March",
    "description": "Monthly spend milestone",
    "trackingType": "DEFAULT",
    "targetEvaluationType": "FIXED_CALENDAR_WINDOW",
    "timeZoneName": "Asia/Kolkata",
    "targetCycleStartDateISO": "2027-01-01T00:00:00.000+05:30",
    "targetCycleEndDateISO": "2027-02-28T23:59:59.999+05:30",
    "totalPeriods": 2,
    "frequencyType": "MONTHLY",
    "frequency": 1,
    "recurringCycles": 2,
    "preferredTillId": 75155297,
    "userCreated": False,
    "periods": [
        {
            "active": True,
            "refCode": "Cycle_1",
            "periodStatus": "NOT_STARTED",
            "startDate": "2027-01-01T00:00:00.000+05:30",
            "endDate": "2027-01-31T23:59:59.999+05:30",
        },
        {
            "active": True,
            "refCode": "Cycle_2",
            "periodStatus": "NOT_STARTED",
            "startDate": "2027-02-01T00:00:00.000+05:30",
            "endDate": "2027-02-28T23:59:59.999+05:30",
        },
    ],
    "targets": [
        {
            "active": True,
            "name": "spend_5000",
            "targetEntity": "TRANSACTION",
            "targetType": "SALES",
            "expression": "true",
            "expressionJson": '{"arity":"literal","value":"true","type":"boolean:primitive"}',
            "filters": [],
            "defaultValues": [{"defaultValue": 5000}, {"defaultValue": 6000}],
        }
    ],
}


def valid_payload() -> dict[str, Any]:
    """A DEFAULT group with two future monthly periods and one sales target; no problems at all."""
    return copy.deepcopy(_VALID)


def target(name: str, **fields: Any) -> dict[str, Any]:
    base = copy.deepcopy(_VALID["targets"][0])
    base["name"] = name
    base.update(fields)
    return base
