"""Turning an accepted create payload into the group the API sends back.

The shape follows the spec's response examples (``tests/fixtures/response-*.json``): ids on
the group, its periods, targets and default values; ``attribution`` naming the till;
periods with plain ``YYYY-MM-DD`` dates, their ``targetGroupId`` and a status for today;
targets with ``emfRuleSetId``, ``filters`` and ``targetPeriodDefaultValuesMap``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.domain.dates import parse_wire_date, zone_or_none
from app.sandbox.target_groups.store import IdAllocator


def shape_created_group(
    payload: dict[str, Any], ids: IdAllocator, till_code: str, now: datetime
) -> dict[str, Any]:
    """The stored and returned form of ``payload`` (a validated wire dict)."""
    zone = zone_or_none(payload.get("timeZoneName"))
    group_id = ids.take("group")
    stamp = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}+0000"
    attribution = _attribution(till_code, stamp)
    periods = [_period(p, ids, group_id, attribution, zone, now) for p in payload.get("periods") or []]
    group: dict[str, Any] = {"id": group_id}
    for key, value in payload.items():
        if key not in ("periods", "targets"):
            group[key] = value
    group.setdefault("active", True)
    group.setdefault("preferredTillId", 0)
    group.setdefault("leaderboardEnabled", False)
    group.setdefault("userCreated", False)
    for key in ("fromDate", "toDate"):
        if key in group:
            group[key] = _plain_date(group[key], zone)
    _cycle_span(group, payload.get("periods") or [], zone)
    group["periods"] = periods
    group["targets"] = [_target(t, ids, group_id, attribution, periods) for t in payload.get("targets") or []]
    return group


def _attribution(till_code: str, stamp: str) -> dict[str, Any]:
    who = {"id": 75000000, "code": till_code, "description": "", "name": till_code, "type": "TILL"}
    return {"createdOn": stamp, "lastUpdatedOn": stamp, "lastUpdatedBy": who, "createdBy": dict(who)}


def _period(
    period: dict[str, Any],
    ids: IdAllocator,
    group_id: int,
    attribution: dict[str, Any],
    zone: Any,
    now: datetime,
) -> dict[str, Any]:
    out: dict[str, Any] = {"id": ids.take("period"), "attribution": attribution}
    out.update(period)
    start = parse_wire_date(period.get("startDate"), zone)
    end = parse_wire_date(period.get("endDate"), zone)
    out["startDate"] = _plain_date(period.get("startDate"), zone)
    out["endDate"] = _plain_date(period.get("endDate"), zone)
    if start and end:
        if now < start.as_start():
            out["periodStatus"] = "NOT_STARTED"
        elif now > end.as_end():
            out["periodStatus"] = "ENDED"
        else:
            out["periodStatus"] = "RUNNING"
    out["targetGroupId"] = group_id
    out.setdefault("active", True)
    return out


def _target(
    target: dict[str, Any],
    ids: IdAllocator,
    group_id: int,
    attribution: dict[str, Any],
    periods: list[dict[str, Any]],
) -> dict[str, Any]:
    out: dict[str, Any] = {"id": ids.take("target"), "attribution": attribution}
    out.update(target)
    out["emfRuleSetId"] = ids.take("emfRuleSet")
    out["targetGroupId"] = group_id
    out.setdefault("active", True)
    out.setdefault("description", "")
    out.setdefault("filters", [])
    out.setdefault("enrolmentMethod", "TRANSACTION")
    if out.get("targetEntity") == "EVENT" and not out.get("eventName"):
        out["eventName"] = "TransactionAdd"
    if isinstance(out.get("extendedFieldInfo"), dict):
        out["extendedFieldInfo"] = {"aggregateWindow": None, **out["extendedFieldInfo"]}
    values = []
    for index, value in enumerate(target.get("defaultValues") or []):
        period_id = periods[index]["id"] if index < len(periods) else None
        number = value.get("defaultValue")
        values.append(
            {
                "id": ids.take("defaultValue"),
                "periodId": period_id,
                "defaultValue": float(number) if isinstance(number, int | float) else number,
            }
        )
    out["defaultValues"] = values
    out["targetPeriodDefaultValuesMap"] = {str(v["periodId"]): v for v in values if v["periodId"] is not None}
    return out


def _plain_date(text: Any, zone: Any) -> Any:
    """``YYYY-MM-DD`` in the value's own offset (the group's zone when it has none)."""
    parsed = parse_wire_date(text, zone) if isinstance(text, str) else None
    return parsed.value.date().isoformat() if parsed else text


def _cycle_span(group: dict[str, Any], periods: list[dict[str, Any]], zone: Any) -> None:
    """Fill targetCycleStartDate/EndDate from the periods when the payload left them out."""
    starts = [d.as_start() for p in periods if (d := parse_wire_date(p.get("startDate"), zone))]
    ends = [d.as_end() for p in periods if (d := parse_wire_date(p.get("endDate"), zone))]
    if starts and "targetCycleStartDate" not in group:
        group["targetCycleStartDate"] = _utc_millis(min(starts))
    if ends and "targetCycleEndDate" not in group:
        group["targetCycleEndDate"] = _utc_millis(max(ends))


def _utc_millis(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
