"""Text from outside made safe for where it goes: a spreadsheet cell, a terminal.

Names and messages come from people and servers we do not control. A CSV cell starting with
``=``, ``+``, ``-`` or ``@`` is run as a formula when the file is opened in a spreadsheet
(``=HYPERLINK(…)``); an escape sequence printed to a terminal can retitle the window or clear the
screen. Every CSV the app writes goes through :func:`spreadsheet_safe` (and the rows reader
undoes it with :func:`spreadsheet_plain`), and every server text printed to a terminal through
:func:`terminal_safe`.
"""

from __future__ import annotations

import re
from typing import Any

#: A cell starting with one of these is read as a formula by spreadsheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def spreadsheet_safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, prefixed with ``'`` so it stays text.

    Numbers stay numbers (a negative number is data, not a formula).
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_plain(text: str) -> str:
    """The text :func:`spreadsheet_safe` was given (a cell read back from a CSV the app wrote)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def terminal_safe(value: object) -> str:
    """``value`` as text with control characters (escape sequences, bidi overrides) made visible
    as ``\\u001b``; inside JSON text that is the same character, escaped."""
    text = value if isinstance(value, str) else str(value)
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
