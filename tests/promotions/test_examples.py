"""The 40 verbatim examples of the promotions API (tests/fixtures/promotions, copied from the spec).

* Every create request validates with no errors, and exactly the warnings listed here.
* ``format`` keeps every field, unknown ones included (round-trip equality).
* Every promotion response converts into a payload that validates with no errors, with its root id.
* The two schema fragments validate inside a valid promotion.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.domain import jsontext
from app.domain.kinds import kind_of
from app.domain.promotions.convert import response_promotions
from app.domain.promotions.models import Promotion
from app.domain.promotions.validate import validate_raw, validate_text
from tests.promotions.payloads import NOW, valid_promotion

EXAMPLES = Path(__file__).parents[1] / "fixtures" / "promotions"

#: The warnings each request is expected to get at NOW (2026-12-01): all of them ended in 2025–26.
EXPECTED_WARNINGS = {
    "request-create-broadcast-immediate-once-advance-currency-500-points-VIP-Summer.json": [
        "promotion-ended"
    ],
    "request-create-broadcast-particular-date-daily-badge-earn-June-2026.json": [
        "placeholder",
        "promotion-ended",
    ],
    "request-create-enrolment-audience-filter-activity-optin-restrictions-Wellness-Week.json": [
        "action-delegate",
        "promotion-ended",
    ],
    "request-create-enrolment-import-plus-audience-dynamic-Beta-Tester-Program.json": [
        "action-delegate",
        "promotion-ended",
    ],
    "request-create-generic-custom-event-award-badge-Gear-Up-Challenge.json": [
        "action-delegate",
        "promotion-ended",
    ],
    "request-create-group-all-two-child-milestones-gross-sales-and-voucher-redemption-Group-Promotion.json": [
        "promotion-ended",
        "required-soft",
    ],
    "request-create-liability-100-program-empty-actions-Digital-Hub.json": ["promotion-ended"],
    "request-create-liability-split-50-50-two-programs-DocDemo.json": ["action-delegate", "promotion-ended"],
    "request-create-limits-overall-points-sum-moving-30-days-Global-Gadgets.json": [
        "action-delegate",
        "promotion-ended",
    ],
    "request-create-limits-period-fixed-calendar-every-5-days-reference-date-TechRetail.json": [
        "action-delegate",
        "promotion-ended",
    ],
    "request-create-limits-period-fixed-calendar-month-GroceryMart.json": [
        "action-delegate",
        "promotion-ended",
    ],
    "request-create-limits-period-fixed-calendar-weekly-monday-FashionHub.json": [
        "action-delegate",
        "promotion-ended",
    ],
    "request-create-limits-user-coupon-count-weekly-sunday-Fresh-Juice.json": [
        "action-delegate",
        "promotion-ended",
    ],
    "request-create-metadata-tags-award-points-StyleSavvy-VIP-Early-Access.json": [
        "action-delegate",
        "promotion-ended",
    ],
    "request-create-milestone-cyclic-window-weekly-leaderboard-event-count-tier-upgrade-Workout-Warrior.json": [
        "action-delegate",
        "leaderboard-window",
        "promotion-ended",
    ],
    "request-create-milestone-fixed-calendar-weekly-4-cycles-target-3-Single-Milestone-Promotion.json": [
        "no-reward",
        "promotion-ended",
        "required-soft",
    ],
    "request-create-single-activity-advance-currency-embedded-strategies-fixed-expiry-Single-Activity-Promotion.json": [
        "promotion-ended",
        "required-soft",
    ],
    "request-create-single-activity-spend50-award100-points-daily-limit-Daily-Perks.json": [
        "action-delegate",
        "promotion-ended",
    ],
    "request-create-three-single-activities-Two-Activities-Promotion.json": [
        "promotion-ended",
        "required-soft",
    ],
}

PROMOTION_RESPONSES = [
    "response-create-draft-activity-based-optin-Efd-Activity-Based-Prom11-68f7a304.json",
    "response-get-all-page-one-promotion-duplicate-keys.json",
    "response-review-approve-Promogold-status-COMPLETED-69034fe4.json",
]


def read(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def test_all_40_examples_and_the_index_are_here() -> None:
    files = sorted(p.name for p in EXAMPLES.glob("*.json"))
    assert len(files) == 40
    assert (EXAMPLES / "INDEX.md").is_file()
    assert set(EXPECTED_WARNINGS) == {f for f in files if f.startswith("request-create-")}


@pytest.mark.parametrize("name", sorted(EXPECTED_WARNINGS))
def test_every_create_request_validates_with_no_errors(name: str) -> None:
    result = validate_text(read(name), NOW)
    assert result.model is not None
    errors = [p for p in result.problems if p.is_error]
    assert errors == [], [(p.path, p.rule, p.message) for p in errors]
    assert sorted({p.rule for p in result.problems}) == EXPECTED_WARNINGS[name]


@pytest.mark.parametrize("name", sorted(EXPECTED_WARNINGS))
def test_format_keeps_every_field(name: str) -> None:
    raw = json.loads(read(name))
    model = Promotion.model_validate(raw)
    assert json.loads(model.to_json()) == raw


@pytest.mark.parametrize("name", sorted(EXPECTED_WARNINGS))
def test_the_kind_is_told_from_the_content(name: str) -> None:
    assert kind_of(json.loads(read(name))).name == "promotion"


@pytest.mark.parametrize("name", PROMOTION_RESPONSES)
def test_every_promotion_response_converts_into_a_payload_for_update(name: str) -> None:
    document = jsontext.parse(read(name)).value
    assert kind_of(document).name == "promotion"
    payloads = response_promotions(document)
    assert payloads
    for payload in payloads:
        assert len(payload["id"]) == 24  # kept for PUT v3/promotions/{id}
        assert "promotionId" not in payload["metadata"] and "version" not in payload
        assert "allCycles" not in json.dumps(payload)
        result = validate_raw(payload, NOW)
        errors = [(p.path, p.rule) for p in result.problems if p.is_error]
        assert errors == []


def test_the_duplicate_keys_of_the_get_all_example_are_found_where_they_are() -> None:
    parsed = jsontext.parse(read(PROMOTION_RESPONSES[1]))
    assert {key for _, key in parsed.duplicate_keys} >= {"type", "enrolmentMethod"}
    assert all(path.startswith("data.content[0]") for path, _ in parsed.duplicate_keys)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("fragment-schema-example-activities-placeholder-NO_OP_ACTION-from-openapi-yaml.json", "activities"),
        ("fragment-schema-example-limits-program-scope-monthly-10k-from-openapi-yaml.json", "limits"),
    ],
)
def test_the_schema_fragments_fit_a_valid_promotion(name: str, key: str) -> None:
    payload = valid_promotion()
    payload[key] = json.loads(read(name))
    errors = [(p.path, p.rule, p.message) for p in validate_raw(payload, NOW).problems if p.is_error]
    assert errors == []
