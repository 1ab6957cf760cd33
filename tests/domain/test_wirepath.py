"""Wire paths, the one parser every layer reads and writes the models with, over both kinds."""

from __future__ import annotations

from typing import Any

import pytest

from app.domain.kinds import kind_named
from app.domain.target_groups.models import TargetGroup
from app.domain.wirepath import (
    PathError,
    check_path,
    describe_path,
    first_step,
    format_path,
    get_at,
    parse_path,
    parse_steps,
    path_affects,
    read_all,
    resolve_parent,
    split_item,
    write_all,
)


@pytest.mark.parametrize(
    ("path", "steps"),
    [
        ("", []),
        ("name", ["name"]),
        ("targets[0].name", ["targets", 0, "name"]),
        (
            "activities[1].children[0].milestones[2].cycleActionMapping[3].defaultValue",
            ["activities", 1, "children", 0, "milestones", 2, "cycleActionMapping", 3, "defaultValue"],
        ),
    ],
)
def test_parse_and_format_are_inverse(path, steps):
    assert parse_path(path) == steps
    assert format_path(steps) == path


def test_get_at_reads_either_kind_and_gives_none_where_something_is_missing():
    group = (
        kind_named("target-group")
        .load({"name": "G", "trackingType": "DEFAULT", "periods": [], "targets": [{"name": "t1"}]})
        .model
    )
    assert get_at(group, "targets[0].name") == "t1"
    assert get_at(group, "targets[5].name") is None
    assert get_at(group, "targets[0].extendedFieldInfo.name") is None
    promotion = kind_named("promotion").new_model()
    assert get_at(promotion, "metadata.promotionType") == "GENERIC"
    assert get_at(promotion, "activities[0].milestones[0].name") is None
    with pytest.raises(PathError):
        get_at(promotion, "periods")  # a target group's field: not a promotion's


def test_resolve_parent_creates_missing_objects_only_when_asked_and_says_which():
    promotion: Any = kind_named("promotion").new_model()
    with pytest.raises(PathError):
        resolve_parent(promotion, "metadata.loyaltyConfigMetaData.isStackable")
    parent, attribute, created = resolve_parent(
        promotion, "metadata.loyaltyConfigMetaData.isStackable", create=True
    )
    assert attribute == "is_stackable" and parent is promotion.metadata.loyalty_config_meta_data
    assert created == [(promotion.metadata, "loyalty_config_meta_data")]
    with pytest.raises(PathError):
        resolve_parent(promotion, "activities[4].name", create=True)  # lists are not grown


def test_path_affects_split_item_and_first_step():
    assert path_affects("", "anything")
    assert path_affects("targets", "targets[2].name")
    assert path_affects("targets[2]", "targets[2].name")
    assert not path_affects("targets[2]", "targets[20].name")
    assert not path_affects("target", "targets[0]")
    assert split_item("targets[2].filters[0].entityIds", "targets") == (2, "filters[0].entityIds")
    assert split_item("targets[2]", "targets") == (2, "")
    assert split_item("periods[1]", "targets") is None
    assert first_step("metadata.name") == "metadata" and first_step("[0].x") == ""


def test_describe_path_uses_the_forms_words():
    group = kind_named("target-group").model
    assert describe_path(group, "targets[0].name").startswith("target 1")
    promotion = kind_named("promotion").model
    assert "promotion name" in describe_path(promotion, "metadata.name")
    assert describe_path(promotion, "noSuchField.x") == "nosuchfield x"  # anything can be described


def test_wildcard_paths_read_and_write_wire_json_keeping_text_numbers_text():
    wire = {"targets": [{"v": "10"}, {"v": "20"}, {"v": 3}]}
    steps = parse_steps("targets[*].v")
    assert steps == ["targets", "*", "v"]
    assert read_all(wire, steps) == ["10", "20", 3]
    assert write_all(wire, steps, 5000) == 3
    assert [t["v"] for t in wire["targets"]] == ["5000", "5000", 5000]
    assert parse_steps("targets[x]") is None and parse_steps(".name") is None


def test_check_path_knows_each_kinds_fields():
    promotion = kind_named("promotion").model
    assert check_path("metadata.name", promotion) is None
    assert check_path("activities[*].milestones[*].cycleActionMapping[*].defaultValue", promotion) is None
    assert "not a field" in (check_path("metadata.nope", promotion) or "")
    assert "object or a list" in (check_path("metadata", promotion) or "")
    assert check_path("targets[*].name", TargetGroup) is None
