"""The period planner: "12 monthly cycles from 1 January, India time" becomes periods.

Periods are contiguous and never overlap: each runs from local 00:00:00.000 of its first day
to local 23:59:59.999 of its last day (how Capillary's UI defines a day), written as ISO 8601
with milliseconds and the zone's offset at that boundary. Month-based cycles keep the day of
the month they started on and clamp it to shorter months (31 Jan, 29 Feb, 31 Mar...).

Choices made here, so that callers need not guess:

* A start given as a date-time is reduced to its date in the group's zone: a Capillary day
  starts at midnight, so the time of day cannot be kept.
* Given a cycle end instead of a count, cycles are laid out up to the end date and the last
  one is cut there (it ends at 23:59:59.999 of the end date).
* The API allows at most :data:`API_MAX_CYCLES` cycles; :func:`plan_periods` enforces that
  unless told ``max_cycles=None`` (the benchmark plans 3,660 days).
* Statuses follow :func:`app.domain.period_phase.expected_status`, the rule the validator
  uses: RUNNING marks the period containing "now", NOT_STARTED later ones. A period wholly in
  the past gets no status (none of the input values is true of it) and is not refused (the API
  allows back-dated milestones); the rules report it so the operator sees it.
* Where a zone moves its clocks at midnight, a boundary carries the offset in force just
  before the change, so "previous end + 1 ms = next start" holds.

Pure: no I/O, and no clock read unless ``now`` is omitted.
"""

from __future__ import annotations

import calendar
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple, TypeGuard
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.domain import clock
from app.domain.dates import offset_text
from app.domain.enums import FrequencyType, PeriodStatus
from app.domain.period_phase import expected_status

#: The most cycles the API accepts (``recurringCycles``: "Maximum 100").
API_MAX_CYCLES = 100

#: The refCode pattern operators get unless they choose one; ``{n}`` is the 1-based cycle number.
DEFAULT_REF_PATTERN = "Cycle_{n}"


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
_ONE_MS = timedelta(milliseconds=1)  # a period ends 1 ms before the next one starts
_ZERO = timedelta(0)


class PlanError(ValueError):
    """A plan request an operator must correct, with a message that names the bad input.

    ``field`` is the :class:`PlanRequest` attribute at fault (``"end"``, ``"time_zone"``...,
    or ``"fill_value"``) so that a form or the CLI can point at it.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, kw_only=True)
class PlanRequest:
    """What the operator asks for: a cycle start, a count or an end, a unit and a zone.

    Exactly one of ``cycles`` and ``end`` must be given.
    """

    start: date | datetime  #: first day of the first cycle (a date-time: its date in time_zone)
    frequency_type: FrequencyType  #: calendar unit of a cycle; CUSTOM cannot be planned
    time_zone: str  #: the group's IANA zone, e.g. Asia/Kolkata
    cycles: int | None = None  #: how many cycles to lay out
    end: date | datetime | None = None  #: last day of the last cycle, which is cut there
    frequency: int = 1  #: units per cycle (DAILY and 10 make 10-day cycles), at least 1
    ref_pattern: str = DEFAULT_REF_PATTERN  #: refCode of each period; {n} is the cycle number


class PlannedPeriod(NamedTuple):
    """One planned period: the values its wire object will carry.

    A light immutable record rather than a wire model, because validating a model per period costs
    more than planning it; each kind builds its models when periods enter a payload (a target
    group's: :func:`app.domain.target_groups.replan.wire_period`; a promotion's cycles:
    :mod:`app.domain.promotions.cycles`).
    """

    ref_code: str
    start_date: str
    end_date: str
    period_status: PeriodStatus | None  #: None for a period wholly in the past

    @property
    def is_past(self) -> bool:
        """Whether the period ended before "now"; the operator should be told."""
        return self.period_status is None


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
) -> list[PlannedPeriod]:
    """Lay out the periods of ``request``.

    Args:
        request: what to plan.
        now: the moment statuses are derived from; a naive value is wall-clock time in the
            group's zone. Omitted, the current time is used.
        max_cycles: refuse plans with more cycles than this (``None``: no limit).

    Returns:
        The periods, first to last (light records; each kind makes its wire models of them).

    Raises:
        PlanError: the request cannot be planned; the message names the bad input.
    """
    zone = load_zone(request.time_zone)
    first_day, last_day = _check_request(request, zone, max_cycles)
    now_utc = _as_naive_utc(now, zone)
    utc_style = request.time_zone in _UTC_KEYS
    suffixes: dict[timedelta, str] = {}  # offset -> "+05:30"; a plan meets only a few offsets
    prefix, _, suffix = request.ref_pattern.partition("{n}")
    simple_pattern = "{" not in prefix + suffix and "}" not in prefix + suffix
    pattern = request.ref_pattern
    # With an end and no count, plan one period past the API's limit to know it was exceeded.
    limit = request.cycles or (max_cycles + 1 if max_cycles is not None else sys.maxsize)
    periods: list[PlannedPeriod] = []
    future = False  # once a period starts after now, every later one does too
    # Boundaries are naive local midnights; zone.utcoffset() reads one as wall-clock time
    # (fold=0: in a gap or a repeat, the offset in force just before the change).
    try:
        stop = datetime.max if last_day is None else datetime.combine(last_day, _MIDNIGHT) + _ONE_DAY
        starts = _cycle_starts(first_day, request.frequency_type, request.frequency)
        local = next(starts)
        offset = zone.utcoffset(local) or _ZERO
        start_utc = local - offset
        start_suffix = suffixes.get(offset) or suffixes.setdefault(offset, _offset_text(offset, utc_style))
        for number in range(1, limit + 1):
            if local >= stop:
                break
            following = next(starts)
            if following > stop:
                following = stop  # the last cycle is cut at the cycle end
            offset = zone.utcoffset(following) or _ZERO
            end_utc = following - offset
            end_suffix = suffixes.get(offset) or suffixes.setdefault(offset, _offset_text(offset, utc_style))
            if future:
                status: PeriodStatus | None = PeriodStatus.NOT_STARTED
            else:
                status = expected_status(start_utc, end_utc - _ONE_MS, now_utc)
                future = status is PeriodStatus.NOT_STARTED
            start_iso = local.date().isoformat()
            last = following - _ONE_DAY
            end_iso = start_iso if last == local else last.date().isoformat()
            periods.append(
                PlannedPeriod(
                    f"{prefix}{number}{suffix}" if simple_pattern else pattern.format(n=number),
                    f"{start_iso}T00:00:00.000{start_suffix}",
                    f"{end_iso}T23:59:59.999{end_suffix}",
                    status,
                )
            )
            local, start_utc, start_suffix = following, end_utc, end_suffix
    except OverflowError:
        raise PlanError("start", "The plan runs past the year 9999; plan fewer or shorter cycles.") from None
    if max_cycles is not None and len(periods) > max_cycles:
        raise PlanError("end", _too_many(max_cycles, request))
    return periods


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
    if not _is_whole(request.frequency) or request.frequency < 1:
        raise PlanError(
            "frequency", f"Units per cycle must be a whole number of at least 1, not {request.frequency}."
        )
    if (request.cycles is None) == (request.end is None):
        raise PlanError("cycles", "Give either a number of cycles or a cycle end, not both and not neither.")
    if request.cycles is not None:
        if not _is_whole(request.cycles) or request.cycles < 1:
            raise PlanError("cycles", f"The number of cycles must be at least 1, not {request.cycles}.")
        if max_cycles is not None and request.cycles > max_cycles:
            raise PlanError("cycles", _too_many(max_cycles, request))
    for name in ("start", "end"):
        value = getattr(request, name)
        if not isinstance(value, date) and (name == "start" or value is not None):
            raise PlanError(name, f"The cycle {name} must be a date or a date-time, not {value!r}.")
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
    """The operator's message for a plan longer than the API allows."""
    if request.cycles is not None:
        return f"{request.cycles} cycles is more than the API allows (at most {max_cycles})."
    return (
        f"The cycle end {request.end} gives more than {max_cycles} cycles, more than the API allows; "
        "choose an earlier end or longer cycles."
    )


def _cycle_starts(first: date, unit: FrequencyType, frequency: int) -> Iterator[datetime]:
    """Local midnight (naive) of the first day of every cycle, until the calendar overflows.

    Month-based starts are computed from the anchor each time, never from the previous
    start, so a clamped 28 February does not drag later cycles to the 28th.
    """
    days = _DAYS_PER_UNIT.get(unit)
    if days is not None:
        step = timedelta(days=days * frequency)
        local = datetime.combine(first, _MIDNIGHT)
        while True:
            yield local
            local += step
    months = _MONTHS_PER_UNIT[unit] * frequency
    base = first.year * 12 + first.month - 1
    k = 0
    while True:
        year, month0 = divmod(base + k * months, 12)
        if year > 9999:
            raise OverflowError("date out of range")
        yield datetime(year, month0 + 1, min(first.day, calendar.monthrange(year, month0 + 1)[1]))
        k += 1


def _is_whole(value: object) -> TypeGuard[int]:
    """An int that is not a bool (``True`` is not a count)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _local_date(value: date | datetime, zone: ZoneInfo) -> date:
    """The calendar date of ``value`` in ``zone`` (a naive date-time is already local)."""
    if isinstance(value, datetime):
        return value.astimezone(zone).date() if value.tzinfo is not None else value.date()
    return value


def _as_naive_utc(now: datetime | None, zone: ZoneInfo) -> datetime:
    """``now`` as naive UTC, the form the planner compares boundaries in."""
    if now is None:
        now = clock.now()
    elif now.tzinfo is None:
        now = now.replace(tzinfo=zone)
    return now.astimezone(UTC).replace(tzinfo=None)


def _offset_text(offset: timedelta, utc_style: bool) -> str:
    """``+05:30`` / ``-03:00`` (seconds only for historical offsets that have them), or ``Z`` for UTC zones."""
    return "Z" if utc_style else offset_text(offset, with_seconds=True)
