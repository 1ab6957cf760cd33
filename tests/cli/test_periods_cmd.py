"""``tgb periods``: what an operator sees on stdout and stderr, the exit codes, and the payload file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.cli import main

ROOT = Path(__file__).resolve().parents[2]
UCC = ROOT / "tests" / "fixtures" / "request-UCCtesttarget2-user-created-daily.json"
MONTHLY_INDIA = [
    "--start",
    "2026-01-01",
    "--frequency-type",
    "MONTHLY",
    "--frequency",
    "1",
    "--tz",
    "Asia/Kolkata",
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["periods", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def payload(tmp_path: Path) -> Path:
    """A copy of the UCC example (4 daily periods, one target with 4 values)."""
    path = tmp_path / "payload.json"
    path.write_text(UCC.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def test_prints_twelve_monthly_periods_as_a_json_array(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *MONTHLY_INDIA, "--cycles", "12", "--now", "2026-02-10T12:00:00+05:30")

    periods = json.loads(out)
    assert code == 0
    assert len(periods) == 12
    assert periods[1] == {
        "active": True,
        "startDate": "2026-02-01T00:00:00.000+05:30",
        "endDate": "2026-02-28T23:59:59.999+05:30",
        "periodStatus": "RUNNING",
        "refCode": "Cycle_2",
    }
    assert periods[-1]["endDate"] == "2026-12-31T23:59:59.999+05:30"
    assert "periodStatus" not in periods[0]
    assert "Cycle_1" in err  # the January period is over, and the operator is told


def test_end_and_ref_pattern_and_a_lowercase_unit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        *["--start", "2026-01-01", "--end", "2026-01-20", "--frequency-type", "weekly", "--tz", "UTC"],
        *["--ref-pattern", "W{n}", "--now", "2025-12-01"],
    )

    periods = json.loads(out)
    assert code == 0
    assert [p["refCode"] for p in periods] == ["W1", "W2", "W3"]
    assert periods[-1]["startDate"] == "2026-01-15T00:00:00.000Z"
    assert periods[-1]["endDate"] == "2026-01-20T23:59:59.999Z"  # cut at the end date


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--end", "2025-12-31"], "--end: The cycle end 2025-12-31 is before the cycle start 2026-01-01"),
        (["--cycles", "0"], "--cycles: The number of cycles must be at least 1"),
        (["--cycles", "101"], "more than the API allows (at most 100)"),
        (["--end", "2040-01-01"], "more than the API allows"),
        (["--cycles", "2", "--end", "2026-06-01"], "either a number of cycles or a cycle end"),
        (["--cycles", "2", "--tz", "India/Mumbai"], "--tz: Unknown time zone 'India/Mumbai'"),
        (["--cycles", "2", "--frequency", "0"], "--frequency: Units per cycle"),
        (["--cycles", "2", "--frequency-type", "CUSTOM"], "edited by hand"),
        (["--cycles", "2", "--ref-pattern", "Cycle"], "--ref-pattern"),
        (["--cycles", "2", "--fill-value", "5"], "--fill-value only applies with --apply"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(
    capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    code, out, err = run(capsys, *MONTHLY_INDIA, *argv)

    assert code == 2
    assert out == ""
    assert words in err


@pytest.mark.parametrize(
    "argv",
    [
        ["--start", "1 Jan 2026", "--cycles", "2", "--frequency-type", "DAILY", "--tz", "UTC"],
        ["--start", "2026-01-01", "--cycles", "two", "--frequency-type", "DAILY", "--tz", "UTC"],
        ["--start", "2026-01-01", "--cycles", "2", "--frequency-type", "FORTNIGHTLY", "--tz", "UTC"],
    ],
)
def test_unreadable_options_are_usage_errors(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["periods", *argv])
    assert caught.value.code == 2
    assert "tgb periods: error:" in capsys.readouterr().err


def test_no_time_zone_anywhere_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--start", "2026-01-01", "--cycles", "2", "--frequency-type", "DAILY")

    assert code == 2
    assert "--tz" in err


# --- --apply ----------------------------------------------------------------------------------


def test_apply_plans_into_the_payload_and_realigns_the_targets_values(
    capsys: pytest.CaptureFixture[str], payload: Path
) -> None:
    code, out, _ = run(
        capsys, *MONTHLY_INDIA, "--cycles", "12", "--apply", str(payload), "--now", "2025-12-01"
    )

    group = read(payload)
    assert code == 0
    assert len(group["periods"]) == group["totalPeriods"] == group["recurringCycles"] == 12
    assert group["frequencyType"] == "MONTHLY"
    assert group["timeZoneName"] == "Asia/Kolkata"
    assert group["targetCycleEndDateISO"] == "2026-12-31T23:59:59.999+05:30"
    assert [v["defaultValue"] for v in group["targets"][0]["defaultValues"]] == [1] * 12
    assert "Target 'UCCtesttarget2': 8 values added (filled with 1), 0 dropped." in out
    assert sorted(os.listdir(payload.parent)) == ["payload.json"]  # no temporary file left behind


def test_apply_with_a_fill_value_and_the_groups_own_time_zone(
    capsys: pytest.CaptureFixture[str], payload: Path
) -> None:
    group = read(payload)
    group["timeZoneName"] = "Europe/Berlin"
    payload.write_text(json.dumps(group), encoding="utf-8")

    code, _, _ = run(
        capsys,
        *["--start", "2026-03-26", "--cycles", "6", "--frequency-type", "DAILY", "--now", "2026-01-01"],
        *["--apply", str(payload), "--fill-value", "2.5"],
    )

    group = read(payload)
    assert code == 0
    assert [v["defaultValue"] for v in group["targets"][0]["defaultValues"]] == [1, 1, 1, 1, 2.5, 2.5]
    # 29 March 2026 is the EU spring change: that day starts on winter time and ends on summer time.
    assert (group["periods"][3]["startDate"], group["periods"][3]["endDate"]) == (
        "2026-03-29T00:00:00.000+01:00",
        "2026-03-29T23:59:59.999+02:00",
    )


def test_apply_fewer_periods_reports_the_dropped_values(
    capsys: pytest.CaptureFixture[str], payload: Path
) -> None:
    code, out, _ = run(
        capsys, *MONTHLY_INDIA, "--cycles", "2", "--apply", str(payload), "--now", "2025-12-01"
    )

    assert code == 0
    assert len(read(payload)["targets"][0]["defaultValues"]) == 2
    assert "0 values added, 2 dropped" in out


def test_apply_to_a_file_that_is_not_json_names_line_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "name": "x",\n  "periods": [,]\n}\n', encoding="utf-8")

    code, _, err = run(capsys, *MONTHLY_INDIA, "--cycles", "2", "--apply", str(broken))

    assert code == 2
    assert "line 3, column 15" in err
    assert broken.read_text(encoding="utf-8").startswith('{\n  "name": "x"')  # untouched


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "cannot read"),
        ("[1, 2]", "expected a target group (a JSON object)"),
        ('{"totalPeriods": "many"}', "totalPeriods"),
    ],
)
def test_apply_to_an_unusable_file_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str | None, words: str
) -> None:
    path = tmp_path / "payload.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")

    code, _, err = run(capsys, *MONTHLY_INDIA, "--cycles", "2", "--apply", str(path))

    assert code == 2
    assert words in err


def test_a_refused_plan_leaves_the_payload_file_alone(
    capsys: pytest.CaptureFixture[str], payload: Path
) -> None:
    before = payload.read_bytes()

    code, _, _ = run(capsys, *MONTHLY_INDIA, "--cycles", "500", "--apply", str(payload))

    assert code == 2
    assert payload.read_bytes() == before


# ``python -m app ARGS`` is the project's command-line entry (app/__main__.py hands ARGS to tgb);
# there is no app/cli/__main__.py, so ``python -m app.cli`` does not run.


def test_the_command_runs_in_its_own_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "periods", *MONTHLY_INDIA, "--cycles", "3", "--now", "2025-01-01"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 0, done.stderr
    assert [p["refCode"] for p in json.loads(done.stdout)] == ["Cycle_1", "Cycle_2", "Cycle_3"]


def test_the_process_exits_2_on_bad_input() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "periods", *MONTHLY_INDIA, "--end", "2025-01-01"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 2
    assert "before the cycle start" in done.stderr
