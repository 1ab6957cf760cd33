"""Placeholders: what "New from template" asks for and how it fills a new group."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from app.domain.placeholders import (
    Placeholder,
    PlaceholderError,
    PlaceholderFormatError,
    PlaceholderKind,
    PlanRole,
    check_path,
    current_value,
    fill_template,
    parse_placeholders,
    suggested_placeholders,
)
from app.domain.target_groups.models import TargetGroup
from app.domain.target_groups.plan import infer_ref_pattern
from app.domain.target_groups.validate import validate_group

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

STANDARD = [
    {"key": "name", "label": "Group name", "kind": "text", "path": "name", "required": True},
    {"key": "start", "label": "First cycle starts", "kind": "date", "plan": "start"},
    {"key": "cycles", "label": "Number of cycles", "kind": "int", "plan": "cycles"},
    {
        "key": "value",
        "label": "Target value",
        "kind": "number",
        "path": "targets[*].defaultValues[*].defaultValue",
    },
]


def leaderboard_group() -> TargetGroup:
    """The spec's monthly leaderboard example: MONTHLY, refCodes TP1, TP2, no time zone."""
    raw = json.loads((FIXTURES / "request-fixed-window-milestone-monthly-leaderboard.json").read_text())
    return TargetGroup.model_validate(raw)


def kolkata_monthly(cycles: int = 3) -> TargetGroup:
    periods = [
        {
            "refCode": f"Month {n}",
            "startDate": f"2027-0{n}-01T00:00:00.000+05:30",
            "endDate": f"2027-0{n}-28T23:59:59.999+05:30",
        }
        for n in range(1, cycles + 1)
    ]
    return TargetGroup.model_validate(
        {
            "name": "Template group",
            "trackingType": "DEFAULT",
            "targetEvaluationType": "FIXED_CALENDAR_WINDOW",
            "frequencyType": "MONTHLY",
            "frequency": 1,
            "timeZoneName": "Asia/Kolkata",
            "totalPeriods": cycles,
            "periods": periods,
            "targets": [{"name": "t", "defaultValues": [{"defaultValue": 10}] * cycles}],
        }
    )


def test_a_new_start_date_replans_every_period_from_that_day_keeping_the_ref_code_pattern() -> None:
    template = leaderboard_group()
    filled = fill_template(
        template, parse_placeholders(STANDARD), {"name": "Q2 spend", "start": "2027-04-01"}, now=NOW
    )
    group = filled.group
    assert group.name == "Q2 spend"
    assert [p.ref_code for p in group.periods or []] == ["TP1", "TP2"]
    assert [p.start_date for p in group.periods or []] == [
        "2027-04-01T00:00:00.000Z",
        "2027-05-01T00:00:00.000Z",
    ]
    assert (group.periods or [])[-1].end_date == "2027-05-31T23:59:59.999Z"
    # fromDate/toDate and the old cycle fields move with the plan, so nothing is left behind.
    assert group.from_date == "2027-04-01T00:00:00.000Z"
    assert group.target_cycle_end_date == "2027-05-31T23:59:59.999Z"
    assert [p.code for p in validate_group(group, NOW) if p.is_error] == []


def test_more_cycles_add_periods_and_the_value_placeholder_reaches_the_new_ones() -> None:
    filled = fill_template(
        leaderboard_group(),
        parse_placeholders(STANDARD),
        {"name": "Year", "start": "2027-01-01", "cycles": "12", "value": "750"},
        now=NOW,
    )
    group = filled.group
    assert len(group.periods or []) == 12
    assert group.total_periods == 12 and group.recurring_cycles == 12
    values = [v.default_value for v in (group.targets or [])[0].default_values or []]
    assert values == [750] * 12
    assert any("Planned 12 periods" in line for line in filled.messages)
    assert [p.code for p in validate_group(group, NOW) if p.is_error] == []


def test_the_template_group_itself_is_never_changed() -> None:
    template = kolkata_monthly()
    before = template.to_json()
    fill_template(template, parse_placeholders(STANDARD), {"name": "x", "start": "2028-02-01", "cycles": 5})
    assert template.to_json() == before


def test_the_start_is_read_in_the_groups_zone_and_offered_as_the_current_value() -> None:
    group = kolkata_monthly()
    placeholders = parse_placeholders(STANDARD)
    assert current_value(group, placeholders[1]) == date(2027, 1, 1)
    assert current_value(group, placeholders[2]) == 3
    assert current_value(group, placeholders[3]) == 10
    assert current_value(group, placeholders[0]) == "Template group"


def test_a_zone_is_kept_when_replanning() -> None:
    filled = fill_template(
        kolkata_monthly(), parse_placeholders(STANDARD), {"name": "n", "start": "2027-06-15"}
    )
    first = (filled.group.periods or [])[0]
    assert first.start_date == "2027-06-15T00:00:00.000+05:30"
    assert first.end_date == "2027-07-14T23:59:59.999+05:30"
    assert [p.ref_code for p in filled.group.periods or []] == ["Month 1", "Month 2", "Month 3"]


def test_every_bad_value_is_reported_by_key_at_once() -> None:
    with pytest.raises(PlaceholderError) as caught:
        fill_template(
            leaderboard_group(),
            parse_placeholders(STANDARD),
            {"start": "1st of April", "cycles": "500", "value": "lots", "colour": "red"},
        )
    problems = caught.value.problems
    assert set(problems) == {"name", "start", "cycles", "value", "colour"}
    assert "required" in problems["name"]
    assert "YYYY-MM-DD" in problems["start"]
    assert "1 to 100" in problems["cycles"]
    assert "not a number" in problems["value"]
    assert "no placeholder 'colour'" in problems["colour"]


@pytest.mark.parametrize("text", ["-5", "nan", "inf", "true"])
def test_a_number_placeholder_refuses_negative_and_non_finite_values(text: str) -> None:
    with pytest.raises(PlaceholderError):
        fill_template(leaderboard_group(), parse_placeholders(STANDARD), {"name": "n", "value": text})


def test_omitted_values_keep_the_template_or_take_the_default() -> None:
    placeholders = parse_placeholders(
        [
            *STANDARD[:1],
            {"key": "desc", "label": "About", "kind": "text", "path": "description", "default": "Hi"},
        ]
    )
    filled = fill_template(leaderboard_group(), placeholders, {"name": "Kept"})
    assert filled.group.description == "Hi"
    assert len(filled.group.periods or []) == 2  # no plan placeholder given: periods untouched
    assert (filled.group.periods or [])[0].start_date == "2024-08-20"


def test_custom_periods_cannot_be_replanned_and_say_so() -> None:
    custom = TargetGroup.model_validate({**leaderboard_group().to_wire(), "frequencyType": "CUSTOM"})
    with pytest.raises(PlaceholderError) as caught:
        fill_template(custom, parse_placeholders(STANDARD), {"name": "n", "start": "2027-01-01"})
    assert "CUSTOM" in caught.value.problems["start"]


def test_a_text_value_for_a_number_field_is_refused_with_where() -> None:
    placeholders = parse_placeholders([{"key": "till", "kind": "text", "path": "preferredTillId"}])
    with pytest.raises(PlaceholderError) as caught:
        fill_template(leaderboard_group(), placeholders, {"till": "main store"})
    assert "preferredTillId" in str(caught.value)


def test_a_path_into_a_missing_object_creates_it() -> None:
    placeholders = parse_placeholders(
        [
            {
                "key": "currency",
                "kind": "text",
                "path": "targets[0].extendedFieldInfo.alternateCurrencyIdentifier",
            }
        ]
    )
    group = TargetGroup.model_validate({"name": "g", "targets": [{"name": "t"}]})
    filled = fill_template(group, placeholders, {"currency": "DocCoin"})
    info = (filled.group.targets or [])[0].extended_field_info
    assert info is not None and info.alternate_currency_identifier == "DocCoin"


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("not a list", "must be a list"),
        (
            [{"key": "a", "kind": "text", "path": "name"}, {"key": "a", "kind": "text", "path": "name"}],
            "twice",
        ),
        ([{"key": "1a", "kind": "text", "path": "name"}], "must start with a letter"),
        ([{"key": "a", "kind": "colour", "path": "name"}], "not one of"),
        ([{"key": "a", "kind": "text", "path": "targets[*].colour"}], "'colour' is not a field"),
        ([{"key": "a", "kind": "text", "path": "targets"}], "names an object or a list"),
        ([{"key": "a", "kind": "text"}], "needs a 'path'"),
        ([{"key": "a", "kind": "text", "plan": "start"}], "needs kind 'date'"),
        ([{"key": "a", "kind": "date", "plan": "start", "path": "name"}], "both"),
        (
            [{"key": "a", "kind": "date", "plan": "start"}, {"key": "b", "kind": "date", "plan": "start"}],
            "only one",
        ),
        ([{"key": "a", "kind": "number", "path": "name", "default": "x"}], "default"),
        ([{"key": "a", "kind": "text", "path": "name", "required": "yes"}], "true or false"),
    ],
)
def test_malformed_placeholder_definitions_are_refused_with_the_reason(raw: Any, words: str) -> None:
    with pytest.raises(PlaceholderFormatError, match=words):
        parse_placeholders(raw)


def test_placeholders_round_trip_through_their_file_form() -> None:
    placeholders = parse_placeholders(STANDARD)
    assert parse_placeholders([p.to_json() for p in placeholders]) == placeholders


@pytest.mark.parametrize(
    ("path", "ok"),
    [
        ("name", True),
        ("targets[*].defaultValues[*].defaultValue", True),
        ("targets[0].extendedFieldInfo.programId", True),
        ("targets[*].filters[*].entityIds[*]", True),
        ("periods[x].refCode", False),
        ("targets..name", False),
        ("[0].name", False),
        ("targets[*]", False),
    ],
)
def test_check_path(path: str, ok: bool) -> None:
    assert (check_path(path, TargetGroup) is None) is ok


@pytest.mark.parametrize(
    ("codes", "pattern"),
    [
        (["TP1", "TP2"], "TP{n}"),
        (["Cycle_1"], "Cycle_{n}"),
        (["W1x", "W2x"], "W{n}x"),
        (["A", "B"], "Cycle_{n}"),
        (["P1", "P3"], "Cycle_{n}"),
        (["{1}"], "Cycle_{n}"),
    ],
)
def test_the_ref_code_pattern_is_inferred_only_from_numbered_codes(codes: list[str], pattern: str) -> None:
    group = TargetGroup.model_validate({"periods": [{"refCode": c} for c in codes]})
    assert infer_ref_pattern(group) == pattern


def test_suggestions_offer_replanning_only_for_calendar_units() -> None:
    assert [p.key for p in suggested_placeholders(leaderboard_group())] == ["name", "start", "cycles"]
    custom = TargetGroup.model_validate({**leaderboard_group().to_wire(), "frequencyType": "CUSTOM"})
    assert [p.key for p in suggested_placeholders(custom)] == ["name"]
    start = suggested_placeholders(leaderboard_group())[1]
    assert start == Placeholder(
        start.key, start.label, PlaceholderKind.DATE, plan=PlanRole.START, help=start.help
    )
