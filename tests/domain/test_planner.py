"""Worked cases of the period planner: real examples, month ends, DST changes, leap days, re-planning."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.domain.enums import FrequencyType, PeriodStatus
from app.domain.planner import (
    API_MAX_CYCLES,
    PlanError,
    PlannedPeriod,
    PlanRequest,
    plan_periods,
)
from app.domain.target_groups.models import TargetGroup
from app.domain.target_groups.replan import apply_plan, wire_period

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
UCC = "request-UCCtesttarget2-user-created-daily.json"
FAR_PAST = datetime(2000, 1, 1, tzinfo=UTC)  # "now" before every plan here: all NOT_STARTED
MS = timedelta(milliseconds=1)

MONTHLY = FrequencyType.MONTHLY
DAILY = FrequencyType.DAILY
WEEKLY = FrequencyType.WEEKLY
YEARLY = FrequencyType.YEARLY


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def spans(periods: list[PlannedPeriod]) -> list[tuple[str, str]]:
    return [(p.start_date, p.end_date) for p in periods]


def plan(now: datetime = FAR_PAST, **kwargs: Any) -> list[PlannedPeriod]:
    return plan_periods(PlanRequest(**kwargs), now)


# --- worked cases ---------------------------------------------------------------------------


def test_reproduces_the_daily_periods_of_the_ucc_example() -> None:
    wire = fixture(UCC)["periods"]
    now = datetime(2024, 10, 8, 9, 30, tzinfo=UTC)  # during the first day, as the example's statuses say

    planned = plan(now, start=date(2024, 10, 8), cycles=4, frequency_type=DAILY, time_zone="UTC")

    expected = [(p["startDate"], p["endDate"], p["refCode"], p["periodStatus"]) for p in wire]
    got = [(p.start_date, p.end_date, p.ref_code, p.period_status) for p in planned]
    assert got == expected
    assert got[0][0] == "2024-10-08T00:00:00.000Z"


def test_monthly_from_31_january_keeps_the_anchor_and_clamps_to_month_ends() -> None:
    planned = plan(start=date(2024, 1, 31), cycles=5, frequency_type=MONTHLY, time_zone="Asia/Kolkata")

    assert spans(planned) == [
        ("2024-01-31T00:00:00.000+05:30", "2024-02-28T23:59:59.999+05:30"),
        ("2024-02-29T00:00:00.000+05:30", "2024-03-30T23:59:59.999+05:30"),  # leap day, then back to 31
        ("2024-03-31T00:00:00.000+05:30", "2024-04-29T23:59:59.999+05:30"),
        ("2024-04-30T00:00:00.000+05:30", "2024-05-30T23:59:59.999+05:30"),
        ("2024-05-31T00:00:00.000+05:30", "2024-06-29T23:59:59.999+05:30"),
    ]


def test_monthly_from_31_january_in_a_common_year_lands_on_28_february() -> None:
    planned = plan(start=date(2025, 1, 31), cycles=2, frequency_type=MONTHLY, time_zone="UTC")

    assert [p.start_date[:10] for p in planned] == ["2025-01-31", "2025-02-28"]
    assert planned[0].end_date.startswith("2025-02-27T23:59:59.999")


def test_twelve_monthly_cycles_from_1_january_india_time() -> None:
    planned = plan(start=date(2026, 1, 1), cycles=12, frequency_type=MONTHLY, time_zone="Asia/Kolkata")

    assert len(planned) == 12
    assert planned[0].start_date == "2026-01-01T00:00:00.000+05:30"
    assert planned[1].start_date == "2026-02-01T00:00:00.000+05:30"
    assert planned[-1].end_date == "2026-12-31T23:59:59.999+05:30"
    assert [p.ref_code for p in planned] == [f"Cycle_{n}" for n in range(1, 13)]


def test_weekly_across_the_us_spring_change_keeps_midnight_and_changes_the_offset() -> None:
    # New York moves from -05:00 to -04:00 at 02:00 on Sunday 8 March 2026.
    planned = plan(start=date(2026, 3, 2), cycles=2, frequency_type=WEEKLY, time_zone="America/New_York")

    assert spans(planned) == [
        ("2026-03-02T00:00:00.000-05:00", "2026-03-08T23:59:59.999-04:00"),
        ("2026-03-09T00:00:00.000-04:00", "2026-03-15T23:59:59.999-04:00"),
    ]
    first = datetime.fromisoformat(planned[0].end_date) - datetime.fromisoformat(planned[0].start_date)
    assert first == timedelta(days=7, hours=-1) - MS  # the week that loses an hour


def test_weekly_across_the_eu_autumn_change_keeps_midnight_and_changes_the_offset() -> None:
    # Berlin moves from +02:00 to +01:00 at 03:00 on Sunday 25 October 2026.
    planned = plan(start=date(2026, 10, 19), cycles=2, frequency_type=WEEKLY, time_zone="Europe/Berlin")

    assert spans(planned) == [
        ("2026-10-19T00:00:00.000+02:00", "2026-10-25T23:59:59.999+01:00"),
        ("2026-10-26T00:00:00.000+01:00", "2026-11-01T23:59:59.999+01:00"),
    ]
    first = datetime.fromisoformat(planned[0].end_date) - datetime.fromisoformat(planned[0].start_date)
    assert first == timedelta(days=7, hours=1) - MS  # the week that gains an hour


def test_a_zone_that_changes_clocks_at_midnight_still_gives_contiguous_days() -> None:
    # Santiago skips from 00:00 to 01:00 on 6 September 2026: that day's midnight does not exist.
    planned = plan(start=date(2026, 9, 5), cycles=3, frequency_type=DAILY, time_zone="America/Santiago")

    assert [p.start_date[10:23] for p in planned] == ["T00:00:00.000"] * 3
    for before, after in itertools.pairwise(planned):
        gap = datetime.fromisoformat(after.start_date) - datetime.fromisoformat(before.end_date)
        assert gap == MS


def test_yearly_from_29_february_returns_to_29_february_in_the_next_leap_year() -> None:
    planned = plan(start=date(2024, 2, 29), cycles=5, frequency_type=YEARLY, time_zone="UTC")

    assert [p.start_date[:10] for p in planned] == [
        "2024-02-29",
        "2025-02-28",
        "2026-02-28",
        "2027-02-28",
        "2028-02-29",
    ]
    assert planned[3].end_date == "2028-02-28T23:59:59.999Z"


def test_quarterly_and_half_yearly_and_multi_unit_cycles() -> None:
    quarters = plan(start=date(2026, 1, 1), cycles=4, frequency_type=FrequencyType.QUARTERLY, time_zone="UTC")
    halves = plan(start=date(2026, 1, 1), cycles=2, frequency_type=FrequencyType.HALF_YEARLY, time_zone="UTC")
    ten_days = plan(start=date(2026, 1, 1), cycles=2, frequency_type=DAILY, frequency=10, time_zone="UTC")

    assert [p.start_date[:10] for p in quarters] == ["2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"]
    assert [p.end_date[:10] for p in halves] == ["2026-06-30", "2026-12-31"]
    assert spans(ten_days)[1] == ("2026-01-11T00:00:00.000Z", "2026-01-20T23:59:59.999Z")


def test_with_an_end_the_last_cycle_is_cut_at_the_end_date() -> None:
    planned = plan(start=date(2026, 1, 15), end=date(2026, 4, 10), frequency_type=MONTHLY, time_zone="UTC")

    assert [(p.start_date[:10], p.end_date[:10]) for p in planned] == [
        ("2026-01-15", "2026-02-14"),
        ("2026-02-15", "2026-03-14"),
        ("2026-03-15", "2026-04-10"),
    ]


def test_an_end_on_a_cycle_boundary_gives_whole_cycles_only() -> None:
    planned = plan(start=date(2026, 1, 1), end=date(2026, 3, 31), frequency_type=MONTHLY, time_zone="UTC")

    assert [p.end_date[:10] for p in planned] == ["2026-01-31", "2026-02-28", "2026-03-31"]


def test_a_start_with_a_time_of_day_uses_that_date_in_the_groups_zone() -> None:
    evening_utc = datetime(2025, 12, 31, 20, 0, tzinfo=UTC)  # already 1 January in India
    planned = plan(start=evening_utc, cycles=1, frequency_type=DAILY, time_zone="Asia/Kolkata")

    assert planned[0].start_date == "2026-01-01T00:00:00.000+05:30"


def test_ref_pattern_numbers_each_period() -> None:
    planned = plan(
        start=date(2026, 1, 1), cycles=3, frequency_type=MONTHLY, time_zone="UTC", ref_pattern="M{n:02d}-2026"
    )

    assert [p.ref_code for p in planned] == ["M01-2026", "M02-2026", "M03-2026"]


# --- statuses -------------------------------------------------------------------------------


def test_statuses_follow_now_and_a_past_period_gets_no_status() -> None:
    now = datetime(2026, 2, 10, 12, 0, tzinfo=UTC)
    planned = plan(now, start=date(2026, 1, 1), cycles=3, frequency_type=MONTHLY, time_zone="Asia/Kolkata")

    assert [p.period_status for p in planned] == [None, PeriodStatus.RUNNING, PeriodStatus.NOT_STARTED]
    assert [p.is_past for p in planned] == [True, False, False]
    assert "periodStatus" not in wire_period(planned[0]).to_wire()  # left out, not sent as null


def test_a_naive_now_is_wall_clock_time_in_the_groups_zone() -> None:
    # 23:30 on 31 January in India; read as UTC it would already be 1 February there.
    now = datetime(2026, 1, 31, 23, 30)
    planned = plan(now, start=date(2026, 1, 1), cycles=2, frequency_type=MONTHLY, time_zone="Asia/Kolkata")

    assert [p.period_status for p in planned] == [PeriodStatus.RUNNING, PeriodStatus.NOT_STARTED]


def test_the_first_millisecond_of_a_period_makes_it_running() -> None:
    now = datetime.fromisoformat("2026-02-01T00:00:00.000+05:30")
    planned = plan(now, start=date(2026, 1, 1), cycles=2, frequency_type=MONTHLY, time_zone="Asia/Kolkata")

    assert [p.period_status for p in planned] == [None, PeriodStatus.RUNNING]


def test_without_now_the_current_time_is_used() -> None:
    planned = plan_periods(
        PlanRequest(start=date(2001, 1, 1), cycles=2, frequency_type=YEARLY, time_zone="UTC")
    )
    assert all(p.is_past for p in planned)


# --- bad input ------------------------------------------------------------------------------

_BASE: dict[str, Any] = {"start": date(2026, 1, 1), "frequency_type": MONTHLY, "time_zone": "Asia/Kolkata"}


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"end": date(2025, 12, 31)}, "end", "before the cycle start"),
        ({"cycles": 0}, "cycles", "at least 1"),
        ({"cycles": -3}, "cycles", "at least 1"),
        ({"cycles": 12, "time_zone": "Asia/Calcutta "}, "time_zone", "Unknown time zone"),
        ({"cycles": 12, "time_zone": "Mars/Olympus_Mons"}, "time_zone", "Unknown time zone"),
        ({"cycles": 12, "time_zone": "Asia"}, "time_zone", "Unknown time zone"),
        ({"cycles": API_MAX_CYCLES + 1}, "cycles", "more than the API allows"),
        ({"end": date(2035, 1, 1)}, "end", "more than the API allows"),
        ({"cycles": 3, "end": date(2026, 6, 1)}, "cycles", "either"),
        ({}, "cycles", "either"),
        ({"cycles": 3, "frequency_type": FrequencyType.CUSTOM}, "frequency_type", "by hand"),
        ({"cycles": 3, "frequency": 0}, "frequency", "at least 1"),
        ({"cycles": 3, "ref_pattern": "Cycle"}, "ref_pattern", "{n}"),
        ({"cycles": 3, "ref_pattern": "Cycle_{x}"}, "ref_pattern", "{n}"),
        ({"cycles": 3, "ref_pattern": "Cycle_{n"}, "ref_pattern", "{n}"),
        ({"cycles": 3, "start": "2026-01-01"}, "start", "date"),
        ({"cycles": 3, "start": date(9999, 12, 1)}, "start", "9999"),
    ],
)
def test_bad_requests_are_refused_with_a_message_naming_the_input(
    changes: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(PlanError) as caught:
        plan(**{**_BASE, **changes})
    assert caught.value.field == field
    assert words in str(caught.value)


def test_the_api_limit_can_be_lifted_for_bulk_planning() -> None:
    request = PlanRequest(start=date(2026, 1, 1), cycles=3660, frequency_type=DAILY, time_zone="UTC")
    planned = plan_periods(request, FAR_PAST, max_cycles=None)

    assert len(planned) == 3660
    assert planned[-1].end_date == "2036-01-08T23:59:59.999Z"


# --- re-planning a group with targets -------------------------------------------------------


def _group(values: list[list[Any]] | None = None, **extra: Any) -> TargetGroup:
    wire = fixture(UCC)
    wire.update(extra)
    if values is not None:
        template = wire["targets"][0]
        wire["targets"] = [
            {**template, "name": f"t{i}", "defaultValues": [{"defaultValue": v} for v in vals]}
            for i, vals in enumerate(values)
        ]
    return TargetGroup.model_validate(wire)


def _values(group: TargetGroup, target: int = 0) -> list[Any]:
    return [v.default_value for v in (group.targets or [])[target].default_values or []]


def _monthly(cycles: int) -> PlanRequest:
    return PlanRequest(
        start=date(2027, 1, 1), cycles=cycles, frequency_type=MONTHLY, time_zone="Asia/Kolkata"
    )


def test_replanning_sets_the_groups_cycle_fields_consistently() -> None:
    report = apply_plan(_group(), _monthly(12), FAR_PAST)
    wire = report.group.to_wire()

    assert wire["totalPeriods"] == wire["recurringCycles"] == len(wire["periods"]) == 12
    assert (wire["frequencyType"], wire["frequency"], wire["timeZoneName"]) == ("MONTHLY", 1, "Asia/Kolkata")
    assert (
        wire["targetCycleStartDateISO"] == wire["periods"][0]["startDate"] == "2027-01-01T00:00:00.000+05:30"
    )
    assert wire["targetCycleEndDateISO"] == wire["periods"][-1]["endDate"] == "2027-12-31T23:59:59.999+05:30"


def test_replanning_keeps_what_the_operator_wrote_about_each_period() -> None:
    group = _group()
    periods = group.periods or []
    periods[0].description = "Launch week"
    periods[1].active = False
    report = apply_plan(group, _monthly(6), FAR_PAST)
    wire = report.group.to_wire()["periods"]
    assert wire[0]["description"] == "Launch week"
    assert wire[1]["active"] is False
    assert [p.get("active") for p in wire[2:]] == [True] * 4
    assert "description" not in wire[5]


def test_replanning_leaves_the_original_group_untouched() -> None:
    group = _group()
    before = group.to_wire()

    apply_plan(group, _monthly(12), FAR_PAST)

    assert group.to_wire() == before


def test_added_periods_repeat_each_targets_last_value() -> None:
    report = apply_plan(_group([[10, 20], [5, 5]]), _monthly(5), FAR_PAST)

    assert _values(report.group, 0) == [10, 20, 20, 20, 20]
    assert _values(report.group, 1) == [5, 5, 5, 5, 5]
    assert [(t.added, t.dropped) for t in report.targets] == [(3, 0), (3, 0)]
    assert (report.added, report.dropped) == (6, 0)
    assert report.messages()[1] == "Target 't0': 3 values added (filled with 20), 0 dropped."


def test_added_periods_get_the_operators_fill_value_when_given() -> None:
    report = apply_plan(_group([[10, 20]]), _monthly(4), FAR_PAST, fill_value=99)

    assert _values(report.group) == [10, 20, 99, 99]


def test_removed_periods_drop_their_values_from_the_end() -> None:
    report = apply_plan(_group([[10, 20, 30, 40]]), _monthly(2), FAR_PAST)

    assert _values(report.group) == [10, 20]
    assert (report.added, report.dropped) == (0, 2)
    assert "0 values added, 2 dropped" in report.messages()[1]


def test_a_target_with_no_values_and_no_fill_value_is_reported_unfilled() -> None:
    report = apply_plan(_group([[]]), _monthly(3), FAR_PAST)

    assert _values(report.group) == []
    assert report.targets[0].unfilled == 3
    assert "3 periods have no target value" in report.messages()[1]


def test_added_values_do_not_copy_the_ids_of_existing_values() -> None:
    wire = fixture(UCC)
    wire["targets"][0]["defaultValues"] = [{"id": 7, "periodId": 70, "defaultValue": 3}]
    report = apply_plan(TargetGroup.model_validate(wire), _monthly(2), FAR_PAST)

    assert report.group.to_wire()["targets"][0]["defaultValues"] == [
        {"id": 7, "periodId": 70, "defaultValue": 3},
        {"defaultValue": 3},
    ]


def test_milestone_dates_follow_the_plan_only_when_the_group_has_them() -> None:
    with_dates = apply_plan(_group(fromDate="2020-01-01", toDate="2020-02-01"), _monthly(2), FAR_PAST)
    without = apply_plan(_group(), _monthly(2), FAR_PAST)

    assert with_dates.group.from_date == "2027-01-01T00:00:00.000+05:30"
    assert with_dates.group.to_date == "2027-02-28T23:59:59.999+05:30"
    assert "fromDate" not in without.group.to_wire()


def test_a_refused_plan_changes_nothing() -> None:
    group = _group()
    before = group.to_wire()

    with pytest.raises(PlanError):
        apply_plan(
            group, PlanRequest(start=date(2026, 1, 1), cycles=0, frequency_type=DAILY, time_zone="UTC")
        )
    assert group.to_wire() == before


# --- the rules agree with the planner (needs app.domain.validate) ---------------------------


@pytest.mark.parametrize(
    ("frequency_type", "frequency", "zone", "cycles"),
    [
        (MONTHLY, 1, "Asia/Kolkata", 12),
        (DAILY, 1, "UTC", 100),
        (WEEKLY, 2, "America/New_York", 30),
        (FrequencyType.QUARTERLY, 1, "Europe/Berlin", 8),
        (YEARLY, 1, "Australia/Adelaide", 3),
    ],
)
def test_a_planned_payload_validates_with_no_errors(
    frequency_type: FrequencyType, frequency: int, zone: str, cycles: int
) -> None:
    from app.domain.target_groups.validate import validate_group

    now = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    request = PlanRequest(
        start=date(2027, 1, 31),
        cycles=cycles,
        frequency_type=frequency_type,
        frequency=frequency,
        time_zone=zone,
    )
    group = apply_plan(_group([[100, 200]]), request, now).group

    problems = validate_group(group, now)
    assert [p for p in problems if p.is_error] == []
    assert not [p for p in problems if p.path.startswith(("periods", "totalPeriods", "recurringCycles"))]


def test_the_rules_report_a_planned_period_that_is_already_over() -> None:
    from app.domain.target_groups.validate import validate_group

    now = datetime(2027, 2, 10, tzinfo=UTC)
    group = apply_plan(_group(), _monthly(3), now).group

    past = [p for p in validate_group(group, now) if p.path.startswith("periods[0]")]
    assert [p.rule for p in past] == ["period-in-past"]
