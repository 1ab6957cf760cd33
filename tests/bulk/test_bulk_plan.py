"""Filling and checking rows before anything is sent: column mapping, fill errors, rule problems,
duplicate names, and a hash that tells a changed row from the one sent."""

from __future__ import annotations

from app.domain.bulk import DUPLICATE_NAME, FILL, UNKNOWN_COLUMN, map_columns, placeholders_for, plan_rows
from app.domain.kinds import kind_named
from app.domain.problems import Severity
from app.services.templates import TemplateLibrary
from tests.promotions.payloads import NOW


def monthly():
    template = TemplateLibrary().find("monthly-spend").template
    assert template is not None
    return template.kind_of_payload, template.model(), list(template.placeholders)


def test_columns_map_by_key_label_map_and_wire_path() -> None:
    kind, _model, placeholders = monthly()
    columns = ["Group name", "VALUE", "Region", "first cycle starts", "description"]
    mapping, problems = map_columns(columns, placeholders, {"Region": "target"}, kind.model)
    assert {c: p.key for c, p in mapping.columns.items()} == {
        "Group name": "name",
        "VALUE": "value",
        "Region": "target",
        "first cycle starts": "start",
        "description": "description",  # a wire path of the payload
    }
    assert problems == []
    mapping, problems = map_columns(["name", "colour"], placeholders, {}, kind.model)
    assert [(p.path, p.code, p.severity) for p in problems] == [("colour", UNKNOWN_COLUMN, Severity.WARNING)]
    _, problems = map_columns(["name"], placeholders, {"missing": "name", "name": "nope"}, kind.model)
    assert {p.code for p in problems} == {FILL} and all(p.is_error for p in problems)


def test_each_row_is_filled_and_checked_and_duplicates_are_errors() -> None:
    kind, model, placeholders = monthly()
    mapping, _ = map_columns(["name", "value", "start"], placeholders, {}, kind.model)
    rows = [
        (2, {"name": "North", "value": "5000", "start": "2027-01-01"}),
        (3, {"name": "South", "value": "lots", "start": "2027-01-01"}),
        (4, {"name": "north", "value": "1", "start": "2027-01-01"}),
        (5, {"name": "", "value": "1", "start": "2027-01-01"}),
        (6, {"name": "West", "value": "1", "start": "1999-01-01"}),
    ]
    plans = plan_rows(kind, model, placeholders, mapping, rows, NOW)
    by_row = {p.row: p for p in plans}
    assert [p.code for p in by_row[2].problems] == [DUPLICATE_NAME]
    assert [p.code for p in by_row[4].problems] == [DUPLICATE_NAME]
    assert by_row[3].problems[0].code == FILL and by_row[3].problems[0].path == "value"
    assert by_row[5].problems[0].message.startswith("Group name is required")
    assert {p.code for p in by_row[6].problems} >= {"period-in-past"}
    assert by_row[6].filled and by_row[6].ok
    line = by_row[3].problems[0].line("rows.csv")
    assert line.startswith("rows.csv:row 3 (South): value: error: ")


def test_the_hash_follows_the_payload_not_the_cells() -> None:
    kind, model, placeholders = monthly()
    mapping, _ = map_columns(["name", "value"], placeholders, {}, kind.model)
    first = plan_rows(kind, model, placeholders, mapping, [(2, {"name": "A", "value": "5000"})], NOW)[0]
    same = plan_rows(kind, model, placeholders, mapping, [(9, {"name": "A", "value": "5000.0"})], NOW)[0]
    other = plan_rows(kind, model, placeholders, mapping, [(2, {"name": "A", "value": "6000"})], NOW)[0]
    assert first.row_hash == same.row_hash != other.row_hash


def test_a_payload_without_placeholders_offers_its_suggested_ones() -> None:
    kind = kind_named("promotion")
    template = TemplateLibrary().find("promotion-monthly-spend").template
    assert template is not None
    placeholders = placeholders_for(template.model(), ())
    assert [p.key for p in placeholders] == ["name", "start", "cycles"]
    mapping, problems = map_columns(["name", "metadata.description"], placeholders, {}, kind.model)
    assert problems == [] and mapping.columns["metadata.description"].paths == ("metadata.description",)
