"""``tgb bulk`` against a real loopback sandbox: check first, send once, resume, settle the unknown."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.sandbox.faults import Faults
from app.sandbox.server import SandboxServer
from app.services.bulk import Journal
from app.services.history import History
from tests.services import sending_support as support

keychain = support.keychain
sandbox = support.sandbox
pytestmark = pytest.mark.usefixtures("keychain")


def rows_file(
    tmp_path: Path, rows: list[dict[str, Any]], name: str = "rows.csv", delimiter: str = ","
) -> Path:
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def regions(count: int) -> list[dict[str, Any]]:
    return [
        {"name": f"Region {n:04d} spend", "target": "monthly_sales", "value": 5000 + n} for n in range(count)
    ]


def add_profile(
    monkeypatch: pytest.MonkeyPatch, sandbox: SandboxServer, name: str = "Test org", *extra: str
) -> None:
    monkeypatch.setenv("TGB_PASSWORD", "secret-one")
    assert main(["profiles", "add", name, "--host", sandbox.url, "--till-code", "till.one", *extra]) == 0
    monkeypatch.delenv("TGB_PASSWORD")


def names_on(sandbox: SandboxServer) -> list[str]:
    return sorted(g["name"] for g in sandbox.store.all())


def run(*args: str) -> int:
    return main(["bulk", "--template", "monthly-spend", *args])


def test_200_rows_are_created_once_and_a_rerun_sends_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_profile(monkeypatch, sandbox)
    capsys.readouterr()
    rows = rows_file(tmp_path, regions(200))
    assert run(str(rows), "--profile", "Test org", "--concurrency", "4") == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 200 and "200 created (0 by earlier runs)" in err
    assert names_on(sandbox) == sorted(r["name"] for r in regions(200))
    assert support.posts(sandbox) == 200
    assert run(str(rows), "--profile", "Test org") == 0
    assert "200 created (200 by earlier runs)" in capsys.readouterr().err
    assert support.posts(sandbox) == 200  # nothing sent twice
    entries = History().search(limit=1000)
    assert len([e for e in entries if e.outcome == "created"]) == 200


def test_nothing_is_sent_while_a_row_has_errors_unless_skip_invalid(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_profile(monkeypatch, sandbox)
    data = [
        *regions(3),
        {"name": "Region 0001 SPEND", "target": "t", "value": 1},
        {"name": "Bad", "target": "t", "value": "x"},
    ]
    rows = rows_file(tmp_path, data, delimiter=";")
    assert run(str(rows), "--profile", "Test org") == 1
    err = capsys.readouterr().err
    assert f"{rows}:row 3 (Region 0001 spend): name: error:" in err and "[duplicate-name]" in err
    assert f"{rows}:row 6 (Bad): value: error: 'x' is not a number. [fill]" in err
    assert "nothing was sent; 3 row(s) have errors" in err
    assert support.posts(sandbox) == 0
    assert run(str(rows), "--profile", "Test org", "--skip-invalid") == 1  # some rows were invalid
    assert "2 created" in capsys.readouterr().err and names_on(sandbox) == [
        "Region 0000 spend",
        "Region 0002 spend",
    ]


def test_dry_run_writes_the_payloads_and_json_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = rows_file(tmp_path, [*regions(3), {"name": "", "target": "t", "value": 1}])
    out_dir = tmp_path / "out"
    assert run(str(rows), "--dry-run", "--out", str(out_dir), "--format", "json") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["rows"] == 4 and report["invalid"] == [{"row": 5, "name": ""}]
    assert any(p["code"] == "fill" and p["row"] == 5 and p["path"] == "name" for p in report["problems"])
    files = sorted(p.name for p in out_dir.iterdir())
    assert files == [
        "row-00002-region-0000-spend.json",
        "row-00003-region-0001-spend.json",
        "row-00004-region-0002-spend.json",
    ]
    payload = json.loads((out_dir / files[1]).read_text(encoding="utf-8"))
    assert (
        payload["name"] == "Region 0001 spend"
        and payload["targets"][0]["defaultValues"][0]["defaultValue"] == 5001
    )


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = rows_file(tmp_path, regions(1))
    assert run(str(tmp_path / "none.csv")) == 2
    assert run(str(rows), "--concurrency", "0") == 2
    assert run(str(rows), "--out", str(tmp_path)) == 2
    assert run(str(rows), "--map", "nonsense") == 2
    assert main(["bulk", "--template", "no such template", str(rows)]) == 2
    assert run(str(rows), "--profile", "nobody") == 2
    assert "tgb bulk:" in capsys.readouterr().err


def test_faults_end_as_unknown_and_the_rerun_settles_them_by_name(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_profile(monkeypatch, sandbox, "Flaky", "--timeout", "1")
    rows = rows_file(tmp_path, regions(40))
    sandbox.set_faults(Faults(fail_rate=0.25, drop_rate=0.15, after_commit_share=0.5, seed=7))
    code = run(str(rows), "--profile", "Flaky")
    err = capsys.readouterr().err
    assert code == 3 and "unknown" in err
    journal = Journal()
    (run_rows,) = [journal.rows(r["key"]) for r in journal.unfinished_runs()]
    states = {row.state for row in run_rows.values()}
    assert states <= {"created", "refused", "unknown", "pending"} and "unknown" in states
    journal.close()
    sandbox.set_faults(None)
    assert run(str(rows), "--profile", "Flaky") == 0
    assert names_on(sandbox) == sorted(r["name"] for r in regions(40))  # none lost, none twice
    final = Journal()
    assert final.unfinished_runs() == []
    final_rows = {row.name: row for rows_ in [final.rows(k) for k in _keys(final)] for row in rows_.values()}
    by_name = {g["name"]: str(g["id"]) for g in sandbox.store.all()}
    for name, row in final_rows.items():
        assert row.state == "created"
        if row.created_id:  # ids found by the name check or given by a create agree with the server
            assert row.created_id == by_name[name]


def _keys(journal: Journal) -> list[str]:
    return [r[0] for r in journal._run("SELECT run_key FROM runs").fetchall()]


def test_changed_rows_are_asked_about(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_profile(monkeypatch, sandbox)
    data = regions(3)
    rows = rows_file(tmp_path, data)
    assert run(str(rows), "--profile", "Test org") == 0
    data[1]["value"] = 9999
    rows_file(tmp_path, data)
    import io

    stream = io.StringIO("")
    stream.isatty = lambda: False  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", stream)
    capsys.readouterr()
    assert run(str(rows), "--profile", "Test org") == 2
    assert "1 row(s) changed since the last run of this command (rows 3)" in capsys.readouterr().err


def test_a_promotion_template_in_bulk(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sandbox: SandboxServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_profile(monkeypatch, sandbox)
    capsys.readouterr()
    rows = rows_file(
        tmp_path,
        [
            {"name": f"Promo {n}", "value": 1000 * (n + 1), "points": 50, "org": 1, "program": 2}
            for n in range(5)
        ],
    )
    assert main(["bulk", "--template", "promotion-monthly-spend", str(rows), "--profile", "Test org"]) == 0
    out = capsys.readouterr().out
    ids = [line.split("\t")[2] for line in out.splitlines()]
    assert len(ids) == 5 and all(len(i) == 24 for i in ids)
