"""Compare: a readable field-by-field diff of two payloads."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.diff import Change, ChangeKind, diff_models, diff_payloads, format_diff, merge3
from app.domain.target_groups.models import TargetGroup

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def example() -> dict[str, Any]:
    return json.loads((FIXTURES / "request-UCCtesttarget2-user-created-daily.json").read_text())


def lines(old: Any, new: Any) -> list[str]:
    return [change.describe() for change in diff_payloads(old, new)]


def test_identical_payloads_have_no_differences() -> None:
    assert diff_payloads(example(), example()) == []
    assert format_diff([]) == "No differences."


def test_a_changed_period_date_reads_as_path_old_arrow_new() -> None:
    new = example()
    new["periods"][2]["endDate"] = "2024-10-12T23:59:59.999Z"
    assert lines(example(), new) == [
        'periods[2].endDate: "2024-10-10T23:59:59.999Z" → "2024-10-12T23:59:59.999Z"'
    ]


def test_added_and_removed_fields_are_named() -> None:
    new = example()
    del new["description"]
    new["leaderboardEnabled"] = True
    assert lines(example(), new) == ["leaderboardEnabled: added true", 'description: removed (was "Opp")']


def test_a_period_inserted_at_the_top_is_one_addition_not_every_period_changed() -> None:
    new = example()
    new["periods"].insert(0, {"refCode": "Cycle_0", "startDate": "2024-10-07", "endDate": "2024-10-07"})
    changes = diff_payloads(example(), new)
    assert [(c.path, c.kind) for c in changes] == [("periods[0]", ChangeKind.ADDED)]


def test_a_removed_last_period_is_numbered_as_in_the_old_payload() -> None:
    new = example()
    new["periods"].pop()
    new["targets"][0]["defaultValues"].pop()
    changes = diff_payloads(example(), new)
    assert [(c.path, c.kind) for c in changes] == [
        ("periods[3]", ChangeKind.REMOVED),
        ("targets[0].defaultValues[3]", ChangeKind.REMOVED),
    ]
    assert changes[0].old["refCode"] == "Cycle_4"


def test_one_edited_value_among_equal_ones_is_reported_in_place() -> None:
    new = example()
    new["targets"][0]["defaultValues"][1]["defaultValue"] = 5
    assert lines(example(), new) == ['targets[0].defaultValues[1].defaultValue: "1.00" → 5']


def test_numbers_compare_by_value_but_true_is_not_one() -> None:
    assert diff_payloads({"a": 1, "b": [2]}, {"a": 1.0, "b": [2.0]}) == []
    assert diff_payloads({"a": 1}, {"a": True}) == [Change("a", ChangeKind.CHANGED, 1, True)]


def test_long_values_are_cut_for_reading() -> None:
    text = lines({"description": "a" * 300}, {"description": "b"})[0]
    assert len(text) < 200 and "…" in text


def test_comparing_models_ignores_how_numbers_were_written() -> None:
    old = TargetGroup.model_validate(example())
    changed = copy.deepcopy(example())
    for item in changed["targets"][0]["defaultValues"]:
        item["defaultValue"] = 1
    assert diff_models(old, TargetGroup.model_validate(changed)) == []
    changed["name"] = "Renamed"
    assert (
        format_diff(diff_models(old, TargetGroup.model_validate(changed)))
        == 'name: "UCCtesttarget2" → "Renamed"'
    )


def test_a_whole_payload_replaced_by_another_type_is_one_change() -> None:
    assert lines({"a": 1}, [1]) == ['(whole payload): {"a": 1} → [1]']


@pytest.mark.parametrize(
    ("old", "new", "same"),
    [
        ("2027-01-01", "2027-01-01T00:00:00.000+05:30", True),
        ("2027-01-31", "2027-01-31T23:59:59.999+05:30", True),
        ("2027-01-01T00:00:00+05:30", "2027-01-01T00:00:00.000+05:30", True),
        ("2027-01-01", "2027-01-01T10:30:00+05:30", False),  # a time of day is a change
        ("2027-01-01", "2027-01-02T00:00:00+05:30", False),
        ("2027-01-01T00:00:00+05:30", "2027-01-01T00:00:00Z", False),  # another instant
        ("soon", "2027-01-01", False),
    ],
)
def test_one_date_written_two_ways_is_not_a_change(old, new, same):
    from app.domain.diff import same_date

    assert same_date(old, new) is same


def test_with_its_model_server_fields_are_left_out_at_every_level():
    from app.domain.kinds import kind_named

    promotion = kind_named("promotion")
    old = promotion.new_model().to_wire()
    new = json.loads(json.dumps(old))
    new["version"] = 3
    new["metadata"]["createdOn"] = "2027-01-01"
    new["metadata"]["name"] = "Renamed"
    assert [c.path for c in diff_payloads(old, new, promotion.model)] == ["metadata.name"]
    assert len(diff_payloads(old, new)) == 3  # without the model, every key counts


# --- three-way merge (an update whose server copy changed meanwhile) -------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text("ab", max_size=2),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("xyz"), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(_json, _json)
def test_a_merge_with_one_side_unchanged_is_the_other_side(base: Any, other: Any) -> None:
    assert merge3(base, other, base) == (_without_nulls(other), [])
    assert merge3(base, base, other) == (_without_nulls(other), [])
    assert merge3(base, other, other) == (_without_nulls(other), [])


def test_a_merge_keeps_both_sides_changes_and_names_the_conflicts() -> None:
    base = {"metadata": {"name": "A", "description": "d", "endDate": "2027-01-31"}, "activities": [{"id": 1}]}
    mine = {
        "metadata": {"name": "A 2027", "description": "d", "endDate": "2027-03-31"},
        "activities": [{"id": 1}],
    }
    theirs = {
        "metadata": {"name": "A", "description": "changed", "endDate": "2027-02-28"},
        "activities": [{"id": 1}],
    }
    merged, conflicts = merge3(base, mine, theirs)
    assert merged == {
        "metadata": {"name": "A 2027", "description": "changed", "endDate": "2027-03-31"},
        "activities": [{"id": 1}],
    }
    assert conflicts == ["metadata.endDate"]  # both changed it: the draft's value is kept, and said


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value
