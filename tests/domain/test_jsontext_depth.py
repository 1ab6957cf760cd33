"""jsontext.parse reads nesting from the text (brackets inside strings aside) and refuses deeper than
MAX_DEPTH exactly as a walk of the value would, whatever the strings hold."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.jsontext import MAX_DEPTH, JsonTextError, parse

tricky_text = st.text(alphabet='[]{}"\\\\ab\u00e9\n', max_size=12)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | tricky_text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(tricky_text, children, max_size=3),
    max_leaves=10,
)


def walk_depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((walk_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((walk_depth(v) for v in value), default=0)
    return 0


def nested(value: Any, levels: int) -> Any:
    for n in range(levels):
        value = [value] if n % 2 else {"k": value}
    return value


@settings(max_examples=200, deadline=None)
@given(json_values, st.integers(min_value=MAX_DEPTH - 6, max_value=MAX_DEPTH + 3))
def test_depth_from_the_text_agrees_with_a_walk(inner: Any, levels: int) -> None:
    value = nested(inner, levels)
    text = json.dumps(value, ensure_ascii=False)
    if walk_depth(value) > MAX_DEPTH:
        with pytest.raises(JsonTextError, match="nests more than"):
            parse(text)
    else:
        assert parse(text).value == value


def test_brackets_inside_strings_do_not_count() -> None:
    text = json.dumps({"name": "[" * 500 + '\\"{' * 200, "list": [["]]]]"]]})
    assert parse(text).value["list"] == [["]]]]"]]
