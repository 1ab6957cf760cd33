"""Templates of promotions: re-planning their cycles for a new start or count, and a summary line.

A promotion template's ``start`` and ``cycles`` placeholders re-plan every milestone's
``cycleActionMapping`` with the planner (the milestone's ``frequencyType``, the promotion's
``timezoneName``), name the cycles ``Cycle_1..n``, keep each cycle's target and rewards by
position (the last ones repeat for new cycles; with ``sameActionsForEveryCycle`` only Cycle_1
keeps its actions), and move the promotion's start and end to the cycles'. Registered in
:data:`PLANNING`, the promotion kind's template planning.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import date, datetime
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
from app.domain.planner import API_MAX_CYCLES, PlanError, PlanRequest, plan_periods
from app.domain.promotions.models import Promotion
from app.domain.promotions.rules import walk_activities


def _milestones(wire: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def walk(items: Any) -> None:
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                out.extend(m for m in item.get("milestones") or [] if isinstance(m, dict))
                walk(item.get("children"))

    walk(wire.get("activities"))
    return out


def _zone_name(wire: dict[str, Any]) -> str:
    meta = wire.get("metadata") or {}
    name = meta.get("timezoneName") if isinstance(meta, dict) else None
    return name if isinstance(name, str) and zone_or_none(name) else "UTC"


def _first_start(wire: dict[str, Any]) -> date | None:
    zone = zone_or_none(_zone_name(wire))
    for milestone in _milestones(wire):
        cycles = milestone.get("cycleActionMapping") or []
        if cycles and isinstance(cycles[0], dict):
            parsed = parse_wire_date(cycles[0].get("startDate"), zone)
            if parsed is not None:
                value = parsed.value.astimezone(zone) if zone else parsed.value
                return value.date()
    meta = wire.get("metadata") or {}
    parsed = parse_wire_date(meta.get("startDate") if isinstance(meta, dict) else None, zone)
    if parsed is None:
        return None
    return (parsed.value.astimezone(zone) if zone else parsed.value).date()


def _cycle_count(wire: dict[str, Any]) -> int | None:
    counts = [len(m.get("cycleActionMapping") or []) for m in _milestones(wire)]
    return max(counts) if counts else None


def planned_value(model: Promotion, role: PlanRole) -> Any:
    """What the template holds for a plan role: its first cycle's day, or its number of cycles."""
    wire = model.to_wire()
    return _first_start(wire) if role is PlanRole.START else _cycle_count(wire)


def replan(
    model: Promotion, roles: Mapping[PlanRole, Any], now: datetime | None, messages: list[str], key: str
) -> Promotion:
    """The promotion with every milestone's cycles planned anew (see the module docstring)."""
    wire = model.to_wire()
    milestones = _milestones(wire)
    if not milestones:
        raise PlaceholderError({key: "This promotion has no milestone whose cycles could be re-planned."})
    start = roles.get(PlanRole.START) or _first_start(wire)
    count = roles.get(PlanRole.CYCLES) or _cycle_count(wire) or 1
    if start is None:
        raise PlaceholderError({key: "The template has no cycle to take a start date from; give one."})
    zone_name = _zone_name(wire)
    first_start: str | None = None
    last_end: str | None = None
    for milestone in milestones:
        unit = str(milestone.get("frequencyType") or "")
        try:
            frequency = FrequencyType(unit)
        except ValueError:
            frequency = FrequencyType.CUSTOM
        if frequency is FrequencyType.CUSTOM:
            raise PlaceholderError(
                {
                    key: "A milestone's cycles are hand-made (cycle unit CUSTOM or none); edit them after creating the draft."
                }
            )
        try:
            planned = plan_periods(
                PlanRequest(
                    start=start,
                    cycles=int(count),
                    end=None,
                    frequency_type=frequency,
                    frequency=1,
                    time_zone=zone_name,
                    ref_pattern="Cycle_{n}",
                ),
                now,
                max_cycles=API_MAX_CYCLES,
            )
        except PlanError as exc:
            raise PlaceholderError({key: str(exc)}) from None
        old = [c for c in milestone.get("cycleActionMapping") or [] if isinstance(c, dict)]
        same = milestone.get("sameActionsForEveryCycle") is True
        cycles = []
        for index, period in enumerate(planned):
            source = old[min(index, len(old) - 1)] if old else {}
            cycle = {
                key: copy.deepcopy(value)
                for key, value in source.items()
                if key not in ("cycle", "startDate", "endDate")
            }
            if same and index > 0:
                cycle["actions"] = []
            cycles.append(
                {
                    "cycle": f"Cycle_{index + 1}",
                    "startDate": period.start_date,
                    "endDate": period.end_date,
                    **cycle,
                }
            )
        milestone["cycleActionMapping"] = cycles
        if "recurringCycles" in milestone:
            milestone["recurringCycles"] = len(cycles)
        first_start = first_start or cycles[0]["startDate"]
        last_end = cycles[-1]["endDate"]
    meta = wire.setdefault("metadata", {})
    if first_start and last_end:
        meta["startDate"], meta["endDate"] = first_start, last_end
        _stretch_common_mappings(wire.get("activities"), first_start, last_end)
    messages.append(f"Planned {int(count)} cycle(s) from {start.isoformat()} for every milestone.")
    return Promotion.model_validate(wire)


def _stretch_common_mappings(items: Any, start: str, end: str) -> None:
    """A single common mapping (a group's reward) spans the promotion: it follows the new dates."""
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        mappings = item.get("commonCycleActionMapping")
        only = mappings[0] if isinstance(mappings, list) and len(mappings) == 1 else None
        if isinstance(only, dict) and ("startDate" in only or "endDate" in only):
            only["startDate"], only["endDate"] = start, end
        _stretch_common_mappings(item.get("children"), start, end)


def suggested(model: Promotion) -> list[Placeholder]:
    """The placeholders offered when a promotion is saved as a template."""
    out = [
        Placeholder(
            "name",
            "Promotion name",
            PlaceholderKind.TEXT,
            ("metadata.name",),
            required=True,
            help="Unique in the organisation; at most 200 characters to be safe.",
        )
    ]
    if any(place.activity.milestones for place in walk_activities(model)):
        out.append(Placeholder("start", "First cycle starts", PlaceholderKind.DATE, plan=PlanRole.START))
        out.append(Placeholder("cycles", "Number of cycles", PlaceholderKind.INT, plan=PlanRole.CYCLES))
    return out


def summary(payload: dict[str, Any]) -> str:
    """``promotion · GENERIC · SINGLE: TRANSACTION SALES · WEEKLY ×4`` (to list and search by)."""
    parts = ["promotion"]
    meta = payload.get("metadata")
    if isinstance(meta, dict) and isinstance(meta.get("promotionType"), str):
        parts.append(meta["promotionType"])
    shapes: list[str] = []
    units: list[str] = []

    def walk(items: Any) -> None:
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            if item.get("type") == "GROUP":
                shapes.append(f"GROUP {item.get('combinationType') or '?'}")
            for milestone in item.get("milestones") or []:
                if isinstance(milestone, dict):
                    shapes.append(
                        " ".join(
                            str(milestone.get(k)) for k in ("targetEntity", "targetType") if milestone.get(k)
                        )
                    )
                    cycles = len(milestone.get("cycleActionMapping") or [])
                    unit = milestone.get("frequencyType")
                    if unit and f"{unit} ×{cycles}" not in units:
                        units.append(f"{unit} ×{cycles}")
            walk(item.get("children"))

    walk(payload.get("activities"))
    if shapes:
        parts.append(", ".join(dict.fromkeys(shapes)))
    parts.extend(units)
    return " · ".join(parts)


PLANNING = TemplatePlanning(
    replan, planned_value, suggested, lambda model: model.metadata.timezone_name if model.metadata else None
)
