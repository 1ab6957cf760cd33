"""JSON text as the API can carry it: parsed with limits, so no document can crash or hang a reader.

``json.loads`` accepts what the API's JSON cannot carry (NaN, Infinity, numbers like 1e400 that
become infinity, lone surrogate escapes that cannot be encoded again) and fails with exceptions
that are not syntax errors (RecursionError for deep nesting, ValueError for integers of more
than 4,300 digits). :func:`parse` turns each into a :class:`JsonTextError` that says what is wrong
and where, and reports keys given twice in one object (JSON readers keep the last one).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

#: Deepest nesting accepted. Payloads nest about 8 levels (promotions about 20); the limit keeps
#: every later step (validation, serialisation at 255) far from its own recursion limit.
MAX_DEPTH = 100
#: Python refuses to convert longer integers to and from text (sys.get_int_max_str_digits()).
MAX_INT_DIGITS = 4300


class JsonTextError(ValueError):
    """The text is not JSON the API can carry. ``line``/``column`` are 1-based where known."""

    def __init__(self, reason: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.column = column


@dataclass
class ParsedJson:
    value: Any
    #: (wire path of the object, key) for every key given more than once.
    duplicate_keys: list[tuple[str, str]] = field(default_factory=list)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
#: An exponent of three or more digits may overflow a float to infinity.
_BIG_EXPONENT = re.compile(r"[0-9][eE][+-]?[0-9]{3,}")
#: A JSON string (the text is known to be valid JSON when this is used), and what is not a bracket.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


class _NonFinite(ValueError):
    pass


def _no_constant(name: str) -> Any:
    raise _NonFinite(name)


def parse(text: str, find_duplicates: bool = True) -> ParsedJson:
    """Parse ``text`` within the limits above.

    ``find_duplicates=False`` for a text whose repeated keys do not matter (a server's answer: the
    last one wins, as everywhere): it is read by the C decoder alone, several times faster.

    Raises:
        JsonTextError: not JSON, or JSON the API cannot carry; the reason names the fault.
    """
    duplicates: dict[int, list[str]] = {}

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(items)
        if len(obj) != len(items):
            counts = Counter(key for key, _ in items)
            duplicates[id(obj)] = [key for key, count in counts.items() if count > 1]
        return obj

    try:
        if find_duplicates:
            value = json.loads(text, parse_constant=_no_constant, object_pairs_hook=pairs)
        else:
            value = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        what = exc.msg.removesuffix(" at")  # "Unterminated string starting at" + "at line 3"
        raise JsonTextError(
            f"is not valid JSON: {what} at line {exc.lineno}, column {exc.colno}.", exc.lineno, exc.colno
        ) from None
    except _NonFinite as exc:
        raise JsonTextError(f"holds {exc}, which the API's JSON cannot carry; write a number.") from None
    except RecursionError:
        raise JsonTextError(f"nests more than {MAX_DEPTH} levels deep; payloads nest far less.") from None
    except ValueError as exc:
        if "integer string conversion" in str(exc):
            raise JsonTextError(
                f"holds a number with more than {MAX_INT_DIGITS} digits, which cannot be read."
            ) from None
        raise JsonTextError(f"cannot be read as JSON: {exc}.") from None
    if _plainly_fine(text, value):
        if not duplicates:
            return ParsedJson(value, [])
        return ParsedJson(value, _duplicates_only(value, duplicates))
    found = check_value(value, duplicates)
    return ParsedJson(value, found)


def _plainly_fine(text: str, value: Any) -> bool:
    """Whether ``value`` can be kept without the full walk: its text has no surrogate (escaped or
    not), no number reads as infinity, and it nests within the limit. Each test is a fast scan;
    anything doubtful goes through :func:`check_value`, which names the fault and its path."""
    if _SURROGATE_ESCAPE.search(text):
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    if ("e" in text or "E" in text) and _BIG_EXPONENT.search(text):
        return False  # 1e400 reads as infinity
    return _text_depth(text) <= MAX_DEPTH


def _text_depth(text: str) -> int:
    """How deep brackets nest in valid JSON ``text`` (those inside strings aside), or the count of
    opening brackets when that is already within the limit: scans at C speed in place of a walk of
    the parsed value."""
    opening = text.count("{") + text.count("[")
    if opening <= MAX_DEPTH:
        return opening
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(1 if c in "[{" else -1 for c in brackets), default=0)


def _duplicates_only(value: Any, duplicates: dict[int, list[str]]) -> list[tuple[str, str]]:
    """The paths of the objects that repeat keys (the walk of :func:`check_value`, for those only)."""
    found: list[tuple[str, str]] = []
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            if id(node) in duplicates:
                found.extend((path, key) for key in duplicates[id(node)])
            stack.extend(
                (child, f"{path}.{key}" if path else key)
                for key, child in node.items()
                if isinstance(child, dict | list)
            )
        elif isinstance(node, list):
            stack.extend(
                (child, f"{path}[{i}]") for i, child in enumerate(node) if isinstance(child, dict | list)
            )
    found.sort()
    return found


def check_value(value: Any, duplicates: dict[int, list[str]] | None = None) -> list[tuple[str, str]]:
    """Walk a parsed document (without recursion): depth, strings that cannot be encoded, non-finite
    numbers. Returns the duplicate keys found (``duplicates`` maps object ids to their repeated keys).

    Raises:
        JsonTextError: the first fault found, with its path.
    """
    found: list[tuple[str, str]] = []
    stack: list[tuple[Any, str, int]] = [(value, "", 1)]
    while stack:
        node, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise JsonTextError(f"nests more than {MAX_DEPTH} levels deep (at {_short(path)}).")
        if isinstance(node, dict):
            if duplicates and id(node) in duplicates:
                found.extend((path, key) for key in duplicates[id(node)])
            for key, child in node.items():
                _check_text(key, path, "a key")
                stack.append((child, f"{path}.{key}" if path else key, depth + 1))
        elif isinstance(node, list):
            stack.extend((child, f"{path}[{i}]", depth + 1) for i, child in enumerate(node))
        elif isinstance(node, str):
            _check_text(node, path, "the text")
        elif isinstance(node, float) and not math.isfinite(node):
            raise JsonTextError(
                f"holds a number too large to carry at {_short(path)} (it reads as infinity)."
            )
    found.sort()
    return found


def _short(path: str) -> str:
    """A path for a message: the start and the end of a very long one."""
    if not path:
        return "the top"
    return path if len(path) <= 80 else f"{path[:40]}…{path[-30:]}"


def _check_text(text: str, path: str, what: str) -> None:
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(text[exc.start])
        raise JsonTextError(
            f"holds a lone surrogate escape (\\u{code:04x}) in {what} at {_short(path)}; "
            "it is not a character and cannot be sent."
        ) from None


def dumps_checked(value: Any, indent: int | None = 2) -> str:
    """JSON text for ``value``, refusing anything that would not be valid JSON (NaN, Infinity)."""
    try:
        return json.dumps(value, indent=indent, ensure_ascii=False, allow_nan=False)
    except ValueError as exc:
        raise JsonTextError(f"cannot be written as JSON: {exc}.") from None


def compact(value: Any) -> str:
    """``value`` as compact JSON text (no spaces), as history and the journal keep it and requests carry it."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def content_hash(value: Any) -> str:
    """The same hash for the same JSON content, whatever the key order or spacing."""
    canonical = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_FRACTION = re.compile(r"[0-9][.eE]")


def has_fraction(text: str) -> bool:
    """Whether valid JSON ``text`` holds a number with a fraction or an exponent (read as a float,
    which may be written back differently); digits inside strings (a date's milliseconds) do not count."""
    return _FRACTION.search(_STRING.sub("", text)) is not None
