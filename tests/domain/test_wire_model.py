"""Wire names in and out, nothing invented, nothing dropped."""

from __future__ import annotations

import json

from app.domain.target_groups.models import TargetGroup
from app.domain.target_groups.validate import load_payload, validate_group
from tests.conftest import load_fixture
from tests.domain.payloads import NOW, valid_payload


def test_fields_never_set_are_left_out() -> None:
    group = TargetGroup(name="Only a name")
    assert group.to_wire() == {"name": "Only a name"}
    assert "null" not in group.to_json()


def test_round_trip_keeps_every_key_of_every_example() -> None:
    for name in (
        "request-uatTargetGroup124-alternate-currencies.json",
        "request-UCCtesttarget2-user-created-daily.json",
    ):
        raw = load_fixture(name)
        out = load_payload(raw).group.to_wire()
        assert set(out) == set(raw)
        assert [set(p) for p in out["periods"]] == [set(p) for p in raw["periods"]]
        assert [set(t) for t in out["targets"]] == [set(t) for t in raw["targets"]]


def test_numeric_strings_become_json_numbers() -> None:
    raw = load_fixture("request-UCCtesttarget2-user-created-daily.json")
    text = load_payload(raw).group.to_json()
    values = [v["defaultValue"] for v in json.loads(text)["targets"][0]["defaultValues"]]
    assert values == [1, 1, 1, 1]
    assert '"1.00"' not in text


def test_fractional_numeric_strings_keep_their_value() -> None:
    raw = valid_payload()
    raw["targets"][0]["defaultValues"][0]["defaultValue"] = "2.50"
    assert load_payload(raw).group.to_wire()["targets"][0]["defaultValues"][0]["defaultValue"] == 2.5


def test_boolean_expression_is_sent_as_a_string() -> None:
    raw = load_fixture("request-uatTargetGroup130-event-sum.json")
    assert raw["targets"][0]["expression"] is True
    assert load_payload(raw).group.to_wire()["targets"][0]["expression"] == "true"


def test_expression_json_given_as_an_object_is_serialised() -> None:
    raw = valid_payload()
    raw["targets"][0]["expressionJson"] = {"arity": "literal", "value": "true", "type": "boolean:primitive"}
    out = load_payload(raw).group.to_wire()
    assert json.loads(out["targets"][0]["expressionJson"])["arity"] == "literal"


def test_unknown_fields_are_kept_and_named_in_a_warning() -> None:
    raw = valid_payload()
    raw["campaignId"] = 42
    raw["periods"][0]["colour"] = "blue"
    raw["targets"][0]["defaultValues"][1]["note"] = "peak"
    result = load_payload(raw)
    out = result.group.to_wire()
    assert out["campaignId"] == 42
    assert out["periods"][0]["colour"] == "blue"
    assert out["targets"][0]["defaultValues"][1]["note"] == "peak"
    warned = {p.path for p in result.problems if p.rule == "unknown-field"}
    assert warned == {"campaignId", "periods[0].colour", "targets[0].defaultValues[1].note"}
    assert all("campaignId" in p.message for p in result.problems if p.path == "campaignId")


def test_streak_spelling_is_normalised_with_a_warning() -> None:
    raw = valid_payload()
    raw["trackingType"] = "STREAK"
    raw["streaks"] = [{"name": "Bronze", "targetCountOfSequence": 4}]
    result = load_payload(raw)
    assert result.group.to_wire()["trackingType"] == "STREAKS"
    assert [p.rule for p in result.problems] == ["tracking-type-spelling"]


def test_validate_group_matches_validate_payload_for_a_model_in_the_editor() -> None:
    raw = valid_payload()
    raw["name"] = "N" * 201
    group = load_payload(raw).group
    assert group is not None
    assert [p.code for p in validate_group(group, now=NOW)] == ["310008"]


def test_labels_belong_to_their_own_enum() -> None:
    from app.domain.enums import (
        AggregateFunction,
        CombinationType,
        EnrolmentMethod,
        TargetEntity,
        TargetType,
        label,
    )

    assert label(TargetEntity.TRANSACTION) == "Transaction"
    assert label(EnrolmentMethod.TRANSACTION) == "By transaction"
    assert label(TargetType.ALL) == "All"
    assert label(CombinationType.ALL) == "All targets"
    assert label(TargetType.COUNT) == "Count"
    assert label(AggregateFunction.COUNT) == "Count"
    assert "bills or events" in help_text_of(TargetType.COUNT)


def help_text_of(member: object) -> str:
    from app.domain.enums import help_text

    return help_text(member)  # type: ignore[arg-type]
