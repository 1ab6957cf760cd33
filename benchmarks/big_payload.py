"""A large, valid UNIFIED payload (366 daily periods x 50 targets) shared by the benchmarks."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any


def big_unified_payload(
    periods: int = 366, targets: int = 50, start: date = date(2028, 1, 1), numeric_strings: bool = False
) -> dict[str, Any]:
    """The payload; with ``numeric_strings`` the values are written "1000.00" as in the spec's examples."""

    def as_text(value: int) -> Any:
        return f"{value}.00" if numeric_strings else value

    days = [start + timedelta(days=i) for i in range(periods)]
    return {
        "active": True,
        "name": "Big unified benchmark group",
        "description": "366 daily periods x 50 targets",
        "trackingType": "UNIFIED",
        "combinationType": "ALL",
        "targetEvaluationType": "FIXED_CALENDAR_WINDOW",
        "timeZoneName": "Asia/Kolkata",
        "targetCycleStartDateISO": f"{days[0]}T00:00:00.000+05:30",
        "targetCycleEndDateISO": f"{days[-1]}T23:59:59.999+05:30",
        "totalPeriods": periods,
        "frequencyType": "DAILY",
        "frequency": 1,
        "recurringCycles": min(periods, 100),
        "periods": [
            {
                "active": True,
                "description": "",
                "refCode": f"Cycle_{i + 1}",
                "periodStatus": "NOT_STARTED",
                "startDate": f"{day}T00:00:00.000+05:30",
                "endDate": f"{day}T23:59:59.999+05:30",
            }
            for i, day in enumerate(days)
        ],
        "targets": [
            {
                "active": True,
                "description": "",
                "name": f"target_{t + 1}",
                "targetEntity": "TRANSACTION",
                "targetType": "SALES",
                "expression": "currentTxn.value>500",
                "expressionJson": (
                    '{"arity":"binary_operation","value":">","type":"boolean:primitive","operands":'
                    '[{"arity":"object_dereference","type":"real:object:primitive","operands":'
                    '[{"arity":"name","value":"currentTxn","type":"tx:object:primitive"},'
                    '{"arity":"name","value":"value","type":"real:object:primitive"}]},'
                    '{"arity":"literal","value":"500","type":"number:primitive"}]}'
                ),
                "filters": [{"entityType": "STORE", "entityIds": [101, 102, 103]}],
                "defaultValues": [{"defaultValue": as_text(1000 + (i % 7) * 100)} for i in range(periods)],
            }
            for t in range(targets)
        ],
    }
