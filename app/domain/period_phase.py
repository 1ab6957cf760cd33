"""Where a period (or a cycle) stands against "now", and the status a create request should give it.

A calendar rule beside the planner, shared by the kinds. One rule, used by the planner (the statuses it writes), the planner's preview (what it shows)
and the period rules (what they warn about), so the three never disagree:

* a period whose last instant is before now has **ended**: no input status is true of it (the
  create API takes RUNNING, UPCOMING or NOT_STARTED), so it gets none and the rules warn;
* a period that has started and not ended is RUNNING;
* a period that starts after now is NOT_STARTED.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from app.domain.enums import PeriodStatus, label

ENDED_LABEL = "Ended"


def expected_status(first: datetime, last: datetime, now: datetime) -> PeriodStatus | None:
    """The status for a period from ``first`` to ``last`` (inclusive) at ``now``; ``None`` once ended.

    The three datetimes must all be aware or all naive in the same zone.
    """
    if last < now:
        return None
    if first <= now:
        return PeriodStatus.RUNNING
    return PeriodStatus.NOT_STARTED


def phase_label(status: PeriodStatus | None) -> str:
    """The status as the operator reads it: ``"Running"``, ``"Not started"``, or ``"Ended"``."""
    return ENDED_LABEL if status is None else label(status)


def wire_phase(period: dict[str, Any], zone: tzinfo | None, now: datetime) -> PeriodStatus | str | None:
    """Where a wire period (``startDate``, ``endDate`` as sent or stored) stands at ``now``: RUNNING,
    NOT_STARTED, ``None`` once ended, or ``"unknown"`` when its dates cannot be read."""
    from app.domain.dates import parse_wire_date

    start, end = period.get("startDate"), period.get("endDate")
    first = parse_wire_date(start, zone) if isinstance(start, str) else None
    last = parse_wire_date(end, zone) if isinstance(end, str) else None
    if first is None or last is None:
        return "unknown"
    return expected_status(first.as_start(), last.as_end(), now)
