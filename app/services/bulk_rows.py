"""Reading a bulk run's rows: CSV (any delimiter, UTF-8 with or without a BOM) or XLSX (openpyxl).

The first non-empty row holds the column names; every later row is a dict column -> text, with
its spreadsheet row number (the header is row 1 when it is the first line). Cells are read as an
operator sees them: dates as ISO dates (``2027-01-01``; a date-time keeps its time), whole numbers
without ``.0``. Empty rows are skipped and said so.
"""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from app.services.payload_files import read_bytes_limited
from app.services.safe_text import spreadsheet_plain, spreadsheet_safe

#: A row file larger than this is refused (about a million cells of CSV).
MAX_ROWS_BYTES = 64 * 1024 * 1024
MAX_ROWS = 100_000
#: Columns a row file may have (a template has a few dozen blanks at most).
MAX_COLUMNS = 1_000
#: What an XLSX file may unpack to, whatever its zipped size (its parts' declared sizes, which
#: the zip reader holds each part to).
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
_DELIMITERS = ",;\t|"


class BulkInputError(ValueError):
    """The row file cannot be read; the message names the file and the fault."""


@dataclass
class RowTable:
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]
    empty_rows: list[int] = field(default_factory=list)
    delimiter: str | None = None
    sheets: list[str] = field(default_factory=list)  # an XLSX file's sheets, in order


def read_rows(path: str | os.PathLike[str], sheet: str | None = None) -> RowTable:
    """The rows of a CSV or XLSX file.

    Raises:
        BulkInputError: the file cannot be read, or has no header row.
    """
    name = str(path)
    try:
        data = read_bytes_limited(path, MAX_ROWS_BYTES, "row files")
    except Exception as exc:  # PayloadFileError and OS errors: the message says what
        raise BulkInputError(str(exc)) from None
    if data[:2] == b"PK" or Path(name).suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx(name, data, sheet)
    if sheet is not None:
        raise BulkInputError(f"{name}: --sheet is for XLSX files; this one is read as CSV.")
    return _csv(name, data)


def _csv(name: str, data: bytes) -> RowTable:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BulkInputError(
            f"{name}: is not UTF-8 text (bad byte at offset {exc.start}); save it as CSV UTF-8."
        ) from None
    if "\x00" in text:
        raise BulkInputError(
            f"{name}: holds NUL characters; is it a spreadsheet saved as something else than CSV?"
        )
    sample = text[:20_000]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        delimiter = max(_DELIMITERS, key=lambda d: sample.split("\n", 1)[0].count(d))
        if sample.split("\n", 1)[0].count(delimiter) == 0:
            delimiter = ","
    first_line = text.split("\n", 1)[0]
    if first_line.count(delimiter) >= MAX_COLUMNS:
        raise BulkInputError(
            f"{name}: the header row has more than {MAX_COLUMNS:,} columns; a row file has one column "
            "per blank to fill."
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        lines = list(_limited(reader, name))
    except csv.Error as exc:
        raise BulkInputError(f"{name}: is not CSV the app can read ({exc}).") from None
    table = _table(name, ((number, cells) for number, cells in enumerate(lines, start=1)))
    table.delimiter = delimiter
    return table


def _limited(rows: Iterable[list[str]], name: str) -> Iterable[list[str]]:
    for count, row in enumerate(rows, start=1):
        if count > MAX_ROWS + 1:
            raise BulkInputError(f"{name}: has more than {MAX_ROWS:,} rows; split it.")
        yield row


def _xlsx(name: str, data: bytes, sheet: str | None) -> RowTable:
    try:
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError:  # pragma: no cover - a dependency of the app
        raise BulkInputError(f"{name}: reading XLSX needs openpyxl, which is not installed.") from None
    _check_unpacked(name, data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError, TypeError) as exc:
        raise BulkInputError(f"{name}: is not an XLSX workbook the app can read ({exc}).") from None
    except Exception as exc:  # zip or XML damage surfaces as many exception types
        raise BulkInputError(f"{name}: is a damaged XLSX file ({type(exc).__name__}: {exc}).") from None
    try:
        if sheet is not None:
            if sheet not in book.sheetnames:
                raise BulkInputError(
                    f"{name}: has no sheet '{sheet}' (it has: {', '.join(book.sheetnames)})."
                )
            worksheet = book[sheet]
        elif not book.worksheets:
            raise BulkInputError(f"{name}: has no worksheet.")
        else:
            worksheet = book.worksheets[0]
        # The sheet's own <dimension> may claim A1:XFD1048576: read what its rows hold instead
        # (with no dimension, a gap between rows comes as one empty tuple per missing row).
        if hasattr(worksheet, "reset_dimensions"):
            worksheet.reset_dimensions()
        rows: list[tuple[int, list[str]]] = []
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + 1:
                raise BulkInputError(f"{name}: has more than {MAX_ROWS:,} rows; split it.")
            if not values:
                rows.append((number, []))
                continue
            if len(values) > MAX_COLUMNS and values[MAX_COLUMNS] not in (None, ""):
                raise BulkInputError(f"{name}: row {number} has more than {MAX_COLUMNS:,} columns.")
            rows.append((number, [_cell(v) for v in values[:MAX_COLUMNS]]))
        sheets = list(book.sheetnames)
    except BulkInputError:
        raise
    except Exception as exc:  # a part missing or outside the package, a date cell holding text...
        raise BulkInputError(f"{name}: is a damaged XLSX file ({type(exc).__name__}: {exc}).") from None
    finally:
        book.close()
    table = _table(name, iter(rows))
    table.sheets = sheets
    return table


def _check_unpacked(name: str, data: bytes) -> None:
    """Refuse a workbook whose parts unpack to more than :data:`MAX_UNPACKED_BYTES`."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BulkInputError(f"{name}: is not an XLSX workbook the app can read ({exc}).") from None
    if total > MAX_UNPACKED_BYTES:
        raise BulkInputError(
            f"{name}: unpacks to {total / 2**20:,.0f} MB, more than the {MAX_UNPACKED_BYTES // 2**20} MB "
            "a row file may hold; save the rows alone, or as CSV."
        )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(name: str, lines: Iterable[tuple[int, list[str]]]) -> RowTable:
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    empty: list[int] = []
    for number, cells in lines:
        if not any(cell.strip() for cell in cells):
            if header is not None:
                empty.append(number)
            continue
        if header is None:
            header = [spreadsheet_plain(cell.strip()) for cell in cells]
            if len(header) > MAX_COLUMNS:
                raise BulkInputError(f"{name}: the header row has more than {MAX_COLUMNS:,} columns.")
            counts = Counter(header)
            repeated = {c for c, n in counts.items() if c and n > 1}
            if repeated:
                raise BulkInputError(
                    f"{name}: the column(s) {', '.join(sorted(repeated))} appear twice in the header row."
                )
            continue
        padded = list(cells) + [""] * (len(header) - len(cells))
        extra = [c for c in padded[len(header) :] if c.strip()]
        if extra:
            raise BulkInputError(f"{name}: row {number} has more cells than the header has columns.")
        rows.append(
            (
                number,
                {column: spreadsheet_plain(padded[i].strip()) for i, column in enumerate(header) if column},
            )
        )
    if header is None:
        raise BulkInputError(f"{name}: has no header row (the first row names the columns).")
    return RowTable([c for c in header if c], rows, empty)


def write_rows_csv(path: str | os.PathLike[str], columns: list[str], rows: Iterable[dict[str, str]]) -> None:
    """Write rows as CSV UTF-8 (with a BOM, so spreadsheet apps read it as UTF-8), atomically;
    cells a spreadsheet would run as formulas are kept as text (read back as they were).

    Raises:
        OSError: the file cannot be written.
    """
    from app.atomic_write import write_text_atomic

    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(column) for column in columns])
    for cells in rows:
        writer.writerow([spreadsheet_safe(cells.get(column, "")) for column in columns])
    write_text_atomic(path, "\ufeff" + out.getvalue())
