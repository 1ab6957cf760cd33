"""Row files as operators save them: any delimiter, a BOM, XLSX with dates and numbers as cells,
empty rows, odd headers. Each ends as rows or as a clear message naming the file."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from app.services.bulk_rows import BulkInputError, read_rows


def write(tmp_path: Path, text: str, name: str = "rows.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_any_delimiter(tmp_path: Path, delimiter: str) -> None:
    text = delimiter.join(["name", "value"]) + "\n" + delimiter.join(["North, East", "5000"]) + "\n"
    if delimiter == ",":
        text = 'name,value\n"North, East",5000\n'
    table = read_rows(write(tmp_path, text))
    assert table.columns == ["name", "value"]
    assert table.rows == [(2, {"name": "North, East", "value": "5000"})]


def test_a_bom_and_windows_line_ends(tmp_path: Path) -> None:
    table = read_rows(write(tmp_path, "\ufeffname;value\r\nNorth;1\r\n"))
    assert table.columns == ["name", "value"] and table.rows[0][1] == {"name": "North", "value": "1"}


def test_empty_rows_are_skipped_and_said(tmp_path: Path) -> None:
    table = read_rows(write(tmp_path, "name,value\n\nA,1\n,\nB,2\n"))
    assert [n for n, _ in table.rows] == [3, 5]
    assert table.empty_rows == [2, 4]


def test_short_rows_are_padded_and_long_ones_refused(tmp_path: Path) -> None:
    assert read_rows(write(tmp_path, "name,value,x\nA,1\n")).rows[0][1] == {
        "name": "A",
        "value": "1",
        "x": "",
    }
    with pytest.raises(BulkInputError, match="row 2 has more cells"):
        read_rows(write(tmp_path, "name,value\nA,1,extra\n"))


@pytest.mark.parametrize(
    ("text", "encoding", "message"),
    [
        ("", "utf-8", "no header row"),
        ("name,name\nA,B\n", "utf-8", "appear twice"),
        ("name,value\nZürich,1\n", "latin-1", "not UTF-8"),
    ],
)
def test_files_that_cannot_be_read_say_why(tmp_path: Path, text: str, encoding: str, message: str) -> None:
    with pytest.raises(BulkInputError, match=message):
        read_rows(write(tmp_path, text, encoding=encoding))


def test_a_missing_file_and_a_folder(tmp_path: Path) -> None:
    with pytest.raises(BulkInputError):
        read_rows(tmp_path / "nope.csv")
    with pytest.raises(BulkInputError):
        read_rows(tmp_path)


def test_xlsx_with_dates_and_numbers_as_cells(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Regions"
    sheet.append(["name", "start", "value", "cycles"])
    sheet.append(["North", date(2027, 1, 1), 5000, 12.0])
    sheet.append([None, None, None, None])
    sheet.append(["South", datetime(2027, 2, 1, 9, 30), 2.5, 3])
    other = book.create_sheet("Other")
    other.append(["name"])
    other.append(["Elsewhere"])
    path = tmp_path / "rows.xlsx"
    book.save(path)
    table = read_rows(path)
    assert table.columns == ["name", "start", "value", "cycles"]
    assert table.rows == [
        (2, {"name": "North", "start": "2027-01-01", "value": "5000", "cycles": "12"}),
        (4, {"name": "South", "start": "2027-02-01T09:30:00", "value": "2.5", "cycles": "3"}),
    ]
    assert table.empty_rows == [3]
    assert read_rows(path, sheet="Other").rows == [(2, {"name": "Elsewhere"})]
    with pytest.raises(BulkInputError, match=r"no sheet .Nope.*Regions, Other"):
        read_rows(path, sheet="Nope")


def test_a_damaged_xlsx_says_so(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(BulkInputError, match=r"broken\.xlsx"):
        read_rows(path)
