"""The period planner: turn "12 monthly cycles from 1 January, India time" into periods.

Operators think in cycles, not in hand-typed timestamps. The planner lays out periods
that are contiguous and never overlap, each from local 00:00:00.000 of its first day to
local 23:59:59.999 of its last day (how Capillary's UI defines a day), written as ISO 8601
with milliseconds and the zone's offset at that boundary. Month-based cycles keep the day
of the month they started on and clamp it to shorter months (31 Jan, 29 Feb, 31 Mar...).

Choices made here, so that callers need not guess:

* A start given as a date-time is reduced to its calendar date in the group's zone: a
  Capillary day starts at midnight, so the time of day cannot be kept.
* With a cycle *end* instead of a number of cycles, cycles are laid out until the end
  date, and the last cycle is cut at the end date (it ends at 23:59:59.999 of that date)
  when a full cycle would run past it.
* The API allows at most :data:`API_MAX_CYCLES` cycles. :func:`plan_periods` enforces that
  by default; pass ``max_cycles=None`` to plan more (the benchmark plans 3,660 days).
* Statuses come from "now": RUNNING for the period that contains it, NOT_STARTED for
  later ones, and :data:`PAST_PERIOD_STATUS` for a period wholly in the past, which is
  a problem the rules report to the operator. The planner does not refuse such a plan,
  because the API allows back-dated milestones (the UI allows up to six months back).
* Where a zone moves its clocks at midnight, a boundary is written with the offset in
  force just before it, so that "previous end + 1 ms = next start" holds exactly and
  both timestamps still read 23:59:59.999 and 00:00:00.000.

Everything here is pure: no I/O, no clock reads except when ``now`` is omitted.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.domain.enums import FrequencyType, PeriodStatus
from app.domain.models import DefaultValue, Period, Target, TargetGroup

#: The most cycles the API accepts (``recurringCycles``: "Maximum 100").
API_MAX_CYCLES = 100

#: The refCode pattern operators get unless they choose one; ``{n}`` is the 1-based cycle number.
DEFAULT_REF_PATTERN = "Cycle_{n}"

#: The status given to a period that ended before "now". ENDED is what the server reports
#: for such a period; it is not a create-request value, so the rules flag it for the operator.
PAST_PERIOD_STATUS = PeriodStatus.ENDED

_MONTHS_PER_UNIT = {
    FrequencyType.MONTHLY: 1,
    FrequencyType.QUARTERLY: 3,
    FrequencyType.HALF_YEARLY: 6,
    FrequencyType.YEARLY: 12,
}
_DAYS_PER_UNIT = {FrequencyType.DAILY: 1, FrequencyType.WEEKLY: 7}

# Zones that are UTC by definition; their timestamps are written with "Z", as the API's examples do.
_UTC_KEYS = frozenset({"UTC", "Etc/UTC", "UCT", "Etc/UCT", "Zulu", "Etc/Zulu", "Universal", "Etc/Universal"})

_MIDNIGHT = time(0)
_ONE_DAY = timedelta(days=1)


class PlanError(ValueError):
    """A plan request an operator must correct.

    Attributes:
        field: the :class:`PlanRequest` attribute at fault (``"end"``, ``"time_zone"``...),
            so a form can highlight it; the CLI maps it to its option.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, kw_only=True)
class PlanRequest:
    """What the operator asks for: a cycle start, a count or an end, a unit and a zone.

    Exactly one of ``cycles`` and ``end`` must be given.

    Attributes:
        start: the first day of the first cycle (a date-time is reduced to its date in ``time_zone``).
        frequency_type: the calendar unit of a cycle; CUSTOM cannot be planned.
        time_zone: the group's IANA zone, e.g. ``Asia/Kolkata``.
        cycles: how many cycles to lay out.
        end: the last day of the last cycle; the last cycle is cut there.
        frequency: units per cycle (DAILY and 10 make 10-day cycles), at least 1.
        ref_pattern: the refCode of each period; ``{n}`` is replaced by the cycle number.
    """

    start: date | datetime
    frequency_type: FrequencyType
    time_zone: str
    cycles: int | None = None
    end: date | datetime | None = None
    frequency: int = 1
    ref_pattern: str = DEFAULT_REF_PATTERN


@dataclass(frozen=True)
class TargetRealignment:
    """How one target's per-period default values changed when the periods changed.

    Attributes:
        index: the target's position in ``targets``.
        name: the target's name, for messages.
        added: values appended for new periods.
        dropped: values removed with removed periods.
        unfilled: new periods left without a value, because the target had none to copy
            and no fill value was given (the rules report these).
        fill_value: the value the added periods got, if any were added.
    """

    index: int
    name: str | None
    added: int
    dropped: int
    unfilled: int
    fill_value: int | float | None


@dataclass(frozen=True)
class ReplanReport:
    """The result of :func:`apply_plan`: the re-planned group and what it did to the targets.

    Attributes:
        group: a new group with the plan applied; the group passed in is left untouched,
            so an undo command can keep it.
        periods_before: how many periods the group had.
        periods_after: how many it has now.
        targets: one entry per target, in order.
    """

    group: TargetGroup
    periods_before: int
    periods_after: int
    targets: tuple[TargetRealignment, ...]

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


def load_zone(name: str) -> ZoneInfo:
    """The zone called ``name``, or a :class:`PlanError` an operator understands."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        raise PlanError(
            "time_zone", f"Unknown time zone {name!r}; use an IANA name such as Asia/Kolkata."
        ) from None


def plan_periods(
    request: PlanRequest, now: datetime | None = None, *, max_cycles: int | None = API_MAX_CYCLES
) -> list[Period]:
    """Lay out the periods of ``request``.

    Args:
        request: what to plan.
        now: the moment statuses are derived from; a naive value is wall-clock time in the
            group's zone. Omitted, the current time is used.
        max_cycles: refuse plans with more cycles than this (``None``: no limit).

    Returns:
        The periods, first to last, with active, startDate, endDate, periodStatus and refCode set.

    Raises:
        PlanError: the request cannot be planned; the message names the bad input.
    """
    zone = load_zone(request.time_zone)
    first_day, last_day = _check_request(request, zone, max_cycles)
    now_utc = _as_naive_utc(now, zone)
    utc_style = request.time_zone in _UTC_KEYS
    offsets: dict[timedelta, str] = {}

    def boundary(day: date) -> tuple[str, datetime]:
        """The offset text at local midnight of ``day``, and that midnight as naive UTC."""
        local = datetime.combine(day, _MIDNIGHT)
        offset = local.replace(tzinfo=zone).utcoffset() or timedelta(0)
        text = offsets.get(offset)
        if text is None:
            text = offsets[offset] = "Z" if utc_style else _offset_text(offset)
        return text, local - offset

    periods: list[Period] = []
    starts = _cycle_starts(first_day, request.frequency_type, request.frequency)
    pattern = request.ref_pattern
    future = False  # once a period starts after now, every later one does too
    try:
        day = next(starts)
        start_text, start_utc = boundary(day)
        while (request.cycles is None or len(periods) < request.cycles) and (
            last_day is None or day <= last_day
        ):
            if max_cycles is not None and len(periods) >= max_cycles:
                raise PlanError("end", _too_many(max_cycles, request))
            following = next(starts)
            cut = last_day is not None and following > last_day + _ONE_DAY
            after = last_day + _ONE_DAY if cut and last_day is not None else following
            end_text, end_utc = boundary(after)
            if future:
                status = PeriodStatus.NOT_STARTED
            elif end_utc <= now_utc:
                status = PAST_PERIOD_STATUS
            elif start_utc <= now_utc:
                status = PeriodStatus.RUNNING
            else:
                status = PeriodStatus.NOT_STARTED
                future = True
            periods.append(
                Period(
                    active=True,
                    start_date=f"{day.isoformat()}T00:00:00.000{start_text}",
                    end_date=f"{(after - _ONE_DAY).isoformat()}T23:59:59.999{end_text}",
                    period_status=status,
                    ref_code=pattern.format(n=len(periods) + 1),
                )
            )
            day, start_text, start_utc = following, end_text, end_utc
    except OverflowError:
        raise PlanError("start", "The plan runs past the year 9999; plan fewer or shorter cycles.") from None
    return periods


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
        PlanError: the request cannot be planned.
    """
    periods = plan_periods(request, now, max_cycles=max_cycles)
    new = group.model_copy(deep=True)
    before = len(group.periods or [])
    window_start, window_end = periods[0].start_date, periods[-1].end_date
    new.periods = periods
    new.total_periods = len(periods)
    new.recurring_cycles = len(periods)
    new.frequency_type = FrequencyType(request.frequency_type)
    new.frequency = request.frequency
    new.time_zone_name = request.time_zone
    new.target_cycle_start_date_iso = window_start
    new.target_cycle_end_date_iso = window_end
    fields_set = group.model_fields_set
    if "from_date" in fields_set:
        new.from_date = window_start
    if "to_date" in fields_set:
        new.to_date = window_end
    if "target_cycle_start_date" in fields_set:
        new.target_cycle_start_date = window_start
    if "target_cycle_end_date" in fields_set:
        new.target_cycle_end_date = window_end
    reports = []
    for index, target in enumerate(new.targets or []):
        reports.append(realign_default_values(target, index, len(periods), fill_value))
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
        fill = values[-1].default_value
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


def _check_request(request: PlanRequest, zone: ZoneInfo, max_cycles: int | None) -> tuple[date, date | None]:
    """Refuse requests that cannot be planned; return the first day and the last day (if given)."""
    try:
        unit = FrequencyType(request.frequency_type)
    except ValueError:
        raise PlanError("frequency_type", f"Unknown cycle unit {request.frequency_type!r}.") from None
    if unit is FrequencyType.CUSTOM:
        raise PlanError(
            "frequency_type", "CUSTOM periods are edited by hand; choose a unit such as MONTHLY to plan them."
        )
    if isinstance(request.frequency, bool) or not isinstance(request.frequency, int) or request.frequency < 1:
        raise PlanError(
            "frequency", f"Units per cycle must be a whole number of at least 1, not {request.frequency}."
        )
    if (request.cycles is None) == (request.end is None):
        raise PlanError("cycles", "Give either a number of cycles or a cycle end, not both and not neither.")
    if request.cycles is not None:
        if isinstance(request.cycles, bool) or not isinstance(request.cycles, int) or request.cycles < 1:
            raise PlanError("cycles", f"The number of cycles must be at least 1, not {request.cycles}.")
        if max_cycles is not None and request.cycles > max_cycles:
            raise PlanError("cycles", _too_many(max_cycles, request))
    first_day = _local_date(request.start, zone)
    last_day = None if request.end is None else _local_date(request.end, zone)
    if last_day is not None and last_day < first_day:
        raise PlanError(
            "end", f"The cycle end {last_day.isoformat()} is before the cycle start {first_day.isoformat()}."
        )
    try:
        first, second = request.ref_pattern.format(n=1), request.ref_pattern.format(n=2)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError):
        first = second = ""
    if not first or first == second:
        raise PlanError(
            "ref_pattern",
            f"The refCode pattern {request.ref_pattern!r} must contain {{n}} (the cycle number) "
            "and no other {...} field, so that every period gets its own refCode.",
        )
    return first_day, last_day


def _too_many(max_cycles: int, request: PlanRequest) -> str:
    if request.cycles is not None:
        return f"{request.cycles} cycles is more than the API allows (at most {max_cycles})."
    return (
        f"The cycle end {request.end} gives more than {max_cycles} cycles, more than the API allows; "
        "choose an earlier end or longer cycles."
    )


def _cycle_starts(first: date, unit: FrequencyType, frequency: int) -> Iterator[date]:
    """The first day of every cycle, forever (until the calendar overflows).

    Month-based starts are computed from the anchor each time, never from the previous
    start, so a clamped 28 February does not drag later cycles to the 28th.
    """
    days = _DAYS_PER_UNIT.get(unit)
    if days is not None:
        step = timedelta(days=days * frequency)
        day = first
        while True:
            yield day
            day += step
    months = _MONTHS_PER_UNIT[unit] * frequency
    base = first.year * 12 + first.month - 1
    k = 0
    while True:
        year, month0 = divmod(base + k * months, 12)
        if year > 9999:
            raise OverflowError("date out of range")
        yield date(year, month0 + 1, min(first.day, calendar.monthrange(year, month0 + 1)[1]))
        k += 1


def _local_date(value: date | datetime, zone: ZoneInfo) -> date:
    """The calendar date of ``value`` in ``zone`` (a naive date-time is already local)."""
    if isinstance(value, datetime):
        return value.astimezone(zone).date() if value.tzinfo is not None else value.date()
    return value


def _as_naive_utc(now: datetime | None, zone: ZoneInfo) -> datetime:
    """``now`` as naive UTC, the form the planner compares boundaries in."""
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=zone)
    return now.astimezone(UTC).replace(tzinfo=None)


def _offset_text(offset: timedelta) -> str:
    """``+05:30`` / ``-03:00``; seconds only for historical offsets that have them."""
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")
