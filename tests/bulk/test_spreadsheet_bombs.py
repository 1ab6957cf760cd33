"""Row files that lie about their size, and inputs that used to end in a traceback.

Each bomb is made here, small on disk: a workbook whose ``<dimension>`` claims A1:XFD1048576
with one cell in the last row, a workbook that unpacks to 400 MB, a CSV header of 100,000
columns. Each must be refused (or read) within 5 s and 200 MB, with a message naming the file.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.cli import main
from app.services.bulk_rows import BulkInputError, read_rows

ROOT = Path(__file__).resolve().parents[2]


def _small_book(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"], sheet["B1"], sheet["C1"] = "name", "target", "value"
    sheet["A2"], sheet["B2"], sheet["C2"] = "Region 1", "monthly_sales", 5000
    book.save(path)
    return path


def _rewrite(source: Path, target: Path, sheet: Callable[[bytes, Any], None]) -> Path:
    """Copy a workbook part by part, letting ``sheet`` write the first worksheet's part."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                with new.open(info.filename, "w") as part:
                    sheet(data, part)
            else:
                new.writestr(info.filename, data)
    return target


def _dimension_bomb(tmp_path: Path) -> Path:
    def sheet(data: bytes, part: object) -> None:
        text = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', data.decode())
        last = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>boom</t></is></c></row>'
        part.write(text.replace("</sheetData>", last + "</sheetData>").encode())  # type: ignore[attr-defined]

    return _rewrite(_small_book(tmp_path / "small.xlsx"), tmp_path / "dimension.xlsx", sheet)


def _unpacks_to_400_mb(tmp_path: Path) -> Path:
    def sheet(data: bytes, part: object) -> None:
        head, _, tail = data.partition(b"<sheetData>")
        part.write(head + b"<sheetData><!--")  # type: ignore[attr-defined]
        spaces = b" " * (1024 * 1024)
        for _ in range(400):
            part.write(spaces)  # type: ignore[attr-defined]
        part.write(b"-->" + tail)  # type: ignore[attr-defined]

    return _rewrite(_small_book(tmp_path / "small.xlsx"), tmp_path / "big.xlsx", sheet)


def _wide_csv(tmp_path: Path) -> Path:
    path = tmp_path / "wide.csv"
    path.write_text(
        ",".join(f"c{i}" for i in range(100_000)) + "\n" + ",".join("1" for _ in range(100_000)) + "\n",
        encoding="utf-8",
    )
    return path


_MEASURE = (
    "import sys, time\n"
    "from app.services.bulk_rows import read_rows, BulkInputError\n"
    "started = time.perf_counter()\n"
    "try:\n"
    "    table = read_rows(sys.argv[1]); print('read', len(table.rows))\n"
    "except BulkInputError as exc:\n"
    "    print('refused', exc)\n"
    "print('seconds', time.perf_counter() - started)\n"
    "print('peak_kb', [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')][0])\n"
)


@pytest.mark.parametrize("make", [_dimension_bomb, _unpacks_to_400_mb, _wide_csv], ids=lambda f: f.__name__)
def test_a_bomb_is_refused_in_bounded_time_and_memory(make, tmp_path: Path, capsys) -> None:
    path = make(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    seconds, peak = float(lines["seconds"]), int(lines["peak_kb"]) / 1024
    with capsys.disabled():
        print(
            f"\n{make.__name__} ({path.stat().st_size:,} bytes): {lines.get('refused') or lines.get('read')}"
            f" in {seconds:.2f} s, peak {peak:.0f} MB"
        )
    assert "refused" in lines and path.name in lines["refused"]
    assert seconds < 5 and peak < 200


def test_workbooks_that_used_to_raise_are_messages(tmp_path: Path) -> None:
    # no worksheet at all
    small = _small_book(tmp_path / "s.xlsx")
    no_sheet = tmp_path / "no-sheet.xlsx"
    with zipfile.ZipFile(small) as old, zipfile.ZipFile(no_sheet, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data)
            new.writestr(info.filename, data)
    # a sheet whose part is outside the package
    outside = tmp_path / "outside.xlsx"
    with zipfile.ZipFile(small) as old, zipfile.ZipFile(outside, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"worksheets/sheet1.xml", b"../../../elsewhere/sheet9.xml")
            new.writestr(info.filename, data)
    # a date-formatted cell that holds text
    dated = tmp_path / "dated.xlsx"

    def sheet(data: bytes, part: object) -> None:
        text = (
            data.decode().replace('<c r="C2"', '<c r="C2" t="d"').replace("<v>5000</v>", "<v>not a date</v>")
        )
        part.write(text.encode())  # type: ignore[attr-defined]

    _rewrite(small, dated, sheet)
    for path in (no_sheet, outside, dated):
        try:
            read_rows(path)
        except BulkInputError as exc:
            assert path.name in str(exc)
        # or it reads: either way no other exception escapes


def test_a_foreign_journal_is_a_message(tmp_path: Path, monkeypatch, capsys) -> None:
    foreign = tmp_path / "other.sqlite3"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY, title TEXT)")
        db.execute("CREATE TABLE rows (x TEXT)")
    rows = tmp_path / "rows.csv"
    rows.write_text("name,target,value\nRegion 1,monthly_sales,5000\n", encoding="utf-8")
    monkeypatch.setenv("TGB_PASSWORD", "secret-one")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    code = main(
        [
            "bulk",
            "--template",
            "monthly-spend",
            str(rows),
            "--profile",
            "Local sandbox",
            "--journal",
            str(foreign),
            "--yes",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert str(foreign) in err


def test_rows_files_are_read_quickly_at_the_limits(tmp_path: Path) -> None:
    """1,000 columns (the limit) and 100,000 rows still read; the header check is linear."""
    path = tmp_path / "limit.csv"
    path.write_text(
        ",".join(f"c{i}" for i in range(1_000)) + "\n" + ",".join("x" for _ in range(1_000)) + "\n"
    )
    started = time.perf_counter()
    table = read_rows(path)
    assert len(table.columns) == 1_000 and time.perf_counter() - started < 2
