"""Properties of every plan, over random starts, zones, units, frequencies and counts.

Zones are drawn from the whole tz database, with the awkward ones drawn more often: DST
changes at 02:00 and at midnight, half-hour and 45-minute offsets, a 30-minute DST shift.
"""

from __future__ import annotations

import calendar
import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.enums import FrequencyType, PeriodStatus
from app.domain.planner import API_MAX_CYCLES, PlannedPeriod, PlanRequest, plan_periods

AWKWARD_ZONES = [
    "UTC",
    "Asia/Kolkata",  # +05:30
    "Asia/Kathmandu",  # +05:45
    "Australia/Adelaide",  # +09:30 / +10:30
    "Australia/Lord_Howe",  # DST moves the clock by 30 minutes
    "America/St_Johns",  # -03:30 / -02:30
    "Pacific/Chatham",  # +12:45 / +13:45
    "America/New_York",
    "Europe/Berlin",
    "America/Santiago",  # changes at midnight
    "America/Havana",  # changes at midnight
    "Asia/Beirut",  # changes at midnight
    "Africa/Casablanca",  # suspends DST for Ramadan
    "Asia/Tehran",  # +03:30, had DST until 2022
]
ZONES = st.one_of(st.sampled_from(AWKWARD_ZONES), st.sampled_from(sorted(available_timezones())))
UNITS = st.sampled_from([t for t in FrequencyType if t is not FrequencyType.CUSTOM])
STARTS = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
MS = timedelta(milliseconds=1)
MONTHS = {
    FrequencyType.MONTHLY: 1,
    FrequencyType.QUARTERLY: 3,
    FrequencyType.HALF_YEARLY: 6,
    FrequencyType.YEARLY: 12,
}


def instants(period: PlannedPeriod) -> tuple[datetime, datetime]:
    return datetime.fromisoformat(period.start_date), datetime.fromisoformat(period.end_date)


def local_day(instant: datetime, zone: ZoneInfo) -> date:
    return instant.astimezone(zone).date()


def assert_well_formed(periods: list[PlannedPeriod], zone: ZoneInfo, first: date, last: date | None) -> None:
    """Contiguous, non-overlapping, inside the window, every boundary at a local midnight."""
    assert periods
    for period in periods:
        assert period.start_date[10:23] == "T00:00:00.000"
        assert period.end_date[10:23] == "T23:59:59.999"
        start, end = instants(period)
        assert start < end
        # The boundaries really are the first and last millisecond of local days.
        assert local_day(start, zone) == date.fromisoformat(period.start_date[:10])
        assert local_day(start - MS, zone) == date.fromisoformat(period.start_date[:10]) - timedelta(days=1)
        assert local_day(end, zone) == date.fromisoformat(period.end_date[:10])
        assert local_day(end + MS, zone) == date.fromisoformat(period.end_date[:10]) + timedelta(days=1)
    for before, after in itertools.pairwise(periods):
        assert instants(after)[0] - instants(before)[1] == MS  # no gap, no overlap
    assert periods[0].start_date[:10] == first.isoformat()
    if last is not None:
        assert periods[-1].end_date[:10] == last.isoformat()
    assert len({p.ref_code for p in periods}) == len(periods)


def assert_cycle_lengths(
    periods: list[PlannedPeriod], unit: FrequencyType, frequency: int, first: date
) -> None:
    """Day-based cycles are N units long; month-based ones start on the clamped anchor day."""
    full = periods[:-1]  # the last one may be cut at the end date
    if unit in (FrequencyType.DAILY, FrequencyType.WEEKLY):
        days = frequency * (7 if unit is FrequencyType.WEEKLY else 1)
        for period in full:
            span = date.fromisoformat(period.end_date[:10]) - date.fromisoformat(period.start_date[:10])
            assert span == timedelta(days=days - 1)
        return
    for k, period in enumerate(periods):
        year, month0 = divmod(first.year * 12 + first.month - 1 + k * MONTHS[unit] * frequency, 12)
        anchor = min(first.day, calendar.monthrange(year, month0 + 1)[1])
        assert period.start_date[:10] == date(year, month0 + 1, anchor).isoformat()


@settings(max_examples=200, deadline=None)
@given(
    start=STARTS,
    zone=ZONES,
    unit=UNITS,
    frequency=st.integers(min_value=1, max_value=12),
    cycles=st.integers(min_value=1, max_value=API_MAX_CYCLES),
)
def test_a_plan_by_count(start: date, zone: str, unit: FrequencyType, frequency: int, cycles: int) -> None:
    periods = plan_periods(
        PlanRequest(start=start, cycles=cycles, frequency_type=unit, frequency=frequency, time_zone=zone),
        datetime(1990, 1, 1, tzinfo=UTC),
    )

    assert len(periods) == cycles
    assert_well_formed(periods, ZoneInfo(zone), start, None)
    assert_cycle_lengths(periods, unit, frequency, start)


@settings(max_examples=200, deadline=None)
@given(
    start=STARTS,
    length=st.integers(min_value=0, max_value=3 * 366),
    zone=ZONES,
    unit=UNITS,
    frequency=st.integers(min_value=1, max_value=6),
)
def test_a_plan_by_end_date(start: date, length: int, zone: str, unit: FrequencyType, frequency: int) -> None:
    end = start + timedelta(days=length)
    request = PlanRequest(start=start, end=end, frequency_type=unit, frequency=frequency, time_zone=zone)
    periods = plan_periods(request, datetime(1990, 1, 1, tzinfo=UTC), max_cycles=None)

    assert_well_formed(periods, ZoneInfo(zone), start, end)
    assert_cycle_lengths(periods, unit, frequency, start)
    # The same plan by count has the same periods, except that the end cuts the last one.
    by_count = plan_periods(
        PlanRequest(
            start=start, cycles=len(periods), frequency_type=unit, frequency=frequency, time_zone=zone
        ),
        datetime(1990, 1, 1, tzinfo=UTC),
        max_cycles=None,
    )
    assert [p.start_date for p in by_count] == [p.start_date for p in periods]
    assert by_count[-1].end_date[:10] >= end.isoformat()


@settings(max_examples=200, deadline=None)
@given(
    start=STARTS,
    zone=ZONES,
    unit=UNITS,
    cycles=st.integers(min_value=1, max_value=40),
    offset_hours=st.integers(min_value=-24 * 30, max_value=24 * 3 * 366),
)
def test_statuses_follow_now(
    start: date, zone: str, unit: FrequencyType, cycles: int, offset_hours: int
) -> None:
    now = datetime(start.year, start.month, start.day, tzinfo=ZoneInfo(zone)) + timedelta(hours=offset_hours)
    periods = plan_periods(PlanRequest(start=start, cycles=cycles, frequency_type=unit, time_zone=zone), now)

    for period in periods:
        first, last = instants(period)
        if last < now:
            assert period.period_status is None
        elif first <= now:
            assert period.period_status is PeriodStatus.RUNNING
        else:
            assert period.period_status is PeriodStatus.NOT_STARTED
    assert sum(p.period_status is PeriodStatus.RUNNING for p in periods) <= 1
