"""Laying out a milestone's cycles (``cycleActionMapping``) with the target group's planner.

The API leaves the cycles to the caller in practice: every working example sends
``Cycle_1..Cycle_n`` with their dates (``docs/api/promotions.md``, "Cycles"). The calendar
arithmetic is the planner's (:mod:`app.domain.planner`); this module only writes its periods
the promotion's way: ``Cycle_n`` names and dates to the second with the zone's offset.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from app.domain.enums import FrequencyType
from app.domain.planner import PlanError, PlanRequest, plan_periods

__all__ = ["PlanError", "plan_cycles"]

#: The most cycles the editor lays out at once (a leap year of days).
MAX_CYCLES = 366

_FRACTION = re.compile(r"(T\d\d:\d\d:\d\d)\.\d+")


def plan_cycles(
    start: date,
    unit: str,
    zone: str,
    *,
    cycles: int | None = None,
    end: date | None = None,
    target: Any = None,
    offset: str | None = None,
) -> list[dict[str, Any]]:
    """``cycleActionMapping`` entries from ``start``, one per ``unit``, up to ``cycles`` or ``end``.

    With no ``zone``, the dates carry ``offset`` (the start's own, e.g. ``+05:30``) all along.

    Raises:
        PlanError: the request cannot be planned (an unknown unit or zone, an end before the
            start, more than :data:`MAX_CYCLES`); the message names the bad input.
    """
    try:
        frequency = FrequencyType(unit)
    except ValueError:
        raise PlanError(
            "frequency_type", f"Cycles cannot be planned by '{unit}'; choose DAILY to YEARLY."
        ) from None
    fixed = not zone
    request = PlanRequest(
        start=start,
        frequency_type=frequency,
        time_zone=zone or "UTC",
        cycles=cycles,
        end=None if cycles else end,
        ref_pattern="Cycle_{n}",
    )
    periods = plan_periods(request, max_cycles=MAX_CYCLES)
    out = []

    def written(text: str) -> str:
        text = _FRACTION.sub(r"\1", text)
        return text[:-1] + offset if fixed and offset and text.endswith("Z") else text

    for period in periods:
        entry: dict[str, Any] = {
            "cycle": period.ref_code,
            "startDate": written(period.start_date),
            "endDate": written(period.end_date),
        }
        if target is not None:
            entry["defaultValue"] = target
        entry["actions"] = []
        out.append(entry)
    return out
