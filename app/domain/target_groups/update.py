"""Updating a target group on its server: which of its update calls a change needs, and what they
refuse (``docs/api/target-groups.md``).

A target group has no single update. Its name and expression change by ``PUT
v3/targetGroups/editTargetGroup/{id}`` (the group as GET gave it); its periods by ``PUT
v3/targetGroups/{id}/targetPeriods`` (a RUNNING period only its end date, a NOT_STARTED one both
dates, an ended one nothing); a target's expression, filters and default values by ``PUT
v3/targetGroups/{id}/targets/{targetId}`` (an ended period's value no longer); a unified group's
threshold by ``POST v3/targetGroups/{id}/unifiedTargets``. :func:`plan_update` compares the group
as fetched (with its ids) with the edited payload and returns only the calls the change needs, in
a safe order (group, periods, targets, threshold), or what none of them can change.

Where a period stands is judged on its dates at ``now`` (:mod:`app.domain.period_phase`), not on
the status the server last wrote.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.domain.dates import parse_wire_date, zone_or_none
from app.domain.diff import without_nulls
from app.domain.enums import PeriodStatus
from app.domain.period_phase import wire_phase

INVALID_INPUT = 300004

#: What ``editTargetGroup`` changes; everything else of the group is as the server has it.
GROUP_EDITABLE = ("name", "expression", "expressionJson")
#: What the target edit changes.
TARGET_EDITABLE = ("expression", "expressionJson", "filters", "defaultValues")
#: What the periods update changes.
PERIOD_EDITABLE = ("startDate", "endDate")
#: Parts of the group that have their own call (or are compared item by item).
_OWN_CALLS = ("periods", "targets", "unifiedTargetExpression")


@dataclass(frozen=True)
class Call:
    """One update call: method, path (from the API root), body, and what it does in words."""

    method: str
    path: str
    body: Any
    what: str


def _same(a: Any, b: Any) -> bool:
    return without_nulls(a) == without_nulls(b)


def _changed_keys(old: dict[str, Any], new: dict[str, Any], skip: tuple[str, ...]) -> list[str]:
    keys = dict.fromkeys([*old, *new])
    return [k for k in keys if k not in skip and not _same(old.get(k), new.get(k))]


def plan_update(
    stored: dict[str, Any], stored_payload: dict[str, Any], new: dict[str, Any], now: datetime
) -> tuple[list[Call], list[tuple[int, str]]]:
    """The calls that turn ``stored`` (the group as GET gave it, ids included) into ``new`` (the
    edited payload), and what cannot be changed at all (code, message). ``stored_payload`` is the
    group as a payload (server fields dropped), which ``new`` is compared with field by field.
    """
    group_id = stored.get("id")
    refusals: list[tuple[int, str]] = []
    calls: list[Call] = []
    zone = zone_or_none(stored.get("timeZoneName") if isinstance(stored.get("timeZoneName"), str) else None)

    # the group itself
    others = [k for k in _changed_keys(stored_payload, new, _OWN_CALLS) if k not in GROUP_EDITABLE]
    for key in others:
        refusals.append(
            (INVALID_INPUT, f"{key} cannot change once the group exists (only its name and expression can).")
        )
    if any(not _same(stored_payload.get(k), new.get(k)) for k in GROUP_EDITABLE):
        body = copy.deepcopy(stored)
        for key in GROUP_EDITABLE:
            if new.get(key) is None:
                body.pop(key, None)
            else:
                body[key] = copy.deepcopy(new[key])
        calls.append(
            Call(
                "PUT", f"v3/targetGroups/editTargetGroup/{group_id}", body, "rename or change the expression"
            )
        )

    # periods
    old_periods = [p for p in stored.get("periods") or [] if isinstance(p, dict)]
    new_periods = [p for p in new.get("periods") or [] if isinstance(p, dict)]
    plain_periods = [p for p in stored_payload.get("periods") or [] if isinstance(p, dict)]
    ended_indexes: set[int] = set()
    if len(old_periods) != len(new_periods):
        refusals.append(
            (
                INVALID_INPUT,
                f"The group has {len(old_periods)} period(s); an update cannot add or remove periods.",
            )
        )
    else:
        changed_periods = []
        for index, (old, edited) in enumerate(zip(old_periods, new_periods, strict=True)):
            phase = wire_phase(old, zone, now)
            if phase is None:
                ended_indexes.add(index)
            where = f"Period {index + 1} ({old.get('refCode') or old.get('id')})"
            plain = plain_periods[index] if index < len(plain_periods) else {}
            extra = _changed_keys(plain, edited, (*PERIOD_EDITABLE, "periodStatus"))
            for key in extra:
                refusals.append(
                    (INVALID_INPUT, f"{where}: {key} cannot change by an update (only its dates can).")
                )
            start_changed = not _same(old.get("startDate"), edited.get("startDate"))
            end_changed = not _same(old.get("endDate"), edited.get("endDate"))
            if not (start_changed or end_changed):
                continue
            if phase is None:
                refusals.append((INVALID_INPUT, f"{where} has ended; its dates cannot change."))
                continue
            if phase == PeriodStatus.RUNNING and start_changed:
                refusals.append((INVALID_INPUT, f"{where} is running; only its end date can change."))
                continue
            if phase == PeriodStatus.RUNNING and end_changed:
                last = (
                    parse_wire_date(edited.get("endDate"), zone)
                    if isinstance(edited.get("endDate"), str)
                    else None
                )
                if last is None or last.as_end() < now:
                    refusals.append(
                        (INVALID_INPUT, f"{where} is running; its new end must not be in the past.")
                    )
                    continue
            body = {
                k: v
                for k, v in old.items()
                if k in ("id", "refCode", "active", "description", "periodStatus")
            }
            body["startDate"], body["endDate"] = edited.get("startDate"), edited.get("endDate")
            changed_periods.append(body)
        if changed_periods:
            calls.append(
                Call(
                    "PUT",
                    f"v3/targetGroups/{group_id}/targetPeriods",
                    changed_periods,
                    f"change the dates of {len(changed_periods)} period(s)",
                )
            )

    # targets
    old_targets = [t for t in stored.get("targets") or [] if isinstance(t, dict)]
    stored_targets = [t for t in stored_payload.get("targets") or [] if isinstance(t, dict)]
    new_targets = [t for t in new.get("targets") or [] if isinstance(t, dict)]
    if len(old_targets) != len(new_targets) or len(stored_targets) != len(new_targets):
        refusals.append(
            (
                INVALID_INPUT,
                f"The group has {len(old_targets)} target(s); an update cannot add or remove targets.",
            )
        )
    else:
        for index, (old, plain, edited) in enumerate(
            zip(old_targets, stored_targets, new_targets, strict=True)
        ):
            where = f"Target {index + 1} ({old.get('name') or old.get('id')})"
            for key in _changed_keys(plain, edited, TARGET_EDITABLE):
                refusals.append((INVALID_INPUT, f"{where}: {key} cannot change by an update."))
            if all(_same(plain.get(k), edited.get(k)) for k in TARGET_EDITABLE):
                continue
            old_values = [v for v in old.get("defaultValues") or [] if isinstance(v, dict)]
            new_values = [v for v in edited.get("defaultValues") or [] if isinstance(v, dict)]
            if len(old_values) != len(new_values):
                refusals.append((INVALID_INPUT, f"{where}: it must keep one value per period."))
                continue
            values = []
            for number, (was, now_value) in enumerate(zip(old_values, new_values, strict=True)):
                if number in ended_indexes and not _same(
                    was.get("defaultValue"), now_value.get("defaultValue")
                ):
                    refusals.append(
                        (INVALID_INPUT, f"{where}: period {number + 1} has ended; its value cannot change.")
                    )
                values.append(
                    {
                        **{k: was[k] for k in ("id", "periodId") if k in was},
                        "defaultValue": now_value.get("defaultValue"),
                    }
                )
            body = copy.deepcopy(old)
            for key in ("expression", "expressionJson", "filters"):
                if edited.get(key) is None:
                    body.pop(key, None)
                else:
                    body[key] = copy.deepcopy(edited[key])
            body["defaultValues"] = values
            calls.append(
                Call(
                    "PUT",
                    f"v3/targetGroups/{group_id}/targets/{old.get('id')}",
                    body,
                    f"edit target {index + 1}",
                )
            )

    # a unified group's threshold
    old_unified = stored_payload.get("unifiedTargetExpression")
    new_unified = new.get("unifiedTargetExpression")
    if not _same(old_unified, new_unified):
        old_rest = {k: v for k, v in (old_unified or {}).items() if k != "thresholdValue"}
        new_rest = {k: v for k, v in (new_unified or {}).items() if k != "thresholdValue"}
        if not _same(old_rest, new_rest) or new_unified is None:
            refusals.append((INVALID_INPUT, "Only the unified threshold can change by an update."))
        else:
            calls.append(
                Call(
                    "POST",
                    f"v3/targetGroups/{group_id}/unifiedTargets",
                    {
                        "unifiedTargetExpression": {"thresholdValue": new_unified.get("thresholdValue")},
                        "targets": [{"id": t.get("id")} for t in old_targets],
                    },
                    "change the unified threshold",
                )
            )
    return calls, refusals


def locked_paths(stored: dict[str, Any], now: datetime) -> dict[str, str]:
    """What the form must not let change now: wire path (``[*]`` any index) -> why."""
    zone = zone_or_none(stored.get("timeZoneName") if isinstance(stored.get("timeZoneName"), str) else None)
    why = "Only the name and the expression of a group on the server can change."
    out = {
        key: why
        for key in (
            "description",
            "trackingType",
            "targetEvaluationType",
            "frequencyType",
            "frequency",
            "recurringCycles",
            "timeZoneName",
            "leaderboardEnabled",
            "combinationType",
            "targetCycleStartDateISO",
            "targetCycleStartDate",
            "streaks",
        )
    }
    for key in ("name", "targetEntity", "targetType", "extendedFieldInfo", "targetRuleMetaData"):
        out[f"targets[*].{key}"] = (
            "A target on the server keeps this; its expression, filters and values can change."
        )
    out["periods[*].refCode"] = "A period on the server keeps its reference; only its dates can change."
    for index, period in enumerate(p for p in stored.get("periods") or [] if isinstance(p, dict)):
        phase = wire_phase(period, zone, now)
        if phase is None:
            reason = f"Period {index + 1} has ended: nothing of it can change."
            out[f"periods[{index}].startDate"] = reason
            out[f"periods[{index}].endDate"] = reason
            out[f"targets[*].defaultValues[{index}].defaultValue"] = reason
        elif phase == PeriodStatus.RUNNING:
            out[f"periods[{index}].startDate"] = (
                f"Period {index + 1} is running: only its end date can change."
            )
    return out
