"""Hostile documents for the fault campaign and the hostile suite: valid payloads, then broken at the
text level the way attackers and careless users break them."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from tests.domain.test_validation_fuzz import mutated_payloads

#: Pieces of JSON text that have crashed readers before (issue: lone surrogates, integers over
#: 4,300 digits, deep nesting, NaN/Infinity, numbers that overflow to infinity).
HOSTILE_VALUES = [
    '"\\ud800"',
    '"a\\udfffb"',
    "9" * 5000,
    "-" + "1" * 4400,
    "[" * 300 + "]" * 300,
    '{"a":' * 260 + "1" + "}" * 260,
    "NaN",
    "-Infinity",
    "1e400",
    '"\\u0000"',
    '"' + "x" * 100_000 + '"',
    "true",
    "null",
]


def _dump(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, allow_nan=True)


@st.composite
def hostile_texts(draw: st.DrawFn) -> bytes:
    """A payload file's bytes: a mutated payload, then maybe a hostile value, a cut or binary noise."""
    document = draw(mutated_payloads())
    text = _dump(document)
    action = draw(st.sampled_from(["as is", "hostile value", "hostile key", "cut", "noise", "bom", "deep"]))
    if action == "hostile value" and text.startswith("{") and len(text) > 2:
        text = text[:-1] + f', "extra{draw(st.integers(0, 9))}": {draw(st.sampled_from(HOSTILE_VALUES))}}}'
    elif action == "hostile key" and text.startswith("{"):
        text = '{"\\ud83d": 1, ' + text[1:] if len(text) > 2 else text
    elif action == "cut" and text:
        text = text[: draw(st.integers(0, len(text) - 1))]
    elif action == "deep":
        text = "[" * 100_000 + "]" * 100_000
    data = text.encode("utf-8", "surrogatepass")
    if action == "noise":
        position = draw(st.integers(0, len(data)))
        data = data[:position] + draw(st.binary(min_size=1, max_size=16)) + data[position:]
    elif action == "bom":
        data = b"\xef\xbb\xbf" + data
    return data
