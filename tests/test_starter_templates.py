"""The starter templates that ship in resources/templates: each one validates with no errors,
together they cover every kind the spec and notes describe, and each one becomes a new,
error-free group through its placeholders."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.domain.placeholders import PlanRole, fill_template
from app.domain.target_groups.validate import validate_group, validate_payload
from app.services.templates import FORMAT_ID, FORMAT_VERSION, FolderRole, TemplateFolder, read_entry
from app.services.templates.folders import STARTER_DIR

#: The target-group starters; the promotion starters have their own checks in
#: tests/promotions/test_promotion_templates.py.
STARTER_FILES = sorted(
    path
    for path in STARTER_DIR.glob("*.json")
    if json.loads(path.read_text(encoding="utf-8")).get("payloadKind", "target-group") == "target-group"
)
#: A moment before the starters' first periods (2027-01-01), so statuses are judged as on release.
BEFORE_START = datetime(2026, 12, 1, tzinfo=UTC)


def _entry(path: Path):
    entry = read_entry(path, TemplateFolder(STARTER_DIR, FolderRole.STARTER, "Starter"))
    assert entry.template is not None, entry.problem
    return entry


def test_the_starters_exist() -> None:
    assert len(STARTER_FILES) >= 7


@pytest.mark.parametrize("path", STARTER_FILES, ids=lambda p: p.stem)
def test_every_starter_validates_with_no_errors(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == FORMAT_ID and document["version"] == FORMAT_VERSION
    result = validate_payload(document["payload"], now=BEFORE_START)
    assert result.group is not None
    assert [f"{p.path}: {p.message}" for p in result.problems if p.is_error] == []


@pytest.mark.parametrize("path", STARTER_FILES, ids=lambda p: p.stem)
def test_every_starter_is_a_complete_library_template(path: Path) -> None:
    entry = _entry(path)
    template = entry.template
    assert not template.migrated and entry.read_only
    assert template.meta.title and template.meta.description and template.meta.tags
    keys = {p.key for p in template.placeholders}
    assert {"name", "start", "cycles"} <= keys
    assert next(p for p in template.placeholders if p.key == "name").required
    assert (
        path.read_text(encoding="utf-8")
        == json.dumps(template.to_document(), indent=2, ensure_ascii=False) + "\n"
    )


@pytest.mark.parametrize("path", STARTER_FILES, ids=lambda p: p.stem)
def test_every_starter_becomes_next_quarters_group_without_errors(path: Path) -> None:
    template = _entry(path).template
    filled = fill_template(
        template.model(),
        template.placeholders,
        {"name": f"New {path.stem}", "start": "2027-04-01"},
        BEFORE_START,
    )
    group = filled.group
    assert group.name == f"New {path.stem}"
    assert (group.periods or [])[0].start_date.startswith("2027-04-01T00:00:00.000")
    start = next(p for p in template.placeholders if p.plan is PlanRole.START)
    assert start.kind.value == "date"
    assert [f"{p.path}: {p.message}" for p in validate_group(group, BEFORE_START) if p.is_error] == []


def test_the_starters_cover_every_kind_in_the_spec_and_notes() -> None:
    payloads = [json.loads(p.read_text(encoding="utf-8"))["payload"] for p in STARTER_FILES]
    tracking = {p["trackingType"] for p in payloads}
    assert {"DEFAULT", "UNIFIED", "STREAKS", "CAPPING"} <= tracking
    targets = [(t["targetEntity"], t["targetType"]) for p in payloads for t in p["targets"]]
    assert ("EVENT", "COUNT") in targets
    assert any(entity == "ALTERNATE_CURRENCIES" for entity, _ in targets)
    assert any(p.get("userCreated") and p["frequencyType"] == "DAILY" for p in payloads)
    assert any(p.get("leaderboardEnabled") and p["frequencyType"] == "MONTHLY" for p in payloads)
    unified = next(p for p in payloads if p["trackingType"] == "UNIFIED")
    assert len(unified["targets"]) >= 2 and unified["combinationType"] in ("ALL", "ANY")
    streaks = next(p for p in payloads if p["trackingType"] == "STREAKS")
    assert len(streaks["streaks"]) >= 2
