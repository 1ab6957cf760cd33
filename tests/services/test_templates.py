"""The template library as an operator uses it: save, list, search, rename, duplicate, delete, undo."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from app.domain.target_groups.models import TargetGroup
from app.services.paths import data_paths
from app.services.templates import (
    FORMAT_ID,
    FolderSettingsError,
    Template,
    TemplateEntry,
    TemplateLibrary,
    TemplateLibraryError,
    TemplateSecretError,
    add_extra_folder,
    read_extra_folders,
    remove_extra_folder,
)
from app.services.templates.folders import folders_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TGB_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def leaderboard() -> TargetGroup:
    return TargetGroup.model_validate(fixture("request-fixed-window-milestone-monthly-leaderboard.json"))


def mine(library: TemplateLibrary) -> list[TemplateEntry]:
    return [e for e in library.entries() if e.folder.role.value == "user"]


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_save_as_template_writes_a_pretty_versioned_file_the_library_lists() -> None:
    library = TemplateLibrary()
    template = Template.from_group(
        leaderboard(), "Monthly leaderboard", "Top spenders", ["sales", " ", "sales"]
    )
    path = library.save(template)
    assert path.parent == data_paths().templates_dir
    assert path.name == "monthly-leaderboard.json"
    text = path.read_text(encoding="utf-8")
    assert text.startswith('{\n  "format": "tgb-template",\n  "version": 1,') and text.endswith("}\n")
    (entry,) = mine(library)
    assert entry.title == "Monthly leaderboard"
    assert entry.tags == ("sales",)
    assert entry.template is not None and entry.template.meta.created and entry.template.meta.modified
    assert [p.key for p in entry.template.placeholders] == ["name", "start", "cycles"]
    assert entry.template.model().to_wire() == leaderboard().to_wire()


def test_the_same_title_twice_never_overwrites_the_first_file() -> None:
    library = TemplateLibrary()
    first = library.save(Template.from_group(leaderboard(), "Spend"))
    second = library.save(Template.from_group(leaderboard(), "Spend"))
    assert first != second and first.exists() and second.name == "spend-2.json"


def test_search_by_title_tag_kind_and_restricted_words() -> None:
    library = TemplateLibrary()
    library.save(Template.from_group(leaderboard(), "Spring ranking", tags=["seasonal"]))
    assert [e.title for e in library.search("spring")] == ["Spring ranking"]
    assert [e.title for e in library.search("tag:seasonal")] == ["Spring ranking"]
    assert {e.name for e in library.search("kind:streaks")} == {"weekly-visit-streak"}
    assert {e.name for e in library.search("kind:leaderboard")} == {"monthly-leaderboard", "spring-ranking"}
    assert library.search("spring tag:other") == []
    assert {e.name for e in library.search("unified")} == {"unified-spend-and-items", "promotion-all-group"}
    assert {e.name for e in library.search("kind:promotion")} == {
        "promotion-weekly-points",
        "promotion-monthly-spend",
        "promotion-all-group",
    }


def test_rename_changes_title_and_file_name_and_keeps_the_rest() -> None:
    library = TemplateLibrary()
    old_path = library.save(Template.from_group(leaderboard(), "Spend"))
    (entry,) = mine(library)
    new_path = library.rename(entry, "Summer spend")
    assert not old_path.exists() and new_path.name == "summer-spend.json"
    (renamed,) = mine(library)
    assert renamed.title == "Summer spend"
    assert renamed.template is not None and entry.template is not None
    assert renamed.template.payload == entry.template.payload
    assert renamed.template.meta.created == entry.template.meta.created


def test_rename_to_a_title_with_the_same_file_name_rewrites_in_place() -> None:
    library = TemplateLibrary()
    path = library.save(Template.from_group(leaderboard(), "Spend"))
    (entry,) = mine(library)
    assert library.rename(entry, "SPEND") == path
    assert mine(library)[0].title == "SPEND"


def test_duplicate_a_starter_into_my_templates_and_leave_the_starter_alone() -> None:
    library = TemplateLibrary()
    starter = library.find("weekly-visit-streak")
    before = snapshot(starter.path)
    path = library.duplicate(starter)
    assert path.parent == data_paths().templates_dir
    (copy,) = mine(library)
    assert copy.title == "Streaks: weekly visit streak (copy)"
    assert copy.template is not None and starter.template is not None
    assert copy.template.payload == starter.template.payload
    assert snapshot(starter.path) == before


def test_starters_cannot_be_renamed_or_deleted() -> None:
    library = TemplateLibrary()
    starter = library.find("monthly-leaderboard")
    with pytest.raises(TemplateLibraryError, match="duplicate it first"):
        library.rename(starter, "Mine now")
    with pytest.raises(TemplateLibraryError, match="starter"):
        library.delete(starter)
    assert starter.path.exists()


def test_delete_moves_to_the_trash_and_restore_brings_back_the_same_bytes() -> None:
    library = TemplateLibrary()
    path = library.save(Template.from_group(leaderboard(), "Spend"))
    content = path.read_bytes()
    (entry,) = mine(library)
    deleted = library.delete(entry)
    assert not path.exists() and mine(library) == []
    assert deleted.trashed.read_bytes() == content
    assert library.restore(deleted) == path
    assert path.read_bytes() == content
    with pytest.raises(TemplateLibraryError, match="no longer in the trash"):
        library.restore(deleted)


def test_restore_never_overwrites_a_template_saved_under_the_same_name_meanwhile() -> None:
    library = TemplateLibrary()
    library.save(Template.from_group(leaderboard(), "Spend"))
    deleted = library.delete(mine(library)[0])
    newer = library.save(Template.from_group(leaderboard(), "Spend", "the new one"))
    restored = library.restore(deleted)
    assert restored != newer and restored.exists()
    assert json.loads(newer.read_text())["meta"]["description"] == "the new one"


def test_a_file_changed_on_disk_since_listing_is_not_overwritten() -> None:
    library = TemplateLibrary()
    path = library.save(Template.from_group(leaderboard(), "Spend"))
    (entry,) = mine(library)
    edited = path.read_text().replace('"Spend"', '"Spend (edited by a colleague)"')
    path.write_text(edited)
    os.utime(path, ns=(entry.stamp[0] + 5_000_000_000, entry.stamp[0] + 5_000_000_000))
    with pytest.raises(TemplateLibraryError, match="changed on disk"):
        library.save(Template.from_group(leaderboard(), "Spend"), replace=entry)
    with pytest.raises(TemplateLibraryError, match="changed on disk"):
        library.rename(entry, "Other")
    assert path.read_text() == edited


def test_save_replacing_an_entry_keeps_its_creation_date() -> None:
    library = TemplateLibrary()
    library.save(Template.from_group(leaderboard(), "Spend"))
    (entry,) = mine(library)
    assert entry.template is not None
    library.save(Template.from_group(leaderboard(), "Spend", "updated"), replace=entry)
    (updated,) = mine(library)
    assert updated.template is not None
    assert updated.template.meta.description == "updated"
    assert updated.template.meta.created == entry.template.meta.created


@pytest.mark.parametrize(
    ("extra", "where"),
    [
        ({"authToken": "abc"}, "payload.authToken"),
        ({"password": "x"}, "payload.password"),
        ({"notes": "Basic c3RvcmUxMjM6YmRjODdiOWM4OTRkYTUxNjgwNTllMDBlYmZmYjkwNzc="}, "payload.notes"),
    ],
)
def test_anything_like_a_credential_is_refused_and_nothing_is_written(
    extra: dict[str, str], where: str
) -> None:
    group = TargetGroup.model_validate({**leaderboard().to_wire(), **extra})
    library = TemplateLibrary()
    with pytest.raises(TemplateSecretError) as caught:
        library.save(Template.from_group(group, "Leaky"))
    assert where in caught.value.paths and "never carry secrets" in str(caught.value)
    assert not data_paths().templates_dir.exists() or list(data_paths().templates_dir.iterdir()) == []


def test_a_credential_nested_in_a_target_is_found_too() -> None:
    raw = leaderboard().to_wire()
    raw["targets"][0]["clientSecret"] = "s3cr3t"
    with pytest.raises(TemplateSecretError, match=r"payload\.targets\[0\]\.clientSecret"):
        TemplateLibrary().save(Template.from_group(TargetGroup.model_validate(raw), "Leaky"))


def test_a_bare_payload_file_is_read_as_version_0_and_not_rewritten() -> None:
    folder = data_paths().templates_dir
    folder.mkdir(parents=True)
    old = folder / "old-payload.json"
    old.write_bytes((FIXTURES / "request-uatTargetGroup130-event-sum.json").read_bytes())
    before = snapshot(old)
    library = TemplateLibrary()
    (entry,) = mine(library)
    assert entry.ok and entry.template is not None and entry.template.migrated
    assert entry.title == "uatTargetGroup130"
    assert entry.template.meta.created is not None
    assert [p.key for p in entry.template.placeholders] == ["name", "start", "cycles"]
    assert snapshot(old) == before
    renamed = library.rename(entry, "Event sum")  # the operator's say-so: now in the current format
    assert json.loads(renamed.read_text())["format"] == FORMAT_ID


def test_a_saved_response_is_converted_to_a_payload() -> None:
    folder = data_paths().templates_dir
    folder.mkdir(parents=True)
    (folder / "from-server.json").write_bytes((FIXTURES / "response-uatTargetGroup130.json").read_bytes())
    (entry,) = mine(TemplateLibrary())
    assert entry.template is not None
    assert "id" not in entry.template.payload and "attribution" not in entry.template.payload


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ({"format": FORMAT_ID, "version": 2, "meta": {"title": "x"}, "payload": {}}, "newer"),
        ({"format": "something-else", "version": 1}, "not a Target Group Builder template"),
        ({"format": FORMAT_ID, "version": 1, "meta": {"title": ""}, "payload": {}}, "no title"),
        ({"format": FORMAT_ID, "version": 1, "meta": {"title": "t"}, "payload": {"name": 5}}, "at name"),
        ({"colour": "blue"}, "no target group field"),
        ([1, 2], "JSON object"),
    ],
)
def test_unusable_files_are_listed_with_the_reason_and_never_touched(content: Any, reason: str) -> None:
    folder = data_paths().templates_dir
    folder.mkdir(parents=True)
    path = folder / "odd.json"
    path.write_text(json.dumps(content))
    before = snapshot(path)
    library = TemplateLibrary()
    (entry,) = mine(library)
    assert not entry.ok and entry.read_only and reason in (entry.problem or "")
    for action in (lambda: library.rename(entry, "x"), lambda: library.delete(entry)):
        with pytest.raises(TemplateLibraryError, match="leaves it as it is"):
            action()
    assert snapshot(path) == before


def test_extra_folders_are_listed_with_their_label_and_a_missing_one_is_reported(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    TemplateLibrary().save(Template.from_group(leaderboard(), "Local"))
    (shared / "team.json").write_text(
        json.dumps(Template.from_group(leaderboard(), "Team template").to_document())
    )
    assert add_extra_folder(shared) == [shared.resolve()]
    assert add_extra_folder(shared) == [shared.resolve()]  # twice is once
    library = TemplateLibrary()
    team = library.find("Team template")
    assert team.folder.label == "shared" and not team.read_only
    shared.rename(tmp_path / "unplugged")
    problems = [f.problem for f in library.folders() if f.problem]
    assert problems and "not reachable" in problems[0]
    assert [e.title for e in mine(library)] == ["Local"]
    assert remove_extra_folder(shared) == []
    assert read_extra_folders() == []


def test_a_corrupt_folders_file_is_reported_and_left_alone(tmp_path: Path) -> None:
    file = folders_file()
    file.parent.mkdir(parents=True)
    file.write_text("{not json")
    with pytest.raises(FolderSettingsError, match="not valid JSON"):
        add_extra_folder(tmp_path)
    assert file.read_text() == "{not json"
    assert any(f.problem and "not valid JSON" in f.problem for f in TemplateLibrary().folders())


def test_find_by_file_name_title_or_path_and_refuse_ambiguity(tmp_path: Path) -> None:
    library = TemplateLibrary()
    assert library.find("monthly-leaderboard").title == "Leaderboard: monthly spend ranking"
    assert library.find("leaderboard: MONTHLY spend ranking").name == "monthly-leaderboard"
    outside = tmp_path / "loose.json"
    outside.write_bytes((FIXTURES / "request-uatTargetGroup130-event-sum.json").read_bytes())
    assert library.find(str(outside)).title == "uatTargetGroup130"
    library.save(Template.from_group(leaderboard(), "Leaderboard: monthly spend ranking"))
    with pytest.raises(TemplateLibraryError, match="2 templates"):
        library.find("Leaderboard: monthly spend ranking")
    with pytest.raises(TemplateLibraryError, match="No template called"):
        library.find("nothing like this")


def test_import_copies_an_old_format_file_into_my_templates_in_the_current_format(tmp_path: Path) -> None:
    outside = tmp_path / "colleague.json"
    outside.write_bytes((FIXTURES / "request-UCCtesttarget2-user-created-daily.json").read_bytes())
    before = snapshot(outside)
    path = TemplateLibrary().import_file(outside)
    document = json.loads(path.read_text())
    assert document["format"] == FORMAT_ID and document["meta"]["title"] == "UCCtesttarget2"
    assert snapshot(outside) == before


def test_unknown_keys_of_a_template_survive_a_rename() -> None:
    library = TemplateLibrary()
    path = library.save(Template.from_group(leaderboard(), "Spend"))
    document = json.loads(path.read_text())
    document["reviewedBy"] = "Asha"
    document["meta"]["colour"] = "green"
    path.write_text(json.dumps(document))
    renamed = library.rename(mine(library)[0], "Spend 2")
    again = json.loads(renamed.read_text())
    assert again["reviewedBy"] == "Asha" and again["meta"]["colour"] == "green"
