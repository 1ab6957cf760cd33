"""``tgb convert`` converts target groups and promotions only, and says what it leaves behind.

The answers below are written for these tests in the shapes other endpoints of the API family
return (channels, a member's progress, ranks, events, communications, member promotions, an
old-style promotion); each must be refused by its shape, with exit 2 and nothing written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import main
from tests.domain.payloads import valid_payload
from tests.promotions.payloads import valid_promotion

NOT_GROUPS: dict[str, Any] = {
    "channel list": {"data": [{"name": "EMAIL"}, {"name": "PUSH"}], "errors": [], "warnings": []},
    "a member's progress": {
        "data": [
            {
                "targetGroupId": 71,
                "targetGroupName": "Spend more",
                "targets": [{"targetId": 9, "achievedValue": "120.5", "targetValue": "500"}],
            }
        ]
    },
    "tracked events": [{"eventName": "TransactionAdd", "eventTime": "2026-02-01T10:00:00Z", "value": 12}],
    "leaderboard ranks": {"data": {"ranks": [{"rank": 1, "customerId": 88, "score": 950}]}},
    "communications": {"data": [{"name": "Milestone reached", "channel": "SMS", "templateId": 3}]},
    "member promotions": {
        "memberId": 42,
        "promotions": [{"promotionId": 5, "promotionName": "Spring", "active": True}],
    },
    "a promotion summary": {"customerId": 42, "earned": 300, "promotions": 4, "name": "Summary"},
    "an old-style promotion": {
        "name": "Old promo",
        "startDate": "2026-01-01",
        "endDate": "2026-02-01",
        "type": "POINTS",
        "rules": [{"condition": "amount > 10"}],
    },
    "a list of names": [{"name": "A"}, {"name": "B", "description": "b"}],
}


def _write(tmp_path: Path, document: Any, name: str = "answer.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize("what", list(NOT_GROUPS))
def test_answers_that_are_not_groups_are_refused(
    what: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(tmp_path, NOT_GROUPS[what])
    out = tmp_path / "out.json"
    for extra in ([], ["--to", "promotion"]):
        assert main(["convert", str(source), "-o", str(out), *extra]) == 2
        captured = capsys.readouterr()
        assert not out.exists() and captured.out == ""
        (line,) = captured.err.strip().splitlines()
        assert "not a target group or promotion" in line
        assert "v3/targetGroups" in line and "v3/promotions" in line  # what it can convert


_KEYS = st.sampled_from(
    ["name", "id", "rank", "customerId", "points", "channel", "eventName", "value", "status", "promotionName"]
) | st.text(alphabet="abcdefghijklmnopqrstuvwxyzXYZ", min_size=1, max_size=8)
_SCALARS = st.none() | st.booleans() | st.integers(-1000, 10**6) | st.text(max_size=12)
_RECORDS = st.dictionaries(_KEYS, _SCALARS, min_size=1, max_size=6)
_DOCUMENTS = (
    _RECORDS
    | st.lists(_RECORDS, max_size=5)
    | st.dictionaries(st.sampled_from(["data", "errors", "warnings"]), st.lists(_RECORDS, max_size=3))
    | st.dictionaries(_KEYS, st.lists(_RECORDS, max_size=3) | _SCALARS, max_size=4)
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=_DOCUMENTS)
def test_any_other_json_is_refused_and_nothing_is_written(
    document: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(tmp_path, document, "doc.json")
    out = tmp_path / "never.json"
    assert main(["convert", str(source), "-o", str(out)]) == 2
    assert not out.exists()
    assert capsys.readouterr().out == ""


def test_groups_and_promotions_still_convert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    group = valid_payload()
    listing = {"data": [{**group, "id": 7, "orgId": 1}], "errors": [], "warnings": []}
    assert main(["convert", str(_write(tmp_path, listing))]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == group["name"]
    promotion = valid_promotion()
    assert main(["convert", str(_write(tmp_path, {"data": promotion}, "p.json"))]) == 0
    assert json.loads(capsys.readouterr().out)["metadata"]["name"] == promotion["metadata"]["name"]


def _milestones_item() -> dict[str, Any]:
    """A group as a v3/milestones listing gives it: the old date fields, server fields, no ISO dates."""
    group = valid_payload()
    for key in ("targetCycleStartDateISO", "targetCycleEndDateISO", "fromDate", "toDate"):
        group.pop(key, None)
    group["targetCycleStartDate"] = "2027-03-01T00:00:00.000+05:30"
    group["targetCycleEndDate"] = "2027-09-30T23:59:59.999+05:30"
    group["id"] = 901
    group["activePeriod"] = {
        "startDate": "2027-03-01T00:00:00.000+05:30",
        "endDate": "2027-03-31T23:59:59.999+05:30",
    }
    group.pop("periods", None)
    group["targets"][0].pop("defaultValues", None)
    return group


def test_a_milestones_listing_item_gives_the_promotion_its_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(tmp_path, {"data": [_milestones_item()]})
    out = tmp_path / "promotion.json"
    assert main(["convert", "--to", "promotion", str(source), "-o", str(out)]) == 0
    metadata = json.loads(out.read_text())["metadata"]
    assert metadata["startDate"].startswith("2027-03-01T00:00:00")
    assert metadata["endDate"].startswith("2027-09-30T23:59:59")
    assert main(["validate", str(out)]) == 0  # no `required` error for the dates any more
    capsys.readouterr()


def test_every_field_left_behind_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    group = valid_payload()
    periods = len(group["periods"])
    group["targets"][0]["defaultValues"].append({"defaultValue": 9999})  # one more value than periods
    group["recurringCycles"] = 3
    group["toDate"] = "2020-01-31T23:59:59.999+05:30"  # before the periods end: not the promotion's end
    group["fromDate"] = "2020-01-01T00:00:00.000+05:30"
    group["somethingNew"] = {"x": 1}
    source = _write(tmp_path, group)
    out = tmp_path / "promotion.json"
    assert main(["convert", "--to", "promotion", str(source), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    lost = {line.split(": ")[2] for line in err.splitlines() if "not carried over: " in line}
    assert f"targets[0].defaultValues[{periods}]" in lost
    assert "toDate" in lost and "somethingNew" in lost
    assert "fromDate" not in lost  # the earliest date: it is the promotion's start
    milestone = json.loads(out.read_text())["activities"][0]["milestones"][0]
    assert milestone["recurringCycles"] == 3  # carried, so not reported
    assert "recurringCycles" not in lost


def test_a_group_without_targets_has_nothing_to_convert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    group = valid_payload()
    group["targets"] = []
    out = tmp_path / "promotion.json"
    assert main(["convert", "--to", "promotion", str(_write(tmp_path, group)), "-o", str(out)]) == 1
    assert "Nothing to convert" in capsys.readouterr().err
    assert not out.exists()


def test_a_promotion_is_already_a_promotion(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "again.json"
    source = _write(tmp_path, valid_promotion())
    assert main(["convert", "--to", "promotion", str(source), "-o", str(out)]) == 2
    assert "already a promotion" in capsys.readouterr().err
    assert not out.exists()
