"""``tgb templates list|show`` and ``tgb new --template``, as a script or an operator runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.domain.target_groups.models import TargetGroup
from app.services.paths import data_paths
from app.services.templates import Template, TemplateLibrary
from app.services.templates.folders import STARTER_DIR

STARTERS = sorted(p.stem for p in STARTER_DIR.glob("*.json"))


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TGB_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_list_shows_every_starter_with_its_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["templates", "list"]) == 0
    out = capsys.readouterr().out
    for name in STARTERS:
        assert name in out
    assert "STREAKS · TRANSACTION VISIT · WEEKLY ×12" in out


def test_list_json_is_machine_readable_and_includes_placeholders(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["templates", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted(r["name"] for r in rows) == STARTERS
    assert all(r["ok"] and r["source"] == "starter" and r["formatVersion"] == 1 for r in rows)
    leaderboard = next(r for r in rows if r["name"] == "monthly-leaderboard")
    assert [p["key"] for p in leaderboard["placeholders"]] == ["name", "start", "cycles", "value"]


def test_list_searches_and_names_unusable_files(capsys: pytest.CaptureFixture[str]) -> None:
    folder = data_paths().templates_dir
    folder.mkdir(parents=True)
    (folder / "broken.json").write_text('{"format": "tgb-template", "version": 1, "meta": ')
    assert main(["templates", "list", "kind:capping"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "monthly-points-capping" in out
    assert main(["templates", "list"]) == 0
    (line,) = [row for row in capsys.readouterr().out.splitlines() if row.startswith("broken ")]
    assert "UNUSABLE:" in line and "is not valid JSON" in line


def test_show_lists_the_placeholders_with_their_current_values(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["templates", "show", "weekly-visit-streak"]) == 0
    out = capsys.readouterr().out
    assert "Streaks: weekly visit streak" in out
    assert "start      date   First cycle starts (default 2027-01-01)" in out
    assert "name       text   Group name (required)" in out


def test_new_fills_the_placeholders_replans_and_writes_a_clean_payload(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "spring.json"
    code = main(
        [
            "new",
            "--template",
            "monthly-leaderboard",
            "--set",
            "name=Spring spend",
            "--set",
            "start=2027-04-01",
            "--set",
            "cycles=3",
            "--set",
            "value=7500",
            "-o",
            str(out_file),
        ]
    )
    err = capsys.readouterr().err
    assert code == 0, err
    payload = json.loads(out_file.read_text())
    assert payload["name"] == "Spring spend"
    assert [p["startDate"][:10] for p in payload["periods"]] == ["2027-04-01", "2027-05-01", "2027-06-01"]
    assert payload["totalPeriods"] == 3 and payload["recurringCycles"] == 3
    assert [v["defaultValue"] for v in payload["targets"][0]["defaultValues"]] == [7500] * 3
    assert "Wrote" in err and "error" not in err


def test_new_without_output_prints_the_payload(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "-t", "weekly-visit-streak", "--set", "name=Streak 2027"]) == 0
    assert json.loads(capsys.readouterr().out)["streaks"][0]["name"] == "Bronze streak"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "colour=red", "--set", "name=x"], "no placeholder 'colour'"),
        ([], "--set name: Group name is required"),
        (["--set", "name=x", "--set", "start=April"], "--set start: 'April' is not a date"),
        (["--set", "name=x", "--set", "cycles=101"], "1 to 100"),
        (["--set", "nameonly"], "write it as KEY=VALUE"),
    ],
)
def test_new_refuses_bad_values_and_writes_nothing(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "never.json"
    assert main(["new", "-t", "monthly-leaderboard", *args, "-o", str(out_file)]) == 2
    assert message in capsys.readouterr().err
    assert not out_file.exists()


def test_new_with_an_unknown_template_says_how_to_find_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "-t", "no-such-template", "--set", "name=x"]) == 2
    assert "tgb templates list" in capsys.readouterr().err


def test_new_from_a_template_whose_payload_has_errors_writes_it_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unfinished = TargetGroup.model_validate(
        {"name": "Draft", "targets": [{"name": "a" * 201, "targetEntity": "EVENT", "targetType": "COUNT"}]}
    )
    TemplateLibrary().save(Template.from_group(unfinished, "Unfinished unified"))
    out_file = tmp_path / "u.json"
    assert main(["new", "-t", "unfinished-unified", "--set", "name=U", "-o", str(out_file)]) == 1
    err = capsys.readouterr().err
    assert "targets[0].name: error: " in err and "[310008]" in err
    assert json.loads(out_file.read_text())["name"] == "U"


def test_templates_without_an_action_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["templates"]) == 2
    assert "list" in capsys.readouterr().out


def test_a_data_folder_that_cannot_be_read_is_a_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """As root every folder is readable, so the refusal the OS gives another user is made here."""
    from app.services.templates import library

    def refused(self: object) -> list[object]:
        raise PermissionError(13, "Permission denied", str(tmp_path / "data" / "templates"))

    monkeypatch.setattr(library.TemplateLibrary, "entries", refused)
    assert main(["templates", "list"]) == 2
    err = capsys.readouterr().err
    assert "Permission denied" in err and "templates" in err and "Traceback" not in err
