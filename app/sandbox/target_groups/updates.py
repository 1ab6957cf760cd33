"""The sandbox's target-group update endpoints, with the locks the docs give
(``docs/api/target-groups.md``):

* ``PUT v3/targetGroups/editTargetGroup/{id}``: only the name, ``expression`` and ``expressionJson``
  change (a taken name is 310069, a name over 200 characters 310008);
* ``PUT v3/targetGroups/{id}/targetPeriods``: periods by id (310019 when unknown); a RUNNING
  period only its end date, a NOT_STARTED one both dates, an ended one nothing (300004);
* ``PUT v3/targetGroups/{id}/targets/{targetId}``: expression, ``expressionJson``, filters and
  default values (310018 an unknown target; an ended period's value no longer: 300004);
* ``POST v3/targetGroups/{id}/unifiedTargets``: a unified group's threshold.

Where a period stands is judged on its dates now (:mod:`app.domain.period_phase`). The group that
results is checked by the same rules as a create; their errors refuse the change, with their codes.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from app.domain.convert import strip_server_fields
from app.domain.dates import parse_wire_date, zone_or_none
from app.domain.enums import PeriodStatus
from app.domain.period_phase import expected_status, wire_phase
from app.domain.target_groups.models import TargetGroup
from app.domain.target_groups.validate import validate_payload
from app.sandbox.envelope import Answer, envelope, error_answer

INVALID_INPUT = 300004
NAME_TOO_LONG = 310008
NAME_EXISTS = 310069
GROUP_NOT_FOUND = 310017
TARGET_NOT_FOUND = 310018
PERIOD_NOT_FOUND = 310019
NAME_MAX = 200


class Refused(Exception):
    """A change the server refuses: its answer."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(answer)
        self.answer = answer


def _refuse(code: int, message: str, status: int = 400) -> Refused:
    return Refused(error_answer(status, code, message))


def _stamp(group: dict[str, Any], now: datetime) -> None:
    attribution = group.get("attribution")
    if isinstance(attribution, dict):
        attribution["lastUpdatedOn"] = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def _checked(group: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The group, if the rules find no error in it as a payload (else the create's refusal)."""
    result = validate_payload(strip_server_fields(group, TargetGroup), now=now)
    errors = [p for p in result.problems if p.is_error]
    if errors:
        first = errors[0]
        where = f"{first.path}: " if first.path else ""
        raise _refuse(first.api_code or INVALID_INPUT, f"{where}{first.message}")
    return group


def edit_group(
    group: dict[str, Any], body: Any, now: datetime, name_taken: Callable[[str, int], bool]
) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise _refuse(INVALID_INPUT, "Invalid input, check all values: send the group as GET gave it")
    out = copy.deepcopy(group)
    name = body.get("name", group.get("name"))
    if not isinstance(name, str) or not name.strip():
        raise _refuse(INVALID_INPUT, "Invalid input, check all values: name")
    if len(name) > NAME_MAX:
        raise _refuse(NAME_TOO_LONG, "Length of target rule name cannot exceed 200")
    if name.casefold() != str(group.get("name") or "").casefold() and name_taken(name, int(group["id"])):
        raise _refuse(NAME_EXISTS, "Target group name already exists")
    out["name"] = name
    for key in ("expression", "expressionJson"):
        if key in body:
            if body[key] is None:
                out.pop(key, None)
            else:
                out[key] = body[key]
    _stamp(out, now)
    return _checked(out, now)


def update_periods(group: dict[str, Any], body: Any, now: datetime) -> dict[str, Any]:
    if not isinstance(body, list) or not all(isinstance(p, dict) for p in body):
        raise _refuse(INVALID_INPUT, "Invalid input, check all values: send a list of periods with their ids")
    out = copy.deepcopy(group)
    zone = zone_or_none(out.get("timeZoneName") if isinstance(out.get("timeZoneName"), str) else None)
    periods = {p.get("id"): p for p in out.get("periods") or [] if isinstance(p, dict)}
    for change in body:
        period = periods.get(change.get("id"))
        if period is None:
            raise _refuse(PERIOD_NOT_FOUND, f"Target period not found: {change.get('id')}")
        phase = wire_phase(period, zone, now)
        start = change.get("startDate", period.get("startDate"))
        end = change.get("endDate", period.get("endDate"))
        moved_start = start != period.get("startDate")
        moved_end = end != period.get("endDate")
        if not (moved_start or moved_end):
            continue
        if phase is None:
            raise _refuse(INVALID_INPUT, f"Period {period.get('id')} has ended; its dates cannot change")
        if phase == PeriodStatus.RUNNING and moved_start:
            raise _refuse(
                INVALID_INPUT, f"Period {period.get('id')} is RUNNING; only its end date can change"
            )
        first = parse_wire_date(start, zone) if isinstance(start, str) else None
        last = parse_wire_date(end, zone) if isinstance(end, str) else None
        if first is None or last is None or last.as_end() < first.as_start():
            raise _refuse(INVALID_INPUT, f"Period {period.get('id')}: the dates are not a period")
        if phase == PeriodStatus.RUNNING and last.as_end() < now:
            raise _refuse(
                INVALID_INPUT, f"Period {period.get('id')} is RUNNING; its end cannot be in the past"
            )
        period["startDate"], period["endDate"] = start, end
        status = expected_status(first.as_start(), last.as_end(), now)
        if status is not None:
            period["periodStatus"] = status.value
    _stamp(out, now)
    return _checked(out, now)


def edit_target(group: dict[str, Any], target_id: str, body: Any, now: datetime) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise _refuse(INVALID_INPUT, "Invalid input, check all values: send the target")
    out = copy.deepcopy(group)
    target = next((t for t in out.get("targets") or [] if str(t.get("id")) == target_id), None)
    if target is None:
        raise _refuse(TARGET_NOT_FOUND, "Target rule not found")
    zone = zone_or_none(out.get("timeZoneName") if isinstance(out.get("timeZoneName"), str) else None)
    periods = [p for p in out.get("periods") or [] if isinstance(p, dict)]
    for key in ("expression", "expressionJson", "filters"):
        if key in body:
            if body[key] is None:
                target.pop(key, None)
            else:
                target[key] = body[key]
    if "defaultValues" in body:
        given = body["defaultValues"]
        values = target.get("defaultValues") or []
        if not isinstance(given, list) or len(given) != len(values):
            raise _refuse(INVALID_INPUT, "Invalid input, check all values: one default value per period")
        for index, (value, new) in enumerate(zip(values, given, strict=True)):
            if not isinstance(new, dict):
                raise _refuse(INVALID_INPUT, "Invalid input, check all values: defaultValues")
            if "id" in new and new["id"] != value.get("id"):
                raise _refuse(INVALID_INPUT, f"Invalid input, check all values: defaultValues[{index}].id")
            if new.get("defaultValue") == value.get("defaultValue"):
                continue
            period = periods[index] if index < len(periods) else None
            if period is not None and wire_phase(period, zone, now) is None:
                raise _refuse(INVALID_INPUT, f"Period {period.get('id')} has ended; its value cannot change")
            value["defaultValue"] = new.get("defaultValue")
    _stamp(out, now)
    return _checked(out, now)


def update_threshold(group: dict[str, Any], body: Any, now: datetime) -> dict[str, Any]:
    expression = body.get("unifiedTargetExpression") if isinstance(body, dict) else None
    if not isinstance(expression, dict) or "thresholdValue" not in expression:
        raise _refuse(
            INVALID_INPUT, "Invalid input, check all values: unifiedTargetExpression.thresholdValue"
        )
    out = copy.deepcopy(group)
    if not isinstance(out.get("unifiedTargetExpression"), dict):
        raise _refuse(INVALID_INPUT, "Invalid input, check all values: this group is not unified")
    out["unifiedTargetExpression"]["thresholdValue"] = expression["thresholdValue"]
    _stamp(out, now)
    return _checked(out, now)


def answered(change: Callable[[], dict[str, Any] | None]) -> Answer:
    """Run a change; its refusal, or the group as it is now, or 310017 when there is none."""
    try:
        group = change()
    except Refused as refused:
        return refused.answer
    if group is None:
        return error_answer(404, GROUP_NOT_FOUND, "Target group not found or deactivated")
    return 200, envelope(group)
