"""Reading target values typed or pasted by an operator (no Qt here, so it is easy to test).

Numbers come from people and spreadsheets, so a few spellings are accepted and
everything else is refused with a message that names the line and the text:

* ``500``, ``1.5``, ``-2``, ``+3``; surrounding spaces are ignored.
* A decimal comma, as European spreadsheets copy it: ``1,5`` is 1.5. A comma followed
  by exactly three digits (``1,000``) is refused as ambiguous: it could be a thousands
  separator or a decimal comma, and guessing wrong changes the value a thousandfold.
* No thousands separators, no currency signs, no ``nan``/``inf``, no empty value.

Pasted text has one value per line; a line with tabs is a spreadsheet row, of which
the first column is taken. Blank lines at the end (spreadsheets add one) are ignored.
"""

from __future__ import annotations

import math
import re

_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_COMMA_DECIMAL = re.compile(r"^[+-]?\d+,\d+$")
_AMBIGUOUS = re.compile(r"^[+-]?\d{1,3},\d{3}$")


class ValueTextError(ValueError):
    """Text that is not a target value; the message says why, in an operator's words."""


def parse_number(text: str) -> int | float:
    """One value as typed in a cell; whole numbers come back as ``int``.

    Raises:
        ValueTextError: the text is not a number this app accepts.
    """
    stripped = text.strip().replace("\u00a0", "")
    if not stripped:
        raise ValueTextError("The value is empty; enter a number such as 500.")
    if _AMBIGUOUS.match(stripped):
        raise ValueTextError(
            f"'{stripped}' is ambiguous (a thousands separator or a decimal comma?); "
            f"write {stripped.replace(',', '')} or {stripped.replace(',', '.')}."
        )
    if _COMMA_DECIMAL.match(stripped):
        stripped = stripped.replace(",", ".")
    if not _PLAIN.match(stripped):
        raise ValueTextError(f"'{text.strip()}' is not a number; use digits with . or , for decimals.")
    value = float(stripped)
    if math.isinf(value) or math.isnan(value):
        raise ValueTextError(f"'{text.strip()}' is too large.")
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def parse_column(text: str) -> list[int | float]:
    """The values of a pasted column, first to last.

    Raises:
        ValueTextError: a line is not a number (the message names the line, counted from 1);
            nothing is returned in that case, so the caller changes nothing.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise ValueTextError("The clipboard holds no values; copy a column of numbers first.")
    values: list[int | float] = []
    for number, line in enumerate(lines, start=1):
        cell = line.split("\t", 1)[0]
        try:
            values.append(parse_number(cell))
        except ValueTextError as exc:
            raise ValueTextError(f"Line {number}: {exc} Nothing was pasted.") from None
    return values


def format_number(value: int | float | None) -> str:
    """A value as the grid shows it (no exponent, no trailing ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)
