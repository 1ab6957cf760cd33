"""Templates of target groups: re-planning the periods for a new start or count (the kind's
:class:`~app.domain.placeholders.TemplatePlanning`).

A new start date re-plans the periods with the template's cycle unit, length and zone, so a
monthly template becomes next quarter's milestone without touching a single period; a target
value placeholder then reaches every new period.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from app.domain.dates import parse_wire_date, zone_or_none
from app.domain.enums import FrequencyType
from app.domain.placeholders import (
    Placeholder,
    PlaceholderError,
    PlaceholderKind,
    PlanRole,
    TemplatePlanning,
)
from app.domain.planner import API_MAX_CYCLES, DEFAULT_REF_PATTERN, PlanError, PlanRequest
from app.domain.target_groups.models import TargetGroup
from app.domain.target_groups.replan import apply_plan

_TRAILING_NUMBER = re.compile(r"^(.*?)(\d+)(\D*)$")


def planned_value(group: TargetGroup, role: PlanRole) -> Any:
    """What the template holds for a plan role: its first period's day, or its number of periods."""
    if role is PlanRole.CYCLES:
        return len(group.periods or []) or None
    periods = group.periods or []
    zone = zone_or_none(group.time_zone_name)
    first = parse_wire_date(periods[0].start_date, zone) if periods else None
    if first is None:
        return None
    return first.value.astimezone(zone).date() if zone else first.value.date()


def replan(
    group: TargetGroup, roles: Mapping[PlanRole, Any], now: datetime | None, messages: list[str], key: str
) -> TargetGroup:
    """The group with its periods planned anew from the roles given (the rest from the template)."""
    start = roles.get(PlanRole.START, planned_value(group, PlanRole.START))
    cycles = roles.get(PlanRole.CYCLES, len(group.periods or []))
    if start is None:
        raise PlaceholderError({key: "The template has no periods to take a start date from; give one."})
    frequency_type = group.frequency_type
    if frequency_type is None or frequency_type is FrequencyType.CUSTOM:
        raise PlaceholderError(
            {
                key: "The template's periods are hand-made (cycle unit CUSTOM or none), so they cannot be "
                "re-planned; edit the periods after creating the group."
            }
        )
    request = PlanRequest(
        start=start,
        frequency_type=frequency_type,
        time_zone=group.time_zone_name or "UTC",
        cycles=cycles or 1,
        frequency=max(1, group.frequency or 1),
        ref_pattern=infer_ref_pattern(group),
    )
    try:
        report = apply_plan(group, request, now)
    except PlanError as exc:
        raise PlaceholderError({key: str(exc)}) from None
    messages.extend(report.messages())
    return report.group


def infer_ref_pattern(group: TargetGroup) -> str:
    """The refCode pattern the template's periods follow (``TP1, TP2`` gives ``TP{n}``).

    Falls back to the planner's default when the refCodes are not numbered 1, 2, 3...
    """
    codes = [str(p.ref_code or "") for p in group.periods or []]
    if not codes:
        return DEFAULT_REF_PATTERN
    match = _TRAILING_NUMBER.match(codes[0])
    if match is None or match.group(2) != "1" or "{" in codes[0] or "}" in codes[0]:
        return DEFAULT_REF_PATTERN
    prefix, _, suffix = match.groups()
    if all(code == f"{prefix}{n}{suffix}" for n, code in enumerate(codes, start=1)):
        return f"{prefix}{{n}}{suffix}"
    return DEFAULT_REF_PATTERN


def suggested(group: TargetGroup) -> list[Placeholder]:
    """The placeholders offered when saving a group as a template: a name, and a start date and
    cycle count where the periods can be re-planned (a calendar cycle unit)."""
    out = [
        Placeholder(
            "name",
            "Group name",
            PlaceholderKind.TEXT,
            ("name",),
            required=True,
            help="Unique in the organisation; at most 200 characters.",
        )
    ]
    if group.frequency_type not in (None, FrequencyType.CUSTOM) and group.periods:
        out.append(
            Placeholder(
                "start",
                "First cycle starts",
                PlaceholderKind.DATE,
                plan=PlanRole.START,
                help="The periods are re-planned from this day, in the group's time zone.",
            )
        )
        out.append(
            Placeholder(
                "cycles",
                "Number of cycles",
                PlaceholderKind.INT,
                plan=PlanRole.CYCLES,
                help=f"1 to {API_MAX_CYCLES}.",
            )
        )
    return out


PLANNING = TemplatePlanning(replan, planned_value, suggested, lambda group: group.time_zone_name)
