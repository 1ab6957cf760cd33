"""Re-planning a group: new periods in, every target's values kept aligned by position.

The planner (:mod:`app.domain.planner`) lays out periods; this module puts them into a copy
of a group, sets the group's cycle fields to match, keeps what the operator wrote about each
period (its description, a switched-off ``active``) by position, and gives every target
exactly one value per period, saying what was added and dropped so the UI can tell the
operator. Pure: no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import TypeGuard

from app.domain.enums import FrequencyType
from app.domain.planner import API_MAX_CYCLES, PlanError, PlannedPeriod, PlanRequest, plan_periods
from app.domain.target_groups.models import DefaultValue, Period, Target, TargetGroup

_WINDOW_STARTS = frozenset({"from_date", "target_cycle_start_date"})


@dataclass(frozen=True)
class TargetRealignment:
    """How one target's per-period default values changed when the periods changed."""

    index: int  #: position in ``targets``
    name: str | None  #: for messages
    added: int  #: values appended for new periods
    dropped: int  #: values removed with removed periods
    unfilled: int  #: new periods left without a value: nothing to copy, no fill value given
    fill_value: int | float | None  #: what the added values are, if any were added


@dataclass(frozen=True)
class ReplanReport:
    """The result of :func:`apply_plan`: the re-planned group and what it did to the targets.

    ``group`` is a new object; the group passed in is left untouched, so an undo command can keep it.
    """

    group: TargetGroup
    periods_before: int
    periods_after: int
    targets: tuple[TargetRealignment, ...]  #: one per target, in order

    @property
    def added(self) -> int:
        """Default values added across all targets."""
        return sum(t.added for t in self.targets)

    @property
    def dropped(self) -> int:
        """Default values dropped across all targets."""
        return sum(t.dropped for t in self.targets)

    def messages(self) -> list[str]:
        """Sentences telling the operator what changed, one per line."""
        lines = [f"Planned {self.periods_after} periods (the group had {self.periods_before})."]
        for t in self.targets:
            label = f"Target {t.name!r}" if t.name else f"Target #{t.index + 1}"
            if t.added or t.dropped:
                filled = f" (filled with {t.fill_value})" if t.added else ""
                lines.append(f"{label}: {t.added} values added{filled}, {t.dropped} dropped.")
            if t.unfilled:
                lines.append(
                    f"{label}: {t.unfilled} periods have no target value; give a fill value or enter them."
                )
        return lines


def wire_period(planned: PlannedPeriod) -> Period:
    """A planned period as an active wire period; a past period's status is left unset, not null."""
    period = Period(
        active=True, start_date=planned.start_date, end_date=planned.end_date, ref_code=planned.ref_code
    )
    if planned.period_status is not None:
        period.period_status = planned.period_status
    return period


def apply_plan(
    group: TargetGroup,
    request: PlanRequest,
    now: datetime | None = None,
    fill_value: int | float | None = None,
    *,
    max_cycles: int | None = API_MAX_CYCLES,
) -> ReplanReport:
    """Plan ``request`` into a copy of ``group`` and keep its targets' values aligned.

    Sets periods, totalPeriods, recurringCycles, frequencyType, frequency, timeZoneName and
    targetCycleStartDateISO / targetCycleEndDateISO. fromDate / toDate and the older
    targetCycleStartDate / targetCycleEndDate are moved to the new window only when the
    group already carries them, so nothing is invented but nothing is left inconsistent.
    Each target's defaultValues are realigned by position (see :func:`realign_default_values`).

    Args:
        group: the group to re-plan; it is not modified.
        request: what to plan.
        now: see :func:`plan_periods`.
        fill_value: the value for added periods; omitted, each target's last value is repeated.
        max_cycles: see :func:`plan_periods`.

    Raises:
        PlanError: the request cannot be planned, or the fill value is not a finite number.
    """
    if fill_value is not None and (not _is_number(fill_value) or not math.isfinite(fill_value)):
        raise PlanError("fill_value", f"The fill value must be a finite number, not {fill_value!r}.")
    periods = [wire_period(planned) for planned in plan_periods(request, now, max_cycles=max_cycles)]
    new = group.model_copy(deep=True)
    before = len(group.periods or [])
    window_start, window_end = periods[0].start_date, periods[-1].end_date
    for old, planned in zip(group.periods or [], periods, strict=False):
        if old.description:
            planned.description = old.description
        if old.active is False:
            planned.active = False
    new.periods = periods
    new.total_periods = len(periods)
    new.recurring_cycles = len(periods)
    new.frequency_type = FrequencyType(request.frequency_type)
    new.frequency = request.frequency
    new.time_zone_name = request.time_zone
    new.target_cycle_start_date_iso = window_start
    new.target_cycle_end_date_iso = window_end
    for name in ("from_date", "target_cycle_start_date", "to_date", "target_cycle_end_date"):
        if name in group.model_fields_set:  # kept consistent, never invented
            setattr(new, name, window_start if name in _WINDOW_STARTS else window_end)
    reports = [
        realign_default_values(target, index, len(periods), fill_value)
        for index, target in enumerate(new.targets or [])
    ]
    return ReplanReport(group=new, periods_before=before, periods_after=len(periods), targets=tuple(reports))


def realign_default_values(
    target: Target, index: int, period_count: int, fill_value: int | float | None = None
) -> TargetRealignment:
    """Give ``target`` exactly one default value per period, by position, in place.

    Values past ``period_count`` are dropped; missing ones get ``fill_value`` or, without
    one, a copy of the target's last value. New values carry only defaultValue: ids and
    periodIds of existing values belong to existing periods and are never duplicated.
    Also usable when an operator adds or removes CUSTOM periods by hand.
    """
    values = list(target.default_values or [])
    dropped = max(0, len(values) - period_count)
    del values[period_count:]
    missing = period_count - len(values)
    fill = fill_value
    if fill is None and values:
        last = values[-1].default_value  # numeric text was read as a number already
        fill = last if _is_number(last) else None
    added = missing if fill is not None else 0
    values.extend(DefaultValue(default_value=fill) for _ in range(added))
    if added or dropped:
        target.default_values = values
    return TargetRealignment(
        index=index,
        name=target.name,
        added=added,
        dropped=dropped,
        unfilled=missing - added,
        fill_value=fill if added else None,
    )


def _is_number(value: object) -> TypeGuard[int | float]:
    """An int or float that is not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)
